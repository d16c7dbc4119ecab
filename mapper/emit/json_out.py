"""JSON output: the stable per-page contract (one object per page, rows in page order)."""
from __future__ import annotations

import json
from typing import Any

from ..resolve.model import ConceptRef, PageMapping, RowMapping
from ..rpage.model import Column, Page, Period, Row, Value
from .common import (decimal_text, relation, rounded, tool_version, under_members, unit_name, value_column,
                     value_period)


def _period(p: Period | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"kind": p.kind, "start": p.start.isoformat() if p.start else None, "end": p.end.isoformat()}


def _column(col: Column) -> dict[str, Any]:
    return {"index": col.index, "header": col.header, "group": col.group, "period": _period(col.period)}


def _value(page: Page, row: Row, i: int, v: Value) -> dict[str, Any]:
    col = value_column(page, row, i)
    return {"raw": v.raw, "value": decimal_text(v.number), "kind": v.kind,
            "column": col.index if col is not None else None, "negative": v.negative,
            "unit": unit_name(page, v) if v.number is not None else None,
            "period": _period(value_period(col, row))}


def _qname(c: ConceptRef | None) -> str | None:
    return c.qname if c is not None else None


def row_object(page: Page, rm: RowMapping, under_member: int | None = None) -> dict[str, Any]:
    """One row of the contract, keys in contract order. ``under_member``: the index of the
    dimension-member row it sits under (see under_members)."""
    row = rm.row
    return {
        "index": row.index,
        "label": row.label,
        "kind": row.kind,
        "values": [_value(page, row, i, v) for i, v in enumerate(row.values)],
        "concept": _qname(rm.concept),
        "concept_iri": rm.concept.iri if rm.concept else None,
        "concept_label": rm.concept.label if rm.concept else None,
        "relation": relation(rm),
        "extension": rm.extension,
        "anchor": _qname(rm.anchor),
        "in_taxonomy": rm.in_taxonomy,
        "member": rm.member,
        "under_member": under_member,
        "confidence": rounded(rm.confidence),
        "evidence": [{"signal": e.signal, "detail": e.detail, "score": rounded(e.score)}
                     for e in rm.evidence],
        "alternatives": [{"concept": a.concept.qname, "score": rounded(a.score)}
                         for a in rm.alternatives],
        "block": rm.block_index,
        "note": rm.note,
    }


def page_object(pm: PageMapping) -> dict[str, Any]:
    """The whole contract object of one page."""
    page = pm.page
    return {
        "source": page.source,
        "checksum": page.checksum,
        "format": page.format,
        "title": page.title,
        "columns": [_column(c) for c in page.columns],
        "taxonomies": [{"name": t.name, "version": t.version, "checksum": t.checksum}
                       for t in pm.taxonomies],
        "tool": {"name": "xbrl-mapper", "version": tool_version(pm)},
        "generated_at": pm.generated_at or None,
        "rows": [row_object(page, rm, m) for rm, m in zip(pm.rows, under_members(pm))],
    }


def render(mappings: list[PageMapping]) -> str:
    """One page -> its object; several -> ``{"documents": [...]}``."""
    docs = [page_object(pm) for pm in mappings]
    data: Any = docs[0] if len(docs) == 1 else {"documents": docs}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
