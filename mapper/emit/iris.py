"""Stable IRIs of everything xbrl-mapper publishes (pure functions, no state).

Every IRI is derived from the input's sha256 (``Page.checksum``) and row/value positions, so
mapping the same input twice yields the same IRIs. Periods, the software agent and taxonomy
versions get document-independent IRIs, shared between documents.
"""
from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from ..rpage.model import Period

VOCAB = "https://w3id.org/xbrl-mapper/vocab#"
ID_BASE = "https://w3id.org/xbrl-mapper/id/"


def _seg(text: str) -> str:
    """One IRI path segment, percent-encoding anything that is not unreserved."""
    return quote(text, safe="-._~")


@lru_cache(maxsize=1024)
def doc_iri(checksum: str) -> str:
    """The document, and also its named graph in nq/trig."""
    return f"{ID_BASE}doc/{_seg(checksum)}"


def line_iri(checksum: str, row_index: int) -> str:
    return f"{doc_iri(checksum)}/line/{row_index}"


def mapping_iri(checksum: str, row_index: int) -> str:
    return f"{doc_iri(checksum)}/mapping/{row_index}"


def evidence_iri(checksum: str, row_index: int, k: int) -> str:
    return f"{mapping_iri(checksum, row_index)}/evidence/{k}"


def alternative_iri(checksum: str, row_index: int, rank: int) -> str:
    return f"{mapping_iri(checksum, row_index)}/alternative/{rank}"


def fact_iri(checksum: str, row_index: int, value_index: int) -> str:
    return f"{doc_iri(checksum)}/fact/{row_index}/{value_index}"


def activity_iri(checksum: str) -> str:
    """The mapping run that produced a document's graph (one per document: re-mapping replaces it)."""
    return f"{doc_iri(checksum)}/activity"


def instant_iri(day: date) -> str:
    return f"{ID_BASE}period/{day.isoformat()}"


def period_iri(period: Period) -> str:
    """``/period/<date>`` for an instant, ``/period/<start>_<end>`` for a duration (display dates)."""
    if period.kind == "duration" and period.start is not None:
        return f"{ID_BASE}period/{period.start.isoformat()}_{period.end.isoformat()}"
    return instant_iri(period.end)


def agent_iri(version: str) -> str:
    return f"{ID_BASE}agent/xbrl-mapper/{_seg(version or 'unknown')}"


def taxonomy_iri(name: str) -> str:
    """A compiled taxonomy version by its cache name, e.g. ``us-gaap-2024``."""
    return f"{ID_BASE}taxonomy/{_seg(name)}"


def mapping_set_iri(checksums: list[str] | tuple[str, ...]) -> str:
    """An SSSOM mapping set: one document -> its IRI based id; several -> a digest of all."""
    if len(checksums) == 1:
        return f"{doc_iri(checksums[0])}/mappings"
    digest = hashlib.sha256("\n".join(checksums).encode()).hexdigest()
    return f"{ID_BASE}mappingset/{digest}"


def line_prefix(checksum: str) -> str:
    """A short, stable CURIE prefix for one document's line items (``line_<12 hex>``)."""
    return "line_" + "".join(ch for ch in checksum if ch.isalnum())[:12]


def line_namespace(checksum: str) -> str:
    """What :func:`line_prefix` expands to: ``<doc IRI>/line/``."""
    return f"{doc_iri(checksum)}/line/"


def doc_prefixes(checksum: str) -> dict[str, str]:
    """Turtle/TriG prefixes for one document: ``line_``, ``mapping_`` and ``fact_`` + 12 hex."""
    tail = line_prefix(checksum)[len("line_"):]
    doc = doc_iri(checksum)
    return {f"line_{tail}": f"{doc}/line/", f"mapping_{tail}": f"{doc}/mapping/",
            f"fact_{tail}": f"{doc}/fact/"}


PERIOD_NAMESPACE = f"{ID_BASE}period/"
DOC_NAMESPACE = f"{ID_BASE}doc/"
