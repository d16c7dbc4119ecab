"""Page -> PageMapping: run the joint assignment, then explain every row.

This is where a row's caption becomes a concept: :func:`resolve_page` calls
:func:`mapper.resolve.assign.assign_page` (the decision) and turns each decision into a
:class:`RowMapping` with its evidence, confidence, SKOS relation and runner-up concepts.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from itertools import islice
from typing import AbstractSet, cast

from .. import __version__
from ..rpage.model import Page, Row
from .assign import EXT, Assignment, BlockChoice, RowChoice, assign_page
from .calc import CalcCheck, calc_checks, rolls_into
from .catalog import REF_KEY_PARTS, Catalog
from .memo import once
from .model import Alternative, Evidence, PageMapping, Relation, RowMapping
from .statements import is_cover_page
from .signals import (best_network, block_ref_keys, caption_text, definition_names, label_candidates, label_score_at,
                      title_topic, type_fit)
from .text import bracket_kind, norm, strip_label_markers, tokens


def resolve_page(page: Page, cat: Catalog, *, use_observed: bool = False,
                 now: str | None = None) -> PageMapping:
    """Resolve every row of ``page`` against the catalog.

    ``use_observed``: trust element names the input shows (EDGAR HTML links). Off by default:
    the bench and the accuracy figures run with it off.
    """
    asg = assign_page(page, cat)
    by_row = {id(rc.row): rc for rc in asg.rows}
    concepts_by_pos: list[int | None] = []
    for r in page.rows:
        rc = by_row.get(id(r))
        concepts_by_pos.append(rc.concept if rc else None)
    checks = calc_checks(list(page.rows), concepts_by_pos, cat)
    member_rows = {pos for pos, row in enumerate(page.rows) if _is_member_row(row, by_row[id(row)], asg, cat)}
    # one member on the page is one member: "A" and "A | B" rows are on A's axis, qualify the line
    # items under all of them, and are judged together
    items_of: dict[str, list[int]] = {}
    tables_of: dict[str, set[int]] = {}
    first_of: dict[str, str] = {}
    for pos in sorted(member_rows):
        key = _member_key(page.rows[pos].label)
        headed = _headed(pos, page)
        items_of.setdefault(key, []).extend(_items_below(headed, page, concepts_by_pos))
        tables_of.setdefault(key, set()).update(_line_items_below(headed, page, concepts_by_pos, cat))
        first_of.setdefault(key, page.rows[pos].label.split(" | ")[0])
    axis_ev = {key: _axis_evidence(first_of[key], cat, items_of[key], page.title, tables_of[key])
               for key in items_of}
    siblings = _sibling_leanings(axis_ev)
    out = []
    for pos, row in enumerate(page.rows):
        if use_observed and row.observed_element:
            m = _observed(row, cat)
            if m is not None:
                out.append(m)
                continue
        rc = by_row[id(row)]
        if rc.unblocked:
            out.append(_unblocked(row, rc, cat))
            continue
        if pos in member_rows:
            # a dimension member heads the rows below it: EDGAR links it as axis=member
            key = _member_key(row.label)
            out.append(_segment_row(row, cat, axis_ev[key], siblings.get(key, {})))
            continue
        out.append(_explain(pos, rc, asg, page, cat, checks, concepts_by_pos))
    return PageMapping(
        page=page, rows=tuple(out), taxonomies=cat.taxonomies, tool_version=__version__,
        generated_at=now or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        warnings=page.warnings,
    )


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


# ------------------------------------------------------------------ explanation

def _alts(cat: Catalog, ranked: list[tuple[int, float]], chosen: int | None) -> tuple[Alternative, ...]:
    return tuple(islice((Alternative(cat.concepts[c].ref(), round(max(min(s, 1.0), 0.0), 4))
                         for c, s in ranked if c != chosen and c != EXT), 5))


def _confidence(score: float, ranked: list[tuple[int, float]], chosen: int | None) -> float:
    others = [s for c, s in ranked if c != chosen]
    runner = max(others, default=0.0)
    margin = max(score - runner, 0.0)
    conf = 0.55 * min(max(score, 0.0), 1.0) + 0.45 * min(margin / 0.3, 1.0)
    return round(min(max(conf, 0.0), 1.0), 3)


def _block_evidence(bc: BlockChoice, c: int, n_blocks: int) -> list[Evidence]:
    ev = []
    e = bc.evidence.get(c, {})
    d = e.get("documentation")
    if d:
        what = "equals" if d >= 1.0 else "nearly matches"
        ev.append(Evidence("documentation", f"definition text {what} the concept's documentation", d))
    r = e.get("reference")
    if r:
        ev.append(Evidence("reference", f"ASC references overlap (Jaccard {r:.2f})", round(r, 4)))
    ev.append(Evidence("structure", f"definition block {bc.block.index + 1} of {n_blocks}, "
                                    "consistent with element-id order", 0.1))
    return ev


def _label_evidence(row: Row, rc: RowChoice, c: int, cat: Catalog) -> Evidence | None:
    s = rc.label_scores.get(c)
    if not s:
        return None
    con = cat.concepts[c]
    cap = norm(caption_text(row.label))
    if rc.caption != row.label:
        read = ("a number of shares" if rc.caption == "shares" else
                f"{'its heading and ' if rc.context else ''}the page's topic {rc.caption!r}")
        return Evidence("label", f"a bare balance caption, read as {read}: "
                                 f"it matches the concept's labels/name ({min(s, 1.0):.2f})", round(min(s, 1.0), 4))
    if s >= 1.0:
        role = next((rl for lab, rl in zip(con.labels_norm, con.label_roles)
                     if lab in (cap, norm(strip_label_markers(row.label)))), "label")
        detail = f"caption equals the concept's {role} label"
    else:
        detail = f"caption words match the concept's labels/name ({s:.2f})"
    return Evidence("label", detail, round(min(s, 1.0), 4))


NETWORK_EVIDENCE = 0.5   # title-to-network affinity worth reporting


def _network_evidence(rc: RowChoice, c: int, cat: Catalog) -> Evidence | None:
    """The presentation network of the concept that the page title names, if it names one well."""
    n = best_network(rc.networks, c, cat)
    if n is None or rc.networks[n] < NETWORK_EVIDENCE:
        return None
    return Evidence("structure", f"the taxonomy presents the concept in {cat.network_titles[n]!r}, "
                                 f"which the page title names ({rc.networks[n]:.2f})", round(rc.networks[n], 4))


def _type_evidence(row: Row, c: int, cat: Catalog, vk: str | None) -> Evidence | None:
    """``vk``: the row's value kind (RowChoice.value_kind)."""
    fit = type_fit(row, cat.concepts[c], vk)
    con = cat.concepts[c]
    if row.kind == "fact" and vk:
        if fit > 0:
            return Evidence("datatype", f"{vk} values fit {con.data_type or 'the type'}", round(fit, 3))
        if fit < 0:
            return Evidence("datatype", f"{vk} values do not fit {con.data_type}", round(fit, 3))
    if row.kind != "fact" and con.abstract:
        return Evidence("structure", "heading row resolved to an abstract concept", 0.15)
    return None


