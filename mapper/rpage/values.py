"""Cell values of an R page: scaling lines, value shapes and :class:`Value` construction.

Pure functions only. ``shape_of`` tells what a cell *looks like* (used by the text parser to
tell values from row labels); ``parse_value`` builds the typed :class:`Value` for a cell once
its row is known (row unit suffix, page unit, scaling).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .model import Value, ValueKind

SCALE_WORDS = {"units": 0, "unit": 0, "thousands": 3, "millions": 6, "billions": 9, "trillions": 12}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
                    "R$": "BRL", "C$": "CAD", "A$": "AUD", "CHF": "CHF", "Fr.": "CHF"}
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

_FOOTMARK = re.compile(r"(?:\s*\[\d+\])+\s*$")
_MARK = re.compile(r"\[\d+\]")
_CUR = r"(?:[A-Z]{3}|R\$|C\$|A\$|[$€£¥₹₩])"
_NUMBER = re.compile(
    rf"^(?P<cur>{_CUR})?\s*(?P<open>\()?\s*(?P<cur2>{_CUR})?\s*(?P<minus>[-−–])?\s*"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(?P<pct>%)?\s*(?P<close>\))?$")
_DATE_ABBR = re.compile(r"^(?P<mon>[A-Z][a-z]{2})\.? (?P<day>\d{1,2}), (?P<year>\d{4})$")
_DATE_LONG = re.compile(r"^(?P<mon>[A-Z][a-z]+) (?P<day>\d{1,2}), (?P<year>\d{4})$")
_DATE_ISO = re.compile(r"^(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})$")
_MONTH_DAY = re.compile(r"^--\d{2}-\d{2}$")
_DURATION = re.compile(r"^\d+(?:\.\d+)? (?:years?|months?|days?|weeks?|hours?)"
                       r"(?: \d+(?:\.\d+)? (?:years?|months?|days?|weeks?|hours?))*$", re.I)
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Scaling:
    """Powers of ten from a scaling line: per unit key ("USD", "shares"...), and a default."""
    factors: tuple[tuple[str, int], ...] = ()
    default: int = 0               # 2012 style "In Millions": applies to money and shares
    shares_default: int | None = None  # 2012 style "except Share data [in Thousands]"

    def factor(self, key: str) -> int | None:
        for k, v in self.factors:
            if k == key:
                return v
        return None

    def for_money(self, currency: str | None) -> int:
        f = self.factor(currency or "USD")
        if f is None and currency is None:
            f = next((v for k, v in self.factors if k not in ("shares", "$ / shares")), None)
        return self.default if f is None else f

    def for_shares(self) -> int:
        f = self.factor("shares")
        if f is not None:
            return f
        return self.default if self.shares_default is None else self.shares_default

    def for_unit(self, unit: str) -> int:
        f = self.factor(unit)
        return 0 if f is None else f


def currency_key(symbol: str) -> str:
    return CURRENCY_SYMBOLS.get(symbol, symbol)


_SCALE_PART = re.compile(r"^(?P<unit>.+?) in (?P<word>Units|Thousands|Millions|Billions|Trillions)$")
_OLD_STYLE = re.compile(r"^In (?P<word>Thousands|Millions|Billions|Trillions)\b", re.I)
_OLD_EXCEPT = re.compile(r"except (?P<what>Share|Per Share)(?: data)?(?: in (?P<word>\w+))?", re.I)


def is_scaling_line(line: str) -> bool:
    """True for "$ in Millions", "shares in Thousands, $ in Millions", "In Millions, unless...".."""
    return parse_scaling(line) is not None


def parse_scaling(line: str) -> Scaling | None:
    """Parse a scaling line; None when the line is not one."""
    text = line.strip()
    m = _OLD_STYLE.match(text)
    if m:
        shares_default = None
        for ex in _OLD_EXCEPT.finditer(text):
            if ex.group("what").lower() == "share":
                w = (ex.group("word") or "units").lower()
                shares_default = SCALE_WORDS.get(w, 0)
        return Scaling(default=SCALE_WORDS[m.group("word").lower()], shares_default=shares_default)
    parts = [p.strip() for p in text.split(",")]
    factors = []
    for part in parts:
        pm = _SCALE_PART.match(part)
        if not pm:
            return None
        unit = pm.group("unit").strip()
        key = currency_key(unit) if unit in CURRENCY_SYMBOLS else unit
        factors.append((key, SCALE_WORDS[pm.group("word").lower()]))
    return Scaling(factors=tuple(factors)) if factors else None


def strip_footnote_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """"Net revenue [1] [2]" -> ("Net revenue", ("[1]", "[2]"))."""
    if not text.rstrip().endswith("]"):
        return text, ()             # fast path: marks end the text ("\s" is str.isspace)
    m = _FOOTMARK.search(text)
    if not m or m.start() == 0:
        return text, ()
    marks = tuple(_MARK.findall(m.group(0)))
    return text[:m.start()].rstrip(), marks


def parse_date(text: str) -> date | None:
    """"Dec. 31, 2023", "May 31, 2021", "December 18, 2023", "2024-07-01" -> date."""
    t = text.strip()
    for rx in (_DATE_ABBR, _DATE_LONG):
        m = rx.match(t)
        if m:
            mon = MONTHS.get(m.group("mon")[:3].lower())
            if mon is None:
                return None
            try:
                return date(int(m.group("year")), mon, int(m.group("day")))
            except ValueError:
                return None
    m = _DATE_ISO.match(t)
    if m:
        try:
            return date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- shapes (for segmentation)
Shape = str  # "number" | "percent" | "money" | "date" | "boolean" | "duration" | "monthday" | "uri" | "text"


@lru_cache(maxsize=2048)
def shape_of(raw: str) -> Shape:
    """What a cell looks like, without context. (Memoised: cell texts repeat within and across
    pages, and the segmenter, the garbled-number check and ``parse_value`` all ask.)"""
    t, _ = strip_footnote_marks(raw.strip())
    if not _DIGIT.search(t):
        # fast path (most labels): numbers, dates, durations and month-days all have digits
        low = t.lower()
        if low in _BOOLEANS:
            return "boolean"
        if low.startswith(("http://", "https://")) and " " not in t:
            return "uri"
        return "text"
    m = _NUMBER.match(t)
    if m and (m.group("open") is None) == (m.group("close") is None):
        if m.group("pct"):
            return "percent"
        if m.group("cur") or m.group("cur2"):
            return "money"
        return "number"
    low = t.lower()
    if low in _BOOLEANS:
        return "boolean"
    if parse_date(t) is not None:
        return "date"
    if _DURATION.match(t):
        return "duration"
    if _MONTH_DAY.match(t):
        return "monthday"
    if low.startswith(("http://", "https://")) and " " not in t:
        return "uri"
    return "text"


_NUMBERISH = re.compile(r"^[\s\d,.$€£¥()%\-−–]*\d[\s\d,.$€£¥()%\-−–]*$")
_NUMBERISH_FIRST = set(",.$€£¥()%-−–")     # the non-digit, non-space characters above
_CODELIKE = re.compile(r"^\d[\d\-]*\d$|^\d{4}-\d{2}(?:-\d{2})?$|^--\d{2}-\d{2}$")
_SPACED_DIGITS = re.compile(r"\d\s+\d")


@lru_cache(maxsize=2048)
def is_garbled_number(raw: str) -> bool:
    """A cell made only of number characters that is not a well-formed number ("1,23",
    "(1,234", "$ 1..5"): the page is damaged rather than a label or text. (Memoised.)"""
    first = raw.lstrip()[:1]
    if not first.isdecimal() and first not in _NUMBERISH_FIRST:
        return False                # fast path: most lines are labels ("\d" is str.isdecimal)
    t, _ = strip_footnote_marks(raw.strip())
    return shape_of(t) == "text" and bool(_NUMBERISH.match(t)) and not _CODELIKE.match(t) \
        and not _SPACED_DIGITS.search(t)


# ---------------------------------------------------------------- typed values
@dataclass(frozen=True)
class UnitContext:
    """What the row and page say about the unit of a row's values."""
    row_unit: str | None = None            # " | shares" suffix of the row label
    page_units: tuple[str, ...] = ()       # ("USD ($)", "$ / shares") from the title
    label: str = ""                        # the row label (for "(in shares)", "per share")
    heading: str = ""                      # the value-less row above it ("Net income per share:")
    row_money: bool = False                # some cell of the row shows a currency symbol
    currencies: tuple[tuple[str, str], ...] = ()   # symbol -> ISO code named on the page ("¥", "CNY")


