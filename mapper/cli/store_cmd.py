"""Store commands: load, graphs, drop, query, export, serve, push."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..config import default_store_dir
from ..errors import MapperError


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR", type=Path, default=None,
                   help="store directory (default: $XBRL_MAPPER_STORE or ./store of the checkout)")


def _store_dir(args) -> Path:
    return args.store or default_store_dir()


def register(sub) -> None:
    p = sub.add_parser("load", help="load RDF files (mapping outputs) into the store, one graph per document")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument("--format", choices=["nq", "trig", "ttl", "nt", "jsonld", "rdfxml"],
                   help="RDF format of the files (default: from each file's extension)")
    _store_arg(p)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("graphs", help="list the store's named graphs with their triple counts")
    _store_arg(p)
    p.set_defaults(func=cmd_graphs)

    p = sub.add_parser("drop", help="remove one named graph from the store")
    p.add_argument("graph", metavar="GRAPH", help="graph IRI (see `xbrl-mapper graphs`)")
    _store_arg(p)
    p.set_defaults(func=cmd_drop)

    from ..store.query import OUTPUT_FORMATS
    p = sub.add_parser("query", help="run a SPARQL query on the store or on a remote endpoint")
    p.add_argument("sparql", nargs="?", metavar="SPARQL", help="the query text (or use -f FILE.rq)")
    p.add_argument("-f", "--file", type=Path, metavar="FILE.rq", help="read the query from a file")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", metavar="DIR", type=Path, default=None,
                       help="store directory (default: $XBRL_MAPPER_STORE or ./store)")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint instead of the store")
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="table",
                   help="table (default), csv, tsv, json, xml for SELECT/ASK; ttl, nt, nq, jsonld, rdfxml "
                        "for CONSTRUCT/DESCRIBE (table shows Turtle)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="cancel the query after this long")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the result to FILE")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the store (or some graphs) as RDF for bulk loaders")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.add_argument("--format", choices=["nq", "trig", "ttl", "nt", "jsonld"],
                   help="default: from the output file's extension")
    p.add_argument("--graph", action="append", metavar="IRI", help="only this graph (repeatable)")
    _store_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="serve the store as a read-only SPARQL 1.1 endpoint")
    _store_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="cancel queries running longer (default 30)")
    p.add_argument("--max-result-bytes", type=int, default=50_000_000, metavar="N",
                   help="refuse results larger than N bytes (default 50 MB)")
    p.add_argument("--workers", type=int, default=2, help="query worker processes (default 2)")
    p.add_argument("--update-token", metavar="TOKEN", default=os.environ.get("XBRL_MAPPER_UPDATE_TOKEN"),
                   help="accept SPARQL updates carrying 'Authorization: Bearer TOKEN' "
                        "(default: $XBRL_MAPPER_UPDATE_TOKEN; unset = read-only)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("push", help="PUT named graphs to a SPARQL 1.1 Graph Store endpoint")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store Protocol URL (Oxigraph: http://host:7878/store; Fuseki: .../DATASET/data)")
    p.add_argument("--graph", action="append", metavar="IRI", help="only this graph (repeatable; default all)")
    p.add_argument("--token", default=os.environ.get("XBRL_MAPPER_PUSH_TOKEN"),
                   help="send 'Authorization: Bearer TOKEN' (default: $XBRL_MAPPER_PUSH_TOKEN)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS")
    _store_arg(p)
    p.set_defaults(func=cmd_push)


def cmd_load(args) -> int:
    from ..store.store import open_store

    with open_store(_store_dir(args)) as store:
        outcomes = store.load_files(args.files, args.format)   # batched: new graphs bulk-loaded
    failed = 0
    for o in outcomes:
        if o.error is not None:
            print(f"xbrl-mapper: error: {o.error}", file=sys.stderr)
            failed += 1
            continue
        for g in o.result.graphs:
            print(f"loaded {o.source} -> <{g.iri}> ({g.triples} triples)")
    return 2 if failed else 0


def cmd_graphs(args) -> int:
    from ..store.store import open_store

    with open_store(_store_dir(args), read_only=True) as store:
        graphs = store.graphs()
    width = max([len(str(g.triples)) for g in graphs] + [7])
    print(f"{'triples'.rjust(width)}  graph")
    for g in graphs:
        print(f"{str(g.triples).rjust(width)}  {('<' + g.iri + '>') if g.iri else '(default graph)'}")
    return 0


def cmd_drop(args) -> int:
    from ..store.store import open_store

    with open_store(_store_dir(args)) as store:
        n = store.drop(args.graph)
    print(f"dropped <{args.graph}> ({n} triples)")
    return 0


def _query_text(args) -> tuple[str, str | None]:
    if args.file and args.sparql:
        raise MapperError("give the query either as an argument or with -f FILE, not both")
    if args.file:
        try:
            return args.file.read_text(encoding="utf-8"), str(args.file)
        except (OSError, UnicodeDecodeError) as err:
            raise MapperError(f"cannot read query: {err}", path=str(args.file)) from None
    if not args.sparql:
        raise MapperError("no query: give SPARQL text or -f FILE.rq")
    return args.sparql, None


def cmd_query(args) -> int:
    from ..store.query import QueryTimeout, execute, render_result, with_timeout

    sparql, source = _query_text(args)
    if args.endpoint:
        from ..store.remote import query_endpoint

        result = query_endpoint(args.endpoint, sparql, timeout=args.timeout)
        out = render_result(result, args.format)
    else:
        from ..store.store import open_store

        store = open_store(_store_dir(args), read_only=True)
        try:
            out = with_timeout(lambda: execute(store.raw, sparql, args.format, source=source), args.timeout)
        except QueryTimeout as err:
            # The evaluation thread cannot be interrupted: report, then end the process to cancel it.
            print(f"xbrl-mapper: error: {err}", file=sys.stderr)
            sys.stderr.flush()
            os._exit(err.exit_code)
    if args.output:
        from ..atomic import atomic_write_bytes

        atomic_write_bytes(args.output, out.data)
    else:
        sys.stdout.buffer.write(out.data)
        sys.stdout.flush()
    return 0


def cmd_export(args) -> int:
    from ..store.formats import guess_rdf_format
    from ..store.store import open_store

    fmt = args.format or guess_rdf_format(args.output)
    with open_store(_store_dir(args), read_only=True) as store:
        n = store.export(args.output, fmt, args.graph)
    print(f"wrote {n} quads to {args.output} ({fmt})", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from ..store.serve import ServeConfig, serve_forever

    cfg = ServeConfig(store_dir=_store_dir(args), host=args.host, port=args.port, timeout=args.timeout,
                      max_result_bytes=args.max_result_bytes, workers=args.workers,
                      update_token=args.update_token or None)
    return serve_forever(cfg)


def cmd_push(args) -> int:
    from ..store.remote import push_store

    reports = push_store(_store_dir(args), args.endpoint, graphs=args.graph, token=args.token,
                         timeout=args.timeout)
    for r in reports:
        print(f"pushed <{r.graph}> ({r.triples} triples) -> HTTP {r.status}")
    return 0
