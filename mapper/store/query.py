"""Run SPARQL queries and render their results (table, CSV, TSV, SPARQL JSON/XML, RDF).

Local queries see the union of all named graphs as their default graph, so simple
patterns find document and taxonomy triples without ``GRAPH``; ``GRAPH ?g`` still works.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Callable, Literal, TypeVar

import pyoxigraph as ox

from ..errors import MapperError
from .formats import RDF_FORMATS, RESULTS_FORMATS, rdf_format
from .store import PREFIXES

ResultKind = Literal["select", "ask", "graph"]
TABLE = "table"
OUTPUT_FORMATS = (TABLE, *RESULTS_FORMATS, *RDF_FORMATS)
T = TypeVar("T")


class QueryTimeout(MapperError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"query cancelled: it ran longer than the {seconds:g} s timeout", exit_code=3)


class ResultTooLarge(MapperError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"query result larger than the {limit} byte cap; add LIMIT or narrow the query",
                         exit_code=3)


@dataclass(frozen=True)
class QueryOutput:
    kind: ResultKind
    data: bytes             # the rendered result
    media_type: str


class _CappedBuffer(io.RawIOBase):
    """A write-only byte sink that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        self.buf += b
        if self.limit is not None and len(self.buf) > self.limit:
            raise ResultTooLarge(self.limit)
        return len(b)


def result_kind(result) -> ResultKind:
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    if isinstance(result, (ox.QueryTriples, list)):   # a list: triples parsed from an endpoint
        return "graph"
    return "select"


def run_sparql(store: ox.Store, sparql: str, *, union_default_graph: bool = True,
               source: str | None = None):
    """Parse and start a query; a malformed query raises MapperError with line:column."""
    try:
        return store.query(sparql, use_default_graph_as_union=union_default_graph)
    except SyntaxError as err:
        raise MapperError(f"malformed SPARQL: {err}", path=source) from None
    except OSError as err:
        raise MapperError(f"query failed: {err}", path=source) from None


def short_term(term, prefixes: dict[str, str] = PREFIXES) -> str:
    """A human-friendly rendering of an RDF term for the table view."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in prefixes.items():
            if term.value.startswith(ns) and all(c.isalnum() or c in "-_." for c in term.value[len(ns):]):
                return f"{p}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_table(variables: list[str], rows: list[list[str]]) -> str:
    """An aligned plain-text table with a header rule and a row count."""
    widths = [len(v) for v in variables]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def table_of(result, limit: int | None = None) -> bytes:
    """Render SELECT solutions (or an ASK boolean) as an aligned table."""
    if isinstance(result, ox.QueryBoolean):
        return (b"true\n" if bool(result) else b"false\n")
    variables = [v.value for v in result.variables]
    rows, size = [], 0
    for sol in result:
        row = [short_term(sol[v]) for v in variables]
        size += sum(len(c) + 2 for c in row)
        if limit is not None and size > limit:
            raise ResultTooLarge(limit)
        rows.append(row)
    return render_table(variables, rows).encode("utf-8")


def render_result(result, fmt: str, max_bytes: int | None = None) -> QueryOutput:
    """Serialize a pyoxigraph query result (local or parsed from an endpoint) as ``fmt``."""
    kind = result_kind(result)
    if kind == "graph":
        name = "ttl" if fmt == TABLE else fmt
        if name not in RDF_FORMATS:
            raise MapperError(f"a {kind} result needs an RDF format (ttl, nt, nq, jsonld, rdfxml), not {fmt!r}")
        rdf = rdf_format(name)
        sink = _CappedBuffer(max_bytes)
        if isinstance(result, list):
            ox.serialize(result, sink, format=rdf)
        else:
            result.serialize(sink, format=rdf)
        return QueryOutput(kind, bytes(sink.buf), rdf.media_type)
    if fmt == TABLE:
        return QueryOutput(kind, table_of(result, max_bytes), "text/plain; charset=utf-8")
    if fmt not in RESULTS_FORMATS:
        raise MapperError(f"a {kind.upper()} result needs table, json, xml, csv or tsv, not {fmt!r}")
    rf = RESULTS_FORMATS[fmt]
    sink = _CappedBuffer(max_bytes)
    try:
        result.serialize(sink, format=rf)
    except OSError as err:
        if isinstance(err.__cause__, ResultTooLarge) or isinstance(err.__context__, ResultTooLarge):
            raise ResultTooLarge(max_bytes or 0) from None
        raise
    return QueryOutput(kind, bytes(sink.buf), rf.media_type)


def execute(store: ox.Store, sparql: str, fmt: str = TABLE, *, max_bytes: int | None = None,
            union_default_graph: bool = True, source: str | None = None) -> QueryOutput:
    """Run ``sparql`` on ``store`` and render it as ``fmt`` (see :data:`OUTPUT_FORMATS`)."""
    if fmt not in OUTPUT_FORMATS:
        raise MapperError(f"unknown output format {fmt!r} (expected one of: {', '.join(OUTPUT_FORMATS)})")
    result = run_sparql(store, sparql, union_default_graph=union_default_graph, source=source)
    return render_result(result, fmt, max_bytes)


def with_timeout(fn: Callable[[], T], seconds: float | None) -> T:
    """Run ``fn`` in a worker thread; raise :class:`QueryTimeout` if it is not done in time.

    pyoxigraph releases the GIL while evaluating, so the caller regains control; the
    abandoned evaluation is cancelled by the caller ending its process (the CLI does).
    """
    if not seconds:
        return fn()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:  # handed back to the caller's thread
            box["error"] = err

    worker = threading.Thread(target=run, name="sparql-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(seconds)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
