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


@pytest.fixture(scope="session")
def real_store(tmp_path_factory, compiled_cache, seed_path, bench_rpages):
    """The seed and two bench pages mapped for real, plus the taxonomy slice they touch."""
    from mapper import emit, taxonomy
    from mapper.pipeline import map_file
    from mapper.resolve.catalog import load_catalog
    from mapper.store.store import load_rdf_text, open_store
    from mapper.store.taxonomy_rdf import taxonomy_to_rdf

    catalog = load_catalog(compiled_cache)
    pages = [seed_path] + sorted(bench_rpages.glob("*.txt"))[:2]
    mappings = [map_file(p, catalog) for p in pages]
    store_dir = tmp_path_factory.mktemp("real") / "store"
    load_rdf_text(store_dir, emit.render_bytes(mappings, "nq"), "nq")
    used = {c.qname for pm in mappings for rm in pm.rows for c in (rm.concept, rm.anchor) if c is not None}
    with taxonomy.open("us-gaap-2024", cache_dir=compiled_cache) as ix:
        rels = [r for r in ix.relationships() if r.source in used or r.target in used]
        names = used | {r.source for r in rels} | {r.target for r in rels}
        concepts = [c for c in ix.concepts() if c.qname in names]
        rdf = taxonomy_to_rdf(ix.info, concepts, rels)
        calc_parents = {}
        for r in rels:
            if r.kind == "calculation":
                calc_parents.setdefault(r.target, set()).add(r.source)
    with open_store(store_dir) as st:
        st.replace_graph_ntriples(rdf.graph, rdf.ntriples())
    return store_dir, mappings, calc_parents
