"""Page titles and presentation networks: a title's topic words, how well it names each of the
taxonomy's presentation networks, and how well a concept fits a page through the networks that
present it."""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import repeat

from ..catalog import Catalog
from ..memo import once
from ..text import tokens
from .common import memo_by_catalog


def weighted_overlap(words: tuple[str, ...], other: frozenset[str] | set[str], idf: dict,
                      floor: float = 0.0) -> float:
    if not words:
        return 0.0
    tot = sum(max(idf.get(w, 3.0), floor) for w in words)
    hit = sum(max(idf.get(w, 3.0), floor) for w in words if w in other)
    return hit / tot if tot else 0.0


_TITLE_NOISE = re.compile(r"\((details?|tables?|narrative|parenthetical)\)|\(usd \$\)|"
                          r"\b(details?|narrative|additional information|schedule of|summary of|consolidated|"
                          r"condensed|unaudited|statements? of)\b", re.I)


_TITLE_PART = re.compile(r"\s+-\s+")
_UNIT_PART = re.compile(r"\(\$\)|\$ / |^[A-Z]{3}\b|^shares?$|^pure$")   # "USD ($)", "$ / shares", "pure"


def title_topic(title: str) -> tuple[str, ...]:
    """Content words of a page title, without EDGAR's "(Details)", unit suffix and report words:
    "Leases - Schedule of Future Minimum Lease Payments (Details) - USD ($)" -> lease, future, ..."""
    parts = [p for p in _TITLE_PART.split(title) if not _UNIT_PART.search(p)]
    return tuple(dict.fromkeys(tokens(_TITLE_NOISE.sub(" ", " ".join(parts)))))


# what filers title their statements, in the words of the taxonomy's presentation networks
_STATEMENT_NAMES = re.compile(r"\b(balance sheets?|statements? of financial condition)\b|"
                              r"\b(statements? of (operations|earnings)|income statements?)\b", re.I)


def _statement_names(title: str) -> str:
    return _STATEMENT_NAMES.sub(lambda m: " financial position " if m.group(1) else " income ", title)


def _network_words(cat: Catalog) -> list[tuple[str, ...]]:
    """Each presentation network's title as content words ("Statement of Cash Flows" -> cash, flow);
    none for the networks that gather deprecated elements (no page is about them)."""
    return once(cat, "network_words", lambda cat: [
        () if t.lower().startswith("deprecated") else tuple(dict.fromkeys(tokens(_TITLE_NOISE.sub(" ", t))))
        for t in cat.network_titles])


NETWORK_BETA = 0.7   # page titles say more than network titles: covering the network's words counts more
_NB2 = NETWORK_BETA ** 2


def network_affinity(title: str, cat: Catalog) -> dict[int, float]:
    """How well a page title names each presentation network of the taxonomy (an F-measure of
    the shared words' idf weight, leaning to how much of the network's title the page title
    covers): a statement of stockholders' equity is the network "Statement of Shareholders'
    Equity", a share-based compensation note "Compensation Related Costs, Share Based Payments".
    Networks sharing no word are left out."""
    topic = title_topic(_statement_names(title))
    if not topic:
        return {}
    return memo_by_catalog(cat, ("networks", topic), lambda: _network_affinity(topic, cat))


def _network_affinity(topic: tuple[str, ...], cat: Catalog) -> dict[int, float]:
    words_of = _network_words(cat)
    index = once(cat, "network_index", _network_index)
    mine = set(topic)
    out = {}
    for n in sorted({n for w in topic for n in index.get(w, ())}):
        words = words_of[n]
        r = weighted_overlap(topic, set(words), cat.idf)
        p = weighted_overlap(words, mine, cat.idf)
        out[n] = (1 + _NB2) * r * p / (_NB2 * p + r)
    return out


def _network_index(cat: Catalog) -> dict[str, list[int]]:
    """Word -> the presentation networks whose title uses it."""
    index: dict[str, list[int]] = defaultdict(list)
    for n, words in enumerate(_network_words(cat)):
        for w in words:
            index[w].append(n)
    return dict(index)


def network_fit_memo(title: str, cat: Catalog) -> dict[int, float]:
    """A memo for network_fit on a page titled ``title``: concept -> value, shared by every page
    whose title has the same topic (network_affinity is the same for them)."""
    return memo_by_catalog(cat, ("network_fits", title_topic(_statement_names(title))), dict)


def network_fit(networks: dict[int, float], c: int, cat: Catalog) -> float:
    """The best affinity (network_affinity) among the networks that present concept c."""
    pres = cat.pres_pos.get(c, ())
    if len(networks) < len(pres):   # affinities are positive: the networks missing from either add 0.0
        return max((a for n, a in networks.items() if n in pres), default=0.0)
    return max(map(networks.get, pres, repeat(0.0)), default=0.0)


def best_network(networks: dict[int, float], c: int, cat: Catalog) -> int | None:
    """The network presenting concept c that the page title names best (None: none does)."""
    return max((n for n in cat.pres_pos.get(c, ()) if networks.get(n)), key=networks.__getitem__, default=None)
