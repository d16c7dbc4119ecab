"""The taxonomy as RDF: model details on hand-made concepts, SHACL shapes, and real us-gaap 2024."""
from __future__ import annotations

import argparse
import dataclasses

import pyoxigraph as ox
import pytest

from mapper.config import ONTOLOGY_DIR
from mapper.store.store import open_store
from mapper.store.taxonomy_rdf import (GENERAL_SPECIAL, WIDER_NARROWER, reference_citation,
                                       taxonomy_graph_iri, taxonomy_to_rdf, write_to_file)
from mapper.taxonomy.model import STANDARD_LABEL_ROLE, Concept, Label, Relationship, TaxonomyInfo, TaxReference

NS = "http://fasb.org/us-gaap/2024"
TERSE = "http://www.xbrl.org/2003/role/terseLabel"
SUMMATION = "https://xbrl.org/2023/arcrole/summation-item"
PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
ROLE = "http://fasb.org/us-gaap/role/disclosure/IncomeTaxes"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XM = "https://w3id.org/xbrl-mapper/vocab#"

INFO = TaxonomyInfo("us-gaap-2024", "us-gaap", "2024", (NS,), "entry.xsd", "src", "c0ffee", "2024-01-31")


def concept(name: str, *labels: Label, doc: str | None = None, refs=()) -> Concept:
    return Concept("us-gaap", name, NS, "xbrli:monetaryItemType", "xbrli:item", False, "debit", "instant",
                   None, labels, doc, refs)


def sample():
    gross = concept("DeferredTaxAssetsGross",
                    Label(STANDARD_LABEL_ROLE, "en-US", "Deferred Tax Assets, Gross"),
                    Label(TERSE, "en-US", 'Total "gross"\nassets'),
                    Label(TERSE, "en-US", "Deferred Tax Assets, Gross"),  # same text as preferred
                    doc="Amount before allocation of valuation allowances.",
                    refs=(TaxReference("http://www.xbrl.org/2003/role/disclosureRef",
                                       (("Publisher", "FASB"), ("Name", "Accounting Standards Codification"),
                                        ("Topic", "740"), ("SubTopic", "10"), ("Section", "50"),
                                        ("Paragraph", "2"), ("Subparagraph", "(b)"))),))
    net = concept("DeferredTaxAssetsNet", Label(STANDARD_LABEL_ROLE, "en-US", "Deferred Tax Assets, Net"))
    va = concept("DeferredTaxAssetsValuationAllowance")
    rels = [
        Relationship("calculation", SUMMATION, "us-gaap:DeferredTaxAssetsNet", "us-gaap:DeferredTaxAssetsGross",
                     ROLE, 1.0, 1.0),
        Relationship("calculation", SUMMATION, "us-gaap:DeferredTaxAssetsNet",
                     "us-gaap:DeferredTaxAssetsValuationAllowance", ROLE, 2.0, -1.0),
        Relationship("presentation", PARENT_CHILD, "us-gaap:DeferredTaxAssetsNet", "us-gaap:DeferredTaxAssetsGross",
                     ROLE, 1.0, None, TERSE),
        Relationship("definition", GENERAL_SPECIAL, "us-gaap:DeferredTaxAssetsNet",
                     "us-gaap:DeferredTaxAssetsValuationAllowance", ROLE, 1.0),
        Relationship("definition", WIDER_NARROWER, "us-gaap:DeferredTaxAssetsGross", "abc:CompanyThing", ROLE),
        Relationship("definition", WIDER_NARROWER, "us-gaap:DeferredTaxAssetsGross", "us-gaap:DeferredTaxAssetsNet",
                     ROLE),
    ]
    return [gross, net, va], rels


def store_of(rdf) -> ox.Store:
    st = ox.Store()
    st.load(rdf.nquads(), format=ox.RdfFormat.N_QUADS)
    return st


def ask(st: ox.Store, q: str) -> list[tuple]:
    prefix = f"PREFIX skos: <{SKOS}> PREFIX xm: <{XM}> PREFIX us-gaap: <{NS}#> "
    return [tuple(t.value if t is not None else None for t in sol)
            for sol in st.query(prefix + q, use_default_graph_as_union=True)]


