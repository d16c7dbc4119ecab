"""The persistent graph store: one pyoxigraph (RocksDB) directory, one named graph per document.

Loading a file replaces, in one transaction, every graph the file fills; a file that does not
parse changes nothing. Triple formats (Turtle, N-Triples, JSON-LD without graphs) go into the
document graph named by the file itself (its ``prov:Entity`` with ``xm:sha256``) or, failing
that, into ``.../id/doc/<sha256 of the file bytes>``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from ..atomic import atomic_path
from ..errors import MapperError
from .formats import EXPORT_FORMATS, guess_rdf_format, rdf_format

VOCAB = "https://w3id.org/xbrl-mapper/vocab#"
DOC_PREFIX = "https://w3id.org/xbrl-mapper/id/doc/"
TAXONOMY_GRAPH_PREFIX = "https://w3id.org/xbrl-mapper/id/taxonomy/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV_ENTITY = "http://www.w3.org/ns/prov#Entity"
XM_SHA256 = VOCAB + "sha256"

PREFIXES = {
    "xm": VOCAB,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "skosxl": "http://www.w3.org/2008/05/skos-xl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "dcterms": "http://purl.org/dc/terms/",
    "us-gaap": "http://fasb.org/us-gaap/2024#",
}


@dataclass(frozen=True)
class GraphInfo:
    iri: str            # "" for the default graph
    triples: int


@dataclass(frozen=True)
class LoadResult:
    source: str
    graphs: tuple[GraphInfo, ...]    # the graphs this load replaced, with their new sizes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_graph(quads: list[ox.Quad], data: bytes) -> str:
    """The graph a triple-format file belongs in: its document entity, else its sha256 IRI."""
    entities = {q.subject.value for q in quads
                if q.predicate.value == RDF_TYPE and q.object.value == PROV_ENTITY
                and isinstance(q.subject, ox.NamedNode)}
    hashed = {q.subject.value for q in quads if q.predicate.value == XM_SHA256}
    docs = sorted(iri for iri in entities & hashed if iri.startswith(DOC_PREFIX))
    if docs:
        return docs[0]
    return DOC_PREFIX + _sha256(data)


def parse_rdf(data: bytes, fmt: str, source: str) -> list[ox.Quad]:
    """Parse the whole input into memory (so nothing is written unless all of it is valid)."""
    try:
        return list(ox.parse(data, format=rdf_format(fmt), rename_blank_nodes=True,
                             base_iri=Path(source).absolute().as_uri() if source[:1] not in "<" else None))
    except SyntaxError as err:
        raise MapperError(f"not valid {fmt}: {err}", path=source) from None
    except (ValueError, OSError) as err:
        raise MapperError(f"cannot parse as {fmt}: {err}", path=source) from None


def group_by_graph(quads: Iterable[ox.Quad], fallback: str) -> dict[str, list[ox.Triple]]:
    """Triples per named graph; default-graph triples go to ``fallback``."""
    out: dict[str, list[ox.Triple]] = {}
    for q in quads:
        g = q.graph_name
        name = fallback if isinstance(g, ox.DefaultGraph) else g.value
        out.setdefault(name, []).append(q.triple)
    return out


def replace_graphs_update(graphs: dict[str, list[ox.Triple]]) -> str:
    """One SPARQL update that drops each graph and inserts its new triples (one transaction)."""
    parts = [f"DROP SILENT GRAPH <{g}> ;" for g in graphs]
    parts.append("INSERT DATA {")
    for g, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        parts.append(f"GRAPH <{g}> {{\n{body}}}")
    parts.append("}")
    return "\n".join(parts)


class GraphStore:
    """An open store directory. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, store: ox.Store, path: Path, read_only: bool) -> None:
        self.raw = store
        self.path = path
        self.read_only = read_only

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if not self.read_only:
            try:
                self.raw.flush()
            except OSError:
                pass
        self.raw = None  # type: ignore[assignment]  # releases the RocksDB lock once collected

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise MapperError("store is open read-only", path=str(self.path))
        return self.raw

    # -- loading ---------------------------------------------------------------------------
    def load_file(self, path: str | Path, fmt: str | None = None) -> LoadResult:
        """Load one RDF file, replacing the graphs it fills."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise MapperError(f"cannot read: {err.strerror or err}", path=str(path)) from None
        return self.load_bytes(data, fmt or guess_rdf_format(path), source=str(path))

    def load_bytes(self, data: bytes, fmt: str, source: str = "<data>") -> LoadResult:
        quads = parse_rdf(data, fmt, source)
        if not quads:
            raise MapperError("contains no RDF triples; nothing loaded", path=source)
        graphs = group_by_graph(quads, document_graph(quads, data))
        return self.replace_graphs(graphs, source)

    def load_dataset(self, data, source: str = "<dataset>") -> LoadResult:
        """Load an rdflib ``Dataset``/``Graph`` or an iterable of pyoxigraph quads (graphs replaced).

        rdflib interop: ``mapper.emit.rdf.to_rdflib(...)`` output or any rdflib graph goes in as is;
        triples outside a named graph land in the document graph, as for Turtle files.
        """
        if hasattr(data, "serialize") and hasattr(data, "triples"):          # rdflib
            quad_store = getattr(data, "context_aware", False)
            text = data.serialize(format="nquads" if quad_store else "nt")
            raw = text.encode("utf-8") if isinstance(text, str) else text
            return self.load_bytes(raw, "nq" if quad_store else "nt", source=source)
        quads = list(data)
        if not quads:
            raise MapperError("contains no RDF triples; nothing loaded", path=source)
        raw = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        return self.replace_graphs(group_by_graph(quads, document_graph(quads, raw)), source)

    def replace_graphs(self, graphs: dict[str, list[ox.Triple]], source: str = "<data>") -> LoadResult:
        """Make each graph hold exactly these triples, all in one transaction.

        New graphs are inserted with ``extend`` (one transaction, about twice as fast);
        if any graph already exists, one SPARQL update drops and refills them all.
        """
        store = self._writable()
        try:
            if any(store.contains_named_graph(ox.NamedNode(g)) for g in graphs):
                store.update(replace_graphs_update(graphs))
            else:
                store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                             for g, triples in graphs.items() for t in triples)
        except (SyntaxError, OSError) as err:
            raise MapperError(f"cannot write to the store: {err}", path=source) from None
        return LoadResult(source, tuple(GraphInfo(g, self.count(g)) for g in graphs))

    def replace_graph_ntriples(self, graph: str, ntriples: str) -> GraphInfo:
        """Replace one graph by generated N-Triples text (e.g. a taxonomy: ~1M triples).

        Uses the bulk loader (many times faster than a transaction of this size): the old
        graph is removed first, then the new one bulk-loaded. Not atomic, so meant for data
        that can be regenerated; if interrupted, run the export again.
        """
        store = self._writable()
        node = ox.NamedNode(graph)
        try:
            for _ in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):  # validate before touching the store
                pass
            if store.contains_named_graph(node):
                store.remove_graph(node)
            store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
            store.flush()
        except SyntaxError as err:
            raise MapperError(f"generated RDF for <{graph}> is invalid: {err}") from None
        except OSError as err:
            raise MapperError(f"cannot write to the store: {err}", path=str(self.path)) from None
        return GraphInfo(graph, self.count(graph))

    # -- inspecting ------------------------------------------------------------------------
    def count(self, graph: str) -> int:
        res = self.raw.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(res))["n"].value)

    def graphs(self) -> list[GraphInfo]:
        """Named graphs with their triple counts (plus the default graph if it holds anything)."""
        out = [GraphInfo(sol["g"].value, int(sol["n"].value)) for sol in self.raw.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")]
        default = int(next(iter(self.raw.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
        if default:
            out.insert(0, GraphInfo("", default))
        return out

    def has_graph(self, graph: str) -> bool:
        return self.raw.contains_named_graph(ox.NamedNode(graph))

    def require_graph(self, graph: str) -> ox.NamedNode:
        try:
            node = ox.NamedNode(graph)
        except ValueError:
            raise MapperError(f"not an IRI: {graph!r}") from None
        if not self.raw.contains_named_graph(node):
            raise MapperError(f"no graph <{graph}> in the store", path=str(self.path))
        return node

    def drop(self, graph: str) -> int:
        """Remove a named graph; returns how many triples it held."""
        node = self.require_graph(graph)
        n = self.count(graph)
        self._writable().remove_graph(node)
        return n

    # -- exporting -------------------------------------------------------------------------
    def quads(self, graphs: Iterable[str] | None = None) -> Iterator[ox.Quad]:
        if graphs is None:
            yield from self.raw.quads_for_pattern(None, None, None, None)
            return
        for g in graphs:
            yield from self.raw.quads_for_pattern(None, None, None, self.require_graph(g))

    def export(self, path: str | Path, fmt: str, graphs: list[str] | None = None) -> int:
        """Write the store (or some graphs) to ``path``; returns the number of quads written.

        Triple formats (ttl, nt) merge the chosen graphs: graph names are lost there.
        """
        if fmt not in EXPORT_FORMATS:
            raise MapperError(f"cannot export as {fmt!r} (expected one of: {', '.join(EXPORT_FORMATS)})")
        rdf = rdf_format(fmt)
        for g in graphs or ():
            self.require_graph(g)
        written = 0

        def stream():  # streamed, so exporting a large store does not hold it in memory
            nonlocal written
            for q in self.quads(graphs):
                written += 1
                yield q if rdf.supports_datasets else q.triple

        prefixes = PREFIXES if fmt in ("ttl", "trig") else None
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as fh:
                ox.serialize(stream(), fh, format=rdf, prefixes=prefixes)
        return written


def open_store(path: str | Path, read_only: bool = False) -> GraphStore:
    """Open (creating unless ``read_only``) a store directory, with one-line errors."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise MapperError("not a store directory (it is a file)", path=str(path))
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise MapperError("not a store directory (no store files in this non-empty folder)", path=str(path))
    if read_only and not (path / "CURRENT").exists():
        raise MapperError("no store here (load something first: xbrl-mapper load FILE --store DIR)",
                          path=str(path))
    try:
        store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        msg = str(err)
        if "lock" in msg.lower():
            raise MapperError("store is locked by another process (is `xbrl-mapper serve` or a load "
                              "running?)", path=str(path)) from None
        raise MapperError(f"cannot open store: {msg}", path=str(path)) from None
    except RuntimeError as err:
        raise MapperError(f"store is corrupt: {err}", path=str(path)) from None
    return GraphStore(store, path, read_only)


def load_rdf_text(store_dir: str | Path, data: str | bytes, fmt: str, source: str = "<map output>") -> LoadResult:
    """Load serialized RDF (e.g. ``map``'s output) into the store at ``store_dir``.

    ``fmt`` is a short name (nq, trig, ttl, nt, jsonld). The document's graph is replaced.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open_store(store_dir) as store:
        return store.load_bytes(raw, fmt, source=source)


def load_files(store_dir: str | Path, files: Iterable[str | Path], fmt: str | None = None) -> list[LoadResult]:
    """Load several files into one store (each file in its own transaction)."""
    with open_store(store_dir) as store:
        return [store.load_file(f, fmt) for f in files]
