"""A compiled taxonomy as linked data (model: ontologies/taxonomy.ttl).

* the taxonomy version is a ``skos:ConceptScheme`` (and ``xm:Taxonomy``) whose IRI is also the
  named graph holding it: ``https://w3id.org/xbrl-mapper/id/taxonomy/<name>``;
* each concept ``<namespace#LocalName>`` (the IRI mapping outputs point at) is a
  ``skos:Concept`` with ``skos:prefLabel`` (standard role), ``skos:altLabel`` (other roles),
  and one SKOS-XL label node per label keeping its role (``xm:labelRole``), ``skos:definition``,
  data type, balance, period type, and ``xm:reference`` nodes carrying one property per part;
* each relationship is an ``xm:Relationship`` node (arcrole, link role, source, target, order,
  weight, preferred label). Only general-special and wider-narrower arcs also give
  ``skos:broader``; calculation and presentation never do.

The N-Triples text is built as plain strings (fast: us-gaap is ~1M triples) and handed to
pyoxigraph in one transaction.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote

from ..errors import MapperError
from ..taxonomy.model import (DOCUMENTATION_ROLE, LABEL_ROLES, STANDARD_LABEL_ROLE, Concept,
                              Relationship, TaxonomyInfo)
from .store import TAXONOMY_GRAPH_PREFIX, VOCAB

REF_VOCAB = "https://w3id.org/xbrl-mapper/vocab/ref#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"

GENERAL_SPECIAL = "http://www.xbrl.org/2003/arcrole/general-special"
WIDER_NARROWER = "http://www.esma.europa.eu/xbrl/esef/arcrole/wider-narrower"
# Arcroles whose target is narrower than its source (so target skos:broader source).
BROADER_ARCROLES = frozenset({GENERAL_SPECIAL, WIDER_NARROWER})
REL_CLASSES = {"calculation": "CalculationRelationship", "presentation": "PresentationRelationship",
               "definition": "DefinitionRelationship"}


@dataclass(frozen=True)
class TaxonomyRdf:
    graph: str                      # named graph = concept scheme IRI
    lines: tuple[str, ...]          # N-Triples statements without the final " ."
    skipped_relationships: int      # arcs naming a prefix with no known namespace

    def ntriples(self) -> str:
        return "".join(f"{line} .\n" for line in self.lines)

    def nquads(self) -> str:
        g = f" <{self.graph}> .\n"
        return "".join(line + g for line in self.lines)


def taxonomy_graph_iri(name: str) -> str:
    return TAXONOMY_GRAPH_PREFIX + quote(name, safe="-._~")


def _iri(value: str) -> str:
    return "<" + quote(value, safe=":/?#[]@!$&'()*+,;=-._~%") + ">"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    body = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{body}@{lang}"
    if dtype:
        return f"{body}^^<{dtype}>"
    return body


def _dec(x: float) -> str:
    return _lit(format(Decimal(repr(float(x))).normalize(), "f"), dtype=XSD + "decimal")


def _date_type(text: str) -> str:
    """xsd:date for YYYY-MM-DD, xsd:gYear for a bare year (packages give either)."""
    if len(text) == 4 and text.isdigit():
        return XSD + "gYear"
    return XSD + "date" if len(text) == 10 and text[4] == "-" and text[7] == "-" else XSD + "string"


def _v(term: str) -> str:
    return f"<{VOCAB}{term}>"


def _concept_lines(c: Concept, scheme: str, base: str) -> Iterator[str]:
    s = _iri(c.iri)
    key = quote(f"{c.prefix}_{c.local_name}", safe="-._~")
    yield f"{s} <{RDF}type> <{SKOS}Concept>"
    yield f"{s} <{SKOS}inScheme> {scheme}"
    yield f"{s} <{SKOS}notation> {_lit(c.qname)}"
    yield f"{s} {_v('localName')} {_lit(c.local_name)}"
    yield f"{s} {_v('namespace')} {_lit(c.namespace, dtype=XSD + 'anyURI')}"
    if c.data_type:
        yield f"{s} {_v('dataType')} {_lit(c.data_type)}"
    if c.substitution_group:
        yield f"{s} {_v('substitutionGroup')} {_lit(c.substitution_group)}"
    yield f"{s} {_v('abstract')} {_lit('true' if c.abstract else 'false', dtype=XSD + 'boolean')}"
    if c.balance:
        yield f"{s} {_v('balance')} {_lit(c.balance)}"
    if c.period_type:
        yield f"{s} {_v('periodType')} {_lit(c.period_type)}"
    if c.deprecated:
        yield f"{s} <{OWL}deprecated> {_lit('true', dtype=XSD + 'boolean')}"
        yield f"{s} {_v('deprecatedDate')} {_lit(c.deprecated, dtype=_date_type(c.deprecated))}"
    if c.documentation:
        yield f"{s} <{SKOS}definition> {_lit(c.documentation)}"
    preferred = {(lab.lang, lab.text) for lab in c.labels if lab.role == STANDARD_LABEL_ROLE}
    seen_pref: set[str] = set()
    alt_done: set[tuple[str, str]] = set()
    for k, lab in enumerate(c.labels):
        if lab.role == DOCUMENTATION_ROLE:
            continue
        node = f"<{base}/label/{key}/{k}>"
        is_pref = lab.role == STANDARD_LABEL_ROLE and lab.lang not in seen_pref
        lit = _lit(lab.text, lang=lab.lang or None)
        if is_pref:
            seen_pref.add(lab.lang)
            yield f"{s} <{SKOS}prefLabel> {lit}"
            yield f"{s} <{SKOSXL}prefLabel> {node}"
        else:
            # SKOS: a text cannot be both the preferred and an alternative label (S13).
            if (lab.lang, lab.text) not in preferred and (lab.lang, lab.text) not in alt_done:
                alt_done.add((lab.lang, lab.text))
                yield f"{s} <{SKOS}altLabel> {lit}"
            yield f"{s} <{SKOSXL}altLabel> {node}"
        yield f"{node} <{RDF}type> <{SKOSXL}Label>"
        yield f"{node} <{SKOSXL}literalForm> {lit}"
        yield f"{node} {_v('labelRole')} {_iri(lab.role)}"
        short = LABEL_ROLES.get(lab.role)
        if short:
            yield f"{node} {_v('labelRoleName')} {_lit(short)}"
    for k, ref in enumerate(c.references):
        node = f"<{base}/reference/{key}/{k}>"
        yield f"{s} {_v('reference')} {node}"
        yield f"{node} <{RDF}type> {_v('Reference')}"
        if ref.role:
            yield f"{node} {_v('referenceRole')} {_iri(ref.role)}"
        for part, value in ref.parts:
            yield f"{node} <{REF_VOCAB}{quote(part, safe='-._~')}> {_lit(value)}"
        citation = reference_citation(ref.parts)
        if citation:
            yield f"{node} <{RDFS}label> {_lit(citation)}"


def reference_citation(parts: tuple[tuple[str, str], ...]) -> str:
    """A short citation: "ASC 740-10-50-2(a)" for the Codification, else the parts joined."""
    d = dict(parts)
    if d.get("Name") == "Accounting Standards Codification" and d.get("Topic"):
        nums = [d[k] for k in ("Topic", "SubTopic", "Section", "Paragraph") if d.get(k)]
        sub = d.get("Subparagraph", "")
        sub = sub if not sub or sub.startswith("(") else f"({sub})"
        return "ASC " + "-".join(nums) + sub
    return " ".join(v for p, v in parts if p not in ("URI", "URIDate", "Publisher"))


def _relationship_lines(r: Relationship, k: int, ns_of: dict[str, str], base: str) -> Iterator[str] | None:
    sp, _, sl = r.source.partition(":")
    tp, _, tl = r.target.partition(":")
    if sp not in ns_of or tp not in ns_of:
        return None
    src, tgt = _iri(f"{ns_of[sp]}#{sl}"), _iri(f"{ns_of[tp]}#{tl}")
    node = f"<{base}/relationship/{r.kind}/{k}>"
    out = [f"{node} <{RDF}type> {_v('Relationship')}",
           f"{node} <{RDF}type> {_v(REL_CLASSES.get(r.kind, 'Relationship'))}",
           f"{node} {_v('arcrole')} {_iri(r.arcrole)}",
           f"{node} {_v('linkRole')} {_iri(r.link_role)}",
           f"{node} {_v('source')} {src}",
           f"{node} {_v('target')} {tgt}"]
    if r.order is not None:
        out.append(f"{node} {_v('arcOrder')} {_dec(r.order)}")
    if r.weight is not None:
        out.append(f"{node} {_v('weight')} {_dec(r.weight)}")
    if r.preferred_label:
        out.append(f"{node} {_v('preferredLabel')} {_iri(r.preferred_label)}")
    if r.arcrole in BROADER_ARCROLES:
        out.append(f"{tgt} <{SKOS}broader> {src}")
    return iter(out)


# Namespaces of prefixes that relationships may name without the index defining the concept.
KNOWN_NAMESPACES = {
    "srt": "http://fasb.org/srt/{v}",
    "us-gaap": "http://fasb.org/us-gaap/{v}",
    "dei": "http://xbrl.sec.gov/dei/{v}",
}


def taxonomy_to_rdf(info: TaxonomyInfo, concepts: Iterable[Concept],
                    relationships: Iterable[Relationship]) -> TaxonomyRdf:
    """Pure: the N-Triples statements describing one compiled taxonomy."""
    graph = taxonomy_graph_iri(info.name)
    scheme = f"<{graph}>"
    # The scheme is the same node the mapping output's provenance names (xm:TaxonomyVersion).
    lines = [f"{scheme} <{RDF}type> <{SKOS}ConceptScheme>",
             f"{scheme} <{RDF}type> {_v('TaxonomyVersion')}",
             f"{scheme} <{RDFS}label> {_lit(info.name)}",
             f"{scheme} <{DCT}title> {_lit(f'{info.prefix} {info.version}')}",
             f"{scheme} {_v('version')} {_lit(info.version)}",
             f"{scheme} {_v('prefix')} {_lit(info.prefix)}",
             f"{scheme} {_v('entryPoint')} {_lit(info.entry_point)}",
             f"{scheme} {_v('checksum')} {_lit(info.checksum)}"]
    for ns in info.namespaces:
        lines.append(f"{scheme} {_v('namespace')} {_lit(ns, dtype=XSD + 'anyURI')}")
    if info.built_at:
        lines.append(f"{scheme} <{DCT}created> {_lit(info.built_at)}")
    ns_of = {p: ns.format(v=info.version) for p, ns in KNOWN_NAMESPACES.items()}
    for c in concepts:
        ns_of.setdefault(c.prefix, c.namespace)
        if c.prefix == info.prefix:
            ns_of[c.prefix] = c.namespace
        lines.extend(_concept_lines(c, scheme, graph))
    skipped = 0
    for k, r in enumerate(relationships):
        rl = _relationship_lines(r, k, ns_of, graph)
        if rl is None:
            skipped += 1
        else:
            lines.extend(rl)
    return TaxonomyRdf(graph, tuple(lines), skipped)


def index_to_rdf(index) -> TaxonomyRdf:
    """From a ``mapper.taxonomy.open(...)`` index."""
    return taxonomy_to_rdf(index.info, index.concepts(), index.relationships())


def write_to_store(rdf: TaxonomyRdf, store_dir: str | Path):
    """Replace the taxonomy's graph in the store (one transaction)."""
    from .store import open_store

    with open_store(store_dir) as store:
        return store.replace_graph_ntriples(rdf.graph, rdf.ntriples())