def test_scheme_labels_and_roles():
    rdf = taxonomy_to_rdf(INFO, *sample())
    assert rdf.graph == taxonomy_graph_iri("us-gaap-2024") == "https://w3id.org/xbrl-mapper/id/taxonomy/us-gaap-2024"
    st = store_of(rdf)
    assert ask(st, "SELECT ?c WHERE { ?c skos:inScheme ?s . ?s a skos:ConceptScheme, xm:TaxonomyVersion } ORDER BY ?c") \
        == [(f"{NS}#DeferredTaxAssetsGross",), (f"{NS}#DeferredTaxAssetsNet",), (f"{NS}#DeferredTaxAssetsValuationAllowance",)]
    # the terse label survives quotes and newlines, with its role kept on the SKOS-XL node
    assert ask(st, "SELECT ?t ?r WHERE { us-gaap:DeferredTaxAssetsGross skos:altLabel ?t ; "
                   "<http://www.w3.org/2008/05/skos-xl#altLabel> ?l . ?l xm:labelRoleName ?r ; "
                   "<http://www.w3.org/2008/05/skos-xl#literalForm> ?t }") == [('Total "gross"\nassets', "terse")]
    # a text equal to the preferred label is not repeated as altLabel (SKOS S13), but its node is kept
    assert len(ask(st, "SELECT ?l WHERE { us-gaap:DeferredTaxAssetsGross "
                       "<http://www.w3.org/2008/05/skos-xl#altLabel> ?l }")) == 2
    assert ask(st, "SELECT ?d WHERE { us-gaap:DeferredTaxAssetsGross skos:definition ?d }") == \
        [("Amount before allocation of valuation allowances.",)]


def test_references_have_parts_and_citation():
    st = store_of(taxonomy_to_rdf(INFO, *sample()))
    rows = ask(st, "SELECT ?cit ?topic ?para WHERE { us-gaap:DeferredTaxAssetsGross xm:reference ?r . "
                   "?r <http://www.w3.org/2000/01/rdf-schema#label> ?cit ; "
                   "<https://w3id.org/xbrl-mapper/vocab/ref#Topic> ?topic ; "
                   "<https://w3id.org/xbrl-mapper/vocab/ref#Paragraph> ?para }")
    assert rows == [("ASC 740-10-50-2(b)", "740", "2")]
    assert reference_citation((("Name", "Regulation S-X"), ("Number", "210"), ("Section", "5-02"))) == \
        "Regulation S-X 210 5-02"


def test_only_general_special_and_wider_narrower_give_broader():
    rdf = taxonomy_to_rdf(INFO, *sample())
    st = store_of(rdf)
    broader = ask(st, "SELECT ?n ?b WHERE { ?n skos:broader ?b } ORDER BY ?n")
    assert broader == [(f"{NS}#DeferredTaxAssetsNet", f"{NS}#DeferredTaxAssetsGross"),
                       (f"{NS}#DeferredTaxAssetsValuationAllowance", f"{NS}#DeferredTaxAssetsNet")]
    # calculation arcs are nodes with their weight, never broader
    assert ask(st, "SELECT ?t ?w WHERE { ?r a xm:CalculationRelationship ; xm:source us-gaap:DeferredTaxAssetsNet ; "
                   "xm:target ?t ; xm:weight ?w } ORDER BY ?w") == \
        [(f"{NS}#DeferredTaxAssetsValuationAllowance", "-1"), (f"{NS}#DeferredTaxAssetsGross", "1")]
    assert ask(st, "SELECT ?p WHERE { ?r a xm:PresentationRelationship ; xm:preferredLabel ?p }") == [(TERSE,)]
    # an arc to a prefix with no known namespace is left out and counted
    assert rdf.skipped_relationships == 1


def test_shapes_accept_export_and_catch_violations():
    pyshacl = pytest.importorskip("pyshacl")
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS as RSKOS

    rdf = taxonomy_to_rdf(INFO, *sample())
    data = Graph().parse(data=rdf.ntriples(), format="nt")
    shapes = Graph().parse(ONTOLOGY_DIR / "taxonomy-shapes.ttl")
    ok, _, report = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    assert ok, report
    # a presentation parent turned into skos:broader is caught
    data.add((URIRef(f"{NS}#DeferredTaxAssetsGross"), RSKOS.broader, URIRef(f"{NS}#DeferredTaxAssetsNet")))
    ok, _, report = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    assert not ok and "general-special" in report


def test_ontology_parses_and_declares_terms_used():
    from rdflib import Graph

    onto = Graph().parse(ONTOLOGY_DIR / "taxonomy.ttl")
    declared = {str(s) for s in onto.subjects()}
    rdf = taxonomy_to_rdf(INFO, *sample())
    used = {p.value for p in (q.predicate for q in ox.parse(rdf.ntriples(), format=ox.RdfFormat.N_TRIPLES))
            if p.value.startswith(XM)}
    shared = {XM + t for t in ("version", "checksum", "namespace")}  # declared in xbrl-mapper.ttl
    assert used - shared <= declared


def test_file_formats(tmp_path):
    rdf = taxonomy_to_rdf(INFO, *sample())
    for fmt in ("ttl", "nt", "nq", "trig"):
        out = tmp_path / f"t.{fmt}"
        write_to_file(rdf, out, fmt)
        quads = list(ox.parse(path=str(out)))
        assert len(quads) == len(rdf.lines), fmt
        if fmt in ("nq", "trig"):
            assert {q.graph_name.value for q in quads} == {rdf.graph}


