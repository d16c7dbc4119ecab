"""Joint assignment of a page: definition blocks -> concepts, rows -> blocks.

EDGAR prints one definition block per distinct element, sorted by element id
(``prefix_LocalName``), so the block sequence is a sorted list of the page's concepts. The
assignment uses that in three passes:

1. blocks whose documentation matches the taxonomy are fixed first, jointly: a dynamic programme
   picks one candidate per block (or "company element", or "decide later") so that the chosen
   ids ascend, maximising documentation + reference + best-caption evidence;
2. the blocks left open form segments between fixed blocks; each segment must hold as many
   concepts as it has blocks, all inside the id interval its fixed neighbours leave. Concepts are
   chosen by how much they improve the rows' best match: one Hungarian assignment of caption
   groups to open blocks, then, where a segment's blocks carry text, the element-id ordered pick
   (rows with the same caption and value type count once: they show one element);
3. rows are matched to blocks; every block gets a row (a Hungarian assignment on the regret of
   moving a caption group off its best block), the other rows take their best block, and
   value-less captions on pages with axis=member blocks may be dimension members instead; a
   documented block still empty takes a caption that shares another block, and a block without
   text or references shows the concept its caption names (runs of such blocks then hold their
   concepts in element-id order, as EDGAR would print them).

Before the passes, each row's caption gets candidates (its words, the presentation network the
title names, its heading's abstract, the table its "[Line Items]" names), and rows of one
caption are grouped as one element unless one context shows them with other numbers.

Everything here is a pure function of the page and the catalog.

This module is the orchestration, readable top to bottom in ``assign_page``: the rows read with
the page's features (``_read_rows``), each row's caption candidates, pass 1 (``_fix_documented``:
``_strong_options`` and the ordered pick), the calls to passes 2 and 3, and the explanation of
every row (``_explain``). The steps live in:

    choices.py         RowChoice, BlockChoice, Assignment; a row's fit to a concept, a block's evidence
    candidates.py      every row's caption candidates: its words, the title's network, heading, table
    grouping.py        caption groups: the rows that show one element
    order.py           the element-id order dynamic programme (pass 1, and pass 2's blocks with text)
    pairing.py         a row against a block: a standard concept, the company element, a dimension member
    open_blocks.py     pass 2: open blocks get concepts inside their element-id interval
    rows_to_blocks.py  pass 3: caption groups go to blocks
"""
from __future__ import annotations

import re

import numpy as np

from ..rpage.model import Page
from .calc import total_rows
from .candidates import page_table_items, caption_candidates
from .catalog import Catalog
from .choices import EXT, Assignment, BlockChoice, RowChoice, block_choice, share_fits
from .grouping import group_rows, split_repeats
from .open_blocks import id_bounds, fill_segments
from .order import OPEN, ORDER_PENALTY, ordered_pick
from .pairing import ext_fit, member_score, pair_score, pair_weights, prime, row_fit, caption_support
from .rows_to_blocks import assign_rows, order_textless, refit_textless
from .statements import shows_nci_column
from .signals import caption_text, network_affinity, network_fit_memo, schedule_positions, title_topic
from .text import bracket_kind, tokens

OPEN_SCORE = 0.3
STRONG_DOC = 0.85        # documentation evidence that fixes a block in pass 1 ...
CLEAR_DOC = 0.6          # ... or this much, with a clear margin over the runner-up
CLEAR_MARGIN = 0.15      #     (older releases worded many definitions differently)
RIVAL_MARGIN = 0.05       # ... nor when another concept's text and references together come this close


# ------------------------------------------------------------------ main entry

