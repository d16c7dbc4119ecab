"""Orchestrate ``taxonomy add``: recognise sources, skip unchanged entries, load, compile, write."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import MapperError
from .index import INDEX_SCHEMA, TaxonomyIndex
from .model import TaxonomyInfo
from .packages import build_package_zip, known_packages, load_registry, package_zip_path, save_registry
from .sources import EntrySource, SourceSet, recognise

Progress = Callable[[str], None]


def _current(path: Path, entry: EntrySource) -> TaxonomyInfo | None:
    """The existing index's info if it was built from exactly this source content."""
    if not path.is_file():
        return None
    try:
        with TaxonomyIndex(path) as idx:
            info, schema = idx.info, idx.schema
    except MapperError:
        return None
    same = info.checksum == entry.checksum and info.entry_point == entry.entry_point
    return info if same and schema == INDEX_SCHEMA else None


def add_sources(paths: list[Path], cache: Path, progress: Progress | None = None) -> list[TaxonomyInfo]:
    say = progress or (lambda _m: None)
    if not paths:
        raise MapperError("no taxonomy source given")
    sets: list[SourceSet] = [recognise(p) for p in paths]   # validate everything before any work
    names = [e.name for s in sets for e in s.entries]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise MapperError(f"the same taxonomy is given twice: {', '.join(sorted(dup))}")
    cache.mkdir(parents=True, exist_ok=True)

    registry = load_registry(cache)
    zips: dict[str, Path] = {}
    for s in sets:
        z = package_zip_path(cache, s)
        if not z.is_file():
            build_package_zip(s, z)
        zips.update({e.name: z for e in s.entries})
    packages = list(dict.fromkeys(zips.values()))
    packages += [z for z in known_packages(cache, exclude=set(names)) if z not in packages]

    infos: list[TaxonomyInfo] = []
    try:
        for s in sets:
            for e in s.entries:
                infos.append(_build_entry(e, cache, packages, say))
                registry[e.name] = zips[e.name].relative_to(cache).as_posix()
    finally:   # remember what was built; drop package zips nothing refers to
        save_registry(cache, registry)
    return infos


def _build_entry(e: EntrySource, cache: Path, packages: list[Path], say: Progress) -> TaxonomyInfo:
    from .arelle_load import load_dts      # Arelle is imported only when something is compiled
    from .compile import compile_entry
    from .writer import write_index

    target = cache / f"{e.name}.sqlite"
    existing = _current(target, e)
    if existing is not None:
        say(f"{e.name}: unchanged, kept ({target})")
        return existing
    say(f"{e.name}: loading {e.entry_point} with Arelle ...")
    with load_dts(e.entry_point, packages, source=e.source) as (model, log):
        compiled = compile_entry(model, e, log)
    if not compiled.concepts:
        raise MapperError(f"entry point {e.entry_point} defines no concepts of {e.name}", path=e.source)
    write_index(compiled, target)
    say(f"{e.name}: {compiled.info.counts.get('concepts', 0)} concepts, "
        f"{compiled.info.counts.get('relationships', 0)} relationships -> {target}")
    return compiled.info
