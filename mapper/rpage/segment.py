"""Row segmentation of the text format: which "|line" is a row label and which a value.

The text format drops empty cells, so a row is a label line followed by 0..ncols value
lines, and nothing marks where a row ends. We score every line for how much it looks like a
value versus a label (:func:`line_scores`) and pick the best segmentation over the whole page
with a small dynamic program (:func:`segment`) whose state is (values so far in the current
row, whether they are numeric or text). Row-level terms penalise value-less rows that do not
look like headings and rows that mix numbers with prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .values import shape_of

_MARKER_RX = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table|Axis|Domain|Member)\](?:$| \|)")
_ENUM_RX = re.compile(r"\[Extensible Enumeration\]$")
_CODE = re.compile(r"^(?:\d[\d\-]*\d|\d{4}-\d{2}|[A-Z]{1,4}\d{0,2}|\d{1,2}-[A-Z])$")
_TEXT_LABEL = re.compile(r"\b(?:Name|Names?|Description|Code|Address|City|State|Province|Title|"
                         r"Symbol|Exchange|Type|Category|Flag|Status|Focus|Number|Country|Auditor|"
                         r"Location|Terms?|Policy|Policies|Text|Date|Period|Form|Document)\b", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_UNIT_HINT = re.compile(r"\((?:in|In) [^)]*\)")
_WORD = re.compile(r"[a-z]{3,}")
_SENTENCE = re.compile(r"[a-z0-9)%][.;] +[A-Z(“\"]")
_HEADING_MARKER = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table)\]$")
_STATEMENT = re.compile(r"^(?:(?:unaudited|condensed|consolidated|combined|interim)\s+)*"
                        r"(?:balance sheets?|statements? of)\b", re.I)

NUMERIC, TEXT = 1, 2
NEG = -1e9


@dataclass(frozen=True)
class Weights:
    """Tunable scores (log-odds-like). Positive value score: the line looks like a value.
    Set by hand, then nudged by a coordinate search on the DEV bench (steps of 0.5-1.0);
    ``benchmarks/bench_parse.py`` measures the result."""
    numeric: float = 7.0          # "$ 1,234", "(12)", "37.00%"
    code: float = 2.0             # "001-34756", "TX", "2028-01", "Q2": identifiers and codes
    year: float = -0.5            # "2026": a value, or a maturity-table row label
    typed: float = 4.5            # dates, booleans, durations, --MM-DD, URIs
    text: float = -3.0            # plain prose: a label unless context says otherwise
    marker: float = -12.0         # "[Abstract]", "[Member]" ... : always a label
    colon: float = -4.0           # "Current assets:" : a heading label
    lowercase: float = 1.2        # starts with a lower-case letter: rarely a label
    prose: float = 5.0            # several sentences / very long: a text-block value
    heading: float = -2.2         # a label row with no values that does not look like a heading
    mixed: float = -3.0           # a row mixing numeric and text values
    repeat_label: float = -2.0    # text seen twice on the page as a non-numeric line
    text_label: float = 2.0       # a text value under a label that asks for text ("Name", ...)
    enum_heading: float = -8.0    # an "[Extensible Enumeration]" row without values
    text_multi: float = -2.0      # a second, different text value in one row
    colon_values: float = -3.0    # a "Heading:" row that has values
    unit_hint: float = -3.0       # "(in shares)", "(in thousands)": words of a label
    overlap: float = -2.0         # a text "value" sharing most words with its row label
    echo: float = 3.0             # a text value that starts with its row label (policies)
    long_text: float = 0.0        # a long text line that is not prose (per 60 characters)
    year_run: float = -3.0        # "2026" when 2025/2027 are lines too: a maturity-table label
    before_heading: float = -4.0  # the line just before a repeated "[Line Items]": a member row
    statement_text: float = -3.0  # a text value on a primary statement (balance sheet, ...)


W = Weights()


def is_statement_title(title: str) -> bool:
    """"Consolidated Balance Sheets - USD ($)", "STATEMENTS OF CASH FLOWS ...": a primary
    statement, whose cells are numbers (a text cell there is almost always a label)."""
    return bool(_STATEMENT.match(title.strip())) and "parenthetical" not in title.lower()


def heading_like(text: str) -> bool:
    """Label cues that a row has no values: EDGAR markers or a trailing colon."""
    t = text.rstrip()
    return bool(_MARKER_RX.search(t)) or t.endswith(":") or " | " in t


def value_score(text: str, w: Weights = W) -> tuple[float, int]:
    """(score, class) of a line as a value; class NUMERIC or TEXT."""
    shape = shape_of(text)
    if shape == "text" and _CODE.match(text.strip()):
        return w.code, TEXT
    if shape == "number" and _YEAR.match(text.strip()):
        return w.year, NUMERIC
    if shape in ("number", "money", "percent"):
        return w.numeric, NUMERIC
    if shape in ("date", "boolean", "duration", "monthday", "uri"):
        return w.typed, NUMERIC
    t = text.strip()
    if _MARKER_RX.search(t):
        return w.marker, TEXT
    if t.endswith(":"):
        return w.colon, TEXT
    s = w.text
    if t[:1].islower():
        s += w.lowercase
    if _UNIT_HINT.search(t):
        s += w.unit_hint
    if len(t) > 300 or len(_SENTENCE.findall(t)) >= 2:
        s += w.prose
    elif len(t) > 60:
        s += w.long_text * (len(t) // 60)
    return s, TEXT


def word_overlap(a: str, b: str) -> float:
    """Share of the shorter text's words (3+ letters) found in the other."""
    return _overlap(set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower())))


