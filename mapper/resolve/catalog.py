"""The resolver's in-memory view of the compiled taxonomies: lookup tables built once.

A :class:`Catalog` is built from one or more :class:`~mapper.taxonomy.index.TaxonomyIndex`
(us-gaap, srt, dei ...) and holds, per concept, the normalised keys every matcher needs:
documentation text, labels of every role, name words, ASC reference keys, calculation and
dimension relationships. Building it takes about a second for us-gaap; it is pickled into the
taxonomy cache keyed by the indexes' checksums so later runs start in milliseconds.
"""
from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import re
import time
from collections import defaultdict
from functools import cached_property
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..naming import QNamed
from ..taxonomy.model import DOCUMENTATION_ROLE, LABEL_ROLES, STANDARD_LABEL_ROLE, Concept
from .model import ConceptRef, TaxonomyUse
from .text import excluded_name_words, name_tokens, norm, strip_label_markers, tokens

CATALOG_FORMAT = 37
_EDGE_ROLES = ("/periodStartLabel", "/periodEndLabel")   # presentation arcs' preferred labels of a roll-forward's balances
_STRUCTURAL_SUFFIX = re.compile(r"(Abstract|LineItems|RollForward|Table|Axis|Domain|Member)$")
# Reference parts that identify where in the Codification/regulation a concept is anchored.
REF_KEY_PARTS = ("Publisher", "Name", "Number", "Topic", "SubTopic", "Section", "Paragraph",
                 "Subparagraph", "Clause")

MONETARY_TYPES = ("monetaryItemType",)
SHARES_TYPES = ("sharesItemType",)
PERCENT_TYPES = ("percentItemType", "pureItemType")
PER_SHARE_TYPES = ("perShareItemType",)
NUMBER_TYPES = ("decimalItemType", "integerItemType", "floatItemType", "doubleItemType", "IntegerItemType",
                "areaItemType", "volumeItemType", "massItemType", "energyItemType", "lengthItemType",
                "powerItemType", "flowItemType", "memoryItemType", "electricCurrentItemType",
                "temperatureItemType", "voltageItemType", "frequencyItemType", "pureItemType")
TEXT_TYPES = ("stringItemType", "normalizedStringItemType", "tokenItemType", "domainItemType",
              "anyURIItemType", "enumerationItemType", "enumerationSetItemType", "gMonthDayItemType",
              "dateTimeItemType", "fiscalPeriodItemType", "centralIndexKeyItemType", "Name")


def ref_key(parts: tuple[tuple[str, str], ...]) -> tuple[str, ...] | None:
    """A hashable key for one reference: its identifying parts, normalised, in a fixed order."""
    d = {}
    for k, v in parts:
        if k in REF_KEY_PARTS and v:
            d[k] = norm(v)
    if not d.get("Topic") and not d.get("Number") and not d.get("Section"):
        return None
    return tuple(d.get(k, "") for k in REF_KEY_PARTS)


@dataclass
class CatalogConcept(QNamed):
    """Slim per-concept record the matchers read (index = position in Catalog.concepts)."""
    prefix: str
    local_name: str
    namespace: str
    data_type: str
    abstract: bool
    balance: str | None
    period_type: str | None
    deprecated: str | None
    label: str | None                  # standard label
    doc: str | None
    labels_norm: tuple[str, ...]       # every label, normalised (standard first)
    label_roles: tuple[str, ...]       # short role of each entry of labels_norm
    words: frozenset[str]              # stemmed words of labels + name
    name_words: tuple[str, ...]
    refs: frozenset[tuple[str, ...]]
    prev_docs: tuple[str, ...] = ()    # earlier releases' documentation (change-note references)

    @cached_property
    def element_id(self) -> str:
        return f"{self.prefix}_{self.local_name}"

    @cached_property
    def kind(self) -> str:
        """Coarse value kind the concept expects: monetary/shares/percent/per_share/other/text."""
        t = self.data_type
        if any(x in t for x in PER_SHARE_TYPES):
            return "per_share"
        if any(x in t for x in MONETARY_TYPES):
            return "monetary"
        if any(x in t for x in SHARES_TYPES):
            return "shares"
        if any(x in t for x in PERCENT_TYPES):
            return "percent"
        if "textBlockItemType" in t:
            return "textblock"
        if "dateItemType" in t:
            return "date"
        if "booleanItemType" in t:
            return "boolean"
        if "durationItemType" in t:
            return "duration"
        if "gYearItemType" in t:
            return "year"
        if any(x in t for x in NUMBER_TYPES):
            return "number"
        if any(x in t for x in TEXT_TYPES):
            return "text"
        return "other"     # a type of its own (fiscal period, enumerations of a filer ...): no opinion

    def ref(self) -> ConceptRef:
        return self._ref

    @cached_property
    def _ref(self) -> ConceptRef:
        """One ConceptRef per concept (it is immutable: every mapping may share it)."""
        return ConceptRef(self.prefix, self.local_name, self.namespace, self.label)


