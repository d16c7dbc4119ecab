"""`xbrl-mapper map` (resolve inputs, write outputs) and `xbrl-mapper example` (the seed, end to end)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import MapperError

OUTPUT_FORMATS = ("table", "json", "csv", "sssom", "ttl", "nt", "nq", "trig", "jsonld")
_SUFFIX_FORMAT = {".json": "json", ".csv": "csv", ".tsv": "sssom", ".sssom": "sssom", ".ttl": "ttl",
                  ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".txt": "table"}


def register(sub) -> None:
    p = sub.add_parser("map", help="resolve every line of R pages (text or HTML) to taxonomy concepts")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="R page files (.txt/.htm) or folders of them")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("-f", "--format", choices=OUTPUT_FORMATS,
                   help="output format (default: from the -o suffix, else table)")
    p.add_argument("--taxonomy", action="append", metavar="NAME",
                   help="compiled taxonomy to use (repeatable; default: newest us-gaap, srt, dei)")
    p.add_argument("--cache", metavar="DIR", help="taxonomy cache (default $XBRL_MAPPER_CACHE or ./taxonomy_cache)")
    p.add_argument("--store", metavar="DIR", help="also load the RDF into this SPARQL store")
    p.add_argument("--use-observed", action="store_true",
                   help="trust element names the input shows (EDGAR HTML links); off by default")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_map)

    e = sub.add_parser("example", help="compile the shared taxonomies if needed and map the built-in seed")
    e.add_argument("--cache", metavar="DIR", help="taxonomy cache")
    e.add_argument("--out", metavar="DIR", default="out", help="where to write the seed's outputs (default ./out)")
    e.set_defaults(func=cmd_example)


def _format_for(args) -> str:
    if args.format:
        return args.format
    if args.output:
        return _SUFFIX_FORMAT.get(Path(args.output).suffix.lower(), "json")
    return "table"


def _render(mappings, fmt: str) -> str:
    if fmt == "table":
        from ..emit.table import render_tables
        return render_tables(mappings)
    from .. import emit
    return emit.render(mappings, fmt)


def _write(text: str, output: str | None) -> None:
    if output:
        from ..atomic import atomic_write_text
        try:
            atomic_write_text(output, text)
        except OSError as exc:
            raise MapperError(f"cannot write output: {exc.strerror}", path=output) from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def cmd_map(args) -> int:
    from ..pipeline import Failure, collect_inputs, map_many
    from ..resolve.catalog import load_catalog

    fmt = _format_for(args)
    paths = collect_inputs(args.inputs)
    if not paths:
        raise MapperError("no input files found", path=" ".join(args.inputs))
    catalog = load_catalog(Path(args.cache) if args.cache else None, args.taxonomy)
    results = map_many(paths, catalog, use_observed=args.use_observed)
    if len(paths) > 1 and not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm
        results = tqdm(results, total=len(paths), unit="page", file=sys.stderr)
    mappings, failures = [], []
    for r in results:
        (failures if isinstance(r, Failure) else mappings).append(r)
        if not isinstance(r, Failure):
            for w in r.warnings:   # e.g. rows without definition blocks: resolved from captions only
                print(f"xbrl-mapper: warning: {r.page.source}: {w}", file=sys.stderr)
    if mappings:
        _write(_render(mappings, fmt), args.output)
        if args.store:
            from ..store import store as store_mod
            nq = _render(mappings, "nq")
            store_mod.load_rdf_text(args.store, nq, "nq")
    for f in failures:
        print(f"xbrl-mapper: error: {f.message}", file=sys.stderr)
    if failures:
        print(f"xbrl-mapper: {len(failures)} of {len(paths)} input(s) failed; "
              f"{len(mappings)} mapped", file=sys.stderr)
        return 1
    return 0


def cmd_example(args) -> int:
    """The two-command quick start: compile shared taxonomies on first use, then map the seed."""
    from .. import taxonomy
    from ..config import cache_dir, shared_dir
    from ..pipeline import map_file
    from ..resolve.catalog import load_catalog

    cache = Path(args.cache) if args.cache else cache_dir()
    shared = shared_dir()
    seed = shared / "seed" / "deferred-tax-asset.txt"
    if not seed.exists():
        raise MapperError("built-in example not found; set XBRL_MAPPER_SHARED to the shared folder", path=str(seed))
    have = {i.name for i in taxonomy.list_compiled(cache_dir=cache)}
    tax = shared / "taxonomy"
    if not {"us-gaap-2024", "srt-2024"} <= have:
        print("compiling us-gaap 2024 + SRT 2024 (once) ...", file=sys.stderr)
        taxonomy.add([tax / "fasb-srt-2024" / "srt-2024", tax / "us-gaap-2024-partial" / "us-gaap-2024"],
                     cache_dir=cache)
    if "dei-2021" not in have:
        print("compiling DEI 2021 + SRT 2021 (once) ...", file=sys.stderr)
        taxonomy.add([tax / "openesef-srt-dei-2021"], cache_dir=cache)
    catalog = load_catalog(cache)
    pm = map_file(seed, catalog)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from ..atomic import atomic_write_text
    for fmt, suffix in (("ttl", "ttl"), ("json", "json"), ("sssom", "sssom.tsv")):
        atomic_write_text(out / f"deferred-tax-asset.{suffix}", _render([pm], fmt))
    sys.stdout.write(_render([pm], "table"))
    print(f"\nwrote {out}/deferred-tax-asset.ttl, .json and .sssom.tsv", file=sys.stderr)
    return 0
