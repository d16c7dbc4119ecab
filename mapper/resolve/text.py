"""Text normalisation shared by every matcher: labels, documentation, element names."""
from __future__ import annotations

import re
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_BRACKET = re.compile(r"\s*\[(abstract|line items|roll forward|table|axis|domain|member|text block|"
                      r"policy text block|table text block|flag)\]\s*$", re.I)
_FOOTNOTE = re.compile(r"\s*\[\d+\]")

STOPWORDS = frozenset(   # ("total": a total row names what it sums, not a concept called "total")
    "a an and the of for to in on by from with at as or its their per is are be that this which "
    "than total".split()
)

# Words filers use in captions that concept names spell differently or leave out.
_SYNONYMS = {
    "carry": "carryforward", "carryforwards": "carryforward", "forwards": "forward",
    "expenses": "expense", "liabilities": "liability", "assets": "asset", "revenues": "revenue",
    "receivables": "receivable", "payables": "payable", "taxes": "tax", "costs": "cost",
    "securities": "security", "investments": "investment", "losses": "loss", "gains": "gain",
    "equivalents": "equivalent", "activities": "activity", "obligations": "obligation",
    "shares": "share", "amounts": "amount", "benefits": "benefit", "charges": "charge",
    "allowances": "allowance", "accounts": "account", "notes": "note", "leases": "lease",
    "payments": "payment", "borrowings": "borrowing", "earnings": "earning", "dividends": "dividend",
    "proceeds": "proceed", "operations": "operation", "options": "option", "warrants": "warrant",
    "derivatives": "derivative", "instruments": "instrument", "stockholders": "stockholder",
    "shareholders": "stockholder", "shareholder": "stockholder", "inventories": "inventory",
    "properties": "property", "intangibles": "intangible", "liabilites": "liability",
    "amortization": "amortization", "depreciation": "depreciation", "receivable": "receivable",
}


@lru_cache(maxsize=65536)
def strip_label_markers(label: str) -> str:
    """Remove footnote marks and EDGAR's bracket suffixes ("[Abstract]", "[Member]", ...)."""
    label = _FOOTNOTE.sub("", label)
    return _BRACKET.sub("", label).strip()


