"""Typed records of a compiled taxonomy index (what ``mapper.taxonomy.open`` returns)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..naming import HasParts, QNamed

RelKind = Literal["calculation", "presentation", "definition"]

# Label roles (XBRL 2.1 / LRR) that the resolver and exporters know by short name.
LABEL_ROLES = {
    "http://www.xbrl.org/2003/role/label": "standard",
    "http://www.xbrl.org/2003/role/terseLabel": "terse",
    "http://www.xbrl.org/2003/role/verboseLabel": "verbose",
    "http://www.xbrl.org/2003/role/totalLabel": "total",
    "http://www.xbrl.org/2003/role/periodStartLabel": "periodStart",
    "http://www.xbrl.org/2003/role/periodEndLabel": "periodEnd",
    "http://www.xbrl.org/2009/role/negatedLabel": "negated",
    "http://www.xbrl.org/2009/role/negatedTotalLabel": "negatedTotal",
    "http://www.xbrl.org/2009/role/negatedTerseLabel": "negatedTerse",
    "http://www.xbrl.org/2009/role/negatedPeriodStartLabel": "negatedPeriodStart",
    "http://www.xbrl.org/2009/role/negatedPeriodEndLabel": "negatedPeriodEnd",
    "http://www.xbrl.org/2003/role/documentation": "documentation",
    "http://www.xbrl.org/2009/role/deprecatedLabel": "deprecated",
    "http://www.xbrl.org/2009/role/deprecatedDateLabel": "deprecatedDate",
}
DOCUMENTATION_ROLE = "http://www.xbrl.org/2003/role/documentation"
STANDARD_LABEL_ROLE = "http://www.xbrl.org/2003/role/label"


@dataclass(frozen=True)
class Label:
    role: str            # full role URI
    lang: str
    text: str


@dataclass(frozen=True)
class TaxReference(HasParts):
    role: str | None     # full role URI (disclosureRef, commonPracticeRef, legacyRef, ...)
    parts: tuple[tuple[str, str], ...]   # (local part name, value) in document order


@dataclass(frozen=True)
class Concept(QNamed):
    prefix: str                      # "us-gaap"
    local_name: str                  # "DeferredTaxAssetsGross"
    namespace: str                   # "http://fasb.org/us-gaap/2024"
    data_type: str | None = None     # "xbrli:monetaryItemType" (prefixed QName of the type)
    substitution_group: str | None = None   # "xbrli:item", "xbrldt:dimensionItem", ...
    abstract: bool = False
    balance: str | None = None       # "debit" | "credit" | None
    period_type: str | None = None   # "instant" | "duration" | None (unknown)
    deprecated: str | None = None    # deprecation date (ISO) when the package deprecates it
    labels: tuple[Label, ...] = ()   # every label except documentation
    documentation: str | None = None
    references: tuple[TaxReference, ...] = ()

    def label(self, role: str = STANDARD_LABEL_ROLE, lang: str = "en-US") -> str | None:
        fallback = None
        for lab in self.labels:
            if lab.role == role:
                if lab.lang == lang:
                    return lab.text
                fallback = fallback or lab.text
        return fallback


@dataclass(frozen=True)
class Relationship:
    kind: RelKind
    arcrole: str
    source: str                      # qname "us-gaap:DeferredTaxAssetsGross"
    target: str                      # qname
    link_role: str
    order: float | None = None
    weight: float | None = None      # calculation only
    preferred_label: str | None = None   # presentation only


@dataclass(frozen=True)
class TaxonomyInfo:
    name: str                        # cache key, e.g. "us-gaap-2024"
    prefix: str                      # "us-gaap"
    version: str                     # "2024"
    namespaces: tuple[str, ...]      # the namespaces whose concepts this index defines
    entry_point: str
    source: str                      # path/URL the package came from
    checksum: str                    # sha256 of the source package
    built_at: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)   # problem code -> count
