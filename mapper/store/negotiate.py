"""HTTP content negotiation for SPARQL results and RDF graphs (pure functions)."""
from __future__ import annotations

from .formats import RDF_FORMATS, RESULTS_FORMATS

# Media types we can produce, per result kind, best default first.
RESULT_MEDIA = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
RDF_MEDIA = {
    "text/turtle": "ttl", "application/n-triples": "nt", "application/n-quads": "nq",
    "application/trig": "trig", "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
    "text/plain": "nt",
}
DEFAULT = {"select": "json", "ask": "json", "graph": "ttl"}
# Short names also accepted in a ?format= parameter.
SHORT_NAMES = set(RESULTS_FORMATS) | set(RDF_FORMATS)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media type, q) pairs, best first (stable for equal q)."""
    out: list[tuple[str, float, int]] = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q, i))
    out.sort(key=lambda t: (-t[1], t[2]))
    return [(m, q) for m, q, _ in out if q > 0]


def choose_format(kind: str, accept: str | None, override: str | None = None) -> str | None:
    """The short format name to answer a ``kind`` result with, or None if nothing acceptable.

    ``override`` (a ``format`` request parameter: short name or media type) wins when it fits.
    """
    table = RDF_MEDIA if kind == "graph" else RESULT_MEDIA
    names = set(table.values())
    if override:
        o = override.lower()
        if o in names:
            return o
        if o in table:
            return table[o]
    prefs = parse_accept(accept)
    if not prefs:
        return DEFAULT[kind]
    for media, _ in prefs:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return DEFAULT[kind]
    return None
