"""The HTTP endpoint: SPARQL 1.1 Protocol, negotiation, graph store reads, read-only, timeout, cap."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from mapper.store.negotiate import choose_format, parse_accept
from mapper.store.serve import BackgroundServer, ServeConfig
from mapper.config import REPO_ROOT
from mapper.store.store import load_rdf_text

QUERIES = REPO_ROOT / "examples" / "queries"

G = "http://ex/g"


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type"), err.read().decode("utf-8")


def q(url: str, sparql: str, accept: str = "application/sparql-results+json", **params):
    return request(f"{url}/query?" + urlencode({"query": sparql, **params}), headers={"Accept": accept})


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store"
    lines = [f'<http://ex/s{i}> <http://ex/p> "{i}" <{G}> .' for i in range(40)]
    load_rdf_text(path, "\n".join(lines) + "\n", "nq")
    return path


@pytest.fixture(scope="module")
def server(store_dir):
    cfg = ServeConfig(store_dir, port=0, timeout=3.0, max_result_bytes=20_000, workers=1)
    with BackgroundServer(cfg) as srv:
        yield srv


def test_negotiation_rules():
    assert parse_accept("text/csv;q=0.5, application/json") == [("application/json", 1.0), ("text/csv", 0.5)]
    assert choose_format("select", "text/csv") == "csv"
    assert choose_format("select", None) == "json"
    assert choose_format("graph", "application/sparql-results+json, text/turtle;q=0.9") == "ttl"
    assert choose_format("select", "image/png") is None
    assert choose_format("select", "image/png", override="tsv") == "tsv"


def test_binds_loopback_by_default():
    assert ServeConfig(store_dir=None).host == "127.0.0.1"  # type: ignore[arg-type]


def test_select_get_and_post(server):
    status, ctype, body = q(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "40"
    status, ctype, body = request(f"{server.url}/query", data=b"SELECT ?s WHERE { ?s ?p \"3\" }",
                                  headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and ctype.startswith("text/csv") and body.splitlines() == ["s", "http://ex/s3"]
    form = urlencode({"query": "ASK { ?s ?p \"39\" }"}).encode()
    status, _, body = request(f"{server.url}/sparql", data=form,
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/sparql-results+xml"})
    assert status == 200 and "<boolean>true</boolean>" in body
    status, ctype, body = q(server.url, "SELECT ?s WHERE { ?s ?p \"1\" }", accept="image/png", format="tsv")
    assert status == 200 and ctype.startswith("text/tab-separated-values")


def test_construct_negotiates_rdf(server):
    status, ctype, body = q(server.url, "CONSTRUCT WHERE { ?s <http://ex/p> \"5\" }",
                            accept="application/sparql-results+json, application/n-triples;q=0.9")
    assert status == 200 and ctype.startswith("application/n-triples")
    assert body.strip() == '<http://ex/s5> <http://ex/p> "5" .'
    assert q(server.url, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/csv")[0] == 406


def test_errors_are_plain_one_liners(server):
    status, _, body = q(server.url, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and "error at 1:" in body
    assert request(f"{server.url}/query")[0] == 400
    assert request(f"{server.url}/nowhere")[0] == 404


def test_read_only_refuses_updates(server):
    status, _, body = request(f"{server.url}/update", data=b"CLEAR ALL",
                              headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    status, _, _ = request(f"{server.url}/store?graph={quote(G)}", data=b"<http://a> <http://b> <http://c> .",
                           headers={"Content-Type": "application/n-triples"}, method="PUT")
    assert status == 403
    assert q(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="text/csv")[2].split()[1] == "40"


def test_graph_store_reads(server):
    status, ctype, body = request(f"{server.url}/store?graph={quote(G)}", headers={"Accept": "application/n-triples"})
    assert status == 200 and ctype.startswith("application/n-triples") and len(body.strip().splitlines()) == 40
    assert request(f"{server.url}/store?graph={quote('http://ex/none')}")[0] == 404
    status, ctype, body = request(f"{server.url}/store?default", headers={"Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle") and body.strip() == ""


def test_html_page(server):
    status, ctype, body = request(f"{server.url}/")
    assert status == 200 and ctype.startswith("text/html") and "<textarea" in body and "fetch('query'" in body


def test_result_cap(server):
    status, _, body = q(server.url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert status == 413 and "byte cap" in body


def test_timeout_cancels_and_worker_comes_back(server):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
    status, _, body = q(server.url, heavy)
    assert status == 503 and "cancelled" in body
    assert q(server.url, "ASK { ?s ?p ?o }", accept="text/csv")[0] == 200


def test_updates_with_token(tmp_path):
    store_dir = tmp_path / "rw"
    load_rdf_text(store_dir, f'<http://ex/a> <http://ex/p> "1" <{G}> .\n', "nq")
    cfg = ServeConfig(store_dir, port=0, timeout=10.0, workers=1, update_token="s3cret")
    with BackgroundServer(cfg) as srv:
        upd = b'INSERT DATA { GRAPH <http://ex/g2> { <http://ex/b> <http://ex/p> "2" } }'
        wrong = {"Content-Type": "application/sparql-update", "Authorization": "Bearer nope"}
        assert request(f"{srv.url}/update", data=upd, headers=wrong)[0] == 403
        right = dict(wrong, Authorization="Bearer s3cret")
        assert request(f"{srv.url}/update", data=upd, headers=right)[0] == 204
        assert q(srv.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="text/csv")[2].split()[1] == "2"
        put = request(f"{srv.url}/store?graph={quote(G)}", data=b'<http://ex/z> <http://ex/p> "9" .\n',
                      headers={"Content-Type": "application/n-triples", "Authorization": "Bearer s3cret"},
                      method="PUT")
        assert put[0] == 204
        body = q(srv.url, f"SELECT ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}", accept="text/csv")[2]
        assert body.split() == ["o", "9"]


@pytest.mark.slow
def test_readme_query_over_http_matches_local(real_store):
    import pyoxigraph as ox

    from mapper.store.store import open_store

    store_dir, mappings, _ = real_store
    sparql = (QUERIES / "readme-lines.rq").read_text()
    with BackgroundServer(ServeConfig(store_dir, port=0, workers=1)) as srv:
        status, ctype, body = request(f"{srv.url}/query", data=sparql.encode(),
                                      headers={"Content-Type": "application/sparql-query",
                                               "Accept": "application/sparql-results+json"})
    assert status == 200
    remote = ox.parse_query_results(body.encode(), format=ox.QueryResultsFormat.JSON)
    rows = [tuple(s[v.value].value if s[v.value] is not None else None for v in remote.variables) for s in remote]
    with open_store(store_dir, read_only=True) as st:
        local = st.raw.query(sparql)
        expected = [tuple(s[v.value].value if s[v.value] is not None else None for v in local.variables)
                    for s in local]
    assert rows == expected
    assert {rm.row.label for rm in mappings[0].rows} <= {r[1] for r in rows}
