"""Turn a recognised source into a taxonomy package zip Arelle can load fully offline.

Arelle resolves ``https://xbrl.fasb.org/...`` URLs through the catalogs of the packages it is
given. An official zip is used as is; an unpacked package folder is zipped under its own top
folder; a cache-style host tree gets a generated ``META-INF`` whose catalog rewrites
``http(s)://<host>/`` to the host folders. The zips are kept in ``<cache>/packages/`` so a later
``add`` (us-gaap after SRT, say) can resolve imports into packages added earlier.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import AbstractSet
from xml.sax.saxutils import quoteattr

from ..atomic import atomic_path, atomic_write_text
from .sources import SourceSet

REGISTRY = "packages.json"


def package_zip_path(cache: Path, sset: SourceSet) -> Path:
    """Keyed by entry names and content, so a changed source gets a new zip."""
    key = "-".join(sorted(e.name for e in sset.entries))
    digest = hashlib.sha256("".join(e.checksum for e in sset.entries).encode()).hexdigest()[:12]
    return cache / "packages" / f"{key}-{digest}.zip"


def build_package_zip(sset: SourceSet, target: Path) -> Path:
    """Write (atomically) the Arelle-ready package zip for ``sset`` at ``target``."""
    with atomic_path(target, suffix=".zip") as tmp:
        if sset.kind == "zip":
            shutil.copyfile(sset.path, tmp)
        elif sset.kind == "package-dir":
            _zip_folder(sset.path, tmp, top=sset.path.name)
        else:
            _zip_host_tree(sset, tmp)
    return target


def _zip_folder(folder: Path, dst: Path, top: str, extra: dict[str, str] | None = None) -> None:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f"{top}/{f.relative_to(folder).as_posix()}")
        for name, text in (extra or {}).items():
            zf.writestr(f"{top}/{name}", text)


def _zip_host_tree(sset: SourceSet, dst: Path) -> None:
    hosts = sorted({e.url_prefixes[0].split("/", 1)[0] for e in sset.entries})
    rewrites = "".join(
        f"  <rewriteURI uriStartString={quoteattr(f'{scheme}://{e.url_prefixes[0]}')} "
        f"rewritePrefix={quoteattr(f'../{e.url_prefixes[0]}')}/>\n"
        for e in sset.entries for scheme in ("http", "https"))
    catalog = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n' + rewrites + "</catalog>\n")
    eps = "".join(
        f"  <tp:entryPoint><tp:name>{e.name}</tp:name>"
        f"<tp:entryPointDocument href={quoteattr(e.entry_point)}/></tp:entryPoint>\n" for e in sset.entries)
    tp = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<tp:taxonomyPackage xmlns:tp="http://xbrl.org/2016/taxonomy-package" xml:lang="en">\n'
          f"  <tp:identifier>urn:xbrl-mapper:tree:{sset.entries[0].checksum[:16]}</tp:identifier>\n"
          f"  <tp:name>{sset.path.name}</tp:name>\n"
          "  <tp:entryPoints>\n" + eps + "  </tp:entryPoints>\n</tp:taxonomyPackage>\n")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zf:
        for f in sorted(sset.path.rglob("*")):
            if f.is_file() and f.relative_to(sset.path).parts[0] in hosts:
                zf.write(f, f"tree/{f.relative_to(sset.path).as_posix()}")
        zf.writestr("tree/META-INF/catalog.xml", catalog)
        zf.writestr("tree/META-INF/taxonomyPackage.xml", tp)


# ---------------------------------------------------------------- registry of remembered packages

def load_registry(cache: Path) -> dict[str, str]:
    """Entry name -> package zip (relative to the cache) of every source added so far."""
    try:
        data = json.loads((cache / REGISTRY).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_registry(cache: Path, reg: dict[str, str]) -> None:
    atomic_write_text(cache / REGISTRY, json.dumps(reg, indent=1, sort_keys=True) + "\n")
    used = {cache / v for v in reg.values()}
    for z in (cache / "packages").glob("*.zip"):
        if z not in used:
            try:
                os.unlink(z)
            except OSError:
                pass


def known_packages(cache: Path, exclude: AbstractSet[str] = frozenset()) -> list[Path]:
    """Package zips remembered in the cache (existing ones only), minus ``exclude`` entry names."""
    reg = load_registry(cache)
    out: list[Path] = []
    for name, rel in sorted(reg.items()):
        z = cache / rel
        if name not in exclude and z.is_file() and z not in out:
            out.append(z)
    return out
