"""push / query --endpoint against a real Oxigraph server started on 127.0.0.1 (and our own endpoint)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mapper.cli import main
from mapper.errors import MapperError
from mapper.store.remote import push_store, query_endpoint
from mapper.config import REPO_ROOT
from mapper.store.store import DOC_PREFIX, load_rdf_text
from test_store import doc_nq

QUERIES = REPO_ROOT / "examples" / "queries"

DOC = DOC_PREFIX + "c" * 64
DOC2 = DOC_PREFIX + "d" * 64


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph() -> str:
    exe = Path(sys.executable).with_name("oxigraph")
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the oxigraph server binary (PyPI package `oxigraph`) is not installed")
    return found


@pytest.fixture
def oxigraph_server(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([_oxigraph(), "serve", "--location", str(tmp_path / "ox"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()[:500]}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


def test_push_then_query_remote(tmp_path, oxigraph_server, capsys):
    store = tmp_path / "store"
    load_rdf_text(store, doc_nq(DOC), "nq")
    load_rdf_text(store, doc_nq(DOC2, value="250"), "nq")
    reports = push_store(store, f"{oxigraph_server}/store")
    assert [(r.graph, r.triples) for r in reports] == [(DOC, 7), (DOC2, 7)]
    assert all(200 <= r.status < 300 for r in reports)
    # pushing again replaces (PUT), it does not duplicate
    assert main(["push", "--endpoint", f"{oxigraph_server}/store", "--store", str(store), "--graph", DOC2]) == 0
    assert "pushed <" in capsys.readouterr().out
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert main(["query", "--endpoint", f"{oxigraph_server}/query", "--format", "csv", count]) == 0
    assert capsys.readouterr().out.splitlines() == ["g,n", f"{DOC},7", f"{DOC2},7"]
    assert bool(query_endpoint(f"{oxigraph_server}/query", "ASK { GRAPH ?g { ?s ?p \"250\"^^<http://www.w3.org/2001/XMLSchema#decimal> } }"))
    triples = query_endpoint(f"{oxigraph_server}/query",
                             "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s a ?o . BIND(<urn:t> AS ?p) } }")
    assert len(triples) == 4 and {t.predicate.value for t in triples} == {"urn:t"}


def test_remote_errors(tmp_path, oxigraph_server, capsys):
    assert main(["query", "--endpoint", f"{oxigraph_server}/query", "SELECT ?x WHERE { ?x }"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 400" in err and err.count("\n") == 1
    dead = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(MapperError, match="unreachable"):
        query_endpoint(f"{dead}/query", "ASK {}")
    load_rdf_text(tmp_path / "s", doc_nq(DOC), "nq")
    assert main(["push", "--endpoint", f"{dead}/store", "--store", str(tmp_path / "s")]) == 2
    assert "unreachable" in capsys.readouterr().err
    with pytest.raises(MapperError, match="not an http"):
        query_endpoint("ftp://x/", "ASK {}")


def test_push_to_own_endpoint_with_token(tmp_path):
    from mapper.store.serve import BackgroundServer, ServeConfig

    src, dst = tmp_path / "src", tmp_path / "dst"
    load_rdf_text(src, doc_nq(DOC), "nq")
    load_rdf_text(dst, doc_nq(DOC2), "nq")
    with BackgroundServer(ServeConfig(dst, port=0, workers=1, update_token="tok")) as srv:
        with pytest.raises(MapperError, match="HTTP 403"):
            push_store(src, f"{srv.url}/store")
        (rep,) = push_store(src, f"{srv.url}/store", token="tok")
        assert rep.status == 204
        res = query_endpoint(f"{srv.url}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert next(iter(res))["n"].value == "14"


@pytest.mark.slow
def test_readme_query_after_push(real_store, oxigraph_server):
    store_dir, mappings, _ = real_store
    push_store(store_dir, f"{oxigraph_server}/store")
    sparql = (QUERIES / "readme-lines.rq").read_text()
    remote = query_endpoint(f"{oxigraph_server}/query", sparql)
    rows = {tuple(s[v.value].value if s[v.value] is not None else None for v in remote.variables) for s in remote}
    from mapper.store.store import open_store

    with open_store(store_dir, read_only=True) as st:
        local = st.raw.query(sparql)
        expected = {tuple(s[v.value].value if s[v.value] is not None else None for v in local.variables) for s in local}
    seed_lines = {rm.row.label for rm in mappings[0].rows}
    assert rows == expected and seed_lines <= {r[1] for r in rows}
