"""The persistent graph store: one pyoxigraph (RocksDB) directory, one named graph per document.

Loading a file replaces, in one transaction, every graph the file fills; a file that does not
parse changes nothing. Many files load fast with :meth:`GraphStore.load_files`: new graphs go
in through the bulk loader in batches that land whole or not at all, existing graphs get only
the triples that changed. Triple formats (Turtle, N-Triples, JSON-LD without graphs) go into the
document graph named by the file itself (its ``prov:Entity`` with ``xm:sha256``) or, failing
that, into ``.../id/doc/<sha256 of the file bytes>``.
"""
from __future__ import annotations

import hashlib
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
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


def _parse(data: bytes, fmt: str, source: str, **options) -> Iterator[ox.Quad]:
    """Parse with one-line errors (the iterator raises MapperError on bad input)."""
    try:
        yield from ox.parse(data, format=rdf_format(fmt), **options)
    except SyntaxError as err:
        raise MapperError(f"not valid {fmt}: {err}", path=source) from None
    except (ValueError, OSError) as err:
        raise MapperError(f"cannot parse as {fmt}: {err}", path=source) from None


def parse_rdf(data: bytes, fmt: str, source: str) -> list[ox.Quad]:
    """Parse the whole input into memory (so nothing is written unless all of it is valid)."""
    base = Path(source).absolute().as_uri() if source[:1] not in "<" else None
    return list(_parse(data, fmt, source, rename_blank_nodes=True, base_iri=base))


def group_by_graph(quads: Iterable[ox.Quad], fallback: str) -> dict[str, list[ox.Triple]]:
    """Triples per named graph; default-graph triples go to ``fallback``."""
    out: dict[str, list[ox.Triple]] = {}
    for q in quads:
        g = q.graph_name
        name = fallback if isinstance(g, ox.DefaultGraph) else g.value
        out.setdefault(name, []).append(q.triple)
    return out


def _graph_blocks(graphs: dict[str, bytes]) -> str:
    return "".join(f"GRAPH <{g}> {{\n{body.decode('utf-8')}\n}}\n" for g, body in graphs.items() if body)


def delta_update(drop: Iterable[str], removed: dict[str, bytes], added: dict[str, bytes]) -> str:
    """One SPARQL update (one transaction): drop graphs, delete N-Triples lines, insert lines.

    ``removed`` must hold the store's own (blank-node free) N-Triples lines for each graph.
    """
    parts = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    if deleted := _graph_blocks(removed):
        parts.append(f"DELETE DATA {{\n{deleted}}}")
    if inserted := _graph_blocks(added):
        parts.append(f"INSERT DATA {{\n{inserted}}}")
    return " ;\n".join(parts)


# -- preparing inputs for loading ------------------------------------------------------------
# One bulk_load call of fewer quads than pyoxigraph's bulk-loader batch (1M quads) builds one
# set of SST files and ingests them in a single RocksDB call: all of it lands, or none of it.
BULK_MAX_QUADS = 500_000
# Files are grouped into bulk loads of about this many quads (smaller batches let parsing and
# writing overlap; measured fastest around 50k on the mapping output).
BATCH_QUADS = 50_000
# A batch below this many quads is one ordinary transaction instead (no new SST files).
SMALL_BATCH_QUADS = 5_000
# Background threads writing batches (two measured best on a 2-core machine: 1.3x faster than one).
WRITERS = 2


@dataclass
class Prepared:
    """One parsed input, ready to load: the graphs it fills and the N-Quads to write.

    ``groups`` (triples per graph) is set when the input was parsed into Python objects;
    N-Quads files without blank nodes skip that and keep their bytes as they are.
    """
    source: str
    graphs: tuple[str, ...]
    quads: int
    nquads: bytes | None = None
    groups: dict[str, list[ox.Triple]] | None = None

    def as_nquads(self) -> bytes:
        if self.nquads is None:
            assert self.groups is not None
            self.nquads = ox.serialize(
                (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                 for g, triples in self.groups.items() for t in triples),
                format=ox.RdfFormat.N_QUADS)
        return self.nquads


