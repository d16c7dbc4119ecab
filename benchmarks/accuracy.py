"""Accuracy of the mapper on R-page cases with gold answers (default: ../shared/bench/rpages).

    python benchmarks/accuracy.py [FOLDER ...] [--cases N] [--per-case] [--json FILE]

The gold files are read only to score; the mapper sees the .txt pages and the compiled
taxonomies, nothing else. Rows are grouped so the figures say what the page could tell:

  standard+def    gold element is a us-gaap/dei/srt concept of the compiled taxonomies and its
                  definition block carries a definition (the issue's 99% target)
  standard-nodef  same, but the block has no definition (abstracts, pages saved without them)
  not-in-version  gold element is standard but the compiled taxonomy version lacks it:
                  right when the mapper says "not in this taxonomy version" (or extension)
  extension       gold element is the filer's own: right when the mapper flags an extension
  segment         dimension-member rows (gold = the member's axis)
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapper.config import shared_dir  # noqa: E402
from mapper.errors import MapperError  # noqa: E402
from mapper.resolve.catalog import load_catalog  # noqa: E402
from mapper.resolve.resolver import resolve_page  # noqa: E402
from mapper.rpage import parse_file  # noqa: E402
from mapper.resolve.text import norm  # noqa: E402
from benchmarks._cli import run  # noqa: E402

STANDARD = {"us-gaap", "dei", "srt", "ecd", "country", "currency", "exch", "stpr", "naics", "sic", "invest",
            "cyd", "spac", "snj", "rxp", "vip", "oef", "ffd", "cef", "sro", "fnd", "hmrc"}


def align(parsed_labels: list[str], gold_labels: list[str]) -> dict[int, int]:
    """gold row index -> parsed row index, by label sequence."""
    sm = difflib.SequenceMatcher(a=[norm(x) for x in gold_labels], b=[norm(x) for x in parsed_labels],
                                 autojunk=False)
    out = {}
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            out[a + k] = b + k
    return out


CAL_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01)


VALUE_KINDS = frozenset(("monetary", "shares", "per_share", "percent"))


def score_case(txt: Path, gold: dict, cat, timings: list[float], calib: Counter | None = None,
               kinds: Counter | None = None) -> tuple[Counter, Counter, list]:
    right, total, errors = Counter(), Counter(), []
    t0 = time.perf_counter()
    try:
        page = parse_file(txt)
        pm = resolve_page(page, cat)
    except MapperError as err:
        errors.append(("parse-error", str(err)))
        for r in gold["rows"]:
            total["unparsed"] += 1
        return right, total, errors
    timings.append(time.perf_counter() - t0)
    has_def = {b["element"]: bool(b.get("definition")) for b in gold.get("definition_blocks", [])}
    amap = align([m.row.shown_label for m in pm.rows], [r["label"] for r in gold["rows"]])
    for gi, g in enumerate(gold["rows"]):
        el = g.get("element")
        if not el:
            continue
        prefix, local = g.get("prefix"), g.get("local_name")
        seg = False
        if gi not in amap:
            total["unaligned"] += 1
            continue
        m = pm.rows[amap[gi]]
        seg = m.member or (prefix in STANDARD and (local or "").endswith("Axis") and not local.endswith("Table"))
        qname = f"{prefix}:{local}"
        if seg and local.endswith("Axis"):
            group = "segment"
            ok = (m.concept is not None and m.concept.qname == qname) or (m.extension and prefix not in STANDARD)
        elif prefix not in STANDARD:
            group = "extension"
            ok = m.extension
        elif cat.get(qname) is None:
            group = "not-in-version"
            ok = (not m.in_taxonomy) or m.extension
        else:
            group = "standard+def" if has_def.get(el) else "standard-nodef"
            ok = m.concept is not None and m.concept.qname == qname and not m.extension and m.in_taxonomy
            want = cat.concepts[cat.get(qname)].kind
            if kinds is not None and want in VALUE_KINDS:
                # the parser's unit reading: money, shares, per share, percent as the gold's data type
                for v in m.row.values:
                    if v.number is not None:
                        kinds["n"] += 1
                        kinds["ok"] += v.kind == want
        total[group] += 1
        if calib is not None and group in ("standard+def", "standard-nodef", "extension"):
            b = next(k for k in range(len(CAL_BINS) - 1) if m.confidence < CAL_BINS[k + 1])
            calib[(b, "n")] += 1
            calib[(b, "ok")] += bool(ok)
        if ok:
            right[group] += 1
        else:
            got = m.concept.qname if m.concept else ("EXT" if m.extension else None)
            if m.concept and not m.in_taxonomy:
                got += " [reported as not in this taxonomy version]"
            errors.append((group, f"{g['label']!r}: gold {qname} got {got} (conf {m.confidence})"))
    return right, total, errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--cases", type=int, default=0, help="only the first N cases")
    ap.add_argument("--per-case", action="store_true", help="print a line per case")
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong rows per group")
    ap.add_argument("--filter", default="", help="only cases whose id contains this")
    ap.add_argument("--json", help="write the figures as JSON here")
    args = ap.parse_args(argv)
    folders = [Path(f) for f in args.folders] or [shared_dir() / "bench" / "rpages"]

    t_start = time.perf_counter()
    cat = load_catalog()
    t_cat = time.perf_counter() - t_start

    cases = []
    for folder in folders:
        for gold in sorted(folder.glob("*.gold.json")):
            txt = gold.with_name(gold.name[: -len(".gold.json")] + ".txt")
            if txt.exists() and args.filter in txt.name:
                cases.append((txt, gold))
    if args.cases:
        cases = cases[: args.cases]

    right, total = Counter(), Counter()
    by_filer: dict[str, list[Counter]] = defaultdict(lambda: [Counter(), Counter()])
    all_errors: dict[str, list[str]] = defaultdict(list)
    timings: list[float] = []
    calib: Counter = Counter()
    kinds: Counter = Counter()
    for txt, gpath in cases:
        gold = json.loads(gpath.read_text())
        r, t, errs = score_case(txt, gold, cat, timings, calib, kinds)
        right.update(r)
        total.update(t)
        filer = (gold.get("filing") or {}).get("filer") or txt.name.split("_")[0]
        by_filer[filer][0].update(r)
        by_filer[filer][1].update(t)
        for grp, e in errs:
            all_errors[grp].append(f"{txt.name}: {e}")
        if args.per_case:
            sd = t["standard+def"]
            print(f"{txt.name[:70]:70s} std+def {r['standard+def']}/{sd}  ext {r['extension']}/{t['extension']}")

    def pct(a, b):
        return f"{100.0 * a / b:6.2f}%" if b else "     -"

    print(f"\ncases: {len(cases)}   catalog load: {t_cat:.2f} s   "
          f"concepts: {len(cat.concepts)} ({', '.join(u.name for u in cat.taxonomies)})")
    print(f"{'group':16s} {'right':>7s} {'rows':>7s} {'accuracy':>9s}")
    for g in ("standard+def", "standard-nodef", "not-in-version", "extension", "segment", "unaligned", "unparsed"):
        if total[g]:
            print(f"{g:16s} {right[g]:7d} {total[g]:7d} {pct(right[g], total[g])}")
    print("\nper filer (standard+def | standard-nodef | extension):")
    for filer, (r, t) in sorted(by_filer.items()):
        print(f"  {filer[:40]:40s} {pct(r['standard+def'], t['standard+def'])} ({t['standard+def']:4d})"
              f" | {pct(r['standard-nodef'], t['standard-nodef'])} ({t['standard-nodef']:4d})"
              f" | {pct(r['extension'], t['extension'])} ({t['extension']:4d})")
    print("\nconfidence calibration (standard and extension rows): confidence range -> share right")
    for k in range(len(CAL_BINS) - 1):
        n = calib[(k, "n")]
        if n:
            print(f"  [{CAL_BINS[k]:.1f}, {min(CAL_BINS[k + 1], 1.0):.1f}{']' if k == len(CAL_BINS) - 2 else ')'}"
                  f"  {pct(calib[(k, 'ok')], n)} of {n} rows")
    if kinds["n"]:
        print(f"\nvalue kinds: {kinds['ok']} of {kinds['n']} numeric cells of standard rows "
              f"({pct(kinds['ok'], kinds['n']).strip()}) read as their gold concept's data type "
              "(money, shares, per share, percent)")
    if timings:
        tot = sum(timings)
        print(f"\nthroughput: {len(timings) / tot:.1f} pages/s on one core (parse + resolve, after start-up); "
              f"mean {1000 * tot / len(timings):.2f} ms/page, max {1000 * max(timings):.1f} ms")
    if args.errors:
        for g, errs in all_errors.items():
            print(f"\n== {g}: {len(errs)} wrong")
            for e in errs[: args.errors]:
                print("  " + e)
    if args.json:
        Path(args.json).write_text(json.dumps({"right": right, "total": total}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
