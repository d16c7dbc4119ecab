"""Joint assignment of a page: definition blocks -> concepts, rows -> blocks.

EDGAR prints one definition block per distinct element, sorted by element id
(``prefix_LocalName``), so the block sequence is a sorted list of the page's concepts. The
assignment uses that in three passes:

1. blocks that carry documentation/references are resolved first, jointly: a dynamic programme
   picks one candidate per block (or "company element") so that chosen ids ascend, maximising
   documentation + reference + best-row-label evidence;
2. rows are matched to blocks (every block gets at least one row: a Hungarian assignment picks a
   representative row per block, the remaining rows take their best block);
3. blocks without documentation get the concept their rows' captions support best *inside the
   id interval* left open by their resolved neighbours (again an ascending DP).

Everything here is a pure function of the page and the catalog.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..rpage.model import DefinitionBlock, Page, Row
from .catalog import Catalog
from .signals import (block_ref_keys, caption_text, doc_scores, label_candidates, label_score,
                      ref_score, ref_scores, type_fit)
from .text import norm, strip_label_markers
from rapidfuzz import fuzz

EXT = -1                 # pseudo-concept: the company's own element
OPEN = -2                # pass-1 choice "decide later from the rows" (does not constrain order)
OPEN_SCORE = 0.3
STRONG_DOC = 0.85        # documentation evidence that fixes a block in pass 1
ORDER_PENALTY = 0.35     # cost of breaking EDGAR's ascending block order (real pages sometimes do)


@dataclass
class BlockChoice:
    block: DefinitionBlock
    options: dict[int, float]                 # concept (or EXT) -> block evidence score
    evidence: dict[int, dict[str, float]]     # concept -> {"documentation": s, "reference": s}
    chosen: int | None = None
    has_text: bool = False
    ext_prior: float = 0.0
    rows: list[int] = field(default_factory=list)


@dataclass
class RowChoice:
    row: Row
    block: int | None = None                  # index into the element-block list
    concept: int | None = None                # EXT for a company element
    score: float = 0.0
    label_scores: dict[int, float] = field(default_factory=dict)
    alternatives: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class Assignment:
    blocks: list[BlockChoice]
    rows: list[RowChoice]


# ------------------------------------------------------------------ block evidence

def _block_choice(block: DefinitionBlock, cat: Catalog) -> BlockChoice:
    docs = doc_scores(block, cat)
    refs = ref_scores(block, cat)
    keys = block_ref_keys(block)
    options: dict[int, float] = {}
    evidence: dict[int, dict[str, float]] = {}
    for i in set(docs) | set(refs):
        d = docs.get(i, 0.0)
        r = ref_score(keys, cat.concepts[i]) if keys else 0.0
        ev = {}
        if d:
            ev["documentation"] = d
        if r:
            ev["reference"] = r
        evidence[i] = ev
        options[i] = 0.8 * d + 0.2 * r if block.definition else 0.6 * r
    has_text = bool(block.definition)
    has_refs = bool(block.references)
    best_doc = max(docs.values(), default=0.0)
    if has_text and not has_refs:
        # documented, no standard references: the filer's own element unless the text is FASB's
        ext_prior = 0.85 if best_doc < 0.5 else (0.4 if best_doc < 0.8 else 0.05)
    elif has_text:
        ext_prior = 0.15 if best_doc < 0.5 else 0.02
    elif has_refs:
        ext_prior = 0.05
    else:
        ext_prior = 0.25
    options[EXT] = ext_prior
    evidence[EXT] = {}
    return BlockChoice(block, options, evidence, has_text=has_text, ext_prior=ext_prior)


# ------------------------------------------------------------------ ordered choice

def _ordered_pick(cat: Catalog, choices: list[dict[int, float]],
                  lo: str = "", hi: str = "\U0010ffff") -> list[int | None]:
    """One option per position maximising total score with ascending element ids.

    Order is soft (ORDER_PENALTY per descent). EXT options must form one contiguous run.
    Returns the chosen option (or None for an empty option list) per position.
    """
    # state: (last id, ext phase 0 before run / 1 in run / 2 after run) -> (score, back-pointer)
    states: dict[tuple[str, int], tuple[float, tuple | None, int | None]] = {(lo, 0): (0.0, None, None)}
    history = []
    for opts in choices:
        new: dict[tuple[str, int], tuple[float, tuple | None, int | None]] = {}
        if not opts:
            for st, (sc, _bp, _c) in states.items():
                if st not in new or new[st][0] < sc:
                    new[st] = (sc, st, None)
            history.append(new)
            states = new
            continue
        for st, (sc, _bp, _c) in states.items():
            last, phase = st
            for c, s in opts.items():
                if c == OPEN:
                    nst = st
                    tot = sc + s
                elif c == EXT:
                    if phase == 2:
                        continue
                    nst = (last, 1)
                    tot = sc + s
                else:
                    eid = cat.concepts[c].element_id
                    if eid == last:
                        continue  # one block per distinct element
                    tot = sc + s - (ORDER_PENALTY if eid < last or eid >= hi else 0.0)
                    nst = (max(eid, last), 2 if phase >= 1 else 0)
                if nst not in new or new[nst][0] < tot:
                    new[nst] = (tot, st, c)
        # keep the search small: best few states
        if len(new) > 64:
            new = dict(sorted(new.items(), key=lambda kv: -kv[1][0])[:64])
        history.append(new)
        states = new
    if not states:
        return [None] * len(choices)
    st = max(states, key=lambda k: states[k][0])
    picks: list[int | None] = []
    for layer in reversed(history):
        sc, bp, c = layer[st]
        picks.append(c)
        st = bp
    picks.reverse()
    return picks


# ------------------------------------------------------------------ row/block compatibility

def _ext_fit(row: Row, bc: BlockChoice) -> float:
    """A row against a block taken as the company's own element."""
    sim = 0.0
    if bc.block.definition:
        sim = fuzz.token_set_ratio(norm(caption_text(row.label)), norm(bc.block.definition)) / 100.0
    base = bc.ext_prior * (0.55 + 0.45 * sim)
    if row.kind != "fact" and not bc.has_text:
        base += 0.05
    return base


