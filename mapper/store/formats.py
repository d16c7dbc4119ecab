"""Names, file extensions and media types of the RDF and SPARQL-results formats we speak."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat

from ..errors import MapperError

# Short names accepted on the command line -> pyoxigraph RDF formats.
RDF_FORMATS: dict[str, RdfFormat] = {
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
    "n3": RdfFormat.N3,
}
# Formats `export` offers (the bulk loaders' formats plus JSON-LD).
EXPORT_FORMATS = ("nq", "trig", "ttl", "nt", "jsonld")

_EXTENSIONS: dict[str, str] = {
    ".nq": "nq", ".nquads": "nq", ".trig": "trig", ".ttl": "ttl", ".turtle": "ttl",
    ".nt": "nt", ".ntriples": "nt", ".jsonld": "jsonld", ".json-ld": "jsonld", ".json": "jsonld",
    ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml", ".n3": "n3",
}

RESULTS_FORMATS: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


def is_dataset_format(name: str) -> bool:
    """True when the format carries named graphs (N-Quads, TriG)."""
    return RDF_FORMATS[name].supports_datasets


def rdf_format(name: str) -> RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        raise MapperError(f"unknown RDF format {name!r} (expected one of: {', '.join(RDF_FORMATS)})") from None


def guess_rdf_format(path: str | Path) -> str:
    """The short format name for a file, from its extension (``.nq.gz`` is not supported)."""
    ext = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[ext]
    except KeyError:
        raise MapperError(
            f"cannot tell the RDF format from the extension {ext or '(none)'!r}; "
            f"use one of {', '.join(sorted(_EXTENSIONS))} or pass --format", path=str(path)) from None


def _short_name(fmt, table: dict) -> str | None:
    return next((name for name, known in table.items() if fmt is not None and known == fmt), None)


def rdf_format_for_media_type(media: str) -> str | None:
    """Short name for an RDF media type (``text/turtle`` -> ``ttl``), or None."""
    return _short_name(RdfFormat.from_media_type(media), RDF_FORMATS)


def results_format_for_media_type(media: str) -> str | None:
    """Short name for a SPARQL results media type (``application/sparql-results+json`` -> ``json``)."""
    return _short_name(QueryResultsFormat.from_media_type(media), RESULTS_FORMATS)
