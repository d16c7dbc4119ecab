"""SSSOM TSV output: a mapping set with a YAML header (``#``-prefixed) and one mapping per row.

Subjects are line items as CURIEs (one prefix per document, e.g. ``line_1a2b3c4d5e6f:4`` for
row 4), objects are taxonomy concepts (``us-gaap:DeferredTaxAssetsGross``). A row with nothing to map
to (an extension without an anchor) gets SSSOM's ``sssom:NoTermFound``.
"""
from __future__ import annotations

import json
import re

from ..resolve.model import ConceptRef, PageMapping, RowMapping
from . import iris
from .common import SEMAPV, SSSOM, justification, relation, rounded, signals, target, tool_version

LICENSE = "https://w3id.org/sssom/license/unspecified"
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
           "mapping_justification", "confidence", "mapping_tool", "mapping_tool_version", "comment")
BASE_PREFIXES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": SEMAPV,
    "sssom": SSSOM,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
_PLAIN = re.compile(r"^[A-Za-z0-9_./:#+-]*$")


def _yaml(value: str) -> str:
    """A YAML scalar: plain when safe, else a double-quoted (JSON-compatible) string."""
    if value and _PLAIN.match(value) and not value.startswith(("#", "-", ":")) and ": " not in value \
            and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _cell(text: str | None) -> str:
    """One TSV cell: tabs, line breaks and other control characters become a space."""
    return "" if text is None else _BREAKS.sub(" ", text)


class _Curies:
    """Concept namespace -> prefix, keeping prefixes unique when two versions share one."""

    def __init__(self) -> None:
        self.by_ns: dict[str, str] = {}
        self.used: set[str] = set(BASE_PREFIXES)

    def curie(self, c: ConceptRef) -> str:
        ns = c.namespace + "#"
        prefix = self.by_ns.get(ns)
        if prefix is None:
            prefix, n = c.prefix, 2
            while prefix in self.used:
                prefix, n = f"{c.prefix}{n}", n + 1
            self.by_ns[ns] = prefix
            self.used.add(prefix)
        return f"{prefix}:{c.local_name}"


def _comment(rm: RowMapping) -> str:
    parts = []
    if rm.extension:
        parts.append("company extension element" + (" (anchor)" if rm.anchor else ""))
    if not rm.in_taxonomy:
        parts.append("not in this taxonomy version")
    if rm.note:
        parts.append(rm.note)
    if rm.evidence:
        parts.append("signals: " + ",".join(signals(rm)))
    return "; ".join(parts)


def _record(pm: PageMapping, rm: RowMapping, curies: _Curies) -> tuple[str, ...]:
    concept = target(rm)
    rel = relation(rm) or "exact"
    pred = {"exact": "exactMatch", "close": "closeMatch", "broad": "broadMatch",
            "narrow": "narrowMatch"}[rel]
    return (
        f"{iris.line_prefix(pm.page.checksum)}:{rm.row.index}",
        _cell(rm.row.label),
        f"skos:{pred}",
        curies.curie(concept) if concept else "sssom:NoTermFound",
        _cell(concept.label if concept else None),
        f"semapv:{justification(rm)}",
        f"{rounded(rm.confidence):.4f}",
        "xbrl-mapper",
        tool_version(pm),
        _cell(_comment(rm)),
    )


def render(mappings: list[PageMapping], *, license: str = LICENSE) -> str:
    curies = _Curies()
    records = [_record(pm, rm, curies) for pm in mappings for rm in pm.rows]
    curie_map = {iris.line_prefix(pm.page.checksum): iris.line_namespace(pm.page.checksum)
                 for pm in mappings}
    curie_map.update({p: ns for ns, p in curies.by_ns.items()})
    curie_map.update(BASE_PREFIXES)
    first = mappings[0]
    dates = sorted({pm.generated_at[:10] for pm in mappings if pm.generated_at})
    title = first.page.title if len(mappings) == 1 else f"{len(mappings)} documents"
    header = ["curie_map:"] + [f"  {p}: {_yaml(ns)}" for p, ns in curie_map.items()]
    header += [
        f"mapping_set_id: {_yaml(iris.mapping_set_iri([pm.page.checksum for pm in mappings]))}",
        f"mapping_set_title: {_yaml('xbrl-mapper: ' + _cell(title))}",
        f"license: {_yaml(license)}",
        "mapping_tool: xbrl-mapper",
        f"mapping_tool_version: {json.dumps(tool_version(first))}",
    ]
    if dates:
        header.append(f"mapping_date: {_yaml(dates[-1])}")
    lines = ["#" + h for h in header]
    lines.append("\t".join(COLUMNS))
    lines += ["\t".join(r) for r in records]
    return "\n".join(lines) + "\n"