def _pair(row: Row, rc: RowChoice, bc: BlockChoice, c: int, cat: Catalog) -> float:
    if c == EXT:
        return _ext_fit(row, bc)
    lab = rc.label_scores.get(c)
    if lab is None:
        lab = label_score(row.label, cat.concepts[c], cat)
        rc.label_scores[c] = lab
    blk = bc.options.get(c, 0.0)
    fit = type_fit(row, cat.concepts[c])
    if bc.has_text:
        return 0.6 * blk + 0.4 * lab + fit
    return 0.15 * blk + 0.85 * lab + fit


def _row_block_matrix(rows: list[RowChoice], blocks: list[BlockChoice], cat: Catalog,
                      candidates: list[dict[int, float]]) -> tuple[np.ndarray, list[list[int | None]]]:
    m = np.full((len(rows), len(blocks)), -1.0)
    arg: list[list[int | None]] = [[None] * len(blocks) for _ in rows]
    for j, bc in enumerate(blocks):
        opts = candidates[j]
        for i, rc in enumerate(rows):
            best, best_c = -1.0, None
            for c in opts:
                s = _pair(rc.row, rc, bc, c, cat)
                if s > best:
                    best, best_c = s, c
            m[i, j] = best
            arg[i][j] = best_c
    return m, arg


def _assign_rows(m: np.ndarray) -> list[int]:
    """Every block gets one distinct representative row; other rows take their best block."""
    n_rows, n_blocks = m.shape
    out = [int(np.argmax(m[i])) for i in range(n_rows)]
    if n_blocks and n_rows >= n_blocks:
        r_idx, c_idx = linear_sum_assignment(-m)
        for r, c in zip(r_idx, c_idx):
            out[r] = int(c)
    return out


# ------------------------------------------------------------------ main entry

