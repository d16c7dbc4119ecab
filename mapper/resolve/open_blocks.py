"""Pass 2: the definition blocks pass 1 left open get their concepts.

Open blocks form segments between fixed blocks (``_segments``); a segment's concepts lie in the
element-id interval its fixed neighbours leave (``id_bounds``). ``fill_segments`` gives the open
blocks to caption groups in one Hungarian assignment, then orders the blocks with text by element
id (``_order_groups``, ``ordered_pick``).
"""
from __future__ import annotations

from typing import cast

import numpy as np
from scipy.optimize import linear_sum_assignment

from .catalog import Catalog
from .choices import EXT, BlockChoice, RowChoice
from .order import ordered_pick, ordered_pick_scored
from .pairing import block_evidence, ext_fit, prime, row_fits
from .signals import label_candidates

BLOCK_WEIGHT = 0.5       # block evidence (documentation, references) when choosing an open block's concept


def _segments(blocks: list[BlockChoice]) -> list[list[int]]:
    """Maximal runs of consecutive open blocks."""
    out, cur = [], []
    for j, bc in enumerate(blocks):
        if bc.chosen is None:
            cur.append(j)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def id_bounds(blocks: list[BlockChoice], seg: list[int], cat: Catalog, textual: bool = False) -> tuple[str, str]:
    """The element ids of the nearest blocks before and after ``seg`` that show a standard concept
    (``textual``: and carry text or references of their own): the ids seg's concepts lie between."""
    def anchors(ks):
        return (cat.concepts[blocks[k].chosen].element_id for k in ks
                if blocks[k].chosen not in (None, EXT)
                and (not textual or blocks[k].has_text or blocks[k].block.references))
    return (next(anchors(range(seg[0] - 1, -1, -1)), ""),
            next(anchors(range(seg[-1] + 1, len(blocks))), "\U0010ffff"))