@pytest.mark.slow
def test_real_us_gaap_export(compiled_cache, tmp_path):
    from mapper import taxonomy
    from mapper.store.taxonomy_rdf import cli_export

    store_dir = tmp_path / "store"
    args = argparse.Namespace(name="us-gaap-2024", store=str(store_dir), output=None, format=None,
                              cache=str(compiled_cache))
    assert cli_export(args) == 0
    with taxonomy.open("us-gaap-2024", cache_dir=compiled_cache) as ix:
        n_concepts = len(ix.concepts())
        rels = ix.relationships()
    with open_store(store_dir, read_only=True) as st:
        (g,) = st.graphs()
        assert g.iri == taxonomy_graph_iri("us-gaap-2024")
        n = lambda q: int(next(iter(st.raw.query(q, use_default_graph_as_union=True)))["n"].value)  # noqa: E731
        assert n(f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c a <{SKOS}Concept> }}") == n_concepts
        assert n(f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r a <{XM}Relationship> }}") == len(rels)
        assert n(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{SKOS}broader> ?b }}") == len(
            {(r.target, r.source) for r in rels if r.arcrole in (GENERAL_SPECIAL, WIDER_NARROWER)})
        # the field notes' example: Net = Gross - ValuationAllowance
        parents = {(sol["t"].value.split("#")[1], sol["w"].value) for sol in st.raw.query(
            f"SELECT DISTINCT ?t ?w WHERE {{ ?r a <{XM}CalculationRelationship> ; "
            f"<{XM}source> <{NS}#DeferredTaxAssetsNet> ; <{XM}target> ?t ; <{XM}weight> ?w }}",
            use_default_graph_as_union=True)}
        assert {("DeferredTaxAssetsGross", "1"), ("DeferredTaxAssetsValuationAllowance", "-1")} <= parents


def test_deprecation_year_and_date_are_typed():
    old = dataclasses.replace(concept("OldThing"), deprecated="2023")
    dated = dataclasses.replace(concept("OtherThing"), deprecated="2024-01-31")
    st = store_of(taxonomy_to_rdf(INFO, [old, dated], []))
    rows = ask(st, "SELECT ?c ?d (DATATYPE(?d) AS ?t) WHERE { ?c <http://www.w3.org/2002/07/owl#deprecated> true ; "
                   "xm:deprecatedDate ?d } ORDER BY ?c")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert rows == [(f"{NS}#OldThing", "2023", xsd + "gYear"), (f"{NS}#OtherThing", "2024-01-31", xsd + "date")]


@pytest.mark.slow
def test_cli_export_rdf_to_file(compiled_cache, tmp_path, capsys):
    from mapper.cli import main

    out = tmp_path / "srt.ttl"
    assert main(["taxonomy", "export-rdf", "srt-2024", "--cache", str(compiled_cache), "-o", str(out)]) == 0
    st = ox.Store()
    st.load(path=str(out), to_graph=ox.NamedNode(taxonomy_graph_iri("srt-2024")))
    assert ask(st, "SELECT ?v WHERE { ?s a skos:ConceptScheme ; xm:version ?v }") == [("2024",)]
    n = ask(st, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept ; skos:inScheme ?s }")[0][0]
    assert int(n) > 100
    assert main(["taxonomy", "export-rdf", "no-such-taxonomy", "--cache", str(compiled_cache), "-o",
                 str(tmp_path / "x.ttl")]) == 2
    assert "unknown taxonomy" in capsys.readouterr().err
    assert not (tmp_path / "x.ttl").exists()


@pytest.mark.slow
def test_shapes_accept_a_real_slice(compiled_cache):
    """The income-tax part of real us-gaap 2024 (concepts, labels, references, all arcs among them)."""
    pyshacl = pytest.importorskip("pyshacl")
    from rdflib import Graph

    from mapper import taxonomy

    with taxonomy.open("us-gaap-2024", cache_dir=compiled_cache) as ix:
        concepts = [c for c in ix.concepts() if c.local_name.startswith(("DeferredTax", "IncomeTax"))]
        names = {c.qname for c in concepts}
        rels = [r for r in ix.relationships() if r.source in names and r.target in names]
        rdf = taxonomy_to_rdf(ix.info, concepts, rels)
    assert len(concepts) > 50 and {r.kind for r in rels} >= {"calculation", "presentation", "definition"}
    data = Graph().parse(data=rdf.ntriples(), format="nt")
    shapes = Graph().parse(ONTOLOGY_DIR / "taxonomy-shapes.ttl")
    ok, _, report = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    assert ok, report[:2000]
