"""Compiler, index and commands on the hand-made demo package (tests/fixtures/taxonomy/demo-2025),
including the bad inputs: corrupt zips, non-packages, missing entry points, hostile XML."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapper import taxonomy
from mapper.cli import main
from mapper.errors import MapperError

DEMO = Path(__file__).parent / "fixtures" / "taxonomy" / "demo-2025"
CALC11 = "https://xbrl.org/2023/arcrole/summation-item"
STD = "http://www.xbrl.org/2003/role/label"


def zip_package(folder: Path, dst: Path, top: str | None = None) -> Path:
    with zipfile.ZipFile(dst, "w") as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f"{top or folder.name}/{f.relative_to(folder).as_posix()}")
    return dst


def copy_demo(tmp_path: Path) -> Path:
    dst = tmp_path / "src" / "demo-2025"
    shutil.copytree(DEMO, dst)
    return dst


@pytest.fixture(scope="module")
def demo_cache(tmp_path_factory) -> Path:
    cache = tmp_path_factory.mktemp("demo_cache")
    taxonomy.add([DEMO], cache_dir=cache)
    return cache


@pytest.fixture()
def demo(demo_cache):
    with taxonomy.open("demo-2025", demo_cache) as tx:
        yield tx


# ------------------------------------------------------------------ what gets compiled

def test_concepts_and_attributes(demo):
    info = demo.info
    assert (info.name, info.prefix, info.version) == ("demo-2025", "demo", "2025")
    assert info.entry_point.endswith("entire/demo-entryPoint-all-2025.xsd")
    assert info.namespaces == ("http://example.com/demo/2025",)
    assert [c.qname for c in demo.concepts()] == [
        "demo:CostOfRevenue", "demo:GrossMargin", "demo:GrossProfit", "demo:IncomeStatementAbstract",
        "demo:Revenue", "demo:WidgetCount"]
    rev = demo.concept("demo:Revenue")
    assert (rev.data_type, rev.balance, rev.period_type, rev.abstract) == \
        ("xbrli:monetaryItemType", "credit", "duration", False)
    assert rev.substitution_group == "xbrli:item"
    assert rev.iri == "http://example.com/demo/2025#Revenue"
    assert demo.concept("demo_Revenue") == rev == demo.concept("Revenue")
    assert demo.concept("demo:IncomeStatementAbstract").abstract is True
    assert demo.concept("demo:Nope") is None


def test_labels_documentation_references(demo):
    rev = demo.concept("demo:Revenue")
    assert rev.label() == "Revenue from Widgets"
    assert rev.label("http://www.xbrl.org/2003/role/terseLabel") == "Revenue"
    assert rev.documentation == "Amount of revenue recognized from selling widgets to customers."
    assert [r.role.rsplit("/", 1)[-1] for r in rev.references] == ["disclosureRef", "presentationRef"]
    assert rev.references[0].parts == (("Publisher", "FASB"), ("Name", "Accounting Standards Codification"),
                                       ("Topic", "606"), ("SubTopic", "10"), ("Section", "50"), ("Paragraph", "1"))
    cost = demo.concept("demo:CostOfRevenue")
    assert cost.label("http://www.xbrl.org/2009/role/negatedLabel") == "Less: cost of revenue"
    assert demo.info.counts["labels"] == 8 and demo.info.counts["documentation"] == 2
    assert demo.info.counts["references"] == 2


def test_relationships(demo):
    calc = demo.children("demo:GrossProfit", "calculation")
    assert [(r.target, r.weight, r.order, r.arcrole) for r in calc] == [
        ("demo:Revenue", 1.0, 1.0, CALC11), ("demo:CostOfRevenue", -1.0, 2.0, CALC11)]
    pre = demo.children("demo:IncomeStatementAbstract", "presentation")
    assert [(r.target, r.preferred_label) for r in pre] == [
        ("demo:Revenue", None), ("demo:CostOfRevenue", "http://www.xbrl.org/2009/role/negatedLabel"),
        ("demo:GrossProfit", "http://www.xbrl.org/2003/role/totalLabel")]
    assert demo.role_definition(pre[0].link_role) == "100000 - Statement - Income Statement"
    assert demo.role_definition("urn:nothing") is None
    arcroles = {r.arcrole.rsplit("/", 1)[-1] for r in demo.relationships(kind="definition")}
    assert arcroles == {"general-special", "dep-concept-deprecatedConcept"}
    assert [r.source for r in demo.parents("demo:Revenue", "calculation")] == ["demo:GrossProfit"]
    assert len(demo.relationships(arcrole=CALC11)) == 2
    assert len(demo.relationships()) == demo.info.counts["relationships"] == 7


def test_deprecation_and_warnings(demo):
    assert demo.concept("demo:GrossMargin").deprecated == "2025"
    assert demo.concept("demo:GrossProfit").deprecated is None
    assert demo.info.warnings == {"missing-standard-label": 1}
    assert demo.warning_examples()["missing-standard-label"] == ["demo:WidgetCount"]


def test_search_label_hits_rank_first(demo):
    hits = demo.search("revenue", limit=10)
    assert hits[0][0].qname == "demo:Revenue"
    # "goods sold" occurs only in GrossProfit's documentation
    doc_only = demo.search("goods sold")
    assert [c.qname for c, _ in doc_only] == ["demo:GrossProfit"]
    assert doc_only[0][1] < hits[0][1]


def test_zip_and_folder_compile_to_the_same_content(tmp_path, demo):
    z = zip_package(DEMO, tmp_path / "demo.zip")
    cache = tmp_path / "cache"
    [info] = taxonomy.add([z], cache_dir=cache)
    with taxonomy.open(info.name, cache) as tx:
        assert tx.concepts() == demo.concepts()
        assert tx.relationships() == demo.relationships()


# ------------------------------------------------------------------ re-add, replace, later adds

def test_readding_identical_source_is_a_noop(demo_cache):
    path = demo_cache / "demo-2025.sqlite"
    before = (path.stat().st_mtime_ns, taxonomy.list_compiled(demo_cache))
    [info] = taxonomy.add([DEMO], cache_dir=demo_cache)
    assert (path.stat().st_mtime_ns, taxonomy.list_compiled(demo_cache)) == before
    assert info == before[1][0]


def test_changed_package_replaces_entry(tmp_path):
    cache = tmp_path / "cache"
    src = copy_demo(tmp_path)
    [first] = taxonomy.add([src], cache_dir=cache)
    lab = src / "elts" / "demo-lab-2025.xml"
    lab.write_text(lab.read_text().replace("Revenue from Widgets", "Widget Revenue"))
    [second] = taxonomy.add([src], cache_dir=cache)
    assert second.checksum != first.checksum
    with taxonomy.open("demo-2025", cache) as tx:
        assert tx.concept("demo:Revenue").label() == "Widget Revenue"
    assert [p.name for p in cache.glob("*.sqlite")] == ["demo-2025.sqlite"]
    assert len(list((cache / "packages").glob("*.zip"))) == 1


EXT_SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance"
    xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink"
    targetNamespace="http://example.com/ext/2025" elementFormDefault="qualified">
  <xs:annotation><xs:appinfo>
    <link:linkbaseRef xlink:type="simple" xlink:arcrole="http://www.w3.org/1999/xlink/properties/linkbase"
        xlink:role="http://www.xbrl.org/2003/role/presentationLinkbaseRef" xlink:href="ext-pre-2025.xml"/>
  </xs:appinfo></xs:annotation>
  <xs:import namespace="http://www.xbrl.org/2003/instance" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>
  <xs:import namespace="http://example.com/demo/2025" schemaLocation="https://example.com/demo/2025/elts/demo-2025.xsd"/>
  <xs:element id="ext_Widgets" name="Widgets" substitutionGroup="xbrli:item" type="xbrli:monetaryItemType"
      xbrli:periodType="instant" xbrli:balance="debit" nillable="true"/>
</xs:schema>
"""
EXT_PRE = """<?xml version="1.0" encoding="UTF-8"?>
<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">
  <link:presentationLink xlink:type="extended" xlink:role="http://www.xbrl.org/2003/role/link">
    <link:loc xlink:type="locator" xlink:href="https://example.com/demo/2025/elts/demo-2025.xsd#demo_IncomeStatementAbstract" xlink:label="a"/>
    <link:loc xlink:type="locator" xlink:href="ext-2025.xsd#ext_Widgets" xlink:label="w"/>
    <link:presentationArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/parent-child" xlink:from="a" xlink:to="w" order="1"/>
  </link:presentationLink>
</link:linkbase>
"""