def write_to_file(rdf: TaxonomyRdf, path: str | Path, fmt: str) -> None:
    """Write as nt/nq directly, or as ttl/trig/jsonld through pyoxigraph (with prefixes)."""
    import pyoxigraph as ox

    from ..atomic import atomic_write_bytes, atomic_write_text
    from .formats import rdf_format
    from .store import PREFIXES

    if fmt == "nt":
        atomic_write_text(path, rdf.ntriples())
    elif fmt == "nq":
        atomic_write_text(path, rdf.nquads())
    else:
        target = rdf_format(fmt)
        quads = ox.parse(rdf.nquads(), format=ox.RdfFormat.N_QUADS)
        items = quads if target.supports_datasets else (q.triple for q in quads)
        prefixes = dict(PREFIXES, xmref=REF_VOCAB) if fmt in ("ttl", "trig") else None
        atomic_write_bytes(path, ox.serialize(items, format=target, prefixes=prefixes))


def cli_export(args) -> int:
    """``xbrl-mapper taxonomy export-rdf NAME [--store DIR] [-o FILE] [--format F]``.

    args: name, store (dir or None), output (path or None), format (or None), cache (dir or None).
    With neither --store nor -o, writes into the default store.
    """
    from .. import taxonomy
    from ..config import default_store_dir
    from .formats import guess_rdf_format

    with taxonomy.open(args.name, cache_dir=getattr(args, "cache", None)) as index:
        rdf = index_to_rdf(index)
    output = getattr(args, "output", None)
    store_dir = getattr(args, "store", None)
    fmt = getattr(args, "format", None)
    if output:
        fmt = fmt or guess_rdf_format(output)
        write_to_file(rdf, output, fmt)
        print(f"wrote {len(rdf.lines)} triples of <{rdf.graph}> to {output} ({fmt})", file=sys.stderr)
    if store_dir or not output:
        info = write_to_store(rdf, store_dir or default_store_dir())
        print(f"loaded <{info.iri}> ({info.triples} triples) into {store_dir or default_store_dir()}",
              file=sys.stderr)
    if rdf.skipped_relationships:
        print(f"note: {rdf.skipped_relationships} relationships name concepts of unknown namespaces "
              "and were left out", file=sys.stderr)
    return 0


__all__ = ["TaxonomyRdf", "taxonomy_to_rdf", "index_to_rdf", "taxonomy_graph_iri", "write_to_store",
           "write_to_file", "cli_export", "MapperError"]
