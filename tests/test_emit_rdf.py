"""RDF output: every serialisation parses back, passes the SHACL shapes, and answers SPARQL."""
from __future__ import annotations

import importlib.util
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from mapper import emit
from mapper.emit import iris, rdf
from mapper.emit.validate import load, validate
from mapper.errors import MapperError
from mapper.resolve.model import Evidence, PageMapping, RowMapping
from mapper.rpage.model import Value

_spec = importlib.util.spec_from_file_location(
    "emit_samples", Path(__file__).parent / "fixtures" / "emit" / "samples.py")
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

XM = Namespace(iris.VOCAB)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: pytest probes module globals
SSSOM = Namespace("https://w3id.org/sssom/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
GAAP = Namespace("http://fasb.org/us-gaap/2024#")
DOC = URIRef(iris.doc_iri(samples.SEED_SHA))
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}

LINES_WITH_CONCEPTS = """
PREFIX xm: <https://w3id.org/xbrl-mapper/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?row ?label ?concept WHERE {
  ?line a xm:LineItem ; xm:rowIndex ?row ; rdfs:label ?label .
  OPTIONAL { ?line skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch ?concept }
} ORDER BY ?row
"""


@pytest.fixture(scope="module")
def seed() -> PageMapping:
    return samples.seed_mapping()


@pytest.fixture(scope="module")
def seed_graph(seed) -> Graph:
    g = Graph()
    g.parse(data=emit.render([seed], "nt"), format="nt")
    return g


def real_seed_mapping(seed_path: Path) -> PageMapping:
    """The seed as the real parser reads it, resolved by hand (the issue's answers)."""
    from mapper.rpage import parse_file

    page = parse_file(seed_path)
    names = [None, "DeferredTaxAssetsOperatingLossCarryforwards", None,
             "DeferredTaxAssetsTaxDeferredExpenseReservesAndAccrualsAllowanceForDoubtfulAccounts",
             "DeferredTaxAssetsDerivativeInstruments", "DeferredTaxAssetsOther", "DeferredTaxAssetsGross",
             "DeferredTaxAssetsValuationAllowance", "DeferredTaxAssetsNet"]
    ev = (Evidence("documentation", "definition text equals documentation", 0.9),)
    rows = tuple(
        RowMapping(row, samples.gaap(name) if name else None, "exact" if name else None,
                   extension=(row.index == 2), confidence=0.9 if name else 0.4,
                   evidence=ev if name else ())
        for row, name in zip(page.rows, names))
    return PageMapping(page, rows, tool_version="0.1.0", generated_at="2026-11-24T10:00:00Z")


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_triple_formats_parse_back_to_the_same_graph(seed, seed_graph, fmt):
    g = Graph()
    g.parse(data=emit.render([seed], fmt), format=RDFLIB_FORMAT[fmt])
    assert len(g) == len(seed_graph) > 300
    assert set(g) == set(seed_graph)           # no blank nodes: plain set equality is isomorphism


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_quad_formats_put_each_document_in_its_own_graph(seed, fmt):
    other = samples.duration_mapping()
    ds = Dataset()
    ds.parse(data=emit.render([seed, other], fmt), format=RDFLIB_FORMAT[fmt])
    graphs = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    assert set(graphs) == {str(DOC), iris.doc_iri("1" * 64)}
    assert graphs[str(DOC)] == len(rdf.page_quads(seed))


def test_merged_turtle_deduplicates_shared_nodes(seed):
    twin = samples.seed_mapping(samples.seed_page(checksum="2" * 64))
    g = Graph()
    g.parse(data=emit.render([seed, twin], "ttl"), format="turtle")
    period = URIRef(iris.ID_BASE + "period/2023-12-31")
    assert len(list(g.triples((period, TIME.inXSDDate, None)))) == 1
    assert len(set(g.subjects(RDF.type, XM.Document))) == 2
    assert len(set(g.subjects(RDF.type, XM.LineItem))) == 18


def test_iris_are_stable_across_runs(seed):
    again = samples.seed_mapping(generated_at="2030-01-01T00:00:00+00:00")
    subjects = lambda pm: {q.subject.value for q in rdf.page_quads(pm)}  # noqa: E731
    assert subjects(seed) == subjects(again)
    assert iris.line_iri(samples.SEED_SHA, 6) in subjects(seed)


