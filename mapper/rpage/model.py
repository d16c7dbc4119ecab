"""Typed model of a financial-statement page (EDGAR R page), shared by every parser.

Parsers (``mapper.rpage.text``, ``mapper.rpage.html``) produce a :class:`Page`; the resolver
reads nothing else. Everything is immutable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from ..naming import HasParts

PeriodKind = Literal["instant", "duration"]
ValueKind = Literal["monetary", "shares", "percent", "per_share", "number", "date",
                    "boolean", "duration", "text"]
RowKind = Literal["fact", "heading", "segment"]


@dataclass(frozen=True)
class Period:
    """A reporting period as a column header shows it (dates are the inclusive display dates)."""
    kind: PeriodKind
    end: date
    start: date | None = None        # durations only (computed from "N Months Ended")
    months: int | None = None        # "12 Months Ended" -> 12


@dataclass(frozen=True)
class Column:
    index: int
    header: str                      # leaf header text, e.g. "Dec. 31, 2023"
    group: str | None = None         # spanning header, e.g. "12 Months Ended"
    period: Period | None = None     # None when the header is not a date
    extra: str | None = None         # words after the date ("USD ($) Vendor"): units/members


@dataclass(frozen=True)
class Value:
    raw: str                         # the cell text as shown ("$ 9,387,426", "(1,882)")
    number: Decimal | None = None    # scaled numeric value (scaling line applied), None if not numeric
    kind: ValueKind = "text"
    negative: bool = False           # shown in parentheses / with minus sign
    scale: int = 0                   # power of ten applied from the scaling line
    column: int | None = None        # column index when known (HTML); text format drops empty cells
    unit: str | None = None          # "USD" (ISO code of money), "shares", "USD/shares", "pure",
                                     # or a custom unit word ("Days"); None for dates/text


@dataclass(frozen=True)
class Reference(HasParts):
    """One reference of a definition block: role URI and ordered parts (Topic, Section, ...)."""
    role: str | None
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DefinitionBlock:
    """One hidden definition table ("|X - Definition + References + Details")."""
    index: int
    definition: str | None                   # documentation text; None when absent
    references: tuple[Reference, ...] = ()
    details: tuple[tuple[str, str], ...] = ()  # Name / Data Type / Balance Type / Period Type when shown
    no_definition: bool = False              # the block says "No definition available."
    empty: bool = False                      # nothing at all: an axis=member block
    observed_element: str | None = None      # "us-gaap_Foo" when the HTML shows it (never used to resolve
                                             # unless the caller allows it)
    line: int | None = None


@dataclass(frozen=True)
class Row:
    index: int
    label: str                               # row caption without footnote marks / unit suffix
    values: tuple[Value, ...] = ()
    kind: RowKind = "fact"                   # heading: abstract/[Line Items]/[Roll Forward]; segment: member row
    footnotes: tuple[str, ...] = ()          # "[1]", "[2]"
    unit_suffix: str | None = None           # "$" / "shares" from "Label | $"
    observed_element: str | None = None      # from the HTML link (see DefinitionBlock.observed_element)
    line: int | None = None
    period: Period | None = None             # when no column has one: what the caption and its
                                             # neighbours say (periods.row_periods)

    @property
    def abstract(self) -> bool:
        return self.kind != "fact"

    @property
    def shown_label(self) -> str:
        """The caption as the page shows it, unit suffix included ("Shares issued | shares"):
        what to compare with captions read elsewhere (gold files, other renderings)."""
        return f"{self.label} | {self.unit_suffix}" if self.unit_suffix else self.label


@dataclass(frozen=True)
class Page:
    source: str                              # path or name of the input
    checksum: str                            # sha256 of the input bytes
    format: str                              # "rpage-text" | "rpage-html"
    title: str
    title_lines: tuple[str, ...] = ()
    scale_line: str | None = None            # "shares in Thousands, $ in Millions"
    scales: tuple[tuple[str, int], ...] = () # (("shares", 3), ("USD", 6))
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    blocks: tuple[DefinitionBlock, ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()  # ("[1]", text)
    warnings: tuple[str, ...] = field(default=())

    def element_blocks(self) -> tuple[DefinitionBlock, ...]:
        """The blocks that describe elements (not the trailing empty axis=member blocks)."""
        return tuple(b for b in self.blocks if not b.empty)
