"""EDGAR R page HTML (``R4.htm`` style) -> :class:`Page`.

``table.report``: the first header cell (``th.tl``) holds the title and scaling line
(``<br>``-separated); spanning ``th`` cells are period groups; ``tr`` rows start with
``td.pl`` (label, linking to ``defref_<element>``) followed by one value cell per column.
Hidden ``table.authRefData`` blocks (``id="defref_..."``) hold Definition / References /
Details. Element names seen in the HTML are kept as *observed* elements only.
"""
from __future__ import annotations

import re

from ..errors import MapperError
from ..safexml import parse_html_bytes
from .model import DefinitionBlock, Page, RowKind
from .periods import build_columns, row_periods
from .rowkinds import RawRow, build_rows
from .references import parse_reference_lines
from .text import page_warnings, scaling_pairs
from .values import parse_scaling

_DEFREF = re.compile(r"defref_([^'\"\s)]+)")
_MARK = re.compile(r"^\[\d+\]$")
_WS = re.compile(r"\s+")


def _iter_text(el, skip_sup: bool = True):
    """Text pieces of ``el`` in document order; <br> -> space; <sup> skipped (footnote marks)."""
    if el.tag == "br":
        yield " "
    elif not (skip_sup and el.tag == "sup"):
        if el.text:
            yield el.text
        for child in el:
            yield from _iter_text(child, skip_sup)
    if el.tail:
        yield el.tail


def _clean(s: str) -> str:
    return _WS.sub(" ", s.replace("\xa0", " ")).strip()


def _inner_text(el, skip_sup: bool = True) -> str:
    """Text of ``el`` without its own tail."""
    pieces = []
    if el.text:
        pieces.append(el.text)
    for child in el:
        pieces.extend(_iter_text(child, skip_sup))
    return _clean("".join(pieces))


def _lines_of(el) -> list[str]:
    """Text of ``el`` split at <br> (title cell, reference paragraphs)."""
    buf: list[str] = []
    out: list[str] = []

    def walk(node, top=False):
        if node.tag == "br":
            out.append("".join(buf))
            buf.clear()
        else:
            if node.text:
                buf.append(node.text)
            for ch in node:
                walk(ch)
        if not top and node.tail:
            buf.append(node.tail)

    walk(el, top=True)
    out.append("".join(buf))
    return [c for c in (_clean(x) for x in out) if c]


def _marks(el) -> tuple[str, ...]:
    return tuple(m for m in (_clean(s.text_content()) for s in el.iter("sup")) if _MARK.match(m))


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _int(v: str | None, default: int = 1) -> int:
    try:
        return max(1, int(v)) if v else default
    except ValueError:
        return default


def parse_html(data: bytes, source: str, checksum: str = "") -> Page:
    """Parse an EDGAR R page; raises MapperError when the HTML is not one."""
    root = parse_html_bytes(_as_utf8(data), source)
    report = next((t for t in root.iter("table") if "report" in _classes(t)), None)
    if report is None:
        raise MapperError("not an R page: no <table class=\"report\">", path=source,
                          line=_line(root))
    trs = [tr for tr in report.iter("tr") if _owner_table(tr) is report]
    head_rows = [tr for tr in trs if tr.find("th") is not None]
    if not head_rows:
        raise MapperError("not an R page: report table has no header", path=source,
                          line=report.sourceline)
    title_lines, leaves, owners = _header(head_rows)
    if not title_lines:
        raise MapperError("not an R page: no title cell", path=source, line=head_rows[0].sourceline)
    raw_rows: list[RawRow] = []
    footnotes: list[tuple[str, str]] = []
    for tr in trs:
        if tr in head_rows:
            continue
        tds = [td for td in tr if td.tag == "td"]
        if not tds:
            continue
        inner = next((t for t in tr.iter("table") if "outerFootnotes" in _classes(t)
                      or "footnotes" in (t.get("class") or "").lower()), None)
        if inner is not None:
            footnotes.extend(_footnotes(inner))
            continue
        if "pl" not in _classes(tds[0]):
            continue
        raw_rows.append(_row(tds, tr))
    for t in root.iter("table"):
        if "outerFootnotes" in _classes(t) and _owner_table(t) is not report:
            footnotes.extend(_footnotes(t))
    blocks = tuple(_block(i, t, source) for i, t in enumerate(
        t for t in root.iter("table") if "authRefData" in _classes(t)))
    columns = build_columns([], leaves, owners=owners)
    scale_line = title_lines[1] if len(title_lines) > 1 and parse_scaling(title_lines[1]) else None
    scaling = parse_scaling(scale_line) if scale_line else None
    rows = build_rows(raw_rows, title_lines[0], scaling,
                      member_blocks=sum(b.empty for b in blocks), ncols=len(columns),
                      headers=tuple(c.header for c in columns),
                      members_possible=not blocks or any(b.empty for b in blocks))
    rows = row_periods(rows, columns)
    if not rows:
        raise MapperError("R page has no rows", path=source, line=report.sourceline)
    warnings = page_warnings(blocks)
    return Page(source=source, checksum=checksum, format="rpage-html", title=title_lines[0],
                title_lines=tuple(title_lines), scale_line=scale_line,
                scales=scaling_pairs(scaling), columns=columns, rows=rows, blocks=blocks,
                footnotes=tuple(dict.fromkeys(footnotes)), warnings=warnings)


