"""Parser benchmark: segmentation accuracy of the text parser against the bench gold, and
throughput of both parsers.

    python benchmarks/bench_parse.py [BENCH_DIR] [--errors N] [--html] [--baseline-rev REV]

Gold is read only to *measure* (labels, number of non-empty values, row kinds, blocks); the
parser never sees it. Prints: % of cases whose rows all match, % of rows, row-kind accuracy,
precision/recall per kind of the value-less rows (heading / segment / empty fact), header/block
accuracy, pages/s for text, and (with --html) the same through rendered HTML compared with a
naive "one value per line after each label" baseline measured in the same run. With
``--baseline-rev REV`` the text parser of git revision REV (its text.py, segment.py and
rowkinds.py) is measured in the same run, for before/after figures.
"""
from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapper.config import shared_dir  # noqa: E402
from mapper.errors import MapperError  # noqa: E402
from mapper.rpage import parse_bytes  # noqa: E402


def gold_rows(gold: dict) -> list[tuple[str, int]]:
    return [(r["label"], sum(v is not None for v in r["values"])) for r in gold["rows"]]


def page_rows(page) -> list[tuple[str, int]]:
    return [(r.shown_label, len(r.values)) for r in page.rows]


KINDS = ("heading", "segment", "fact")
_ABSTRACT_NAMES = ("Abstract", "LineItems", "RollForward", "Rollforward", "Table")


def gold_kind(r: dict) -> str:
    """segment: the row links to an axis (or to nothing: 2012-renderer member rows); heading:
    an abstract element; else a fact (a value-less fact is shown empty)."""
    el = r["element"] or ""
    if not el or el.endswith("Axis"):
        return "segment"
    if r["is_abstract"] or el.endswith(_ABSTRACT_NAMES):
        return "heading"
    return "fact"


def load_revision(rev: str):
    """parse(data, source) using text.py, segment.py and rowkinds.py of git revision ``rev``
    (the other modules are today's)."""
    import importlib
    pkg_name = "mapper.rpage_rev"
    pkg = types.ModuleType(pkg_name)
    pkg.__path__ = []
    sys.modules[pkg_name] = pkg
    for name in ("model", "values", "periods", "references"):
        sys.modules[f"{pkg_name}.{name}"] = importlib.import_module(f"mapper.rpage.{name}")
    for name in ("segment", "rowkinds", "text"):
        got = subprocess.run(["git", "show", f"{rev}:mapper/rpage/{name}.py"], cwd=ROOT,
                             capture_output=True, text=True)
        if got.returncode:
            raise SystemExit(f"--baseline-rev {rev}: {got.stderr.strip() or 'git show failed'}")
        src = got.stdout
        mod = types.ModuleType(f"{pkg_name}.{name}")
        mod.__package__ = pkg_name
        sys.modules[mod.__name__] = mod
        exec(compile(src, f"{rev}:{name}.py", "exec"), mod.__dict__)
    parse_text = sys.modules[f"{pkg_name}.text"].parse_text
    return lambda data, source: parse_text(data.decode("utf-8-sig"), source)


def kind_pairs(page, gold: dict, mine: list, want: list) -> list[tuple[str, str]]:
    """(gold kind, parsed kind) of every value-less gold row aligned with a parsed row."""
    sm = difflib.SequenceMatcher(a=mine, b=want, autojunk=False)
    return [(gold_kind(gold["rows"][b + k]), page.rows[a + k].kind)
            for a, b, n in sm.get_matching_blocks() for k in range(n) if not want[b + k][1]]


def kind_figures(pairs: Counter) -> dict[str, tuple[float, float, int]]:
    """kind -> (precision, recall, gold rows) from a Counter of (gold, parsed) pairs."""
    out = {}
    for kind in KINDS:
        tp = pairs[(kind, kind)]
        said = sum(v for (g, m), v in pairs.items() if m == kind)
        real = sum(v for (g, m), v in pairs.items() if g == kind)
        out[kind] = (tp / said if said else 0.0, tp / real if real else 0.0, real)
    return out


def matched_rows(mine: list, gold: list) -> int:
    if len(mine) == len(gold):
        return sum(a == b for a, b in zip(mine, gold))
    sm = difflib.SequenceMatcher(a=mine, b=gold, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks())


