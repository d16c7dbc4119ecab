"""Recognise taxonomy input and describe what Arelle needs to load it offline.

Three layouts are understood:

* an official taxonomy package zip (``<top>/META-INF/taxonomyPackage.xml`` + ``catalog.xml``);
* the same package unpacked in a folder (``META-INF/`` directly inside it);
* a cache-style tree keyed by host name (``xbrl.sec.gov/dei/2021/...``,
  ``xbrl.fasb.org/srt/2021/elts/...``), one compiled entry per host/family/version folder.

Every XML file is parsed with :mod:`mapper.safexml` first, so truncated or hostile XML (DTDs,
entity expansion) is refused with a one-line error before Arelle sees it.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import MapperError
from ..safexml import parse_xml_bytes

TP_NS = "http://xbrl.org/2016/taxonomy-package"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
XML_SUFFIXES = (".xsd", ".xml")
MAX_UNCOMPRESSED = 4 * 1024 ** 3        # refuse zip bombs
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class EntrySource:
    """One taxonomy family+version to compile (e.g. ``us-gaap-2024``)."""
    name: str                  # "us-gaap-2024"
    family: str                # "us-gaap"
    version: str               # "2024"
    entry_point: str           # URL Arelle opens (remapped to local files by the package catalog)
    url_prefixes: tuple[str, ...]   # "xbrl.fasb.org/us-gaap/2024/" (scheme-less): documents it owns
    checksum: str              # sha256 of the source content
    source: str                # path shown to the user


@dataclass
class SourceSet:
    """A recognised input: the entries it yields and the package it hands to Arelle."""
    path: Path
    kind: str                  # "zip" | "package-dir" | "cache-tree"
    entries: list[EntrySource] = field(default_factory=list)


def strip_scheme(url: str) -> str:
    """``https://xbrl.fasb.org/x`` -> ``xbrl.fasb.org/x`` (so http and https compare equal)."""
    return re.sub(r"^[a-zA-Z]+://", "", url)


def recognise(path: str | Path) -> SourceSet:
    """Classify ``path`` and describe its entries; raises MapperError on anything unusable."""
    p = Path(path).expanduser()
    if not p.exists():
        raise MapperError("no such file or folder", path=str(p))
    p = p.resolve()
    if p.is_file():
        return _recognise_zip(p)
    if (p / "META-INF" / "taxonomyPackage.xml").is_file():
        return _recognise_package_dir(p)
    return _recognise_cache_tree(p)


# ---------------------------------------------------------------- packages (zip or folder)

def _recognise_zip(p: Path) -> SourceSet:
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile:
        raise MapperError("not a readable zip file (corrupt or not a zip)", path=str(p)) from None
    except OSError as exc:
        raise MapperError(f"cannot read file: {exc.strerror}", path=str(p)) from None
    with zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        tp = [n for n in names if PurePosixPath(n).parts[1:] == ("META-INF", "taxonomyPackage.xml")]
        if not tp:
            raise MapperError("zip is not a taxonomy package (no <top folder>/META-INF/taxonomyPackage.xml)",
                              path=str(p))
        top = PurePosixPath(tp[0]).parts[0]
        if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED:
            raise MapperError("zip expands to more than 4 GiB; refused", path=str(p))
        digest = hashlib.sha256()
        blobs: dict[str, bytes] = {}
        for name in sorted(names):
            try:
                data = zf.read(name)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise MapperError(f"corrupt zip member {name}: {exc}", path=str(p)) from None
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
            if name.lower().endswith(XML_SUFFIXES):
                parse_xml_bytes(data, f"{p}!{name}")
                if name.startswith(f"{top}/META-INF/"):
                    blobs[name] = data
    checksum = digest.hexdigest()
    tp_xml = blobs[f"{top}/META-INF/taxonomyPackage.xml"]
    cat_xml = blobs.get(f"{top}/META-INF/catalog.xml")
    files = {n[len(top) + 1:] for n in names if n.startswith(f"{top}/")}
    entry = _package_entry(tp_xml, cat_xml, checksum, str(p), f"{p}!{top}/META-INF/taxonomyPackage.xml", files)
    return SourceSet(path=p, kind="zip", entries=[entry])


def _recognise_package_dir(p: Path) -> SourceSet:
    checksum = _check_tree(p)
    tp_xml = (p / "META-INF" / "taxonomyPackage.xml").read_bytes()
    cat = p / "META-INF" / "catalog.xml"
    files = {f.relative_to(p).as_posix() for f in p.rglob("*") if f.is_file()}
    entry = _package_entry(tp_xml, cat.read_bytes() if cat.is_file() else None, checksum, str(p),
                           str(p / "META-INF" / "taxonomyPackage.xml"), files)
    return SourceSet(path=p, kind="package-dir", entries=[entry])


