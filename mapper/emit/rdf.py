"""RDF output: each PageMapping becomes statements in the document's own named graph.

Statements are built as N-Triples strings (:mod:`.terms`): N-Quads/N-Triples are written
directly; Turtle and TriG are produced from them by pyoxigraph (parse + serialise in Rust), and
JSON-LD by pyoxigraph too, then compacted against an ``@context`` of the same prefixes.
Vocabulary: ``ontologies/xbrl-mapper.ttl``; shapes: ``ontologies/xbrl-mapper-shapes.ttl``.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Callable, Iterable

from pyoxigraph import Quad, RdfFormat, Triple, parse, serialize

from ..resolve.model import SKOS_PREDICATES, PageMapping, RowMapping
from ..rpage.model import Page, Period
from . import iris
from . import terms as t
from .common import (NO_TERM_FOUND, SEMAPV, SSSOM, custom_unit, decimal_text, justification,
                     relation, rounded, target, tool_version, under_members, unit_iris, value_column,
                     value_period)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = t.XSD
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


class _V:
    """Encoded vocabulary terms, built once."""
    a = t.iri(RDF + "type")
    label = t.iri(RDFS + "label")
    comment = t.iri(RDFS + "comment")
    title = t.iri(DCTERMS + "title")
    used = t.iri(PROV + "used")
    generated_by = t.iri(PROV + "wasGeneratedBy")
    associated = t.iri(PROV + "wasAssociatedWith")
    started = t.iri(PROV + "startedAtTime")
    entity = t.iri(PROV + "Entity")
    activity = t.iri(PROV + "Activity")
    software = t.iri(PROV + "SoftwareAgent")
    source = t.iri(OWL + "annotatedSource")
    prop = t.iri(OWL + "annotatedProperty")
    target = t.iri(OWL + "annotatedTarget")
    no_term = t.iri(NO_TERM_FOUND)
    subject_label = t.iri(SSSOM + "subject_label")
    object_label = t.iri(SSSOM + "object_label")
    confidence = t.iri(SSSOM + "confidence")
    justification = t.iri(SSSOM + "mapping_justification")
    tool = t.iri(SSSOM + "mapping_tool")
    tool_version = t.iri(SSSOM + "mapping_tool_version")
    instant = t.iri(TIME + "Instant")
    interval = t.iri(TIME + "Interval")
    in_date = t.iri(TIME + "inXSDDate")
    beginning = t.iri(TIME + "hasBeginning")
    end = t.iri(TIME + "hasEnd")
    skos = {rel: t.iri(p) for rel, p in SKOS_PREDICATES.items()}
    tool_name = t.string("xbrl-mapper")


_XM_TERMS = ("Document", "LineItem", "Mapping", "Evidence", "Alternative", "Fact", "MappingRun",
             "TaxonomyVersion", "sha256", "sourcePath", "inputFormat", "softwareVersion", "version",
             "checksum", "namespace", "rowIndex", "rowKind", "inDocument", "isExtension", "isMember",
             "footnote", "mapping", "inTaxonomy", "blockIndex", "evidence", "alternative", "signal",
             "detail", "score", "order", "rank", "concept", "lineItem", "rawValue", "valueKind",
             "displayedNegative", "value", "scale", "unit", "unitDenominator", "unitName", "column",
             "columnHeader", "period", "months", "underMember")
X = type("X", (), {name: t.iri(XM + name) for name in _XM_TERMS})

Add = Callable[[str, str, str], None]


def _datetime(text: str) -> str | None:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return None
    return t.typed(text, XSD + "dateTime")


def _period(add: Add, period: Period) -> str:
    node = t.own(iris.period_iri(period))
    if period.kind == "duration" and period.start is not None:
        add(node, _V.a, _V.interval)
        for pred, day in ((_V.beginning, period.start), (_V.end, period.end)):
            inst = t.own(iris.instant_iri(day))
            add(node, pred, inst)
            add(inst, _V.a, _V.instant)
            add(inst, _V.in_date, t.xsd_date(day))
        if period.months is not None:
            add(node, X.months, t.integer(period.months))
    else:
        add(node, _V.a, _V.instant)
        add(node, _V.in_date, t.xsd_date(period.end))
    return node


def _provenance(add: Add, pm: PageMapping, doc: str, activity: str) -> None:
    page = pm.page
    add(doc, _V.a, X.Document)
    add(doc, _V.a, _V.entity)
    add(doc, X.sha256, t.string(page.checksum))
    add(doc, X.sourcePath, t.string(page.source))
    add(doc, X.inputFormat, t.string(page.format))
    add(doc, _V.title, t.string(page.title))
    version = tool_version(pm)
    agent = t.own(iris.agent_iri(version))
    add(agent, _V.a, _V.software)
    add(agent, _V.label, _V.tool_name)
    add(agent, X.softwareVersion, t.string(version))
    add(activity, _V.a, X.MappingRun)
    add(activity, _V.a, _V.activity)
    add(activity, _V.used, doc)
    add(activity, _V.associated, agent)
    started = _datetime(pm.generated_at) if pm.generated_at else None
    if started is not None:
        add(activity, _V.started, started)
    for tax in pm.taxonomies:
        node = t.own(iris.taxonomy_iri(tax.name))
        add(activity, _V.used, node)
        add(node, _V.a, X.TaxonomyVersion)
        add(node, _V.a, _V.entity)
        add(node, _V.label, t.string(tax.name))
        add(node, X.version, t.string(tax.version))
        if tax.checksum:
            add(node, X.checksum, t.string(tax.checksum))
        for ns in tax.namespaces:
            add(node, X.namespace, t.typed(ns, XSD + "anyURI"))


def _mapping(add: Add, checksum: str, rm: RowMapping, line: str, activity: str,
             version: str) -> None:
    i = rm.row.index
    m = t.own(iris.mapping_iri(checksum, i))
    concept = target(rm)
    pred = _V.skos[relation(rm) or "exact"]
    if concept is not None:
        add(line, pred, t.iri(concept.iri))
    add(line, X.mapping, m)
    add(m, _V.a, X.Mapping)
    add(m, _V.source, line)
    add(m, _V.prop, pred)
    add(m, _V.target, t.iri(concept.iri) if concept else _V.no_term)
    add(m, _V.subject_label, t.string(rm.row.label))
    if concept is not None and concept.label:
        add(m, _V.object_label, t.string(concept.label))
    add(m, _V.confidence, t.double(rounded(rm.confidence)))
    add(m, _V.justification, t.iri(SEMAPV + justification(rm)))
    add(m, _V.tool, _V.tool_name)
    add(m, _V.tool_version, version)
    add(m, X.inTaxonomy, t.boolean(rm.in_taxonomy))
    if rm.block_index is not None:
        add(m, X.blockIndex, t.integer(rm.block_index))
    if rm.note:
        add(m, _V.comment, t.string(rm.note))
    add(m, _V.generated_by, activity)
    evidence = [t.own(iris.evidence_iri(checksum, i, k)) for k in range(len(rm.evidence))]
    alternatives = [t.own(iris.alternative_iri(checksum, i, r + 1)) for r in range(len(rm.alternatives))]
    for e in evidence:                       # links first: keeps the mapping's triples together
        add(m, X.evidence, e)
    for a in alternatives:
        add(m, X.alternative, a)
    for k, (ev, e) in enumerate(zip(rm.evidence, evidence)):
        add(e, _V.a, X.Evidence)
        add(e, X.signal, t.string(ev.signal))
        add(e, X.detail, t.string(ev.detail))
        add(e, X.score, t.double(rounded(ev.score)))
        add(e, X.order, t.integer(k))
    for rank, (alt, a) in enumerate(zip(rm.alternatives, alternatives), start=1):
        add(a, _V.a, X.Alternative)
        add(a, X.concept, t.iri(alt.concept.iri))
        add(a, X.score, t.double(rounded(alt.score)))
        add(a, X.rank, t.integer(rank))


def _facts(add: Add, page: Page, rm: RowMapping, line: str, doc: str,
           periods: dict[Period, str]) -> None:
    row = rm.row
    concept = t.iri(rm.concept.iri) if rm.concept is not None else None
    for j, value in enumerate(row.values):
        col = value_column(page, row, j)
        period = None
        shown = value_period(col, row)
        if shown is not None:   # period first: keeps fact triples together
            period = periods.get(shown)
            if period is None:
                period = periods[shown] = _period(add, shown)
        f = t.own(iris.fact_iri(page.checksum, row.index, j))
        add(f, _V.a, X.Fact)
        add(f, X.lineItem, line)
        add(f, X.inDocument, doc)
        add(f, X.rawValue, t.string(value.raw))
        add(f, X.valueKind, t.string(value.kind))
        add(f, X.displayedNegative, t.boolean(value.negative))
        number = decimal_text(value.number)
        if number is not None:
            add(f, X.value, t.typed(number, XSD + "decimal"))
            add(f, X.scale, t.integer(value.scale))
            unit, per = unit_iris(page, value)
            if unit:
                add(f, X.unit, t.iri(unit))
            if per:
                add(f, X.unitDenominator, t.iri(per))
            word = custom_unit(value)
            if word:
                add(f, X.unitName, t.string(word))
        if concept is not None:
            add(f, X.concept, concept)
        if col is not None:
            add(f, X.column, t.integer(col.index))
            if col.period is None and col.header:   # a component ("Retained Earnings"), a member ...
                add(f, X.columnHeader, t.string(col.header))
        if period is not None:
            add(f, X.period, period)


def page_statements(pm: PageMapping) -> list[tuple[str, str, str]]:
    """Every statement of one page as encoded ``(subject, predicate, object)``, in a fixed order."""
    page = pm.page
    doc = t.own(iris.doc_iri(page.checksum))
    activity = t.own(iris.activity_iri(page.checksum))
    out: list[tuple[str, str, str]] = []
    append = out.append

    def add(s: str, p: str, o: str) -> None:
        append((s, p, o))

    _provenance(add, pm, doc, activity)
    periods: dict[Period, str] = {}
    version = t.string(tool_version(pm))
    for rm, member_row in zip(pm.rows, under_members(pm)):
        row = rm.row
        line = t.own(iris.line_iri(page.checksum, row.index))
        add(line, _V.a, X.LineItem)
        add(line, _V.label, t.string(row.label))
        add(line, X.rowIndex, t.integer(row.index))
        add(line, X.rowKind, t.string(row.kind))
        add(line, X.inDocument, doc)
        add(line, X.isExtension, t.boolean(rm.extension))
        if rm.member:
            add(line, X.isMember, t.TRUE)
        if member_row is not None:
            add(line, X.underMember, t.own(iris.line_iri(page.checksum, member_row)))
        for mark in row.footnotes:
            add(line, X.footnote, t.string(mark))
        add(line, _V.generated_by, activity)
        _mapping(add, page.checksum, rm, line, activity, version)
        _facts(add, page, rm, line, doc, periods)
    return out


def nquads(mappings: Iterable[PageMapping]) -> bytes:
    """N-Quads: each page's statements in its named graph (the document IRI)."""
    parts = []
    for pm in mappings:
        g = t.own(iris.doc_iri(pm.page.checksum))
        parts.extend(f"{s} {p} {o} {g} .\n" for s, p, o in page_statements(pm))
    return _utf8("".join(parts))


