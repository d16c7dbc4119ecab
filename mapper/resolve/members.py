"""Dimension-member rows: which rows head others as a member, and which axis each member is on.

EDGAR links a member row as axis=member and prints no block of its own for it. The axis is
judged from the member's caption (the taxonomy's members it resembles, the cues some captions
give), the line items under it (the axes their tables allow, the table whose "[Line Items]" heads
them), the page title, and the leaning of the page's other members.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import islice
from typing import AbstractSet, cast

from ..rpage.model import Page, Row
from .assign import Assignment, RowChoice
from .catalog import Catalog
from .memo import once
from .model import Alternative, Evidence, RowMapping
from .signals import label_candidates, title_topic
from .text import bracket_kind, norm, tokens


def member_mappings(page: Page, asg: Assignment, by_row: dict[int, RowChoice], concepts_by_pos: list[int | None],
                    cat: Catalog) -> dict[int, RowMapping]:
    """The page's dimension-member rows (by position), each mapped to the axis it is on.
    ``by_row``: the assignment's RowChoice by id of its row; ``concepts_by_pos``: each row's concept."""
    member_rows = [pos for pos, row in enumerate(page.rows) if _is_member_row(row, by_row[id(row)], asg, cat)]
    # one member on the page is one member: "A" and "A | B" rows are on A's axis, qualify the line
    # items under all of them, and are judged together
    items_of: dict[str, list[int]] = {}
    tables_of: dict[str, set[int]] = {}
    first_of: dict[str, str] = {}
    key_of = {pos: _member_key(page.rows[pos].label) for pos in member_rows}   # in page order
    for pos, key in key_of.items():
        headed = _headed(pos, page)
        items_of.setdefault(key, []).extend(_items_below(headed, page, concepts_by_pos))
        tables_of.setdefault(key, set()).update(_line_items_below(headed, page, concepts_by_pos, cat))
        first_of.setdefault(key, page.rows[pos].label.split(" | ")[0])
    axis_ev = {key: _axis_evidence(first_of[key], cat, items_of[key], page.title, tables_of[key])
               for key in items_of}
    siblings = _sibling_leanings(axis_ev)
    return {pos: _segment_row(page.rows[pos], cat, axis_ev[key], siblings.get(key, {}))
            for pos, key in key_of.items()}


def _is_member_row(row: Row, rc: RowChoice, asg: Assignment, cat: Catalog) -> bool:
    """A dimension member heading the rows below it: a value-less row without a block of its own
    (not a structural caption), one resolved to a member, or one the page parser read as a member
    row (its rows repeat line items shown under other headings, or "A | B" names it) though a
    definition block was matched to it (members' blocks look like abstracts' and companies')."""
    if rc.unblocked or row.values:
        return False
    return ((rc.block is None and (bool(asg.blocks) or rc.concept is None) and not _structural(row.label))
            or (rc.concept is not None and rc.concept >= 0 and _is_member(cat.concepts[rc.concept]))
            or (row.kind == "segment" and not _structural(row.label)))


def _member_key(label: str) -> str:
    """The member a row is linked to: "A | B" -> A (EDGAR links the row to A's axis)."""
    return norm(label.split(" | ")[0])


def _structural(label: str) -> bool:
    """A "[Line Items]", "[Table]", "[Abstract]" or "[Roll Forward]" caption: never a member."""
    return bracket_kind(label) in ("line items", "table", "abstract", "roll forward")


def _is_member(c) -> bool:
    return c.local_name.endswith(("Member", "Domain"))


def _headed(pos: int, page: Page) -> list[int]:
    """Positions of the rows a member row heads: up to the next member row."""
    out = []
    for k in range(pos + 1, len(page.rows)):
        if page.rows[k].kind == "segment":
            break
        out.append(k)
    return out


def _items_below(headed: list[int], page: Page, concepts: list[int | None]) -> list[int]:
    """Standard concepts of the fact rows a member row heads (``headed``: their positions)."""
    return [c for k in headed if page.rows[k].values and (c := concepts[k]) is not None and c >= 0]


def _line_items_below(headed: list[int], page: Page, concepts: list[int | None], cat: Catalog) -> list[int]:
    """Standard "[Line Items]" elements among the rows a member row heads (EDGAR repeats the
    table's line-items heading under every member)."""
    return [c for k in headed
            if not page.rows[k].values and (c := concepts[k]) is not None and c >= 0 and c in cat.table_items]


TABLE_SUPPORT = 0.6   # weight of "the line items below may be qualified by this axis"
LINE_ITEMS_FACTOR = 3.0   # member evidence for an axis of the standard table whose "[Line Items]" heads
                          # the member's rows: one table's few axes, where a line item's tables allow many
FURTHER_MEMBERS = 0.5  # weight of an axis's second, third ... resembling member
# Captions that say which axis their member is on: (axis, pattern, vote)
_CAPTION_AXES = (
    # places and regions are members of the geographical axis
    ("srt:StatementGeographicalAxis", re.compile(
        r"^(the )?(united states|u\.?s\.?(a\.?)?|canada|mexico|china|japan|germany|united kingdom|u\.?k\.?|france|"
        r"india|taiwan|korea|singapore|israel|ireland|netherlands|switzerland|australia|brazil|hong kong|"
        r"europe|asia|emea|apac|americas|north america|latin america|asia[ -]pacific|rest of (the )?world|"
        r"other (countries|international|foreign|regions?)|international|foreign countries|domestic)\b", re.I), 1.0),
    # "2.00% Convertible Senior Notes due 2024": one issue of debt, a member of the instrument axis
    ("us-gaap:DebtInstrumentAxis", re.compile(
        r"\d(\.\d+)?\s?%.*\b(notes?|debentures?|bonds?)\b|\b(notes?|debentures?|bonds?)\b.*\bdue\b.*\b(19|20)\d\d\b",
        re.I), 0.8),
    # "2019 Equity Incentive Plan": a plan named by the year it was adopted, a member of the plan axis
    ("us-gaap:PlanNameAxis", re.compile(r"^(19|20)\d\d\b.*\bplans?\b", re.I), 0.8),
    # "Initial Public Offering", "May 2019 Public Offering": a sale of the company's own stock, a
    # member of the sale-of-stock axis (not the product axis an offering's wording resembles)
    ("us-gaap:SubsidiarySaleOfStockAxis", re.compile(
        r"\b(public|secondary|underwritten|registered direct|at[- ]the[- ]market) offering\b|\bIPO\b", re.I), 0.8),
    # "Securities Purchase Agreement", "Master Services Agreement": a contract, a member of the
    # arrangement-type axis; a credit or loan agreement is a borrowing (facility, instrument) instead
    ("us-gaap:TypeOfArrangementAxis", re.compile(r"^(?!.*\b(credit|loans?|revolving)\b).*\bagreements?\b", re.I), 0.8),
)
# Cover-page facts about a registered security (EDGAR Filer Manual 6.5.46). A member over these
# alone is one of the filer's registered securities, and cover pages put those, a listed note
# issue too, on the class-of-stock axis (as 6.5.26 does for shares outstanding by class)
_SECURITY_FACTS = frozenset(("dei:Security12bTitle", "dei:Security12gTitle", "dei:TradingSymbol",
                             "dei:NoTradingSymbolFlag", "dei:SecurityExchangeName", "dei:SecurityReportingObligation"))
_REGISTERED_SECURITY_AXIS = "us-gaap:StatementClassOfStockAxis"
_SEGMENT_PAGE = re.compile(r"\bsegments?\b", re.I)   # a page about segments shows segment members ...
SEGMENT_PAGE_VOTE = 0.8   # ... unless the caption names a standard member or its own axis (a place):
                          # as strong as the tables' support for an axis every line item allows


TITLE_AXIS_FACTOR = 1.5   # member evidence for an axis the page title names ("Fair Value of Financial
                          # Instruments": FinancialInstrumentAxis over InvestmentTypeAxis for "Commercial paper")


def _title_names_axis(cat: Catalog, axis: int, topic: frozenset[str]) -> bool:
    """Every content word of the axis's standard label is a word of the page title."""
    con = cat.concepts[axis]
    label = next((lab for lab, role in zip(con.labels_norm, con.label_roles) if role == "standard"), None)
    words = set(tokens(label)) if label else set()
    return bool(words) and words <= topic


def _axis_breadth(cat: Catalog, axis: int) -> float:
    """0.7-1.0: axes whose domains hold many members (award type, class of stock) are the ones
    filers use; a member also listed under a narrow special-purpose axis most likely means the
    broad one."""
    return once(cat, "axis_breadth", _axis_breadths).get(axis, 0.7)


def _axis_breadths(cat: Catalog) -> dict[int, float]:
    size: dict[int, int] = {}
    for axes in cat.member_axes.values():
        for a in axes:
            size[a] = size.get(a, 0) + 1
    top = math.log1p(max(size.values(), default=1))
    return {a: 0.7 + 0.3 * math.log1p(n) / top for a, n in size.items()}


@dataclass
class AxisEvidence:
    """What a member caption and the rows under it say about its axis (see :func:`_axis_evidence`)."""
    score: dict[int, float]              # axis -> weight of evidence
    members: list[tuple[int, float]]     # standard members the caption resembles, best first
    allowed: dict[int, int]              # axis -> line items under the member its tables allow
    n_items: int
    titled: frozenset[int]               # axes the page title names
    tabled: AbstractSet[int]              # the caption's axes the table of the [Line Items] shown under it has
    cued: dict[int, str]                 # axis -> which cue (caption wording, page title) points to it

    def shares(self) -> dict[int, float]:
        total = sum(self.score.values())
        return {a: sc / total for a, sc in self.score.items()} if total else {}


def _axis_evidence(first: str, cat: Catalog, items: list[int], title: str,
                   tables: set[int]) -> AxisEvidence:
    """Evidence for the axis of the member captioned ``first``: standard members the caption names
    or resembles, cues in its wording and the page title, the axes of the standard tables whose
    line-items elements head its rows (``tables``), and the axes the taxonomy's tables allow for
    the line items under the member (``items``: under every row of the page linked to it)."""
    cands = label_candidates(first, cat, limit=30, abstract=True)
    members = [(c, s) for c, s in sorted(cands.items(), key=lambda kv: -kv[1]) if cat.member_axes.get(c)]
    # per axis: its best-resembling member counts fully, further ones a little (many faint
    # resemblances do not outweigh the member the caption names)
    votes: dict[int, list[float]] = {}
    for rank_m, (m, s) in enumerate(members[:8]):
        for k, axis in enumerate(cat.member_axes[m][:3]):
            votes.setdefault(axis, []).append(s / (1 + 0.5 * k) / (1 + 0.3 * rank_m) * _axis_breadth(cat, axis))
    axis_score: dict[int, float] = {a: max(v) + FURTHER_MEMBERS * (sum(v) - max(v)) for a, v in votes.items()}
    # of the axes the resembling members sit on, the one the page title names is the page's
    topic = frozenset(title_topic(title))
    titled = frozenset(a for a in axis_score if _title_names_axis(cat, a, topic))
    for a in titled:
        axis_score[a] *= TITLE_AXIS_FACTOR
    cues = [(q, vote, "the caption's wording") for q, rx, vote in _CAPTION_AXES if rx.search(first)]
    if items and all(cat.concepts[c].qname in _SECURITY_FACTS for c in items):
        cues = [(_REGISTERED_SECURITY_AXIS, vote, "a registered security (cover-page 12(b) facts) named by the caption")
                if q == "us-gaap:DebtInstrumentAxis" else (q, vote, why) for q, vote, why in cues]
    # a segment page's company-named member is a segment; a place on it stays a place
    if _SEGMENT_PAGE.search(title) and not cues and not (members and members[0][1] >= 0.9):
        cues.append(("us-gaap:StatementBusinessSegmentsAxis", SEGMENT_PAGE_VOTE, "the page title (segments)"))
    cued: dict[int, str] = {}
    for qname, vote, why in cues:
        if (axis_c := cat.get(qname)) is not None:
            axis_score[axis_c] = axis_score.get(axis_c, 0.0) + vote
            cued[axis_c] = why
    # of the axes the caption points to, the ones of the table the filer shows under the member
    # ("Segment Reporting Information [Line Items]": the segment axis, not the product axis
    # "Google Services" resembles). Only a factor: filers add axes of their own to standard tables
    # (keys() first: the result is the set it always was, frozenset & keys() falling to
    # keys().__rand__, which mypy, and so a mypyc build, took for a frozenset)
    tabled = axis_score.keys() & frozenset(a for li in tables for a in cat.item_axes.get(li, ()))
    for a in tabled:
        axis_score[a] *= LINE_ITEMS_FACTOR
    allowed: dict[int, int] = {}
    for c in items:
        for axis in cat.item_axes.get(c, ()):
            allowed[axis] = allowed.get(axis, 0) + 1
    n = max(len(items), 1)
    for axis, cnt in allowed.items():
        axis_score[axis] = axis_score.get(axis, 0.0) + TABLE_SUPPORT * cnt / n
    return AxisEvidence(score=axis_score, members=members, allowed=allowed, n_items=len(items),
                        titled=titled, tabled=tabled, cued=cued)


SIBLING_WEIGHT = 1.0   # weight of the other members' mean share of an axis: a page's members
                       # mostly share one axis (the segments, the instruments, the plans ...)


def _sibling_leanings(by_member: dict[str, AxisEvidence]) -> dict[str, dict[int, float]]:
    """Per member of a page: the mean share the page's other members give each axis."""
    shares = {key: ev.shares() for key, ev in by_member.items()}
    total: dict[int, float] = {}
    for sh in shares.values():
        for a, v in sh.items():
            total[a] = total.get(a, 0.0) + v
    n = len(shares) - 1
    out: dict[str, dict[int, float]] = {}
    for key, mine in shares.items():   # the page's total less the member's own share: linear in members
        out[key] = {a: (t - mine.get(a, 0.0)) / n for a, t in total.items() if t - mine.get(a, 0.0) > 1e-12} \
            if n else {}
    return out


def _segment_row(row: Row, cat: Catalog, ev_in: AxisEvidence, siblings: dict[int, float]) -> RowMapping:
    """A dimension-member row. EDGAR links it as axis=member; report the axis (the member is in
    the note). The member's own evidence (``ev_in``) decides, with the page's other members'
    leaning (``siblings``) added to the axes the member's own evidence already proposes."""
    axis_score = dict(ev_in.score)
    for a in axis_score:
        axis_score[a] += SIBLING_WEIGHT * siblings.get(a, 0.0)
    members, allowed, items_n = ev_in.members, ev_in.allowed, ev_in.n_items
    if not axis_score:
        return RowMapping(row=row, concept=None, relation=None, extension=True, confidence=0.2,
                          evidence=(Evidence("label", "no taxonomy member resembles the caption", 0.0),),
                          member=True, note="company dimension member; axis unknown")
    axis = max(axis_score, key=axis_score.__getitem__)
    best_m, best_s = members[0] if members else (None, 0.0)
    total = sum(axis_score.values())
    share = axis_score[axis] / total if total else 0.0
    standard = best_m is not None and best_s >= 0.9 and axis in cat.member_axes[best_m]
    ev = []
    if best_m is not None:
        ev.append(Evidence("label", f"caption {'names' if standard else 'resembles'} member "
                                    f"{cat.concepts[best_m].qname} ({best_s:.2f})", round(best_s, 4)))
    if allowed.get(axis):
        ev.append(Evidence("structure", f"{allowed[axis]} of {items_n} line items under the member's rows may be "
                                        f"qualified by {cat.concepts[axis].qname} in the taxonomy's tables",
                           round(allowed[axis] / items_n, 3)))
    if axis in ev_in.titled:
        ev.append(Evidence("structure", f"the page title names {cat.concepts[axis].qname}", 0.2))
    if axis in ev_in.tabled:
        ev.append(Evidence("structure", f"the standard table whose [Line Items] the member's rows show has "
                                        f"{cat.concepts[axis].qname} (definition linkbase)", 0.2))
    if axis in ev_in.cued:
        ev.append(Evidence("structure", f"{ev_in.cued[axis]} points to {cat.concepts[axis].qname}", 0.2))
    if siblings.get(axis, 0.0) >= 0.05:
        ev.append(Evidence("structure", f"the page's other members lean to {cat.concepts[axis].qname} "
                                        f"(mean share {siblings[axis]:.2f})", round(siblings[axis], 3)))
    ev.append(Evidence("structure", f"{cat.concepts[axis].qname} holds {100 * share:.0f}% of the axis evidence",
                       round(share, 3)))
    alts = tuple(islice((Alternative(cat.concepts[a].ref(), round(sc / total, 4))
                         for a, sc in sorted(axis_score.items(), key=lambda kv: -kv[1]) if a != axis), 5))
    return RowMapping(row=row, concept=cat.concepts[axis].ref(), relation="exact" if standard else "close",
                      extension=False, confidence=round(min(1.0, 0.4 + 0.6 * share) * max(best_s, 0.5), 3),
                      evidence=tuple(ev), alternatives=alts, member=True,
                      note=(f"dimension member {cat.concepts[cast(int, best_m)].qname}" if standard
                            else "company dimension member; axis inferred from similar members and the tables"))


__all__ = ["member_mappings"]
