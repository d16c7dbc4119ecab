"""Talk to other SPARQL servers with the stdlib only: push graphs (Graph Store HTTP Protocol PUT)
and run queries (SPARQL 1.1 Protocol POST)."""
from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from ..errors import MapperError
from .query import QueryTimeout

QUERY_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
                "application/sparql-results+xml;q=0.5")


@dataclass(frozen=True)
class PushReport:
    graph: str
    triples: int
    status: int


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise MapperError(f"not an http(s) endpoint URL: {url!r}")


def _open(req: urllib.request.Request, url: str, timeout: float | None):
    try:
        return urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as err:
        detail = err.read(2000).decode("utf-8", "replace").strip().splitlines()
        msg = detail[0] if detail else err.reason
        raise MapperError(f"endpoint answered HTTP {err.code}: {msg}", path=url) from None
    except (socket.timeout, TimeoutError):
        raise QueryTimeout(timeout or 0) from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise QueryTimeout(timeout or 0) from None
        raise MapperError(f"endpoint unreachable: {getattr(reason, 'strerror', None) or reason}", path=url) from None
    except (ConnectionError, OSError) as err:
        raise MapperError(f"endpoint unreachable: {err.strerror or err}", path=url) from None


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification, ``?graph=``)."""
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}graph={quote(graph, safe='')}"


def put_graph(endpoint: str, graph: str, ntriples: bytes, *, token: str | None = None,
              timeout: float | None = 120.0) -> int:
    """PUT one graph (N-Triples body) to a Graph Store endpoint; returns the HTTP status."""
    _check_url(endpoint)
    headers = {"Content-Type": "application/n-triples"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url = graph_url(endpoint, graph)
    req = urllib.request.Request(url, data=ntriples, method="PUT", headers=headers)
    with _open(req, endpoint, timeout) as resp:
        resp.read()
        return resp.status


def push_store(store_dir: str | Path, endpoint: str, graphs: list[str] | None = None, *,
               token: str | None = None, timeout: float | None = 120.0) -> list[PushReport]:
    """PUT each named graph of the store (or the chosen ones), replacing it on the endpoint."""
    from .store import open_store

    _check_url(endpoint)
    reports = []
    with open_store(store_dir, read_only=True) as store:
        names = graphs or [g.iri for g in store.graphs() if g.iri]
        if not names:
            raise MapperError("the store has no named graphs to push", path=str(store_dir))
        for g in names:
            node = store.require_graph(g)
            triples = [q.triple for q in store.raw.quads_for_pattern(None, None, None, node)]
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            status = put_graph(endpoint, g, body, token=token, timeout=timeout)
            reports.append(PushReport(g, len(triples), status))
    return reports


def query_endpoint(endpoint: str, sparql: str, *, timeout: float | None = None,
                   token: str | None = None):
    """POST a query; returns a pyoxigraph result (solutions/boolean) or a list of triples."""
    _check_url(endpoint)
    headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": QUERY_ACCEPT}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(endpoint, data=sparql.encode("utf-8"), method="POST", headers=headers)
    with _open(req, endpoint, timeout) as resp:
        media = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            data = resp.read()
        except (socket.timeout, TimeoutError):
            raise QueryTimeout(timeout or 0) from None
    results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
    try:
        if results_format is not None:
            return ox.parse_query_results(data, format=results_format)
        rdf = ox.RdfFormat.from_media_type(media) if media else None
        if rdf is not None:
            return [q.triple for q in ox.parse(data, format=rdf)]
    except SyntaxError as err:
        raise MapperError(f"endpoint sent invalid {media}: {err}", path=endpoint) from None
    raise MapperError(f"endpoint answered with unexpected content type {media or '(none)'!r}", path=endpoint)
