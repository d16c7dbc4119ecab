"""The on-disk store: load/replace/drop/export, bad input, and the store CLI commands."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mapper.cli import main
from mapper.errors import MapperError
from mapper.store.store import DOC_PREFIX, load_rdf_text, open_store

DOC = DOC_PREFIX + "a" * 64
DOC2 = DOC_PREFIX + "b" * 64


def doc_nq(doc: str, label: str = "Deferred tax assets, gross", value: str = "100", extra: int = 0) -> str:
    """A small document graph following the mapping output's conventions."""
    g = f"<{doc}>"
    x = "https://w3id.org/xbrl-mapper/vocab#"
    lines = [
        f"{g} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{x}Document> {g} .",
        f"{g} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Entity> {g} .",
        f'{g} <{x}sha256> "{doc.rsplit("/", 1)[1]}" {g} .',
        f'<{doc}/line/1> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" {g} .',
        f"<{doc}/line/1> <http://www.w3.org/2004/02/skos/core#exactMatch> "
        f"<http://fasb.org/us-gaap/2024#DeferredTaxAssetsGross> {g} .",
        f"<{doc}/fact/1/0> <{x}lineItem> <{doc}/line/1> {g} .",
        f'<{doc}/fact/1/0> <{x}value> "{value}"^^<http://www.w3.org/2001/XMLSchema#decimal> {g} .',
    ]
    lines += [f'<{doc}/line/9> <{x}note{i}> "n" {g} .' for i in range(extra)]
    return "\n".join(lines) + "\n"


def as_turtle(doc: str) -> str:
    """The same document as Turtle (no graph: the loader finds it from the prov:Entity)."""
    return (f"@prefix xm: <https://w3id.org/xbrl-mapper/vocab#> .\n"
            f"<{doc}> a <http://www.w3.org/ns/prov#Entity> ; xm:sha256 \"x\" .\n"
            f"<{doc}/line/1> <http://www.w3.org/2000/01/rdf-schema#label> \"Turtle line\" .\n")


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


def counts(store_dir) -> dict[str, int]:
    with open_store(store_dir, read_only=True) as st:
        return {g.iri: g.triples for g in st.graphs()}


def test_load_keeps_graph_and_reload_replaces(store_dir, tmp_path):
    f = tmp_path / "a.nq"
    f.write_text(doc_nq(DOC, extra=3))
    with open_store(store_dir) as st:
        res = st.load_file(f)
        assert [(g.iri, g.triples) for g in res.graphs] == [(DOC, 10)]
    # re-mapping the same document with different content replaces, never accumulates
    f.write_text(doc_nq(DOC, label="Changed"))
    with open_store(store_dir) as st:
        st.load_file(f)
        labels = [s["o"].value for s in st.raw.query(
            "SELECT ?o WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } }")]
    assert labels == ["Changed"]
    assert counts(store_dir) == {DOC: 7}


def test_turtle_goes_to_its_document_graph(store_dir, tmp_path):
    f = tmp_path / "doc.ttl"
    f.write_text(as_turtle(DOC2))
    with open_store(store_dir) as st:
        (info,) = st.load_file(f).graphs
    assert info.iri == DOC2 and info.triples == 3


def test_triples_without_document_get_sha256_graph(store_dir, tmp_path):
    import hashlib

    data = b"<http://x/a> <http://x/b> <http://x/c> .\n"
    f = tmp_path / "plain.nt"
    f.write_bytes(data)
    with open_store(store_dir) as st:
        (info,) = st.load_file(f).graphs
    assert info.iri == DOC_PREFIX + hashlib.sha256(data).hexdigest()


def test_not_rdf_leaves_graph_untouched(store_dir, tmp_path):
    good = tmp_path / "a.nq"
    good.write_text(doc_nq(DOC))
    with open_store(store_dir) as st:
        st.load_file(good)
    # valid first lines for the same graph, then garbage: nothing may change
    bad = tmp_path / "bad.nq"
    bad.write_text(doc_nq(DOC, label="half")[:-1] + "\nthis is not rdf\n")
    with open_store(store_dir) as st, pytest.raises(MapperError) as err:
        st.load_file(bad)
    assert "bad.nq" in str(err.value) and "line 8" in str(err.value)
    assert counts(store_dir) == {DOC: 7}