class NameMatch(NamedTuple):
    """Per concept, what a caption is compared with (built with the catalog, so that matching
    never pays for it on first sight of a concept)."""
    labels: frozenset[str]                    # every label, normalised
    fuzzy: tuple[str, ...]                    # the first four, words sorted (token-sort fuzzy ratio)
    words: frozenset[str]                     # words of its labels and name
    name: tuple[tuple[str, float], ...]       # distinct name words with their (floored) idf weights
    name_total: float                         # their sum
    kept: frozenset[str]                      # words, less those the name excludes ("...ExcludingGoodwill")
    kept_name: tuple[tuple[str, float], ...]  # name, less those


NAME_WEIGHT_FLOOR = 2.5   # a name word weighs at least this much (common words still name the concept)


def name_match(c: CatalogConcept, idf: dict[str, float]) -> NameMatch:
    pairs = tuple((w, max(idf.get(w, 3.0), NAME_WEIGHT_FLOOR)) for w in dict.fromkeys(c.name_words))
    out = excluded_name_words(c.local_name)
    kept, kept_name = (c.words - out, tuple(p for p in pairs if p[0] not in out)) if out else (c.words, pairs)
    return NameMatch(frozenset(c.labels_norm), tuple(sorted_words(lab) for lab in c.labels_norm[:4]), c.words,
                     pairs, sum(wt for _w, wt in pairs), kept, kept_name)


def sorted_words(text: str) -> str:
    """The words of a text in sorted order: fuzz.ratio of two such strings is their token-sort
    ratio, so each side is sorted once, not on every comparison."""
    return " ".join(sorted(text.split()))


@dataclass
class Catalog:
    concepts: list[CatalogConcept]
    by_qname: dict[str, int]
    by_local: dict[str, list[int]]
    label_exact: dict[str, list[int]]
    doc_exact: dict[str, list[int]]
    prev_doc_exact: dict[str, list[int]]   # earlier releases' documentation -> concepts
    word_index: dict[str, list[int]]       # word -> concepts whose labels/name use it
    doc_word_index: dict[str, list[int]]   # word -> concepts whose documentation uses it
    ref_index: dict[tuple[str, ...], list[int]]
    idf: dict[str, float]
    doc_idf: dict[str, float]
    calc_children: dict[int, list[tuple[int, float]]]
    calc_parents: dict[int, list[tuple[int, float]]]
    member_axes: dict[int, list[int]]      # domain/member concept -> axes whose domain holds it
    wider: dict[int, list[int]]            # general-special / wider-narrower: narrow -> wider
    taxonomies: tuple[TaxonomyUse, ...]
    prefixes: frozenset[str] = field(default_factory=frozenset)
    sorted_ids: list[str] = field(default_factory=list)     # element ids in EDGAR's block order
    rank: list[int] = field(default_factory=list)           # concept -> position in sorted_ids
    order: list[int] = field(default_factory=list)          # position in sorted_ids -> concept
    pres_pos: dict[int, dict[int, int]] = field(default_factory=dict)  # concept -> {network: position}
    item_axes: dict[int, tuple[int, ...]] = field(default_factory=dict)  # line item -> axes its tables allow
    doc_len: list[float] = field(default_factory=list)      # concept -> sqrt of its documentation word weight
    names: list[NameMatch] = field(default_factory=list)    # concept -> what captions are compared with
    network_titles: list[str] = field(default_factory=list)  # presentation network (pres_pos key) -> title
    table_items: dict[int, frozenset[int]] = field(default_factory=dict)  # line-items element -> its items
    pres_parents: dict[int, frozenset[int]] = field(default_factory=dict)  # concept -> its presentation parents
    # concepts a presentation network shows as a roll-forward's opening or closing balance
    # (preferred label periodStartLabel / periodEndLabel)
    roll_balances: frozenset[int] = field(default_factory=frozenset)
    format: int = CATALOG_FORMAT                            # layout version of a pickled catalog

    def presented_before(self, a: int, b: int) -> int:
        """+1 if the taxonomy's presentation networks show a before b, -1 after, 0 unknown."""
        pa, pb = self.pres_pos.get(a), self.pres_pos.get(b)
        if not pa or not pb:
            return 0
        vote = 0
        for role, pos in pa.items():
            other = pb.get(role)
            if other is not None:
                vote += 1 if pos < other else -1
        return (vote > 0) - (vote < 0)

    def rank_range(self, lo: str, hi: str) -> tuple[int, int]:
        """Positions [a, b) of the concepts whose element id lies strictly between lo and hi."""
        import bisect
        return bisect.bisect_right(self.sorted_ids, lo), bisect.bisect_left(self.sorted_ids, hi)

    def get(self, qname: str) -> int | None:
        return self.by_qname.get(qname.replace("_", ":", 1) if ":" not in qname else qname)