def make_ext_package(tmp_path: Path) -> Path:
    """A second package whose schema imports the demo package by its public URL."""
    root = tmp_path / "ext-2025"
    (root / "META-INF").mkdir(parents=True)
    (root / "META-INF" / "catalog.xml").write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<rewriteURI uriStartString="https://example.com/ext/2025/" rewritePrefix="../"/></catalog>')
    (root / "META-INF" / "taxonomyPackage.xml").write_text(
        '<tp:taxonomyPackage xmlns:tp="http://xbrl.org/2016/taxonomy-package">'
        "<tp:identifier>http://example.com/ext/2025</tp:identifier><tp:entryPoints><tp:entryPoint>"
        '<tp:entryPointDocument href="https://example.com/ext/2025/ext-2025.xsd"/>'
        "</tp:entryPoint></tp:entryPoints></tp:taxonomyPackage>")
    (root / "ext-2025.xsd").write_text(EXT_SCHEMA)
    (root / "ext-pre-2025.xml").write_text(EXT_PRE)
    return root


def test_later_add_resolves_against_packages_added_earlier(tmp_path):
    cache = tmp_path / "cache"
    taxonomy.add([DEMO], cache_dir=cache)
    [info] = taxonomy.add([make_ext_package(tmp_path)], cache_dir=cache)
    assert info.name == "ext-2025" and not any(k.startswith("arelle:") for k in info.warnings)
    with taxonomy.open("ext-2025", cache) as tx:
        assert [c.qname for c in tx.concepts()] == ["ext:Widgets"]      # demo concepts stay in demo-2025
        assert [(r.source, r.target) for r in tx.relationships("presentation")] == [
            ("demo:IncomeStatementAbstract", "ext:Widgets")]


