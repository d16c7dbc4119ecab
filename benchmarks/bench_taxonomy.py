"""Taxonomy index benchmark: compile cost, open + first lookup vs Arelle, lookups, search.

    python benchmarks/bench_taxonomy.py [--cache DIR] [--skip-compile] [--repeat N]

Figures are printed, not asserted. Every timed phase that needs a cold interpreter runs in its
own subprocess (so peak memory and import costs are that phase's alone).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mapper.config import shared_dir  # noqa: E402

TAX = shared_dir() / "taxonomy"
SOURCES_2024 = [TAX / "fasb-srt-2024" / "srt-2024", TAX / "us-gaap-2024-partial" / "us-gaap-2024"]
SOURCES_2021 = [TAX / "openesef-srt-dei-2021"]
QNAME = "us-gaap:DeferredTaxAssetsGross"


def run_child(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line, to which peak RSS is added."""
    wrapper = ("import json, resource, sys, time\n" + code +
               "\nresult['peak_rss_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
               "print(json.dumps(result))\n")
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0:
        raise SystemExit(f"child failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def compile_step(cache: Path, sources: list[Path]) -> dict:
    code = (f"from mapper import taxonomy\nt = time.perf_counter()\n"
            f"infos = taxonomy.add({[str(s) for s in sources]!r}, cache_dir={str(cache)!r})\n"
            "result = {'seconds': time.perf_counter() - t, 'names': [i.name for i in infos],"
            " 'concepts': sum(i.counts.get('concepts', 0) for i in infos)}")
    return run_child(code)


def open_lookup_child(cache: Path) -> dict:
    code = ("t0 = time.perf_counter()\nfrom mapper import taxonomy\nt1 = time.perf_counter()\n"
            f"tx = taxonomy.open('us-gaap-2024', {str(cache)!r})\nc = tx.concept({QNAME!r})\n"
            "t2 = time.perf_counter()\nassert c is not None\n"
            "result = {'import': t1 - t0, 'open_lookup': t2 - t1, 'total': t2 - t0,"
            " 'arelle_imported': any(m.startswith('arelle') for m in sys.modules)}")
    return run_child(code)


def arelle_child(packages: list[Path], entry: str) -> dict:
    code = ("t0 = time.perf_counter()\nimport logging\n"
            "from arelle.api.Session import Session\nfrom arelle.RuntimeOptions import RuntimeOptions\n"
            f"opts = RuntimeOptions(entrypointFile={entry!r}, packages={[str(p) for p in packages]!r},"
            " internetConnectivity='offline', keepOpen=True)\n"
            "with Session() as s:\n"
            "    s.run(opts, logHandler=logging.NullHandler())\n"
            "    m = s.get_models()[0]\n"
            f"    c = [x for q, x in m.qnameConcepts.items() if str(q) == {QNAME!r}][0]\n"
            "    t1 = time.perf_counter()\n"
            "result = {'total': t1 - t0}")
    return run_child(code)


def in_process(cache: Path, repeat: int) -> dict:
    from mapper import taxonomy
    out: dict = {}
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        tx = taxonomy.open("us-gaap-2024", cache)
        tx.concept(QNAME)
        times.append(time.perf_counter() - t)
        tx.close()
    out["open_lookup_warm_ms"] = statistics.median(times) * 1e3
    with taxonomy.open("us-gaap-2024", cache) as tx:
        t = time.perf_counter()
        concepts = tx.concepts()
        out["concepts_bulk_s"] = time.perf_counter() - t
        t = time.perf_counter()
        rels = tx.relationships()
        out["relationships_bulk_s"] = time.perf_counter() - t
        out["n_concepts"], out["n_relationships"] = len(concepts), len(rels)
        rnd = random.Random(7)
        names = [rnd.choice(concepts).qname for _ in range(20000)]
        t = time.perf_counter()
        for q in names:
            tx.concept(q)
        out["qname_lookup_us"] = (time.perf_counter() - t) / len(names) * 1e6
        t = time.perf_counter()
        for q in names[:5000]:
            tx.children(q, "calculation")
        out["children_lookup_us"] = (time.perf_counter() - t) / 5000 * 1e6
        labelled = [c for c in concepts if c.label()]
        queries = [rnd.choice(labelled).label() for _ in range(300)]
        lat = []
        for q in queries:
            t = time.perf_counter()
            tx.search(q, limit=20)
            lat.append(time.perf_counter() - t)
        lat.sort()
        out["search_median_ms"] = statistics.median(lat) * 1e3
        out["search_p95_ms"] = lat[int(len(lat) * 0.95)] * 1e3
        out["index_mib"] = tx.path.stat().st_size / 2 ** 20
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, help="cache folder (default: a new temporary folder)")
    ap.add_argument("--skip-compile", action="store_true", help="use the cache as it is")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench_taxonomy_"))
    print(f"cache: {cache}")

    if not args.skip_compile:
        for label, sources in (("us-gaap 2024 + SRT 2024", SOURCES_2024), ("DEI 2021 + SRT 2021", SOURCES_2021)):
            r = compile_step(cache, sources)
            print(f"compile {label:<24} {r['seconds']:7.2f} s   peak RSS {r['peak_rss_mib']:7.0f} MiB   "
                  f"{r['concepts']} concepts -> {', '.join(r['names'])}")
        r = compile_step(cache, SOURCES_2024)
        print(f"re-add unchanged us-gaap + SRT 2024  {r['seconds']:7.2f} s (checksum no-op)")

    cold = [open_lookup_child(cache) for _ in range(args.repeat)]
    med = lambda key: statistics.median(x[key] for x in cold)  # noqa: E731
    print(f"open + first lookup ({QNAME}), fresh process, median of {args.repeat}:")
    print(f"  import mapper.taxonomy {med('import') * 1e3:7.1f} ms   open+lookup {med('open_lookup') * 1e3:7.1f} ms"
          f"   total {med('total') * 1e3:7.1f} ms   arelle imported: {cold[0]['arelle_imported']}")

    packages = sorted((cache / "packages").glob("us-gaap-2024-*.zip")) + \
        sorted((cache / "packages").glob("srt-2024-*.zip"))
    entry = "https://xbrl.fasb.org/us-gaap/2024/entire/us-gaap-entryPoint-all-2024.xsd"
    arelle = [arelle_child(packages, entry) for _ in range(max(1, min(3, args.repeat)))]
    a_total = statistics.median(x["total"] for x in arelle)
    a_rss = statistics.median(x["peak_rss_mib"] for x in arelle)
    print(f"Arelle: import + load same DTS + lookup, fresh process, median of {len(arelle)}: "
          f"{a_total:6.2f} s   peak RSS {a_rss:6.0f} MiB")
    print(f"  ratio Arelle / index (fresh process, incl. imports): {a_total / med('total'):7.1f}x")
    print(f"  ratio Arelle / index (open + lookup only):           {a_total / med('open_lookup'):7.1f}x")
    print(f"  index process peak RSS {statistics.median(x['peak_rss_mib'] for x in cold):6.0f} MiB")

    r = in_process(cache, args.repeat)
    print(f"warm open + first lookup        {r['open_lookup_warm_ms']:8.2f} ms")
    print(f"QName lookup (20,000 random)    {r['qname_lookup_us']:8.1f} us per lookup")
    print(f"calculation children lookup     {r['children_lookup_us']:8.1f} us per lookup")
    print(f"concepts() bulk                 {r['concepts_bulk_s']:8.3f} s  ({r['n_concepts']} concepts)")
    print(f"relationships() bulk            {r['relationships_bulk_s']:8.3f} s  ({r['n_relationships']} relationships)")
    print(f"FTS search (300 label queries)  median {r['search_median_ms']:6.2f} ms   p95 {r['search_p95_ms']:6.2f} ms")
    print(f"us-gaap-2024 index size         {r['index_mib']:8.1f} MiB")


if __name__ == "__main__":
    main()
