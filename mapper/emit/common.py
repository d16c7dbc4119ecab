"""Small pure helpers shared by the emitters: relation, columns, units, numbers, justification."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import __version__
from ..resolve.model import PageMapping, RowMapping
from ..rpage.model import Column, Page, Period, Row, Value

ISO4217 = "http://www.xbrl.org/2003/iso4217#"
XBRLI = "http://www.xbrl.org/2003/instance#"
SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM = "https://w3id.org/sssom/"
NO_TERM_FOUND = SSSOM + "NoTermFound"

# Which semapv matching process each resolver signal is evidence of.
_SIGNAL_PROCESS = {
    "label": "LexicalMatching",
    "name": "LexicalMatching",
    "observed": "LexicalMatching",
    "documentation": "LexicalMatching",
    "reference": "BackgroundKnowledgeBasedMatching",
    "structure": "StructuralMatching",
    "period": "StructuralMatching",
    "datatype": "StructuralMatching",
    "balance": "StructuralMatching",
    "values": "InstanceBasedMatching",
}

_CURRENCY = re.compile(r"\b([A-Z]{3})\s*\(")
_ISO_CODE = re.compile(r"^[A-Z]{3}$")
QUDT_PERCENT = "http://qudt.org/vocab/unit/PERCENT"


def tool_version(pm: PageMapping) -> str:
    return pm.tool_version or __version__


def target(rm: RowMapping):
    """The concept the row is mapped to: the concept, else an extension's anchor, else None."""
    return rm.concept if rm.concept is not None else rm.anchor


def relation(rm: RowMapping) -> str | None:
    """The SKOS relation to :func:`target`; defaults: extension+anchor -> broad, concept -> close."""
    if target(rm) is None:
        return None
    if rm.relation:
        return rm.relation
    return "broad" if rm.concept is None else "close"


def justification(rm: RowMapping) -> str:
    """semapv local name: one kind of signal -> its process, several -> CompositeMatching."""
    kinds = {_SIGNAL_PROCESS.get(e.signal, "UnspecifiedMatching") for e in rm.evidence if e.score > 0}
    if not kinds:
        return "UnspecifiedMatching"
    if len(kinds) == 1:
        return kinds.pop()
    return "CompositeMatching"


def signals(rm: RowMapping) -> list[str]:
    """Distinct evidence signals in the order the resolver gave them."""
    return list(dict.fromkeys(e.signal for e in rm.evidence))


def decimal_text(number: Decimal | None) -> str | None:
    """An xsd:decimal lexical form (never exponent notation), or None."""
    if number is None or not number.is_finite():
        return None
    return format(number, "f")


def under_members(pm: PageMapping) -> list[int | None]:
    """Per row: the member row above it, up to the next member row (None before the first)."""
    out: list[int | None] = []
    context = None
    for rm in pm.rows:
        out.append(None if rm.member else context)
        if rm.member:
            context = rm.row.index
    return out


def value_period(col: Column | None, row: Row) -> Period | None:
    """A value's period: its column's, else the one its row's caption and neighbours give (a
    statement of equity, whose columns are its components: rpage.periods.row_periods)."""
    if col is not None and col.period is not None:
        return col.period
    return row.period


def value_column(page: Page, row: Row, value_index: int) -> Column | None:
    """The value's column: as parsed, else by position when the row fills every column."""
    value = row.values[value_index]
    index = value.column
    if index is None and len(row.values) == len(page.columns):
        index = value_index
    if index is None:
        return None
    for col in page.columns:
        if col.index == index:
            return col
    return None


def currency(page: Page) -> str:
    """ISO 4217 code of the page's monetary values ("... - USD ($)"), USD when not stated."""
    for text in (page.title, page.scale_line or "", *page.title_lines):
        m = _CURRENCY.search(text)
        if m:
            return m.group(1)
    for key, _ in page.scales:
        if len(key) == 3 and key.isupper():
            return key
    return "USD"


def _measure(name: str) -> str | None:
    """An XBRL measure IRI for a unit name the parser gives, None for a custom word ("Days")."""
    if name == "shares":
        return XBRLI + "shares"
    if name == "pure":
        return XBRLI + "pure"
    if _ISO_CODE.match(name):
        return ISO4217 + name
    return None


def unit_name(page: Page, value: Value) -> str | None:
    """A numeric value's unit as text: the parser's ("USD", "shares", "USD/shares", "pure", a
    custom word such as "Days"), else from its kind and the page's currency; "percent" for a
    percentage, whose number is kept as shown (5.5 for "5.5%")."""
    if value.kind == "percent":
        return "percent"
    if value.unit:
        return value.unit
    if value.kind == "monetary":
        return currency(page)
    if value.kind == "per_share":
        return f"{currency(page)}/shares"
    return {"shares": "shares", "number": "pure"}.get(value.kind)


def unit_iris(page: Page, value: Value) -> tuple[str | None, str | None]:
    """(unit IRI, denominator IRI) of a numeric value (unit_name as XBRL measures; a percentage
    is QUDT's PERCENT, not xbrli:pure, since its number is kept as shown)."""
    name = unit_name(page, value)
    if name is None:
        return None, None
    if name == "percent":
        return QUDT_PERCENT, None
    num, _, den = name.partition("/")
    return _measure(num), (_measure(den) if den else None)


def custom_unit(value: Value) -> str | None:
    """The parser's unit word when it is not an XBRL measure ("Days", "Segment"), else None."""
    unit = value.unit
    if not unit or "/" in unit or unit in ("shares", "pure") or _ISO_CODE.match(unit):
        return None
    return unit


def rounded(x: float) -> float:
    """Scores and confidences as written out: 4 decimals (not clamped: the shapes check range)."""
    return round(float(x), 4)