def test_line_items_have_label_direct_skos_triple_and_mapping_node(seed_graph):
    line = URIRef(iris.line_iri(samples.SEED_SHA, 6))
    assert seed_graph.value(line, RDFS.label) == Literal("Total Deferred Tax Assets")
    assert seed_graph.value(line, SKOS.exactMatch) == GAAP.DeferredTaxAssetsGross
    m = seed_graph.value(line, XM.mapping)
    OWL = Namespace("http://www.w3.org/2002/07/owl#")
    assert seed_graph.value(m, OWL.annotatedSource) == line
    assert seed_graph.value(m, OWL.annotatedProperty) == SKOS.exactMatch
    assert seed_graph.value(m, OWL.annotatedTarget) == GAAP.DeferredTaxAssetsGross
    assert seed_graph.value(m, SSSOM.confidence).toPython() == pytest.approx(0.99)
    assert seed_graph.value(m, SSSOM.mapping_justification) == \
        URIRef("https://w3id.org/semapv/vocab/CompositeMatching")
    assert str(seed_graph.value(m, SSSOM.mapping_tool_version)) == "0.1.0"
    signals = {str(seed_graph.value(e, XM.signal)) for e in seed_graph.objects(m, XM.evidence)}
    assert signals == {"documentation", "values"}


def test_extension_is_broad_match_of_its_anchor_and_unmapped_row_has_no_triple(seed_graph):
    ext = URIRef(iris.line_iri(samples.SEED_SHA, 2))
    assert seed_graph.value(ext, SKOS.broadMatch) == GAAP.DeferredTaxAssetsTaxDeferredExpense
    assert seed_graph.value(ext, XM.isExtension).toPython() is True
    alt = next(seed_graph.objects(seed_graph.value(ext, XM.mapping), XM.alternative))
    assert seed_graph.value(alt, XM.concept) == GAAP.DeferredTaxAssetsOther
    assert seed_graph.value(alt, XM.rank).toPython() == 1
    none = URIRef(iris.line_iri(samples.SEED_SHA, 8))
    skos_objects = [o for p, o in seed_graph.predicate_objects(none) if str(p).startswith(str(SKOS))]
    assert skos_objects == []
    target = seed_graph.value(seed_graph.value(none, XM.mapping),
                              URIRef("http://www.w3.org/2002/07/owl#annotatedTarget"))
    assert target == SSSOM.NoTermFound


def test_facts_carry_decimal_unit_period_and_concept(seed_graph):
    fact = URIRef(iris.fact_iri(samples.SEED_SHA, 7, 1))
    assert seed_graph.value(fact, XM.value) == Literal("-11074415", datatype=XSD.decimal)
    assert seed_graph.value(fact, XM.unit) == URIRef("http://www.xbrl.org/2003/iso4217#USD")
    assert seed_graph.value(fact, XM.concept) == GAAP.DeferredTaxAssetsValuationAllowance
    period = seed_graph.value(fact, XM.period)
    assert (period, RDF.type, TIME.Instant) in seed_graph
    assert seed_graph.value(period, TIME.inXSDDate).toPython().isoformat() == "2022-12-31"
    ext_fact = URIRef(iris.fact_iri(samples.SEED_SHA, 2, 0))
    assert seed_graph.value(ext_fact, XM.concept) is None     # a company element has no concept IRI
    assert seed_graph.value(ext_fact, XM.value) is not None


def test_duration_periods_units_and_non_numeric_values():
    g = Graph()
    g.parse(data=emit.render([samples.duration_mapping()], "ttl"), format="turtle")
    sha = "1" * 64
    income = URIRef(iris.fact_iri(sha, 0, 0))
    period = g.value(income, XM.period)
    assert str(period).endswith("/period/2023-01-01_2023-12-31")
    assert (period, RDF.type, TIME.Interval) in g
    assert g.value(g.value(period, TIME.hasBeginning), TIME.inXSDDate).toPython().isoformat() == "2023-01-01"
    assert g.value(period, XM.months).toPython() == 12
    eps = URIRef(iris.fact_iri(sha, 1, 0))
    assert g.value(eps, XM.unitDenominator) == URIRef("http://www.xbrl.org/2003/instance#shares")
    shares = URIRef(iris.fact_iri(sha, 2, 0))
    assert g.value(shares, XM.unit) == URIRef("http://www.xbrl.org/2003/instance#shares")
    assert g.value(shares, XM.value).toPython() == Decimal("20000000")
    text = URIRef(iris.fact_iri(sha, 3, 0))
    assert g.value(text, XM.value) is None and g.value(text, XM.unit) is None
    assert str(g.value(text, XM.rawValue)) == "see text"
    assert g.value(text, XM.period) == period     # column not parsed, but the row fills every column