def test_empty_and_unknown_extension(store_dir, tmp_path):
    (tmp_path / "e.ttl").write_text("# nothing\n")
    (tmp_path / "x.csv").write_text("a,b\n")
    with open_store(store_dir) as st:
        with pytest.raises(MapperError, match="no RDF triples"):
            st.load_file(tmp_path / "e.ttl")
        with pytest.raises(MapperError, match="extension"):
            st.load_file(tmp_path / "x.csv")


def test_drop_and_missing_graph(store_dir):
    load_rdf_text(store_dir, doc_nq(DOC), "nq")
    load_rdf_text(store_dir, doc_nq(DOC2), "nq")
    with open_store(store_dir) as st:
        assert st.drop(DOC) == 7
        with pytest.raises(MapperError, match="no graph"):
            st.drop(DOC)
    assert counts(store_dir) == {DOC2: 7}


def test_export_formats_round_trip(store_dir, tmp_path):
    import pyoxigraph as ox

    load_rdf_text(store_dir, doc_nq(DOC), "nq")
    load_rdf_text(store_dir, doc_nq(DOC2), "nq")
    with open_store(store_dir, read_only=True) as st:
        for fmt in ("nq", "trig", "ttl", "nt", "jsonld"):
            out = tmp_path / f"all.{fmt}"
            st.export(out, fmt)
            parsed = list(ox.parse(path=str(out)))
            assert len(parsed) == 14, fmt
            if fmt in ("nq", "trig"):
                assert {q.graph_name.value for q in parsed} == {DOC, DOC2}
        st.export(tmp_path / "one.nq", "nq", graphs=[DOC2])
        assert {q.graph_name.value for q in ox.parse(path=str(tmp_path / "one.nq"))} == {DOC2}
        with pytest.raises(MapperError, match="no graph"):
            st.export(tmp_path / "none.nq", "nq", graphs=["http://nope/"])
    assert not (tmp_path / "none.nq").exists()