def _calc_evidence(pos: int, checks: list[CalcCheck]) -> tuple[list[Evidence], float]:
    ev, adj = [], 0.0
    for ck in checks:
        if ck.columns_checked == 0:
            continue
        if ck.parent_row == pos or pos in ck.child_rows:
            rel = "total of" if ck.parent_row == pos else "component of the total in row"
            other = (f"rows {', '.join(str(i + 1) for i in ck.child_rows)}" if ck.parent_row == pos
                     else str(ck.parent_row + 1))
            if ck.ok:
                extra = (f", with row(s) {', '.join(str(i + 1) for i in ck.extension_rows)} the filer sums in"
                         if ck.extension_rows else "")
                ev.append(Evidence("values", f"calculation holds: {rel} {other}{extra} "
                                             f"({ck.columns_agreeing}/{ck.columns_checked} columns)", 0.2))
                adj += 0.08
            else:
                ev.append(Evidence("values", f"calculation does not hold: {rel} {other} "
                                             f"({ck.columns_agreeing}/{ck.columns_checked} columns)", -0.2))
                adj -= 0.1
    return ev, adj


def _explain(pos: int, rc: RowChoice, asg: Assignment, page: Page, cat: Catalog,
             checks: list[CalcCheck], concepts_by_pos: list[int | None]) -> RowMapping:
    row = rc.row
    bc = asg.blocks[rc.block] if rc.block is not None else None
    ranked = rc.alternatives
    chosen = rc.concept
    block_index = bc.block.index if bc else None
    evidence: list[Evidence] = []
    score = rc.score

    if chosen == EXT and bc is not None and _has_standard_refs(bc):
        # FASB (or SEC) references but no current concept: an element this taxonomy version lacks,
        # unless the caption is the label of the closest concept (a DEI 2021 flag whose block
        # cites the forms as a later release does): then it is that concept
        best = next(((c, s) for c, s in ranked if c != EXT), None)
        if best is not None and label_score_at(rc.caption, best[0], cat) >= NOT_IN_VERSION_LABEL:
            chosen, score = best
        elif best is not None:
            c, s = best
            evidence.append(Evidence("reference", "block carries FASB references, but no concept of "
                                                  "this taxonomy version has its documentation", 0.3))
            lab = _label_evidence(row, rc, c, cat)
            if lab:
                evidence.append(lab)
            return _not_in_version(row, c, min(0.6, _confidence(s, ranked, c)), evidence, ranked, cat, block_index)

    if chosen is None or chosen == EXT:
        return _extension(pos, row, rc, bc, ranked, page, cat, concepts_by_pos, block_index)

    con = cat.concepts[chosen]
    elsewhere = _other_release(row, rc, bc, chosen, page, cat)
    if elsewhere is not None:
        evidence.append(elsewhere)
        lab = _label_evidence(row, rc, chosen, cat)
        if lab:
            evidence.append(lab)
        return _not_in_version(row, chosen, min(0.5, _confidence(score, ranked, chosen)), evidence, ranked,
                               cat, block_index)
    if bc is not None:
        evidence.extend(_block_evidence(bc, chosen, len(asg.blocks)))
    lab = _label_evidence(row, rc, chosen, cat)
    if lab:
        evidence.append(lab)
    te = _type_evidence(row, chosen, cat, rc.value_kind())
    if te:
        evidence.append(te)
    ne = _network_evidence(rc, chosen, cat)
    if ne:
        evidence.append(ne)
    share = rc.children.get(chosen, 0.0)
    if share:
        evidence.append(Evidence("structure", f"{share:.0%} of the rows below read as concepts the taxonomy "
                                              f"presents under {con.qname} (presentation linkbase)", round(share, 3)))
    if chosen in rc.table_items:
        evidence.append(Evidence("structure", "an item of the standard table whose [Line Items] the page "
                                              "shows (definition linkbase)", 0.05))
    cev, adj = _calc_evidence(pos, checks)
    evidence.extend(cev)
    # another block's concept fitting the row as well makes the row-to-block match uncertain;
    # values that check out against the calculation arcs make it surer
    conf = _confidence(score, ranked, chosen) * min(max(0.65 + rc.row_margin, 0.4), 1.0)
    conf = min(max(conf + adj, 0.0), 1.0)
    doc = bc.evidence.get(chosen, {}).get("documentation", 0.0) if bc else 0.0
    ref = bc.evidence.get(chosen, {}).get("reference", 0.0) if bc else 0.0
    if (bc is not None and bc.block.definition and (con.doc or con.prev_docs) and doc < NOT_IN_VERSION_DOC
            and ref < NOT_IN_VERSION_REF and _has_standard_refs(bc)
            and rc.label_scores.get(chosen, 0.0) < NOT_IN_VERSION_LABEL
            and definition_names(bc.block, chosen, cat) < NOT_IN_VERSION_NAMED):
        # a FASB element whose definition no concept of this version carries, not even in part, and
        # whose caption does not name the concept either, nor the definition's own words
        evidence.append(Evidence("documentation", "block carries FASB references, but neither its definition "
                                                  "nor its references are those of a concept of this taxonomy "
                                                  "version", 0.3))
        return _not_in_version(row, chosen, min(0.5, _confidence(score, ranked, chosen)), evidence, ranked,
                               cat, block_index)
    if bc is not None and bc.block.definition and (con.doc or con.prev_docs) and doc < 0.5:
        # the taxonomy documents this concept, in words the page's definition does not share
        evidence.append(Evidence("documentation", "the page's definition differs from this concept's "
                                                  "documentation (another concept, or another release's wording)", -0.2))
        conf *= 0.8
    relation: Relation = "exact" if (doc >= 0.97 or rc.label_scores.get(chosen, 0.0) >= 1.0 or conf >= 0.8) else "close"
    note = f"deprecated in this taxonomy ({con.deprecated})" if con.deprecated else None
    return RowMapping(row=row, concept=con.ref(), relation=relation, extension=False,
                      confidence=round(conf, 3), evidence=tuple(evidence),
                      alternatives=_alts(cat, ranked, chosen), block_index=block_index, note=note)


