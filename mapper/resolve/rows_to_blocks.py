"""Pass 3: caption groups are matched to the blocks whose concepts they show.

``assign_rows`` weighs every caption group against every block's chosen concept (with support
from the calculation arcs the reported values satisfy), gives every block a group where one fits
(a Hungarian assignment on regret), lets near-ties follow the taxonomy's presentation order, moves
a sharing group into a documented block left empty, and lets headings without a block of their
own resolve by caption. ``refit_textless`` then lets a block without text or references show
the concept its row names, and ``order_textless`` hands such blocks' concepts back in element-id
order (which of those alike blocks shows which row is EDGAR's order, not the assignment's).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import cast

import numpy as np
from scipy.optimize import linear_sum_assignment

from .calc import row_numbers, sums_hold
from .catalog import Catalog
from .choices import EXT, BlockChoice, RowChoice
from .open_blocks import id_bounds
from .pairing import caption_in_definition, ext_fit, member_score, prime
from .signals import bracket_suffixes, label_score_at
from .text import bracket_kind

TEXTLESS_VALUE_PENALTY = 0.5   # a row with values in a text-less block of a documented page
EMPTY_BLOCK = 0.6             # cost of leaving a definition block without any row
EMPTY_BLOCK_SURE = 1.0        # ... whose definition FASB's documentation of a numeric concept fixes
SURE_BLOCK = 0.9              # (block evidence at least this)
_AMOUNT_KINDS = frozenset(("monetary", "shares", "per_share", "percent", "number"))
_DEDUCTION = re.compile(r"\s*(less|deduct|minus)\b", re.I)   # captions EDGAR may show negated
CALC_SUPPORT = 0.3     # a total whose summed rows are the concept's calculation children
PLAUSIBLE_ROWS = 4     # the caption groups that fit a concept best may show it ...
PLAUSIBLE_FIT = 0.2    # ... when they fit it at all
ORDER_WEIGHT = 0.015   # per row pair whose page order agrees with the taxonomy's presentation order
UNBLOCKED_PENALTY = 0.2   # a heading without a block of its own (EDGAR's 2012 renderer gave [Line Items] none)
UNBLOCKED_MIN_LABEL = 0.6   # ... and only when its caption names an abstract concept well
SHARED_MOVE = 0.8   # how much worse an empty block may fit a caption group that shares a block
REFIT_MARGIN = 0.3   # how much better a textless block's caption must name another concept


def _calc_support(m: np.ndarray, groups: list[list[int]], rows: list[RowChoice],
                  blocks: list[BlockChoice], cat: Catalog) -> None:
    """Raise a row's fit to a concept when the reported values agree with that concept's
    calculation arcs: some plausible rows for its children sum (with the arcs' weights) to the
    row's values, or, for a total, the rows it sums plausibly show the concept's children."""
    import itertools

    group_of = {i: g for g, members in enumerate(groups) for i in members}
    block_of: dict[int, int] = {bc.chosen: j for j, bc in enumerate(blocks) if bc.chosen is not None}
    plausible: dict[int, list[int]] = {}          # concept -> groups that may show it (best fits first)
    for c, j in block_of.items():
        if c >= 0:
            order = np.argsort(-m[:, j])[:PLAUSIBLE_ROWS]
            plausible[c] = [int(g) for g in order if m[g, j] > PLAUSIBLE_FIT]
    # per concept: its calculation children that some block of the page shows
    shown_kids = {c: [(k, w) for k, w in cat.calc_children.get(c, ()) if k in plausible] for c in plausible}
    numbers = [row_numbers(rows[members[0]].row) for members in groups]
    negated = [bool(_DEDUCTION.match(rows[members[0]].row.label)) for members in groups]
    for g, members in enumerate(groups):
        rc = rows[members[0]]
        mine = numbers[g]
        full = bool(mine) and all(x is not None for x in mine)
        for c, j in block_of.items():
            if c < 0:
                continue
            kids = shown_kids[c]
            if not kids:
                continue
            if rc.total and rc.summands:
                shown = {k for k, _w in kids
                         if any(group_of.get(i) in plausible[k] for i in rc.summands if group_of.get(i) != g)}
                m[g, j] += CALC_SUPPORT * len(shown) / max(len(rc.summands), 1)
            if not full or len(kids) < 2:
                continue
            options = [[h for h in plausible[k] if h != g][:3] for k, _w in kids]
            if any(not o for o in options):
                continue
            for combo in itertools.islice(itertools.product(*options), 64):
                if len(set(combo)) < len(combo):
                    continue
                parts = [(numbers[h], w) for h, (_k, w) in zip(combo, kids)]
                holds = sums_hold(mine, parts)
                if not holds and any(negated[h] for h in combo):
                    # "Less: ..." rows may be shown negated (EDGAR's negated labels)
                    flipped = [(numbers[h], -w if negated[h] else w) for h, (_k, w) in zip(combo, kids)]
                    holds = sums_hold(mine, flipped)
                if holds:
                    m[g, j] += CALC_SUPPORT
                    break


def _order_swaps(groups: list[list[int]], blocks: list[BlockChoice], m: np.ndarray, choice: list[int],
                 cat: Catalog) -> None:
    """Swap the blocks of two caption groups when that makes the page's row order agree better
    with the order the taxonomy's presentation networks give the two concepts (statements
    mostly follow it: current before noncurrent, profit before the parent's share ...).

    agreement(g shows k) = sum over the other groups h of order(g, h) * before(k, concept of h),
    kept as a matrix A[group, concept] and updated when a swap is taken."""
    def concept(g: int) -> int | None:
        j = choice[g]
        c = blocks[j].chosen if j >= 0 else None
        return c if c is not None and c >= 0 else None

    ids = [g for g in range(len(groups)) if concept(g) is not None]
    if len(ids) < 2:
        return
    ks = sorted({cast(int, concept(g)) for g in ids})
    kpos = {k: t for t, k in enumerate(ks)}
    # presented_before is antisymmetric (a concept has one position per network): ask once per pair
    P = np.zeros((len(ks), len(ks)))
    for a, x in enumerate(ks):
        for b in range(a + 1, len(ks)):
            v = cat.presented_before(x, ks[b])
            if v:
                P[a, b] = v
                P[b, a] = -v
    if not P.any():
        return
    first = np.array([min(groups[g]) for g in ids])
    S = np.sign(first[None, :] - first[:, None]).astype(np.float64)   # +1: row i comes before row j
    C = np.array([kpos[cast(int, concept(g))] for g in ids])
    A = S @ P[:, C].T
    for _round in range(3):
        changed = False
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                ga, gb = ids[a], ids[b]
                ja, jb = choice[ga], choice[gb]
                ca, cb = C[a], C[b]
                if ja == jb or ca == cb:
                    continue
                d_fit = m[ga, jb] + m[gb, ja] - m[ga, ja] - m[gb, jb]
                if d_fit < -0.5:
                    continue
                before = A[a, ca] - S[a, b] * P[ca, cb] + A[b, cb] - S[b, a] * P[cb, ca]
                after = A[a, cb] + A[b, ca]
                if d_fit + ORDER_WEIGHT * (after - before - 2 * S[a, b] * P[ca, cb]) > 1e-9:
                    choice[ga], choice[gb] = jb, ja
                    C[a], C[b] = cb, ca
                    A += np.outer(S[:, a], P[:, cb] - P[:, ca]) + np.outer(S[:, b], P[:, ca] - P[:, cb])
                    changed = True
        if not changed:
            break


def _unblocked_headings(groups: list[list[int]], rows: list[RowChoice], cat: Catalog):
    """For heading groups: the score and concept of resolving them by caption alone."""
    score = np.full(len(groups), -1.0)
    concept: list[int | None] = [None] * len(groups)
    for g, members in enumerate(groups):
        rc = rows[members[0]]
        if rc.row.values or rc.row.kind == "segment":
            continue
        want = bracket_suffixes(rc.row.label)   # "[Line Items]" is a LineItems element, not an abstract
        ranked = sorted(((0.85 * s + rc.fit(c, cat), c) for c, s in rc.label_scores.items()
                         if cat.concepts[c].abstract and s >= UNBLOCKED_MIN_LABEL
                         and (want is None or cat.concepts[c].local_name.endswith(want))), reverse=True)
        if ranked:
            score[g] = ranked[0][0] - UNBLOCKED_PENALTY
            concept[g] = ranked[0][1]
    return score, concept


def _reads_as_item(label: str) -> bool:
    """A caption without EDGAR's bracket suffix ("[Abstract]", "[Line Items]") and without the
    colon that opens a section: what a line item's label looks like."""
    return bracket_kind(label) is None and not label.rstrip().endswith(":")


def _fit_matrix(groups: list[list[int]], rows: list[RowChoice], blocks: list[BlockChoice],
                cat: Catalog) -> np.ndarray:
    """row_fit of every caption group (its first row) for every block's chosen concept; -1.0
    where a block has none."""
    fits = np.full((len(groups), len(blocks)), -1.0)
    chosen = [bc.chosen for bc in blocks if bc.chosen is not None]
    for g, members in enumerate(groups):
        rc = rows[members[0]]
        prime(rc, chosen, cat)
        out = fits[g]
        known, label = rc.cfits, rc.row.label
        for j, bc in enumerate(blocks):
            c = bc.chosen
            if c is None:
                continue
            if c == EXT:
                out[j] = ext_fit(rc.row, bc)
            else:   # row_fit and caption_in_definition, inlined: this runs for every group x block
                f = known.get(c)
                cid = bc.capdef.get(label) if bc.block.definition else 0.0
                out[j] = ((f if f is not None else rc.caption_fit(c, cat))
                          + 0.1 * (cid if cid is not None else caption_in_definition(rc, bc, cat)))
    return fits


def assign_rows(groups: list[list[int]], rows: list[RowChoice], blocks: list[BlockChoice],
                 cat: Catalog, has_member_blocks: bool, documented_page: bool = False) -> np.ndarray:
    """Caption groups -> blocks (or dimension member); every block gets a group if one fits.
    Returns the groups x blocks matrix of row_fit for the blocks' concepts (see _fit_matrix).

    On a page whose blocks carry documentation, a block without any text or references is an
    abstract (standard line items have FASB documentation, a filer's own carry its documentation
    label): rows with values do not go there. One that cites references is an element whose
    definition the page leaves out (Tesla's 2021 cover page prints the auditor's name and
    location blocks with their Form 10-K references only)."""
    ng, nb = len(groups), len(blocks)
    fits = _fit_matrix(groups, rows, blocks, cat)
    m = fits.copy()
    for g, members in enumerate(groups):
        rc = rows[members[0]]
        valued = rc.row.kind == "fact" and bool(rc.row.values)
        for j, bc in enumerate(blocks):
            if bc.chosen is None:
                m[g, j] = ext_fit(rc.row, bc) * 0.5
            if documented_page and valued and not bc.has_text and not bc.block.references:
                m[g, j] -= TEXTLESS_VALUE_PENALTY
    member = np.array([member_score(rows[members[0]].row, has_member_blocks) for members in groups])
    own, own_c = _unblocked_headings(groups, rows, cat)
    if nb:
        _calc_support(m, groups, rows, blocks, cat)
    best = m.max(axis=1) if nb else np.full(ng, -1.0)
    choice = [int(np.argmax(m[g])) if nb and m[g].max() >= member[g] else -1 for g in range(ng)]
    if nb:
        regret = np.maximum(np.maximum(best, member), own)[None, :] - m.T          # blocks x groups
        empty = np.array([_empty_cost(bc, cat) for bc in blocks])
        cost = np.concatenate([regret, np.repeat(empty[:, None], nb, axis=1)], axis=1)
        b_idx, g_idx = linear_sum_assignment(cost)
        matched = set()
        for j, g in zip(b_idx.tolist(), g_idx.tolist()):
            if g < ng:
                choice[g] = int(j)
                matched.add(g)
        _order_swaps(groups, blocks, m, choice, cat)
        _fill_empty_blocks(blocks, m, choice, matched)
    hosted = Counter(choice)
    for g in range(ng):   # a heading no block fits better than its caption alone: no block of its own
        if own_c[g] is None or own[g] < member[g]:
            continue
        j = choice[g]
        # the assignment weighed the caption alone against this block already; a caption that
        # reads as a line item shown without values (a nil fact: "Commitments and contingencies")
        # may leave its block empty only when the caption alone is clearly better
        leave_empty = (EMPTY_BLOCK if j >= 0 and hosted[j] == 1 and _reads_as_item(rows[groups[g][0]].row.label)
                       else 0.0)
        if j < 0 or own[g] > m[g, j] + leave_empty:
            choice[g] = -2
    _place(groups, rows, blocks, choice, own_c)
    return fits


def _fill_empty_blocks(blocks: list[BlockChoice], m: np.ndarray, choice: list[int], matched: set[int]) -> None:
    """EDGAR prints a definition block for each element a row shows, so a documented block left
    without rows is shown by some row the assignment put elsewhere. The likeliest is a caption
    group that shares its block with the group the one-to-one assignment gave that block (two
    captions, one element: rarer than two elements): the sharer that loses least moves, when it
    loses under SHARED_MOVE."""
    hosted = Counter(choice)
    for j, bc in enumerate(blocks):
        if hosted[j] or bc.chosen is None or bc.chosen < 0 or not bc.has_text:
            continue
        sharers = [g for g, k in enumerate(choice) if k >= 0 and g not in matched and hosted[k] > 1]
        if not sharers:
            continue
        g = max(sharers, key=lambda g: m[g, j] - m[g, choice[g]])
        if m[g, choice[g]] - m[g, j] < SHARED_MOVE:
            hosted[choice[g]] -= 1
            choice[g] = j
            hosted[j] += 1


def refit_textless(rows: list[RowChoice], blocks: list[BlockChoice], cat: Catalog) -> None:
    """A block with neither text nor references says nothing but its place: the concept it shows
    is the one its row names. Pass 2 chose these blocks' concepts for the caption groups it
    expected there; where the final assignment put another caption in such a block, and that
    caption names a concept no block shows clearly better (within the element ids the
    surrounding blocks that do carry text leave), the block takes it (P&G's "Defined Benefit
    Plan, Interest Cost", an exact label, had been left a plan-amendment concept)."""
    shown = {bc.chosen for bc in blocks if bc.chosen is not None and bc.chosen >= 0}
    for j, bc in enumerate(blocks):
        if bc.has_text or bc.block.references or bc.chosen is None or bc.chosen < 0 or not bc.rows:
            continue
        captions = {rows[i].row.label for i in bc.rows}
        if len(captions) != 1:
            continue
        rc = rows[bc.rows[0]]
        first, end = cat.rank_range(*id_bounds(blocks, [j], cat, textual=True))
        now = rc.label_scores.get(bc.chosen)
        if now is None:
            now = label_score_at(rc.caption, bc.chosen, cat)
        best, pick = now + rc.fit(bc.chosen, cat) + REFIT_MARGIN, None
        for c, sc in rc.label_scores.items():
            if c in shown or not first <= cat.rank[c] < end:
                continue
            v = sc + rc.fit(c, cat)
            if v > best:
                best, pick = v, c
        if pick is not None:
            shown.discard(bc.chosen)
            shown.add(pick)
            bc.chosen = pick


def _empty_cost(bc: BlockChoice, cat: Catalog) -> float:
    """Cost of leaving a block without rows: EDGAR shows a block only for an element of the page,
    and one whose documentation fixes a numeric concept is surely shown by some row (a prose
    block may be a policy the filer titles its own way)."""
    c = bc.chosen
    if (c is not None and c >= 0 and bc.has_text and bc.options.get(c, 0.0) >= SURE_BLOCK
            and cat.concepts[c].kind in _AMOUNT_KINDS):
        return EMPTY_BLOCK_SURE
    return EMPTY_BLOCK


def _place(groups: list[list[int]], rows: list[RowChoice], blocks: list[BlockChoice], choice: list[int],
           own_c: list[int | None]) -> None:
    """Write the assignment into rows and blocks (-1: no block, -2: resolved by caption alone)."""
    for bc in blocks:
        bc.rows = []
    for g, members in enumerate(groups):
        for i in members:
            rows[i].block = choice[g] if choice[g] >= 0 else None
            rows[i].unblocked = choice[g] == -2
            if choice[g] == -2:
                rows[i].concept = own_c[g]
            if choice[g] >= 0:
                blocks[choice[g]].rows.append(i)


def order_textless(blocks: list[BlockChoice], rows: list[RowChoice], cat: Catalog) -> None:
    """Blocks without text or references look alike, so EDGAR's element-id order cannot say which
    of them shows which row. In each run of such blocks holding standard concepts, the concepts
    (with their rows) are handed back in ascending element-id order: each row's block number is
    then the one EDGAR's order implies. The concepts themselves do not change."""
    run: list[int] = []
    for j in range(len(blocks) + 1):
        bc = blocks[j] if j < len(blocks) else None
        if bc is not None and bc.plain and bc.chosen is not None and bc.chosen >= 0:
            run.append(j)
            continue
        if len(run) >= 2:
            held = [(blocks[k].chosen, blocks[k].rows) for k in run]
            ordered = sorted(held, key=lambda h: cat.concepts[cast(int, h[0])].element_id)
            if ordered != held:
                for k, (c, members) in zip(run, ordered):
                    blocks[k].chosen, blocks[k].rows = c, members
                    for i in members:
                        rows[i].block = k
        run = []
