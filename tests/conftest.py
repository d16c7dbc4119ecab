"""Shared fixtures: where the shared data lives, and the real taxonomies compiled once per run.

The shared folder is ``../shared`` beside the checkout, or ``$XBRL_MAPPER_SHARED``.
Set ``XBRL_MAPPER_TEST_CACHE`` to a folder to keep the compiled taxonomies between runs
(it is filled on first use); by default they are compiled into a temporary folder.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from mapper.config import shared_dir

SHARED = shared_dir()


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"shared data missing: {path} (set XBRL_MAPPER_SHARED)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return _need(shared / "seed" / "deferred-tax-asset.txt")


@pytest.fixture(scope="session")
def bench_rpages(shared: Path) -> Path:
    return _need(shared / "bench" / "rpages")


@pytest.fixture(scope="session")
def taxonomy_sources(shared: Path) -> dict[str, Path]:
    tax = shared / "taxonomy"
    return {
        "us-gaap-2024": _need(tax / "us-gaap-2024-partial" / "us-gaap-2024"),
        "srt-2024": _need(tax / "fasb-srt-2024" / "srt-2024"),
        "sec-2021": _need(tax / "openesef-srt-dei-2021"),
    }


@pytest.fixture(scope="session")
def compiled_cache(tmp_path_factory, taxonomy_sources) -> Path:
    """A cache folder holding us-gaap 2024, SRT 2024, DEI 2021 and SRT 2021, compiled from ../shared."""
    from mapper import taxonomy

    keep = os.environ.get("XBRL_MAPPER_TEST_CACHE")
    cache = Path(keep) if keep else tmp_path_factory.mktemp("taxonomy_cache")
    cache.mkdir(parents=True, exist_ok=True)
    have = {info.name for info in taxonomy.list_compiled(cache_dir=cache)}
    if not {"us-gaap-2024", "srt-2024", "dei-2021"} <= have:
        taxonomy.add([taxonomy_sources["srt-2024"], taxonomy_sources["us-gaap-2024"]], cache_dir=cache)
        taxonomy.add([taxonomy_sources["sec-2021"]], cache_dir=cache)
    return cache