def assign_page(page: Page, cat: Catalog) -> Assignment:
    """Every definition block of the page gets a concept (or the company's element), every row a
    block (or none: a dimension member, a heading resolved by its caption); see the module's doc."""
    eblocks = list(page.element_blocks())
    has_member_blocks = len(eblocks) < len(page.blocks)
    rows = _read_rows(page, cat)
    blocks = [block_choice(b, cat) for b in eblocks]
    caption_candidates(rows, cat)

    if not blocks:  # rows without definition blocks: captions alone
        _by_caption(rows, cat)
        return Assignment(blocks, rows)

    groups = group_rows(rows)
    if page.columns and all(col.period is not None for col in page.columns):
        groups = split_repeats(groups, rows)
    heads = [rows[g[0]] for g in groups]
    share_fits(heads)   # the rows fit() is asked of

    _fix_documented(blocks, heads, cat)   # pass 1

    # pass 2: open blocks get concepts inside their intervals
    base = np.array([max([row_fit(rc, bc, bc.chosen, cat) for bc in blocks if bc.chosen is not None]
                         + [member_score(rc.row, has_member_blocks), 0.0]) for rc in heads])
    documented_page = any(bc.has_text and bc.block.references for bc in blocks)
    fill_segments(blocks, groups, rows, cat, base, documented_page)

    # pass 3: rows to blocks
    fits = assign_rows(groups, rows, blocks, cat, has_member_blocks, documented_page)
    refit_textless(rows, blocks, cat)
    order_textless(blocks, rows, cat)

    # rows inherit their block's concept; keep ranked alternatives for the explanation (computed
    # once per caption group: its rows show one element)
    for g, members in enumerate(groups):
        _explain(rows[members[0]], blocks, cat, fits[g].tolist())
        head = rows[members[0]]
        for i in members[1:]:
            rc = rows[i]
            rc.concept, rc.score, rc.alternatives, rc.row_margin = (head.concept, head.score, head.alternatives,
                                                                    head.row_margin)
    return Assignment(blocks, rows)


def _fix_documented(blocks: list[BlockChoice], heads: list[RowChoice], cat: Catalog) -> None:
    """Pass 1: the blocks whose documentation matches clearly take their concepts, jointly, in
    element-id order (each concept's support: the caption group that fits it best); the others
    stay open for pass 2."""
    strong = [_strong_options(bc) for bc in blocks]
    pooled = {c for cs in strong for c in cs}
    for rc in heads:
        prime(rc, pooled, cat)
    pass1: list[dict[int, float]] = []
    for bc, cs in zip(blocks, strong):
        opts: dict[int, float] = {OPEN: OPEN_SCORE}
        if bc.has_text:
            opts[EXT] = bc.ext_prior
        for c in cs:
            opts[c] = 0.7 * bc.options[c] + 0.3 * max(caption_support(heads, bc, c, cat), 0.0)
        pass1.append(opts)
    for bc, p in zip(blocks, ordered_pick(cat, pass1)):
        bc.chosen = None if p == OPEN else p


def _by_caption(rows: list[RowChoice], cat: Catalog) -> None:
    """A page without definition blocks: each row takes the concept its caption (and fit) names best."""
    share_fits(rows)
    for rc in rows:
        ranked = sorted(((c, s + rc.fit(c, cat)) for c, s in rc.label_scores.items()),
                        key=lambda kv: -kv[1])
        if ranked and member_score(rc.row, True) < ranked[0][1]:
            rc.concept, rc.score = ranked[0]
        rc.alternatives = ranked[:6]


def _read_rows(page: Page, cat: Catalog) -> list[RowChoice]:
    """A RowChoice per row, with what the page says around it: totals and their summands, a
    schedule's year positions, the page's networks, table items and columns, and the heading each
    value row is read under."""
    rows = [RowChoice(r) for r in page.rows]
    for i, above in total_rows(list(page.rows)).items():
        rows[i].total = True
        rows[i].summands = above
    valued = [i for i, rc in enumerate(rows) if rc.row.values]
    for k, pos in schedule_positions([rows[i].row.label for i in valued]).items():
        rows[valued[k]].position = pos
    topic = title_topic(page.title)
    year = max((col.period.end.year for col in page.columns if col.period is not None), default=None)
    networks = network_affinity(page.title, cat)
    best_network = max(networks.values(), default=0.0)
    network_fits = network_fit_memo(page.title, cat)
    items = page_table_items(page, cat)
    nci_columns = shows_nci_column(page)
    instant_page = bool(page.columns) and all(col.period is not None and col.period.kind == "instant"
                                              for col in page.columns)
    for rc in rows:
        rc.year = year
        rc.instant_page = instant_page
        rc.nci_columns = nci_columns
        rc.networks, rc.networks_best, rc.network_fits = networks, best_network, network_fits
        rc.table_items = items
    heading: tuple[str, ...] = ()
    for rc in rows:   # captions are read under the heading above them
        if rc.row.kind != "fact" or not rc.row.values:
            if bracket_kind(rc.row.label) != "member" and rc.row.kind != "segment":
                heading = tokens(caption_text(rc.row.label))
                if "statement" in heading:
                    heading = ()   # "Statement of Comprehensive Income [Abstract]" heads the whole page
        else:
            rc.context = heading
            rc.topic = tuple(dict.fromkeys(heading + topic))
            if heading and _closes(rc.row.label, heading):
                # "Total current liabilities" ends the "Current liabilities:" section; on a
                # classified balance sheet the rows after it are the noncurrent ones
                heading = (tuple("noncurrent" if w == "current" else w for w in heading)
                           if "current" in heading else ())
    return rows


