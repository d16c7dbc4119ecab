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
from functools import lru_cache
from typing import AbstractSet

from .values import shape_of

_MARKER_RX = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table|Axis|Domain|Member)\](?:$| \|)")
_ENUM_RX = re.compile(r"\[Extensible Enumeration\]$")
_CODE = re.compile(r"^(?:\d[\d\-]*\d|\d{4}-\d{2}|[A-Z]{1,4}\d{0,2}|\d{1,2}-[A-Z])$")
# label words that ask for a text value: Name(s), Description, Code, Address, City, State,
# Province, Title, Symbol, Exchange, Type, Category, Flag, Status, Focus, Number, Country,
# Auditor, Location, Term(s), Policy, Policies, Text, Date, Period, Form, Document -- grouped by
# first letter, which the regex engine tries much faster than one flat alternation
_TEXT_LABEL = re.compile(r"\b(?:A(?:ddress|uditor)|C(?:ode|ity|ategory|ountry)|"
                         r"D(?:escription|ate|ocument)|Exchange|F(?:lag|ocus|orm)|Location|"
                         r"N(?:ames?|umber)|P(?:rovince|olic(?:y|ies)|eriod)|S(?:tate|ymbol|tatus)|"
                         r"T(?:itle|ype|erms?|ext))\b", re.I)
_TEXT_LABEL_WORDS = frozenset(
    "name names description code address city state province title symbol exchange type "
    "category flag status focus number country auditor location term terms policy policies "
    "text date period form document".split())
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


@lru_cache(maxsize=2048)
def _value_cues(text: str) -> tuple[str, bool, bool, bool, int]:
    """The weight-free part of :func:`value_score`: (kind, starts lower-case, has a unit hint,
    is prose, 60-character chunks of a long non-prose line). kind is "code", "year", "numeric",
    "typed", "marker", "colon" or "text"; the other fields are only set for "text".
    (Memoised: line texts repeat within and across pages.)"""
    shape = shape_of(text)
    t = text.strip()
    if shape == "text" and _CODE.match(t):
        return "code", False, False, False, 0
    if shape == "number" and _YEAR.match(t):
        return "year", False, False, False, 0
    if shape in ("number", "money", "percent"):
        return "numeric", False, False, False, 0
    if shape in ("date", "boolean", "duration", "monthday", "uri"):
        return "typed", False, False, False, 0
    # cheap character tests first: a marker ends in "]", a unit hint has "(", a sentence end "."
    # or ";"
    if "]" in t and _MARKER_RX.search(t):
        return "marker", False, False, False, 0
    if t.endswith(":"):
        return "colon", False, False, False, 0
    prose = len(t) > 300 or (("." in t or ";" in t) and len(_SENTENCE.findall(t)) >= 2)
    chunks = len(t) // 60 if not prose and len(t) > 60 else 0
    return "text", t[:1].islower(), "(" in t and bool(_UNIT_HINT.search(t)), prose, chunks


def value_score(text: str, w: Weights = W) -> tuple[float, int]:
    """(score, class) of a line as a value; class NUMERIC or TEXT."""
    kind, lower, unit_hint, prose, chunks = _value_cues(text)
    if kind == "code":
        return w.code, TEXT
    if kind == "year":
        return w.year, NUMERIC
    if kind == "numeric":
        return w.numeric, NUMERIC
    if kind == "typed":
        return w.typed, NUMERIC
    if kind == "marker":
        return w.marker, TEXT
    if kind == "colon":
        return w.colon, TEXT
    s = w.text
    if lower:
        s += w.lowercase
    if unit_hint:
        s += w.unit_hint
    if prose:
        s += w.prose
    elif chunks:
        s += w.long_text * chunks
    return s, TEXT


def word_overlap(a: str, b: str) -> float:
    """Share of the shorter text's words (3+ letters) found in the other."""
    return _overlap(set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower())))


def _overlap(wa: AbstractSet[str], wb: AbstractSet[str]) -> float:
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


LineCues = tuple[bool, bool, bool, bool, frozenset[str]]