def _number_parts(t: str):
    """(number, negative, currency symbol, percent) of a well-formed number, else None."""
    m = _NUMBER.match(t)
    if not m or (m.group("open") is None) != (m.group("close") is None):
        return None
    try:
        num = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None
    negative = bool(m.group("open") or m.group("minus"))
    currency = m.group("cur") or m.group("cur2")
    return num, negative, currency, bool(m.group("pct"))


_ISO_UNIT = re.compile(r"([A-Z]{3})(?: \((.+)\))?")


@lru_cache(maxsize=2048)
def _cell(raw: str) -> tuple[str, tuple[Decimal, bool, str | None, bool] | None]:
    """(text without footnote marks, :func:`_number_parts` of it) of one cell. (Memoised: the
    same amounts recur across a filing's pages.)"""
    text, _ = strip_footnote_marks(raw.strip())
    return text, _number_parts(text)


@lru_cache(maxsize=1024)
def unit_kind(unit: str | None) -> tuple[ValueKind | None, str | None]:
    """Kind (and currency) implied by a unit text: "$", "shares", "$ / shares", "USD ($)".
    (Memoised: a page has a handful of unit texts, asked for every cell.)"""
    if not unit:
        return None, None
    u = unit.strip()
    if "/" in u:
        return "per_share", None
    if u in CURRENCY_SYMBOLS:
        return "monetary", currency_key(u)
    m = _ISO_UNIT.fullmatch(u)
    if m:
        return "monetary", m.group(1)
    if u.lower() == "shares":
        return "shares", None
    if u.lower() in ("percent", "pure"):
        return "percent", None
    return "number", None


