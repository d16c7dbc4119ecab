"""Does a change to the resolver change any answer? Map every page of a folder, write what it says.

    python benchmarks/resolve_equivalence.py FOLDER OUT.json [--against REF.json] [--cases N]

Every ``*.txt`` page of FOLDER (sorted by name) is parsed and resolved with the compiled
taxonomies; OUT gets a canonical JSON of, per row: concept, relation, extension, confidence,
alternatives (concept, score), anchor, block, in-taxonomy and member flags, note and evidence.
Run it once on the code before a change (the reference) and again after, with ``--against``
the reference: it prints the rows that differ and exits 1 if any does. A speed-up must leave
the file byte for byte the same.

String hashing is fixed (PYTHONHASHSEED, 0 unless set; the script re-runs itself with it) so
that a difference is never the hash seed's doing; the resolver itself gives the same answers
under every seed (sums and ties over words run in a fixed order; tests/test_resolve_real.py
checks two seeds).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapper.errors import MapperError  # noqa: E402
from mapper.resolve.catalog import load_catalog  # noqa: E402
from mapper.resolve.model import RowMapping  # noqa: E402
from mapper.resolve.resolver import resolve_page  # noqa: E402
from mapper.rpage import parse_file  # noqa: E402
from benchmarks._cli import run  # noqa: E402


def _qname(ref) -> str | None:
    return ref.qname if ref is not None else None


def row_record(m: RowMapping) -> dict:
    """What the resolver says about one row, in plain JSON values."""
    return {
        "label": m.row.shown_label,
        "concept": _qname(m.concept),
        "relation": m.relation,
        "extension": m.extension,
        "confidence": m.confidence,
        "alternatives": [[_qname(a.concept), a.score] for a in m.alternatives],
        "anchor": _qname(m.anchor),
        "block": m.block_index,
        "in_taxonomy": m.in_taxonomy,
        "member": m.member,
        "note": m.note,
        "evidence": [[e.signal, e.detail, e.score] for e in m.evidence],
    }


def map_folder(folder: Path, cases: int = 0) -> tuple[dict[str, list], float]:
    """page file name -> row records (or an error string); and the seconds spent resolving."""
    cat = load_catalog()
    pages = sorted(folder.glob("*.txt"))
    if cases:
        pages = pages[:cases]
    out: dict[str, list] = {}
    spent = 0.0
    for txt in pages:
        t0 = time.perf_counter()
        try:
            pm = resolve_page(parse_file(txt), cat, now="-")
        except MapperError as err:
            out[txt.name] = [f"error: {err}"]
            continue
        spent += time.perf_counter() - t0
        out[txt.name] = [row_record(m) for m in pm.rows]
    return out, spent


def differences(ref: dict[str, list], got: dict[str, list], limit: int = 20) -> list[str]:
    """Human-readable lines for the rows (or pages) whose records differ."""
    lines = []
    for name in sorted(set(ref) | set(got)):
        a, b = ref.get(name), got.get(name)
        if a == b:
            continue
        if a is None or b is None or len(a) != len(b):
            lines.append(f"{name}: page differs ({'missing' if a is None or b is None else 'row count'})")
            continue
        for k, (ra, rb) in enumerate(zip(a, b)):
            if ra != rb:
                keys = [f for f in ra if ra.get(f) != rb.get(f)] if isinstance(ra, dict) else ["row"]
                lines.append(f"{name} row {k + 1} {ra.get('label') if isinstance(ra, dict) else ''!r}: "
                             + "; ".join(f"{f}: {ra.get(f)!r} -> {rb.get(f)!r}" for f in keys))
    return lines


def _fixed_hash_seed() -> None:
    """Re-run this script with PYTHONHASHSEED set (0 unless the caller chose one)."""
    if os.environ.get("PYTHONHASHSEED") in (None, "", "random"):
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("out")
    ap.add_argument("--against", help="reference output to compare with")
    ap.add_argument("--cases", type=int, default=0, help="only the first N pages")
    ap.add_argument("--show", type=int, default=20, help="print at most this many differing rows")
    args = ap.parse_args(argv)
    if argv is None:
        _fixed_hash_seed()
    got, spent = map_folder(Path(args.folder), args.cases)
    text = json.dumps(got, indent=0, sort_keys=True, ensure_ascii=False)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    rows = sum(len(v) for v in got.values())
    print(f"{len(got)} pages, {rows} rows (PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED')}); parse + resolve {spent:.1f} s "
          f"({len(got) / spent if spent else 0:.1f} pages/s); written to {args.out}")
    if not args.against:
        return 0
    ref = json.loads(Path(args.against).read_text(encoding="utf-8"))
    diff = differences(ref, got)
    if not diff:
        print(f"identical to {args.against}")
        return 0
    print(f"{len(diff)} differences from {args.against}:")
    for line in diff[: args.show]:
        print("  " + line)
    return 1


if __name__ == "__main__":
    sys.exit(run(main))
