"""Every row's caption candidates (``caption_candidates``): the concepts its words name, and
those that come from the page around it rather than from its own words.

The presentation network the page title names (``_in_page_network`` says when to ask it), the
abstract a heading's rows sit under (``_heading_children``, ``_section_candidates``) and the
standard table a "[Line Items]" caption names (``page_table_items``).
"""
from __future__ import annotations

from ..rpage.model import Page
from .catalog import Catalog
from .choices import HEADING_WEIGHT, RowChoice
from .signals import (heading_candidates, label_candidates, label_score_at, label_scores_at, network_candidates,
                      network_fit, schedule_candidates, table_candidates)
from .statements import nci_twins
from .text import bracket_kind

CHILDREN_TOP = 3        # a row's best caption candidates that may show it under a heading's concept
_NOT_SECTION_HEADS = ("table", "axis", "member", "domain")   # bracket kinds that open no section of items
HEADING_NAMED = 1.0   # label score + share of the rows below presented under it: a heading's abstract is clear
TABLE_LABEL = 0.9   # a "[Line Items]" caption names a standard line-items element this well
CONTEXT_CANDIDATES = 6   # candidates a short caption gets from its heading's words with it ...
CONTEXT_NEEDED = 0.9     # ... unless the caption alone names a concept this well


def caption_candidates(rows: list[RowChoice], cat: Catalog) -> None:
    """Every row's caption candidates (abstract concepts only for value-less rows): the caption's
    words, then, where they fall short, the network the page title names, a schedule's year
    concepts, the heading's abstract and the table a "[Line Items]" caption names, an equity
    statement's NCI twins, and a short caption read with its heading's words."""
    if not rows:
        return
    networks, best_network, nci_columns = rows[0].networks, rows[0].networks_best, rows[0].nci_columns
    cache: dict[tuple[str, bool], dict[int, float]] = {}
    in_context: dict[tuple[str, tuple[str, ...]], dict[int, float]] = {}
    for rc in rows:
        key = (rc.caption, rc.row.kind != "fact" or not rc.row.values)
        if key not in cache:
            cache[key] = label_candidates(rc.caption, cat, abstract=key[1])
        rc.label_scores.update(cache[key])
        if networks and not _in_page_network(rc.label_scores, networks, best_network, cat):
            for c, sc in network_candidates(rc.caption, networks, key[1], cat).items():
                rc.label_scores.setdefault(c, sc)
        if rc.position is not None and rc.topic:   # "2027": the schedule's concepts, by the topic
            for c in schedule_candidates(rc.position, " ".join(rc.topic), cat):
                rc.label_scores.setdefault(c, label_score_at(rc.row.label, c, cat))

    _heading_children(rows, cat)
    _section_candidates(rows, cat)
    if nci_columns is not None:   # a statement of equity: the twin of a candidate is a candidate
        twins = nci_twins(cat)
        for rc in rows:
            more = [twins[c] for c in rc.label_scores if c in twins and twins[c] not in rc.label_scores]
            for t, sc in zip(more, label_scores_at(rc.caption, more, cat)):
                rc.label_scores[t] = sc

    for rc in rows:
        if (rc.position is None and rc.context and rc.heading_weight == HEADING_WEIGHT
                and rc.row.kind == "fact" and rc.row.values
                and max(rc.label_scores.values(), default=0.0) < CONTEXT_NEEDED):
            # a short caption ("Domestic", "Interest rate") names its concept with the heading's
            # words ("Loss before income taxes:", "Debt Instrument [Line Items]"): candidates too
            in_ctx = in_context.get((rc.caption, rc.context))
            if in_ctx is None:
                found = [c for c in label_candidates(rc.heading + " " + rc.caption, cat, limit=CONTEXT_CANDIDATES)
                         if c not in rc.label_scores]
                in_ctx = in_context[(rc.caption, rc.context)] = dict(
                    zip(found, label_scores_at(rc.caption, found, cat, rc.context)))
            for c, sc in in_ctx.items():
                rc.label_scores.setdefault(c, sc)



def _in_page_network(scores: dict[int, float], networks: dict[int, float], best: float, cat: Catalog) -> bool:
    """Is the concept a caption names best presented in the network the page title names best?"""
    if not scores:
        return False
    top = max(scores.items(), key=lambda kv: kv[1])[0]
    return network_fit(networks, top, cat) >= best


def _heading_children(rows: list[RowChoice], cat: Catalog) -> None:
    """For each heading row, the share of the rows below it (up to the next heading) whose best
    caption candidates the taxonomy's presentation networks show under each of the heading's
    abstract candidates: "OPERATING ACTIVITIES:" over rows that read as operating cash flow items
    is NetCashProvidedByUsedInOperatingActivitiesAbstract."""
    def section(k: int) -> list[RowChoice]:
        out = []
        for rc in rows[k + 1:]:
            if rc.row.kind != "fact" or not rc.row.values:
                break
            out.append(rc)
        return out

    parents = cat.pres_parents
    for k, rc in enumerate(rows):
        if rc.row.values or rc.row.kind == "segment" or bracket_kind(rc.row.label) in _NOT_SECTION_HEADS:
            continue
        below = section(k)
        heads = [c for c in rc.label_scores if cat.concepts[c].abstract] if below else []
        if not heads:
            continue
        under: dict[int, int] = {}
        for r in below:
            best = sorted(r.label_scores.items(), key=lambda kv: -kv[1])[:CHILDREN_TOP]
            shown: set[int] = set()
            for c, _s in best:
                shown |= parents.get(c, frozenset())
            for h in heads:
                if h in shown:
                    under[h] = under.get(h, 0) + 1
        rc.children = {h: n / len(below) for h, n in under.items()}


def _section_candidates(rows: list[RowChoice], cat: Catalog) -> None:
    """Rows under a heading whose abstract concept is clear (its caption and the rows below agree:
    _heading_children) may show the line items the taxonomy presents under that abstract, and
    rows of a page whose "[Line Items]" caption names a standard table the items of that table:
    the ones a row's caption names best join its candidates, when its best candidate is not one."""
    parent: int | None = None
    for rc in rows:
        if rc.row.kind != "fact" or not rc.row.values:
            if rc.row.kind == "segment" or bracket_kind(rc.row.label) in _NOT_SECTION_HEADS:
                continue
            named = max(((s + rc.children.get(c, 0.0), c) for c, s in rc.label_scores.items()
                         if cat.concepts[c].abstract), default=(0.0, None))
            parent = named[1] if named[0] >= HEADING_NAMED else None
            continue
        if not rc.label_scores:
            continue
        top = max(rc.label_scores.items(), key=lambda kv: kv[1])[0]
        if parent is not None and parent not in cat.pres_parents.get(top, ()):
            for c, sc in heading_candidates(rc.caption, parent, cat).items():
                rc.label_scores.setdefault(c, sc)
        if rc.table_items and top not in rc.table_items:
            for c, sc in table_candidates(rc.caption, rc.table_items, cat).items():
                rc.label_scores.setdefault(c, sc)


def page_table_items(page: Page, cat: Catalog) -> frozenset[int]:
    """The items of the standard tables whose "[Line Items]" element the page's captions name."""
    out: set[int] = set()
    for r in page.rows:
        if bracket_kind(r.label) != "line items":
            continue
        for c, s in label_candidates(r.label, cat, abstract=True).items():
            if s >= TABLE_LABEL and c in cat.table_items:
                out |= cat.table_items[c]
    return frozenset(out)
