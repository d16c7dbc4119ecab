"""A SPARQL 1.1 endpoint over the store: Protocol (GET/POST), Graph Store reads, a small HTML page.

Design: the HTTP side is the stdlib ``ThreadingHTTPServer`` (no dependency, enough for a local
endpoint); queries run in a small pool of worker *processes*, each holding the store open
read-only. A process can be killed, so a query past the timeout is really cancelled (a thread
could not be), and the worker is replaced. Updates (only with ``--update-token``) run in the
server process on a writable handle; the workers are then recycled to see the new state.

Paths: ``/query`` (alias ``/sparql``) for queries, ``/update`` for updates, ``/store`` for the
Graph Store Protocol (``?graph=IRI`` or ``?default``), ``/`` for the HTML page.
"""
from __future__ import annotations

import hmac
import multiprocessing as mp
import queue
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import MapperError
from .negotiate import choose_format

MAX_REQUEST_BYTES = 10_000_000


@dataclass(frozen=True)
class ServeConfig:
    store_dir: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0               # seconds per query
    max_result_bytes: int = 50_000_000
    workers: int = 2
    update_token: str | None = None     # None: read-only endpoint


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


# -- worker processes ---------------------------------------------------------------------------
def _worker_main(store_dir: str, conn, max_bytes: int) -> None:
    """Worker loop: open the store read-only, answer jobs until the pipe closes."""
    import pyoxigraph as ox

    from .query import ResultTooLarge, render_result, result_kind, run_sparql

    try:
        store = ox.Store.read_only(store_dir)
    except (OSError, RuntimeError) as err:
        store = None
        open_error = f"cannot open store {store_dir}: {err}"
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if store is None:
            conn.send(("err", 500, open_error))
            continue
        try:
            conn.send(_run_job(ox, store, job, max_bytes, render_result, result_kind, run_sparql))
        except ResultTooLarge as err:
            conn.send(("err", 413, str(err)))
        except MapperError as err:
            conn.send(("err", 400, str(err)))
        except Exception as err:  # a bug or a store failure: report, keep serving
            conn.send(("err", 500, f"{type(err).__name__}: {err}"))


def _run_job(ox, store, job, max_bytes, render_result, result_kind, run_sparql):
    op = job[0]
    if op == "query":
        _, sparql, accept, override, default_graphs, named_graphs = job
        kwargs = {}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = store.query(sparql, use_default_graph_as_union=not default_graphs, **kwargs)
        except SyntaxError as err:
            return ("err", 400, f"malformed SPARQL: {err}")
        except ValueError as err:
            return ("err", 400, str(err))
        fmt = choose_format(result_kind(result), accept, override)
        if fmt is None:
            return ("err", 406, f"cannot answer a {result_kind(result).upper()} query with {accept!r}")
        out = render_result(result, fmt, max_bytes)
        return ("ok", out.media_type, out.data)
    if op == "graph":
        _, graph, accept, override = job
        fmt = choose_format("graph", accept, override)
        if fmt is None:
            return ("err", 406, f"cannot serve a graph as {accept!r}")
        from .formats import rdf_format

        rdf = rdf_format(fmt)
        if graph is None:
            source = ox.DefaultGraph()
        else:
            source = ox.NamedNode(graph)
            if not store.contains_named_graph(source):
                return ("err", 404, f"no graph <{graph}> in the store")
        quads = store.quads_for_pattern(None, None, None, source)
        items = quads if rdf.supports_datasets else (q.triple for q in quads)
        from .query import _CappedBuffer

        sink = _CappedBuffer(max_bytes)
        ox.serialize(items, sink, format=rdf)
        return ("ok", rdf.media_type, bytes(sink.buf))
    return ("err", 400, f"unknown job {op!r}")


