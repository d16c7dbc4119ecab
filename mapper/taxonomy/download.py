"""``taxonomy fetch``: download official taxonomy packages into ``<cache>/downloads`` and compile them.

Default URL: ``https://xbrl.fasb.org/{prefix}/{version}/{prefix}-{version}.zip`` (the FASB host);
the base can be changed with ``$XBRL_MAPPER_TAXONOMY_URL_BASE``, a single package's URL with
``url=``. us-gaap imports the SRT package of the same year, so that one is fetched too unless the
cache already knows it.
"""
from __future__ import annotations

import os
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

from ..atomic import atomic_path
from ..errors import MapperError
from .model import TaxonomyInfo
from .packages import load_registry

DEFAULT_BASE = "https://xbrl.fasb.org"
URL_BASE_ENV = "XBRL_MAPPER_TAXONOMY_URL_BASE"
DEPENDENCIES = {"us-gaap": ("srt",)}
TIMEOUT_S = 60


def package_url(prefix: str, version: str, base: str | None = None) -> str:
    base = (base or os.environ.get(URL_BASE_ENV) or DEFAULT_BASE).rstrip("/")
    return f"{base}/{prefix}/{version}/{prefix}-{version}.zip"


def download(url: str, target: Path) -> Path:
    """Stream ``url`` to ``target`` atomically; MapperError on any network/HTTP problem."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp, atomic_path(target, ".part") as tmp:
            with open(tmp, "wb") as fh:
                shutil.copyfileobj(resp, fh, 1 << 20)
    except urllib.error.HTTPError as exc:
        raise MapperError(f"download failed: HTTP {exc.code} {exc.reason}", path=url) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise MapperError(f"download failed: {reason}", path=url) from None
    return target


def fetch_and_add(prefix: str, version: str, cache: Path, url: str | None = None,
                  say=lambda m: print(m, file=sys.stderr)) -> list[TaxonomyInfo]:
    from .build import add_sources
    if not prefix or "/" in prefix or not version or "/" in version:
        raise MapperError(f"bad taxonomy name {prefix!r} {version!r} (expected e.g. 'us-gaap 2024')")
    downloads = cache / "downloads"
    known = load_registry(cache)
    paths: list[Path] = []
    for dep in DEPENDENCIES.get(prefix, ()):
        if f"{dep}-{version}" in known:
            continue
        dep_url = package_url(dep, version)
        say(f"downloading {dep_url}")
        paths.append(download(dep_url, downloads / f"{dep}-{version}.zip"))
    main_url = url or package_url(prefix, version)
    say(f"downloading {main_url}")
    paths.append(download(main_url, downloads / f"{prefix}-{version}.zip"))
    return add_sources(paths, cache, progress=say)
