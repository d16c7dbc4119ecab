"""References: how far a definition block's ASC references (Topic, SubTopic, Section, ...) agree
with each concept's entries in the reference linkbase (Jaccard overlap)."""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ...rpage.model import DefinitionBlock
from ..catalog import Catalog, CatalogConcept, ref_key
from .common import memo_by_catalog, best_n


def block_ref_keys(block: DefinitionBlock) -> frozenset[tuple[str, ...]]:
    return _ref_keys(block.references)


@lru_cache(maxsize=4096)
def _ref_keys(references: tuple) -> frozenset[tuple[str, ...]]:
    """block_ref_keys of a block's references (a filer's pages repeat its blocks)."""
    return frozenset(k for r in references if (k := ref_key(r.parts)) is not None)


def ref_scores(block: DefinitionBlock, cat: Catalog, limit: int = 12) -> dict[int, float]:
    """Jaccard overlap between the block's reference set and each concept's."""
    keys = block_ref_keys(block)
    if not keys:
        return {}
    return memo_by_catalog(cat, ("ref", keys, limit), lambda: _ref_scores(keys, cat, limit))


def _ref_scores(keys: frozenset[tuple[str, ...]], cat: Catalog, limit: int) -> dict[int, float]:
    hits: dict[int, int] = defaultdict(int)
    for k in keys:
        for i in cat.ref_index.get(k, ()):
            hits[i] += 1
    out = {}
    for i in sorted(hits):      # ties fall by concept order, the same in every run
        union = len(keys | cat.concepts[i].refs)
        out[i] = hits[i] / union if union else 0.0
    return best_n(out, limit)


def ref_score(block_keys: frozenset, c: CatalogConcept) -> float:
    if not block_keys or not c.refs:
        return 0.0
    return len(block_keys & c.refs) / len(block_keys | c.refs)
