"""Candidate search: which concepts are worth scoring for a caption. Its words across the whole
catalog (exact labels first), and the best-named concepts among those a page's presentation
networks, a heading's abstract or a "[Line Items]" table present."""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..catalog import Catalog
from ..memo import bounded, derived, once
from ..text import norm, strip_label_markers, tokens
from .captions import caption_text
from .common import memo_by_catalog, second_best, best_n, word_postings, shared_word_weights
from .labels import parsed_caption, label_scores_at

_DF_CAP = 1500          # words used by more concepts than this do not generate candidates


def label_candidates(label: str, cat: Catalog, limit: int = 15, abstract: bool | None = None,
                     within: tuple[int, int] | None = None) -> dict[int, float]:
    """Top concepts for a caption (exact labels, then word overlap); ``abstract`` keeps only
    abstract (True) or non-abstract (False) concepts; ``within`` a rank range of element ids."""
    return memo_by_catalog(cat, ("lc", label, limit, abstract, within),
                 lambda: _label_candidates(label, cat, limit, abstract, within))


def _arrays(cat: Catalog):
    """Numpy views of the catalog for vectorised candidate search (built once per catalog)."""
    return once(cat, "arrays", _build_arrays)


def _build_arrays(cat: Catalog):
    # per word: the concepts using it and, alongside, the word's idf (float32) once per concept
    words = {w: word_postings(ids, cat.idf[w], np.float32) for w, ids in cat.word_index.items()}
    abstract = np.fromiter((c.abstract for c in cat.concepts), dtype=bool, count=len(cat.concepts))
    rank = np.asarray(cat.rank, dtype=np.int32)
    # length of each concept's word bag: ranking by overlap / sqrt(length) prefers concepts
    # that say little beyond the caption (cosine-like) over long names sharing its words
    length = np.fromiter((max(sum(cat.idf.get(w, 1.0) for w in sorted(c.words)), 1.0) for c in cat.concepts),
                         dtype=np.float32, count=len(cat.concepts))
    return words, abstract, rank, np.sqrt(length)


def _kind_spaces(cat: Catalog) -> dict[bool, tuple[np.ndarray, np.ndarray]]:
    """For the abstract (True) and the other (False) concepts: their ids ascending, and for every
    concept its place among them (-1: of the other kind). Built once per catalog."""
    return once(cat, "kind_spaces", _build_kind_spaces)


def _build_kind_spaces(cat: Catalog) -> dict[bool, tuple[np.ndarray, np.ndarray]]:
    _words, abstract, _rank, _length = _arrays(cat)
    out = {}
    for kind in (True, False):
        ids = np.flatnonzero(abstract == kind)
        place = np.full(len(abstract), -1, dtype=np.int32)
        place[ids] = np.arange(len(ids), dtype=np.int32)
        out[kind] = ids, place
    return out


