"""N-Triples term encoding: IRIs and literals as the exact strings N-Triples/N-Quads need.

Building statements as strings is about three times faster than building pyoxigraph or rdflib
term objects (see benchmarks/bench_emit.py); every other RDF syntax is produced from these
N-Quads by pyoxigraph's parser and serialiser, which re-validate every term.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

XSD = "http://www.w3.org/2001/XMLSchema#"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> str:
    """``<value>``; characters IRIs cannot hold are percent-encoded."""
    if _IRI_BAD.search(value):
        value = _IRI_BAD.sub(lambda m: quote(m.group(0), safe=""), value)
    return f"<{value}>"


def own(value: str) -> str:
    """``<value>`` for IRIs minted by :mod:`.iris` (safe by construction: no check)."""
    return f"<{value}>"


def string(text: str) -> str:
    """A plain (xsd:string) literal."""
    return f'"{text.translate(_ESCAPES)}"'


def typed(lexical: str, datatype: str) -> str:
    """A typed literal; ``lexical`` must already be a valid form of ``datatype``."""
    return f'"{lexical.translate(_ESCAPES)}"^^<{datatype}>'


def integer(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


def double(value: float) -> str:
    return f'"{float(value)!r}"^^<{XSD}double>'


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


def xsd_date(day: date) -> str:
    return f'"{day.isoformat()}"^^<{XSD}date>'


TRUE = f'"true"^^<{XSD}boolean>'
FALSE = f'"false"^^<{XSD}boolean>'
