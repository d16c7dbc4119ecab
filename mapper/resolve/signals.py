"""Signals: how well one piece of page evidence fits one concept. Pure functions, scores in [0, 1].

- documentation: a definition block's text against the concept's documentation;
- reference: the block's ASC references against the concept's reference linkbase entries;
- label: a row caption against the concept's labels (every role) and its element name;
- datatype / period / abstract: what the row's values say against the concept's type.
"""
from __future__ import annotations

import heapq
import re
from collections import defaultdict

from rapidfuzz import fuzz

from ..rpage.model import DefinitionBlock, Row
from .catalog import Catalog, CatalogConcept, ref_key
from .text import norm, strip_label_markers, tokens

# Caption words that carry no concept meaning ("Total revenues" = Revenues).
_CAPTION_NOISE = re.compile(
    r"^(total|less|add|plus|net of|deduct|subtotal)\b[:\s]*|[:\s]*\b(total)$", re.I)
_BALANCE_WORDS = re.compile(r"^(beginning|ending|opening|closing) balance(s)?( at.*)?$|"
                            r"\b(beginning|ending) (of|balance)\b.*$", re.I)
_DF_CAP = 1500          # words used by more concepts than this do not generate candidates


def caption_text(label: str) -> str:
    """The part of a caption that names the concept: markers and "Total"/"Less:" dropped."""
    s = strip_label_markers(label)
    s = _CAPTION_NOISE.sub("", s).strip(" ,:-")
    return s or strip_label_markers(label)


# --------------------------------------------------------------------------- documentation

def doc_scores(block: DefinitionBlock, cat: Catalog, limit: int = 12) -> dict[int, float]:
    """Concepts whose documentation matches the block's definition: 1.0 exact, else fuzzy."""
    if not block.definition:
        return {}
    key = norm(block.definition)
    exact = cat.doc_exact.get(key)
    if exact:
        return {i: 1.0 for i in exact}
    words = set(tokens(block.definition))
    if not words:
        return {}
    acc: dict[int, float] = defaultdict(float)
    total = sum(cat.doc_idf.get(w, 0.0) for w in words) or 1.0
    for w in words:
        ids = cat.doc_word_index.get(w)
        if not ids or len(ids) > 3000:
            continue
        wt = cat.doc_idf[w]
        for i in ids:
            acc[i] += wt
    if not acc:
        return {}
    top = heapq.nlargest(limit * 2, acc.items(), key=lambda kv: kv[1])
    out = {}
    for i, s in top:
        if s / total < 0.35:
            continue
        r = fuzz.ratio(key, norm(cat.concepts[i].doc or "")) / 100.0
        ts = fuzz.token_set_ratio(key, norm(cat.concepts[i].doc or "")) / 100.0
        sc = max(r, 0.5 * r + 0.5 * ts)
        if sc >= 0.6:
            # fuzzy matches stay below an exact match: 0.6 -> 0.3, 1.0 -> 0.95
            out[i] = round(0.3 + (sc - 0.6) / 0.4 * 0.65, 4)
    return dict(heapq.nlargest(limit, out.items(), key=lambda kv: kv[1]))


# --------------------------------------------------------------------------- references

def block_ref_keys(block: DefinitionBlock) -> frozenset[tuple[str, ...]]:
    return frozenset(k for r in block.references if (k := ref_key(r.parts)) is not None)


def ref_scores(block: DefinitionBlock, cat: Catalog, limit: int = 12) -> dict[int, float]:
    """Jaccard overlap between the block's reference set and each concept's."""
    keys = block_ref_keys(block)
    if not keys:
        return {}
    hits: dict[int, int] = defaultdict(int)
    for k in keys:
        for i in cat.ref_index.get(k, ()):
            hits[i] += 1
    out = {}
    for i, n in hits.items():
        union = len(keys | cat.concepts[i].refs)
        out[i] = n / union if union else 0.0
    return dict(heapq.nlargest(limit, out.items(), key=lambda kv: kv[1]))