def _other_release(row: Row, rc: RowChoice, bc: BlockChoice | None, chosen: int, page: Page,
                   cat: Catalog) -> Evidence | None:
    """Why a row shows an element of a taxonomy (or release) that is not compiled, if it does."""
    if bc is not None and not bc.block.definition and _unknown_sec_refs(bc, cat):
        # a block of SEC references no compiled taxonomy carries (Regulation S-K 408 is the
        # executive compensation taxonomy's, S-K 106 the cybersecurity one's)
        return Evidence("reference", "the block's SEC references are those of no concept of the compiled "
                                     "taxonomies", 0.3)
    if (row.values and is_cover_page(page.title) and label_score_at(rc.caption, chosen, cat) < COVER_NAMED
            and (bc is None or bc.evidence.get(chosen, {}).get("documentation", 0.0) < COVER_NAMED)):
        # a cover page shows dei elements: a row that no dei concept of this release is named by
        # (caption or definition) shows one of another release (the auditor's name, ID and location)
        return Evidence("structure", "a cover page shows the dei taxonomy's elements, and neither the caption "
                                     "nor a definition names one of this release", 0.2)
    return None


COVER_NAMED = 0.6   # label or documentation evidence below which a cover page row is another dei release's
NOT_IN_VERSION_DOC = 0.3   # documentation evidence below which a documented FASB block is another version's
NOT_IN_VERSION_REF = 0.2   # ... and whose references do not confirm that concept (it has none, or others)
NOT_IN_VERSION_LABEL = 0.8  # ... unless the caption is that concept's label ("Goodwill" stays Goodwill)
NOT_IN_VERSION_NAMED = 0.7  # ... or the definition's words name it (its documentation was reworded since)


