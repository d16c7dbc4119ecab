"""Documentation: how well a definition block's text matches each concept's documentation (today's
wording or an earlier release's, exact or near), and whether its words name a concept."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from ...rpage.model import DefinitionBlock
from ..catalog import Catalog
from ..memo import once
from ..text import name_tokens, norm, tokens
from .common import memo_by_catalog, best_n, word_postings, shared_word_weights


def doc_scores(block: DefinitionBlock, cat: Catalog, limit: int = 12) -> dict[int, float]:
    """Concepts whose documentation matches the block's definition: 1.0 exact, 0.97 the wording
    of an earlier release, else fuzzy (at most 0.95)."""
    if not block.definition:
        return {}
    return memo_by_catalog(cat, ("doc", block.definition, limit), lambda: _doc_scores(block, cat, limit))


_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z])")
COVERED = 0.65           # a concept whose documentation the block covers this much is a candidate
SENTENCE_DISCOUNT = 0.05  # one sentence matching counts a little less than the whole text
MIN_DOC_MASS = 40.0       # short documentation is covered by any long text: rank it as if this long


def _doc_lengths(cat: Catalog) -> list[float]:
    """Square root of each concept's documentation word weight (current and earlier wordings),
    computed when the catalog was built."""
    return cat.doc_len


def _doc_arrays(cat: Catalog) -> tuple[dict, np.ndarray, np.ndarray]:
    """Numpy views for the documentation search (built once per catalog): a cache of per-word
    concept ids and weights, each concept's documentation length, and the mass it is ranked by
    for coverage (its squared length, at least MIN_DOC_MASS)."""
    return once(cat, "doc_arrays", _build_doc_arrays)


def _build_doc_arrays(cat: Catalog) -> tuple[dict, np.ndarray, np.ndarray]:
    dlen = _doc_lengths(cat)
    return ({}, np.array(dlen, dtype=np.float64),
            np.array([max(d ** 2, MIN_DOC_MASS) for d in dlen], dtype=np.float64))


def _largest(ids: np.ndarray, values: np.ndarray, key: np.ndarray, n: int) -> list[tuple[int, float]]:
    """(id, value) of the n largest keys, ties in the given order (as heapq.nlargest)."""
    if len(key) > n:   # only the keys from the n-th largest up can be among them
        pool = np.flatnonzero(key >= np.partition(key, len(key) - n)[len(key) - n])
        top = pool[np.argsort(-key[pool], kind="stable")[:n]]
    else:
        top = np.argsort(-key, kind="stable")
    return list(zip(ids[top].tolist(), values[top].tolist()))


_NONCURRENT_TEXT = re.compile(
    r"\bnon-?current\b|\b(after|beyond|longer than|more than) (one|1) year|\blong-term portion\b|"
    r"\bnot (expected to be )?\w+ (in|within) the next twelve months|\bafter (the )?(next )?twelve months", re.I)
_CURRENT_TEXT = re.compile(
    r"\bwithin (one|1) year\b|\bcurrent portion\b|\bdue within\b|\bwithin (the )?(next )?twelve months\b|"
    r"\bcurrently due\b", re.I)
HORIZON_PENALTY = 0.1


def text_horizon(text: str) -> str | None:
    """Whether a definition speaks of the current or the noncurrent part (None: neither)."""
    if _NONCURRENT_TEXT.search(text):
        return "noncurrent"
    return "current" if _CURRENT_TEXT.search(text) else None


@lru_cache(maxsize=65536)
def concept_horizon(local_name: str) -> str | None:
    words = set(name_tokens(local_name))
    if "noncurrent" in words:
        return None if "current" in words else "noncurrent"
    return "current" if "current" in words else None


DOC_KEPT = 0.6          # documentation similarity a concept needs to be a candidate
_CUTOFF_SLACK = 0.5     # percentage points the fuzzy scorers' cutoffs stay below the exact bound


def _cutoff(bound: float) -> float:
    """A rapidfuzz score_cutoff (percent) for a similarity that matters only above ``bound``
    (a share): a little below it, 0 when every value matters."""
    return max(0.0, bound * 100.0 - _CUTOFF_SLACK)


def _doc_scores(block: DefinitionBlock, cat: Catalog, limit: int) -> dict[int, float]:
    definition = block.definition
    assert definition is not None    # doc_scores asks only of blocks with a definition
    key = norm(definition)
    exact = cat.doc_exact.get(key)
    if exact:
        return {i: 1.0 for i in exact}
    earlier = cat.prev_doc_exact.get(key)
    if earlier:   # the wording of an earlier release, kept in the package's change notes
        return {i: 0.97 for i in earlier}
    words = sorted(set(tokens(definition)))   # a fixed order: sums and ties the same in every run
    if not words:
        return {}
    total = sum(cat.doc_idf.get(w, 0.0) for w in words) or 1.0
    dlen = _doc_lengths(cat)
    word_ids, dlen_arr, mass = _doc_arrays(cat)
    ids, weights = [], []
    for w in words:
        got = word_ids.get(w)
        if got is None:
            got = word_ids[w] = word_postings(cat.doc_word_index.get(w) or [], cat.doc_idf.get(w, 0.0), np.float64)
        if not len(got[0]) or len(got[0]) > 3000:
            continue
        ids.append(got[0])
        weights.append(got[1])
    if not ids:
        return {}
    shared_ids, shared = shared_word_weights(ids, weights, len(dlen), first_seen=True)
    # rank by shared-word weight over the concept's documentation length (cosine-like), wider pool
    top = _largest(shared_ids, shared, shared / dlen_arr[shared_ids], limit * 4)
    if len(definition) > 300:   # ... and the concepts whose documentation the block covers most
        seen = {i for i, _s in top}
        top += [kv for kv in _largest(shared_ids, shared, shared / mass[shared_ids], limit * 2)
                if kv[0] not in seen]
    out = {}
    # older releases wrapped the definition in boilerplate ("This element represents the portion of
    # the balance sheet assertion valued at fair value ... This item represents investment
    # securities ..."): one of the block's sentences may carry today's wording on its own
    parts = [norm(p) for p in _SENTENCE.split(definition)]
    horizon = text_horizon(definition)
    parts = [p for p in parts if p.count(" ") >= 4] if len(parts) > 1 else []
    for i, s in top:
        if s / total < 0.35 and s / (dlen[i] * dlen[i]) < COVERED:
            continue
        con = cat.concepts[i]
        # the words both use, weighted by rarity (a cosine): paraphrases share the rare words
        sc = s / (total ** 0.5 * dlen[i])
        penalty = HORIZON_PENALTY if horizon and concept_horizon(con.local_name) not in (None, horizon) else 0.0
        # sc is the best of several text similarities, and a concept is kept only if that best,
        # less the penalty, reaches DOC_KEPT: a similarity below both DOC_KEPT + penalty and the
        # best so far cannot change the answer, so the fuzzy scorers are told to give up (return
        # 0) below it. Any value they do return is the one they return without a cutoff; the
        # cutoffs sit _CUTOFF_SLACK below the bound, clear of rounding.
        floor = DOC_KEPT + penalty
        for text in ((con.doc,) if con.doc else ()) + con.prev_docs:
            other = norm(text)
            need = sc if sc > floor else floor
            # r counts alone and in 0.5 * r + 0.5 * ts (ts <= 1): below 2 * need - 1 it does neither
            r = fuzz.ratio(key, other, score_cutoff=_cutoff(2.0 * need - 1.0)) / 100.0
            if r:
                ts = fuzz.token_set_ratio(key, other, score_cutoff=_cutoff(2.0 * need - r)) / 100.0
                sc = max(sc, r, 0.5 * r + 0.5 * ts)
            for part in parts:
                need = (sc if sc > floor else floor) + SENTENCE_DISCOUNT
                r = fuzz.ratio(part, other, score_cutoff=_cutoff(2.0 * need - 1.0)) / 100.0
                if r:
                    ts = fuzz.token_set_ratio(part, other, score_cutoff=_cutoff(2.0 * need - r)) / 100.0
                    sc = max(sc, max(r, 0.5 * r + 0.5 * ts) - SENTENCE_DISCOUNT)
        sc -= penalty   # "due within one year" is not the noncurrent twin
        if sc >= DOC_KEPT:
            # fuzzy matches stay below an exact match: 0.6 -> 0.3, 1.0 -> 0.95
            out[i] = round(0.3 + (sc - 0.6) / 0.4 * 0.65, 4)
    return best_n(out, limit)


def definition_names(block: DefinitionBlock, c: int, cat: Catalog) -> float:
    """Do the definition's words name the concept? (For concepts whose documentation the taxonomy
    lacks, and for definitions worded as an older release worded them.)"""
    if not block.definition:
        return 0.0
    m = cat.names[c]   # its distinct name words, their idf floored at NAME_WEIGHT_FLOOR (2.5)
    used = text_words(block.definition)
    hit = sum(wt for w, wt in m.name if w in used)
    return hit / m.name_total if m.name_total else 0.0


@lru_cache(maxsize=4096)
def text_words(text: str) -> frozenset[str]:
    """The content words of a text (a definition), as a set."""
    return frozenset(tokens(text))