def test_units_follow_the_parsers_unit():
    pm = samples.duration_mapping()
    vals = (Value("CHF 7", Decimal("7"), "monetary", column=0, unit="CHF"),
            Value("5.5%", Decimal("5.5"), "percent", column=0, unit="pure"),
            Value("3", Decimal("3"), "number", column=0, unit="Segment"),
            Value("$ 0.25", Decimal("0.25"), "per_share", column=0, unit="EUR/shares"))
    rows = tuple(replace(pm.rows[0], row=replace(pm.rows[0].row, index=i, values=(v,)))
                 for i, v in enumerate(vals))
    g = Graph()
    g.parse(data=emit.render([replace(pm, rows=rows)], "nt"), format="nt")
    fact = lambda i: URIRef(iris.fact_iri("1" * 64, i, 0))  # noqa: E731
    assert g.value(fact(0), XM.unit) == URIRef("http://www.xbrl.org/2003/iso4217#CHF")
    assert g.value(fact(1), XM.unit) == URIRef("http://qudt.org/vocab/unit/PERCENT")
    assert g.value(fact(2), XM.unit) is None and str(g.value(fact(2), XM.unitName)) == "Segment"
    assert g.value(fact(3), XM.unit) == URIRef("http://www.xbrl.org/2003/iso4217#EUR")
    assert g.value(fact(3), XM.unitDenominator) == URIRef("http://www.xbrl.org/2003/instance#shares")
    ok, report = validate(g)
    assert ok, report


def test_value_without_known_column_gets_no_period():
    pm = samples.duration_mapping()
    col = pm.page.columns[0]
    page = replace(pm.page, columns=(col, replace(col, index=1, header="Dec. 31, 2022")))
    g = Graph()
    g.parse(data=emit.render([replace(pm, page=page)], "nt"), format="nt")
    text = URIRef(iris.fact_iri("1" * 64, 3, 0))           # 1 value, 2 columns, column unknown
    assert g.value(text, XM.period) is None and g.value(text, XM.column) is None
    assert str(g.value(text, XM.rawValue)) == "see text"
    income = URIRef(iris.fact_iri("1" * 64, 0, 0))         # column parsed: period kept
    assert g.value(income, XM.period) is not None


def test_provenance(seed_graph):
    activity = URIRef(iris.activity_iri(samples.SEED_SHA))
    used = set(seed_graph.objects(activity, PROV.used))
    assert used == {DOC, URIRef(iris.taxonomy_iri("us-gaap-2024"))}
    agent = seed_graph.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in seed_graph
    assert str(seed_graph.value(agent, XM.softwareVersion)) == "0.1.0"
    assert seed_graph.value(activity, PROV.startedAtTime).datatype == XSD.dateTime
    assert str(seed_graph.value(DOC, XM.sha256)) == samples.SEED_SHA
    line = URIRef(iris.line_iri(samples.SEED_SHA, 0))
    assert seed_graph.value(line, PROV.wasGeneratedBy) == activity


def test_sparql_returns_each_line_with_its_concept(seed_graph):
    rows = [(r.row.toPython(), str(r.label), str(r.concept) if r.concept else None)
            for r in seed_graph.query(LINES_WITH_CONCEPTS)]
    assert len(rows) == 9
    assert rows[6] == (6, "Total Deferred Tax Assets", str(GAAP.DeferredTaxAssetsGross))
    assert rows[2][2] == str(GAAP.DeferredTaxAssetsTaxDeferredExpense)
    assert rows[8] == (8, "Net Deferred Tax Asset", None)


def test_sparql_can_sum_components_against_the_total(seed_graph):
    q = """
    PREFIX xm: <https://w3id.org/xbrl-mapper/vocab#>
    PREFIX time: <http://www.w3.org/2006/time#>
    SELECT (SUM(?v) AS ?sum) WHERE {
      ?f a xm:Fact ; xm:value ?v ; xm:period/time:inXSDDate "2023-12-31"^^<http://www.w3.org/2001/XMLSchema#date> ;
         xm:lineItem/xm:rowIndex ?row .
      FILTER (?row >= 1 && ?row <= 5)
    }"""
    total = next(iter(seed_graph.query(q))).sum.toPython()
    assert total == Decimal("11239252")


def test_shacl_conforms_for_hand_made_and_multi_page_outputs(seed):
    ok, report = validate(rdf.to_rdflib([seed, samples.duration_mapping()]))
    assert ok, report


def test_shacl_conforms_for_the_real_seed_page(seed_path, tmp_path):
    pm = real_seed_mapping(seed_path)
    out = tmp_path / "seed.ttl"
    emit.write([pm], "ttl", out)
    ok, report = validate(out)
    assert ok, report
    g = load(out)
    rows = list(g.query(LINES_WITH_CONCEPTS))
    assert [str(r.label) for r in rows][:2] == ["Schedule of Net Deferred Tax Asset [Abstract]",
                                               "Operating loss carry forwards"]
    assert str(rows[7].concept) == str(GAAP.DeferredTaxAssetsValuationAllowance)


