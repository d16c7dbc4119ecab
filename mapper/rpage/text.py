"""The R-page text format (seed style) -> :class:`Page`.

Layout: ``|`` / title lines / header cells (``|`` + cell, top row first) / ``|label`` and
``|value`` lines (empty cells dropped) / footnote pairs ``|[1]`` + ``|text`` / one definition
block per hidden table (``|X``, ``- Definition``, ``+ References``, text, ``+ Details``,
``Reference N: role`` + ``-Part value`` lines or ``No definition available.``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ..errors import MapperError
from .model import DefinitionBlock, Page, Reference
from .references import parse_reference_lines
from .periods import build_columns, is_group_header, row_periods
from .rowkinds import RawRow, build_rows
from .segment import is_statement_title, segment
from .values import is_garbled_number, parse_scaling

_BLOCK_OPENERS = ("- Definition", "- References")
MAX_BODY_LINES = 100_000     # real R pages have a few thousand at most
MAX_COLUMNS = 100            # values per row the segmenter considers


class Line(NamedTuple):        # a body line (a tuple: made cheaply, thousands per page)
    no: int        # 1-based line number in the file
    text: str


def _lines(text: str) -> list[str]:
    """The page's lines; line ``i`` of the list is line ``i + 1`` of the file. (Plain strings:
    pages have thousands of lines, most of them in definition blocks.)"""
    return [t.rstrip("\r") for t in text.split("\n")]


def _is_block_start(lines: list[str], i: int) -> bool:
    return lines[i].strip() == "|X" and i + 1 < len(lines) and \
        lines[i + 1].strip() in _BLOCK_OPENERS


def parse_text(text: str, source: str, checksum: str = "") -> Page:
    """Parse one page in the text format; raises MapperError naming file and line."""
    lines = _lines(text)
    while lines and not lines[-1].strip():
        lines.pop()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        raise MapperError("empty page", path=source)
    if lines[i].strip() != "|":
        raise MapperError("not an R page: expected '|' before the title", path=source,
                          line=i + 1)
    i += 1
    title_lines: list[str] = []
    while i < len(lines) and not lines[i].startswith("|"):
        if lines[i].strip():
            title_lines.append(lines[i].strip())
        i += 1
    if not title_lines:
        raise MapperError("not an R page: no title line", path=source,
                          line=min(i, len(lines) - 1) + 1)
    # header cells: "|" then a line that does not start with "|"
    cells: list[str] = []
    while i + 1 < len(lines) and lines[i].strip() == "|" and \
            not lines[i + 1].startswith("|"):
        cells.append(lines[i + 1].strip())
        i += 2
    # body up to the first definition block
    body: list[Line] = []
    while i < len(lines):
        t = lines[i]
        if "|X" in t and _is_block_start(lines, i):     # cheap test first
            break
        if t.startswith("|"):
            body.append(Line(i + 1, t[1:].strip()))
        elif t.strip() and body:
            # a wrapped cell: continuation of the previous line
            prev = body[-1]
            body[-1] = Line(prev.no, f"{prev.text} {t.strip()}")
        elif t.strip():
            raise MapperError(f"unexpected line before the first row: {t.strip()[:60]!r}",
                              path=source, line=i + 1)
        i += 1
    blocks = _parse_blocks(lines, i, source)
    body, footnotes = _split_footnotes(body)
    for ln in body:
        if is_garbled_number(ln.text):
            raise MapperError(f"garbled number {ln.text[:40]!r}", path=source, line=ln.no)
    groups = [c for c in cells if is_group_header(c)]
    leaves = [c for c in cells if not is_group_header(c)]
    columns = build_columns(groups, leaves)
    scale_line = title_lines[1] if len(title_lines) > 1 and parse_scaling(title_lines[1]) else None
    scaling = parse_scaling(scale_line) if scale_line else None
    if len(body) > MAX_BODY_LINES:
        raise MapperError(f"page too large for an R page ({len(body)} row lines)", path=source,
                          line=body[MAX_BODY_LINES].no)
    seg = segment([b.text for b in body], min(len(columns), MAX_COLUMNS),
                  statement=is_statement_title(title_lines[0]))
    raw_rows = [RawRow(label=body[lab].text, values=tuple(body[v].text for v in vals),
                       line=body[lab].no) for lab, vals in seg]
    rows = build_rows(raw_rows, title_lines[0], scaling,
                      member_blocks=member_block_count(blocks), ncols=len(columns),
                      headers=tuple(c.header for c in columns),
                      members_possible=not blocks or any(b.empty for b in blocks))
    rows = row_periods(rows, columns)
    warnings = page_warnings(blocks)
    if not rows and not blocks:
        raise MapperError("not an R page: no rows and no definition blocks", path=source,
                          line=len(lines))
    if not rows:
        raise MapperError("page has definition blocks but no rows", path=source,
                          line=blocks[0].line)
    return Page(source=source, checksum=checksum, format="rpage-text", title=title_lines[0],
                title_lines=tuple(title_lines), scale_line=scale_line,
                scales=scaling_pairs(scaling), columns=columns, rows=rows, blocks=blocks,
                footnotes=footnotes, warnings=warnings)


def member_block_count(blocks: tuple[DefinitionBlock, ...]) -> int:
    """The axis=member blocks: the run of empty blocks after the element blocks. (EDGAR's 2012
    renderer also leaves an abstract's block empty, in sorted place among the others.)"""
    n = 0
    for b in reversed(blocks):
        if not b.empty:
            break
        n += 1
    return n


def scaling_pairs(scaling) -> tuple[tuple[str, int], ...]:
    if scaling is None:
        return ()
    pairs = list(scaling.factors)
    if scaling.default:
        pairs.append(("*", scaling.default))
    if scaling.shares_default is not None and not scaling.factor("shares"):
        pairs.append(("shares", scaling.shares_default))
    return tuple(pairs)


def page_warnings(blocks: tuple[DefinitionBlock, ...]) -> tuple[str, ...]:
    """Warnings for a page that parsed but lacks something the resolver would use."""
    out = []
    if not blocks:
        out.append("page has no definition blocks: only labels and values can be used")
    return tuple(out)


def _split_footnotes(body: list[Line]) -> tuple[list[Line], tuple[tuple[str, str], ...]]:
    """Footnote pairs "|[1]" "|text" at the end of the body."""
    for start in range(len(body) - 1):
        if body[start].text != "[1]":
            continue
        pairs, j, k = [], start, 1
        while j + 1 < len(body) and body[j].text == f"[{k}]":
            pairs.append((body[j].text, body[j + 1].text))
            j += 2
            k += 1
        if j == len(body) and pairs:
            return body[:start], tuple(pairs)
    return body, ()


def _parse_blocks(lines: list[str], start: int, source: str) -> tuple[DefinitionBlock, ...]:
    """The "|X" blocks in ``lines[start:]``."""
    # index of each block's "|X" line (cheap test first)
    groups = [i for i in range(start, len(lines)) if "|X" in lines[i] and lines[i].strip() == "|X"]
    ends = groups[1:] + [len(lines)]
    for i in range(start, groups[0] if groups else len(lines)):
        if lines[i].strip():
            raise MapperError("unexpected text before the definition blocks", path=source,
                              line=i + 1)
    return tuple(_parse_block(idx, lines, first, end, source)
                 for idx, (first, end) in enumerate(zip(groups, ends)))


def _parse_block(index: int, lines: list[str], first: int, end: int,
                 source: str) -> DefinitionBlock:
    """One "|X" block: ``lines[first]`` is the "|X" line, the block ends before ``lines[end]``."""
    try:
        definition, refs, no_def = _block_content(tuple(lines[first + 1:end]))
    except MapperError as exc:      # exc.line: position in the block (0: the "|X" line)
        raise MapperError(exc.problem, path=source, line=first + (exc.line or 0) + 1) from None
    empty = definition is None and not refs and not no_def
    return DefinitionBlock(index=index, definition=definition, references=refs,
                           no_definition=no_def, empty=empty, line=first + 1)


@lru_cache(maxsize=2048)
def _block_content(texts: tuple[str, ...]) -> tuple[str | None, tuple[Reference, ...], bool]:
    """(definition, references, said "No definition available.") of the lines after a "|X".
    Sections: definition text (between "+ References" and "+ Details"), then the references
    (after "+ Details"). Errors are MapperErrors whose ``line`` is the position in the block:
    1 for ``texts[0]``, 0 for the "|X" line. (Pure and memoised: the same element's block
    recurs on many pages.)"""
    body = [(pos, t.strip()) for pos, t in enumerate(texts, 1) if t.strip()]
    if not body or body[0][1] not in _BLOCK_OPENERS:
        raise MapperError("definition block without '- Definition' or '- References'", line=0)
    definition_lines: list[str] = []
    ref_lines: list[tuple[str, int | None]] = []
    section = "head"
    for pos, t in body:
        if t in ("- Definition", "+ References", "- References") and section in ("head", "def"):
            section = "def" if t == "+ References" else "head"
            continue
        if t == "+ Details" and section in ("head", "def"):
            section = "refs"
            continue
        if section == "def":
            definition_lines.append(t)
        elif section == "refs":
            ref_lines.append((texts[pos - 1], pos))
        else:
            raise MapperError(f"unexpected line in definition block: {t[:60]!r}", line=pos)
    definition = "\n".join(definition_lines) or None
    refs, no_def = parse_reference_lines(ref_lines)
    return definition, refs, no_def


__all__ = ["parse_text", "scaling_pairs", "page_warnings", "member_block_count"]
