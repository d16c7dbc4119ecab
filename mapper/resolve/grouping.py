"""Caption groups: which rows of a page show one element and are assigned together.

Rows of one caption, kind and value type are one element (``group_rows``), unless one context
shows the caption twice with other numbers in the same columns (``split_repeats``).
"""
from __future__ import annotations

import re

from .calc import row_numbers, sums_hold
from .choices import RowChoice
from .signals import is_balance_caption, without_date
from .text import strip_label_markers

_AMOUNT: dict[str | None, str | None] = {"monetary": "amount", "number": "amount"}   # EDGAR prints "$" on a column's first row only
# what tells a period start label from the period end label of one element
_EDGE_WORDS = re.compile(r"\b(beginning|ending|opening|closing|begin|end)( of (the )?(period|year|quarter))?\b", re.I)


def group_rows(rows: list[RowChoice]) -> list[list[int]]:
    """Rows with the same caption, kind and value type show the same element (EDGAR prints one
    label per element and label role, the same text wherever it shows), so they are assigned
    together. The date EDGAR appends to a balance caption ("Balance at Dec. 31, 2020") is not
    part of the label, and a roll-forward's opening and closing rows ("Beginning balance",
    "Ending Balance") are one element's period start and end labels. A plain "Balance" is not
    read as either of them."""
    groups: dict[tuple, list[int]] = {}
    for i, rc in enumerate(rows):
        r = rc.row
        kind = rc.value_kind()
        # exact text, case included: "Cash and cash equivalents" and "Cash and Cash Equivalents"
        # on one page are two elements' labels
        text = " ".join(without_date(strip_label_markers(r.label)).split())
        if is_balance_caption(r.label):
            text = " ".join(_EDGE_WORDS.sub(" ~ ", text).lower().split())
        key = (text, r.kind == "fact" and bool(r.values), _AMOUNT.get(kind, kind), rc.context)
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def split_repeats(groups: list[list[int]], rows: list[RowChoice]) -> list[list[int]]:
    """A caption shown twice in one context (the rows between two dimension-member rows) with other
    numbers in the same columns names two elements: one element has one value per context and
    period. Alphabet prints "Net income" under the basic and under the diluted numerator; the
    second showing is another element in every context. Such a group splits by showing: the
    first in each context, the second, ... (pages whose columns are periods only: a statement of
    equity repeats an element down its rows, a year at a time). Under a column that spans a
    period, a balance shown twice may be one element at the period's start and end (P&G's
    nonvested share units, labelled alike both times): when the rows between them add up to the
    change, it is a roll-forward, and the caption stays one group."""
    section, k = [], 0
    for rc in rows:
        if rc.row.kind == "segment":
            k += 1
        section.append(k)
    out: list[list[int]] = []
    for members in groups:
        r0 = rows[members[0]].row
        if len(members) < 2 or r0.kind != "fact" or not r0.values or is_balance_caption(r0.label):
            out.append(members)
            continue
        shown: dict[int, list[int]] = {}
        for i in members:
            shown.setdefault(section[i], []).append(i)
        if not any(_differ(rows, same) for same in shown.values()):
            out.append(members)
            continue
        by_turn: dict[int, list[int]] = {}
        for same in shown.values():
            for turn, i in enumerate(same):
                by_turn.setdefault(turn, []).append(i)
        out.extend(sorted(g) for _turn, g in sorted(by_turn.items()))
    return out


def _differ(rows: list[RowChoice], same: list[int]) -> bool:
    """Do rows of one caption in one context show other numbers in the same columns, and not as a
    roll-forward's opening and closing balance (the rows between them adding up to the change)?"""
    shown = [row_numbers(rows[i].row) for i in same]
    if len({len(v) for v in shown}) != 1 or any(None in v for v in shown):
        return False
    for (i, a), (j, b) in zip(zip(same, shown), zip(same[1:], shown[1:])):
        if a != b and not sums_hold(b, [(a, 1.0)] + [(row_numbers(rows[k].row), 1.0) for k in range(i + 1, j)
                                                     if rows[k].row.kind == "fact" and rows[k].row.values]):
            return True
    return False