def _not_in_version(row: Row, c: int, confidence: float, evidence: list[Evidence],
                    ranked: list[tuple[int, float]], cat: Catalog, block_index: int | None) -> RowMapping:
    """A FASB element the compiled taxonomy version lacks: the closest current concept, proposed."""
    return RowMapping(row=row, concept=cat.concepts[c].ref(), relation="close", extension=False,
                      confidence=round(confidence, 3), evidence=tuple(evidence), alternatives=_alts(cat, ranked, c),
                      block_index=block_index, in_taxonomy=False,
                      note="not in this taxonomy version; closest current concept proposed")


def _unknown_sec_refs(bc: BlockChoice, cat: Catalog) -> bool:
    """Whether the block cites only SEC rules (Publisher SEC) at sections no concept of the
    catalog cites."""
    keys = block_ref_keys(bc.block)
    if not keys or any(k[_SECTION_PARTS[0]] != "sec" for k in keys):
        return False
    known = once(cat, "sec_sections", lambda cat: frozenset(_section(k) for c in cat.concepts for k in c.refs))
    return not any(_section(k) in known for k in keys)


_SECTION_PARTS = tuple(REF_KEY_PARTS.index(p) for p in ("Publisher", "Name", "Number", "Section"))


def _section(key: tuple[str, ...]) -> tuple[str, ...]:
    """Publisher, name, number and section of a reference key (see catalog.ref_key)."""
    return tuple(key[i] for i in _SECTION_PARTS)


