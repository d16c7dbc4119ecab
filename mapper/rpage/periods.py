"""Column headers -> :class:`Column` / :class:`Period`.

A page's header cells come top row first: spanning groups ("12 Months Ended") then leaf
headers ("Dec. 31, 2023", "Mar. 29, 2025 USD ($) Vendor", "Total"). A leaf under an
"N Months Ended" group is a duration of N months ending on its date; a bare date is an instant.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from dataclasses import replace

from .model import Column, Period, Row
from .values import parse_date

_GROUP = re.compile(r"^(?P<n>\d+) (?P<unit>Months?|Weeks?|Days?) Ended$", re.I)
_LEAD_DATE = re.compile(r"^(?P<d>(?:[A-Z][a-z]{2}\.?|[A-Z][a-z]+) \d{1,2}, \d{4})(?:\s+(?P<extra>.*))?$")


def is_group_header(text: str) -> bool:
    """"12 Months Ended", "3 Months Ended", "52 Weeks Ended"."""
    return bool(_GROUP.match(text.strip()))


@lru_cache(maxsize=1024)
def split_header(text: str) -> tuple[date | None, str | None]:
    """"Mar. 29, 2025 USD ($) Vendor" -> (date(2025, 3, 29), "USD ($) Vendor"). (Memoised:
    a filing's pages share their headers.)"""
    m = _LEAD_DATE.match(text.strip())
    if not m:
        return None, None
    d = parse_date(m.group("d"))
    if d is None:
        return None, None
    extra = (m.group("extra") or "").strip() or None
    return d, extra


def months_back(end: date, months: int) -> date:
    """Inclusive start of an N-month period ending on ``end`` (display date, inclusive)."""
    y, m = end.year, end.month - months
    while m <= 0:
        m += 12
        y -= 1
    last = calendar.monthrange(y, m)[1]
    anchor = date(y, m, min(end.day, last))
    if end.day == calendar.monthrange(end.year, end.month)[1]:
        anchor = date(y, m, last)   # month-end to month-end
    return anchor + timedelta(days=1)


def group_period(group: str | None, end: date) -> Period:
    """Period of a leaf date under ``group`` (None -> instant)."""
    m = _GROUP.match(group.strip()) if group else None
    if not m:
        return Period(kind="instant", end=end)
    n, unit = int(m.group("n")), m.group("unit").lower()
    if unit.startswith("month"):
        return Period(kind="duration", end=end, start=months_back(end, n) if n else end, months=n)
    days = n * 7 if unit.startswith("week") else n
    return Period(kind="duration", end=end, start=end - timedelta(days=max(days - 1, 0)),
                  months=None)


def assign_groups(groups: list[str], leaves: list[str],
                  spans: list[int] | None = None) -> list[str | None]:
    """The group of each leaf. With ``spans`` (HTML colspans) this is exact; the text format
    drops them, so spans are guessed: leaves split into runs of non-increasing dates, one run
    per group from the left (leaves after the last run are instants), else an even split."""
    n, k = len(leaves), len(groups)
    if k == 0:
        return [None] * n
    if spans is None:
        spans = _guess_spans(k, leaves)
    out: list[str | None] = []
    for g, s in zip(groups, spans):
        out.extend([g] * s)
    out = out[:n]
    return out + [None] * (n - len(out))


def _guess_spans(k: int, leaves: list[str]) -> list[int]:
    n = len(leaves)
    dates = [split_header(h)[0] for h in leaves]
    runs: list[int] = []
    prev: date | None = None
    for d in dates:
        if runs and d is not None and prev is not None and d <= prev:
            runs[-1] += 1
        else:
            runs.append(1)
        prev = d
    if len(runs) >= k:
        return runs[:k]
    base, rest = divmod(n, k)
    return [base + (1 if i < rest else 0) for i in range(k)]


def build_columns(groups: list[str], leaves: list[str], spans: list[int] | None = None,
                  owners: list[str | None] | None = None) -> tuple[Column, ...]:
    """Columns with parsed periods; non-date leaves ("Total", "Common Stock") get period None.
    ``owners`` (the group of each leaf, from HTML) overrides ``groups``/``spans``."""
    if owners is None:
        owners = assign_groups(groups, leaves, spans)
    cols = []
    for i, (leaf, grp) in enumerate(zip(leaves, owners)):
        d, extra = split_header(leaf)
        period = group_period(grp, d) if d is not None else None
        cols.append(Column(index=i, header=leaf, group=grp, period=period, extra=extra))
    return tuple(cols)


_CAPTION_DATE = re.compile(r"\b(?i:at|as of)\s+(?P<d>(?:[A-Z][a-z]{2}\.?|[A-Z][a-z]+) \d{1,2}, \d{4})\s*$")


def row_periods(rows: tuple[Row, ...], columns: tuple[Column, ...]) -> tuple[Row, ...]:
    """Periods for the values of a page whose columns name none (a statement of equity's columns
    are its components): a balance row names its date ("Balance at Dec. 31, 2022": an instant),
    and the rows between two balances are the changes of the period from one date to the next
    (a duration starting the day after the first). Other rows, and pages whose columns have
    periods, are left as they are."""
    if not rows or any(c.period is not None for c in columns):
        return rows
    dates: list[date | None] = []   # what each caption names; value-less rows too ("Balance at Jun. 13, 2024")
    for r in rows:
        m = _CAPTION_DATE.search(r.label) if r.kind != "segment" else None
        dates.append(parse_date(m.group("d")) if m else None)
    if not any(dates):
        return rows
    out = list(rows)
    before: date | None = None
    for i, r in enumerate(rows):
        d = dates[i]
        if d is not None:
            if r.kind == "fact" and r.values:
                out[i] = replace(r, period=Period(kind="instant", end=d))
            before = d
            continue
        if before is None or r.kind != "fact" or not r.values:
            continue
        after = next((x for x in dates[i + 1:] if x is not None and x > before), None)
        if after is not None:
            out[i] = replace(r, period=Period(kind="duration", end=after, start=before + timedelta(days=1),
                                              months=_whole_months(before, after)))
    return tuple(out)


def _whole_months(before: date, end: date) -> int | None:
    """Months from one month end to another (Dec. 31, 2021 -> Dec. 31, 2022: 12), else None."""
    def month_end(d: date) -> bool:
        return d.day == calendar.monthrange(d.year, d.month)[1]
    if not (month_end(before) and month_end(end)):
        return None
    return (end.year - before.year) * 12 + end.month - before.month
