"""Raw rows (label text + cell texts) -> typed :class:`Row`: footnote marks, unit suffix,
typed values and the row kind (fact / heading / segment). Shared by both parsers."""
from __future__ import annotations

import re
from typing import NamedTuple

from .model import Row, RowKind, Value
from .values import (Scaling, UnitContext, page_currencies, parse_value, row_shows_money, strip_footnote_marks,
                     title_units)

UNIT_WORDS = {"$", "€", "£", "¥", "shares", "$ / shares", "€ / shares", "number", "pure",
              "Percent", "percent", "USD", "EUR", "CHF", "CNY", "JPY", "GBP"}
_ABSTRACT = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table|Text Block)\]")
_SEGMENT = re.compile(r"\[(?:Member|Domain|Axis)\]")
# line items a balance sheet shows without values (nil), never abstract in US GAAP
_NIL_ITEM = re.compile(r"^commitments and contingenc|\bpar value\b|\bshares? authorized\b", re.I)


class RawRow(NamedTuple):       # a tuple: one per row of every page, made cheaply
    label: str
    values: tuple[str, ...] = ()
    line: int | None = None
    columns: tuple[int, ...] | None = None        # known columns of the values (HTML)
    observed_element: str | None = None
    kind_hint: RowKind | None = None              # HTML: "rh" rows are members, <strong> headings
    footnotes: tuple[str, ...] = ()


def split_unit(label: str, has_values: bool) -> tuple[str, str | None]:
    """"Interest rate | Percent" -> ("Interest rate", "Percent") for fact rows."""
    if " | " not in label:
        return label, None
    head, tail = label.rsplit(" | ", 1)
    if has_values or tail in UNIT_WORDS:
        return head, tail
    return label, None


def _repeated_heading(label: str, count: int) -> bool:
    """A marked heading ("... [Line Items]") shown more than once: EDGAR replicates the line
    items under every dimension member, so the row just above each copy is a member row."""
    return count > 1 and bool(_ABSTRACT.search(label))


def classify(labels: list[str], has_values: list[bool], member_blocks: int,
             units: list[str | None] | None = None, members_possible: bool = True) -> list[RowKind]:
    """Kind per row. Value rows are facts. A value-less row is, in order of the cues:
    a segment when it names members ("A | B", "[Member]"); a heading when EDGAR marks it
    ("[Abstract]", "[Line Items]"); a segment when the next row is a copy of a marked heading
    (the line items replicated under a member) or when its caption is one of the members named
    in an "A | B" row; a heading when it ends with a colon or repeats (abstracts are replicated
    under every member). The last row, if value-less and unmarked, is an empty fact, and so
is a nil balance-sheet line ("Commitments and contingencies", "... par value ...") or a row
with a unit suffix ("Warrants exercised | shares": headings have no unit). What is
    left is a segment, on a page with axis=member blocks, when it is unique and the rows under
    it repeat line items seen elsewhere (no more such rows than the member blocks allow).
    ``members_possible=False`` (the page has definition blocks and none is empty, so no member
    is shown) turns off the unmarked-member cues: only "A | B" and "[Member]" rows are members."""
    n = len(labels)
    kinds: list[RowKind] = ["fact" if v else "heading" for v in has_values]
    counts: dict[str, int] = {}
    for lab, v in zip(labels, has_values):
        if not v:
            counts[lab] = counts.get(lab, 0) + 1
    named = {part for lab in labels if " | " in lab for part in lab.split(" | ")}
    first_seen: dict[str, int] = {}       # row of each value-less caption's first showing
    for i, (lab, v) in enumerate(zip(labels, has_values)):
        if not v:
            first_seen.setdefault(lab, i)
    candidates: list[int] = []
    for i in range(n):
        if has_values[i]:
            continue
        lab = labels[i]
        marked = bool(_ABSTRACT.search(lab))
        if not marked and (_SEGMENT.search(lab) or " | " in lab):
            kinds[i] = "segment"
            continue
        if marked:
            continue
        nxt = labels[i + 1] if i + 1 < n else None
        if members_possible and nxt is not None and not has_values[i + 1] and \
                counts[lab] < counts[nxt] and \
                (_repeated_heading(nxt, counts[nxt]) or first_seen.get(nxt, n) < i):
            kinds[i] = "segment"
            continue
        if members_possible and lab in named and nxt is not None and counts[lab] == 1:
            kinds[i] = "segment"
            continue
        if lab.rstrip().endswith(":"):
            continue
        if i == n - 1 or _NIL_ITEM.search(lab) or (units and units[i]):
            kinds[i] = "fact"
            continue
        if member_blocks and counts.get(lab, 0) == 1:
            candidates.append(i)
    members = {part for i in range(n) if kinds[i] == "segment" for part in labels[i].split(" | ")}
    budget = member_blocks - len(members)
    if 0 < len(candidates) <= budget:
        # every unmarked one-off heading can be a member row: the member blocks say so
        for i in candidates:
            kinds[i] = "segment"
        return kinds
    # otherwise keep the candidates whose rows repeat line items shown elsewhere on the page,
    # best first, no more than the member blocks allow
    bounds = sorted(set(candidates) | {i for i in range(n) if kinds[i] == "segment"})
    scored = []
    for k, i in enumerate(bounds):
        if i not in candidates:
            continue
        end = bounds[k + 1] if k + 1 < len(bounds) else n
        mine = [labels[j] for j in range(i + 1, end) if has_values[j]]
        if not mine:
            continue
        elsewhere = {labels[j] for j in range(n) if has_values[j] and not i < j < end}
        ratio = sum(lab in elsewhere for lab in mine) / len(mine)
        if ratio >= 0.5:
            scored.append((-ratio, i))
    for _, i in sorted(scored)[:max(budget, 0)]:
        kinds[i] = "segment"
    return kinds