_CHARSET = re.compile(rb"<meta[^>]+charset", re.I)


def _as_utf8(data: bytes) -> bytes:
    """EDGAR pages often omit a charset; lxml would then read UTF-8 as Latin-1. Declare UTF-8
    when the bytes are valid UTF-8 and the page names no charset itself."""
    if _CHARSET.search(data[:4096]):
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">' + data


def _line(root) -> int | None:
    return getattr(root, "sourceline", None)


def _owner_table(el):
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _header(head_rows) -> tuple[list[str], list[str], list[str | None]]:
    """Title lines, leaf headers in column order, and the group over each leaf."""
    first = head_rows[0]
    ths = [th for th in first if th.tag == "th"]
    title_lines = _lines_of(ths[0]) if ths else []
    rest = ths[1:]
    second = [th for th in head_rows[1] if th.tag == "th"] if len(head_rows) > 1 else []
    if not second:
        leaves: list[str] = [_inner_text(th) for th in rest]
        return title_lines, leaves, [None] * len(leaves)
    leaves = []
    owners: list[str | None] = []
    queue = list(second)
    for th in rest:
        text = _inner_text(th)
        if _int(th.get("rowspan")) >= 2:     # a leaf spanning both header rows: no group
            leaves.append(text)
            owners.append(None)
            continue
        n = _int(th.get("colspan"))
        taken = [_inner_text(x) for x in queue[:n]]
        queue = queue[n:]
        leaves.extend(taken)
        owners.extend([text or None] * len(taken))
    for x in queue:
        leaves.append(_inner_text(x))
        owners.append(None)
    return title_lines, leaves, owners


def _row(tds, tr) -> RawRow:
    label_td = tds[0]
    ref = next((hit for a in label_td.iter("a") if (hit := _DEFREF.search(a.get("onclick") or ""))), None)
    element = ref.group(1) if ref is not None else None
    label = _inner_text(label_td)
    bold = label_td.find(".//strong") is not None or label_td.find(".//b") is not None
    marks = list(_marks(label_td))
    values, cols = [], []
    col = 0
    for td in tds[1:]:
        text = _inner_text(td)
        for m in _marks(td):
            if m not in marks:
                marks.append(m)
        if text:
            values.append(text)
            cols.append(col)
        col += _int(td.get("colspan"))
    hint: RowKind | None = "segment" if "rh" in _classes(tr) else ("heading" if bold else None)
    return RawRow(label=label, values=tuple(values), line=tr.sourceline, columns=tuple(cols),
                  observed_element=element, kind_hint=hint, footnotes=tuple(marks))


def _footnotes(table) -> list[tuple[str, str]]:
    out = []
    for tr in table.iter("tr"):
        tds = [td for td in tr if td.tag == "td"]
        if len(tds) >= 2:
            mark = _clean(tds[0].text_content())
            if _MARK.match(mark):
                out.append((mark, _clean(" ".join(td.text_content() for td in tds[1:]))))
    return out


def _block(index: int, table, source: str) -> DefinitionBlock:
    element = (table.get("id") or "")
    element = element[len("defref_"):] if element.startswith("defref_") else (element or None)
    body = next((d for d in table.iter("div") if "body" in _classes(d)), table)
    definition: str | None = None
    ref_lines: list[str] = []
    details: list[tuple[str, str]] = []
    sections = 0
    for a in body.iter("a"):
        head = _clean(a.text_content())
        if not re.match(r"^[+-] (Definition|References|Details)$", head):
            continue
        sections += 1
        panel = a.getnext()
        if panel is None:
            continue
        kind = head[2:]
        if kind == "Definition":
            definition = _clean(panel.text_content()) or None
        elif kind == "References":
            for p in panel.iter("p"):
                ref_lines.extend(_lines_of(p))
        else:
            for tr in panel.iter("tr"):
                tds = [td for td in tr if td.tag == "td"]
                if len(tds) >= 2:
                    key = _clean(tds[0].text_content()).rstrip(":")
                    details.append((key, _clean(tds[1].text_content())))
    refs, no_def = parse_reference_lines([(t, None) for t in ref_lines], source, strict=False)
    member = element is not None and "=" in element
    empty = member or (definition is None and not refs and not no_def)
    return DefinitionBlock(index=index, definition=definition, references=refs,
                           details=tuple(details), no_definition=no_def, empty=empty,
                           observed_element=element, line=table.sourceline)


__all__ = ["parse_html"]
