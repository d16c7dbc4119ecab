"""Emitters: PageMapping -> JSON, CSV, SSSOM TSV, RDF (ttl, nt, nq, trig, jsonld).

``render(mappings, fmt)`` returns the text; ``write(mappings, fmt, path)`` writes it atomically
(or to stdout when ``path`` is None). See docs/outputs.md for the formats and the vocabulary.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..atomic import atomic_write_bytes
from ..errors import MapperError
from ..resolve.model import PageMapping

FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "json", "csv", "sssom")
RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld",
              "json": ".json", "csv": ".csv", "sssom": ".sssom.tsv"}


def _check(mappings: list[PageMapping], fmt: str) -> None:
    if fmt not in FORMATS:
        raise MapperError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not mappings:
        raise MapperError("nothing to write: no page was mapped")


def render_bytes(mappings: list[PageMapping], fmt: str) -> bytes:
    """The output in ``fmt`` as UTF-8 bytes."""
    mappings = list(mappings)
    _check(mappings, fmt)
    if fmt in RDF_FORMATS:
        from . import rdf

        return rdf.render_bytes(mappings, fmt)
    if fmt == "json":
        from . import json_out

        return json_out.render(mappings).encode("utf-8")
    if fmt == "csv":
        from . import csv_out

        return csv_out.render(mappings).encode("utf-8")
    from . import sssom

    return sssom.render(mappings).encode("utf-8")


def render(mappings: list[PageMapping], fmt: str) -> str:
    """The output in ``fmt`` as text (one of :data:`FORMATS`)."""
    return render_bytes(mappings, fmt).decode("utf-8")


def write(mappings: list[PageMapping], fmt: str, path: str | Path | None = None) -> None:
    """Write to ``path`` atomically (nothing left behind on error), or to stdout if None."""
    data = render_bytes(mappings, fmt)
    if path is None or str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        atomic_write_bytes(path, data)
    except OSError as err:
        raise MapperError(f"cannot write output: {err.strerror or err}", path=str(path)) from None


def format_for_path(path: str | Path) -> str | None:
    """Guess the format from a file name (``out.ttl`` -> ``ttl``), None if unknown."""
    name = str(path).lower()
    for fmt, ext in sorted(EXTENSIONS.items(), key=lambda kv: -len(kv[1])):
        if name.endswith(ext):
            return fmt
    if name.endswith(".tsv"):
        return "sssom"
    return None


__all__ = ["FORMATS", "RDF_FORMATS", "render", "render_bytes", "write", "format_for_path"]