def naive_rows(text: str) -> list[tuple[str, int]]:
    """The obvious alternative: a line is a value iff it parses as a number/date/boolean."""
    from mapper.rpage.values import shape_of
    body = []
    lines = text.split("\n")
    for i, t in enumerate(lines):
        if t == "|X":
            break
        if t.startswith("|") and i > 0 and t != "|" and not (i > 0 and lines[i - 1] == "|"):
            body.append(t[1:])
    rows: list[list] = []
    for t in body:
        if shape_of(t) != "text" and rows:
            rows[-1][1] += 1
        else:
            rows.append([t, 0])
    return [(a, b) for a, b in rows]


def evaluate(bench: Path, show_errors: int = 0, parse=parse_bytes) -> dict:
    cases = sorted(bench.glob("*.gold.json"))
    stats = dict(cases=0, cases_ok=0, rows=0, rows_ok=0, naive_rows_ok=0, kinds=0, kinds_ok=0,
                 headers_ok=0, blocks=0, blocks_ok=0, failures=0, no_rows=0, parse_s=0.0, bytes=0,
                 kind_pairs=Counter())
    shown = 0
    for gpath in cases:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        tpath = gpath.with_name(gpath.name.replace(".gold.json", ".txt"))
        data = tpath.read_bytes()
        stats["cases"] += 1
        stats["bytes"] += len(data)
        t0 = time.perf_counter()
        try:
            page = parse(data, str(tpath))
        except MapperError as exc:
            if gold["rows"]:
                stats["failures"] += 1
                print(f"FAIL {exc}")
            else:   # a page with blocks but no rows is refused on purpose
                stats["cases_ok"] += 1
                stats["no_rows"] += 1
            continue
        stats["parse_s"] += time.perf_counter() - t0
        mine, want = page_rows(page), gold_rows(gold)
        ok = matched_rows(mine, want)
        stats["rows"] += len(want)
        stats["rows_ok"] += ok
        stats["naive_rows_ok"] += matched_rows(naive_rows(data.decode("utf-8")), want)
        stats["kind_pairs"].update(kind_pairs(page, gold, mine, want))
        if mine == want:
            stats["cases_ok"] += 1
            for r, g in zip(page.rows, gold["rows"]):
                stats["kinds"] += 1
                stats["kinds_ok"] += (r.kind == gold_kind(g))
        elif shown < show_errors:
            shown += 1
            print(f"--- {tpath.name}: {ok}/{len(want)} rows")
            for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=mine, b=want, autojunk=False)\
                    .get_opcodes():
                if op != "equal":
                    print(f"  mine {mine[a1:a2]}\n  gold {want[b1:b2]}")
        groups = [c["text"] for c in gold["column_groups"]]
        hdr_ok = [c.header for c in page.columns] == gold["column_headers"] and \
            sorted({c.group for c in page.columns if c.group}) == sorted(set(groups))
        stats["headers_ok"] += hdr_ok
        gb = gold["definition_blocks"]
        stats["blocks"] += len(gb)
        if len(gb) == len(page.blocks):
            for b, g in zip(page.blocks, gb):
                nrefs = sum(1 for ref in g["references"] for x in ref if x.startswith("Reference "))
                stats["blocks_ok"] += ((b.definition or "") == (g["definition"] or "") and len(b.references) == nrefs)
    return stats


def html_throughput(bench: Path) -> dict:
    """Render every gold case as EDGAR HTML (in memory, untimed), then time the HTML parser."""
    from mapper.rpage.render import page_from_gold, render_html
    docs = []
    for gpath in sorted(bench.glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if gold["rows"]:
            docs.append(render_html(page_from_gold(gold)).encode("utf-8"))
    t0 = time.perf_counter()
    for i, d in enumerate(docs):
        parse_bytes(d, f"case{i}.htm")
    secs = time.perf_counter() - t0
    t0 = time.perf_counter()
    from lxml import html as lhtml
    for d in docs:
        lhtml.document_fromstring(d)
    lxml_secs = time.perf_counter() - t0
    return dict(pages=len(docs), secs=secs, lxml_secs=lxml_secs, bytes=sum(map(len, docs)))


def naive_throughput(bench: Path) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted(bench.glob("*.txt"))]
    t0 = time.perf_counter()
    for t in texts:
        naive_rows(t)
    return len(texts) / (time.perf_counter() - t0)