def _prepare_nquads_as_is(data: bytes, source: str) -> Prepared | None:
    """N-Quads kept as bytes: graph names from a lenient scan (the store's loader validates
    fully). None when the file needs the general path (blank nodes or default-graph triples)."""
    if b"_:" in data:
        return None   # blank nodes must be renamed per file; only the Python parser does that
    counts: dict[str, int] = {}
    for q in _parse(data, "nq", source, lenient=True):
        g = q.graph_name
        if isinstance(g, ox.DefaultGraph):
            return None
        counts[g.value] = counts.get(g.value, 0) + 1
    return Prepared(source, tuple(counts), sum(counts.values()), nquads=data)


def prepare(data: bytes, fmt: str, source: str) -> Prepared:
    """Parse one input (raising MapperError if it is not valid RDF) and name its graphs."""
    fast = _prepare_nquads_as_is(data, source) if rdf_format(fmt) == ox.RdfFormat.N_QUADS else None
    if fast is not None and fast.quads:
        return fast
    quads = parse_rdf(data, fmt, source)
    if not quads:
        raise MapperError("contains no RDF triples; nothing loaded", path=source)
    groups = group_by_graph(quads, document_graph(quads, data))
    return Prepared(source, tuple(groups), len(quads), groups=groups)


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one file of :meth:`GraphStore.load_files`: a result or an error."""
    source: str
    result: LoadResult | None = None
    error: MapperError | None = None


class _Batcher:
    """Groups prepared files for :meth:`GraphStore.load_files` and writes them.

    New-graph batches are bulk-loaded on ``WRITERS`` background threads (the loader releases
    the GIL), so reading and scanning the next files overlaps with writing. Anything touching a
    graph of a pending or in-flight batch waits for it first, so files are applied in order for
    each graph.
    """

    def __init__(self, store: "GraphStore", outcomes: list[LoadOutcome]) -> None:
        self.store = store
        self.outcomes = outcomes
        self.batch: list[tuple[int, Prepared]] = []
        self.batch_quads = 0
        self.pool = ThreadPoolExecutor(max_workers=WRITERS)
        self.inflight: deque[tuple[list[tuple[int, Prepared]], Future]] = deque()

    def __enter__(self) -> "_Batcher":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        try:
            if exc_type is None:
                self.submit()
            self.wait_all()
        finally:
            self.pool.shutdown()

    def unwritten(self) -> set[str]:
        """Graphs of the pending batch and of the batches in flight."""
        batches = [self.batch] + [batch for batch, _ in self.inflight]
        return {g for batch in batches for _, p in batch for g in p.graphs}

    def add(self, index: int, prep: Prepared) -> None:
        if self.unwritten().intersection(prep.graphs):   # refills a graph not written yet
            self.submit()
            self.wait_all()
        if self.batch_quads + prep.quads > BATCH_QUADS:
            self.submit()
        if prep.quads > BULK_MAX_QUADS or any(self.store.has_graph(g) for g in prep.graphs):
            self._record(index, prep, self.store._guarded_replace(prep))
            return
        self.batch.append((index, prep))
        self.batch_quads += prep.quads

    def submit(self) -> None:
        """Hand the pending batch to a background writer (waiting if all are busy)."""
        if not self.batch:
            return
        while len(self.inflight) >= WRITERS:
            self.wait_oldest()
        batch, self.batch, self.batch_quads = self.batch, [], 0
        self.inflight.append((batch, self.pool.submit(self.store._write, [p for _, p in batch], True)))

    def wait_oldest(self) -> None:
        batch, future = self.inflight.popleft()
        for (index, prep), res in zip(batch, future.result()):
            self._record(index, prep, res)

    def wait_all(self) -> None:
        while self.inflight:
            self.wait_oldest()

    def _record(self, index: int, prep: Prepared, res: LoadResult | MapperError) -> None:
        if isinstance(res, MapperError):
            self.outcomes[index] = LoadOutcome(prep.source, error=res)
        else:
            self.outcomes[index] = LoadOutcome(prep.source, result=res)


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
        (outcome,) = self.load_files([path], fmt)
        if outcome.error is not None:
            raise outcome.error
        assert outcome.result is not None
        return outcome.result

    def load_bytes(self, data: bytes, fmt: str, source: str = "<data>") -> LoadResult:
        prepared = prepare(data, fmt, source)
        return self._write([prepared])[0]

    def load_files(self, files: Iterable[str | Path], fmt: str | None = None) -> list[LoadOutcome]:
        """Load many files fast; one outcome per file, in order (a bad file does not stop the rest).

        Files whose graphs are new to the store are batched (about ``BATCH_QUADS`` quads)
        into one bulk load each, which lands whole or not at all, while the next files are read
        and parsed; a file that refills an existing graph replaces it in its own transaction.
        A file that is not valid RDF writes nothing.
        """
        outcomes: list[LoadOutcome] = []
        with _Batcher(self, outcomes) as batcher:
            for f in files:
                path = Path(f)
                outcomes.append(LoadOutcome(str(path)))
                try:
                    name = fmt or guess_rdf_format(path)
                    try:
                        data = path.read_bytes()
                    except OSError as err:
                        raise MapperError(f"cannot read: {err.strerror or err}", path=str(path)) from None
                    prep = prepare(data, name, str(path))
                except MapperError as err:
                    outcomes[-1] = LoadOutcome(str(path), error=err)
                    continue
                batcher.add(len(outcomes) - 1, prep)
        return outcomes

    def _write(self, preps: list[Prepared], guarded: bool = False) -> list[LoadResult | MapperError]:
        """Write prepared inputs whose graphs are all new, in one atomic batch.

        With ``guarded``, errors come back per input instead of being raised.
        """
        store = self._writable()
        if len(preps) == 1 and (preps[0].quads > BULK_MAX_QUADS
                                or any(self.has_graph(g) for g in preps[0].graphs)):
            results = [self._guarded_replace(preps[0])]
        else:
            results = self._insert_new(store, preps)
        if not guarded:
            for res in results:
                if isinstance(res, MapperError):
                    raise res
        return results

    def _insert_new(self, store: ox.Store, preps: list[Prepared]) -> list[LoadResult | MapperError]:
        data = b"".join(p.as_nquads() for p in preps)
        try:
            if sum(p.quads for p in preps) < SMALL_BATCH_QUADS:
                store.load(data, format=ox.RdfFormat.N_QUADS)        # one transaction
            else:
                store.bulk_load(data, format=ox.RdfFormat.N_QUADS)   # one ingestion (see BULK_MAX_QUADS)
        except (SyntaxError, ValueError, OSError):
            # The store's strict parser rejected something the lenient scan let through (an
            # invalid IRI), or the disk failed: nothing was written. Redo the inputs one by
            # one so the error names the right file and the good files still load.
            for g in {g for p in preps for g in p.graphs}:   # defensive: these graphs were all new
                if self.has_graph(g):
                    store.remove_graph(ox.NamedNode(g))
            return [self._guarded_replace(p) for p in preps]
        counts = self._counts([g for p in preps for g in p.graphs])
        return [LoadResult(p.source, tuple(GraphInfo(g, counts.get(g, 0)) for g in p.graphs)) for p in preps]

    def _guarded_replace(self, prep: Prepared) -> LoadResult | MapperError:
        try:
            return self._replace_prepared(prep)
        except MapperError as err:
            return err

    def _replace_prepared(self, prep: Prepared) -> LoadResult:
        """Replace the graphs of one input in a single transaction (strictly parsing it first)."""
        if prep.groups is not None:
            return self.replace_graphs(prep.groups, prep.source)
        staged = ox.Store()                       # in memory: the strict parse, in Rust
        try:
            staged.load(prep.as_nquads(), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as err:
            raise MapperError(f"not valid nq: {err}", path=prep.source) from None
        return self._replace_from(staged, prep.graphs, prep.source)

    def _counts(self, graphs: list[str]) -> dict[str, int]:
        """Triples per graph for many graphs, in one query."""
        out: dict[str, int] = {}
        for i in range(0, len(graphs), 500):
            values = " ".join(f"<{g}>" for g in graphs[i:i + 500])
            for sol in self.raw.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                                      f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"):
                out[sol["g"].value] = int(sol["n"].value)
        return out

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
        """Make each graph hold exactly these triples, all in one transaction."""
        staged = ox.Store()
        staged.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                      for g, triples in graphs.items() for t in triples)
        return self._replace_from(staged, tuple(graphs), source)

    def _replace_from(self, staged: ox.Store, graphs: Iterable[str], source: str) -> LoadResult:
        """Make each graph hold what it holds in the in-memory ``staged`` store, in one update.

        Both sides are dumped as N-Triples by the same serializer, so only the lines that
        differ are written (reloading an unchanged document writes nothing). A graph with
        blank nodes is dropped and refilled instead (DELETE DATA cannot name blank nodes).
        """
        store = self._writable()
        graphs = tuple(graphs)
        drop: list[str] = []
        removed: dict[str, bytes] = {}
        added: dict[str, bytes] = {}
        nt = ox.RdfFormat.N_TRIPLES
        for g in graphs:
            node = ox.NamedNode(g)
            new = staged.dump(format=nt, from_graph=node)
            old = store.dump(format=nt, from_graph=node) if store.contains_named_graph(node) else b""
            if not new or b"_:" in new or b"_:" in old:
                drop.append(g)
                added[g] = new
                continue
            old_lines, new_lines = set(old.splitlines()), set(new.splitlines())
            removed[g] = b"\n".join(old_lines - new_lines)
            added[g] = b"\n".join(new_lines - old_lines)
        update = delta_update(drop, removed, added)
        try:
            if update:
                store.update(update)
        except (SyntaxError, OSError) as err:
            raise MapperError(f"cannot write to the store: {err}", path=source) from None
        counts = self._counts(list(graphs))
        return LoadResult(source, tuple(GraphInfo(g, counts.get(g, 0)) for g in graphs))

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
    for attempt in range(3):
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
            break
        except OSError as err:
            msg = str(err)
            if "lock" in msg.lower():
                raise MapperError("store is locked by another process (is `xbrl-mapper serve` or a load "
                                  "running?)", path=str(path)) from None
            raise MapperError(f"cannot open store: {msg}", path=str(path)) from None
        except RuntimeError as err:
            # A reader opening while the writer compacts can find a file already deleted: retry.
            if read_only and "No such file" in str(err) and attempt < 2:
                time.sleep(0.2)
                continue
            raise MapperError(f"store is corrupt: {err}", path=str(path)) from None
    return GraphStore(store, path, read_only)


def load_rdf_text(store_dir: str | Path, data: str | bytes, fmt: str, source: str = "<map output>") -> LoadResult:
    """Load serialized RDF (e.g. ``map``'s output) into the store at ``store_dir``.

    ``fmt`` is a short name (nq, trig, ttl, nt, jsonld). The document's graph is replaced.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open_store(store_dir) as store:
        return store.load_bytes(raw, fmt, source=source)


def load_files(store_dir: str | Path, files: Iterable[str | Path], fmt: str | None = None) -> list[LoadOutcome]:
    """Load several files into one store (batched; see :meth:`GraphStore.load_files`)."""
    with open_store(store_dir) as store:
        return store.load_files(files, fmt)