_PER_SHARE_LABEL = re.compile(
    r"per (?:common |ordinary )?share|per unit|\bpar value\b|\bprice per\b|"
    r"\b(?:exercise|conversion|strike|redemption|share|stock) prices?\b", re.I)
# "(in shares)", and EDGAR's share-count twin of an equity statement's row: "Balance, shares at
# Dec. 31, 2022", "Issuance of common stock, shares" (not "..., shares issued and outstanding of ...")
_SHARES_MARKED = re.compile(r"\(in shares\)|\(shares\)|,\s*shares(?=\s*$|\s+at\b|\s*[(,])", re.I)
# "($0.20 per share)", "at $10.49 and $10.07 per share": what the amount was per share, not what it is
def shares_marked(label: str) -> bool:
    """A caption marked as a count of shares: "(in shares)", "Balance, shares at ...", "..., shares"."""
    return _SHARES_MARKED.search(label) is not None


_AMOUNT_NOTE = re.compile(r"\([^)$]*\$\s?\d[^)]*\)|\$\s?\d[\d.,]*(?:\s+and\s+\$\s?\d[\d.,]*)?\s+per\s+(?:share|unit)",
                          re.I)
_SHARES_LABEL = re.compile(
    r"\bnumber of (?:\w+ ){0,3}(?:shares?|units?|options?|warrants?|rsus?)\b|"
    r"\bweighted[- ]average (?:number of )?(?:basic |diluted )?(?:common |ordinary )?shares\b|"
    r"\bshares? (?:authorized|issued|outstanding|reserved|granted|vested|forfeited|exercisable|held)\b|"
    r"\bauthorized shares\b|\breserved for (?:future )?issuance\b|"
    r"\b(?:stock )?options?,? (?:granted|exercised|forfeited|cancell?ed|expired|vested|outstanding)\b",
    re.I)
_SHARES_BEFORE_PURPOSE = re.compile(r"\bshares\s*$", re.I)
# words of an amount: "Excess tax benefit from stock options exercised", "Proceeds from shares issued"
_AMOUNT_WORDS = re.compile(r"\b(?:value|amount|proceeds|cost|price|benefits?|expenses?|income|tax|payments?|"
                           r"cash|fees?)\b", re.I)