_TOTAL = re.compile(r"^\s*total\b", re.I)


def _closes(label: str, heading: tuple[str, ...]) -> bool:
    """Whether a row is the total of the section its heading opened (all the heading's words)."""
    return bool(_TOTAL.match(label)) and set(heading) <= set(tokens(caption_text(label)))


def _strong_options(bc: BlockChoice) -> list[int]:
    """The block's concepts whose documentation matches well enough to fix it in pass 1."""
    docs = sorted((e.get("documentation", 0.0) for c, e in bc.evidence.items() if c != EXT), reverse=True)
    runner_up = docs[1] if len(docs) > 1 else 0.0
    scores = sorted((v for c, v in bc.options.items() if c != EXT), reverse=True)
    rival = scores[1] if len(scores) > 1 else 0.0
    out = []
    for c in bc.options:
        d = bc.evidence[c].get("documentation", 0.0) if c != EXT else 0.0
        if c == EXT or d < CLEAR_DOC:
            continue
        if d < STRONG_DOC and d - runner_up < CLEAR_MARGIN:
            continue   # a weaker match counts only when it stands clearly above the next one
        if d < 0.97 and d - runner_up < 0.05:
            continue   # a near match that a sibling matches as well (current/noncurrent twins)
        if d < 0.97 and bc.options[c] - rival < RIVAL_MARGIN:
            continue   # a near match another concept's references (with its text) match as well
        out.append(c)
    return out


def _explain(rc: RowChoice, blocks: list[BlockChoice], cat: Catalog, fits: list[float]) -> None:
    """Set a row's concept from its block, its score, ranked alternatives and row margin.
    ``fits``: the row's row_fit for each block's concept (_fit_matrix)."""
    if rc.block is None:
        if not rc.unblocked:
            rc.concept = None
        ranked = sorted(rc.label_scores.items(), key=lambda kv: -kv[1])
        rc.score = dict(ranked).get(rc.concept, 0.0) if rc.concept is not None else 0.0
        rc.alternatives = ranked[:6]
        return
    bc = blocks[rc.block]
    rc.concept = bc.chosen if bc.chosen is not None else EXT
    first, end = cat.rank_range(*id_bounds(blocks, [rc.block], cat))   # ranks between the neighbours' ids
    opts: dict[int, float] = {}
    pool = set(bc.options) | set(rc.label_scores)
    prime(rc, pool, cat)
    # pair_score for every concept of the pool, inlined (the caption scores are primed above)
    options, ctx, known, rank = bc.options, rc.ctx_scores, rc.fits, cat.rank
    w_blk, w_lab = pair_weights(bc)
    for c in pool:
        if c == EXT:
            sc = ext_fit(rc.row, bc)
        else:
            f = known.get(c)
            sc = w_blk * options.get(c, 0.0) + w_lab * ctx[c] + (f if f is not None else rc.fit(c, cat))
            if not first <= rank[c] < end:
                sc -= ORDER_PENALTY      # would break EDGAR's element-id order of the blocks
        opts[c] = round(sc, 4)
    if rc.concept not in opts:
        opts[rc.concept] = round(pair_score(rc, bc, rc.concept, cat), 4)
    ranked = sorted(opts.items(), key=lambda kv: -kv[1])
    rc.score = opts[rc.concept]
    rc.alternatives = ranked[:6]
    mine = row_fit(rc, bc, rc.concept, cat) if rc.concept is not None else 0.0
    rivals = [fits[j] for j, b2 in enumerate(blocks)
              if b2 is not bc and b2.chosen is not None and b2.chosen != rc.concept]
    rc.row_margin = mine - max(rivals, default=-1.0)


__all__ = ["EXT", "Assignment", "BlockChoice", "RowChoice", "assign_page"]
