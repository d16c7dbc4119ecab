"""The whole job for one input: parse -> resolve. Used by the CLI, the tests and the benchmarks."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import MapperError
from .resolve.catalog import Catalog
from .resolve.model import PageMapping
from .resolve.resolver import resolve_page

INPUT_SUFFIXES = (".txt", ".htm", ".html")


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expand to their R-page files (*.txt, *.htm, *.html), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES))
        else:
            out.append(p)
    return out


def map_file(path: str | Path, catalog: Catalog, *, use_observed: bool = False,
             now: str | None = None) -> PageMapping:
    from .rpage import parse_file
    page = parse_file(path)
    return resolve_page(page, catalog, use_observed=use_observed, now=now)


def map_many(paths: list[Path], catalog: Catalog, *, use_observed: bool = False,
             now: str | None = None) -> Iterator[PageMapping | Failure]:
    """Map each input; a bad input yields a Failure and the batch goes on."""
    for p in paths:
        try:
            yield map_file(p, catalog, use_observed=use_observed, now=now)
        except MapperError as err:
            yield Failure(str(p), str(err))
