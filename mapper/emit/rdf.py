"""RDF output: each PageMapping becomes quads in the document's own named graph.

The graph is built directly as pyoxigraph terms (no rdflib graph in between) and serialised
by pyoxigraph; ``benchmarks/bench_emit.py`` compares this with building an rdflib graph.
Vocabulary: ``ontologies/xbrl-mapper.ttl``; shapes: ``ontologies/xbrl-mapper-shapes.ttl``.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Callable, Iterable

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from ..resolve.model import SKOS_PREDICATES, PageMapping, RowMapping
from ..rpage.model import Page, Period
from . import iris
from .common import NO_TERM_FOUND, SEMAPV, SSSOM, justification, relation, rounded, target, \
    tool_version, unit_iris, value_column, decimal_text

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
DCTERMS = "http://purl.org/dc/terms/"
XM = iris.VOCAB

PREFIXES = {
    "xm": XM, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS, "prov": PROV,
    "time": TIME, "dcterms": DCTERMS, "sssom": SSSOM, "semapv": SEMAPV,
    "iso4217": "http://www.xbrl.org/2003/iso4217#", "xbrli": "http://www.xbrl.org/2003/instance#",
}

RDF_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "nq": RdfFormat.N_QUADS,
               "trig": RdfFormat.TRIG, "jsonld": RdfFormat.JSON_LD}
QUAD_FORMATS = ("nq", "trig")

_nodes: dict[str, NamedNode] = {}


def _n(iri: str) -> NamedNode:
    node = _nodes.get(iri)
    if node is None:
        node = _nodes[iri] = NamedNode(iri)
        if len(_nodes) > 4096:           # keep the cache for vocabulary terms, not instance IRIs
            _nodes.clear()
    return node


A = NamedNode(RDF + "type")
_T = {name: NamedNode(XSD + name) for name in ("integer", "decimal", "double", "boolean", "date",
                                                   "dateTime", "anyURI")}
TOOL = Literal("xbrl-mapper")
TRUE = Literal("true", datatype=_T["boolean"])
FALSE = Literal("false", datatype=_T["boolean"])


def _int(i: int) -> Literal:
    return Literal(str(i), datatype=_T["integer"])


def _dbl(x: float) -> Literal:
    return Literal(repr(rounded(x)), datatype=_T["double"])


def _bool(b: bool) -> Literal:
    return TRUE if b else FALSE


def _date(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=_T["date"])


def _datetime(text: str) -> Literal | None:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return None
    return Literal(text, datatype=_T["dateTime"])


def _period(add: Callable, period: Period) -> NamedNode:
    node = NamedNode(iris.period_iri(period))
    if period.kind == "duration" and period.start is not None:
        begin, end = NamedNode(iris.instant_iri(period.start)), NamedNode(iris.instant_iri(period.end))
        add(node, A, _n(TIME + "Interval"))
        add(node, _n(TIME + "hasBeginning"), begin)
        add(node, _n(TIME + "hasEnd"), end)
        if period.months is not None:
            add(node, _n(XM + "months"), _int(period.months))
        for inst, day in ((begin, period.start), (end, period.end)):
            add(inst, A, _n(TIME + "Instant"))
            add(inst, _n(TIME + "inXSDDate"), _date(day))
    else:
        add(node, A, _n(TIME + "Instant"))
        add(node, _n(TIME + "inXSDDate"), _date(period.end))
    return node


def _provenance(add: Callable, pm: PageMapping, doc: NamedNode, activity: NamedNode) -> None:
    page = pm.page
    add(doc, A, _n(XM + "Document"))
    add(doc, A, _n(PROV + "Entity"))
    add(doc, _n(XM + "sha256"), Literal(page.checksum))
    add(doc, _n(XM + "sourcePath"), Literal(page.source))
    add(doc, _n(XM + "inputFormat"), Literal(page.format))
    add(doc, _n(DCTERMS + "title"), Literal(page.title))
    version = tool_version(pm)
    agent = NamedNode(iris.agent_iri(version))
    add(agent, A, _n(PROV + "SoftwareAgent"))
    add(agent, _n(RDFS + "label"), Literal("xbrl-mapper"))
    add(agent, _n(XM + "softwareVersion"), Literal(version))
    add(activity, A, _n(XM + "MappingRun"))
    add(activity, A, _n(PROV + "Activity"))
    add(activity, _n(PROV + "used"), doc)
    add(activity, _n(PROV + "wasAssociatedWith"), agent)
    started = _datetime(pm.generated_at) if pm.generated_at else None
    if started is not None:
        add(activity, _n(PROV + "startedAtTime"), started)
    for tax in pm.taxonomies:
        t = NamedNode(iris.taxonomy_iri(tax.name))
        add(activity, _n(PROV + "used"), t)
        add(t, A, _n(XM + "TaxonomyVersion"))
        add(t, A, _n(PROV + "Entity"))
        add(t, _n(RDFS + "label"), Literal(tax.name))
        add(t, _n(XM + "version"), Literal(tax.version))
        if tax.checksum:
            add(t, _n(XM + "checksum"), Literal(tax.checksum))
        for ns in tax.namespaces:
            add(t, _n(XM + "namespace"), Literal(ns, datatype=_T["anyURI"]))


def _mapping(add: Callable, checksum: str, rm: RowMapping, line: NamedNode,
             activity: NamedNode, version: Literal) -> None:
    i = rm.row.index
    m = NamedNode(iris.mapping_iri(checksum, i))
    concept = target(rm)
    rel = relation(rm)
    pred = _n(SKOS_PREDICATES[rel] if rel else SKOS_PREDICATES["exact"])
    if concept is not None:
        add(line, pred, _n(concept.iri))
    add(line, _n(XM + "mapping"), m)
    add(m, A, _n(XM + "Mapping"))
    add(m, _n(OWL + "annotatedSource"), line)
    add(m, _n(OWL + "annotatedProperty"), pred)
    add(m, _n(OWL + "annotatedTarget"), _n(concept.iri if concept else NO_TERM_FOUND))
    add(m, _n(SSSOM + "subject_label"), Literal(rm.row.label))
    if concept is not None and concept.label:
        add(m, _n(SSSOM + "object_label"), Literal(concept.label))
    add(m, _n(SSSOM + "confidence"), _dbl(rm.confidence))
    add(m, _n(SSSOM + "mapping_justification"), _n(SEMAPV + justification(rm)))
    add(m, _n(SSSOM + "mapping_tool"), TOOL)
    add(m, _n(SSSOM + "mapping_tool_version"), version)
    add(m, _n(XM + "isExtension"), _bool(rm.extension))
    add(m, _n(XM + "inTaxonomy"), _bool(rm.in_taxonomy))
    if rm.block_index is not None:
        add(m, _n(XM + "blockIndex"), _int(rm.block_index))
    if rm.note:
        add(m, _n(RDFS + "comment"), Literal(rm.note))
    add(m, _n(PROV + "wasGeneratedBy"), activity)
    for k, ev in enumerate(rm.evidence):
        e = NamedNode(iris.evidence_iri(checksum, i, k))
        add(m, _n(XM + "evidence"), e)
        add(e, A, _n(XM + "Evidence"))
        add(e, _n(XM + "signal"), Literal(ev.signal))
        add(e, _n(XM + "detail"), Literal(ev.detail))
        add(e, _n(XM + "score"), _dbl(ev.score))
        add(e, _n(XM + "order"), _int(k))
    for rank, alt in enumerate(rm.alternatives, start=1):
        a = NamedNode(iris.alternative_iri(checksum, i, rank))
        add(m, _n(XM + "alternative"), a)
        add(a, A, _n(XM + "Alternative"))
        add(a, _n(XM + "concept"), _n(alt.concept.iri))
        add(a, _n(XM + "score"), _dbl(alt.score))
        add(a, _n(XM + "rank"), _int(rank))


def _facts(add: Callable, page: Page, rm: RowMapping, line: NamedNode, doc: NamedNode,
           periods: dict[Period, NamedNode]) -> None:
    row = rm.row
    for j, value in enumerate(row.values):
        f = NamedNode(iris.fact_iri(page.checksum, row.index, j))
        add(f, A, _n(XM + "Fact"))
        add(f, _n(XM + "lineItem"), line)
        add(f, _n(XM + "inDocument"), doc)
        add(f, _n(XM + "rawValue"), Literal(value.raw))
        add(f, _n(XM + "valueKind"), Literal(value.kind))
        add(f, _n(XM + "displayedNegative"), _bool(value.negative))
        number = decimal_text(value.number)
        if number is not None:
            add(f, _n(XM + "value"), Literal(number, datatype=_T["decimal"]))
            add(f, _n(XM + "scale"), _int(value.scale))
        unit, per = unit_iris(page, value)
        if unit and number is not None:
            add(f, _n(XM + "unit"), _n(unit))
            if per:
                add(f, _n(XM + "unitDenominator"), _n(per))
        if rm.concept is not None:
            add(f, _n(XM + "concept"), _n(rm.concept.iri))
        col = value_column(page, row, j)
        if col is not None:
            add(f, _n(XM + "column"), _int(col.index))
            if col.period is not None:
                node = periods.get(col.period)
                if node is None:
                    node = periods[col.period] = _period(add, col.period)
                add(f, _n(XM + "period"), node)


def page_quads(pm: PageMapping) -> list[Quad]:
    """Every quad of one page, in its named graph (the document IRI). Deterministic order."""
    page = pm.page
    doc = NamedNode(iris.doc_iri(page.checksum))
    activity = NamedNode(iris.activity_iri(page.checksum))
    quads: list[Quad] = []
    append = quads.append

    def add(s, p, o) -> None:
        append(Quad(s, p, o, doc))

    _provenance(add, pm, doc, activity)
    periods: dict[Period, NamedNode] = {}
    version = Literal(tool_version(pm))
    for rm in pm.rows:
        row = rm.row
        line = NamedNode(iris.line_iri(page.checksum, row.index))
        add(line, A, _n(XM + "LineItem"))
        add(line, _n(RDFS + "label"), Literal(row.label))
        add(line, _n(XM + "rowIndex"), _int(row.index))
        add(line, _n(XM + "rowKind"), Literal(row.kind))
        add(line, _n(XM + "inDocument"), doc)
        add(line, _n(XM + "isExtension"), _bool(rm.extension))
        if rm.member:
            add(line, _n(XM + "isMember"), TRUE)
        for mark in row.footnotes:
            add(line, _n(XM + "footnote"), Literal(mark))
        add(line, _n(PROV + "wasGeneratedBy"), activity)
        _mapping(add, page.checksum, rm, line, activity, version)
        _facts(add, page, rm, line, doc, periods)
    return quads


def _prefixes(mappings: Iterable[PageMapping]) -> dict[str, str]:
    out = dict(PREFIXES)
    out["period"] = iris.PERIOD_NAMESPACE
    for pm in mappings:
        out[iris.line_prefix(pm.page.checksum)] = iris.line_namespace(pm.page.checksum)
        for rm in pm.rows:
            for c in (rm.concept, rm.anchor, *(a.concept for a in rm.alternatives)):
                if c is not None and c.prefix not in out:
                    out[c.prefix] = c.namespace + "#"
    return out


def quads(mappings: list[PageMapping]) -> list[Quad]:
    """All quads of all pages (one named graph per document)."""
    out: list[Quad] = []
    for pm in mappings:
        out.extend(page_quads(pm))
    return out


def triples(mappings: list[PageMapping]) -> list[Triple]:
    """All pages merged into one graph (duplicates such as shared periods removed)."""
    return list(dict.fromkeys(q.triple for q in quads(mappings)))


def render_bytes(mappings: list[PageMapping], fmt: str) -> bytes:
    """Serialise to ``ttl``, ``nt``, ``nq``, ``trig`` or ``jsonld`` (UTF-8 bytes)."""
    rdf_format = RDF_FORMATS[fmt]
    data = quads(mappings) if fmt in QUAD_FORMATS else triples(mappings)
    prefixes = _prefixes(mappings) if fmt in ("ttl", "trig") else None
    out = serialize(data, format=rdf_format, prefixes=prefixes)
    if fmt == "jsonld":
        out = (json.dumps(json.loads(out), ensure_ascii=False, indent=1) + "\n").encode()
    return out


def render(mappings: list[PageMapping], fmt: str) -> str:
    return render_bytes(mappings, fmt).decode("utf-8")


def to_rdflib(mappings: list[PageMapping]):
    """The output as an rdflib ``Dataset`` (for pyshacl and rdflib users)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=render_bytes(mappings, "nq"), format="nquads")
    return ds
