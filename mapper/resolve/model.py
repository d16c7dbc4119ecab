"""What the resolver says about a page: one :class:`RowMapping` per row, with its evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..naming import QNamed
from ..rpage.model import Page, Row

Relation = Literal["exact", "close", "broad", "narrow"]
Signal = Literal["documentation", "reference", "label", "name", "structure", "values",
                 "period", "datatype", "balance", "observed"]

SKOS_PREDICATES = {
    "exact": "http://www.w3.org/2004/02/skos/core#exactMatch",
    "close": "http://www.w3.org/2004/02/skos/core#closeMatch",
    "broad": "http://www.w3.org/2004/02/skos/core#broadMatch",
    "narrow": "http://www.w3.org/2004/02/skos/core#narrowMatch",
}


@dataclass(frozen=True)
class ConceptRef(QNamed):
    prefix: str
    local_name: str
    namespace: str
    label: str | None = None         # the taxonomy's standard label, when known


@dataclass(frozen=True)
class Evidence:
    signal: Signal
    detail: str                      # human-readable: what matched, how
    score: float                     # contribution in [-1, 1]; negative = evidence against


@dataclass(frozen=True)
class Alternative:
    concept: ConceptRef
    score: float


@dataclass(frozen=True)
class RowMapping:
    row: Row
    concept: ConceptRef | None       # chosen concept; for an extension: None (see anchor)
    relation: Relation | None        # SKOS relation of the row to `concept` (or to `anchor`)
    extension: bool                  # the row's element is the company's own
    confidence: float                # in [0, 1]
    evidence: tuple[Evidence, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    anchor: ConceptRef | None = None # extension: closest wider us-gaap concept (row broadMatch anchor)
    block_index: int | None = None   # definition block assigned to this row
    in_taxonomy: bool = True         # False: the page's element is not in this taxonomy version
    member: bool = False             # segment row (dimension member heading)
    note: str | None = None          # e.g. "not in this taxonomy version; closest current concept"


@dataclass(frozen=True)
class TaxonomyUse:
    name: str                        # "us-gaap-2024"
    version: str
    namespaces: tuple[str, ...]
    checksum: str


@dataclass(frozen=True)
class PageMapping:
    page: Page
    rows: tuple[RowMapping, ...]
    taxonomies: tuple[TaxonomyUse, ...] = ()
    tool_version: str = ""
    generated_at: str = ""           # ISO timestamp of the mapping run
    warnings: tuple[str, ...] = field(default=())