@pytest.fixture(scope="module")
def resolved_seed(compiled_cache, seed_path) -> PageMapping:
    """The seed through the real pipeline (parser + resolver over the compiled taxonomies)."""
    from mapper.pipeline import map_file
    from mapper.resolve.catalog import load_catalog

    return map_file(seed_path, load_catalog(compiled_cache), now="2026-11-24T10:00:00+00:00")


def test_real_pipeline_output_passes_shapes_in_every_rdf_format(resolved_seed, tmp_path):
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld"):
        out = tmp_path / f"seed.{fmt}"
        emit.write([resolved_seed], fmt, out)
        ok, report = validate(out)
        assert ok, (fmt, report)
    g = load(tmp_path / "seed.ttl")
    rows = list(g.query(LINES_WITH_CONCEPTS))
    assert [str(r.label) for r in rows] == [rm.row.label for rm in resolved_seed.rows]
    for r, rm in zip(rows, resolved_seed.rows):
        expected = rm.concept or rm.anchor
        assert (str(r.concept) if r.concept else None) == (expected.iri if expected else None)


def _broken(seed_graph: Graph, how: str) -> Graph:
    g = Graph()
    for t in seed_graph:
        g.add(t)
    line = URIRef(iris.line_iri(samples.SEED_SHA, 1))
    mapping = URIRef(iris.mapping_iri(samples.SEED_SHA, 1))
    fact = URIRef(iris.fact_iri(samples.SEED_SHA, 1, 0))
    if how == "second label":
        g.add((line, RDFS.label, Literal("another caption")))
    elif how == "confidence above 1":
        g.set((mapping, SSSOM.confidence, Literal("1.2", datatype=XSD.double)))
    elif how == "bad decimal":
        g.set((fact, XM.value, Literal("9.387.426", datatype=XSD.decimal)))
    elif how == "bad period date":
        period = g.value(fact, XM.period)
        g.set((period, TIME.inXSDDate, Literal("2023-02-30", datatype=XSD.date)))
    elif how == "missing direct triple":
        g.remove((line, SKOS.exactMatch, None))
    elif how == "extension as exact match":
        g.add((URIRef(iris.line_iri(samples.SEED_SHA, 2)), SKOS.exactMatch, GAAP.Foo))
    elif how == "evidence score below -1":
        ev = next(g.objects(mapping, XM.evidence))
        g.set((ev, XM.score, Literal("-1.5", datatype=XSD.double)))
    elif how == "unknown justification":
        g.set((mapping, SSSOM.mapping_justification, URIRef("https://w3id.org/semapv/vocab/Guessing")))
    return g


@pytest.mark.parametrize("how", ["second label", "confidence above 1", "bad decimal", "bad period date",
                                 "missing direct triple", "extension as exact match",
                                 "unknown justification", "evidence score below -1"])
def test_shacl_detects_a_broken_graph(seed_graph, how):
    ok, report = validate(_broken(seed_graph, how))
    assert not ok and "Constraint Violation" in report


def test_confidence_out_of_range_from_the_resolver_is_caught(seed):
    bad = replace(seed, rows=(replace(seed.rows[1], confidence=1.7),))
    ok, report = validate(rdf.to_rdflib([bad]))
    assert not ok and "confidence" in report


def test_validate_rejects_non_rdf_files(tmp_path):
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is not turtle <")
    with pytest.raises(MapperError, match="junk.ttl: cannot parse turtle"):
        validate(junk)
    with pytest.raises(MapperError, match="not an RDF file"):
        validate(tmp_path / "x.csv")


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(label=_text, note=_text)
def test_any_label_survives_every_rdf_format(label, note):
    pm = samples.seed_mapping()
    row = replace(pm.rows[1].row, label=label)
    pm = replace(pm, rows=(replace(pm.rows[1], row=row, note=note),))
    line = URIRef(iris.line_iri(samples.SEED_SHA, 1))
    for fmt in ("nt", "ttl", "trig"):
        ds = Dataset()
        ds.parse(data=emit.render([pm], fmt), format=RDFLIB_FORMAT[fmt])
        labels = [str(o) for _, _, o, _ in ds.quads((line, RDFS.label, None, None))]
        assert labels == [label], fmt


