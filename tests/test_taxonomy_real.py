"""The compiled shared taxonomies (us-gaap 2024, SRT 2024, DEI/SRT 2021) against their XML files.

Expected counts are taken independently of Arelle: the test walks the DTS from the entry point
with lxml (imports, includes, linkbaseRefs) and counts what the files contain. Arelle merges
*equivalent* arcs (same link role, arcrole, endpoints and attributes) and cannot resolve arcs to
concepts of the missing SEC 2024 schemas, so the lxml side counts distinct arcs keyed the same
way and leaves out arcs whose locator points at xbrl.sec.gov.
"""
from __future__ import annotations

import posixpath
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from mapper import taxonomy
from mapper.cli import main
from mapper.taxonomy.model import LABEL_ROLES

XL = "{http://www.w3.org/1999/xlink}"
LB = "{http://www.xbrl.org/2003/linkbase}"
XS = "{http://www.w3.org/2001/XMLSchema}"
DOC_ROLE = "http://www.xbrl.org/2003/role/documentation"
US_GAAP_BASE = "https://xbrl.fasb.org/us-gaap/2024/"
US_GAAP_ENTRY = US_GAAP_BASE + "entire/us-gaap-entryPoint-all-2024.xsd"


def _parse(p: Path) -> etree._Element:
    return etree.parse(str(p), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def discover_dts(root: Path, base: str, entry: str) -> list[Path]:
    """Files of the package reachable from ``entry`` (lxml walk, no Arelle)."""
    seen: set[str] = set()
    todo, files = [entry], []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        if not url.startswith(base) or not (root / url[len(base):]).is_file():
            continue
        p = root / url[len(base):]
        files.append(p)
        tree = _parse(p)
        refs = [e.get("schemaLocation") for e in tree.iter(XS + "import", XS + "include")]
        refs += [e.get(XL + "href") for e in tree.iter(LB + "linkbaseRef")]
        for r in filter(None, refs):
            if "://" not in r:
                r = "https://" + posixpath.normpath(posixpath.join(posixpath.dirname(url[8:]), r))
            todo.append(r.split("#")[0])
    return files


def _extended_links(files: list[Path]):
    for f in files:
        for link in _parse(f).iter():
            if isinstance(link.tag, str) and link.get(XL + "type") == "extended":
                locs = {l.get(XL + "label"): l.get(XL + "href") for l in link.iter(LB + "loc")}
                yield link, locs


def count_arcs(files: list[Path], arc: str) -> int:
    keys = set()
    for link, locs in _extended_links(files):
        for a in link.iter(LB + arc):
            fr, to = locs[a.get(XL + "from")], locs[a.get(XL + "to")]
            if "xbrl.sec.gov" in fr or "xbrl.sec.gov" in to:
                continue      # the SEC 2024 schemas are not in the shared material
            keys.add((link.get(XL + "role"), a.get(XL + "arcrole"), fr.split("#")[1], to.split("#")[1],
                      float(a.get("order") or 1), a.get("preferredLabel"), a.get("weight")))
    return len(keys)


def count_resources(files: list[Path], arc: str, schema: str) -> tuple[Counter, int]:
    """Distinct (concept, role, lang, text) labels by role, or distinct references, of ``schema``."""
    by_role: Counter = Counter()
    seen = set()
    for link, locs in _extended_links(files):
        res = {}
        for r in link:
            if isinstance(r.tag, str) and r.get(XL + "type") == "resource":
                res.setdefault(r.get(XL + "label"), []).append(r)
        for a in link.iter(LB + arc):
            href = locs.get(a.get(XL + "from"), "")
            if href.split("#")[0].rsplit("/", 1)[-1] != schema:
                continue
            for r in res.get(a.get(XL + "to"), []):
                if arc == "labelArc":
                    key = (href.split("#")[1], r.get(XL + "role"), r.get("{http://www.w3.org/XML/1998/namespace}lang"),
                           (r.text or "").strip())
                else:
                    key = (href.split("#")[1], r.get(XL + "role"),
                           tuple((etree.QName(p).localname, (p.text or "").strip())
                                 for p in r if isinstance(p.tag, str)))
                if key not in seen:
                    seen.add(key)
                    by_role[key[1]] += 1
    return by_role, len(seen)


@pytest.fixture(scope="module")
def usgaap(compiled_cache):
    with taxonomy.open("us-gaap-2024", compiled_cache) as tx:
        yield tx


@pytest.fixture(scope="module")
def usgaap_files(taxonomy_sources) -> list[Path]:
    return discover_dts(taxonomy_sources["us-gaap-2024"], US_GAAP_BASE, US_GAAP_ENTRY)


def test_list_has_all_four(compiled_cache):
    names = {i.name for i in taxonomy.list_compiled(compiled_cache)}
    assert {"us-gaap-2024", "srt-2024", "dei-2021", "srt-2021"} <= names


def test_concept_count_matches_schema(usgaap, taxonomy_sources):
    xsd = _parse(taxonomy_sources["us-gaap-2024"] / "elts" / "us-gaap-2024.xsd")
    elements = [e for e in xsd if e.tag == XS + "element"]
    assert usgaap.info.counts["concepts"] == len(elements) == 17388
    assert usgaap.info.counts["abstract"] == sum(e.get("abstract") == "true" for e in elements)
    assert usgaap.info.counts["with_period_type"] == sum(
        e.get("{http://www.xbrl.org/2003/instance}periodType") is not None for e in elements)
    assert usgaap.info.counts["with_balance"] == sum(
        e.get("{http://www.xbrl.org/2003/instance}balance") is not None for e in elements)
    assert usgaap.info.namespaces == ("http://fasb.org/us-gaap/2024",)


def test_relationship_counts_match_linkbases(usgaap, usgaap_files):
    c = usgaap.info.counts
    assert c["relationships.calculation"] == count_arcs(usgaap_files, "calculationArc") == 6501
    assert c["relationships.presentation"] == count_arcs(usgaap_files, "presentationArc")
    assert c["relationships.definition"] == count_arcs(usgaap_files, "definitionArc")
    assert len(usgaap.relationships()) == c["relationships"]
    assert len(usgaap.relationships(kind="calculation")) == c["relationships.calculation"]


def test_label_documentation_reference_counts(usgaap, usgaap_files):
    by_role, _ = count_resources(usgaap_files, "labelArc", "us-gaap-2024.xsd")
    c = usgaap.info.counts
    assert c["documentation"] == by_role.pop(DOC_ROLE) == 2842
    for role, n in by_role.items():
        assert c[f"labels.{LABEL_ROLES.get(role, role)}"] == n
    assert c["labels"] == sum(by_role.values())
    _, refs = count_resources(usgaap_files, "referenceArc", "us-gaap-2024.xsd")
    assert c["references"] == refs


def test_concepts_bulk_equals_single_lookup(usgaap):
    allc = usgaap.concepts()
    assert len(allc) == 17388
    bulk = {c.qname: c for c in allc}
    for q in ("us-gaap:DeferredTaxAssetsGross", "us-gaap:Revenues", "us-gaap:Assets"):
        assert bulk[q] == usgaap.concept(q)
    assert sum(bool(c.references) for c in allc) == usgaap.info.counts["with_references"]


def test_deferred_tax_assets_gross(usgaap):
    c = usgaap.concept("us-gaap_DeferredTaxAssetsGross")
    assert c is not None and c.qname == "us-gaap:DeferredTaxAssetsGross"
    assert (c.data_type, c.balance, c.period_type, c.abstract) == ("xbrli:monetaryItemType", "debit", "instant", False)
    assert c.label() == "Deferred Tax Assets, Gross"
    assert c.documentation.startswith("Amount before allocation of valuation allowances")
    asc = [r for r in c.references if r.part("Topic") == "740"]
    assert asc and asc[0].part("Publisher") == "FASB"
    kids = {r.target: r for r in usgaap.children(c.qname, "calculation")}
    assert kids["us-gaap:DeferredTaxAssetsOperatingLossCarryforwards"].weight == 1.0
    assert kids["us-gaap:DeferredTaxAssetsOperatingLossCarryforwards"].arcrole == \
        "https://xbrl.org/2023/arcrole/summation-item"
    parents = usgaap.parents(c.qname, "calculation")
    assert any(r.source == "us-gaap:DeferredTaxAssetsNet" for r in parents)
    net_kids = {r.target: r.weight for r in usgaap.children("us-gaap:DeferredTaxAssetsNet", "calculation")}
    assert net_kids["us-gaap:DeferredTaxAssetsValuationAllowance"] == -1.0
    role = usgaap.children(c.qname, "calculation")[0].link_role
    assert usgaap.role_definition(role) == "770000 - Disclosure - Income Taxes"


def test_show_cli(compiled_cache, capsys):
    assert main(["taxonomy", "--cache", str(compiled_cache), "show", "us-gaap:DeferredTaxAssetsGross"]) == 0
    out = capsys.readouterr().out
    assert "Deferred Tax Assets, Gross" in out
    assert "us-gaap:DeferredTaxAssetsOperatingLossCarryforwards  weight +1" in out
    assert "period type        instant" in out and "balance            debit" in out
    assert "Topic=740" in out


def test_info_cli_reports_warnings(compiled_cache, capsys):
    assert main(["taxonomy", "info", "us-gaap-2024", "--cache", str(compiled_cache)]) == 0
    out = capsys.readouterr().out
    assert "missing-period-type" in out and "14623" in out
    assert "arelle:IOerror" in out and "dei-2024.xsd" in out


def test_deprecation_from_depcon_and_change_notes(usgaap, taxonomy_sources):
    dep_def = _parse(taxonomy_sources["us-gaap-2024"] / "elts" / "us-gaap-depcon-def-2024.xml")
    locs = {l.get(XL + "label"): l.get(XL + "href").split("#")[1] for l in dep_def.iter(LB + "loc")}
    targets = {locs[a.get(XL + "to")] for a in dep_def.iter(LB + "definitionArc")}
    c = usgaap.concept("us-gaap:MalpracticeLossContingencyAccrualNotRecognized1")
    assert "us-gaap_MalpracticeLossContingencyAccrualNotRecognized1" in targets
    assert c.deprecated == "2024"
    assert usgaap.concept("us-gaap:DeferredTaxAssetsGross").deprecated is None
    assert usgaap.info.counts["deprecated"] >= len(targets)


def test_search_ranks_label_hits(usgaap):
    hits = usgaap.search("deferred tax assets valuation allowance", limit=10)
    names = [c.qname for c, _ in hits]
    assert "us-gaap:DeferredTaxAssetsValuationAllowance" in names
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert usgaap.search("", limit=5) == []


def test_cache_tree_yields_dei_and_srt_2021(compiled_cache, taxonomy_sources):
    tree = taxonomy_sources["sec-2021"]
    with taxonomy.open("dei-2021", compiled_cache) as dei:
        xsd = _parse(tree / "xbrl.sec.gov" / "dei" / "2021" / "dei-2021.xsd")
        assert dei.info.counts["concepts"] == sum(e.tag == XS + "element" for e in xsd) == 199
        assert dei.concept("dei:EntityRegistrantName").label() == "Entity Registrant Name"
        assert dei.info.counts["deprecated"] > 0
    with taxonomy.open("srt-2021", compiled_cache) as srt:
        assert srt.info.namespaces == ("http://fasb.org/srt/2021-01-31",)
        assert srt.info.counts["concepts"] == 560
        assert srt.info.counts["documentation"] == 527


def test_us_gaap_relationships_reach_srt(usgaap, compiled_cache):
    srt_targets = {r.target for r in usgaap.relationships(kind="definition") if r.target.startswith("srt:")}
    assert srt_targets
    with taxonomy.open("srt-2024", compiled_cache) as srt:
        assert all(srt.concept(q) is not None for q in list(srt_targets)[:50])


def test_open_default_newest_per_family(compiled_cache):
    idx = taxonomy.open_default(compiled_cache)
    try:
        names = [i.name for i in idx]
        assert names[0] == "us-gaap-2024"
        assert "srt-2024" in names and "srt-2021" not in names and "dei-2021" in names
    finally:
        for i in idx:
            i.close()
    with taxonomy.open("srt", compiled_cache) as srt:
        assert srt.name == "srt-2024"


def test_opening_an_index_does_not_import_arelle(compiled_cache):
    import subprocess
    code = ("import sys; from mapper import taxonomy; "
            f"tx = taxonomy.open('us-gaap-2024', {str(compiled_cache)!r}); "
            "assert tx.concept('us-gaap:Assets') is not None; "
            "print(any(m == 'arelle' or m.startswith('arelle.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
