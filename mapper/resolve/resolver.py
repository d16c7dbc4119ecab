"""Page -> PageMapping: run the joint assignment, then explain every row.

This is where a row's caption becomes a concept: :func:`resolve_page` calls
:func:`mapper.resolve.assign.assign_page` (the decision) and turns each decision into a
:class:`RowMapping` with its evidence, confidence, SKOS relation and runner-up concepts.
Dimension-member rows get their axis from :mod:`mapper.resolve.members`.
"""
from __future__ import annotations

import datetime as _dt
from itertools import islice

from .. import __version__
from ..rpage.model import Page, Row
from .assign import EXT, Assignment, BlockChoice, RowChoice, assign_page
from .calc import CalcCheck, calc_checks, rolls_into
from .catalog import REF_KEY_PARTS, Catalog
from .members import member_mappings
from .memo import once
from .model import Alternative, Evidence, PageMapping, Relation, RowMapping
from .statements import is_cover_page
from .signals import (best_network, block_ref_keys, caption_text, definition_kind, definition_names, kind_fit,
                      label_candidates, label_score_at, type_fit)
from .text import norm, strip_label_markers


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
    members = member_mappings(page, asg, by_row, concepts_by_pos, cat)   # pos -> its axis
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
        if pos in members:   # a dimension member heads the rows below it: EDGAR links it as axis=member
            out.append(members[pos])
            continue
        out.append(_explain(pos, rc, asg, page, cat, checks, concepts_by_pos))
    return PageMapping(
        page=page, rows=tuple(out), taxonomies=cat.taxonomies, tool_version=__version__,
        generated_at=now or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        warnings=page.warnings,
    )


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
        kind = definition_kind(bc.block.definition) if bc.block.definition and row.values else None
        if kind is not None:
            vk = rc.value_kind()
            fit = kind_fit(vk, kind)
            evidence.append(Evidence("datatype", f"the definition describes {kind} values; the row shows {vk}",
                                     round(fit, 4)))
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


def _observed(row: Row, cat: Catalog) -> RowMapping | None:
    i = cat.get(row.observed_element or "")
    if i is None:
        return None
    return RowMapping(row=row, concept=cat.concepts[i].ref(), relation="exact", extension=False,
                      confidence=1.0, evidence=(Evidence("observed", f"element {row.observed_element} "
                                                                     "named by the page", 1.0),))


__all__ = ["resolve_page"]