def assign_page(page: Page, cat: Catalog) -> Assignment:
    eblocks = list(page.element_blocks())
    row_objs = [r for r in page.rows if r.kind != "segment"]
    rows = [RowChoice(r) for r in row_objs]
    blocks = [_block_choice(b, cat) for b in eblocks]

    # caption candidates of every row (abstract concepts only for heading rows)
    for rc in rows:
        cands = label_candidates(rc.row.label, cat, abstract=rc.row.kind != "fact")
        rc.label_scores.update(cands)

    if not blocks:  # rows without definition blocks: captions alone
        for rc in rows:
            ranked = sorted(rc.label_scores.items(), key=lambda kv: -kv[1])
            if ranked:
                rc.concept, rc.score = ranked[0][0], ranked[0][1] + type_fit(rc.row, cat.concepts[ranked[0][0]])
            rc.alternatives = ranked[:6]
        return Assignment(blocks, rows)

    # pass 1: documented blocks, jointly ordered; support from the best-matching caption
    pass1: list[dict[int, float]] = []
    for bc in blocks:
        opts: dict[int, float] = {OPEN: OPEN_SCORE}
        if bc.has_text:
            opts[EXT] = bc.ext_prior
        for c, s in bc.options.items():
            if c == EXT or bc.evidence[c].get("documentation", 0.0) < STRONG_DOC:
                continue
            support = max((_pair(rc.row, rc, bc, c, cat) for rc in rows), default=0.0)
            opts[c] = 0.7 * s + 0.3 * max(support, 0.0)
        pass1.append(opts)
    picks = _ordered_pick(cat, pass1)
    for bc, p in zip(blocks, picks):
        bc.chosen = None if p == OPEN else p

    # id interval each undocumented block must fall in
    cands: list[dict[int, float]] = []
    pool: dict[int, float] = {}
    for rc in rows:
        for c, s in rc.label_scores.items():
            pool[c] = max(pool.get(c, 0.0), s)
    for j, bc in enumerate(blocks):
        if bc.chosen is not None:
            cands.append({bc.chosen: 1.0})
            continue
        lo = next((cat.concepts[blocks[k].chosen].element_id for k in range(j - 1, -1, -1)
                   if blocks[k].chosen not in (None, EXT)), "")
        hi = next((cat.concepts[blocks[k].chosen].element_id for k in range(j + 1, len(blocks))
                   if blocks[k].chosen not in (None, EXT)), "\U0010ffff")
        inside = {c: s for c, s in pool.items() if lo < cat.concepts[c].element_id < hi}
        inside.update({c: s for c, s in bc.options.items() if c != EXT})
        inside[EXT] = bc.ext_prior
        cands.append(inside)

    # pass 2: rows to blocks
    m, arg = _row_block_matrix(rows, blocks, cat, cands)
    row_block = _assign_rows(m)
    for i, j in enumerate(row_block):
        rows[i].block = j
        blocks[j].rows.append(i)

    # pass 3: undocumented blocks take what their rows support, ascending inside their interval
    open_choices: list[dict[int, float]] = []
    for j, bc in enumerate(blocks):
        if bc.chosen is not None:
            open_choices.append({bc.chosen: 1.0})
            continue
        scores: dict[int, float] = {}
        for c in cands[j]:
            tot = sum(_pair(rows[i].row, rows[i], bc, c, cat) for i in bc.rows) if bc.rows else 0.0
            scores[c] = tot / max(len(bc.rows), 1)
        top = dict(sorted(scores.items(), key=lambda kv: -kv[1])[:12])
        open_choices.append(top)
    final = _ordered_pick(cat, open_choices)
    for bc, p in zip(blocks, final):
        if bc.chosen is None:
            bc.chosen = p

    # rows inherit their block's concept; keep ranked alternatives for the explanation
    for i, rc in enumerate(rows):
        bc = blocks[rc.block]
        rc.concept = bc.chosen
        opts: dict[int, float] = {}
        for c in set(cands[rc.block]) | set(bc.options) | set(rc.label_scores):
            if c == EXT and bc.ext_prior <= 0.0:
                continue
            opts[c] = round(_pair(rc.row, rc, bc, c, cat), 4)
        if rc.concept is not None and rc.concept not in opts:
            opts[rc.concept] = round(_pair(rc.row, rc, bc, rc.concept, cat), 4)
        ranked = sorted(opts.items(), key=lambda kv: -kv[1])
        rc.score = opts.get(rc.concept, 0.0) if rc.concept is not None else 0.0
        rc.alternatives = ranked[:6]
    return Assignment(blocks, rows)


__all__ = ["EXT", "Assignment", "BlockChoice", "RowChoice", "assign_page", "strip_label_markers"]
