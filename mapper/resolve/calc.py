"""Calculation checks: do the reported values agree with the taxonomy's summation arcs?

For a row resolved to a concept P whose calculation children also appear on the page, the
weighted sum of the children's values must equal P's value in each column. The check is
evidence (it raises or lowers confidence), and it finds the total a company element rolls into.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import cast

from ..rpage.model import Row
from .catalog import Catalog


@dataclass(frozen=True)
class CalcCheck:
    parent_row: int
    child_rows: tuple[int, ...]
    columns_checked: int
    columns_agreeing: int
    extension_rows: tuple[int, ...] = ()   # rows the filer sums in that the taxonomy does not

    @property
    def ok(self) -> bool:
        return self.columns_checked > 0 and self.columns_agreeing == self.columns_checked


def row_numbers(row: Row) -> list[Decimal | None]:
    return [v.number for v in row.values]


_REL_TOL, _ABS_TOL = Decimal("0.0005"), Decimal("1")


def _close(a: Decimal, b: Decimal, unit: Decimal = _ABS_TOL) -> bool:
    """a and b agree up to rounding: a relative 0.05%, plus ``unit``, the rounding of the numbers'
    last shown digit (1 for whole numbers and scaled amounts)."""
    tol = max(abs(a), abs(b)) * _REL_TOL + unit
    return abs(a - b) <= tol


def _rounding(numbers: list[Decimal]) -> Decimal:
    """What a sum of numbers shown to a few decimals ("21.0%", "(6.70%)", "$ 0.25") may be off by
    from the total shown: half its last digit per number, never less than that digit nor more than
    one unit. The last digit is read from the numbers as parsed: whole numbers (and whole amounts a
    scaling line multiplied) keep one unit; an amount shown with decimals and then scaled ("$ 5.6"
    in millions) is checked to its decimals after scaling, finer than it was shown (with the
    relative 0.05% of _close, as strict as before this reading)."""
    exponent = max(cast(int, x.as_tuple().exponent) for x in numbers)
    if exponent >= 0:
        return _ABS_TOL
    digit = Decimal(1).scaleb(exponent)
    return min(_ABS_TOL, max(digit, digit * len(numbers) / 2))


@lru_cache(maxsize=1024, typed=True)
def _decimal(weight: float) -> Decimal:
    """A calculation weight as the Decimal its printed form reads (1.0, -1.0 ...)."""
    return Decimal(str(weight))


def _column_sums(parent: list, parts: list[tuple[list, float]]):
    """Per column where the parent and every part show a number: whether the parts, weighted,
    add up to the parent (lazily, column by column). Nothing when the rows' widths differ."""
    n = len(parent)
    if any(len(p) != n for p, _ in parts):
        return
    weighted = [(p, _decimal(w)) for p, w in parts]
    for k in range(n):
        if parent[k] is None or any(p[k] is None for p, _ in parts):
            continue
        total = sum((w * p[k] for p, w in weighted), Decimal(0))
        # within one unit first (all that most sums need), then to the digits the numbers show
        yield (_close(total, parent[k])
               and _close(total, parent[k], _rounding([parent[k]] + [p[k] for p, _ in weighted])))


def sum_fits(parent: list, parts: list[tuple[list, float]]) -> tuple[int, int]:
    """How many columns can be checked, and in how many the weighted parts add up to the parent."""
    checked = agreeing = 0
    for holds in _column_sums(parent, parts):
        checked += 1
        agreeing += holds
    return checked, agreeing


def sums_hold(parent: list, parts: list[tuple[list, float]]) -> bool:
    """sum_fits says the sum holds: some column checks, and every checked column agrees (found
    without summing the columns after one that disagrees)."""
    checked = False
    for holds in _column_sums(parent, parts):
        if not holds:
            return False
        checked = True
    return checked


def calc_checks(rows: list[Row], concepts: list[int | None], cat: Catalog) -> list[CalcCheck]:
    """Checks for every row whose concept has calculation children among the page's rows."""
    by_concept: dict[int, list[int]] = {}
    for i, c in enumerate(concepts):
        if c is not None and c >= 0:
            by_concept.setdefault(c, []).append(i)
    out = []
    for pi, pc in enumerate(concepts):
        if pc is None or pc < 0 or rows[pi].kind != "fact":
            continue
        kids = [(by_concept[c][0], w) for c, w in cat.calc_children.get(pc, ()) if c in by_concept]
        if not kids:
            continue
        parts = [(row_numbers(rows[i]), w) for i, w in kids]
        checked, agreeing = sum_fits(row_numbers(rows[pi]), parts)
        ext: tuple[int, ...] = ()
        if checked and agreeing < checked:
            # the filer's own calculation may sum more rows (company elements, other components)
            lo = min(i for i, _ in kids)
            mine = {i for i, _ in kids}
            ext = tuple(i for i in range(lo, pi) if i not in mine and rows[i].kind == "fact" and rows[i].values)
            if ext:
                c2, a2 = sum_fits(row_numbers(rows[pi]), parts + [(row_numbers(rows[i]), 1.0) for i in ext])
                if c2 and a2 == c2:
                    checked, agreeing = c2, a2
                else:
                    ext = ()
        out.append(CalcCheck(pi, tuple(i for i, _ in kids), checked, agreeing, ext))
    return out


def rolls_into(rows: list[Row], idx: int, concepts: list[int | None], cat: Catalog) -> int | None:
    """For a company-element row: the resolved total row it sums into (with the rows around it).

    A total below the row whose value equals the sum of the fact rows between the last
    heading/total and it, the row included, is the wider concept the row is part of.
    """
    row = rows[idx]
    if row.kind != "fact" or not row.values:
        return None
    start = idx
    while start > 0 and rows[start - 1].kind == "fact":
        start -= 1
    for t in range(idx + 1, len(rows)):
        if rows[t].kind != "fact":
            break
        tc = concepts[t]
        members = list(range(start, t))
        if tc is None or tc < 0:
            continue
        if sums_hold(row_numbers(rows[t]), [(row_numbers(rows[i]), 1.0) for i in members]):
            return tc
    return None


def total_rows(rows: list[Row]) -> dict[int, tuple[int, ...]]:
    """Rows that are totals, with the rows they sum: captioned "Total ..." or equal, in every
    column, to the sum of the fact rows right above them (at least two, back to the previous
    heading or total)."""
    out: dict[int, tuple[int, ...]] = {}
    for i, row in enumerate(rows):
        if row.kind != "fact" or not row.values:
            continue
        start = i
        while start > 0 and rows[start - 1].kind == "fact" and rows[start - 1].values and start - 1 not in out:
            start -= 1
        above = tuple(range(start, i))
        mine = row_numbers(row)
        if len(above) >= 2 and not any(x is None for x in mine):
            if sums_hold(mine, [(row_numbers(rows[k]), 1.0) for k in above]) and any(m != 0 for m in mine):
                out[i] = above
                continue
        if row.label.strip().lower().startswith("total"):
            out[i] = above
    return out
