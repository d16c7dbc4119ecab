"""Mapping speed: pages/s on one core after start-up, cold end-to-end `xbrl-mapper map` of the seed,
and the obvious alternative (fuzzy caption -> best taxonomy label, rapidfuzz) in the same run.

    python benchmarks/bench_map.py [FOLDER] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from mapper.config import shared_dir  # noqa: E402
from mapper.errors import MapperError  # noqa: E402
from mapper.resolve.catalog import load_catalog  # noqa: E402
from mapper.resolve.resolver import resolve_page  # noqa: E402
from mapper.resolve.text import norm, strip_label_markers  # noqa: E402
from mapper.rpage import parse_file  # noqa: E402
from benchmarks._cli import run  # noqa: E402


def naive_mapper(cat):
    """Caption -> the concept with the most similar label (any role), nothing else."""
    labels, owners = [], []
    for i, c in enumerate(cat.concepts):
        for lab in c.labels_norm:
            labels.append(lab)
            owners.append(i)

    def run(page):
        out = []
        for r in page.rows:
            hit = process.extractOne(norm(strip_label_markers(r.label)), labels, scorer=fuzz.WRatio)
            out.append(cat.concepts[owners[hit[2]]].qname if hit else None)
        return out
    return run


def filer_of(page_file: Path) -> str:
    """The filer a bench page is from (its gold file's filing), else the first part of its name."""
    gold = page_file.with_name(page_file.stem + ".gold.json")
    if gold.exists():
        filer = (json.loads(gold.read_text()).get("filing") or {}).get("filer")
        if filer:
            return filer
    return page_file.name.split("_")[0]


def clear_text_caches() -> None:
    """Empty the functools caches of the mapper's modules (captions, value kinds, ...)."""
    for name, module in list(sys.modules.items()):
        if name == "mapper" or name.startswith("mapper."):
            for obj in list(vars(module).values()):
                if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                    obj.cache_clear()


def other_filers_rate(pages: list, filers: list[str]) -> float:
    """Steady state on filers never seen: the filers split in two folds (alternately, by page count);
    each fold is timed on a fresh catalog whose caches the other fold's pages have warmed."""
    counts: dict[str, int] = {}
    for f in filers:
        counts[f] = counts.get(f, 0) + 1
    ranked = sorted(counts, key=lambda f: (-counts[f], f))
    fold = {f: k % 2 for k, f in enumerate(ranked)}
    timed, n = 0.0, 0
    for k in (0, 1):
        cat = load_catalog()     # a new catalog object: every memo starts empty ...
        clear_text_caches()      # ... and so do the per-text caches of the modules
        for page, f in zip(pages, filers):
            if fold[f] != k:
                resolve_page(page, cat)
        mine = [page for page, f in zip(pages, filers) if fold[f] == k]
        t = time.perf_counter()
        for page in mine:
            resolve_page(page, cat)
        timed += time.perf_counter() - t
        n += len(mine)
    return n / timed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--repeat", type=int, default=5, help="cold runs of the CLI")
    ap.add_argument("--naive-pages", type=int, default=120, help="pages for the naive comparison")
    args = ap.parse_args(argv)
    folder = Path(args.folder) if args.folder else shared_dir() / "bench" / "rpages"
    seed = shared_dir() / "seed" / "deferred-tax-asset.txt"

    # cold CLI runs (a fresh process each: imports, catalog load, parse, resolve, write)
    cold = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "mapper", "map", str(seed), "-o", f"{tmp}/s.ttl"],
                                  env=os.environ.copy())
            if done.returncode:
                raise MapperError(f"the cold `xbrl-mapper map` run failed (exit {done.returncode}, its error above)")
            cold.append(time.perf_counter() - t)
    print(f"cold `xbrl-mapper map seed -o seed.ttl`: median {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, max {max(cold):.2f}, {args.repeat} runs)")

    t = time.perf_counter()
    cat = load_catalog()
    print(f"catalog load (warm pickle): {time.perf_counter() - t:.2f} s, {len(cat.concepts)} concepts")

    pages, filers = [], []
    for p in sorted(folder.glob("*.txt")):
        try:
            pages.append(parse_file(p))
        except MapperError:
            continue
        filers.append(filer_of(p))
    t = time.perf_counter()
    rows = 0
    for page in pages:
        rows += len(resolve_page(page, cat).rows)
    first = time.perf_counter() - t
    t = time.perf_counter()
    for page in pages:
        resolve_page(page, cat)
    second = time.perf_counter() - t
    tracemalloc.start()          # memory on a separate pass: tracing slows Python down
    for page in pages[:100]:
        resolve_page(page, cat)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"resolve {len(pages)} pages / {rows} rows on one core: first pass {len(pages) / first:.1f} pages/s "
          f"({rows / first:.0f} rows/s), warm caches {len(pages) / second:.1f} pages/s; "
          f"peak traced memory (100 pages) {peak / 2**20:.0f} MiB")

    print(f"resolve pages of filers not seen before, caches warmed on the other filers' pages (2 folds): "
          f"{other_filers_rate(pages, filers):.1f} pages/s")

    t = time.perf_counter()
    for p in sorted(folder.glob("*.txt"))[:200]:
        try:
            parse_file(p)
        except MapperError:
            pass
    print(f"parse only: {200 / (time.perf_counter() - t):.0f} pages/s")

    # the obvious alternative, same pages, same machine, same run
    naive = naive_mapper(cat)
    sample = pages[: args.naive_pages]
    golds = []
    for page in sample:
        g = Path(page.source).with_name(Path(page.source).name[:-4] + ".gold.json")
        golds.append(json.loads(g.read_text()) if g.exists() else None)
    t = time.perf_counter()
    naive_out = [naive(p) for p in sample]
    t_naive = time.perf_counter() - t
    t = time.perf_counter()
    ours = [resolve_page(p, cat) for p in sample]
    t_ours = time.perf_counter() - t
    hit_n = hit_o = tot = 0
    for page, gold, nv, pm in zip(sample, golds, naive_out, ours):
        if not gold or len(gold["rows"]) != len(page.rows):
            continue
        for g, n, m in zip(gold["rows"], nv, pm.rows):
            if g.get("prefix") in ("us-gaap", "dei", "srt") and cat.get(f"{g['prefix']}:{g['local_name']}") is not None:
                q = f"{g['prefix']}:{g['local_name']}"
                tot += 1
                hit_n += n == q
                hit_o += bool(m.concept and m.concept.qname == q)
    print(f"naive fuzzy caption->label on {len(sample)} pages: {len(sample) / t_naive:.1f} pages/s, "
          f"exact {100 * hit_n / max(tot, 1):.1f}% of {tot} standard rows; xbrl-mapper "
          f"{len(sample) / t_ours:.1f} pages/s, exact {100 * hit_o / max(tot, 1):.1f}% "
          f"(accuracy x{hit_o / max(hit_n, 1):.1f}, speed x{t_naive / t_ours:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
