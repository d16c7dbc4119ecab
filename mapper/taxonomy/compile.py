"""Arelle model -> typed records of one taxonomy family+version (no database code here).

An entry keeps the concepts *declared* in its own documents (``url_prefixes``) and the
relationships from its own linkbases; relationships may point at concepts of other
taxonomies (us-gaap arcs to ``srt:`` members), which are stored by QName.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from .arelle_load import LogCollector
from .model import (DOCUMENTATION_ROLE, LABEL_ROLES, Concept, Label, Relationship, RelKind, TaxonomyInfo,
                    TaxReference)
from .sources import EntrySource, strip_scheme

LABEL_ARCROLE = "http://www.xbrl.org/2003/arcrole/concept-label"
REFERENCE_ARCROLE = "http://www.xbrl.org/2003/arcrole/concept-reference"
DEPRECATED_DATE_ROLE = "http://www.xbrl.org/2009/role/deprecatedDateLabel"
DEP_ARCROLE_PREFIX = "http://www.xbrl.org/2009/arcrole/dep-"
DEPRECATION_NOTE_ROLE_SUFFIX = "/deprecationNote"
_ARC_KIND: dict[str, RelKind] = {"calculationArc": "calculation", "presentationArc": "presentation",
             "definitionArc": "definition"}
_REF_PART_SKIP = {"link", "ref"}


@dataclass
class CompiledTaxonomy:
    """Everything one index file holds."""
    info: TaxonomyInfo
    concepts: list[Concept]
    relationships: list[Relationship]
    roles: dict[str, str]                                   # link role URI -> definition
    warning_examples: dict[str, list[str]] = field(default_factory=dict)


def qname_str(qn: Any, prefixes: dict[str, str] | None = None) -> str:
    """Arelle QName -> ``prefix:local`` (``{namespace}local`` when no prefix is known)."""
    prefix = qn.prefix or (prefixes or {}).get(qn.namespaceURI)
    if prefix:
        return f"{prefix}:{qn.localName}"
    return f"{{{qn.namespaceURI}}}{qn.localName}"


def _owned(uri: str | None, prefixes: tuple[str, ...]) -> bool:
    return bool(uri and strip_scheme(uri).startswith(prefixes))


def _is_concept(c: Any) -> bool:
    """Items, tuples, and plain elements of the taxonomy (typed-dimension domains), not ref parts."""
    if c.qname is None or c.modelDocument is None:
        return False
    if getattr(c, "isLinkPart", False):
        return False
    sg = c.substitutionGroupQname
    if sg is not None and sg.namespaceURI in ("http://www.xbrl.org/2003/linkbase",
                                              "http://www.xbrl.org/2003/XLink"):
        return False
    return True


def compile_entry(model: Any, entry: EntrySource, log: LogCollector) -> CompiledTaxonomy:
    """Extract ``entry``'s concepts, labels, references and relationships from an Arelle model."""
    prefixes = tuple(entry.url_prefixes)
    concepts_src = [c for c in model.qnameConcepts.values()
                    if _is_concept(c) and _owned(c.modelDocument.uri, prefixes)]
    # a schema may not declare a prefix for its own namespace: fall back to the family name
    ns_prefix = {c.qname.namespaceURI: c.qname.prefix or entry.family for c in concepts_src}
    labels = _labels_by_concept(model)
    refs = _references_by_concept(model)
    rels, deprecated_targets, unresolved = _relationships(model, prefixes, ns_prefix)
    roles = _role_definitions(model, {r.link_role for r in rels})

    concepts: list[Concept] = []
    for c in sorted(concepts_src, key=lambda c: (c.qname.prefix or "", c.qname.localName)):
        labs = labels.get(c.objectId(), [])
        doc = next((l.text for l in labs if l.role == DOCUMENTATION_ROLE and l.lang.lower().startswith("en")),
                   next((l.text for l in labs if l.role == DOCUMENTATION_ROLE), None))
        crefs = refs.get(c.objectId(), [])
        concepts.append(Concept(
            prefix=ns_prefix[c.qname.namespaceURI],
            local_name=c.qname.localName,
            namespace=c.qname.namespaceURI,
            data_type=str(c.typeQname) if c.typeQname is not None else None,
            substitution_group=str(c.substitutionGroupQname) if c.substitutionGroupQname is not None else None,
            abstract=bool(c.isAbstract),
            balance=c.balance or None,
            period_type=c.periodType or None,
            deprecated=_deprecation(labs, crefs, qname_str(c.qname, ns_prefix) in deprecated_targets,
                                    entry.version),
            labels=tuple(l for l in labs if l.role != DOCUMENTATION_ROLE),
            documentation=doc,
            references=tuple(crefs),
        ))

    warnings = Counter(log.counts)
    examples = {k: list(v) for k, v in log.examples.items()}
    _own_warnings(concepts, warnings, examples)
    if unresolved:   # arcs whose locator points into a schema that could not be loaded
        warnings["unresolved-relationship-endpoint"] = len(unresolved)
        examples["unresolved-relationship-endpoint"] = sorted(set(unresolved))[:5]
    info = TaxonomyInfo(
        name=entry.name, prefix=entry.family, version=entry.version,
        namespaces=tuple(sorted({c.namespace for c in concepts})),
        entry_point=entry.entry_point, source=entry.source, checksum=entry.checksum,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        counts=count_items(concepts, rels, roles), warnings=dict(sorted(warnings.items())))
    return CompiledTaxonomy(info=info, concepts=concepts, relationships=rels, roles=roles,
                            warning_examples=examples)