def test_store_dir_errors(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(MapperError, match="not a store directory"):
        open_store(f)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(MapperError, match="not a store directory"):
        open_store(other)
    with pytest.raises(MapperError, match="no store here"):
        open_store(tmp_path / "missing", read_only=True)
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("garbage\n")
    with pytest.raises(MapperError, match="corrupt|cannot open"):
        open_store(corrupt)


def test_locked_store_is_one_line_error(store_dir, tmp_path):
    load_rdf_text(store_dir, doc_nq(DOC), "nq")
    code = ("import sys, time, pyoxigraph\n"
            "s = pyoxigraph.Store(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(store_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(MapperError, match="locked"):
            open_store(store_dir)
        # reading while another process writes is still possible
        assert counts(store_dir) == {DOC: 7}
    finally:
        holder.kill()
        holder.wait()


def test_cli_load_graphs_drop_export(store_dir, tmp_path, capsys):
    a, b = tmp_path / "a.nq", tmp_path / "b.ttl"
    a.write_text(doc_nq(DOC))
    b.write_text(as_turtle(DOC2))
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :b \n")
    assert main(["load", str(a), str(b), str(bad), "--store", str(store_dir)]) == 2
    out, err = capsys.readouterr()
    assert f"<{DOC}> (7 triples)" in out and f"<{DOC2}> (3 triples)" in out
    assert err.count("\n") == 1 and "bad.ttl" in err and "Traceback" not in err
    assert main(["graphs", "--store", str(store_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["triples", "graph"] and len(out) == 3
    assert main(["drop", DOC2, "--store", str(store_dir)]) == 0
    assert "dropped" in capsys.readouterr().out
    assert main(["drop", DOC2, "--store", str(store_dir)]) == 2
    assert "no graph" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "x.trig"), "--store", str(store_dir)]) == 0
    assert (tmp_path / "x.trig").read_text().count("us-gaap:DeferredTaxAssetsGross") == 1


def test_cli_default_store_from_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XBRL_MAPPER_STORE", str(tmp_path / "envstore"))
    f = tmp_path / "a.nq"
    f.write_text(doc_nq(DOC))
    assert main(["load", str(f)]) == 0
    assert (tmp_path / "envstore" / "CURRENT").exists()
    capsys.readouterr()
    assert main(["query", "--format", "json", "ASK { ?s ?p ?o }"]) == 0
    assert json.loads(capsys.readouterr().out)["boolean"] is True


def test_load_rdf_text_for_map_store(store_dir):
    res = load_rdf_text(store_dir, doc_nq(DOC), "nq")
    assert res.graphs[0].iri == DOC
    with pytest.raises(MapperError, match="not valid nq"):
        load_rdf_text(store_dir, "garbage", "nq")
    assert os.path.isdir(store_dir)


def test_load_dataset_from_rdflib_and_quads(store_dir):
    from rdflib import Dataset, Graph

    ds = Dataset()
    ds.parse(data=doc_nq(DOC), format="nquads")
    g = Graph().parse(data=as_turtle(DOC2), format="turtle")
    with open_store(store_dir) as st:
        assert [(x.iri, x.triples) for x in st.load_dataset(ds).graphs] == [(DOC, 7)]
        assert [(x.iri, x.triples) for x in st.load_dataset(g).graphs] == [(DOC2, 3)]
        import pyoxigraph as ox

        quads = list(ox.parse(doc_nq(DOC, label="again"), format=ox.RdfFormat.N_QUADS))
        assert [(x.iri, x.triples) for x in st.load_dataset(quads).graphs] == [(DOC, 7)]
        with pytest.raises(MapperError, match="no RDF triples"):
            st.load_dataset([])
    assert counts(store_dir) == {DOC: 7, DOC2: 3}


# -- batched loading (load_files) ------------------------------------------------------------
def doc_iri(i: int) -> str:
    return DOC_PREFIX + f"{i:064x}"


def graph_text(store_dir, graph: str) -> list[str]:
    import pyoxigraph as ox

    with open_store(store_dir, read_only=True) as st:
        return sorted(st.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
                      .decode().splitlines())


def test_load_files_batches_keep_order_and_blame_bad_files(store_dir, tmp_path, monkeypatch):
    import mapper.store.store as store_mod

    monkeypatch.setattr(store_mod, "BATCH_QUADS", 20)      # a few documents per bulk batch
    monkeypatch.setattr(store_mod, "SMALL_BATCH_QUADS", 0)  # always the bulk loader
    files = []
    for i in range(12):
        f = tmp_path / f"d{i:02d}.nq"
        f.write_text(doc_nq(doc_iri(i), extra=i))
        files.append(f)
    # passes the lenient graph-name scan, fails the store's strict parser: its batch is redone
    # file by file, so only this file fails
    files[5].write_text(doc_nq(doc_iri(5)) + f"<http://ex/{{x}}> <http://ex/p> \"1\" <{doc_iri(5)}> .\n")
    files[8].write_text("not rdf at all\n")                # fails the scan itself
    files.append(tmp_path / "missing.nq")
    with open_store(store_dir) as st:
        outcomes = st.load_files(files)
    assert [o.source for o in outcomes] == [str(f) for f in files]
    failed = {i for i, o in enumerate(outcomes) if o.error is not None}
    assert failed == {5, 8, 12}
    assert "Invalid IRI" in str(outcomes[5].error) and "d05.nq" in str(outcomes[5].error)
    assert "cannot read" in str(outcomes[12].error)
    for i, o in enumerate(outcomes):
        if i not in failed:
            assert o.error is None and [(g.iri, g.triples) for g in o.result.graphs] == [(doc_iri(i), 7 + i)]
    assert counts(store_dir) == {doc_iri(i): 7 + i for i in range(12) if i not in failed}


def test_load_files_same_graph_twice_replaces_in_order(store_dir, tmp_path):
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    a.write_text(doc_nq(DOC, label="first", extra=5))
    b.write_text(doc_nq(DOC, label="second"))
    with open_store(store_dir) as st:
        res = st.load_files([a, b, a, b])
    assert [o.result.graphs[0].triples for o in res] == [12, 7, 12, 7]
    assert counts(store_dir) == {DOC: 7}
    assert any('"second"' in line for line in graph_text(store_dir, DOC))


class UpdateSpy:
    """Wraps a pyoxigraph store and records the SPARQL updates sent to it."""

    def __init__(self, raw) -> None:
        self.raw, self.updates = raw, []

    def update(self, text, *args, **kw):
        self.updates.append(text)
        return self.raw.update(text, *args, **kw)

    def __getattr__(self, name):
        return getattr(self.raw, name)


def test_reload_is_idempotent_and_writes_only_changes(store_dir, tmp_path):
    f = tmp_path / "a.nq"
    # a double written as "0.0" is stored as "0": the comparison must not see a change
    score = (f'<{DOC}/m> <https://w3id.org/xbrl-mapper/vocab#score> '
             f'"0.0"^^<http://www.w3.org/2001/XMLSchema#double> <{DOC}> .\n')
    f.write_text(doc_nq(DOC) + score)
    with open_store(store_dir) as st:
        st.load_files([f])
    first = graph_text(store_dir, DOC)
    with open_store(store_dir) as st:
        st.raw = spy = UpdateSpy(st.raw)
        assert st.load_files([f])[0].result.graphs[0].triples == 8
        assert spy.updates == []                       # unchanged: nothing written
        f.write_text(doc_nq(DOC, value="250") + score)
        st.load_file(f)
        (update,) = spy.updates                        # changed: one update with the difference
        assert update.count('"100"') == 1 and update.count('"250"') == 1 and "rdf-schema#label" not in update
        st.raw = spy.raw
        del spy                                        # release the store before reading it
    after = graph_text(store_dir, DOC)
    assert len(first) == len(after) == 8 and sum('"250"' in line for line in after) == 1
    assert not any('"100"' in line for line in after)


def test_blank_nodes_are_renamed_per_file_and_replaced(store_dir, tmp_path):
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    a.write_text(f'_:n <http://ex/p> "a" <{DOC}> .\n_:n <http://ex/q> "a2" <{DOC}> .\n')
    b.write_text(f'_:n <http://ex/p> "b" <{DOC2}> .\n')
    with open_store(store_dir) as st:
        st.load_files([a, b])
        subjects = {s["s"] for s in st.raw.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")}
        assert len(subjects) == 2          # same label in two files: two different nodes
        a.write_text(f'_:n <http://ex/p> "again" <{DOC}> .\n')
        assert st.load_files([a])[0].result.graphs[0].triples == 1
    assert counts(store_dir) == {DOC: 1, DOC2: 1}


def test_load_files_mixes_formats(store_dir, tmp_path, monkeypatch):
    import mapper.store.store as store_mod

    monkeypatch.setattr(store_mod, "SMALL_BATCH_QUADS", 0)
    t = tmp_path / "doc.ttl"
    t.write_text(as_turtle(DOC2))
    n = tmp_path / "doc.nq"
    n.write_text(doc_nq(DOC))
    with open_store(store_dir) as st:
        res = st.load_files([t, n])
    assert [(o.result.graphs[0].iri, o.result.graphs[0].triples) for o in res] == [(DOC2, 3), (DOC, 7)]


def test_bulk_batch_of_the_largest_size_is_all_or_nothing(store_dir, tmp_path):
    """The bulk loader writes nothing when the input fails at its very end (at our batch bound)."""
    from mapper.store.store import BULK_MAX_QUADS

    f = tmp_path / "big.nq"
    with open(f, "w") as fh:
        line = '<http://ex/s{}> <http://ex/p> "v" <http://ex/g> .\n'
        fh.writelines(line.format(i) for i in range(BULK_MAX_QUADS - 1))
        fh.write('<http://ex/{x}> <http://ex/p> "v" <http://ex/g> .\n')
    import pyoxigraph as ox

    with open_store(store_dir) as st:
        with pytest.raises(SyntaxError):
            st.raw.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
        assert len(st.raw) == 0 and not st.has_graph("http://ex/g")