def _short_role(role: str) -> str:
    return LABEL_ROLES.get(role, role.rsplit("/", 1)[-1])


def _slim(c: Concept) -> CatalogConcept:
    labels: list[str] = []
    roles: list[str] = []
    std = c.label(STANDARD_LABEL_ROLE)
    # "Minimum [Member]" is shown, and matched, as "Minimum": the bracket is EDGAR's kind marker
    if std:
        labels.append(norm(strip_label_markers(std)))
        roles.append("standard")
    for lab in c.labels:
        if lab.role in (STANDARD_LABEL_ROLE, DOCUMENTATION_ROLE) or not lab.text:
            continue
        if "deprecated" in lab.role:
            continue
        labels.append(norm(strip_label_markers(lab.text)))
        roles.append(_short_role(lab.role))
    nw = name_tokens(_STRUCTURAL_SUFFIX.sub("", c.local_name) or c.local_name)
    words = set(nw)
    for text in labels:
        words.update(tokens(text))
    refs = frozenset(k for r in c.references if (k := ref_key(r.parts)) is not None)
    prev = tuple(dict.fromkeys(p for r in c.references if (p := r.part("PreviousDocumentation"))))
    return CatalogConcept(
        prefix=c.prefix, local_name=c.local_name, namespace=c.namespace,
        data_type=c.data_type or "", abstract=c.abstract, balance=c.balance,
        period_type=c.period_type, deprecated=c.deprecated, label=std,
        doc=c.documentation, labels_norm=tuple(labels), label_roles=tuple(roles),
        words=frozenset(words), name_words=nw, refs=refs, prev_docs=prev,
    )


