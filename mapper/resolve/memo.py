"""Caches of values derived from one catalog (numpy views, memoised scores).

They are keyed by the catalog's identity and dropped the moment the catalog is collected, so a
catalog later built at the same address (tests build many small ones) never reads another's
entries. Per-concept entries are keyed by ``id(concept)`` inside their catalog's caches: the
catalog holds its concepts, so those ids stay unique while the cache lives.
"""
from __future__ import annotations

import weakref
from functools import partial

_DERIVED: dict[int, tuple[weakref.ref, dict[str, dict]]] = {}
# the entry of _DERIVED asked of last: a run asks of one catalog hundreds of thousands of times
_LAST: list[tuple[weakref.ref, dict[str, dict]] | None] = [None]


def _forget(key: int, ref: weakref.ref) -> None:
    got = _DERIVED.get(key)
    if got is not None and got[0] is ref:
        del _DERIVED[key]
    last = _LAST[0]
    if last is not None and last[0] is ref:
        _LAST[0] = None


def derived(cat: object, name: str) -> dict:
    """The cache called ``name`` of values derived from ``cat`` (created empty on first use)."""
    got = _LAST[0]
    if got is None or got[0]() is not cat:
        key = id(cat)
        got = _DERIVED.get(key)
        if got is None or got[0]() is not cat:
            ref = weakref.ref(cat, partial(_forget, key))
            got = _DERIVED[key] = (ref, {})
        _LAST[0] = got
    caches = got[1]
    cache = caches.get(name)
    if cache is None:
        cache = caches[name] = {}
    return cache


def bounded(cache: dict, limit: int) -> dict:
    """``cache``, emptied first when it holds more than ``limit`` entries (memo growth bound)."""
    if len(cache) > limit:
        cache.clear()
    return cache


def once(cat: object, name: str, build):
    """A value derived from the whole catalog, built by ``build(cat)`` on first use."""
    cache = derived(cat, "once")
    got = cache.get(name)
    if got is None:
        got = cache[name] = build(cat)
    return got