def ntriples(mappings: Iterable[PageMapping]) -> bytes:
    """N-Triples: all pages merged, duplicate statements (shared periods, agent) removed."""
    merged = dict.fromkeys(st for pm in mappings for st in page_statements(pm))
    return _utf8("".join(f"{s} {p} {o} .\n" for s, p, o in merged))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "replace")   # a lone surrogate becomes "?" rather than a crash


def prefixes(mappings: Iterable[PageMapping]) -> dict[str, str]:
    """Prefixes for Turtle/TriG: the vocabularies, ``period:``, ``doc:``, ``line_``/``mapping_``/
    ``fact_`` per document and the concept prefixes seen."""
    out = dict(PREFIXES)
    out["period"] = iris.PERIOD_NAMESPACE
    out["doc"] = iris.DOC_NAMESPACE
    for pm in mappings:
        out.update(iris.doc_prefixes(pm.page.checksum))
        for rm in pm.rows:
            for c in (rm.concept, rm.anchor, *(a.concept for a in rm.alternatives)):
                if c is not None and c.prefix not in out:
                    out[c.prefix] = c.namespace + "#"
    return out


def render_bytes(mappings: list[PageMapping], fmt: str) -> bytes:
    """Serialise to ``ttl``, ``nt``, ``nq``, ``trig`` or ``jsonld`` (UTF-8 bytes)."""
    if fmt == "nq":
        return nquads(mappings)
    if fmt == "nt":
        return ntriples(mappings)
    if fmt == "trig":
        data = parse(nquads(mappings), format=RdfFormat.N_QUADS)
    else:
        data = parse(ntriples(mappings), format=RdfFormat.N_TRIPLES)
    if fmt == "jsonld":
        return jsonld(mappings)
    return serialize(data, format=RDF_FORMATS[fmt], prefixes=prefixes(mappings))


