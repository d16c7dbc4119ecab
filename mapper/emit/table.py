"""A plain-text table of a page's mapping, for people reading a terminal."""
from __future__ import annotations

from ..resolve.model import PageMapping, RowMapping


def _concept_cell(m: RowMapping) -> str:
    if m.extension:
        base = "(company element)"
        if m.member:
            base = "(company member)"
        return f"{base} -> {m.anchor.qname}" if m.anchor else base
    if m.concept is None:
        return "?"
    cell = m.concept.qname
    if not m.in_taxonomy:
        cell += " (closest; not in this version)"
    return cell


def _values_cell(m: RowMapping, limit: int = 2) -> str:
    vals = [v.raw for v in m.row.values[:limit]]
    more = len(m.row.values) - limit
    return " | ".join(vals) + (f" (+{more})" if more > 0 else "")


def render_table(pm: PageMapping, width: int = 48) -> str:
    rows = [("#", "line", "values", "concept", "rel", "conf", "runner-up")]
    for m in pm.rows:
        label = m.row.label if len(m.row.label) <= width else m.row.label[: width - 1] + "…"
        alt = m.alternatives[0].concept.qname if m.alternatives else ""
        rows.append((str(m.row.index + 1), label, _values_cell(m), _concept_cell(m),
                     m.relation or "", f"{m.confidence:.2f}", alt))
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = [f"{pm.page.title}  [{pm.page.source}]"]
    for n, r in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[k]) for k, cell in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def render_tables(mappings: list[PageMapping]) -> str:
    return "\n".join(render_table(pm) for pm in mappings)