def build_catalog(indexes) -> Catalog:
    """Build the lookup tables from open taxonomy indexes (newest first wins on duplicates)."""
    concepts: list[CatalogConcept] = []
    by_qname: dict[str, int] = {}
    uses = []
    rels = []
    for ix in indexes:
        info = ix.info
        uses.append(TaxonomyUse(info.name, info.version, tuple(info.namespaces), info.checksum))
        for c in ix.concepts():
            q = f"{c.prefix}:{c.local_name}"
            if q in by_qname:
                continue
            by_qname[q] = len(concepts)
            concepts.append(_slim(c))
        rels.extend(ix.relationships())

    by_local: dict[str, list[int]] = defaultdict(list)
    label_exact: dict[str, list[int]] = defaultdict(list)
    doc_exact: dict[str, list[int]] = defaultdict(list)
    prev_doc_exact: dict[str, list[int]] = defaultdict(list)
    word_index: dict[str, list[int]] = defaultdict(list)
    doc_word_index: dict[str, list[int]] = defaultdict(list)
    doc_word_sets: list[set[str]] = []
    ref_index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, c in enumerate(concepts):
        by_local[c.local_name].append(i)
        for lab in set(c.labels_norm):
            label_exact[lab].append(i)
        if c.doc:
            doc_exact[norm(c.doc)].append(i)
        for old in c.prev_docs:
            prev_doc_exact[norm(old)].append(i)
        doc_words = set(tokens(c.doc)) if c.doc else set()
        for old in c.prev_docs:
            doc_words.update(tokens(old))
        doc_word_sets.append(doc_words)
        for w in doc_words:
            doc_word_index[w].append(i)
        for w in c.words:
            word_index[w].append(i)
        for k in c.refs:
            ref_index[k].append(i)
    n = max(len(concepts), 1)
    idf = {w: math.log(n / len(ids)) + 1.0 for w, ids in word_index.items()}
    ndoc = max(sum(1 for c in concepts if c.doc), 1)
    doc_idf = {w: math.log(ndoc / len(ids)) + 1.0 for w, ids in doc_word_index.items()}
    # square root of each concept's documentation word weight (current and earlier wordings)
    doc_len = [max(sum(doc_idf[w] for w in sorted(ws)), 1.0) ** 0.5 for ws in doc_word_sets]

    calc_children: dict[int, list[tuple[int, float]]] = defaultdict(list)
    calc_parents: dict[int, list[tuple[int, float]]] = defaultdict(list)
    dim_domain: dict[tuple[str, int], list[int]] = defaultdict(list)   # (link role, axis) -> domains
    dom_member: dict[tuple[str, int], list[int]] = defaultdict(list)   # (link role, parent) -> members
    wider: dict[int, list[int]] = defaultdict(list)
    seen_calc = set()
    pres_children: dict[tuple[str, int], list[tuple[float, int]]] = defaultdict(list)
    roll_balances: set[int] = set()
    for r in rels:
        if r.kind == "presentation":
            s_, t_ = by_qname.get(r.source), by_qname.get(r.target)
            if s_ is not None and t_ is not None:
                pres_children[(r.link_role, s_)].append((r.order or 0.0, t_))
                if (r.preferred_label or "").endswith(_EDGE_ROLES):
                    roll_balances.add(t_)
    for r in rels:
        s, t = by_qname.get(r.source), by_qname.get(r.target)
        if s is None or t is None:
            continue
        if r.kind == "calculation":
            if (s, t) in seen_calc:
                continue
            seen_calc.add((s, t))
            weight = r.weight if r.weight is not None else 1.0
            calc_children[s].append((t, weight))
            calc_parents[t].append((s, weight))
        elif r.kind == "definition":
            a = r.arcrole.rsplit("/", 1)[-1]
            if a == "dimension-domain":
                dim_domain[(r.link_role, s)].append(t)
            elif a == "domain-member":
                dom_member[(r.link_role, s)].append(t)
            elif a in ("general-special", "wider-narrower"):
                wider[t].append(s)
    item_axes = _item_axes(rels, by_qname, dom_member)
    table_items = _table_items(rels, by_qname, dom_member)
    # member -> axes, most frequent first (in how many networks the member sits under the axis)
    pair_count: dict[tuple[int, int], int] = defaultdict(int)
    for (role, axis), domains in dim_domain.items():
        stack, seen = list(domains), set()
        while stack:
            m = stack.pop()
            if m in seen:
                continue
            seen.add(m)
            pair_count[(m, axis)] += 1
            stack.extend(dom_member.get((role, m), ()))
    member_axes: dict[int, list[int]] = defaultdict(list)
    for (m, axis), _n in sorted(pair_count.items(), key=lambda kv: -kv[1]):
        member_axes[m].append(axis)
    pres_pos, role_uris = _presentation_positions(pres_children)
    network_titles = [_role_title(indexes, uri) for uri in role_uris]
    order = sorted(range(len(concepts)), key=lambda i: concepts[i].element_id)
    rank = [0] * len(concepts)
    for pos, i in enumerate(order):
        rank[i] = pos
    return Catalog(
        sorted_ids=[concepts[i].element_id for i in order], rank=rank, order=order, pres_pos=pres_pos,
        item_axes=item_axes,
        concepts=concepts, by_qname=by_qname, by_local=dict(by_local),
        label_exact=dict(label_exact), doc_exact=dict(doc_exact), prev_doc_exact=dict(prev_doc_exact), word_index=dict(word_index),
        doc_word_index=dict(doc_word_index), ref_index=dict(ref_index), idf=idf, doc_idf=doc_idf, doc_len=doc_len,
        calc_children=dict(calc_children), calc_parents=dict(calc_parents),
        member_axes=dict(member_axes), wider=dict(wider), taxonomies=tuple(uses),
        prefixes=frozenset(c.prefix for c in concepts), names=[name_match(c, idf) for c in concepts],
        network_titles=network_titles, table_items=table_items, pres_parents=_parents(pres_children),
        roll_balances=frozenset(roll_balances),
    )


