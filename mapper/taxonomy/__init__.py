"""Compiled taxonomies: build them once from official packages, then open them in milliseconds.

    from mapper import taxonomy
    taxonomy.add(["srt-2024/", "us-gaap-2024/"])          # Arelle, once (slow)
    with taxonomy.open("us-gaap-2024") as tx:              # SQLite, read-only (fast)
        tx.concept("us-gaap:DeferredTaxAssetsGross")

Importing this package or opening an index never imports Arelle; only :func:`add` does.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..config import cache_dir as _default_cache
from ..errors import MapperError
from .index import TaxonomyIndex, read_info
from .model import Concept, Label, Relationship, TaxonomyInfo, TaxReference

__all__ = ["add", "list_compiled", "open", "open_default", "fetch", "TaxonomyIndex", "Concept", "Label",
           "Relationship", "TaxonomyInfo", "TaxReference", "index_path"]

INDEX_SUFFIX = ".sqlite"


def _cache(cache_dir: str | Path | None) -> Path:
    return Path(cache_dir).expanduser() if cache_dir else _default_cache()


def index_path(name: str, cache_dir: str | Path | None = None) -> Path:
    return _cache(cache_dir) / f"{name}{INDEX_SUFFIX}"


def add(paths: Iterable[str | Path], cache_dir: str | Path | None = None,
        progress=None) -> list[TaxonomyInfo]:
    """Compile taxonomy packages/folders into the cache; returns one TaxonomyInfo per entry.

    Packages given together (and packages added earlier to the same cache) resolve each
    other's imports. An entry whose source checksum is unchanged is not rebuilt.
    """
    from .build import add_sources
    return add_sources([Path(p) for p in paths], _cache(cache_dir), progress=progress)


def list_compiled(cache_dir: str | Path | None = None) -> list[TaxonomyInfo]:
    """Every compiled taxonomy in the cache, sorted by name (unreadable files are skipped)."""
    cache = _cache(cache_dir)
    out: list[TaxonomyInfo] = []
    if not cache.is_dir():
        return out
    for f in sorted(cache.glob(f"*{INDEX_SUFFIX}")):
        if f.name.startswith("."):
            continue
        try:
            out.append(read_info(f))
        except MapperError:
            continue
    return out


def open(name: str, cache_dir: str | Path | None = None) -> TaxonomyIndex:  # noqa: A001 - API name
    """Open a compiled taxonomy by name (``us-gaap-2024``) or family (``us-gaap`` = newest)."""
    cache = _cache(cache_dir)
    path = index_path(name, cache)
    if path.is_file():
        return TaxonomyIndex(path)
    fam = [i for i in list_compiled(cache) if i.prefix == name]
    if fam:
        return TaxonomyIndex(index_path(max(fam, key=lambda i: _version_key(i.version)).name, cache))
    have = ", ".join(i.name for i in list_compiled(cache)) or "none"
    raise MapperError(f"unknown taxonomy {name!r} (compiled: {have}; add one with "
                      "'xbrl-mapper taxonomy add PATH')", path=str(cache))


def open_default(cache_dir: str | Path | None = None) -> list[TaxonomyIndex]:
    """The newest compiled version of every family (us-gaap, srt, dei, ...), us-gaap first."""
    newest: dict[str, TaxonomyInfo] = {}
    for info in list_compiled(cache_dir):
        cur = newest.get(info.prefix)
        if cur is None or _version_key(info.version) > _version_key(cur.version):
            newest[info.prefix] = info
    order = sorted(newest.values(), key=lambda i: (i.prefix != "us-gaap", i.prefix))
    return [TaxonomyIndex(index_path(i.name, cache_dir=_cache(cache_dir))) for i in order]


def fetch(prefix: str, version: str, cache_dir: str | Path | None = None,
          url: str | None = None) -> list[TaxonomyInfo]:
    """Download an official package (and what it needs) into ``<cache>/downloads`` and compile it."""
    from .download import fetch_and_add
    return fetch_and_add(prefix, version, _cache(cache_dir), url=url)


def _version_key(v: str) -> tuple:
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in v.replace("-", ".").split("."))
