"""Render a page description as EDGAR-style R page HTML.

Used by the tests and the parser benchmark to exercise the HTML parser on every bench case
(the bench ships text renderings only). Plain data in, a string out: the caller decides where
the data comes from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .values import shape_of


@dataclass(frozen=True)
class RenderRow:
    label: str
    values: tuple[str | None, ...]          # one per column, None where empty
    element: str | None = None
    abstract: bool = False
    segment: bool = False
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderBlock:
    element: str
    definition: str | None = None
    reference_lines: tuple[str, ...] = ()   # "Reference 1: role", "-Topic 740", or NO_DEF
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RenderPage:
    title_lines: tuple[str, ...]
    groups: tuple[tuple[str, int], ...]     # ("12 Months Ended", colspan), leftmost leaves
    headers: tuple[str, ...]
    rows: tuple[RenderRow, ...]
    blocks: tuple[RenderBlock, ...] = ()
    footnotes: tuple[tuple[str, str], ...] = field(default=())


def _onclick(element: str | None) -> str:
    return f"Show.showAR( this, 'defref_{escape(element or '', quote=True)}', window );"


def _value_class(v: str) -> str:
    if shape_of(v) in ("number", "money", "percent"):
        return "num" if "(" in v else "nump"
    return "text"


def render_html(page: RenderPage) -> str:
    """EDGAR-style HTML: table.report + hidden authRefData blocks + footnotes table."""
    ncols = len(page.headers)
    out = ['<html><head><title></title></head><body>',
           '<span style="display: none;">v3.24.3</span>',
           '<table class="report" border="0" cellspacing="2" id="idm1">']
    title = "<br> ".join(escape(t) for t in page.title_lines)
    grouped = sum(n for _, n in page.groups)
    two_rows = bool(page.groups)
    rs = ' rowspan="2"' if two_rows else ""
    out.append(f'<tr><th class="tl" colspan="1"{rs}><div style="width: 200px;"><strong>{title}'
               '</strong></div></th>')
    if two_rows:
        for text, n in page.groups:
            out.append(f'<th class="th" colspan="{n}">{escape(text)}</th>')
        for h in page.headers[grouped:]:
            out.append(f'<th class="th" rowspan="2"><div>{escape(h)}</div></th>')
        out.append("</tr><tr>")
        for h in page.headers[:grouped]:
            out.append(f'<th class="th"><div>{escape(h)}</div></th>')
    else:
        for h in page.headers:
            out.append(f'<th class="th"><div>{escape(h)}</div></th>')
    out.append("</tr>")
    for i, r in enumerate(page.rows):
        cls = "rh" if r.segment else ("re" if i % 2 else "ro")
        label = escape(r.label)
        if r.abstract:
            label = f"<strong>{label}</strong>"
        sups = "".join(f"<sup>{escape(m)}</sup>" for m in r.footnotes)
        out.append(f'<tr class="{cls}"><td class="pl" style="border-bottom: 0px;" valign="top">'
                   f'<a class="a" href="javascript:void(0);" onclick="{_onclick(r.element)}">'
                   f'{label}</a>{sups}</td>')
        for k in range(ncols):
            v = r.values[k] if k < len(r.values) else None
            if v is None:
                out.append('<td class="text">&#160;<span></span></td>')
            else:
                out.append(f'<td class="{_value_class(v)}">{escape(v)}<span></span></td>')
        out.append("</tr>")
    if page.footnotes:
        out.append(f'<tr><td colspan="{ncols + 1}"><table class="outerFootnotes" width="100%">')
        for mark, text in page.footnotes:
            out.append(f'<tr class="outerFootnote"><td style="vertical-align: top;">'
                       f'{escape(mark)}</td><td style="vertical-align: top;">{escape(text)}</td></tr>')
        out.append("</table></td></tr>")
    out.append("</table>")
    out.append('<div style="display: none;">')
    for b in page.blocks:
        out.append(_block(b))
    out.append("</div></body></html>")
    return "\n".join(out)


def _toggle(text: str) -> str:
    return f'<a href="javascript:void(0);" onclick="Show.toggleNext( this );">{text}</a>'


def _block(b: RenderBlock) -> str:
    parts = [f'<table border="0" cellpadding="0" cellspacing="0" class="authRefData" '
             f'style="display: none;" id="defref_{escape(b.element, quote=True)}">',
             '<tr><td class="hide"><a style="color: white;" href="javascript:void(0);" '
             'onclick="Show.hideAR();">X</a></td></tr><tr><td><div class="body" style="padding: 2px;">']
    member = "=" in b.element or (b.definition is None and not b.reference_lines)
    if not member:
        if b.definition is not None:
            parts.append(_toggle("- Definition") + f"<div><p>{escape(b.definition)}</p></div>")
            parts.append(_toggle("+ References"))
        else:
            parts.append(_toggle("- References"))
        refs = "<br>".join(escape(x if not x.startswith("-") else " " + x) for x in b.reference_lines)
        parts.append(f'<div style="display: none;"><p>{refs}</p></div>')
        parts.append(_toggle("+ Details"))
    else:
        parts.append(_toggle("- Details"))
    rows = "".join(f"<tr><td><strong> {escape(k)}:</strong></td><td>{escape(v)}</td></tr>"
                   for k, v in b.details)
    parts.append(f'<div style="display: none;"><table border="0" cellpadding="0" cellspacing="0">'
                 f"{rows}</table></div></div></td></tr></table>")
    return "\n".join(parts)


def page_from_gold(gold: dict) -> RenderPage:
    """A :class:`RenderPage` from a bench gold case (schema: shared/bench/rpages/README.md)."""
    rows = []
    for r in gold["rows"]:
        el = r.get("element") or ""
        marks: list[str] = []
        for ref in r.get("footnote_refs") or ():
            for m in str(ref).split(","):
                if m.strip() and m.strip() not in marks:
                    marks.append(m.strip())
        rows.append(RenderRow(label=r["label"], values=tuple(r["values"]), element=el or None,
                              abstract=bool(r.get("is_abstract")),
                              segment=not el or el.endswith("Axis"), footnotes=tuple(marks)))
    blocks = []
    for b in gold.get("definition_blocks") or ():
        lines = tuple(x for ref in b.get("references") or () for x in ref)
        details = tuple((k, v or "") for k, v in (b.get("details") or {}).items())
        blocks.append(RenderBlock(element=b["element"], definition=b.get("definition") or None,
                                  reference_lines=lines, details=details))
    foot = tuple((f["mark"], f["text"]) for f in gold.get("footnotes") or ())
    groups = tuple((g["text"], int(g["colspan"])) for g in gold.get("column_groups") or ())
    return RenderPage(title_lines=tuple(gold["title_lines"]), groups=groups,
                      headers=tuple(gold["column_headers"]), rows=tuple(rows),
                      blocks=tuple(blocks), footnotes=foot)
