"""Label scoring: how well a row's caption names a concept, against its labels of every role and
its element name's words (exact labels, a rarity-weighted F-measure, fuzzy similarity, and
penalties for opposites, negations, unstated qualifiers and catch-alls)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Sequence, cast

from rapidfuzz import fuzz

from ..catalog import Catalog, CatalogConcept, sorted_words
from ..memo import bounded, derived, once
from ..text import norm, strip_label_markers, tokens
from .captions import caption_text
from .common import MEMO_MAX


def caption_in_text(label: str, used: frozenset[str], cat: Catalog) -> float:
    """Share of a caption's words (idf-weighted) that a text uses (``used``: its words)."""
    cap = parsed_caption(label, cat)
    hit = sum(wt for w, wt in cap.weighted if w in used)
    return hit / cap.total if cap.total else 0.0


def label_score(label: str, c: CatalogConcept, cat: Catalog,
                context: tuple[str, ...] = ()) -> float:
    """How well a caption names a concept: exact label (any role) 1.0, else word/fuzzy overlap.

    ``context``: words of the heading the caption sits under ("Current liabilities:"); they may
    account for words of the concept's name the caption leaves out, never count against it.
    """
    return label_score_at(label, _positions(cat)[id(c)], cat, context)


def _positions(cat: Catalog) -> dict[int, int]:
    """id(concept) -> its index in the catalog."""
    return once(cat, "positions", lambda cat: {id(c): i for i, c in enumerate(cat.concepts)})


def label_score_at(label: str, i: int, cat: Catalog, context: tuple[str, ...] = ()) -> float:
    """label_score of the catalog's concept number i."""
    known = derived(cat, "scores").get((label, context))
    v = known.get(i) if known is not None else None
    return v if v is not None else label_scores_at(label, (i,), cat, context)[0]


def label_scores_at(label: str, ids, cat: Catalog, context: tuple[str, ...] = ()) -> list[float]:
    """label_score of one caption for several of the catalog's concepts, by index (the ones not
    yet memoised scored at once)."""
    scores = derived(cat, "scores")        # (caption, context) -> concept -> score
    key = (label, context)
    known = scores.get(key)
    if known is None:
        known = scores[key] = {}
    out: list[float | None] | None
    todo: list[int] | None
    if known:
        out = [known.get(i) for i in ids]
        todo = [k for k, v in enumerate(out) if v is None]
        if not todo:
            return cast("list[float]", out)
    elif not ids:
        return []
    else:
        out = todo = None                  # none of them known: the scores are the answer
    tally = derived(cat, "scored")        # how many scores "scores" holds (emptied past MEMO_MAX)
    if tally.get("n", 0) > MEMO_MAX:
        scores.clear()
        tally["n"] = 0
        known = scores[key] = {}
    tally["n"] = tally.get("n", 0) + (len(ids) if todo is None else len(todo))
    plain = scores.get((label, ())) if context else None
    if todo is None:
        got = _label_scores(label, ids, cat, context, plain)
        known.update(zip(ids, got))
        return got
    assert out is not None
    missing = [ids[k] for k in todo]
    for k, i, v in zip(todo, missing, _label_scores(label, missing, cat, context, plain)):
        out[k] = known[i] = v
    return cast("list[float]", out)


class _Caption(NamedTuple):
    """Per caption, once: exact-match keys, distinct content words and their idf weights."""
    key: str
    full: str
    words: tuple[str, ...]
    wordset: frozenset[str]
    weighted: tuple[tuple[str, float], ...]   # (word, idf) in caption order
    total: float                              # their sum
    opposed: frozenset[str]                   # words that have an opposite (_OPPOSITE)
    against: frozenset[str]                   # ... and their opposites
    excludes: bool                            # says "excluding" / "other than" itself
    key_sorted: str                           # key, words sorted (see catalog.sorted_words)
    exact: frozenset[int]                     # the concepts one of whose labels is key or full


_EXCLUDES = re.compile(r"\b(excluding|excludes?|excl|except|other than)\b", re.I)


def _exact_concepts(key: str, full: str, cat: Catalog) -> frozenset[int]:
    """The concepts one of whose labels is ``key`` or ``full`` (label_exact holds every label of
    each concept)."""
    exact = cat.label_exact
    return frozenset(exact.get(key, ())).union(exact.get(full, ()))


_NO_WORDS: frozenset[str] = frozenset()