def _labels_by_concept(model: Any) -> dict[str, list[Label]]:
    out: dict[str, list[Label]] = {}
    for rel in model.relationshipSet(LABEL_ARCROLE).modelRelationships:
        res = rel.toModelObject
        if res is None or rel.fromModelObject is None:
            continue
        text = (res.textValue or "").strip()
        if not text:
            continue
        lab = Label(role=res.role or "http://www.xbrl.org/2003/role/label", lang=res.xmlLang or "", text=text)
        bucket = out.setdefault(rel.fromModelObject.objectId(), [])
        if lab not in bucket:
            bucket.append(lab)
    for bucket in out.values():
        bucket.sort(key=lambda l: (_role_rank(l.role), l.role, l.lang))
    return out


def _role_rank(role: str) -> int:
    keys = list(LABEL_ROLES)
    return keys.index(role) if role in LABEL_ROLES else len(keys)


def _references_by_concept(model: Any) -> dict[str, list[TaxReference]]:
    rels = sorted(model.relationshipSet(REFERENCE_ARCROLE).modelRelationships,
                  key=lambda r: (r.order or 0.0))
    out: dict[str, list[TaxReference]] = {}
    for rel in rels:
        res = rel.toModelObject
        if res is None or rel.fromModelObject is None:
            continue
        parts = tuple((p.localName, (p.stringValue or "").strip()) for p in res.iterchildren()
                      if isinstance(getattr(p, "localName", None), str))
        ref = TaxReference(role=res.role, parts=parts)
        bucket = out.setdefault(rel.fromModelObject.objectId(), [])
        if ref not in bucket:
            bucket.append(ref)
    return out


def _relationships(model: Any, prefixes: tuple[str, ...], ns_prefix: dict[str, str]) -> tuple[list[Relationship], set[str], list[str]]:
    """Calculation, presentation and definition relationships from the entry's own linkbases."""
    arcroles = sorted({k[0] for k in model.baseSets if k[0] and not k[0].startswith("XBRL-")
                       and all(x is None for x in k[1:])})
    rels: list[Relationship] = []
    deprecated: set[str] = set()
    unresolved: list[str] = []
    for arcrole in arcroles:
        if arcrole in (LABEL_ARCROLE, REFERENCE_ARCROLE):
            continue
        for r in model.relationshipSet(arcrole).modelRelationships:
            kind = _ARC_KIND.get(r.arcElement.localName if r.arcElement is not None else "")
            src, dst = r.fromModelObject, r.toModelObject
            if kind is None or not _owned(r.modelDocument.uri, prefixes):
                continue
            if src is None or dst is None or getattr(src, "qname", None) is None \
                    or getattr(dst, "qname", None) is None:
                unresolved.append(_unresolved_example(r, src, dst))
                continue
            target = qname_str(dst.qname, ns_prefix)
            if arcrole.startswith(DEP_ARCROLE_PREFIX) or "/deprecated" in (r.linkrole or ""):
                deprecated.add(target)
            rels.append(Relationship(
                kind=kind, arcrole=arcrole, source=qname_str(src.qname, ns_prefix), target=target,
                link_role=r.linkrole, order=float(r.order) if r.order is not None else None,
                weight=float(r.weight) if kind == "calculation" and r.weight is not None else None,
                preferred_label=r.preferredLabel if kind == "presentation" else None))
    rels.sort(key=lambda r: (r.kind, r.link_role, r.source, r.order if r.order is not None else 0.0, r.target))
    return rels, deprecated, unresolved