def test_package_alone_reports_missing_import(tmp_path):
    [info] = taxonomy.add([make_ext_package(tmp_path)], cache_dir=tmp_path / "cache")
    assert info.warnings.get("arelle:IOerror", 0) >= 1
    assert info.warnings.get("unresolved-relationship-endpoint") == 1


# ------------------------------------------------------------------ bad input

def _assert_nothing_built(cache: Path) -> None:
    """No index, no temporary file and no orphan package zip left behind."""
    left = sorted(p.name for p in cache.rglob("*") if p.is_file()) if cache.exists() else []
    assert [n for n in left if n != "packages.json"] == []


def test_corrupt_zip(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(MapperError, match="not a readable zip") as ei:
        taxonomy.add([bad], cache_dir=tmp_path / "cache")
    assert str(bad) in str(ei.value)
    _assert_nothing_built(tmp_path / "cache")


def test_truncated_zip(tmp_path):
    whole = zip_package(DEMO, tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(MapperError, match="zip"):
        taxonomy.add([cut], cache_dir=tmp_path / "cache")
    _assert_nothing_built(tmp_path / "cache")


def test_zip_that_is_not_a_package(tmp_path):
    z = tmp_path / "plain.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("stuff/readme.txt", "hello")
    with pytest.raises(MapperError, match="not a taxonomy package"):
        taxonomy.add([z], cache_dir=tmp_path / "cache")


def test_folder_that_is_not_a_taxonomy(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(MapperError, match="not a taxonomy package"):
        taxonomy.add([tmp_path / "empty"], cache_dir=tmp_path / "cache")
    with pytest.raises(MapperError, match="no such file"):
        taxonomy.add([tmp_path / "missing"], cache_dir=tmp_path / "cache")


def test_missing_entry_point_file(tmp_path):
    src = copy_demo(tmp_path)
    (src / "entire" / "demo-entryPoint-all-2025.xsd").unlink()
    with pytest.raises(MapperError, match="entry point .* is missing from the package") as ei:
        taxonomy.add([src], cache_dir=tmp_path / "cache")
    assert "taxonomyPackage.xml" in str(ei.value)
    _assert_nothing_built(tmp_path / "cache")


def test_package_without_entry_points(tmp_path):
    src = copy_demo(tmp_path)
    tp = src / "META-INF" / "taxonomyPackage.xml"
    text = tp.read_text()
    tp.write_text(text[: text.index("<tp:entryPoints>")] + "</tp:taxonomyPackage>\n")
    with pytest.raises(MapperError, match="declares no entry point"):
        taxonomy.add([src], cache_dir=tmp_path / "cache")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase">&lol3;</link:linkbase>
"""


def test_entity_expansion_is_refused(tmp_path):
    src = copy_demo(tmp_path)
    evil = src / "elts" / "demo-doc-2025.xml"
    evil.write_text(BILLION_LAUGHS)
    with pytest.raises(MapperError, match="entities") as ei:
        taxonomy.add([src], cache_dir=tmp_path / "cache")
    assert str(evil) in str(ei.value)
    z = zip_package(src, tmp_path / "evil.zip")
    with pytest.raises(MapperError, match="entities") as ei:
        taxonomy.add([z], cache_dir=tmp_path / "cache")
    assert "demo-doc-2025.xml" in str(ei.value)
    _assert_nothing_built(tmp_path / "cache")


def test_truncated_xml_names_file_and_line(tmp_path):
    src = copy_demo(tmp_path)
    lab = src / "elts" / "demo-lab-2025.xml"
    lab.write_text(lab.read_text()[:1500])
    with pytest.raises(MapperError, match="malformed XML") as ei:
        taxonomy.add([src], cache_dir=tmp_path / "cache")
    assert ei.value.path == str(lab) and ei.value.line is not None


def test_failed_build_keeps_previous_entry(tmp_path):
    cache = tmp_path / "cache"
    src = copy_demo(tmp_path)
    taxonomy.add([src], cache_dir=cache)
    (src / "entire" / "demo-entryPoint-all-2025.xsd").unlink()
    with pytest.raises(MapperError):
        taxonomy.add([src], cache_dir=cache)
    with taxonomy.open("demo-2025", cache) as tx:
        assert tx.concept("demo:Revenue") is not None


def test_unknown_taxonomy_name(demo_cache, capsys):
    with pytest.raises(MapperError, match="unknown taxonomy 'nope'.*demo-2025"):
        taxonomy.open("nope", demo_cache)
    assert main(["taxonomy", "--cache", str(demo_cache), "info", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown taxonomy" in err


def test_not_an_index_file(tmp_path):
    f = tmp_path / "x.sqlite"
    f.write_text("garbage")
    with pytest.raises(MapperError, match="not a compiled taxonomy index"):
        taxonomy.TaxonomyIndex(f)
    assert taxonomy.list_compiled(tmp_path) == []


# ------------------------------------------------------------------ CLI

def test_cli_list_info_show_search(demo_cache, capsys):
    c = str(demo_cache)
    assert main(["taxonomy", "--cache", c, "list"]) == 0
    assert "demo-2025" in capsys.readouterr().out
    assert main(["taxonomy", "info", "demo-2025", "--cache", c]) == 0
    out = capsys.readouterr().out
    assert "relationships.calculation" in out and "83.3%" in out and "missing-standard-label" in out
    assert main(["taxonomy", "--cache", c, "show", "demo:GrossProfit"]) == 0
    out = capsys.readouterr().out
    assert "demo:CostOfRevenue  weight -1" in out and "Gross profit, total" in out
    assert "100000 - Statement - Income Statement" in out
    assert main(["taxonomy", "--cache", c, "search", "revenue", "from", "widgets", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "demo:Revenue" in lines[0]
    assert main(["taxonomy", "--cache", c, "show", "demo:Nothing"]) == 2


def test_export_rdf_subcommand_is_registered():
    from mapper.cli import build_parser
    args = build_parser().parse_args(["taxonomy", "export-rdf", "us-gaap-2024", "-o", "x.ttl", "--format", "ttl"])
    assert (args.name, args.output, args.format, args.store) == ("us-gaap-2024", "x.ttl", "ttl", None)
    assert callable(args.func)


# ------------------------------------------------------------------ fetch (local HTTP server only)

@pytest.fixture()
def http_root(tmp_path):
    root = tmp_path / "www"
    (root / "demo" / "2025").mkdir(parents=True)
    zip_package(DEMO, root / "demo" / "2025" / "demo-2025.zip")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_fetch_downloads_and_compiles(http_root, tmp_path, monkeypatch):
    _root, base = http_root
    monkeypatch.setenv("XBRL_MAPPER_TAXONOMY_URL_BASE", base)
    cache = tmp_path / "cache"
    [info] = taxonomy.fetch("demo", "2025", cache_dir=cache)
    assert info.name == "demo-2025" and info.counts["concepts"] == 6
    assert (cache / "downloads" / "demo-2025.zip").is_file()
    with taxonomy.open("demo-2025", cache) as tx:
        assert tx.concept("demo:Revenue").label() == "Revenue from Widgets"


def test_fetch_cli_with_url(http_root, tmp_path, capsys):
    _root, base = http_root
    cache = tmp_path / "cache"
    rc = main(["taxonomy", "--cache", str(cache), "fetch", "demo", "2025", "--url", f"{base}/demo/2025/demo-2025.zip"])
    assert rc == 0 and "demo-2025" in capsys.readouterr().out


def test_fetch_missing_package_is_a_clear_error(http_root, tmp_path, monkeypatch):
    _root, base = http_root
    monkeypatch.setenv("XBRL_MAPPER_TAXONOMY_URL_BASE", base)
    cache = tmp_path / "cache"
    # us-gaap needs the SRT package of the same year first: that is the URL that fails here
    with pytest.raises(MapperError, match="HTTP 404") as ei:
        taxonomy.fetch("us-gaap", "2099", cache_dir=cache)
    assert f"{base}/srt/2099/srt-2099.zip" in str(ei.value)
    assert not (cache / "downloads").exists() or not list((cache / "downloads").iterdir())


def test_fetch_default_url_is_the_fasb_host(monkeypatch):
    from mapper.taxonomy.download import package_url
    monkeypatch.delenv("XBRL_MAPPER_TAXONOMY_URL_BASE", raising=False)
    assert package_url("us-gaap", "2024") == "https://xbrl.fasb.org/us-gaap/2024/us-gaap-2024.zip"
    assert package_url("srt", "2024", base="http://mirror/x/") == "http://mirror/x/srt/2024/srt-2024.zip"
    assert os.environ.get("XBRL_MAPPER_TAXONOMY_URL_BASE") is None


# ------------------------------------------------------------------ pure helpers, arbitrary input

def test_best_entry_point_prefers_everything_in_document_order():
    from mapper.taxonomy.sources import best_entry_point
    hrefs = ["https://x/us-gaap/2024/elts/us-gaap-2024.xsd",
             "https://x/us-gaap/2024/elts/us-gaap-ent-all-2024.xsd",
             "https://x/us-gaap/2024/entire/us-gaap-entryPoint-all-2024.xsd",
             "https://x/us-gaap/2024/ebp/entire/us-gaap-ebp-entryPoint-all-2024.xsd"]
    assert best_entry_point(hrefs) == hrefs[2]
    assert best_entry_point(hrefs[:2]) == hrefs[0]


def test_split_name_and_qname():
    from mapper.taxonomy.index import split_qname
    from mapper.taxonomy.writer import split_name
    assert split_name("DeferredTaxAssetsGross") == "Deferred Tax Assets Gross"
    assert split_name("IncomeLossFromContinuingOperationsPerBasicShare").startswith("Income Loss From")
    assert split_name("AOCIAttributableToParent") == "AOCI Attributable To Parent"
    assert split_qname("us-gaap:X") == split_qname("us-gaap_X") == ("us-gaap", "X")
    assert split_qname("X") == (None, "X")


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_search_and_lookup_never_raise_on_arbitrary_text(demo, text):
    hits = demo.search(text, limit=5)
    assert len(hits) <= 5 and all(isinstance(s, float) for _, s in hits)
    assert demo.concept(text) is None or demo.concept(text).qname.startswith("demo:")