def parsed_caption(label: str, cat: Catalog) -> _Caption:
    captions = derived(cat, "captions")
    got = captions.get(label)
    if got is None:
        cap = caption_text(label)
        words = tuple(dict.fromkeys(tokens(cap)))
        weighted = tuple((w, cat.idf.get(w, 3.0)) for w in words)
        total = 0.0
        for _w, wt in weighted:
            total += wt
        wordset = frozenset(words)
        opposed = wordset & _OPPOSED
        key, full = norm(cap), norm(strip_label_markers(label))
        got = bounded(captions, 100_000)[label] = _Caption(key, full, words, wordset, weighted, total, opposed,
                                                           frozenset().union(*(_OPPOSITE[w] for w in opposed)),
                                                           bool(_EXCLUDES.search(cap)), sorted_words(key),
                                                           _exact_concepts(key, full, cat))
    return got


def _qualified(cat: Catalog, i: int) -> tuple[frozenset[str]] | tuple[()]:
    """(_marks of its name,) for a concept whose score a caption's missing qualifier, missing
    "other" or missing "no" may lower: a name with qualifier marks, a catch-all, a "no" among its
    words; () (false) for the others, most concepts, which skip those three tests. Kept in a
    per-catalog list, built on first sight of the concept."""
    known = once(cat, "qualified", _no_qualified)
    got = known[i]
    if got is None:
        marks = _marks(cat.concepts[i].local_name)
        special = bool(marks) or i in _catch_alls(cat) or "no" in cat.names[i].words
        got = known[i] = (marks,) if special else ()
    return got


def _no_qualified(cat: Catalog) -> list[tuple | None]:
    return [None] * len(cat.concepts)


def _label_scores(label: str, ids: Sequence[int], cat: Catalog, context: tuple[str, ...] = (),
                  plain: dict[int, float] | None = None) -> list[float]:
    """How well a caption names each concept (by index): exact label (any role) 1.0, else
    word/fuzzy overlap (the caption's share of work done once for all of them). ``plain``: the
    caption's scores without context, where known (a concept none of whose words the heading adds
    scores the same under it)."""
    key, full, words, wordset, weighted, total, opposed, against, excludes, key_sorted, exact = parsed_caption(label, cat)
    names = cat.names
    if not words:
        return [1.0 if i in exact else 0.0 for i in ids]
    ratio = fuzz.ratio    # of word-sorted strings: the token-sort ratio
    fuzz_span = 1.0 - FUZZ_FLOOR
    if context:
        stated = frozenset(context)
        heading = stated - wordset
    else:
        stated = heading = _NO_WORDS
    known = once(cat, "qualified", _no_qualified)
    unnamed_other = "other" not in wordset and "other" not in stated
    out: list[float] = []
    append = out.append
    for i in ids:
        if i in exact:
            append(1.0)
            continue
        m = names[i]
        # "Goodwill" is not what IntangibleAssetsNetExcludingGoodwill shows: a caption that does not
        # exclude anything itself is compared with the words a name keeps
        _labels, fuzzy, _words, _name, ntot, cwords, pairs = m
        if excludes:
            cwords, pairs = m.words, m.name
        if plain is not None and heading.isdisjoint(cwords):
            v = plain.get(i)
            if v is not None:
                append(v)
                continue
        score = 0.0
        # every weight is an idf >= 1, so a concept sharing no word has recall 0, so F 0 (the
        # heading words do not matter then)
        if not wordset.isdisjoint(cwords):
            # the caption's words the concept shares, their weights added in caption order (as
            # ``total`` is: a caption sharing every word has recall exactly 1.0)
            hit = 0.0
            for w, wt in weighted:
                if w in cwords:
                    hit += wt
            recall = hit / total
            precision = 0.0
            if ntot:
                inside = 0.0
                for w, wt in pairs:
                    if w in wordset:
                        inside += wt
                precision = inside / ntot
                if context:   # heading words explain a missing name word half as well as the caption would
                    ctx = 0.0
                    for w, wt in pairs:
                        if w in heading:
                            ctx += wt
                    precision += 0.5 * ctx / ntot
            # captions are terser than element names: a caption word the concept lacks weighs more
            # than a name word the caption leaves out (an F-beta with beta > 1)
            f = (1 + _B2) * recall * precision / (_B2 * precision + recall) if recall + precision else 0.0
            # max(0.9 * f, 0.5 * recall), written out (max's answer, ties included)
            score = 0.9 * f
            half = 0.5 * recall
            if half > score:
                score = half
        if fuzzy:
            if len(fuzzy) == 1:
                best_lab = ratio(key_sorted, fuzzy[0]) / 100.0
            else:
                best_lab = max([ratio(key_sorted, lab) for lab in fuzzy]) / 100.0
            # unrelated strings of similar length still share ~30-40% of their characters: only the
            # similarity above that floor says anything (at or below it: 0.0, which the score,
            # never negative here, already reaches)
            above = (best_lab - FUZZ_FLOOR) / fuzz_span
            if above > 0.0:
                best_lab = 0.85 * above
                if best_lab > score:
                    score = best_lab
        if opposed and not against.isdisjoint(cwords):   # the concept names an opposite of a caption word
            if any(not _OPPOSITE[w].isdisjoint(cwords) and w not in cwords for w in opposed):
                score -= OPPOSED_PENALTY
        q = known[i]
        if q is None:
            q = _qualified(cat, i)
        if q:
            if "no" in cwords and "no" not in wordset:
                score -= OPPOSED_PENALTY   # "Par value" is not CommonStockNoParValue: a name's "No" negates
            marks = q[0]
            if marks and not marks <= wordset and not marks <= stated:
                score -= UNSTATED_PENALTY
            if unnamed_other and i in _catch_alls(cat):
                score -= CATCH_ALL_PENALTY   # "Intangible assets, net" is not OtherIntangibleAssetsNet
        # round(score, 4), without its decimal conversion where the answer is sure: a score is a few
        # units at most, so score * 10000 is off the exact product by under 1e-11; unless its
        # fraction is near one half, its nearest integer n is the exact product's, and n / 10000 (a
        # correctly rounded division) is the double nearest the 4-digit decimal: round's answer.
        # Zero is left to round (which keeps the sign of a tiny negative score); a score of exactly
        # zero (no word shared, fuzzy similarity under the floor) is its own rounding.
        if score:
            y = score * 10000.0
            n = round(y)
            d = y - n
            append(n / 10000.0 if n and -0.4999 < d < 0.4999 else round(score, 4))
        else:
            append(score)
    return out


