"""Where things live: the taxonomy cache, the shared data folder, the default store."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = REPO_ROOT / "ontologies"


def cache_dir() -> Path:
    """Compiled taxonomies: $XBRL_MAPPER_CACHE, else ./taxonomy_cache of the checkout."""
    env = os.environ.get("XBRL_MAPPER_CACHE")
    return Path(env).expanduser() if env else REPO_ROOT / "taxonomy_cache"


def shared_dir() -> Path:
    """Shared data (taxonomy material, bench, seed): $XBRL_MAPPER_SHARED, else ../shared."""
    env = os.environ.get("XBRL_MAPPER_SHARED")
    return Path(env).expanduser() if env else REPO_ROOT.parent / "shared"


def default_store_dir() -> Path:
    env = os.environ.get("XBRL_MAPPER_STORE")
    return Path(env).expanduser() if env else REPO_ROOT / "store"