@lru_cache(maxsize=2048)
def _line_cues(text: str) -> LineCues:
    """Weight-free cues of a line as a row label: (looks like a heading, "[Extensible
    Enumeration]", asks for a text value, carries an EDGAR marker, words of 3+ letters).
    (Memoised: line texts repeat within and across pages.)"""
    enum = bool(_ENUM_RX.search(text))
    words = frozenset(_WORD.findall(text.lower()))
    # an ASCII text can only match _TEXT_LABEL if one of its words is a label word (non-ASCII
    # case folding, "ſ" for "s", is left to the regex)
    text_label = (not words.isdisjoint(_TEXT_LABEL_WORDS) or not text.isascii()) and \
        bool(_TEXT_LABEL.search(text))
    return (heading_like(text), enum, text_label or enum,
            "]" in text and bool(_MARKER_RX.search(text)), words)


def _row_penalties(label: str, cues: LineCues, w: Weights) -> tuple[float, float]:
    """Row-level scores of a label line (``cues``: its :func:`_line_cues`), for a row without
    values and for one with values: value-less rows should look like headings; headings have
    no values."""
    heading, enum, _, marker, _ = cues
    if enum:
        empty = w.enum_heading
    else:
        empty = 0.0 if heading else w.heading
    if marker:
        full = w.marker
    elif label.rstrip().endswith(":"):
        full = w.colon_values
    else:
        full = 0.0
    return empty, full


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
    cues = [_line_cues(t) for t in lines]
    _, enum, text_lab, _, words = zip(*cues)
    # row terms depend only on the label line and whether the row has values
    pen_empty, pen_full = zip(*[_row_penalties(t, c, w) for t, c in zip(lines, cues)])

    w_text, w_text_label, w_echo, w_overlap = w.text, w.text_label, w.echo, w.overlap

    def pair(lab: int, i: int) -> float:
        """Terms of a text value ``i`` under the row label ``lab``."""
        pen = 0.0
        if enum[lab]:
            pen += max(0.0, w_text - vs)          # enumeration values may look like labels
        if text_lab[lab]:
            pen += w_text_label
        caption, text = lines[lab], lines[i]
        if text.startswith(caption) and text.startswith(" ", len(caption)):
            pen += w_echo                          # policy text repeating its caption
        elif not enum[lab] and _overlap(words[lab], words[i]) >= 0.5:
            pen += w_overlap
        return pen

    # The state of line i is k, the number of values so far in its row (k == 0: line i is a
    # label). The row's label is line i - k, and its class (NUMERIC or TEXT, a row keeps the
    # class of its first value) is that of line i - k + 1, so k alone is the state.
    # best[k]: best score of lines 0..i ending in state k (NEG: unreachable). A value moves
    # k to k + 1, so only a label line has a choice of predecessor: ``closed[i]``, the state
    # line i - 1 ended its row in.
    mixed, text_multi = w.mixed, w.text_multi
    best = [0.0]
    closed = [-1] * n

    def close_row(best: list[float], last: int, none: int) -> tuple[float, int]:
        """Best score of ending the current row (whose last line is ``last``) in any state,
        with its row-shape penalty; ties go to the fewest values."""
        top, arg = NEG, none
        for k, val in enumerate(best):
            if val <= NEG:
                continue
            pen = pen_full[last - k] if k else pen_empty[last]
            if val + pen > top:
                top, arg = val + pen, k
        return top, arg

    classes = [cls for _, cls in scores]
    for i in range(1, n):
        vs, vcls = scores[i]
        # option 1: line i is a label (closes the row of line i - 1)
        top, closed[i] = close_row(best, i - 1, -1)
        new = [top]
        # option 2: line i is value k + 1 of the current row (at most ``cap`` values)
        repeat = lines[i] == lines[i - 1]
        for k, val in enumerate(best[:cap]):
            if val <= NEG:
                new.append(NEG)
                continue
            lab = i - 1 - k
            cls = classes[lab + 1] if k else 0
            pen = mixed if cls and cls != vcls else 0.0
            if vcls == TEXT:
                pen += pair(lab, i)
                if k >= 1 and not repeat and not enum[lab]:
                    pen += text_multi
            cand = val + vs + pen
            new.append(cand if cand > NEG else NEG)
        best = new
    # close the last row
    top, arg = close_row(best, n - 1, 0)
    # backtrack: the state of line i tells whether it is a label (k == 0)
    is_label = [False] * n
    k = arg
    for i in range(n - 1, -1, -1):
        is_label[i] = k == 0
        k = closed[i] if k == 0 else k - 1
    rows: list[tuple[int, list[int]]] = []
    for i in range(n):
        if is_label[i] or not rows:
            rows.append((i, []))
        else:
            rows[-1][1].append(i)
    return rows
