"""``xbrl-mapper taxonomy add | list | info | show | search | fetch | export-rdf``."""
from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Iterator

from ..errors import MapperError
from ..taxonomy.model import LABEL_ROLES, Concept, Relationship, TaxonomyInfo


def register(sub) -> None:
    tx = sub.add_parser("taxonomy", help="compile, inspect and search taxonomies")
    tx.add_argument("--cache", metavar="DIR", help="taxonomy cache (default $XBRL_MAPPER_CACHE or ./taxonomy_cache)")
    tsub = tx.add_subparsers(dest="taxonomy_command", metavar="SUBCOMMAND")
    tsub.required = True

    def parser(name: str, help_: str) -> argparse.ArgumentParser:
        p = tsub.add_parser(name, help=help_)
        p.add_argument("--cache", metavar="DIR", default=argparse.SUPPRESS, help="taxonomy cache")
        return p

    p = parser("add", "compile taxonomy packages (zip or folder) or host-keyed taxonomy folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_add)

    p = parser("list", "list compiled taxonomies")
    p.set_defaults(func=cmd_list)

    p = parser("info", "counts, coverage and load warnings of one compiled taxonomy")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_info)

    p = parser("show", "everything about one concept (labels, documentation, references, relationships)")
    p.add_argument("qname", metavar="QNAME", help="e.g. us-gaap:DeferredTaxAssetsGross")
    p.add_argument("--taxonomy", action="append", metavar="NAME", help="search only these (repeatable)")
    p.set_defaults(func=cmd_show)

    p = parser("search", "ranked full-text search over labels and documentation")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--taxonomy", action="append", metavar="NAME", help="search only these (repeatable)")
    p.set_defaults(func=cmd_search)

    p = parser("fetch", "download an official package (e.g. us-gaap 2024) into the cache and compile it")
    p.add_argument("prefix", metavar="PREFIX")
    p.add_argument("version", metavar="VERSION")
    p.add_argument("--url", metavar="URL", help="package URL (default: the FASB host, or "
                   "$XBRL_MAPPER_TAXONOMY_URL_BASE/<prefix>/<version>/<prefix>-<version>.zip)")
    p.set_defaults(func=cmd_fetch)

    p = parser("export-rdf", "export a compiled taxonomy as RDF")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--store", metavar="DIR", help="load into this SPARQL store")
    p.add_argument("-o", "--output", metavar="FILE", help="write RDF to this file")
    p.add_argument("--format", choices=("ttl", "nt", "nq", "trig"), default=None)
    p.set_defaults(func=lambda a: __import__("mapper.store.taxonomy_rdf", fromlist=["x"]).cli_export(a))


# ---------------------------------------------------------------- handlers

def cmd_add(args) -> int:
    from .. import taxonomy
    for info in taxonomy.add(args.paths, cache_dir=args.cache, progress=lambda m: print(m, file=sys.stderr)):
        warn = sum(info.warnings.values())
        print(f"{info.name}\t{info.counts.get('concepts', 0)} concepts\t"
              f"{info.counts.get('relationships', 0)} relationships\t{warn} warnings")
    return 0


def cmd_list(args) -> int:
    from .. import taxonomy
    infos = taxonomy.list_compiled(args.cache)
    if not infos:
        print("no compiled taxonomies (add one with 'xbrl-mapper taxonomy add PATH')", file=sys.stderr)
        return 0
    print(f"{'NAME':<16} {'CONCEPTS':>8} {'RELS':>7} {'BUILT':<25} SOURCE")
    for i in infos:
        print(f"{i.name:<16} {i.counts.get('concepts', 0):>8} {i.counts.get('relationships', 0):>7} "
              f"{i.built_at:<25} {i.source}")
    return 0


def cmd_info(args) -> int:
    from .. import taxonomy
    with taxonomy.open(args.name, args.cache) as tx:
        print(format_info(tx.info, tx.warning_examples()))
    return 0


