"""Values against types: what a row's cells say (money, per-share amounts, shares, percentages,
dates, prose; a heading's bracket; numbers in parentheses) and how well that fits a concept's data
type, period type, balance and direction."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ...rpage.model import Row
from ...rpage.values import shares_marked
from ..catalog import CatalogConcept
from ..text import bracket_kind
from .captions import is_balance_caption



_MONEY_RAW = re.compile(r"[$€£¥]")
# an amount written with its currency's ISO 4217 code ("CHF 50,000"); the codes filers report in
_CODE_AMOUNT = re.compile(r"^\(?(?:USD|EUR|GBP|JPY|CHF|CNY|RMB|CAD|AUD|NZD|HKD|SGD|KRW|INR|BRL|MXN|SEK|NOK|DKK|ZAR|ILS|"
                          r"TWD|PLN|RUB|TRY|IDR|THB|MYR|PHP|SAR|AED|CZK|HUF|CLP|COP|ARS|PEN)\s?\(?[\d,]+(?:\.\d+)?\)?$")
_PERCENT = re.compile(r"^\(?\s*-?[\d.,]+\s*%\s*\)?$")   # "5.5%", "(6.70%)"
_DECIMALS2 = re.compile(r"\d\.\d{2,4}\)?$")


def value_hint(raw: str) -> str:
    """What a cell's text alone says: percent, per_share (small $ amount with cents), monetary,
    number, date, boolean or text. Independent of the parser's guesses."""
    t = raw.strip()
    if not t:
        return "text"
    if len(t) > 120 and t.count(" ") > 15:
        return "textblock"        # a note or policy: prose, not a value
    if t.endswith("%") or _PERCENT.match(t):   # "(6.70%)": a negative percentage
        return "percent"
    low = t.lower()
    if low in ("true", "false", "yes", "no"):
        return "boolean"
    digits = re.sub(r"[^\d.]", "", t)
    if not digits or not any(ch.isdigit() for ch in digits):
        return "text"
    if re.match(r"^[A-Z][a-z]{2}\.? \d{1,2}, \d{4}$", t):
        return "date"
    if re.match(r"^(19|20)\d\d$", t):
        return "year"
    money = _CODE_AMOUNT.match(t) is not None
    if not money and re.search(r"[A-Za-z]{3,}", t):
        return "duration" if re.search(r"\b(year|month|day)s?\b", low) else "text"
    if money or _MONEY_RAW.search(t):
        try:
            mag = abs(float(digits.replace(",", "") or 0))
        except ValueError:
            mag = 0.0
        return "per_share" if _DECIMALS2.search(t) and mag < 1000 else "monetary"
    return "number"


def row_value_kind(row: Row) -> str | None:
    """The dominant kind of the row's values, from the cell text and the row's unit suffix."""
    if not row.values:
        return None
    return _value_kind(row.unit_suffix, row.label, tuple(v.raw for v in row.values))


@lru_cache(maxsize=65536)
def _value_kind(unit_suffix: str | None, label: str, raws: tuple[str, ...]) -> str:
    suffix = (unit_suffix or "").lower()
    if "shares" in suffix and "/" not in suffix or shares_marked(label):
        return "shares"
    if suffix in ("%", "percent", "pure"):
        return "percent"
    kinds = [value_hint(raw) for raw in raws]
    for k in ("per_share", "percent", "monetary"):
        if k in kinds:
            return k
    return max(set(kinds), key=kinds.count)


# what a concept's type expects (catalog kinds) given the row's values
_FIT: dict[str | None, dict[str, float]] = {
    # row kind: {concept kind: adjustment}
    "per_share": {"per_share": 0.15, "monetary": -0.05, "number": -0.05},
    "monetary": {"monetary": 0.1, "per_share": -0.15, "number": -0.05, "shares": -0.3, "percent": -0.3},
    "percent": {"percent": 0.15, "number": 0.0, "monetary": -0.3, "shares": -0.3, "per_share": -0.3},
    "number": {"monetary": 0.0, "shares": 0.05, "number": 0.05, "per_share": -0.1, "percent": -0.05},
    "shares": {"shares": 0.15, "number": 0.0, "monetary": -0.3, "per_share": -0.3},
    "date": {"date": 0.15},
    "boolean": {"boolean": 0.15},
    "duration": {"duration": 0.15},
    "text": {"text": 0.05, "textblock": 0.0},
    "year": {"year": 0.15, "number": 0.0, "text": 0.0, "monetary": -0.05, "shares": -0.05},
    "textblock": {"textblock": 0.35, "text": -0.1},
}