def peak_memory(bench: Path) -> tuple[str, int, float]:
    """Peak Python allocation while parsing the largest text case."""
    import tracemalloc
    biggest = max(bench.glob("*.txt"), key=lambda p: p.stat().st_size)
    data = biggest.read_bytes()
    tracemalloc.start()
    parse_bytes(data, biggest.name)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return biggest.name, len(data), peak / 1e6


def report(stats: dict) -> None:
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    print(f"cases: {stats['cases']}  parse failures: {stats['failures']}  refused as expected "
          f"(blocks but no rows): {stats['no_rows']}")
    print(f"segmentation: cases all rows exact {pct(stats['cases_ok'], stats['cases']):.2f}%  "
          f"rows exact {pct(stats['rows_ok'], stats['rows']):.2f}% "
          f"({stats['rows_ok']}/{stats['rows']})")
    print(f"naive baseline (numbers/dates are values, all else labels): rows exact "
          f"{pct(stats['naive_rows_ok'], stats['rows']):.2f}%")
    print(f"row kinds (in exactly segmented cases): {pct(stats['kinds_ok'], stats['kinds']):.2f}%")
    parsed = stats['cases'] - stats['failures'] - stats['no_rows']
    print(f"headers exact: {pct(stats['headers_ok'], parsed):.2f}%  definition blocks exact:"
          f" {pct(stats['blocks_ok'], stats['blocks']):.2f}%")
    secs = stats["parse_s"]
    print(f"text parser throughput: {stats['cases'] / secs:.0f} pages/s, "
          f"{stats['bytes'] / secs / 1e6:.2f} MB/s (one core)")


def report_kinds(stats: dict, base: dict | None = None, rev: str = "") -> None:
    """Precision / recall per kind of the value-less rows, optionally next to a baseline."""
    pairs = stats["kind_pairs"]
    wrong = sum(v for (g, m), v in pairs.items() if g != m)
    total = sum(pairs.values())
    print(f"value-less rows aligned with gold: {total}, wrong kind {wrong} ({100.0 * wrong / total:.2f}%)"
          if total else "value-less rows aligned with gold: 0")
    now = kind_figures(pairs)
    old = kind_figures(base["kind_pairs"]) if base else None
    head = f"  {'kind':8s} {'rows':>5s} {'precision':>9s} {'recall':>7s}"
    if old:
        head += f"   | {rev[:10]:>10s} precision  recall"
    print(head)
    for kind in KINDS:
        p, r, n = now[kind]
        line = f"  {kind:8s} {n:5d} {p:9.4f} {r:7.4f}"
        if old:
            line += f"   | {'':10s} {old[kind][0]:9.4f} {old[kind][1]:7.4f}"
        print(line)
    if base:
        bw = sum(v for (g, m), v in base["kind_pairs"].items() if g != m)
        bt = sum(base["kind_pairs"].values())
        print(f"  {rev[:10]}: wrong kind {bw} of {bt} ({100.0 * bw / bt:.2f}%); segmentation rows exact "
              f"{100.0 * base['rows_ok'] / base['rows']:.2f}% ({base['rows_ok']}/{base['rows']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", nargs="?", default=str(shared_dir() / "bench" / "rpages"))
    ap.add_argument("--errors", type=int, default=0, help="print the first N mismatching cases")
    ap.add_argument("--html", action="store_true", help="also time the HTML parser on every "
                    "case rendered as EDGAR-style HTML")
    ap.add_argument("--baseline-rev", metavar="REV", help="also measure the text parser of this "
                    "git revision (before/after figures)")
    args = ap.parse_args(argv)
    bench = Path(args.bench)
    stats = evaluate(bench, args.errors)
    report(stats)
    base = evaluate(bench, 0, load_revision(args.baseline_rev)) if args.baseline_rev else None
    report_kinds(stats, base, args.baseline_rev or "")
    print(f"naive baseline speed: {naive_throughput(bench):.0f} pages/s (labels only, no typing)")
    name, size, peak = peak_memory(bench)
    print(f"peak memory parsing the largest case ({size / 1e3:.0f} kB): {peak:.1f} MB")
    if args.html:
        h = html_throughput(bench)
        print(f"HTML parser throughput: {h['pages'] / h['secs']:.0f} pages/s, "
              f"{h['bytes'] / h['secs'] / 1e6:.2f} MB/s over {h['pages']} rendered bench cases; "
              f"bare lxml parse of the same bytes: {h['pages'] / h['lxml_secs']:.0f} pages/s "
              f"(ratio {h['secs'] / h['lxml_secs']:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