@lru_cache(maxsize=65536)
def bracket_kind(label: str) -> str | None:
    """The EDGAR bracket suffix of a caption, lower-cased ("abstract", "member", ...), if any."""
    m = _BRACKET.search(_FOOTNOTE.sub("", label))
    return m.group(1).lower() if m else None


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Lower-case, punctuation to spaces, collapsed whitespace: the exact-match key."""
    return " ".join(_NON_ALNUM.sub(" ", text.lower()).split())


def required_text(pattern: str) -> str:
    """A piece of text every match of ``pattern`` contains ("" when the pattern is not simple
    enough to tell): the longest run of plain characters outside groups and before no quantifier.
    ``canonical`` tests it before running the pattern (most texts contain none of them)."""
    if any(ch in pattern for ch in "\\[].^$"):
        return ""
    runs, cur, depth = [], "", 0
    for ch in pattern:
        if ch == "(":
            depth += 1
            runs.append(cur)
            cur = ""
        elif ch == ")":
            depth -= 1
        elif depth:
            continue
        elif ch == "|":
            return ""                  # alternatives at the top: nothing every match shares
        elif ch in "?*+{":
            runs.append(cur[:-1])      # the character before the quantifier may be absent
            cur = ""
            if ch == "{":
                return max(runs, key=len)
        else:
            cur += ch
    runs.append(cur)
    return max(runs, key=len)


# Phrases captions and element names spell differently for one idea (applied to both sides).
# Each comes with a piece of text every match contains (tested first: most texts have none).
_PHRASES = [(re.compile(r"\b%s\b" % a), b, required_text(a)) for a, b in (
    (r"long term", "noncurrent"), (r"non current", "noncurrent"), (r"carry forwards?", "carryforward"),
    (r"non controlling", "noncontrolling"), (r"pre tax", "pretax"), (r"share ?holders", "stockholders"),
    (r"stock ?holders", "stockholders"), (r"non cash", "noncash"), (r"non operating", "nonoperating"),
    (r"write (off|down)s?", r"writeoff"), (r"paid in", "paidin"),
    # terms the taxonomy renamed while filers kept the old words (ASC 606, ASC 326, share-based)
    (r"stock based", "share based"), (r"doubtful accounts?", "credit loss"),
    (r"deferred revenues?", "contract with customer liability"),
    (r"property and equipment", "property plant and equipment"),
    (r"provision for (benefit from )?income tax(es)?", "income tax expense benefit"),
    (r"(net )?(income|earnings|loss)( loss)? per (common |ordinary )?share", "earnings per share"),
    (r"net earnings", "net income"),
    # "Net loss" is the bottom line (NetIncomeLoss), not a loss of something
    (r"net loss(?! (on|from|carry|per|in|of|and|related|recognized|realized|unrealized)\b)", "net income loss"),
    # what companies outside the US (and SPACs) call their shares and their negative equity
    (r"ordinary shares?", "common stock"), (r"preference shares?", "preferred stock"),
    (r"stockholders deficit", "stockholders equity"),
    # cash flow statements: what a purchase is called in element names
    (r"purchases? of", "payments to acquire"),
    (r"capital expenditures?", "payments to acquire property plant and equipment"),
    (r"changes? in", "increase decrease in"),
    (r"cash flows? (from|provided by used in|provided by|used in|used for) (operating|investing|financing) activities",
     r"net cash provided by used in \2 activities"),
    (r"accrued expenses?", "accrued liabilities"),
    (r"net sales", "revenue"),
    (r"gross margin", "gross profit"),
    (r"(income|loss|profit|income loss) from operations", "operating income loss"),
    (r"treasury shares?", "treasury stock"),
    # abbreviations filers use for award types and plans
    (r"rsus?", "restricted stock units"), (r"psus?", "performance shares"),
    (r"espp", "employee stock purchase plan"),
    # how statements say current / noncurrent
    (r"(net of|less|excluding) (the )?current (portions?|maturities)", "noncurrent"),
    (r"current (portions?|maturities)( of)?", "current"),
)]


def canonical(text: str) -> str:
    """Normalised text with equivalent phrases spelt one way ("long-term" = "noncurrent")."""
    for rx, rep, needed in _PHRASES:
        if needed in text:
            text = rx.sub(rep, text)
    return text


def stem(word: str) -> str:
    w = _SYNONYMS.get(word, word)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Content words, stemmed, in order (stopwords dropped)."""
    return tuple(stem(w) for w in canonical(norm(text)).split() if w not in STOPWORDS)


@lru_cache(maxsize=65536)
def name_tokens(local_name: str) -> tuple[str, ...]:
    """Split a CamelCase element name into stemmed lower-case words."""
    words = canonical(" ".join(w.lower() for w in _CAMEL.findall(local_name))).split()
    return tuple(stem(w) for w in words if w not in STOPWORDS)


_EXCLUSION_SPAN = 2   # content words an "Excluding" / "OtherThan" in a name leaves out


@lru_cache(maxsize=65536)
def excluded_name_words(local_name: str) -> frozenset[str]:
    """Words an element name says the concept leaves out, and names nowhere else:
    IntangibleAssetsNetExcludingGoodwill -> {goodwill}; AccrualForTaxesOtherThanIncomeTaxes
    -> {income}. ("OtherThanTemporary" impairment is a term, not an exclusion.)"""
    parts = _CAMEL.findall(local_name)
    out: set[str] = set()
    kept: list[str] = []
    k = 0
    while k < len(parts):
        p = parts[k]
        start = (k + 1 if p == "Excluding" else
                 k + 2 if p == "Other" and parts[k + 1:k + 2] == ["Than"] and parts[k + 2:k + 3] != ["Temporary"]
                 else None)
        if start is None:
            kept.append(p)
            k += 1
            continue
        taken = 0
        k = start
        while k < len(parts) and taken < _EXCLUSION_SPAN:
            w = parts[k].lower()
            if w not in STOPWORDS:
                out.add(stem(w))
                taken += 1
            k += 1
    return frozenset(out - set(name_tokens("".join(kept))))


def camel_guess(label: str) -> str:
    """The element name a filer would likely derive from a caption (for ordering guesses)."""
    return "".join(w[:1].upper() + w[1:] for w in norm(strip_label_markers(label)).split())
