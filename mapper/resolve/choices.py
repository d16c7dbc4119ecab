"""The choice records of a page's assignment and the scores each one has on its own.

A ``RowChoice`` is one row with its caption candidates and page features, and knows how well it
fits a concept whatever block shows it (value type, heading, networks, period, totals); a
``BlockChoice`` is one definition block with the concepts its documentation and references point
to (``block_choice``). ``Assignment`` is what assign_page returns. Rows alike in everything
``RowChoice.fit`` reads share one memo of its values (``share_fits``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..rpage.model import DefinitionBlock, Row
from .catalog import Catalog
from .statements import CLASS_WORDS, classified_section, includes_nci, nci_twins, section_misfit
from .signals import (bare_balance_caption, block_ref_keys, caption_text, doc_scores, is_balance_caption,
                      label_score_at, network_fit, position_fit, ref_score, ref_scores, row_types, row_value_kind,
                      type_fit_of)
from .text import bracket_kind, tokens

EXT = -1                 # pseudo-concept: the company's own element

HEADING_WEIGHT = 0.3     # a short caption's heading, as evidence for the row's concept
HEADING_WEIGHT_LONG = 0.1   # ... and a caption that names the concept itself
HEADING_BASE = 0.1       # heading similarity an unrelated concept gets anyway
NETWORK_WEIGHT = 0.15    # per unit of title-to-network affinity a concept's networks fall short of the best
TABLE_WEIGHT = 0.05      # a line item outside the standard table(s) the page's "[Line Items]" rows name
INSTANT_PAGE_PENALTY = 0.5   # a duration concept on a page whose columns are all instants
STRUCTURAL_OWN = ("line items", "table")
STRUCT_EXACT = 0.8       # a standard [Table]/[Line Items] concept shows (nearly) its own label ...
STRUCT_PENALTY = 1.0     # ... and loses this much per unit of label score it falls short
NCI_FIT = 0.2                 # equity statement: concept including (or not) the NCI portion, as the columns say
ROLL_BALANCE = 0.05           # an opening/closing balance row and a concept presented as one
DEPRECATED_AFTER = 0.3       # an element deprecated in a release before the page's year
DEPRECATED_SAME_YEAR = 0.1   # ... or in the release of that year
TOTAL_SUMS = 0.2        # a total row and a concept with calculation children ...
TOTAL_SUMS_NOT = 0.05   # ... or without (filers sum catch-alls such as OtherLiabilitiesNoncurrent)
UNCLASSIFIED_IN_SECTION = 0.15   # a ...CurrentAndNoncurrent concept under a "current" heading
_SHARES = re.compile(r"\bshares?\b", re.I)
CHILDREN_WEIGHT = 0.15  # per share of the rows under a heading the taxonomy presents under its concept


@dataclass
class BlockChoice:
    block: DefinitionBlock
    options: dict[int, float]                 # concept (or EXT) -> block evidence score
    evidence: dict[int, dict[str, float]]     # concept -> {"documentation": s, "reference": s}
    chosen: int | None = None
    has_text: bool = False
    ext_prior: float = 0.0
    rows: list[int] = field(default_factory=list)
    capdef: dict = field(default_factory=dict)     # memo: caption -> share of words in the definition
    extfit: dict = field(default_factory=dict)     # memo: (caption, heading?, value kind) -> ext_fit

    @property
    def plain(self) -> bool:
        """No text, no references and no concept of its own: alike every other such block."""
        return not self.has_text and not self.block.references and all(c == EXT for c in self.options)


@dataclass
class RowChoice:
    row: Row
    block: int | None = None                  # index into the element-block list
    concept: int | None = None                # EXT for a company element
    score: float = 0.0
    label_scores: dict[int, float] = field(default_factory=dict)
    alternatives: list[tuple[int, float]] = field(default_factory=list)
    fits: dict[int, float] = field(default_factory=dict)   # memo of fit per concept (see share_fits)
    ctx_scores: dict[int, float] = field(default_factory=dict)  # memo of caption-in-context scores
    cfits: dict[int, float] = field(default_factory=dict)  # memo of caption_fit per concept
    head_scores: dict[int, float] = field(default_factory=dict)  # the heading's label scores, as prime got them
    total: bool = False                       # the row is a total (caption or values say so)
    unblocked: bool = False                   # a heading resolved by its caption, without a block
    row_margin: float = 1.0                   # its block's concept fits it this much better than any other block's
    summands: tuple[int, ...] = ()            # the rows a total sums
    context: tuple[str, ...] = ()             # words of the heading the row sits under
    topic: tuple[str, ...] = ()               # ... and of the page title

    vk: str | None = "?"                      # the row's value kind, computed once
    position: int | None = None               # place in a maturity schedule ("2026" -> year two)
    structural: bool | None = None            # "[Line Items]" / "[Table]" caption (computed once)
    year: int | None = None                   # latest period end year the page reports
    instant_page: bool = False                # every column of the page is an instant ("Dec. 31, 2023")
    nci_columns: bool | None = None           # the page's component columns show a noncontrolling interest
                                              # (None: no component columns)
    networks: dict[int, float] = field(default_factory=dict)   # presentation network -> affinity to the page title
    networks_best: float = 0.0                # the highest of them
    network_fits: dict[int, float] = field(default_factory=dict)  # memo of network_fit (network_fit_memo)
    table_items: frozenset[int] = frozenset()  # items of the standard tables the page's "[Line Items]" rows name
    children: dict[int, float] = field(default_factory=dict)  # heading: abstract -> share of its rows presented under it

    @cached_property
    def heading(self) -> str:
        """What the row is read under, as a caption: the heading above it (the page title, for a
        schedule's year rows without a heading)."""
        return " ".join(self.context or (self.topic if self.position is not None else ()))

    @cached_property
    def caption(self) -> str:
        """The text the row's concept is looked up by: its label, except for a bare balance
        caption ("Balance at Dec. 31, 2022", "Beginning balance"), which names nothing itself:
        then the heading above it and the page title's topic ("Stockholders' Equity", "Changes in
        Carrying Amounts of Goodwill") say what the balance is of. A share count's bare balance
        ("Balance, shares at Dec. 31, 2022") is a number of shares, of no class or award named."""
        shares = self.value_kind() == "shares"
        if shares and bare_balance_caption(_SHARES.sub("", self.row.label)):
            return "shares"
        if self.topic and not shares and bare_balance_caption(self.row.label):
            return " ".join(self.topic)
        return self.row.label

    def value_kind(self) -> str | None:
        """The row's value kind (signals.row_value_kind), read once."""
        if self.vk == "?":
            self.vk = row_value_kind(self.row)
        return self.vk

    @cached_property
    def unclassed(self) -> bool:
        """The caption says nothing of current or noncurrent ("Inventories", not "Long-term debt")."""
        return CLASS_WORDS.isdisjoint(tokens(caption_text(self.row.label)))

    @cached_property
    def edge(self) -> bool:
        """A roll-forward's opening or closing row ("Beginning balance", "Balance at Dec. 31, 2022")."""
        return is_balance_caption(self.row.label)

    @cached_property
    def heading_weight(self) -> float:
        """Weight of the heading's evidence: more for a short caption that says little itself."""
        short = self.position is not None or len(tokens(caption_text(self.row.label))) < 3
        return HEADING_WEIGHT if short else HEADING_WEIGHT_LONG

    def caption_fit(self, c: int, cat: Catalog) -> float:
        """The row's caption (in context) and values against concept c, whatever the block."""
        f = self.cfits.get(c)
        if f is None:
            lab = self.ctx_scores.get(c)   # _lab and fit, inlined
            if lab is None:
                lab = self.ctx_scores[c] = label_score_at(self.caption, c, cat, self.context)
            fit = self.fits.get(c)
            if fit is None:
                fit = self.fits[c] = self._fit(c, cat)
            f = self.cfits[c] = 0.85 * lab + fit
        return f

    def fit(self, c: int, cat: Catalog) -> float:
        f = self.fits.get(c)
        if f is None:
            f = self.fits[c] = self._fit(c, cat)
        return f

    @cached_property
    def _fitting(self) -> tuple:
        """What fit reads of the row and its page, read once on its first call (the page's
        features are set by then; they do not change afterwards)."""
        if self.structural is None:
            self.structural = bracket_kind(self.row.label) in STRUCTURAL_OWN
        valued = bool(self.row.values)
        return (row_types(self.row, self.value_kind()), self.position, self.instant_page and valued,
                self.year, self.structural, self.heading, self.heading_weight if self.heading else 0.0,
                self.networks, self.networks_best, self.network_fits, self.children, self.table_items,
                "current" in self.context, bool(self.context) and self.unclassed and classified_section(self.context),
                self.nci_columns is not None and valued, self.edge, self.total)

    def _fit(self, c: int, cat: Catalog) -> float:
        """fit, computed."""
        (types, position, instant, year, structural, heading, heading_weight, networks, networks_best,
         network_fits, children, table_items, current, sectioned, nci, edge, total) = self._fitting
        con = cat.concepts[c]
        f = type_fit_of(types, con) + position_fit(position, con)
        if instant and con.period_type == "duration" and not con.abstract:
            f -= INSTANT_PAGE_PENALTY   # a page whose every column is an instant has no duration facts
        if con.deprecated and year and con.deprecated.isdigit():
            # a filing made after an element was deprecated does not use it
            late = year - int(con.deprecated)
            f -= DEPRECATED_AFTER if late > 0 else (DEPRECATED_SAME_YEAR if late == 0 else 0.0)
        if structural:
            # filers name their own tables and line items; a standard one carries its label
            lab = label_score_at(self.row.label, c, cat)
            f -= STRUCT_PENALTY * max(0.0, STRUCT_EXACT - lab)
        if heading:
            # "2027", "Current", "Basic": the heading above says what the row is of
            h = self.head_scores.get(c)
            if h is None:
                h = label_score_at(heading, c, cat)
            f += heading_weight * (h - HEADING_BASE)
        if networks:
            # the page title names a presentation network of the taxonomy ("Statement of
            # Shareholders' Equity"): a concept the taxonomy presents elsewhere only is less likely
            nf = network_fits.get(c)
            if nf is None:
                nf = network_fits[c] = network_fit(networks, c, cat)
            f -= NETWORK_WEIGHT * (networks_best - nf)
        if children and con.abstract:
            f += CHILDREN_WEIGHT * children.get(c, 0.0)
        if table_items and not con.abstract and c not in table_items:
            f -= TABLE_WEIGHT   # not an item of the standard table the page's "[Line Items]" names
        if current and con.local_name.endswith("CurrentAndNoncurrent"):
            f -= UNCLASSIFIED_IN_SECTION   # a "Current liabilities:" section is classified
        if sectioned:
            f -= section_misfit(self.context, con.local_name, cat)
        if nci and c in nci_twins(cat):
            # a statement of equity totals the noncontrolling interest's column in when it shows one
            f += NCI_FIT if includes_nci(con) == self.nci_columns else -NCI_FIT
        if edge and c in cat.roll_balances:
            f += ROLL_BALANCE   # the taxonomy shows the concept as a roll-forward's balance
        if total:   # a total shows a concept that sums others in the calculation linkbase
            f += TOTAL_SUMS if c in cat.calc_children else -TOTAL_SUMS_NOT
        return f


@dataclass
class Assignment:
    blocks: list[BlockChoice]
    rows: list[RowChoice]


def block_choice(block: DefinitionBlock, cat: Catalog) -> BlockChoice:
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
        # (verbatim, or an earlier release's wording: 0.97); a near match is a filer's paraphrase
        # ("... payable for purchases" after FASB's "... payable for employees' services")
        ext_prior = 0.85 if best_doc < 0.5 else (0.4 if best_doc < 0.97 else 0.05)
    elif has_text:
        ext_prior = 0.15 if best_doc < 0.5 else 0.02
    elif has_refs:
        ext_prior = 0.05
    else:
        ext_prior = 0.25
    options[EXT] = ext_prior
    evidence[EXT] = {}
    return BlockChoice(block, options, evidence, has_text=has_text, ext_prior=ext_prior)


def share_fits(rows: list[RowChoice]) -> None:
    """Rows of a page alike in everything RowChoice.fit reads share one memo of its values."""
    memos: dict[tuple, dict[int, float]] = {}
    for rc in rows:
        rc.fits = memos.setdefault(_fit_key(rc), {})


def _fit_key(rc: RowChoice) -> tuple:
    """What RowChoice.fit reads of a row (the page's year, columns, networks and tables are the
    same for every row): its kind, value kind and signs, caption cues, position, heading, total.
    Whatever of the row fit (RowChoice._fitting) or type_fit (signals.row_types) starts reading must
    join this key (a test checks a sample)."""
    r = rc.row
    numbers = [v.negative for v in r.values if v.number is not None]
    structural = bracket_kind(r.label) in STRUCTURAL_OWN
    return (r.kind == "fact", bool(r.values), bracket_kind(r.label), is_balance_caption(r.label), rc.value_kind(),
            bool(numbers) and all(numbers), rc.position, r.label if structural else None, rc.heading,
            rc.heading_weight if rc.heading else None, rc.total, rc.context, bool(rc.context) and rc.unclassed,
            tuple(sorted(rc.children.items())) if rc.children else ())