_SUFFIX_OF_BRACKET = {"abstract": ("Abstract",), "line items": ("LineItems",), "roll forward": ("RollForward",),
                      "table": ("Table",), "axis": ("Axis",), "domain": ("Domain", "Member"),
                      "member": ("Member", "Domain")}
_STRUCTURAL = ("Abstract", "LineItems", "RollForward", "Table", "Axis", "Domain", "Member")


def bracket_suffixes(label: str) -> tuple[str, ...] | None:
    """The element-name suffixes a caption's bracket allows ("[Line Items]" -> LineItems), if any."""
    return _SUFFIX_OF_BRACKET.get(bracket_kind(label) or "")


def type_fit(row: Row, c: CatalogConcept, vk: str | None = "?") -> float:
    """+ when the row's values fit the concept's data type, - when they contradict it.
    ``vk``: the row's value kind when the caller has it already (see row_value_kind)."""
    return type_fit_of(row_types(row, vk), c)


class RowTypes(NamedTuple):
    """What type_fit reads of a row, read once (a row is scored against many concepts)."""
    heading: bool                    # no values, or not a fact: an abstract's row or an empty line item
    bracket: str | None              # its caption's bracket kind (headings)
    want: tuple[str, ...]            # ... and the name suffixes that bracket asks for
    vk: str | None                   # the value kind (facts)
    table: dict[str, float]          # _FIT of that value kind
    balance: bool                    # a balance caption (a stock: instant)
    parenthesised: bool              # every number shown negative (there is one at least)


def row_types(row: Row, vk: str | None = "?") -> RowTypes:
    """The row's side of type_fit (``vk`` as there)."""
    if row.kind != "fact" or not row.values:
        kind = bracket_kind(row.label)
        return RowTypes(True, kind, _SUFFIX_OF_BRACKET.get(kind or "", ("Abstract", "LineItems", "RollForward")),
                        None, {}, False, False)
    if vk == "?":
        vk = row_value_kind(row)
    negative = (all(v.negative for v in row.values if v.number is not None)
                and any(v.number is not None for v in row.values))
    return RowTypes(False, None, (), vk, _FIT.get(vk, {}), is_balance_caption(row.label), negative)


def kind_fit(vk: str | None, ck: str) -> float:
    """How values of kind ``vk`` fit data of kind ``ck`` (catalog kinds: a concept's data type, or
    what a company definition states): _FIT's entry, else nothing for an unknown type, a mismatch
    for prose against a value, a smaller one for the rest."""
    if vk is None:
        return 0.0
    table = _FIT.get(vk, {})
    if ck in table:
        return table[ck]
    if ck == "other":
        return 0.0
    if vk == "textblock" or ck == "textblock":
        return -0.4
    return -0.2 if ck in ("date", "boolean", "text", "duration") and vk not in ("text",) else -0.1


_DEF_KINDS = (
    (re.compile(r"^(?:the\s+)?(?:entire\s+)?disclosure\b", re.I), "textblock"),
    (re.compile(r"^(?:the\s+)?description\b", re.I), "text"),
    (re.compile(r"^(?:the\s+)?(?:aggregate\s+|total\s+|weighted[- ]average\s+)?number\s+of\s+(?:\w+\s+){0,3}?"
                r"(?:shares|options|warrants|rsus?)\b", re.I), "shares"),
    (re.compile(r"^(?:the\s+)?(?:aggregate\s+|total\s+|net\s+)?amount\b(?!.{0,40}\bper\s+share)", re.I), "monetary"),
    (re.compile(r"^(?:the\s+)?(?:percentage|percent)\b", re.I), "percent"),
    (re.compile(r"^(?:the\s+)?date\b", re.I), "date"),
)