class _Worker:
    def __init__(self, ctx, store_dir: Path, max_bytes: int, generation: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(str(store_dir), child, max_bytes), daemon=True)
        self.proc.start()
        child.close()
        self.generation = generation

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query processes; a job that overruns kills its worker and replaces it."""

    def __init__(self, store_dir: Path, size: int, timeout: float, max_bytes: int) -> None:
        self.ctx = mp.get_context("spawn")
        self.store_dir, self.timeout, self.max_bytes = store_dir, timeout, max_bytes
        self.generation = 0
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.closed = False
        for _ in range(max(1, size)):
            self.idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        return _Worker(self.ctx, self.store_dir, self.max_bytes, self.generation)

    def run(self, job: tuple) -> Reply:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return _text(503, "all query workers are busy; try again")
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                worker.kill()
                worker = self._spawn()
                return _text(503, f"query cancelled: it ran longer than the {self.timeout:g} s timeout")
            status, *rest = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            worker = self._spawn()
            return _text(500, "query worker died; it has been restarted")
        finally:
            if worker.generation != self.generation and not self.closed:
                worker.kill()
                worker = self._spawn()
            if self.closed:
                worker.kill()
            else:
                self.idle.put(worker)
        if status == "ok":
            return Reply(200, rest[0], rest[1])
        return _text(rest[0], rest[1])

    def recycle(self) -> None:
        """After an update: idle workers are replaced now, busy ones when they come back."""
        with self.lock:
            self.generation += 1
            stale = []
            while True:
                try:
                    stale.append(self.idle.get_nowait())
                except queue.Empty:
                    break
            for w in stale:
                w.kill()
                self.idle.put(self._spawn())

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                break


# -- HTTP ---------------------------------------------------------------------------------------
class Endpoint:
    """Everything a request handler needs: config, worker pool, optional writable store."""

    def __init__(self, cfg: ServeConfig) -> None:
        from .store import open_store

        self.cfg = cfg
        if cfg.update_token:
            self.writer = open_store(cfg.store_dir)          # holds the lock: no other writer
        else:
            self.writer = None
            open_store(cfg.store_dir, read_only=True).close()  # fail early, one line, if unusable
        self.pool = WorkerPool(cfg.store_dir, cfg.workers, cfg.timeout, cfg.max_result_bytes)
        self.write_lock = threading.Lock()

    def authorized(self, header: str | None) -> bool:
        if not self.cfg.update_token or not header or not header.startswith("Bearer "):
            return False
        return hmac.compare_digest(header[7:].strip().encode(), self.cfg.update_token.encode())

    def update(self, sparql: str) -> Reply:
        with self.write_lock:
            try:
                self.writer.raw.update(sparql)
            except SyntaxError as err:
                return _text(400, f"malformed SPARQL update: {err}")
            except OSError as err:
                return _text(500, f"update failed: {err}")
            self.writer.raw.flush()
        self.pool.recycle()
        return Reply(204, "text/plain", b"")

    def put_graph(self, graph: str | None, body: bytes, content_type: str) -> Reply:
        from .formats import rdf_format_for_media_type

        fmt = rdf_format_for_media_type(content_type.split(";")[0].strip() or "text/turtle")
        if fmt is None:
            return _text(415, f"unsupported RDF media type {content_type!r}")
        from .store import parse_rdf

        try:
            quads = parse_rdf(body, fmt, "<request body>")
        except MapperError as err:
            return _text(400, str(err))
        if graph is None:
            return _text(400, "PUT needs ?graph=IRI (the default graph is not writable here)")
        with self.write_lock:
            self.writer.replace_graphs({graph: [q.triple for q in quads]}, "<request body>")
        self.pool.recycle()
        return Reply(204, "text/plain", b"")

    def close(self) -> None:
        self.pool.close()
        if self.writer is not None:
            self.writer.close()


class Handler(BaseHTTPRequestHandler):
    server_version = "xbrl-mapper-sparql/1"
    protocol_version = "HTTP/1.1"
    endpoint: Endpoint  # set on the subclass built by make_server

    def log_message(self, fmt: str, *args) -> None:  # quiet: errors only
        if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
            sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    # -- plumbing --
    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._send(_text(413, "request body too large"))
            return None
        return self.rfile.read(length) if length else b""

    def _params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)

    # -- verbs --
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        params = self._params()
        if path == "/":
            self._send(Reply(200, "text/html; charset=utf-8", HTML_PAGE.encode("utf-8")))
        elif path in ("/query", "/sparql"):
            if "query" not in params:
                if "update" in params:
                    self._send(_text(405, "updates must be POSTed"))
                else:
                    self._send(_text(400, "missing 'query' parameter"))
                return
            self._query(params["query"][0], params)
        elif path == "/store":
            self._graph(params)
        else:
            self._send(_text(404, f"no such path {path!r}; try /, /query, /store"))

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        params = self._params()
        body = self._body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        if path in ("/query", "/sparql", "/update"):
            if ctype == "application/sparql-update" or "update" in params:
                text = body.decode("utf-8", "replace") if ctype == "application/sparql-update" else params["update"][0]
                self._update(text)
            elif ctype == "application/sparql-query":
                self._query(body.decode("utf-8", "replace"), params)
            elif "query" in params and path != "/update":
                self._query(params["query"][0], params)
            else:
                self._send(_text(400, "POST a query (application/sparql-query or form field 'query')"))
        elif path == "/store":
            self._write_graph("POST", params, body)
        else:
            self._send(_text(404, f"no such path {path!r}"))

    def do_PUT(self) -> None:
        body = self._body()
        if body is not None:
            self._write_graph("PUT", self._params(), body)

    def do_DELETE(self) -> None:
        self._write_graph("DELETE", self._params(), b"")

    # -- operations --
    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        override = (params.get("format") or [None])[0]
        job = ("query", sparql, self.headers.get("Accept"), override,
               params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        self._send(self.endpoint.pool.run(job))

    def _graph(self, params: dict[str, list[str]]) -> None:
        if "graph" in params:
            graph = params["graph"][0]
        elif "default" in params:
            graph = None
        else:
            self._send(_text(400, "give ?graph=IRI or ?default"))
            return
        self._send(self.endpoint.pool.run(("graph", graph, self.headers.get("Accept"),
                                           (params.get("format") or [None])[0])))

    def _refuse_write(self) -> bool:
        if not self.endpoint.cfg.update_token:
            self._send(_text(403, "read-only endpoint (start `xbrl-mapper serve --update-token TOKEN` "
                                  "to accept updates)"))
            return True
        if not self.endpoint.authorized(self.headers.get("Authorization")):
            self._send(_text(403, "updates need 'Authorization: Bearer TOKEN'"))
            return True
        return False

    def _update(self, text: str) -> None:
        if not self._refuse_write():
            self._send(self.endpoint.update(text))

    def _write_graph(self, verb: str, params: dict[str, list[str]], body: bytes) -> None:
        if self._refuse_write():
            return
        graph = params.get("graph", [None])[0]
        if verb == "PUT":
            self._send(self.endpoint.put_graph(graph, body, self.headers.get("Content-Type") or ""))
        elif verb == "DELETE" and graph:
            with self.endpoint.write_lock:
                if not self.endpoint.writer.has_graph(graph):
                    self._send(_text(404, f"no graph <{graph}>"))
                    return
                self.endpoint.writer.drop(graph)
            self.endpoint.pool.recycle()
            self._send(Reply(204, "text/plain", b""))
        else:
            self._send(_text(405, f"{verb} on the graph store is not supported here (use PUT or DELETE "
                                  "with ?graph=IRI)"))


def make_server(cfg: ServeConfig) -> tuple[ThreadingHTTPServer, Endpoint]:
    endpoint = Endpoint(cfg)
    handler = type("BoundHandler", (Handler,), {"endpoint": endpoint})
    try:
        server = ThreadingHTTPServer((cfg.host, cfg.port), handler)
    except OSError as err:
        endpoint.close()
        raise MapperError(f"cannot listen on {cfg.host}:{cfg.port}: {err.strerror or err}") from None
    server.daemon_threads = True
    return server, endpoint


class BackgroundServer:
    """The endpoint in a background thread (tests, benchmarks): ``with BackgroundServer(cfg) as s: s.url``."""

    def __init__(self, cfg: ServeConfig) -> None:
        self.server, self.endpoint = make_server(cfg)
        host, port = self.server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "BackgroundServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.endpoint.close()


def serve_forever(cfg: ServeConfig) -> int:
    server, endpoint = make_server(cfg)
    host, port = server.server_address[:2]
    mode = "read-write with token" if cfg.update_token else "read-only"
    print(f"serving {cfg.store_dir} ({mode}) at http://{host}:{port}/  "
          f"(SPARQL: /query, graph store: /store; Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        endpoint.close()
    return 0


HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xbrl-mapper SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:14em;font-family:monospace;font-size:13px}
table{border-collapse:collapse;margin-top:1em;font-size:13px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#eee}#status{margin-left:1em;color:#555}pre{background:#f6f6f6;padding:.5em}
</style></head><body>
<h1>xbrl-mapper SPARQL endpoint</h1>
<p>Query the mapped documents and the taxonomy. Protocol endpoint: <code>/query</code>;
graphs: <code>/store?graph=IRI</code>. Named graphs are also the default graph (union).</p>
<form id="f"><textarea id="q" spellcheck="false">PREFIX xm: <https://w3id.org/xbrl-mapper/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?line ?concept WHERE {
  ?l a xm:LineItem ; rdfs:label ?line ; skos:exactMatch|skos:closeMatch|skos:broadMatch ?concept .
} LIMIT 100</textarea><br>
<button type="submit">Run</button><span id="status"></span></form>
<div id="out"></div>
<script>
const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
document.getElementById('f').addEventListener('submit', async ev => {
  ev.preventDefault();
  const out = document.getElementById('out'), st = document.getElementById('status');
  st.textContent = 'running...'; out.innerHTML = '';
  const t0 = performance.now();
  const r = await fetch('query', {method: 'POST', headers: {'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}, body: document.getElementById('q').value});
  const ms = Math.round(performance.now() - t0);
  const text = await r.text();
  if (!r.ok) { st.textContent = 'HTTP ' + r.status; out.innerHTML = '<pre>' + esc(text) + '</pre>'; return; }
  if (!(r.headers.get('Content-Type') || '').includes('json')) {
    st.textContent = ms + ' ms'; out.innerHTML = '<pre>' + esc(text) + '</pre>'; return; }
  const j = JSON.parse(text);
  if ('boolean' in j) { st.textContent = ms + ' ms'; out.innerHTML = '<pre>' + j.boolean + '</pre>'; return; }
  const vars = j.head.vars, rows = j.results.bindings;
  st.textContent = rows.length + ' rows, ' + ms + ' ms';
  out.innerHTML = '<table><tr>' + vars.map(v => '<th>' + esc(v) + '</th>').join('') + '</tr>' +
    rows.map(b => '<tr>' + vars.map(v => '<td>' + (b[v] ? esc(b[v].value) : '') + '</td>').join('') + '</tr>').join('') +
    '</table>';
});
</script></body></html>
"""