def format_info(info: TaxonomyInfo, examples: dict[str, list[str]]) -> str:
    c = info.counts
    n = c.get("concepts", 0) or 1
    lines = [f"name          {info.name}", f"family        {info.prefix}", f"version       {info.version}",
             f"namespaces    {' '.join(info.namespaces)}", f"entry point   {info.entry_point}",
             f"source        {info.source}", f"sha256        {info.checksum}", f"built         {info.built_at}",
             "", "counts"]
    for key in ("concepts", "abstract", "labels", "documentation", "references", "deprecated", "roles",
                "relationships", "relationships.calculation", "relationships.presentation",
                "relationships.definition"):
        lines.append(f"  {key:<30} {c.get(key, 0):>8}")
    for key in sorted(k for k in c if k.startswith("labels.")):
        lines.append(f"  {key:<30} {c[key]:>8}")
    lines += ["", "coverage (of concepts)"]
    for key in ("with_label", "with_documentation", "with_references", "with_period_type", "with_balance"):
        lines.append(f"  {key[5:]:<30} {c.get(key, 0):>8}  {100.0 * c.get(key, 0) / n:5.1f}%")
    lines += ["", "warnings" if info.warnings else "warnings      none"]
    for code, count in sorted(info.warnings.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {code:<34} {count:>8}")
        for ex in examples.get(code, [])[:3]:
            lines.append(f"      e.g. {ex}")
    return "\n".join(lines)


@contextlib.contextmanager
def _indexes(args) -> Iterator[list]:
    from .. import taxonomy
    names = getattr(args, "taxonomy", None)
    idx = [taxonomy.open(n, args.cache) for n in names] if names else taxonomy.open_default(args.cache)
    if not idx:
        raise MapperError("no compiled taxonomies (add one with 'xbrl-mapper taxonomy add PATH')")
    try:
        yield idx
    finally:
        for i in idx:
            i.close()


def cmd_show(args) -> int:
    with _indexes(args) as idx:
        for tx in idx:
            c = tx.concept(args.qname)
            if c is not None:
                print(format_concept(c, tx.name, idx))
                return 0
    raise MapperError(f"concept {args.qname!r} not found in {', '.join(i.name for i in idx)}")


def format_concept(c: Concept, where: str, idx: list) -> str:
    lines = [f"{c.qname}  ({where})", f"  namespace          {c.namespace}",
             f"  data type          {c.data_type or '-'}", f"  substitution group {c.substitution_group or '-'}",
             f"  abstract           {'yes' if c.abstract else 'no'}", f"  balance            {c.balance or '-'}",
             f"  period type        {c.period_type or '- (not given by the source)'}"]
    if c.deprecated:
        lines.append(f"  deprecated         {c.deprecated}")
    lines.append("labels")
    for lab in c.labels:
        lines.append(f"  {LABEL_ROLES.get(lab.role, lab.role):<14} [{lab.lang}] {lab.text}")
    if not c.labels:
        lines.append("  (none in the source)")
    lines += ["documentation", f"  {c.documentation}" if c.documentation else "  (none in the source)"]
    lines.append(f"references ({len(c.references)})")
    for ref in c.references:
        role = (ref.role or "").rsplit("/", 1)[-1]
        lines.append(f"  {role}: " + "; ".join(f"{k}={v}" for k, v in ref.parts))
    rels = {"parents": [], "children": []}
    for tx in idx:
        rels["parents"] += [(tx, r) for r in tx.parents(c.qname)]
        rels["children"] += [(tx, r) for r in tx.children(c.qname)]
    lines += _rel_block("calculation parents", [r for _, r in rels["parents"] if r.kind == "calculation"],
                        "source", idx)
    lines += _rel_block("calculation children", [r for _, r in rels["children"] if r.kind == "calculation"],
                        "target", idx)
    lines += _rel_block("presentation parents", [r for _, r in rels["parents"] if r.kind == "presentation"],
                        "source", idx)
    defs = [("->", r) for _, r in rels["children"] if r.kind == "definition"] + \
           [("<-", r) for _, r in rels["parents"] if r.kind == "definition"]
    lines.append(f"definition relationships ({len(defs)})")
    for arrow, r in defs[:60]:
        other = r.target if arrow == "->" else r.source
        lines.append(f"  {arrow} {other}  [{r.arcrole.rsplit('/', 1)[-1]}]  {_role_name(r.link_role, idx)}")
    if len(defs) > 60:
        lines.append(f"  ... {len(defs) - 60} more")
    return "\n".join(lines)


def _role_name(uri: str, idx: list) -> str:
    for tx in idx:
        d = tx.role_definition(uri)
        if d:
            return d
    return uri


def _rel_block(title: str, rels: list[Relationship], end: str, idx: list) -> list[str]:
    out = [f"{title} ({len(rels)})"]
    for r in rels[:60]:
        extra = f"weight {r.weight:+g}  " if r.weight is not None else ""
        if r.preferred_label:
            extra += f"preferred {LABEL_ROLES.get(r.preferred_label, r.preferred_label)}  "
        out.append(f"  {getattr(r, end)}  {extra}{_role_name(r.link_role, idx)}")
    if len(rels) > 60:
        out.append(f"  ... {len(rels) - 60} more")
    return out


def cmd_search(args) -> int:
    text = " ".join(args.text)
    hits = []
    with _indexes(args) as idx:
        for tx in idx:
            hits += [(score, tx.name, c) for c, score in tx.search(text, limit=args.limit)]
    hits.sort(key=lambda h: -h[0])
    for score, name, c in hits[:args.limit]:
        label = c.label() or "(no label)"
        print(f"{score:9.2f}  {c.qname:<60} {label}")
    if not hits:
        print("no match", file=sys.stderr)
        return 1
    return 0


def cmd_fetch(args) -> int:
    from .. import taxonomy
    for info in taxonomy.fetch(args.prefix, args.version, cache_dir=args.cache, url=args.url):
        print(f"{info.name}\t{info.counts.get('concepts', 0)} concepts\t{info.source}")
    return 0
