"""Store benchmark: ~1M triples of real mapping output in pyoxigraph (on disk) vs rdflib (in memory).

Real R pages (the seed and bench pages) are mapped once; their RDF, as the emitter writes it,
is repeated under distinct document IRIs (the page checksum is varied) until the target size.
A slice of the us-gaap taxonomy graph (the concepts the pages use and their relationships,
or all of it with --full-taxonomy) is added so the example queries have something to join.

Prints: load time of the per-document .nq files through ``GraphStore.load_files`` (batched
bulk loads), a reload of the same files (graphs compared, nothing rewritten), one transaction
per document (the old way, and `map --store`'s), pyoxigraph's bulk loader on one big file,
store size on disk, per-query latency of examples/queries/*.rq, the same on rdflib's in-memory
Dataset, and the ratios.

    python benchmarks/bench_store.py [--triples 1000000] [--pages 40] [--cache DIR] [--no-rdflib]
                                     [--no-transactions]
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mapper import emit, taxonomy  # noqa: E402
from mapper.config import shared_dir  # noqa: E402
from mapper.pipeline import map_file  # noqa: E402
from mapper.resolve.catalog import load_catalog  # noqa: E402
from mapper.store.store import open_store  # noqa: E402
from mapper.store.taxonomy_rdf import index_to_rdf, taxonomy_to_rdf  # noqa: E402
from benchmarks._cli import run  # noqa: E402

QUERIES = sorted((REPO / "examples" / "queries").glob("*.rq"))


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def map_pages(n_pages: int, cache: Path | None):
    catalog = load_catalog(cache)
    shared = shared_dir()
    pages = [shared / "seed" / "deferred-tax-asset.txt"] + sorted((shared / "bench" / "rpages").glob("*.txt"))[:n_pages]
    out = []
    for p in pages:
        try:
            out.append(map_file(p, catalog))
        except Exception as err:  # a page the parser rejects is simply not part of the sample
            print(f"  skip {p.name}: {err}", file=sys.stderr)
    return out


def copies(mappings, target: int):
    """Yield (doc_nquads_bytes, triples) for mapping copies under distinct document IRIs."""
    total, k = 0, 0
    while total < target:
        for pm in mappings:
            checksum = hashlib.sha256(f"{pm.page.checksum}/{k}".encode()).hexdigest()
            clone = dataclasses.replace(pm, page=dataclasses.replace(pm.page, checksum=checksum))
            data = emit.render_bytes([clone], "nq")
            n = data.count(b"\n")
            total += n
            yield data, n
            if total >= target:
                return
        k += 1


def taxonomy_slice(mappings, cache: Path | None, full: bool):
    with taxonomy.open("us-gaap", cache_dir=cache) as ix:
        if full:
            return index_to_rdf(ix)
        used = {c.qname for pm in mappings for rm in pm.rows for c in (rm.concept, rm.anchor) if c is not None}
        rels = [r for r in ix.relationships() if r.source in used or r.target in used]
        names = used | {r.source for r in rels} | {r.target for r in rels}
        return taxonomy_to_rdf(ix.info, [c for c in ix.concepts() if c.qname in names], rels)


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def run_oxigraph_query(store: ox.Store, text: str) -> int:
    res = store.query(text, use_default_graph_as_union=True)
    return sum(1 for _ in res) if isinstance(res, ox.QuerySolutions) else 1


def rdflib_query(ds, text: str, budget: float):
    """Run an rdflib query in a forked child so it can be stopped at ``budget`` seconds."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()

    def run() -> None:
        t, n = timed(lambda: len(list(ds.query(text))))
        child.send((t, n))

    proc = ctx.Process(target=run)
    proc.start()
    if parent.poll(budget):
        t, n = parent.recv()
        proc.join()
        return t, n
    proc.kill()
    proc.join()
    return budget, None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--pages", type=int, default=40, help="bench pages to map (plus the seed)")
    ap.add_argument("--cache", type=Path, default=None, help="compiled taxonomy cache")
    ap.add_argument("--full-taxonomy", action="store_true", help="load the whole us-gaap graph, not a slice")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--no-transactions", action="store_true",
                    help="skip the one-transaction-per-document load (the slow baseline)")
    ap.add_argument("--repeat", type=int, default=3, help="pyoxigraph runs per query (median reported)")
    ap.add_argument("--rdflib-budget", type=float, default=120.0, metavar="SECONDS",
                    help="stop an rdflib query after this long and report a lower bound")
    args = ap.parse_args()

    t0 = time.perf_counter()
    mappings = map_pages(args.pages, args.cache)
    print(f"mapped {len(mappings)} real pages in {time.perf_counter() - t0:.1f} s")
    docs = list(copies(mappings, args.triples))
    n_triples = sum(n for _, n in docs)
    tax = taxonomy_slice(mappings, args.cache, args.full_taxonomy)
    print(f"data: {len(docs)} documents, {n_triples:,} triples of mapping output "
          f"+ {len(tax.lines):,} taxonomy triples")

    work = Path(tempfile.mkdtemp(prefix="bench_store."))
    try:
        n_all = n_triples + len(tax.lines)
        files = []
        for i, (d, _) in enumerate(docs):           # one file per document, as `map -o` writes them
            files.append(work / "docs" / f"{i:05d}.nq")
            files[-1].parent.mkdir(exist_ok=True)
            files[-1].write_bytes(d)

        # 1. batched load of the document files (GraphStore.load_files: bulk batches of new graphs)
        sdir = work / "store"
        with open_store(sdir) as st:
            t_files, outcomes = timed(lambda: st.load_files(files))
            assert all(o.error is None for o in outcomes)
            t_tax, _ = timed(lambda: st.replace_graph_ntriples(tax.graph, tax.ntriples()))
            t_reload, _ = timed(lambda: st.load_files(files))       # idempotent: compares, writes nothing
            st.raw.flush()
            t_opt, _ = timed(st.raw.optimize)
        ox.Store(str(sdir)).flush()  # reopen: RocksDB drops the write-ahead logs it no longer needs
        size = du(sdir)
        print(f"\npyoxigraph load_files ({len(files)} .nq files, batched bulk loads): {t_files:.1f} s "
              f"({n_triples / t_files:,.0f} triples/s); taxonomy bulk load {t_tax:.1f} s; optimize {t_opt:.1f} s")
        print(f"pyoxigraph reload of the same files (each graph compared, nothing changed): {t_reload:.1f} s "
              f"({n_triples / t_reload:,.0f} triples/s)")
        print(f"store size on disk: {size / 1e6:.0f} MB ({size / n_all:.0f} bytes/triple); "
              f"the .nq files: {sum(len(d) for d, _ in docs) / 1e6:.0f} MB")

        # 2. one transaction per document (what `map --store` does, one document at a time)
        t_docs = None
        if not args.no_transactions:
            with open_store(work / "tx") as tx:
                t_docs, _ = timed(lambda: [tx.load_bytes(d, "nq", source="bench") for d, _ in docs])
            print(f"pyoxigraph, one transaction per document: {t_docs:.1f} s ({n_triples / t_docs:,.0f} triples/s)")
            shutil.rmtree(work / "tx", ignore_errors=True)

        # 3. one file, pyoxigraph's bulk loader (the floor: no per-document bookkeeping)
        nq = work / "all.nq"
        with open(nq, "wb") as fh:
            for d, _ in docs:
                fh.write(d)
            fh.write(tax.nquads().encode())
        bdir = work / "bulk"
        bulk = ox.Store(str(bdir))
        t_bulk, _ = timed(lambda: bulk.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))
        print(f"pyoxigraph bulk_load of the same data as one .nq: {t_bulk:.1f} s ({n_all / t_bulk:,.0f} triples/s)")
        del bulk
        shutil.rmtree(bdir, ignore_errors=True)

        st = ox.Store.read_only(str(sdir))
        ox_times: dict[str, float] = {}
        print(f"\n{'query':28} {'rows':>7} {'pyoxigraph ms (median)':>24}")
        for q in QUERIES:
            text = q.read_text()
            runs = [timed(lambda: run_oxigraph_query(st, text)) for _ in range(args.repeat)]
            ox_times[q.name] = statistics.median(t for t, _ in runs)
            print(f"{q.name:28} {runs[0][1]:>7} {ox_times[q.name] * 1000:>24.1f}")

        if args.no_rdflib:
            return 0
        import logging

        from rdflib import Dataset

        logging.getLogger("rdflib").setLevel(logging.CRITICAL)

        ds = Dataset(default_union=True)

        def rdflib_files() -> None:
            for f in files:
                ds.parse(str(f), format="nquads")

        t_rl_docs, _ = timed(rdflib_files)       # the same per-document files load_files read
        t_rl_tax, _ = timed(lambda: ds.parse(data=tax.nquads(), format="nquads"))
        t_rl = t_rl_docs + t_rl_tax
        print(f"\nrdflib Dataset (in memory) parse of the {len(files)} .nq files: {t_rl_docs:.1f} s "
              f"({n_triples / t_rl_docs:,.0f} triples/s); + taxonomy {t_rl_tax:.1f} s")
        print(f"load ratio rdflib/pyoxigraph: {t_rl_docs / t_files:.1f}x load_files, "
              f"{t_rl_docs / t_reload:.1f}x reload, {t_rl / t_bulk:.1f}x one-file bulk_load"
              + (f", {t_rl_docs / t_docs:.1f}x one transaction per document" if t_docs else ""))
        print(f"\n{'query':28} {'rows':>7} {'rdflib ms':>12} {'ratio rdflib/pyoxigraph':>24}")
        for q in QUERIES:
            t, res = rdflib_query(ds, q.read_text(), args.rdflib_budget)
            if res is None:
                print(f"{q.name:28} {'-':>7} {'>' + format(t * 1000, '.0f'):>12} "
                      f"{'>' + format(t / ox_times[q.name], '.0f'):>23}x  (stopped at the budget)")
            else:
                print(f"{q.name:28} {res:>7} {t * 1000:>12.1f} {t / ox_times[q.name]:>23.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
