"""How well a row shows a concept through a definition block.

The scores that weigh a row (its caption group) against a block: a standard concept shown
through the block (its documentation and references with the caption's label score and the
row's fit), the block taken as the company's own element (``ext_fit``), and the row as a
dimension member instead (``member_score``). The label scores are memoised on the row.
"""
from __future__ import annotations

from rapidfuzz import fuzz

from ..rpage.model import Row
from .catalog import Catalog
from .choices import EXT, BlockChoice, RowChoice
from .signals import (caption_in_text, caption_text, definition_kind, definition_names, kind_fit, label_score_at,
                      label_scores_at, row_value_kind, text_words)
from .text import bracket_kind, norm

EXT_RESTATES = 0.9        # a company definition this similar to the caption restates it (its own element) ...
EXT_RESTATES_BONUS = 0.1  # ... and counts this much more for it
EXT_SUBSET = 0.85        # a caption contained in a company definition (token set), against the same words
MEMBER_SCORE_MARKED = 0.9     # "[Member]" caption on a page with axis=member blocks
MEMBER_SCORE_PARSER = 0.6     # the parser saw repeated line items under it


def ext_fit(row: Row, bc: BlockChoice) -> float:
    """A row against a block taken as the company's own element."""
    key = (row.label, row.kind != "fact" or not row.values, row_value_kind(row))   # what _ext_fit_of reads
    v = bc.extfit.get(key)
    if v is None:
        v = bc.extfit[key] = _ext_fit_of(row, bc)
    return v


def _ext_fit_of(row: Row, bc: BlockChoice) -> float:
    """ext_fit, computed: the caption's words in the block's text, weighted by its prior."""
    sim = 0.0
    if bc.block.definition:
        cap, text = norm(caption_text(row.label)), norm(bc.block.definition)
        # a caption contained in the company's text (token set) counts a little less than the same words
        sim = max(fuzz.token_sort_ratio(cap, text), EXT_SUBSET * fuzz.token_set_ratio(cap, text)) / 100.0
    base = bc.ext_prior * (0.25 + 0.75 * sim)
    if sim >= EXT_RESTATES:   # the company's definition restates the caption: its own element
        base += EXT_RESTATES_BONUS
    if (row.kind != "fact" or not row.values) and not bc.has_text:
        base += 0.05
    if row.kind == "fact" and row.values and bc.block.definition:
        # a company definition worded in FASB's style says its element's data kind ("Amount of",
        # "Number of shares", "Percentage of"): the row's values fit it as they would fit a
        # standard concept's data type
        kind = definition_kind(bc.block.definition)
        if kind is not None:
            base += kind_fit(row_value_kind(row), kind)
    return base


def prime(rc: RowChoice, cs, cat: Catalog) -> None:
    """Score the row's caption (in its context), and its heading, against several concepts at
    once, so that _lab and RowChoice.fit find them memoised."""
    known = rc.ctx_scores
    todo = [c for c in cs if c >= 0 and c not in known]
    if todo:
        rc.ctx_scores.update(zip(todo, label_scores_at(rc.caption, todo, cat, rc.context)))
        if rc.context:
            rc.head_scores.update(zip(todo, label_scores_at(rc.heading, todo, cat)))


def _lab(rc: RowChoice, c: int, cat: Catalog) -> float:
    lab = rc.ctx_scores.get(c)
    if lab is None:
        lab = rc.ctx_scores[c] = label_score_at(rc.caption, c, cat, rc.context)
    return lab


def caption_in_definition(rc: RowChoice, bc: BlockChoice, cat: Catalog) -> float:
    """Share of the caption's words (idf-weighted) that the block's definition uses."""
    if not bc.block.definition:
        return 0.0
    v = bc.capdef.get(rc.row.label)
    if v is None:
        v = bc.capdef[rc.row.label] = caption_in_text(rc.row.label, text_words(bc.block.definition), cat)
    return v


def block_evidence(bc: BlockChoice, c: int, cat: Catalog) -> float:
    """Block evidence for concept c: documentation/references, or the definition naming it."""
    v = bc.options.get(c, 0.0)
    if bc.has_text and v < 0.5:
        v = max(v, 0.7 * definition_names(bc.block, c, cat))
    return v


def row_fit(rc: RowChoice, bc: BlockChoice, c: int, cat: Catalog) -> float:
    """How well a row shows concept c through block bc, from the row's side only (caption, value
    type, caption-vs-definition); block evidence is the same for every row and is left out."""
    if c == EXT:
        return ext_fit(rc.row, bc)
    f = rc.cfits.get(c)   # row_fits of (c,), inlined
    return (f if f is not None else rc.caption_fit(c, cat)) + 0.1 * caption_in_definition(rc, bc, cat)


def row_fits(rc: RowChoice, bc: BlockChoice, cs, cat: Catalog) -> list[float]:
    """row_fit for several concepts (not EXT) of one block."""
    cid = 0.1 * caption_in_definition(rc, bc, cat)
    known = rc.cfits
    return [(known[c] if c in known else rc.caption_fit(c, cat)) + cid for c in cs]


def pair_score(rc: RowChoice, bc: BlockChoice | None, c: int, cat: Catalog) -> float:
    """Score of row rc showing concept c through block bc (None: a block without evidence)."""
    if c == EXT:
        return ext_fit(rc.row, bc) if bc is not None else 0.0
    lab = _lab(rc, c, cat)
    fit = rc.fit(c, cat)
    blk = bc.options.get(c, 0.0) if bc is not None else 0.0
    w_blk, w_lab = pair_weights(bc)
    return w_blk * blk + w_lab * lab + fit


def caption_support(heads: list[RowChoice], bc: BlockChoice, c: int, cat: Catalog) -> float:
    """The best pair_score of concept c (not EXT) in block bc over the caption groups, their caption
    scores primed (pair_score, inlined: this runs for every group x pass-1 option)."""
    w_blk, w_lab = pair_weights(bc)
    blk = w_blk * bc.options.get(c, 0.0)
    return max((blk + w_lab * rc.ctx_scores[c] + rc.fit(c, cat) for rc in heads), default=0.0)


def pair_weights(bc: BlockChoice | None) -> tuple[float, float]:
    """Weights of a block's own evidence and of the caption in pair_score: a block with a definition
    says more than the caption; one without, less."""
    return (0.6, 0.4) if bc is not None and bc.has_text else (0.15, 0.85)


def member_score(row: Row, has_member_blocks: bool) -> float:
    if not has_member_blocks or (row.kind == "fact" and row.values):
        return -1.0
    if bracket_kind(row.label) == "member" or (" | " in row.label and row.kind == "segment"):
        return MEMBER_SCORE_MARKED
    return MEMBER_SCORE_PARSER if row.kind == "segment" else 0.0