def _has_standard_refs(bc: BlockChoice) -> bool:
    return any(r.part("Publisher") or r.part("Topic") for r in bc.block.references)


def _extension(pos: int, row: Row, rc: RowChoice, bc: BlockChoice | None, ranked, page: Page,
               cat: Catalog, concepts_by_pos: list[int | None], block_index: int | None) -> RowMapping:
    evidence: list[Evidence] = []
    if bc is not None:
        if bc.block.definition:
            evidence.append(Evidence("documentation", "definition text matches no taxonomy documentation "
                                                      "and the block has no standard references", bc.ext_prior))
        else:
            evidence.append(Evidence("documentation", "block has neither definition nor references", bc.ext_prior))
    anchor = None
    total = rolls_into(list(page.rows), pos, concepts_by_pos, cat)
    if total is not None:
        anchor = total
        evidence.append(Evidence("values", f"values sum into {cat.concepts[total].qname} with the rows "
                                           "around it: proposed as the wider concept", 0.3))
    else:
        want_abstract = row.kind != "fact"
        cands = label_candidates(row.label, cat, limit=5, abstract=want_abstract)
        cands = {c: s for c, s in cands.items() if cat.concepts[c].prefix == "us-gaap"}
        if cands:
            c, s = max(cands.items(), key=lambda kv: kv[1])
            if s >= 0.35:
                anchor = c
                evidence.append(Evidence("label", f"closest us-gaap concept by caption ({s:.2f})", round(s, 4)))
    runner = max((s for c, s in ranked if c != EXT), default=0.0)
    own = dict(ranked).get(EXT, rc.score)
    conf = 0.55 * min(max(own, 0.0), 1.0) + 0.45 * min(max(own - runner, 0.0) / 0.3, 1.0)
    return RowMapping(row=row, concept=None, relation="broad" if anchor is not None else None,
                      extension=True, confidence=round(min(max(conf, 0.0), 1.0), 3),
                      evidence=tuple(evidence), alternatives=_alts(cat, ranked, None),
                      anchor=cat.concepts[anchor].ref() if anchor is not None else None,
                      block_index=block_index,
                      note="company element: no us-gaap/dei/srt concept; anchor is the closest wider one")


def _unblocked(row: Row, rc: RowChoice, cat: Catalog) -> RowMapping:
    """A heading the page gives no definition block: resolved by its caption alone."""
    c = rc.concept
    assert c is not None    # the caller hands over headings that have a concept
    ev = [Evidence("label", f"caption matches the abstract concept's labels/name ({rc.score:.2f})", round(rc.score, 4)),
          Evidence("structure", "heading without a definition block of its own", 0.0)]
    return RowMapping(row=row, concept=cat.concepts[c].ref(), relation="exact" if rc.score >= 1 else "close",
                      extension=False, confidence=_confidence(rc.score, rc.alternatives, c) * 0.8,
                      evidence=tuple(ev), alternatives=_alts(cat, rc.alternatives, c))


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


def _observed(row: Row, cat: Catalog) -> RowMapping | None:
    i = cat.get(row.observed_element or "")
    if i is None:
        return None
    return RowMapping(row=row, concept=cat.concepts[i].ref(), relation="exact", extension=False,
                      confidence=1.0, evidence=(Evidence("observed", f"element {row.observed_element} "
                                                                     "named by the page", 1.0),))


__all__ = ["resolve_page"]