def _overlap(wa: set[str], wb: set[str]) -> float:
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _row_penalty(label: str, nvalues: int, heading: bool, w: Weights) -> float:
    """Row-level score: value-less rows should look like headings; headings have no values."""
    if nvalues == 0:
        if _ENUM_RX.search(label):
            return w.enum_heading
        return 0.0 if heading else w.heading
    if _MARKER_RX.search(label):
        return w.marker
    if label.rstrip().endswith(":"):
        return w.colon_values
    return 0.0


def _year_runs(lines: list[str]) -> set[str]:
    """Year lines that belong to a run of three consecutive years on the page ("2026", "2027",
    "2028" ...): the labels of a maturity table, not values."""
    years = {int(t) for t in lines if _YEAR.match(t)}
    return {str(y) for y in years
            if (y - 1 in years and y + 1 in years) or (y + 1 in years and y + 2 in years)
            or (y - 1 in years and y - 2 in years)}


def line_scores(lines: list[str], w: Weights = W, statement: bool = False) -> list[tuple[float, int]]:
    """Value score and class per line, with the page-level cues: repeated text, runs of years,
    the line before a repeated "[Line Items]" heading, text cells on a primary statement."""
    counts: dict[str, int] = {}
    for i, t in enumerate(lines):
        if i == 0 or lines[i - 1] != t:       # a run of equal cells counts once
            counts[t] = counts.get(t, 0) + 1
    runs = _year_runs(lines)
    out = []
    for i, t in enumerate(lines):
        s, cls = value_score(t, w)
        if cls == TEXT and counts[t] > 1 and len(t) < 200 and not _CODE.match(t):
            s += w.repeat_label
        if t in runs:
            s += w.year_run
        if i + 1 < len(lines) and counts[lines[i + 1]] > 1 and _HEADING_MARKER.search(lines[i + 1]):
            s += w.before_heading             # EDGAR repeats the line items under each member
        if statement and cls == TEXT:
            s += w.statement_text
        out.append((s, cls))
    return out


def segment(lines: list[str], ncols: int, w: Weights = W,
            statement: bool = False) -> list[tuple[int, list[int]]]:
    """Best segmentation: list of (label line index, [value line indexes]); ``statement``: the
    page is a primary statement (see :func:`is_statement_title`)."""
    n = len(lines)
    if n == 0:
        return []
    cap = max(ncols, 1)
    scores = line_scores(lines, w, statement)
    heads = [heading_like(t) for t in lines]
    enum = [bool(_ENUM_RX.search(t)) for t in lines]
    text_lab = [bool(_TEXT_LABEL.search(t)) or e for t, e in zip(lines, enum)]
    words = [set(_WORD.findall(t.lower())) for t in lines]
    # row terms depend only on the label line and whether the row has values
    pen_empty = [_row_penalty(t, 0, h, w) for t, h in zip(lines, heads)]
    pen_full = [_row_penalty(t, 1, h, w) for t, h in zip(lines, heads)]

    def pair(lab: int, i: int) -> float:
        """Terms of a text value ``i`` under the row label ``lab``."""
        pen = 0.0
        if enum[lab]:
            pen += max(0.0, w.text - vs)          # enumeration values may look like labels
        if text_lab[lab]:
            pen += w.text_label
        if lines[i].startswith(lines[lab] + " "):
            pen += w.echo                          # policy text repeating its caption
        elif not enum[lab] and _overlap(words[lab], words[i]) >= 0.5:
            pen += w.overlap
        return pen

    nstate = (cap + 1) * 3
    # best[s] for current line; state s = k*3 + cls
    best = [NEG] * nstate
    back: list[list[int]] = []
    best[0] = 0.0
    back.append([-1] * nstate)
    row_start = [0] * nstate    # label index of the current row per state

    def close_row(best: list[float], row_start: list[int], none: int) -> tuple[float, int]:
        """Best score of ending the current row in any state (with its row-shape penalty)."""
        top, arg = NEG, none
        for s, val in enumerate(best):
            if val <= NEG:
                continue
            pen = pen_full[row_start[s]] if s >= 3 else pen_empty[row_start[s]]
            if val + pen > top:
                top, arg = val + pen, s
        return top, arg

    for i in range(1, n):
        vs, vcls = scores[i]
        new = [NEG] * nstate
        bk = [-1] * nstate
        nstart = [0] * nstate
        # option 1: line i is a label (closes the row in state s)
        top, arg = close_row(best, row_start, -1)
        new[0], bk[0], nstart[0] = top, arg, i
        # option 2: line i is a value of the current row
        cache: dict[int, float] = {}
        for s, val in enumerate(best):
            if val <= NEG:
                continue
            k, cls = divmod(s, 3)
            if k >= cap:
                continue
            pen = w.mixed if cls and cls != vcls else 0.0
            if vcls == TEXT:
                lab = row_start[s]
                if lab not in cache:
                    cache[lab] = pair(lab, i)
                pen += cache[lab]
                if k >= 1 and lines[i] != lines[i - 1] and not enum[lab]:
                    pen += w.text_multi
            ns = (k + 1) * 3 + (vcls if cls in (0, vcls) else cls)
            cand = val + vs + pen
            if cand > new[ns]:
                new[ns], bk[ns], nstart[ns] = cand, s, row_start[s]
        best, row_start = new, nstart
        back.append(bk)
    # close the last row
    top, arg = close_row(best, row_start, 0)
    # backtrack: state at line i tells whether line i is a label (k == 0)
    is_label = [False] * n
    s = arg
    for i in range(n - 1, -1, -1):
        is_label[i] = (s // 3) == 0
        s = back[i][s]
    rows: list[tuple[int, list[int]]] = []
    for i in range(n):
        if is_label[i] or not rows:
            rows.append((i, []))
        else:
            rows[-1][1].append(i)
    return rows
