"""Maturity schedules: year rows ("2026", "Thereafter") read as positions, the taxonomy's
positioned concepts (NextTwelveMonths, YearTwo, ..., AfterYearFive), their fit, and the candidates
for a row at a position."""
from __future__ import annotations

import heapq
import re
from collections import defaultdict
from functools import lru_cache

from ..catalog import Catalog, CatalogConcept
from ..memo import once
from ..text import strip_label_markers
from .labels import label_scores_at

# "2026", "Fiscal 2026", "2025 (remaining nine months)", "Thereafter": the rows of a maturity
# schedule name years, while the taxonomy names positions (NextTwelveMonths, YearTwo, ...,
# AfterYearFive). The n-th year row of a page is the n-th position.
_YEAR_CAPTION = re.compile(r"^(?:[^,]{0,59}[^,\d\s],\s*)?(?:fiscal\s+|fy\s*|year\s+|calendar\s+)?((?:19|20)\d\d)\b(.*)$", re.I)
_REMAINDER = re.compile(r"\bremain", re.I)
_ANY_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_AFTER = re.compile(r"^(?:[^,]{1,60},\s*)?(thereafter|after\b.*|beyond\b.*|(?:19|20)\d\d\s+and\s+(thereafter|beyond|after|later))$",
                    re.I)
_WORD_NUM = {"One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5, "Six": 6, "Seven": 7, "Eight": 8,
             "Nine": 9, "Ten": 10}
_POSITION = re.compile(r"(RemainderOfFiscalYear|NextTwelveMonths|NextRollingTwelveMonths|"
                       r"(?:After|Thereafter)?(?:Rolling)?Year(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)|"
                       r"Thereafter)(?:[A-Z][a-z]+)*$")
_ORDINALS = {"First": 1, "Second": 2, "Third": 3, "Fourth": 4, "Fifth": 5}
_ORDINAL_YEAR = re.compile(r"(After)?(First|Second|Third|Fourth|Fifth)Year(?:[A-Z][a-z]+)*$")
_IN_YEARS = re.compile(r"DueIn(Two|Three|Four|Five)Years(?:[A-Z][a-z]+)*$|DueCurrent(?:[A-Z][a-z]+)*$")
AFTER_LAST = 99


@lru_cache(maxsize=65536)
def concept_position(local_name: str) -> int | None:
    """Position a maturity-schedule concept names: 0 the rest of this fiscal year, 1 the next
    twelve months, n year n, AFTER_LAST + n after year n (AfterYearFive), None otherwise."""
    m = _POSITION.search(local_name)
    if not m:
        o = _ORDINAL_YEAR.search(local_name)   # older names: "DueInSecondYear", "AfterFifthYear"
        if not o:
            w = _IN_YEARS.search(local_name)      # "DueInTwoYears", "DueCurrent"
            if not w:
                return None
            return 1 if w.group(0).startswith("DueCurrent") else _WORD_NUM[w.group(1)]
        n = _ORDINALS[o.group(2)]
        return AFTER_LAST + n if o.group(1) else n
    word = m.group(1)
    if word == "RemainderOfFiscalYear":
        return 0
    if word.startswith("Next"):
        return 1
    if word == "Thereafter":
        return AFTER_LAST
    n = _WORD_NUM[m.group(2)]
    return AFTER_LAST + n if word.startswith(("After", "Thereafter")) else n


def schedule_positions(captions: list[str]) -> dict[int, int]:
    """For captions that name years (a maturity schedule): index -> position (see
    concept_position). Needs at least two distinct years; "Thereafter" rows come after them."""
    years: dict[int, int] = {}
    remainder: set[int] = set()
    after: list[int] = []
    for i, cap in enumerate(captions):
        text = strip_label_markers(cap).strip()
        if _AFTER.match(text):
            after.append(i)
            continue
        m = _YEAR_CAPTION.match(text)
        if m and len(m.group(2)) < 40:
            years[i] = int(m.group(1))
            if _REMAINDER.search(m.group(2)):
                remainder.add(years[i])
        elif _REMAINDER.search(text) and (y := _ANY_YEAR.search(text)):
            years[i] = int(y.group(1))
            remainder.add(years[i])
    distinct = sorted(set(years.values()))
    if len(distinct) < 2:
        return {}
    start = 0 if remainder and distinct[0] in remainder else 1
    rank = {y: start + k for k, y in enumerate(distinct)}
    out = {i: rank[y] for i, y in years.items()}
    for i in after:
        out[i] = AFTER_LAST + rank[distinct[-1]]
    return out


def position_fit(row_position: int | None, c: CatalogConcept) -> float:
    """A year row against a maturity-schedule concept: + same position, - another one."""
    if row_position is None:
        return 0.0
    cp = concept_position(c.local_name)
    if cp is None:
        return 0.0
    if cp == row_position or (row_position >= AFTER_LAST and cp == AFTER_LAST):
        return 0.45
    return -0.2


def positioned_concepts(cat: Catalog) -> dict[int, list[int]]:
    """Concepts of maturity schedules by position (built once per catalog)."""
    return once(cat, "positioned", _position_concepts)


def _position_concepts(cat: Catalog) -> dict[int, list[int]]:
    by: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cat.concepts):
        if (not c.abstract and not c.deprecated and _may_name_position(c.local_name)
                and (p := concept_position(c.local_name)) is not None):
            by[p].append(i)
    return dict(by)


def _may_name_position(local_name: str) -> bool:
    """Whether concept_position can find a position in the name: each of its patterns needs
    one of these words (a cheap test before the patterns)."""
    return "Year" in local_name or "Months" in local_name or "Thereafter" in local_name or "DueCurrent" in local_name


def schedule_candidates(position: int, topic: str, cat: Catalog, limit: int = 8) -> list[int]:
    """Concepts for a schedule row at ``position`` whose names fit the topic words best."""
    by = positioned_concepts(cat)
    pool = list(by.get(position, ()))
    if position >= AFTER_LAST:
        pool += by.get(AFTER_LAST, [])
    # "rolling" twelve-month variants are the rarer choice: they rank after the plain ones
    scored = [(s - 0.01 * ("Rolling" in cat.concepts[i].local_name), i)
              for s, i in zip(label_scores_at(topic, pool, cat), pool)]
    return [i for _s, i in heapq.nlargest(limit, scored)]
