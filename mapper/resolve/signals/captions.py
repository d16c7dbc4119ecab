"""Caption text: what part of a row's caption names its concept (markers, unit notes, dates,
"Total"/"Less:" and a stock's terms dropped), and whether a caption is a period's balance."""
from __future__ import annotations

import re
from functools import lru_cache

from ..text import strip_label_markers, tokens

# Caption words that carry no concept meaning ("Total revenues" = Revenues).
_CAPTION_NOISE = re.compile(
    r"^(total|less(?!\s+than)|add|plus|net of|deduct|subtotal)\b[:\s]*|[:\s]*\b(total)$", re.I)


_UNIT_NOTE = re.compile(r"\s*\((in|per) [^)]*\)", re.I)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_AT_DATE = re.compile(r",?\s+(value|shares|amount)?\s*(at|as of)\s+" + _MONTH + r"\.?\s+\d{1,2},\s+\d{4}\s*$", re.I)
_PERIOD_EDGE = re.compile(r"\s*[-—–,:]*\s*(at\s+|as of\s+)?(the\s+)?(beginning|end)\s+of\s+(the\s+)?(period|year|quarter)\s*$|"
                          r"^(beginning|ending|opening|closing)\s+balances?\s*[-—–,:]*\s*|"
                          r"\s*[-—–,:]*\s+(beginning|ending|opening|closing)\s+balances?\s*$", re.I)
_BALANCE = re.compile(r"^\s*balances?\b.*\b(at|as of)\s+" + _MONTH + r"|\b(beginning|ending|opening|closing)\b.*\bbalance|\bbalances?\b.*\b(beginning|end)\b|"
                      r"\b(beginning|end) of (the )?(period|year)\b", re.I)


@lru_cache(maxsize=65536)
def is_balance_caption(label: str) -> bool:
    """ "Beginning balance at Dec. 31, 2022", "... end of period": the row shows a stock (instant)."""
    return bool(_BALANCE.search(label))


_BALANCE_ONLY = frozenset(tokens("balance balances beginning ending opening closing begin end period year"))
_BALANCE_NOUN = frozenset(tokens("balance balances"))


@lru_cache(maxsize=65536)
def bare_balance_caption(label: str) -> bool:
    """A balance caption naming nothing else ("Balance at Dec. 31, 2022", "Ending balance")."""
    words = set(tokens(caption_text(label)))
    return bool(words) and words <= _BALANCE_ONLY and bool(words & _BALANCE_NOUN)


def without_date(label: str) -> str:
    """A caption without the "at <date>" EDGAR appends to balance rows."""
    return _AT_DATE.sub("", label) or label


# "Common stock, $0.001 par value; 6,000 shares authorized; ...": the terms of a class of stock
# that a balance sheet prints after its name (the parenthetical page reports them as facts)
_STOCK_TERMS = re.compile(r"^(.{2,60}?\b(?:stock|shares))\s*[,;:\u2013\u2014-]\s*"
                          r"(?:\$\s?[\d.,]+\s+par\s+value|no\s+par\s+value|par\s+value\s+\$\s?[\d.,]+)\b.*$",
                          re.I | re.S)


@lru_cache(maxsize=65536)
def caption_text(label: str) -> str:
    """The part of a caption that names the concept: markers, unit notes ("(in shares)"),
    "at <date>", a class of stock's terms and "Total"/"Less:" dropped."""
    s = strip_label_markers(label)
    s = _STOCK_TERMS.sub(r"\1 value", s)   # the row shows the value of the stock issued
    s = _AT_DATE.sub("", _UNIT_NOTE.sub("", s))
    s = _PERIOD_EDGE.sub("", s) or s
    s = _CAPTION_NOISE.sub("", s).strip(" ,:-")
    return s or strip_label_markers(label)