# what a caption names after these words is what its amount is used for ("Net income used in
# computing net income per share" is money; "Weighted average shares used in computing ..." shares)
_PURPOSE = re.compile(r"\b(?:used in|in computing|for computing|in calculating|(?:calculation|computation) of)\b", re.I)
# a class of stock's terms ("Common stock, $0.001 par value; 6,000 shares authorized", "... without
# par value (9,000 million shares authorized ...)"): the line is the stock's amount on a balance sheet
_STOCK_TERMS = re.compile(r"(?<![\d.,])\d[\d.,]*\s*(?:par|stated) value|\b(?:no|without) par\b", re.I)
_PAR_VALUE = re.compile(r"\bpar value\b", re.I)
_TERMS_AFTER = re.compile(r"\b(?:authorized|issued|outstanding)\b", re.I)


def _stock_terms(label: str) -> bool:
    """A class of stock's terms: a par value with a number, no par value, or a par value followed
    by the shares authorized, issued or outstanding (linear on any caption: no nested scans)."""
    if _STOCK_TERMS.search(label):
        return True
    m = _PAR_VALUE.search(label)
    return m is not None and _TERMS_AFTER.search(label, m.end()) is not None
# captions that say nothing of their own and are read under their heading: "Basic" under "Net income
# per share:", "Class A" under "Weighted average shares outstanding:"
_GENERIC = re.compile(r"^\s*(?:basic|diluted|basic and diluted|diluted and basic|"
                      r"class [a-z0-9]+(?: common| ordinary)?(?: stock| shares)?|common stock|preferred stock)"
                      r"\s*[:,.]?\s*$", re.I)


@lru_cache(maxsize=2048)
def _label_kind(label: str) -> tuple[ValueKind | None, bool]:
    """Kind a row label's words imply, and whether it is sure: "(in shares)", ", shares" and the
    per-share words ("per share", "par value", "exercise price") are; the share-count words
    ("shares authorized", "weighted average shares", "number of options") yield to a cell's own
    currency symbol. The purpose a caption states ("used in computing ... per share"), what an
    amount was per share ("($0.20 per share)") and a class of stock's terms ("$0.001 par value;
    6,000 shares authorized") say nothing of its values. (Memoised: asked once per cell.)"""
    if _SHARES_MARKED.search(label):
        return "shares", True
    if _stock_terms(label):
        return None, False
    own = _AMOUNT_NOTE.sub("", label)
    m = _PURPOSE.search(own)
    if m and _SHARES_BEFORE_PURPOSE.search(own[:m.start()]):
        return "shares", False    # "Shares used in computing net income per share"
    own = own[:m.start()] if m else own
    if _PER_SHARE_LABEL.search(own):
        return "per_share", True
    if _SHARES_LABEL.search(own) and not _AMOUNT_WORDS.search(own):
        return "shares", False
    return None, False


@lru_cache(maxsize=1024)
def _page_kinds(page_units: tuple[str, ...]) -> tuple[tuple[ValueKind | None, str | None], ...]:
    """:func:`unit_kind` of each title unit."""
    return tuple(unit_kind(u) for u in page_units)


def row_shows_money(raws) -> bool:
    """Does some cell of a row show a currency symbol ("$ 500")? EDGAR prints it on a column's
    first row only, so the row's other cells may show bare numbers of the same kind."""
    return any((parts := _cell(raw)[1]) is not None and parts[2] is not None for raw in raws)


def infer_kind(currency: str | None, ctx: UnitContext, count_like: bool = False) -> tuple[ValueKind, str | None]:
    """Kind of a numeric cell: row unit suffix, then the label's sure words (the row's own, else,
    for a generic caption such as "Basic", its heading's: "Net income per share:"), then the
    cell's (or its row's) currency symbol, then the label's other words, then the page's title unit.
    ``count_like``: a whole number of 1,000 or more: on a page whose title unit is "$ / shares", in a
    row showing no "$", a count of shares (a price per share is shown with cents or a "$")."""
    kind, cur = unit_kind(ctx.row_unit)
    if kind is not None:
        return kind, cur
    label_kind, sure = _label_kind(ctx.label)
    if label_kind is None and ctx.heading and _GENERIC.match(ctx.label):
        label_kind, sure = _label_kind(ctx.heading)
    if label_kind is not None and (sure or not (currency or ctx.row_money)):
        return label_kind, None
    page = _page_kinds(tuple(ctx.page_units))
    if currency:
        if page and all(k == "per_share" for k, _ in page):
            return "per_share", None
        return "monetary", currency_key(currency)
    if page:
        if count_like and page[0][0] == "per_share" and not ctx.row_money:
            return "shares", None
        return page[0][0] or "number", page[0][1]
    return "number", None


