"""Command line: ``xbrl-mapper <command> ...``. Each command group lives in its own module
and registers its sub-parsers; this module only dispatches and turns errors into one line."""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .. import __version__
from ..errors import MapperError

# Command modules, each with register(subparsers) adding parsers whose defaults carry `func`.
_COMMAND_MODULES = (
    "mapper.cli.map_cmd",
    "mapper.cli.taxonomy_cmd",
    "mapper.cli.store_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="xbrl-mapper",
        description="Resolve financial-statement lines to US GAAP concepts and publish them as linked data.",
    )
    parser.add_argument("--version", action="version", version=f"xbrl-mapper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rc = args.func(args)
    except MapperError as err:
        print(f"xbrl-mapper: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("xbrl-mapper: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return int(rc or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