def _unresolved_example(r: Any, src: Any, dst: Any) -> str:
    """``file: arcrole-name from -> to`` with the locator href of the end that did not resolve."""
    arc = r.arcElement
    hrefs: dict[str | None, str] = {}
    link = arc.getparent() if arc is not None else None
    if link is not None:
        for loc in link.iterchildren("{http://www.xbrl.org/2003/linkbase}loc"):
            hrefs[loc.get("{http://www.w3.org/1999/xlink}label")] = loc.get("{http://www.w3.org/1999/xlink}href")

    def end(obj: Any, attr: str) -> str:
        if obj is not None and getattr(obj, "qname", None) is not None:
            return str(obj.qname)
        label = arc.get("{http://www.w3.org/1999/xlink}" + attr) if arc is not None else None
        return hrefs.get(label, "?")
    return (f"{r.modelDocument.basename}: {r.arcrole.rsplit('/', 1)[-1]} "
            f"{end(src, 'from')} -> {end(dst, 'to')}")


def _role_definitions(model: Any, used: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for uri in sorted(set(used)):
        for rt in model.roleTypes.get(uri, ()):
            if rt.definition:
                out[uri] = rt.definition.strip()
                break
    return out


def _deprecation(labels: list[Label], refs: list[TaxReference], in_dep_network: bool,
                 version: str) -> str | None:
    """Deprecation date label, else the release named by a deprecation note, else the package's."""
    for lab in labels:
        if lab.role == DEPRECATED_DATE_ROLE:
            return lab.text
    for ref in refs:
        if ref.role and ref.role.endswith(DEPRECATION_NOTE_ROLE_SUFFIX):
            return ref.part("TaxonomyVersion") or version
    if in_dep_network or any(l.role == "http://www.xbrl.org/2009/role/deprecatedLabel" for l in labels):
        return version
    return None


def _own_warnings(concepts: list[Concept], warnings: Counter, examples: dict[str, list[str]]) -> None:
    """Gaps the compiler notices itself (the package still builds)."""
    def note(code: str, qname: str) -> None:
        warnings[code] += 1
        ex = examples.setdefault(code, [])
        if len(ex) < 5:
            ex.append(qname)
    for c in concepts:
        if c.substitution_group in ("xbrli:item", "xbrldt:dimensionItem", "xbrldt:hypercubeItem") \
                or (c.substitution_group or "").endswith(":item"):
            if c.period_type is None:
                note("missing-period-type", c.qname)
            if c.data_type == "xbrli:monetaryItemType" and c.balance is None:
                note("monetary-without-balance", c.qname)
        if not any(l.role == "http://www.xbrl.org/2003/role/label" for l in c.labels):
            note("missing-standard-label", c.qname)


def count_items(concepts: list[Concept], rels: list[Relationship], roles: dict[str, str]) -> dict[str, int]:
    """The counts ``taxonomy info`` shows (also checked against the XML by the tests)."""
    n: Counter = Counter()
    n["concepts"] = len(concepts)
    for c in concepts:
        n["abstract"] += c.abstract
        n["with_period_type"] += c.period_type is not None
        n["with_balance"] += c.balance is not None
        n["deprecated"] += c.deprecated is not None
        n["with_label"] += any(l.role == "http://www.xbrl.org/2003/role/label" for l in c.labels)
        n["with_documentation"] += c.documentation is not None
        n["with_references"] += bool(c.references)
        n["labels"] += len(c.labels)
        n["documentation"] += c.documentation is not None
        n["references"] += len(c.references)
        for lab in c.labels:
            n[f"labels.{LABEL_ROLES.get(lab.role, lab.role)}"] += 1
    for r in rels:
        n[f"relationships.{r.kind}"] += 1
    n["relationships"] = len(rels)
    n["roles"] = len(roles)
    return dict(sorted(n.items()))