def _parents(children: dict[tuple[str, int], list[tuple[float, int]]]) -> dict[int, frozenset[int]]:
    """Concept -> the concepts any presentation network shows it under."""
    out: dict[int, set[int]] = defaultdict(set)
    for (_role, parent), kids in children.items():
        for _order, kid in kids:
            out[kid].add(parent)
    return {k: frozenset(v) for k, v in out.items()}


_ROLE_PREFIX = re.compile(r"^\s*\d+\s*-\s*\w+\s*-\s*")


def _role_title(indexes, uri: str) -> str:
    """A network's title from its role definition ("104000 - Statement - Statement of Shareholders
    Equity" -> "Statement of Shareholders Equity"); the URI's last segment when none is given."""
    for ix in indexes:
        d = ix.role_definition(uri)
        if d:
            return _ROLE_PREFIX.sub("", d)
    return uri.rstrip("/").rsplit("/", 1)[-1]


def _item_axes(rels, by_qname: dict[str, int], dom_member: dict[tuple[str, int], list[int]]) -> dict[int, tuple[int, ...]]:
    """Which axes may qualify a line item: per definition network, the items under a line-items
    element ("all" arc to a table) get the table's axes (hypercube-dimension arcs)."""
    has_table: dict[tuple[str, int], list[int]] = defaultdict(list)
    table_axes: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r in rels:
        if r.kind != "definition":
            continue
        a = r.arcrole.rsplit("/", 1)[-1]
        s, t = by_qname.get(r.source), by_qname.get(r.target)
        if s is None or t is None:
            continue
        if a == "all":
            has_table[(r.link_role, s)].append(t)
        elif a == "hypercube-dimension":
            table_axes[(r.link_role, s)].append(t)
    out: dict[int, set[int]] = defaultdict(set)
    for (role, line_items), tables in has_table.items():
        axes = {ax for tb in tables for ax in table_axes.get((role, tb), ())}
        if not axes:
            continue
        for node in {line_items} | _under(dom_member, role, line_items):
            out[node].update(axes)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _under(dom_member: dict[tuple[str, int], list[int]], role: str, node: int) -> set[int]:
    """Every element below ``node`` by domain-member arcs of one definition network."""
    seen: set[int] = set()
    stack = list(dom_member.get((role, node), ()))
    while stack:
        n = stack.pop()
        if n not in seen:
            seen.add(n)
            stack.extend(dom_member.get((role, n), ()))
    return seen


def _table_items(rels, by_qname: dict[str, int], dom_member: dict[tuple[str, int], list[int]]
                 ) -> dict[int, frozenset[int]]:
    """The items of each line-items element ("... [Line Items]" with an "all" arc to a table):
    every element under it by domain-member arcs, over all definition networks."""
    out: dict[int, set[int]] = defaultdict(set)
    for r in rels:
        if r.kind != "definition" or r.arcrole.rsplit("/", 1)[-1] != "all":
            continue
        line_items = by_qname.get(r.source)
        if line_items is not None:
            out[line_items] |= _under(dom_member, r.link_role, line_items)
    return {k: frozenset(v) for k, v in out.items() if v}


def _presentation_positions(children: dict[tuple[str, int], list[tuple[float, int]]]
                            ) -> tuple[dict[int, dict[int, int]], list[str]]:
    """Depth-first position of every concept in every presentation network (link role), and the
    networks' role URIs (network id = index)."""
    roles: dict[str, int] = {}
    by_role: dict[str, dict[int, list[int]]] = defaultdict(dict)
    targets: dict[str, set[int]] = defaultdict(set)
    for (role, parent), kids in children.items():
        by_role[role][parent] = [c for _o, c in sorted(kids)]
        targets[role].update(c for _o, c in kids)
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for role, tree in by_role.items():
        rid = roles.setdefault(role, len(roles))
        pos = 0
        for root in sorted(p for p in tree if p not in targets[role]):
            stack = [root]
            while stack:
                node = stack.pop()
                if rid in out[node]:
                    continue
                out[node][rid] = pos
                pos += 1
                stack.extend(reversed(tree.get(node, ())))
    return dict(out), list(roles)