_UNIT_NOTE = re.compile(r"\(in [^)]*\)", re.I)


def build_rows(raw: list[RawRow], title: str, scaling: Scaling | None,
               member_blocks: int = 0, ncols: int | None = None,
               headers: tuple[str, ...] = (), members_possible: bool = True) -> tuple[Row, ...]:
    """Typed rows; ``member_blocks`` / ``members_possible``: see :func:`classify`."""
    units = title_units(title)
    currencies = page_currencies((title, *headers))
    prepared = []
    for r in raw:
        label, marks = strip_footnote_marks(r.label)
        label, unit = split_unit(label, bool(r.values))
        if r.footnotes:
            marks += tuple(m for m in r.footnotes if m not in marks)
        prepared.append((label, unit, marks))
    kinds = classify([p[0] for p in prepared], [bool(r.values) for r in raw], member_blocks,
                     [p[1] for p in prepared], members_possible)
    rows = []
    heading = ""   # the value-less row above (a dimension member ends one)
    for idx, (r, (label, unit, marks), kind) in enumerate(zip(raw, prepared, kinds)):
        if r.kind_hint and not r.values:
            kind = r.kind_hint
        values: tuple[Value, ...] = ()
        if not r.values:
            # a member row ends the heading; a line item shown without values ("Balance (in
            # Shares) at Jun. 13, 2024") is no heading: its unit note is about its own values
            heading = "" if kind == "segment" or _UNIT_NOTE.search(label) else label
        else:
            ctx = UnitContext(row_unit=unit, page_units=units, label=label, heading=heading, currencies=currencies,
                              row_money=row_shows_money(r.values))
            cols = r.columns
            if cols is None and ncols is not None and len(r.values) == ncols:
                cols = tuple(range(ncols))
            values = tuple(parse_value(v, scaling, ctx, column=cols[k] if cols else None)
                           for k, v in enumerate(r.values))
        rows.append(Row(index=idx, label=label, values=values, kind=kind, footnotes=marks,
                        unit_suffix=unit, observed_element=r.observed_element, line=r.line))
    return tuple(rows)