def jsonld(mappings: list[PageMapping]) -> bytes:
    """Compact JSON-LD: an ``@context`` with the same prefixes as the Turtle output, so keys read
    ``skos:exactMatch`` and concepts ``us-gaap:DeferredTaxAssetsGross``. pyoxigraph writes
    expanded JSON-LD only; its IRIs are then shortened to compact IRIs of the context (rdflib's
    compaction gives the same graph about 4x slower)."""
    data = parse(ntriples(mappings), format=RdfFormat.N_TRIPLES)
    nodes = json.loads(serialize(data, format=RdfFormat.JSON_LD))
    ctx = prefixes(mappings)
    short = _curie_maker(ctx)
    graph = [_compact_node(n, short) for n in nodes]
    return json.dumps({"@context": ctx, "@graph": graph}, ensure_ascii=False).encode("utf-8") + b"\n"


def _curie_maker(ctx: dict[str, str]) -> Callable[[str], str]:
    """IRI -> ``prefix:local`` under the longest namespace of ``ctx`` that starts it (memoised)."""
    spaces = sorted(((ns, p) for p, ns in ctx.items()), key=lambda kv: -len(kv[0]))
    memo: dict[str, str] = {}

    def short(iri: str) -> str:
        got = memo.get(iri)
        if got is None:
            got = iri
            for ns, p in spaces:
                rest = iri[len(ns):]
                # "prefix://..." would read as an absolute IRI again: keep such IRIs whole
                if iri.startswith(ns) and rest and not rest.startswith("//"):
                    got = f"{p}:{rest}"
                    break
            memo[iri] = got
        return got
    return short


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _compact_node(node, short: Callable[[str], str]):
    """One expanded JSON-LD value, compacted: property keys, ``@id`` and ``@type`` IRIs
    shortened, ``rdf:type`` as ``@type``, plain strings for untyped literals, single values
    unwrapped from their arrays."""
    if isinstance(node, list):
        items = [_compact_node(v, short) for v in node]
        return items[0] if len(items) == 1 else items
    if not isinstance(node, dict):
        return node
    if set(node) == {"@value"}:
        return node["@value"]
    out = {}
    for k, v in node.items():
        if k == "@id":
            out[k] = short(v)
        elif k == _RDF_TYPE and all(set(t) == {"@id"} for t in v):
            types = [short(t["@id"]) for t in v]
            out["@type"] = types[0] if len(types) == 1 else types
        elif k == "@type":
            out[k] = [short(t) for t in v] if isinstance(v, list) else short(v)
        elif k.startswith("@"):
            out[k] = _compact_node(v, short) if k == "@graph" else v
        else:
            out[short(k)] = _compact_node(v, short)
    return out


def render(mappings: list[PageMapping], fmt: str) -> str:
    return render_bytes(mappings, fmt).decode("utf-8")


def page_quads(pm: PageMapping) -> list[Quad]:
    """One page as pyoxigraph quads (e.g. for ``Store.extend``)."""
    return list(parse(nquads([pm]), format=RdfFormat.N_QUADS))


def quads(mappings: list[PageMapping]) -> list[Quad]:
    """All pages as pyoxigraph quads, one named graph per document."""
    return list(parse(nquads(mappings), format=RdfFormat.N_QUADS))


def triples(mappings: list[PageMapping]) -> list[Triple]:
    """All pages merged into one graph as pyoxigraph triples."""
    return list(parse(ntriples(mappings), format=RdfFormat.N_TRIPLES))


def to_rdflib(mappings: list[PageMapping]):
    """The output as an rdflib ``Dataset`` (for pyshacl and rdflib users)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=nquads(mappings), format="nquads")
    return ds