def fill_segments(blocks: list[BlockChoice], groups: list[list[int]], rows: list[RowChoice],
                   cat: Catalog, base: np.ndarray, documented_page: bool) -> None:
    """Choose concepts for the open blocks: caption groups x open blocks, one Hungarian assignment.

    A block may only take a concept inside the id interval its fixed neighbours leave; on a page
    whose standard blocks carry FASB documentation, a block without any text can only be an
    abstract (or the company's own) element, since every standard line item has documentation.
    """
    segs = _segments(blocks)
    if not segs:
        return
    heads = [rows[g[0]] for g in groups]
    weight = np.array([1.0 + 0.1 * min(len(g) - 1, 3) for g in groups])
    open_blocks = [j for seg in segs for j in seg]
    col_of = {j: k for k, j in enumerate(open_blocks)}
    gain = np.zeros((len(groups), len(open_blocks)))
    best_c: list[list[list[tuple[int, float]]]] = [[[]] * len(open_blocks) for _ in groups]   # all set below
    bounds = [id_bounds(blocks, seg, cat) for seg in segs]
    rank = cat.rank
    for seg, (lo, hi) in zip(segs, bounds):
        first, end = cat.rank_range(lo, hi)   # ranks of the ids strictly between lo and hi
        within = (first, end) if (lo or hi != "\U0010ffff") else None
        cand: set[int] = set()
        for rc in heads:
            if within is not None:
                heading = rc.row.kind != "fact" or not rc.row.values
                rc.label_scores.update(label_candidates(rc.caption, cat, limit=6, abstract=heading,
                                                        within=within))
            cand.update(c for c in rc.label_scores if first <= rank[c] < end)
        plain_done: dict[tuple, int] = {}   # blocks without any evidence of their own score alike
        for j in seg:
            bc = blocks[j]
            col = col_of[j]
            plain = bc.plain
            key = (plain, bc.ext_prior)
            if plain and key in plain_done:
                src = plain_done[key]
                gain[:, col] = gain[:, src]
                for g in range(len(heads)):
                    best_c[g][col] = best_c[g][src]
                continue
            if plain:
                plain_done[key] = col
            local = set(cand) | {c for c in bc.options if c != EXT and first <= rank[c] < end}
            if documented_page and not bc.has_text:
                local = {c for c in local if cat.concepts[c].abstract}
            elif documented_page and bc.block.references:
                local = {c for c in local if not cat.concepts[c].abstract}
            block_local = local.intersection(bc.options)
            weighted: dict[int, float] = {}     # concept -> its block evidence, weighted (the same for every caption)
            for g, rc in enumerate(heads):
                ranked = []
                mine = list(block_local.union(local.intersection(rc.label_scores)))
                prime(rc, mine, cat)
                for c, f in zip(mine, row_fits(rc, bc, mine, cat)):
                    b = weighted.get(c)
                    if b is None:
                        b = weighted[c] = BLOCK_WEIGHT * block_evidence(bc, c, cat)
                    ranked.append((f + b, f, c))
                ranked.sort(reverse=True)
                ext = ext_fit(rc.row, bc)
                choices = [(c, sc) for sc, _f, c in ranked[:4] if sc >= ext] + [(EXT, ext)]
                gain[g, col] = (choices[0][1] - base[g]) * weight[g]
                best_c[g][col] = choices
    # groups x (open blocks + one "stay where you are" slot per group)
    ng, nb = gain.shape
    cost = np.concatenate([-gain, np.zeros((ng, ng))], axis=1)
    g_idx, s_idx = linear_sum_assignment(cost)
    group_at = {sl: g for g, sl in zip(g_idx.tolist(), s_idx.tolist()) if sl < nb and gain[g, sl] > -0.5}

    def options(sl: int, g: int | None) -> dict[int, float]:
        """What block sl may take when group g shows it (its gain, as in the assignment)."""
        if g is None:
            return {}
        return {c: (sc - base[g]) * weight[g] for c, sc in best_c[g][sl]}

    for seg, (lo, hi) in zip(segs, bounds):
        used: set[int] = set()          # a concept sits in one block
        # blocks with a definition or references of their own: their groups and concepts follow
        # EDGAR's element-id order (textless blocks are alike: any of them may take any group)
        texty = [col_of[j] for j in seg if blocks[j].has_text or blocks[j].block.references]
        if len(texty) >= 2:
            placed = _order_groups(texty, {sl: group_at.get(sl) for sl in texty}, options, cat, lo, hi)
            picks = ordered_pick(cat, [options(sl, placed[sl]) for sl in texty], lo, hi)
            for sl, pick in zip(texty, picks):
                group_at.pop(sl, None)
                if pick is None or (pick != EXT and pick in used):
                    continue
                used.add(pick)
                blocks[open_blocks[sl]].chosen = pick
        pairs = sorted(((gain[g, sl], g, sl) for sl, g in group_at.items() if open_blocks[sl] in seg),
                       reverse=True)
        for _gain, g, sl in pairs:
            # a group whose first choice is taken gets its next one
            nxt = next((c for c, _f in best_c[g][sl] if c == EXT or c not in used), None)
            if nxt is None:
                continue
            used.add(nxt)
            blocks[open_blocks[sl]].chosen = nxt
    for j in open_blocks:   # a block no caption took: its best evidence, if any
        bc = blocks[j]
        if bc.chosen is None:
            bc.chosen = EXT if bc.ext_prior >= 0.25 or not bc.options else None


def _order_groups(cols: list[int], placed: dict[int, int | None], options, cat: Catalog,
                  lo: str, hi: str) -> dict[int, int | None]:
    """Where the assignment put caption groups in blocks whose evidence barely tells them apart
    (definitions worded alike), their first-choice concepts may stand against EDGAR's element-id
    order. Then try the same groups in the same blocks sorted by those concepts' ids, and keep
    whichever placement scores better in order (ordered pick, descents penalised).

    ``placed``: block -> the group the assignment gave it (None: no group)."""
    def first(sl: int, g: int | None) -> int | None:
        opts = options(sl, g)
        c = max(opts.items(), key=lambda kv: kv[1])[0] if opts else None
        return None if c == EXT else c

    firsts = {sl: first(sl, placed[sl]) for sl in cols}
    ids = [cat.concepts[c].element_id for c in firsts.values() if c is not None]
    if all(a < b for a, b in zip(ids, ids[1:])):
        return placed
    movable = [sl for sl in cols if firsts[sl] is not None]
    ranked = sorted(movable, key=lambda sl: cat.concepts[cast(int, firsts[sl])].element_id)
    trial = dict(placed)
    for sl, src in zip(movable, ranked):
        trial[sl] = placed[src]

    def score(p: dict[int, int | None]) -> float:
        return ordered_pick_scored(cat, [options(sl, p[sl]) for sl in cols], lo, hi)[1]

    return trial if score(trial) > score(placed) + 1e-9 else placed
