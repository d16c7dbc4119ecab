"""Emitter throughput: pages/s and triples/s per output format, against rdflib in the same run.

Pages are real bench R pages parsed by the real parser; the row mappings are synthetic (a concept
named after the label, two evidence items, three alternatives), so only the emitters are timed.

    python benchmarks/bench_emit.py [--pages N] [--repeat R]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import tracemalloc

from mapper import emit
from mapper.config import shared_dir
from mapper.emit import rdf
from mapper.resolve.model import Alternative, ConceptRef, Evidence, PageMapping, RowMapping
from mapper.rpage import parse_file

GAAP = "http://fasb.org/us-gaap/2024"


def _concept(label: str, suffix: str = "") -> ConceptRef:
    name = "".join(w.capitalize() for w in re.findall(r"[A-Za-z]+", label))[:80] or "Unnamed"
    return ConceptRef("us-gaap", name + suffix, GAAP, label)


def synthetic_mapping(page) -> PageMapping:
    rows = []
    for row in page.rows:
        ext = row.index % 9 == 4
        c = _concept(row.label)
        rows.append(RowMapping(
            row, None if ext else c, "broad" if ext else "exact", ext, 0.8,
            (Evidence("label", f"label matched {row.label!r}", 0.6),
             Evidence("documentation", "documentation equal after normalisation", 0.9)),
            tuple(Alternative(_concept(row.label, f"Alt{k}"), 0.5 - k / 10) for k in range(3)),
            anchor=c if ext else None, block_index=row.index))
    return PageMapping(page, tuple(rows), tool_version="0.1.0", generated_at="2026-11-24T00:00:00Z")


def load_pages(n: int) -> list[PageMapping]:
    folder = shared_dir() / "bench" / "rpages"
    out = []
    for path in sorted(folder.glob("*.txt")):
        try:
            out.append(synthetic_mapping(parse_file(path)))
        except Exception:        # the parser's own failures are not this benchmark's business
            continue
        if len(out) >= n:
            break
    return out


def load_seed() -> list[PageMapping]:
    return [synthetic_mapping(parse_file(shared_dir() / "seed" / "deferred-tax-asset.txt"))]


def rdflib_graph(mappings: list[PageMapping]):
    """The obvious alternative: the same triples added one by one to an rdflib Graph."""
    from rdflib import Graph, Literal, URIRef

    def term(t):
        if hasattr(t, "datatype"):
            return Literal(t.value, datatype=URIRef(t.datatype.value) if t.datatype else None)
        return URIRef(t.value)

    g = Graph()
    for prefix, ns in rdf.PREFIXES.items():
        g.bind(prefix, ns)
    for t in rdf.triples(mappings):
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    mappings = load_pages(args.pages)
    n_pages = len(mappings)
    n_rows = sum(len(pm.rows) for pm in mappings)
    n_triples = len(rdf.triples(mappings))
    print(f"input: {n_pages} bench pages, {n_rows} rows, {n_triples} triples "
          f"({n_triples / n_rows:.1f} per row)")

    print(f"{'format':<22}{'seconds':>9}{'pages/s':>10}{'triples/s':>12}{'MB out':>8}")
    results = {}
    for fmt in emit.FORMATS:
        sizes = []
        secs = timed(lambda: sizes.append(len(emit.render_bytes(mappings, fmt))), args.repeat)
        results[fmt] = secs
        print(f"{fmt:<22}{secs:9.3f}{n_pages / secs:10.0f}{n_triples / secs:12.0f}{sizes[-1] / 1e6:8.2f}")

    build = timed(lambda: [rdf.page_statements(pm) for pm in mappings], args.repeat)
    print(f"{'statements only':<22}{build:9.3f}{n_pages / build:10.0f}{n_triples / build:12.0f}")
    seed = [m for m in load_seed()]
    one = timed(lambda: emit.render_bytes(seed, "ttl"), 20)
    print(f"latency, seed page to Turtle: {one * 1000:.2f} ms")
    g_secs = timed(lambda: rdflib_graph(mappings), 1)
    graph = rdflib_graph(mappings)
    print(f"{'rdflib Graph build':<22}{g_secs:9.3f}{n_pages / g_secs:10.0f}{n_triples / g_secs:12.0f}")
    for fmt, name in (("nt", "nt"), ("ttl", "turtle")):
        secs = timed(lambda: graph.serialize(format=name), 1)
        total = g_secs + secs
        print(f"{'rdflib ' + fmt + ' (build+ser)':<22}{total:9.3f}{n_pages / total:10.0f}"
              f"{n_triples / total:12.0f}   ratio rdflib/oxigraph: {total / results[fmt]:.1f}x")

    tracemalloc.start()
    emit.render_bytes(mappings, "ttl")
    peak_ox = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    tracemalloc.start()
    rdflib_graph(mappings).serialize(format="turtle")
    peak_rl = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak Python memory for ttl: oxigraph path {peak_ox / 1e6:.1f} MB, "
          f"rdflib path {peak_rl / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