# Qualifiers a caption states when it shows a concept they qualify: "Net loss" is not the loss
# from discontinued operations, "Cash and cash equivalents" neither restricted cash nor the total
# with it, "Noncontrolling interest" not the redeemable one. Not after "Including"
# (CashCashEquivalents...IncludingDisposalGroupAndDiscontinuedOperations is the whole, which
# captions do not qualify).
_MARKS = frozenset(("discontinued", "restricted", "redeemable"))
_MARK_WORDS = {m: m.capitalize() for m in _MARKS}   # as element names spell them (a word of their own)
UNSTATED_PENALTY = 0.15


CATCH_ALL_PENALTY = 0.05   # an "Other ..." concept for a caption (and heading) that says no "other"


def _catch_alls(cat: Catalog) -> frozenset[int]:
    """The catch-all concepts: element names opening on "Other" (OtherLiabilitiesCurrent,
    OtherIntangibleAssetsNet), not the terms that merely start so (other comprehensive income,
    other-than-temporary impairment)."""
    return once(cat, "catch_alls", lambda cat: frozenset(
        i for i, c in enumerate(cat.concepts)
        if c.local_name.startswith("Other") and not c.local_name.startswith(("OtherComprehensive", "OtherThan"))))


@lru_cache(maxsize=65536)
def _marks(local_name: str) -> frozenset[str]:
    head = local_name.split("Including", 1)[0]
    return frozenset(m for m in _MARKS if _MARK_WORDS[m] in head)


# Words that name opposite things: a caption saying one does not show a concept named by the other
# ("Increases ..." is not UnrecognizedTaxBenefitsDecreases..., "Finance leases" not an operating lease).
_OPPOSITES = (("increase", "decrease"), ("asset", "liability"), ("receivable", "payable"),
              ("purchase", "sale"), ("payment", "proceed"), ("basic", "diluted"), ("inflow", "outflow"),
              ("current", "noncurrent"), ("domestic", "foreign"), ("federal", "state"), ("federal", "foreign"),
              ("state", "foreign"), ("gain", "loss"), ("realized", "unrealized"), ("credit", "debit"),
              ("granted", "forfeited"), ("granted", "exercised"), ("exercised", "forfeited"),
              ("granted", "vested"), ("exercised", "expired"), ("forfeited", "expired"), ("issued", "repurchased"),
              ("lessee", "lessor"), ("finance", "operating"), ("preferred", "common"), ("continuing", "discontinued"),
              ("less", "longer"), ("less", "greater"), ("maximum", "minimum"), ("acquired", "disposed"),
              ("beginning", "ending"), ("opening", "closing"))
_OPPOSITE: dict[str, frozenset[str]] = {}
for _a, _b in _OPPOSITES:
    _OPPOSITE[_a] = _OPPOSITE.get(_a, frozenset()) | {_b}
    _OPPOSITE[_b] = _OPPOSITE.get(_b, frozenset()) | {_a}
_OPPOSED = frozenset(_OPPOSITE)
OPPOSED_PENALTY = 0.2
FUZZ_FLOOR = 0.3
RECALL_BETA = 1.5
_B2 = RECALL_BETA ** 2