def test_every_vocabulary_term_used_is_declared_in_the_ontology(seed):
    from mapper.config import ONTOLOGY_DIR

    onto = Graph().parse(ONTOLOGY_DIR / "xbrl-mapper.ttl")
    declared = {str(s) for s in onto.subjects(RDFS.label, None)}
    out = Graph().parse(data=emit.render([seed, samples.duration_mapping()], "nt"), format="nt")
    used = {str(p) for p in out.predicates()} | {str(o) for o in out.objects(None, RDF.type)}
    xm_used = {u for u in used if u.startswith(iris.VOCAB)}
    assert len(xm_used) > 40
    assert xm_used <= declared, sorted(xm_used - declared)
    OWL = Namespace("http://www.w3.org/2002/07/owl#")
    assert (URIRef("https://w3id.org/xbrl-mapper/vocab"), RDF.type, OWL.Ontology) in onto


def test_jsonld_is_compact_with_the_turtle_prefixes(seed):
    import json

    doc = json.loads(emit.render([seed], "jsonld"))
    ctx = doc["@context"]
    assert ctx["us-gaap"] == "http://fasb.org/us-gaap/2024#"
    assert ctx["skos"] == "http://www.w3.org/2004/02/skos/core#"
    nodes = doc["@graph"]
    gross = [n for n in nodes if n.get("skos:exactMatch") == {"@id": "us-gaap:DeferredTaxAssetsGross"}]
    assert len(gross) == 1 and gross[0]["rdfs:label"] == "Total Deferred Tax Assets"


FACT_PERIODS = """
PREFIX xm: <https://w3id.org/xbrl-mapper/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?label ?begin ?end WHERE {
  ?f a xm:Fact ; xm:lineItem ?l ; xm:period ?p .
  ?l rdfs:label ?label .
  OPTIONAL { ?p time:hasBeginning/time:inXSDDate ?begin }
  OPTIONAL { ?p time:hasEnd/time:inXSDDate ?end }
  OPTIONAL { ?p time:inXSDDate ?end }
}
"""


def test_a_statement_of_equitys_facts_get_the_periods_its_balance_rows_name(compiled_cache, bench_rpages, tmp_path):
    """Corsair's statement of stockholders' equity: its columns are the equity components, so no
    column names a period; "Balance at Dec. 31, 2021" is an instant, and the rows between it and
    "Balance at Dec. 31, 2022" are the changes of 2022. The facts carry those periods and their
    component's column header, and the output passes the shapes."""
    from mapper.pipeline import map_file
    from mapper.resolve.catalog import load_catalog

    page = "gen_crsr_10_K_20241231_R007_Role_StatementConsolidatedStatementsOfStockholdersEquity.txt"
    pm = map_file(bench_rpages / page, load_catalog(compiled_cache))
    out = tmp_path / "equity.ttl"
    emit.write([pm], "ttl", out)
    ok, report = validate(out)
    assert ok, report
    got = {(str(r.label), str(r.begin) if r.begin else None, str(r.end)) for r in load(out).query(FACT_PERIODS)}
    assert ("Balance at Dec. 31, 2021", None, "2021-12-31") in got
    assert ("Net income (loss)", "2022-01-01", "2022-12-31") in got
    assert ("Net income (loss)", "2023-01-01", "2023-12-31") in got
    headers = {str(h) for h in load(out).objects(None, XM.columnHeader)}
    assert {"Common Stock", "Retained Earnings (Accumulated Deficit)", "Total"} <= headers


MEMBER_SUMS = """
PREFIX xm: <https://w3id.org/xbrl-mapper/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?member (SUM(?v) AS ?total) WHERE {
  ?l rdfs:label "Fair Value" ; xm:underMember/rdfs:label ?member .
  ?f xm:lineItem ?l ; xm:value ?v ; xm:column 0 .
} GROUP BY ?member
"""


def test_lines_under_a_member_row_name_it_so_sparql_can_tell_their_facts_apart(compiled_cache, bench_rpages,
                                                                              tmp_path):
    """Tesla's recurring fair values: "Fair Value" is shown under every security type and level.
    Each of those lines points to the member row it sits under, so SPARQL can group the facts by
    member; the output passes the shapes."""
    from mapper.pipeline import map_file
    from mapper.resolve.catalog import load_catalog

    pm = map_file(bench_rpages / "secsgmlc_output_R57.txt", load_catalog(compiled_cache))
    out = tmp_path / "fv.ttl"
    emit.write([pm], "ttl", out)
    ok, report = validate(out)
    assert ok, report
    sums = {str(r.member): float(r.total) for r in load(out).query(MEMBER_SUMS)}
    assert sums["Commercial paper"] == 5617e6
    assert sums["Level II | Commercial paper"] == 5617e6 and sums["Level I | Commercial paper"] == 0.0
