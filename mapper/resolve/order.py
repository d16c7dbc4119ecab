"""EDGAR's element-id order: one option per definition block, chosen so that the ids ascend.

EDGAR prints a page's definition blocks sorted by element id; ``ordered_pick`` is the dynamic
programme that picks one concept (or the company's element, or "decide later") per block with
the best total score, penalising each step against that order.
"""
from __future__ import annotations

from .catalog import Catalog
from .choices import EXT

OPEN = -2                # pass-1 choice "decide later from the rows" (does not constrain order)
ORDER_PENALTY = 0.35     # cost of breaking EDGAR's ascending block order (real pages sometimes do)


def ordered_pick(cat: Catalog, choices: list[dict[int, float]],
                  lo: str = "", hi: str = "\U0010ffff") -> list[int | None]:
    """One option per position maximising total score with ascending element ids.

    Order is soft (ORDER_PENALTY per descent). EXT options must form one contiguous run.
    Returns the chosen option (or None for an empty option list) per position.
    """
    return ordered_pick_scored(cat, choices, lo, hi)[0]


def ordered_pick_scored(cat: Catalog, choices: list[dict[int, float]],
                         lo: str = "", hi: str = "\U0010ffff") -> tuple[list[int | None], float]:
    """ordered_pick, and the total score of its picks (order penalties included)."""
    # state: (last id, ext phase 0 before run / 1 in run / 2 after run) -> (score, back-pointer)
    states: dict[tuple[str, int], tuple[float, tuple[str, int] | None, int | None]] = {(lo, 0): (0.0, None, None)}
    history: list[dict[tuple[str, int], tuple[float, tuple[str, int] | None, int | None]]] = []
    for opts in choices:
        new: dict[tuple[str, int], tuple[float, tuple[str, int] | None, int | None]] = {}
        if not opts:
            for st, (sc, _bp, _c) in states.items():
                if st not in new or new[st][0] < sc:
                    new[st] = (sc, st, None)
            history.append(new)
            states = new
            continue
        # (the id is read for real concepts only: OPEN and EXT are handled before it is)
        with_ids = [(c, s, cat.concepts[c].element_id if c >= 0 else "") for c, s in opts.items()]
        for st, (sc, _bp, _c) in states.items():
            last, phase = st
            for c, s, eid in with_ids:
                if c == OPEN:
                    nst = st
                    tot = sc + s
                elif c == EXT:
                    if phase == 2:
                        continue
                    nst = (last, 1)
                    tot = sc + s
                else:
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
        return [None] * len(choices), float("-inf")
    st = max(states, key=lambda k: states[k][0])
    best = states[st][0]
    picks: list[int | None] = []
    for layer in reversed(history):
        sc, bp, pick = layer[st]
        picks.append(pick)
        assert bp is not None   # every state of a layer points back to one of the layer before
        st = bp
    picks.reverse()
    return picks, best