_NAMED_CURRENCY = re.compile(r"\b([A-Z]{3}) \(([^)\s]{1,3})\)")


def page_currencies(texts) -> tuple[tuple[str, str], ...]:
    """Symbol -> ISO code pairs the page names ("CNY (¥)" in a title or column header)."""
    out: dict[str, str] = {}
    for t in texts:
        for m in _NAMED_CURRENCY.finditer(t or ""):
            out.setdefault(m.group(2), m.group(1))
    return tuple(out.items())


def _currency_code(cur: str | None, ctx: UnitContext) -> str:
    if cur is None:
        page = _page_kinds(tuple(ctx.page_units))
        return next((c for k, c in page if k == "monetary" and c), "USD")
    for sym, code in ctx.currencies:      # the page names the code of its symbol: "CNY (¥)"
        if sym == cur or currency_key(sym) == cur:
            return code
    return currency_key(cur)


def _unit_name(kind: ValueKind, cur: str | None, ctx: UnitContext) -> str | None:
    if kind == "monetary":
        return _currency_code(cur, ctx)
    if kind == "per_share":
        return f"{_currency_code(cur, ctx)}/shares"
    if kind == "shares":
        return "shares"
    if kind == "percent":
        return "pure"
    if kind == "number":
        return ctx.row_unit if ctx.row_unit and ctx.row_unit.lower() not in ("number", "pure") \
            else "pure"
    return None


_NO_SCALING = Scaling()
_NO_CONTEXT = UnitContext()
_KIND_OF_SHAPE: dict[str, ValueKind] = {"boolean": "boolean", "date": "date", "monthday": "date",
                                        "duration": "duration"}


def parse_value(raw: str, scaling: Scaling | None = None, ctx: UnitContext | None = None,
                column: int | None = None) -> Value:
    """Typed value of one cell; numbers are scaled by the scaling line where that applies
    (money by its currency factor, shares by the shares factor; per-share and percent never)."""
    ctx = ctx or _NO_CONTEXT
    scaling = scaling or _NO_SCALING
    text, parts = _cell(raw)
    if parts is not None:
        num, negative, currency, pct = parts
        signed = -num if negative else num
        if pct:
            return Value(raw=raw, number=signed, kind="percent", negative=negative, column=column,
                         unit="pure")
        kind, cur = infer_kind(currency, ctx, "." not in text and abs(num) >= 1000)
        if kind == "per_share" and cur is None and currency:
            cur = currency_key(currency)
        if kind == "monetary":
            scale = scaling.for_money(cur)
        elif kind == "shares":
            scale = scaling.for_shares()
        elif kind == "number" and ctx.row_unit:
            scale = scaling.for_unit(ctx.row_unit)
        else:
            scale = 0
        scaled = signed * (Decimal(10) ** scale) if scale else signed
        return Value(raw=raw, number=scaled, kind=kind, negative=negative, scale=scale, column=column,
                     unit=_unit_name(kind, cur, ctx))
    return Value(raw=raw, kind=_KIND_OF_SHAPE.get(shape_of(text), "text"), column=column)


_OLD_TITLE_UNIT = re.compile(r"\((?P<c>[A-Z]{3}) (?P<s>[^)\s]+)\)\s*$")
_TITLE_UNITS = re.compile(r"(?:^|\s)(?P<u>[A-Z]{3} \([^)]+\)|[$€£¥] / \w+|shares|pure)(?=\s|$)")


def title_units(title: str) -> tuple[str, ...]:
    """Units named at the end of a title: "... - USD ($) $ / shares" -> ("USD ($)", "$ / shares");
    2012 style "... (USD $)" -> ("USD ($)",)."""
    old = _OLD_TITLE_UNIT.search(title)
    if old:
        return (f"{old.group('c')} ({old.group('s')})",)
    if " - " not in title:
        return ()
    tail = title.rsplit(" - ", 1)[1]
    return tuple(m.group("u") for m in _TITLE_UNITS.finditer(tail))


def boolean_of(value: Value) -> bool | None:
    return _BOOLEANS.get(value.raw.strip().lower()) if value.kind == "boolean" else None