def _package_entry(tp_xml: bytes, cat_xml: bytes | None, checksum: str, source: str,
                   tp_path: str, files: set[str]) -> EntrySource:
    root = parse_xml_bytes(tp_xml, tp_path)
    ident = (root.findtext(f"{{{TP_NS}}}identifier") or "").strip()
    prefixes: list[str] = []
    rewrites: list[tuple[str, str]] = []
    if cat_xml is not None:
        cat = parse_xml_bytes(cat_xml, tp_path.replace("taxonomyPackage.xml", "catalog.xml"))
        for rw in cat.iter(f"{{{CATALOG_NS}}}rewriteURI"):
            start = rw.get("uriStartString")
            if start:
                prefixes.append(strip_scheme(start))
                rewrites.append((strip_scheme(start), rw.get("rewritePrefix") or ""))
    if not prefixes and ident:
        prefixes.append(strip_scheme(ident).rstrip("/") + "/")
    if not prefixes:
        raise MapperError("taxonomy package has neither an identifier nor catalog rewrites", path=tp_path)
    family, version = _family_version(ident or prefixes[0], tp_path)
    entry_points: list[tuple[str, str]] = []
    for ep in root.iter(f"{{{TP_NS}}}entryPoint"):
        name = (ep.findtext(f"{{{TP_NS}}}name") or "").strip()
        for doc in ep.iter(f"{{{TP_NS}}}entryPointDocument"):
            href = doc.get("href")
            if href:
                entry_points.append((name, href))
    if not entry_points:
        raise MapperError("taxonomy package declares no entry point", path=tp_path)
    entry = best_entry_point([href for _, href in entry_points])
    local = _local_path(entry, rewrites)
    if local is None:
        raise MapperError(f"entry point {entry} is not mapped into the package by META-INF/catalog.xml",
                          path=tp_path)
    if local not in files:
        raise MapperError(f"entry point {entry} is missing from the package (expected {local})", path=tp_path)
    return EntrySource(name=f"{family}-{version}", family=family, version=version, entry_point=entry,
                       url_prefixes=tuple(dict.fromkeys(prefixes)), checksum=checksum, source=source)


def _local_path(url: str, rewrites: list[tuple[str, str]]) -> str | None:
    """Package-relative path of ``url`` through the catalog rewrites (longest prefix wins)."""
    u = strip_scheme(url)
    for start, prefix in sorted(rewrites, key=lambda r: -len(r[0])):
        if u.startswith(start):
            return posixpath.normpath(posixpath.join("META-INF", prefix, u[len(start):]))
    return None


def _family_version(url: str, where: str) -> tuple[str, str]:
    """``http://xbrl.fasb.org/us-gaap/2024`` -> ("us-gaap", "2024")."""
    parts = [x for x in strip_scheme(url).split("/")[1:] if x]
    if len(parts) < 2 or not _NAME_RE.match(parts[-2]) or not _NAME_RE.match("v" + parts[-1]):
        raise MapperError(f"cannot tell taxonomy name and version from {url!r}", path=where)
    return parts[-2], parts[-1]


def best_entry_point(hrefs: list[str]) -> str:
    """Prefer the entry point that loads everything (linkbases included), in document order."""
    def score(href: str) -> int:
        name = href.rsplit("/", 1)[-1].lower()
        if "entrypoint-all" in name:
            return 4
        if "entire" in name or "/entire/" in href.lower():
            return 3
        if re.search(r"-all-", name) and "ent-all" not in name:
            return 2
        return 1 if name.endswith(".xsd") else 0
    best = max(hrefs, key=lambda h: (score(h), -hrefs.index(h)))
    return best


# ---------------------------------------------------------------- cache-style host tree

def _recognise_cache_tree(p: Path) -> SourceSet:
    hosts = [d for d in sorted(p.iterdir()) if d.is_dir() and "." in d.name]
    families: list[Path] = []
    for host in hosts:
        for fam in sorted(d for d in host.iterdir() if d.is_dir()):
            families.extend(sorted(v for v in fam.iterdir() if v.is_dir()))
    if not families:
        raise MapperError("not a taxonomy package (no META-INF/taxonomyPackage.xml) and not a "
                          "host-keyed taxonomy tree (host/family/version/...)", path=str(p))
    set_ = SourceSet(path=p, kind="cache-tree")
    for vdir in families:
        xsds = sorted(vdir.rglob("*.xsd"))
        if not xsds:
            continue
        checksum = _check_tree(vdir)
        rel = vdir.relative_to(p).as_posix()
        family, version = vdir.parent.name, vdir.name
        if not _NAME_RE.match(family):
            raise MapperError("taxonomy family folder name is not a valid name", path=str(vdir.parent))
        hrefs = [f"https://{rel}/{x.relative_to(vdir).as_posix()}" for x in xsds]
        entry = _tree_entry_point(hrefs, family, str(vdir))
        set_.entries.append(EntrySource(
            name=f"{family}-{version}", family=family, version=version, entry_point=entry,
            url_prefixes=(f"{rel}/",), checksum=checksum, source=str(vdir)))
    if not set_.entries:
        raise MapperError("no taxonomy schema (.xsd) found in the folder tree", path=str(p))
    return set_


def _tree_entry_point(hrefs: list[str], family: str, where: str) -> str:
    named = [h for h in hrefs if h.rsplit("/", 1)[-1].lower().startswith(family.lower())]
    cands = [h for h in named if re.search(r"(entrypoint-all|entire|-all-)", h.rsplit("/", 1)[-1].lower())]
    if not cands:
        raise MapperError(f"no entry point schema found for {family} "
                          "(expected a file named like '*-entire-*.xsd' or '*-all-*.xsd')", path=where)
    return best_entry_point(cands)


# ---------------------------------------------------------------- shared helpers

def _check_tree(root: Path) -> str:
    """Parse every XML file under ``root`` safely and return the tree's sha256."""
    digest = hashlib.sha256()
    for f in sorted(x for x in root.rglob("*") if x.is_file()):
        try:
            data = f.read_bytes()
        except OSError as exc:
            raise MapperError(f"cannot read file: {exc.strerror}", path=str(f)) from None
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(data).digest())
        if f.suffix.lower() in XML_SUFFIXES:
            parse_xml_bytes(data, str(f))
    return digest.hexdigest()
