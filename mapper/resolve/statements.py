"""What a financial statement's layout says about the concepts its rows can show.

Facts of the statements themselves, independent of any one caption:

- a classified balance sheet's sections ("Current assets:", and the rows after "Total current
  liabilities") hold concepts of their class: ``section_misfit`` says how badly a concept's name
  fits a section;
- a statement of equity whose component columns show a noncontrolling interest totals that
  interest in: its balances and net income are the concepts "including the portion attributable
  to the noncontrolling interest" (``ProfitLoss``), otherwise the parent's (``NetIncomeLoss``).
  ``shows_nci_column`` reads the columns, ``nci_twins`` pairs the concepts by their labels;
- a filing's cover page shows the SEC's cover elements, the dei taxonomy's (and the classes of
  stock it lists as members): ``is_cover_page`` reads the title.
"""
from __future__ import annotations

import re

from ..rpage.model import Page
from .catalog import Catalog, CatalogConcept
from .memo import once

SECTION_OTHER = 0.15    # a ...Noncurrent concept in a "current" section (and the reverse)
SECTION_PLAIN = 0.05    # a concept that has a ...Current (...Noncurrent) variant, in such a section
CLASS_WORDS = frozenset(("current", "noncurrent", "long", "short"))   # a caption that states its class
_SECTION_NOUNS = frozenset(("asset", "liability"))


def classified_section(context: tuple[str, ...]) -> bool:
    """Whether a heading's words open a classified balance sheet section ("Current assets:"), in
    which section_misfit may count against a concept."""
    if len(context) > 3 or _SECTION_NOUNS.isdisjoint(context):
        return False   # "Long-term debt maturities ..." is a subject, not a balance sheet section
    return "current" in context or "noncurrent" in context


def section_misfit(context: tuple[str, ...], name: str, cat: Catalog) -> float:
    """How badly a concept (by its local name) fits the classified section its row sits in
    (``context``: the heading's words): one of the other class loses more than an unclassified
    one whose classified variant the taxonomy has. Inventories under "Current assets:" are
    InventoryNet, not InventoryNoncurrent; marketable securities there are
    MarketableSecuritiesCurrent. A ...CurrentAndNoncurrent concept is left to the resolver's
    own rule for unclassified concepts."""
    if not classified_section(context) or name.endswith("CurrentAndNoncurrent"):
        return 0.0
    mine, theirs = ("Current", "Noncurrent") if "current" in context else ("Noncurrent", "Current")
    if name.endswith(theirs) and not (theirs == "Current" and name.endswith("Noncurrent")):
        return SECTION_OTHER
    if not name.endswith(("Current", "Noncurrent")) and (name + mine) in cat.by_local:
        return SECTION_PLAIN
    return 0.0


_NCI_WORDS = re.compile(r"non-?controlling|minority", re.I)
_INCL_NCI = " including portion attributable to noncontrolling interest"
_PARENT = " attributable to parent"


def shows_nci_column(page: Page) -> bool | None:
    """Whether a page with component columns (a statement of equity: "Total", "Common Stock",
    ..., not dates) shows a noncontrolling interest among them; None without such columns."""
    parts = [col.header for col in page.columns if col.period is None and col.header]
    if len(parts) < 2:
        return None
    return any(_NCI_WORDS.search(h) for h in parts)


def includes_nci(c: CatalogConcept) -> bool:
    """The concept's standard label says it includes the noncontrolling interest's portion."""
    return bool(c.labels_norm) and c.labels_norm[0].endswith(_INCL_NCI)


def nci_twins(cat: Catalog) -> dict[int, int]:
    """Concepts that include the noncontrolling interest's portion and their parent-only twins,
    both ways, paired by their standard labels ("Net Income (Loss), Including Portion Attributable
    to Noncontrolling Interest" = ProfitLoss, "Net Income (Loss) Attributable to Parent" =
    NetIncomeLoss; "Equity, Including Portion ..." and "Equity Attributable to Parent")."""
    def build(cat: Catalog) -> dict[int, int]:
        incl: dict[str, int] = {}
        parent: dict[str, int] = {}
        for i, c in enumerate(cat.concepts):
            if c.abstract or not c.labels_norm:
                continue
            lab = c.labels_norm[0]
            if lab.endswith(_INCL_NCI):
                incl.setdefault(lab[: -len(_INCL_NCI)], i)
            elif lab.endswith(_PARENT):
                parent.setdefault(lab[: -len(_PARENT)], i)
        out: dict[int, int] = {}
        for stem, i in incl.items():
            j = parent.get(stem)
            if j is not None:
                out[i] = j
                out[j] = i
        return out
    return once(cat, "nci_twins", build)


_COVER_TITLE = re.compile(r"\bcover\b|\bdocument and entity information\b", re.I)


def is_cover_page(title: str) -> bool:
    """The filing's cover page ("Cover - shares", "Document and Entity Information")."""
    return bool(_COVER_TITLE.search(title))


__all__ = ["CLASS_WORDS", "SECTION_OTHER", "SECTION_PLAIN", "classified_section", "includes_nci", "is_cover_page",
           "nci_twins", "section_misfit", "shows_nci_column"]
