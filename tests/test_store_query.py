"""`xbrl-mapper query`: output formats, bad queries, timeout; the example queries on real output."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from mapper.cli import main
from mapper.config import REPO_ROOT
from mapper.store.query import render_table
from mapper.store.store import load_rdf_text, open_store

QUERIES = REPO_ROOT / "examples" / "queries"
X = "https://w3id.org/xbrl-mapper/vocab#"
NS = "http://fasb.org/us-gaap/2024#"


def small_store(path: Path, n: int = 30) -> Path:
    lines = [f'<http://ex/s{i}> <http://ex/p> "{i}" <http://ex/g> .' for i in range(n)]
    load_rdf_text(path, "\n".join(lines) + "\n", "nq")
    return path


def test_render_table_aligns():
    text = render_table(["a", "long"], [["xxxx", "1"], ["y", ""]])
    assert text.splitlines() == ["a     long", "----  ----", "xxxx  1", "y", "(2 rows)"]


def test_select_formats(tmp_path, capsys):
    st = small_store(tmp_path / "s", 3)
    q = "SELECT ?s ?o WHERE { ?s <http://ex/p> ?o } ORDER BY ?o"
    assert main(["query", "--store", str(st), "--format", "csv", q]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["s", "o"], ["http://ex/s0", "0"], ["http://ex/s1", "1"], ["http://ex/s2", "2"]]
    assert main(["query", "--store", str(st), "--format", "tsv", q]) == 0
    assert capsys.readouterr().out.splitlines()[1] == '<http://ex/s0>\t"0"'
    assert main(["query", "--store", str(st), "--format", "json", q]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]["bindings"]) == 3
    assert main(["query", "--store", str(st), "--format", "xml", q]) == 0
    assert capsys.readouterr().out.count("<result>") == 3
    assert main(["query", "--store", str(st), q]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "(3 rows)"


def test_ask_construct_describe(tmp_path, capsys):
    st = small_store(tmp_path / "s", 3)
    assert main(["query", "--store", str(st), "ASK { ?s ?p \"2\" }"]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["query", "--store", str(st), "--format", "nt",
                 "CONSTRUCT { ?s <http://ex/q> ?o } WHERE { ?s <http://ex/p> ?o }"]) == 0
    triples = list(ox.parse(capsys.readouterr().out.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == 3 and all(t.predicate.value == "http://ex/q" for t in triples)
    out = tmp_path / "d.ttl"
    assert main(["query", "--store", str(st), "-o", str(out), "DESCRIBE <http://ex/s1>"]) == 0
    assert len(list(ox.parse(path=str(out)))) == 1
    assert main(["query", "--store", str(st), "--format", "csv", "CONSTRUCT WHERE { ?s ?p ?o }"]) == 2
    assert "needs an RDF format" in capsys.readouterr().err


def test_malformed_query_prints_parser_position_only(tmp_path):
    st = small_store(tmp_path / "s", 1)
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x\nWHERE { ?x ?y }\n")
    proc = subprocess.run([sys.executable, "-m", "mapper", "query", "--store", str(st), "-f", str(rq)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "bad.rq" in err[0] and "malformed SPARQL" in err[0]
    assert re.search(r"error at \d+:\d+", err[0])


def test_timeout_cancels_and_reports(tmp_path):
    st = small_store(tmp_path / "s", 40)
    heavy = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
             "?p ?q ?r . ?s ?t ?u . ?v ?w ?x }")
    proc = subprocess.run([sys.executable, "-m", "mapper", "query", "--store", str(st), "--timeout", "0.5", heavy],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert "cancelled" in proc.stderr and "0.5 s timeout" in proc.stderr


def test_query_missing_store_and_no_query(tmp_path, capsys):
    assert main(["query", "--store", str(tmp_path / "nope"), "ASK {}"]) == 2
    assert "no store here" in capsys.readouterr().err
    small_store(tmp_path / "s", 1)
    assert main(["query", "--store", str(tmp_path / "s")]) == 2
    assert "no query" in capsys.readouterr().err


# -- example queries on real mapping output --------------------------------------------------------
def run_rq(store_dir: Path, name: str) -> list[dict[str, str]]:
    with open_store(store_dir, read_only=True) as st:
        res = st.raw.query((QUERIES / name).read_text(), use_default_graph_as_union=True)
        vars_ = [v.value for v in res.variables]
        return [{v: (sol[v].value if sol[v] is not None else None) for v in vars_} for sol in res]


@pytest.mark.slow
def test_readme_query_on_seed(real_store):
    store_dir, mappings, calc_parents = real_store
    seed = mappings[0]
    every = run_rq(store_dir, "readme-lines.rq")
    assert all(r["parent"] is None for r in every if r["concept"] is None)  # no parent without a concept
    rows = [r for r in every if r["line"] in {rm.row.label for rm in seed.rows}]
    for rm in seed.rows:
        got = [r for r in rows if r["row"] == str(rm.row.index)]
        assert got, rm.row.label
        concept = rm.concept or rm.anchor
        if concept is None:
            continue
        assert {r["concept"] for r in got} == {concept.iri}
        numbers = [v.number for v in rm.row.values if v.number is not None]
        if numbers:  # a value for both periods of the seed
            assert {r["period"] for r in got} == {"2023-12-31", "2022-12-31"}
            assert {float(r["value"]) for r in got} == {float(n) for n in numbers}
        parents = {p.split(":")[1] for p in calc_parents.get(concept.qname, ())}
        assert {r["parent"].split("#")[1] for r in got if r["parent"]} == parents


@pytest.mark.slow
def test_other_example_queries_on_real_output(real_store):
    store_dir, mappings, calc_parents = real_store
    # lines mapped to DeferredTaxAssetsGross or a concept it sums
    lines = run_rq(store_dir, "lines-for-concept.rq")
    summed = {c for c, ps in calc_parents.items() if "us-gaap:DeferredTaxAssetsGross" in ps}
    expected = {rm.row.label for pm in mappings for rm in pm.rows
                for c in [rm.concept or rm.anchor] if c is not None
                and (c.qname == "us-gaap:DeferredTaxAssetsGross" or c.qname in summed)}
    assert {r["line"] for r in lines} == expected and expected
    # extensions with their anchors
    ext = run_rq(store_dir, "extensions.rq")
    ext_rows = [rm for pm in mappings for rm in pm.rows if rm.extension]
    assert {r["line"] for r in ext} == {rm.row.label for rm in ext_rows}
    assert len(ext) == len(ext_rows)  # one row per extension line (one anchor, one label at most)
    for r in ext:
        assert r["anchor"] is None or r["anchor"].startswith("http://fasb.org/")
    # low-confidence: exactly the mappings under 0.6, least sure first
    low = run_rq(store_dir, "low-confidence.rq")
    assert len(low) == sum(1 for pm in mappings for rm in pm.rows if rm.confidence < 0.6)
    assert [float(r["confidence"]) for r in low] == sorted(float(r["confidence"]) for r in low)
    # calculation check: every row is a parent with reported children
    for r in run_rq(store_dir, "calculation-check.rq"):
        assert int(r["children"]) >= 1 and r["parent"] in {NS + p.split(":")[1] for ps in calc_parents.values()
                                                             for p in ps}
    # a concept's ASC references
    refs = run_rq(store_dir, "concept-references.rq")
    assert any(r["citation"] == "ASC 740-10-50-2(b)" and r["topic"] == "740" for r in refs)