def _catalog_key(infos) -> str:
    h = hashlib.sha256(f"catalog-v{CATALOG_FORMAT}".encode())
    for info in infos:
        h.update(f"|{info.name}:{info.checksum}:{info.built_at}".encode())
    return h.hexdigest()[:20]


_PICKLE_PREFIX = f".catalog-v{CATALOG_FORMAT}-"
PICKLE_IDLE_DAYS = 7     # another version's pickle unused this long is removed


def _prune_catalog_pickles(cache: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Remove catalog pickles that cannot be used any more; returns them.

    Pickles of this catalog format built from other taxonomies are stale. Pickles of other formats
    belong to other versions of the tool (two checkouts sharing one cache): they stay until
    unused for PICKLE_IDLE_DAYS (loading a pickle refreshes its time), so that two versions do
    not rebuild each other's catalog on every run."""
    now = time.time() if now is None else now
    gone = []
    for old in cache.glob(".catalog-*.pickle"):
        if old == keep:
            continue
        try:
            idle = now - old.stat().st_mtime > PICKLE_IDLE_DAYS * 86400
            if old.name.startswith(_PICKLE_PREFIX) or idle:
                old.unlink(missing_ok=True)
                gone.append(old)
        except OSError:
            continue
    return gone


def load_catalog(cache_dir: Path | None = None, names: list[str] | None = None) -> Catalog:
    """Open the compiled taxonomies (default: newest of each family) and return their Catalog.

    The built catalog is pickled beside the indexes; a stale pickle (taxonomy re-added) is rebuilt.
    """
    from .. import taxonomy
    from ..config import cache_dir as default_cache
    from ..errors import MapperError

    cache = Path(cache_dir) if cache_dir else default_cache()
    if names:
        indexes = [taxonomy.open(n, cache_dir=cache) for n in names]
    else:
        indexes = taxonomy.open_default(cache_dir=cache)
    if not indexes:
        raise MapperError("no compiled taxonomy: run `xbrl-mapper taxonomy add PATH` "
                          "(or `xbrl-mapper example`, which compiles the shared ones)", path=str(cache))
    try:
        # us-gaap first: its concepts win over same-named ones of other families
        indexes.sort(key=lambda ix: (ix.info.prefix != "us-gaap", ix.info.prefix))
        key = _catalog_key([ix.info for ix in indexes])
        pkl = cache / f"{_PICKLE_PREFIX}{key}.pickle"
        if pkl.exists():
            try:
                with open(pkl, "rb") as fh:
                    cat = _unpickle(fh)
                if isinstance(cat, Catalog) and getattr(cat, "format", None) == CATALOG_FORMAT:
                    try:
                        os.utime(pkl)   # in use: _prune_catalog_pickles keeps it
                    except OSError:
                        pass
                    return cat
            except Exception:  # a corrupt or foreign pickle is simply rebuilt
                pass
        cat = build_catalog(indexes)
    finally:
        for ix in indexes:
            ix.close()
    try:
        from ..atomic import atomic_path
        with atomic_path(pkl) as tmp:
            with open(tmp, "wb") as fh:
                pickle.dump(cat, fh, protocol=pickle.HIGHEST_PROTOCOL)
        _prune_catalog_pickles(cache, pkl)
    except OSError:
        pass  # a read-only cache still works, just slower to start
    return cat


def _unpickle(fh):
    """pickle.load with the cyclic collector paused: a catalog is a million objects without
    cycles, which collections triggered by the load itself would walk again and again.

    Once loaded, they are moved out of the collector's sight (gc.freeze): the catalog serves
    the process for its lifetime, and every full collection a mapping run triggers would walk
    them again (about a tenth of a second each). Refcounting still frees a dropped catalog:
    it holds no cycles."""
    paused = gc.isenabled()
    gc.disable()
    try:
        cat = pickle.load(fh)
        gc.freeze()
        return cat
    finally:
        if paused:
            gc.enable()


__all__ = ["Catalog", "CatalogConcept", "build_catalog", "load_catalog", "ref_key"]