def _caption_overlap(cap: str, cat: Catalog, cap_df: int,
                     abstract: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The concepts sharing a word with a caption (words more than ``cap_df`` concepts use left
    out), ascending, and their overlap: shared idf over the square root of the concept's word bag.
    ``abstract``: only the abstract (True) or the other (False) concepts, accumulated among their
    kind alone (a third or two thirds of the catalog: less to sum and scan than all of it).
    The last few captions are kept (a page searches one caption in each of its open intervals)."""
    overlaps = derived(cat, "overlaps")
    key = (cap, cap_df, abstract)
    got = overlaps.get(key)
    if got is None:
        words_arr, abstract_mask, _rank, length = _arrays(cat)
        if abstract is not None:
            space, place = _kind_spaces(cat)[abstract]
            of_kind = derived(cat, "kind_words")   # (word, abstract) -> its concepts of that kind, by place
        parts, weights = [], []
        for w in dict.fromkeys(tokens(cap)):
            ids = words_arr.get(w)
            if ids is None or len(ids[0]) > cap_df:   # a word's document frequency counts every kind
                continue
            if abstract is not None:
                mine = of_kind.get((w, abstract))
                if mine is None:
                    keep = abstract_mask[ids[0]] == abstract
                    mine = of_kind[(w, abstract)] = place[ids[0][keep]], ids[1][keep]
                if not len(mine[0]):
                    continue
                ids = mine
            parts.append(ids[0])
            weights.append(ids[1])
        if parts:
            # sparse accumulation over the concepts that share a word with the caption (the same
            # sums, added in the same order, as over the whole catalog; places ascend as ids do)
            if abstract is None:
                uniq, shared = shared_word_weights(parts, weights, len(length))
            else:
                uniq, shared = shared_word_weights(parts, weights, len(space))
                uniq = space[uniq]
            got = (uniq, shared / length[uniq])
        else:
            got = (np.zeros(0, dtype=np.int64), np.zeros(0))
        bounded(overlaps, 512)[key] = got
    return got


def _label_candidates(label: str, cat: Catalog, limit: int, abstract: bool | None,
                      within: tuple[int, int] | None) -> dict[int, float]:
    cap = caption_text(label)
    _words, _abstract, rank, _length = _arrays(cat)
    out: dict[int, float] = {}
    for k in dict.fromkeys((norm(cap), norm(strip_label_markers(label)))):
        for i in cat.label_exact.get(k, ()):
            if abstract is not None and cat.concepts[i].abstract != abstract:
                continue
            if within is not None and not within[0] <= cat.rank[i] < within[1]:
                continue
            out[i] = 1.0
    uniq, score = _caption_overlap(cap, cat, _DF_CAP if within is None else 10 ** 9, abstract)
    if len(uniq):
        if within is not None:
            r = rank[uniq]
            inside = (r >= within[0]) & (r < within[1])
            uniq, score = uniq[inside], score[inside]
        n_top = min(limit * 2, len(score))
        if n_top:
            top = (np.argpartition(-score, n_top - 1)[:n_top] if n_top < len(score)
                   else np.arange(len(score)))
            new = [i for i in uniq[top[np.argsort(-score[top])]].tolist() if i not in out]
            for i, v in zip(new, label_scores_at(label, new, cat)):
                out[i] = v
    return best_n(out, limit)


NETWORK_NAMED = 0.6        # affinity from which the networks a page title names best are the page's
NETWORK_CANDIDATES = 3     # a caption's best-named concepts of those networks, added to its candidates
NAMED_MIN_LABEL = 0.3      # (structural candidates, see _best_named:) when the caption names them this well
NAMED_POOL = 12            # concepts scored per caption: those sharing the most caption word weight


def network_candidates(label: str, networks: dict[int, float], abstract: bool, cat: Catalog) -> dict[int, float]:
    """The concepts of the presentation networks a page's title names best ("Statement of Income"
    for "Consolidated Statements of Operations") that a caption names best, by label score. A
    caption's own word search leaves out the words most concepts use ("Other assets", "Income
    before income tax"): among the few hundred concepts of the page's statement those words still
    tell. ``abstract``: headings look among abstracts, other rows among the rest."""
    best = max(networks.values(), default=0.0)
    if best < NETWORK_NAMED:
        return {}
    mine = tuple(sorted(n for n, a in networks.items() if a >= best))
    return memo_by_catalog(cat, ("network_candidates", label, mine, abstract),
                 lambda: _network_candidates(label, mine, abstract, cat))


def _network_candidates(label: str, nets: tuple[int, ...], abstract: bool, cat: Catalog) -> dict[int, float]:
    shared: dict[int, float] = {}   # concept -> idf weight of the caption words it uses
    indexes = [_network_words_index(cat, n, abstract) for n in nets]
    for w, wt in parsed_caption(label, cat).weighted:
        ids = indexes[0].get(w, ()) if len(indexes) == 1 else {c for ix in indexes for c in ix.get(w, ())}
        for c in ids:
            shared[c] = shared.get(c, 0.0) + wt
    return _best_named(label, shared, NETWORK_CANDIDATES, cat)


def _best_named(label: str, shared: dict[int, float], limit: int, cat: Catalog) -> dict[int, float]:
    """Of the concepts sharing caption words (``shared``: concept -> the words' idf weight), the
    NAMED_POOL sharing the most are scored against the caption: the best ``limit`` that it
    names at least NAMED_MIN_LABEL well."""
    ids = sorted(shared, key=lambda c: (-shared[c], c))[:NAMED_POOL]
    ranked = sorted(zip(ids, label_scores_at(label, ids, cat)), key=second_best, reverse=True)
    return {c: sc for c, sc in ranked[:limit] if sc >= NAMED_MIN_LABEL}


def _network_words_index(cat: Catalog, n: int, abstract: bool) -> dict[str, list[int]]:
    """Word -> the abstract (or the other) concepts of presentation network n whose labels or
    name use it (per network and kind, built on first use)."""
    per = derived(cat, "network_words_index")
    got = per.get((n, abstract))
    if got is None:
        got = per[(n, abstract)] = defaultdict(list)
        for c in once(cat, "network_concepts", _network_concepts)[n]:
            if cat.concepts[c].abstract == abstract:
                for w in cat.names[c].words:
                    got[w].append(c)
    return got


def _network_concepts(cat: Catalog) -> dict[int, list[int]]:
    """Presentation network -> its concepts, ascending."""
    out: dict[int, list[int]] = defaultdict(list)
    for c in sorted(cat.pres_pos):
        for n in cat.pres_pos[c]:
            out[n].append(c)
    return out


HEADING_CANDIDATES = 3     # a caption's best-named concepts among those its heading's abstract presents


def heading_candidates(label: str, parent: int, cat: Catalog) -> dict[int, float]:
    """The line items the taxonomy presents under an abstract concept (a heading's) that a
    caption below it names best (see _best_named)."""
    return memo_by_catalog(cat, ("heading_candidates", label, parent),
                 lambda: _named_among(label, once(cat, "pres_children", _pres_children).get(parent, ()), cat))


def table_candidates(label: str, items: frozenset[int], cat: Catalog) -> dict[int, float]:
    """The items of the standard tables a page's "[Line Items]" rows name that a caption names
    best (see _best_named)."""
    return memo_by_catalog(cat, ("table_candidates", label, items), lambda: _named_among(label, sorted(items), cat))


def _named_among(label: str, concepts, cat: Catalog) -> dict[int, float]:
    shared: dict[int, float] = {}
    names = cat.names
    for w, wt in parsed_caption(label, cat).weighted:
        for c in concepts:
            if w in names[c].words:
                shared[c] = shared.get(c, 0.0) + wt
    return _best_named(label, shared, HEADING_CANDIDATES, cat)


def _pres_children(cat: Catalog) -> dict[int, list[int]]:
    """Abstract concept -> the line items (not abstracts) any presentation network shows under it."""
    out: dict[int, list[int]] = defaultdict(list)
    for kid in sorted(cat.pres_parents):
        if not cat.concepts[kid].abstract:
            for p in cat.pres_parents[kid]:
                out[p].append(kid)
    return out
