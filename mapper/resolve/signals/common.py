"""What the scorers share: a bounded memo per catalog, the best-n of a score dict, and the
concepts a text shares words with (summed word weights over the catalog's word indexes)."""
from __future__ import annotations

import numpy as np

from ..catalog import Catalog
from ..memo import bounded, derived


def best_n(scores: dict[int, float], limit: int) -> dict[int, float]:
    """The ``limit`` best-scored entries, ties in the given order (heapq.nlargest's answer)."""
    return dict(sorted(scores.items(), key=second_best, reverse=True)[:limit])


def second_best(kv: tuple) -> float:
    return kv[1]


MEMO_MAX = 400_000


def memo_by_catalog(cat: Catalog, key: tuple, compute):
    """A bounded memo per catalog shared by the matchers (captions repeat across a filer's pages)."""
    memo = derived(cat, "memo")
    v = memo.get(key)
    if v is None:
        v = bounded(memo, MEMO_MAX)[key] = compute()
    return v


def word_postings(ids: list[int], weight: float, dtype) -> tuple[np.ndarray, np.ndarray]:
    """A word's concepts as an array, and alongside, the word's weight once per concept."""
    return np.fromiter(ids, dtype=np.int32, count=len(ids)), np.full(len(ids), weight, dtype=dtype)


def shared_word_weights(ids: list[np.ndarray], weights: list[np.ndarray], n: int,
                  first_seen: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The concepts sharing a word with a text, and their summed word weights (each concept's
    weights added in the text's word order). Concepts ascending, or ``first_seen``: in the order
    the words name them first (the order a dict accumulating them would have)."""
    flat = np.concatenate(ids)
    acc = np.bincount(flat, weights=np.concatenate(weights), minlength=n)
    if first_seen:
        # word by word, the concepts not named before (a word lists each of its concepts once):
        # cheaper than sorting the whole list to find each concept's first place
        seen = np.zeros(n, dtype=bool)
        fresh = []
        for word in ids:
            new = word[~seen[word]]
            if len(new):
                seen[new] = True
                fresh.append(new)
        uniq = np.concatenate(fresh)
    else:
        uniq = np.flatnonzero(acc > 0)  # every weight is an idf >= 1: shared words give a positive sum
    return uniq, acc[uniq]