def ref_score(block_keys: frozenset, c: CatalogConcept) -> float:
    if not block_keys or not c.refs:
        return 0.0
    return len(block_keys & c.refs) / len(block_keys | c.refs)


# --------------------------------------------------------------------------- labels

def _weighted_overlap(words: tuple[str, ...], other: frozenset[str] | set[str], idf: dict) -> float:
    if not words:
        return 0.0
    tot = sum(idf.get(w, 3.0) for w in words)
    hit = sum(idf.get(w, 3.0) for w in words if w in other)
    return hit / tot if tot else 0.0


def label_score(label: str, c: CatalogConcept, cat: Catalog) -> float:
    """How well a caption names a concept: exact label (any role) 1.0, else word/fuzzy overlap."""
    cap = caption_text(label)
    key = norm(cap)
    full = norm(strip_label_markers(label))
    if key in c.labels_norm or full in c.labels_norm:
        return 1.0
    words = tuple(dict.fromkeys(tokens(cap)))
    if not words:
        return 0.0
    recall = _weighted_overlap(words, c.words, cat.idf)
    name = set(c.name_words)
    precision = _weighted_overlap(tuple(dict.fromkeys(c.name_words)), set(words), cat.idf) if name else 0.0
    best_lab = 0.0
    for lab in c.labels_norm[:4]:
        best_lab = max(best_lab, fuzz.token_sort_ratio(key, lab) / 100.0)
    f = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return round(max(0.85 * best_lab, 0.9 * f, 0.6 * recall), 4)


def label_candidates(label: str, cat: Catalog, limit: int = 15,
                     abstract: bool | None = None) -> dict[int, float]:
    """Top concepts for a caption over the whole catalog (exact labels, then word overlap);
    ``abstract`` keeps only abstract (True) or only non-abstract (False) concepts."""
    cap = caption_text(label)
    out: dict[int, float] = {}
    for k in {norm(cap), norm(strip_label_markers(label))}:
        for i in cat.label_exact.get(k, ()):
            out[i] = 1.0
    words = tuple(dict.fromkeys(tokens(cap)))
    acc: dict[int, float] = defaultdict(float)
    for w in words:
        ids = cat.word_index.get(w)
        if not ids or len(ids) > _DF_CAP:
            continue
        wt = cat.idf[w]
        for i in ids:
            acc[i] += wt
    if abstract is not None:
        acc = {i: s for i, s in acc.items() if cat.concepts[i].abstract == abstract}
    if acc:
        for i, _ in heapq.nlargest(limit * 4, acc.items(), key=lambda kv: kv[1]):
            if i not in out:
                out[i] = label_score(label, cat.concepts[i], cat)
    if abstract is not None:
        out = {i: s for i, s in out.items() if cat.concepts[i].abstract == abstract}
    return dict(heapq.nlargest(limit, out.items(), key=lambda kv: kv[1]))


# --------------------------------------------------------------------------- structure of values

def row_value_kind(row: Row) -> str | None:
    """The dominant kind of the row's values (monetary, shares, per_share, percent...), if any."""
    kinds = [v.kind for v in row.values if v.kind != "text" or v.raw.strip()]
    if not kinds:
        return None
    return max(set(kinds), key=kinds.count)


_COMPATIBLE = {
    "monetary": {"monetary"},
    "per_share": {"per_share", "monetary"},
    "shares": {"shares", "number"},
    "percent": {"percent", "number"},
    "number": {"number", "shares", "percent", "monetary", "per_share"},
    "date": {"date", "text"},
    "boolean": {"boolean", "text"},
    "duration": {"duration", "text"},
    "text": {"text", "date", "boolean", "duration", "number"},
}


def type_fit(row: Row, c: CatalogConcept) -> float:
    """+ when the row's values fit the concept's data type, - when they contradict it."""
    if row.kind != "fact":
        return 0.15 if c.abstract else -0.35
    if c.abstract:
        return -0.6
    vk = row_value_kind(row)
    if vk is None:
        return 0.0
    ck = c.kind
    if ck == vk:
        return 0.1
    if ck in _COMPATIBLE.get(vk, ()):  # plausible but not the expected type
        return -0.02
    return -0.3