@lru_cache(maxsize=65536)
def definition_kind(definition: str) -> str | None:
    """The data kind a company definition's opening says its element has, in FASB's style
    ("Amount of ..." money, "Number of shares ..." shares, "Percentage of ..." a percent, "Date
    ..." a date, "Description of ..." text), or None when it does not say."""
    text = definition.strip()
    for pattern, kind in _DEF_KINDS:
        if pattern.match(text):
            return kind
    return None


def type_fit_of(t: RowTypes, c: CatalogConcept) -> float:
    """type_fit of a row read by row_types."""
    if t.heading:
        if not c.abstract:
            # a caption without "[Abstract]"-style marker may be a line item whose cells are empty
            return -0.5 if t.bracket else -0.12
        if c.local_name.endswith(t.want):
            return 0.15
        return -0.3 if c.local_name.endswith(_STRUCTURAL) else -0.1
    if c.abstract:
        return -0.6
    vk = t.vk
    if vk is None:
        return 0.0
    ck = c.kind
    table = t.table
    fit = table[ck] if ck in table else kind_fit(vk, ck)
    if c.period_type and t.balance:
        fit += 0.2 if c.period_type == "instant" else -0.2
    if ck == "monetary" and t.parenthesised:
        if flow_direction(c.local_name, c.doc) > 0:
            # an increase or an inflow is not shown in parentheses (a decrease or an outflow may be:
            # EDGAR's negated labels)
            fit -= DIRECTION_FIT
        elif _LOSS_NAME.search(c.local_name):
            fit += LOSS_FIT   # a loss is (negated labels), whatever its balance
        elif c.balance:
            # EDGAR shows contra items (credit balance among assets, negated labels) in parentheses
            fit += 0.08 if c.balance == "credit" else -0.04
    return fit


DIRECTION_FIT = 0.15
LOSS_FIT = 0.08
# a name that ends on a loss, not on a net result ("GainLoss", "IncomeLoss") nor on an amount
# after an allowance for it ("NetInvestmentInLeaseAfterAllowanceForCreditLoss")
_LOSS_NAME = re.compile(r"^(?!.*(?:After|NetOf)[A-Z]).*(?<!Gain)(?<!Income)(?<!Profit)(?<!Gains)Loss(es)?$")
_WAY_DOC = re.compile(r"^\s*(?:the\s+)?(?:amount\s+of\s+)?(?:cash\s+)?"
                      r"(outflows?|inflows?|increases?|decreases?|payments?|repayments?|proceeds)\b"
                      r"(?!\s*(?:\(|/|or\b|and\b|net\b|increase|decrease))", re.I)
_WAY_NAME = re.compile(r"^(Payments?|Repayments?|Proceeds)(?:To|For|Of|From|On|Related|Made|In)?(?=[A-Z])")
_WAY = {"outflow": -1, "decrease": -1, "payment": -1, "repayment": -1,
        "inflow": 1, "increase": 1, "proceed": 1}


@lru_cache(maxsize=65536)
def flow_direction(local_name: str, doc: str | None) -> int:
    """-1 for a concept that only ever takes away (a decrease, a payment, a cash outflow), +1 for
    one that only adds (an increase, proceeds, a cash inflow), 0 otherwise: from the opening of
    its documentation ("Amount of decrease in ...", "The cash outflow for ..."), else its name
    ("PaymentsToAcquire...", "ProceedsFrom..."). Net concepts ("increase (decrease)",
    "ProceedsFromRepaymentsOf...") have no direction."""
    m = _WAY_DOC.match(doc) if doc else None
    if m:
        return _WAY[m.group(1).lower().rstrip("s")]
    m = _WAY_NAME.match(local_name)
    net = "IncreaseDecrease" in local_name or ("Proceeds" in local_name and "Payment" in local_name.replace(
        "Repayment", "Payment"))   # ProceedsFromRepaymentsOf..., ProceedsFromPaymentsFor...
    if not m or net:
        return 0
    return _WAY[m.group(1).lower().rstrip("s")]
