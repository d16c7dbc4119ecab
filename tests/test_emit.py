"""Emitters: the JSON contract, CSV, SSSOM TSV, IRIs and the write() behaviour."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper import emit
from mapper.emit import iris
from mapper.errors import MapperError
from mapper.resolve.model import ConceptRef
from mapper.rpage.model import Period

_spec = importlib.util.spec_from_file_location(
    "emit_samples", Path(__file__).parent / "fixtures" / "emit" / "samples.py")
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

ROW_KEYS = ["index", "label", "kind", "values", "concept", "concept_iri", "concept_label", "relation",
            "extension", "anchor", "in_taxonomy", "member", "under_member", "confidence", "evidence", "alternatives",
            "block", "note"]
TOP_KEYS = ["source", "checksum", "format", "title", "columns", "taxonomies", "tool", "generated_at",
            "rows"]


@pytest.fixture()
def seed():
    return samples.seed_mapping()


def test_every_format_renders_text(seed):
    for fmt in emit.FORMATS:
        text = emit.render([seed], fmt)
        assert text.endswith("\n") and len(text) > 200, fmt


def test_unknown_format_and_empty_input_are_user_errors(seed):
    with pytest.raises(MapperError, match="unknown output format 'xml'"):
        emit.render([seed], "xml")
    with pytest.raises(MapperError, match="nothing to write"):
        emit.render([], "json")


def test_json_contract_keys_are_exact_and_ordered(seed):
    doc = json.loads(emit.render([seed], "json"))
    assert list(doc) == TOP_KEYS
    assert [list(r) for r in doc["rows"]] == [ROW_KEYS] * len(seed.rows)
    assert list(doc["columns"][0]) == ["index", "header", "group", "period"]
    assert doc["columns"][0]["period"] == {"kind": "instant", "start": None, "end": "2023-12-31"}
    assert list(doc["rows"][1]["values"][0]) == ["raw", "value", "kind", "column", "negative", "unit", "period"]
    assert list(doc["rows"][1]["evidence"][0]) == ["signal", "detail", "score"]
    assert list(doc["rows"][1]["alternatives"][0]) == ["concept", "score"]
    assert doc["tool"] == {"name": "xbrl-mapper", "version": "0.1.0"}
    assert doc["taxonomies"] == [{"name": "us-gaap-2024", "version": "2024", "checksum": "ab" * 32}]


def test_json_rows_follow_page_order_with_abstract_and_extension_rows(seed):
    rows = json.loads(emit.render([seed], "json"))["rows"]
    assert [r["index"] for r in rows] == list(range(9))
    assert rows[0]["kind"] == "heading" and rows[0]["concept"] == "us-gaap:ComponentsOfDeferredTaxAssetsAbstract"
    ext = rows[2]
    assert ext["concept"] is None and ext["extension"] is True and ext["relation"] == "broad"
    assert ext["anchor"] == "us-gaap:DeferredTaxAssetsTaxDeferredExpense"
    gross = rows[6]
    assert gross["concept_iri"] == "http://fasb.org/us-gaap/2024#DeferredTaxAssetsGross"
    assert gross["concept_label"] == "Deferred Tax Assets, Gross" and gross["block"] == 3
    assert rows[8]["relation"] is None and rows[8]["note"].startswith('label says "Net"')


def test_json_values_are_decimal_strings_with_columns(seed):
    rows = json.loads(emit.render([seed], "json"))["rows"]
    allowance = rows[7]["values"]
    assert [v["value"] for v in allowance] == ["-11239252", "-11074415"]
    assert [v["column"] for v in allowance] == [0, 1]          # inferred: the row fills every column
    assert allowance[0]["negative"] is True and allowance[0]["raw"] == "(11,239,252)"
    assert allowance[0]["unit"] == "USD"
    assert allowance[1]["period"] == {"kind": "instant", "start": None, "end": "2022-12-31"}
    assert rows[8]["values"] == [{"raw": "", "value": None, "kind": "text", "column": 1, "negative": False,
                                  "unit": None, "period": {"kind": "instant", "start": None, "end": "2022-12-31"}}]


def test_json_scaled_values_never_use_exponent_notation():
    rows = json.loads(emit.render([samples.duration_mapping()], "json"))["rows"]
    assert rows[2]["values"][0]["value"] == "20000000"
    assert rows[0]["values"][0]["column"] == 0


def test_json_several_pages_make_a_documents_list(seed):
    other = samples.duration_mapping()
    doc = json.loads(emit.render([seed, other], "json"))
    assert list(doc) == ["documents"]
    assert [d["checksum"] for d in doc["documents"]] == [samples.SEED_SHA, "1" * 64]


def test_json_is_deterministic(seed):
    assert emit.render([seed], "json") == emit.render([samples.seed_mapping()], "json")


def test_csv_one_line_per_row(seed):
    text = emit.render([seed, samples.duration_mapping()], "csv")
    records = list(csv.reader(io.StringIO(text)))
    assert records[0] == ["source", "row", "label", "concept", "relation", "extension", "anchor",
                          "confidence", "top_alternative", "top_alternative_score", "signals"]
    assert len(records) == 1 + 9 + 4
    ext = records[3]
    assert ext[2] == "Origination and amortization of interest on convertible notes"
    assert ext[3:8] == ["", "broad", "true", "us-gaap:DeferredTaxAssetsTaxDeferredExpense", "0.8000"]
    assert records[2][8:] == ["us-gaap:OperatingLossCarryforwards", "0.4100", "documentation;reference;label"]


def _sssom(text: str) -> tuple[dict, list[str], list[list[str]]]:
    """A small reader for the SSSOM TSV layout: '#' YAML header (one nested map), TSV body."""
    header: dict = {}
    body = []
    current = None
    for line in text.splitlines():
        if line.startswith("#"):
            content = line[1:]
            key, _, value = content.strip().partition(":")
            value = value.strip()
            if value.startswith('"'):
                value = json.loads(value)
            if content.startswith("  ") and current is not None:
                header[current][key] = value
            elif value == "":
                current = key
                header[key] = {}
            else:
                current = None
                header[key] = value
        else:
            body.append(line.split("\t"))
    return header, body[0], body[1:]


def test_sssom_header_columns_and_rows(seed):
    header, columns, rows = _sssom(emit.render([seed], "sssom"))
    prefix = iris.line_prefix(samples.SEED_SHA)
    assert header["curie_map"][prefix] == iris.doc_iri(samples.SEED_SHA) + "/line/"
    assert header["curie_map"]["us-gaap"] == "http://fasb.org/us-gaap/2024#"
    assert header["curie_map"]["semapv"] == "https://w3id.org/semapv/vocab/"
    assert header["mapping_set_id"].startswith(iris.doc_iri(samples.SEED_SHA))
    assert header["license"].startswith("https://")
    assert header["mapping_tool"] == "xbrl-mapper" and header["mapping_tool_version"] == "0.1.0"
    assert header["mapping_date"] == "2026-11-24"
    assert columns == ["subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                       "mapping_justification", "confidence", "mapping_tool", "mapping_tool_version",
                       "comment"]
    assert len(rows) == 9 and all(len(r) == len(columns) for r in rows)
    by_subject = {r[0]: dict(zip(columns, r)) for r in rows}
    gross = by_subject[f"{prefix}:6"]
    assert (gross["predicate_id"], gross["object_id"]) == ("skos:exactMatch", "us-gaap:DeferredTaxAssetsGross")
    assert gross["mapping_justification"] == "semapv:CompositeMatching"
    assert by_subject[f"{prefix}:7"]["mapping_justification"] == "semapv:LexicalMatching"
    assert by_subject[f"{prefix}:2"]["predicate_id"] == "skos:broadMatch"
    assert by_subject[f"{prefix}:8"]["object_id"] == "sssom:NoTermFound"
    assert "\t" not in by_subject[f"{prefix}:8"]["comment"]
    for r in rows:                              # every CURIE's prefix is declared
        for curie in (r[0], r[2], r[3], r[5]):
            assert curie.split(":")[0] in header["curie_map"], curie
        assert 0.0 <= float(r[6]) <= 1.0


def test_sssom_keeps_prefixes_unique_across_taxonomy_versions(seed):
    old = ConceptRef("us-gaap", "IncomeTaxExpenseBenefit", "http://fasb.org/us-gaap/2011")
    other = samples.duration_mapping()
    other = replace(other, rows=(replace(other.rows[0], concept=old),) + other.rows[1:])
    header, _, rows = _sssom(emit.render([seed, other], "sssom"))
    assert header["curie_map"]["us-gaap"] == "http://fasb.org/us-gaap/2024#"
    assert header["curie_map"]["us-gaap2"] == "http://fasb.org/us-gaap/2011#"
    assert "us-gaap2:IncomeTaxExpenseBenefit" in {r[3] for r in rows}


def test_iris_are_pure_and_follow_the_conventions():
    sha = "ab" * 32
    assert iris.doc_iri(sha) == f"https://w3id.org/xbrl-mapper/id/doc/{sha}"
    assert iris.line_iri(sha, 3) == f"https://w3id.org/xbrl-mapper/id/doc/{sha}/line/3"
    assert iris.mapping_iri(sha, 3) == f"https://w3id.org/xbrl-mapper/id/doc/{sha}/mapping/3"
    assert iris.fact_iri(sha, 3, 1) == f"https://w3id.org/xbrl-mapper/id/doc/{sha}/fact/3/1"
    assert iris.period_iri(Period("instant", date(2023, 12, 31))) == \
        "https://w3id.org/xbrl-mapper/id/period/2023-12-31"
    assert iris.period_iri(Period("duration", date(2023, 12, 31), date(2023, 1, 1), 12)) == \
        "https://w3id.org/xbrl-mapper/id/period/2023-01-01_2023-12-31"
    assert iris.agent_iri("1.0 beta") == "https://w3id.org/xbrl-mapper/id/agent/xbrl-mapper/1.0%20beta"


def test_write_to_file_is_atomic_and_complete(seed, tmp_path):
    target = tmp_path / "out" / "seed.json"
    emit.write([seed], "json", target)
    assert json.loads(target.read_text())["checksum"] == samples.SEED_SHA
    assert [p.name for p in target.parent.iterdir()] == ["seed.json"]


def test_write_failure_leaves_no_file(seed, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(MapperError, match="cannot write output"):
        emit.write([seed], "ttl", blocker / "out.ttl")
    bad = tmp_path / "bad.json"
    with pytest.raises(MapperError):
        emit.write([seed], "nope", bad)
    assert not bad.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_write_without_path_goes_to_stdout(seed, capsysbinary):
    emit.write([seed], "csv", None)
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith("source,row,label") and out.count("\n") == 10


def test_format_for_path():
    assert emit.format_for_path("a/out.TTL") == "ttl"
    assert emit.format_for_path("x.sssom.tsv") == "sssom"
    assert emit.format_for_path("x.jsonld") == "jsonld"
    assert emit.format_for_path("x.json") == "json"
    assert emit.format_for_path("x.xlsx") is None


def test_relation_defaults_when_resolver_gives_none(seed):
    rm = seed.rows[6]
    plain = replace(seed, rows=(replace(rm, relation=None),
                                replace(seed.rows[2], relation=None)))
    rows = json.loads(emit.render([plain], "json"))["rows"]
    assert [r["relation"] for r in rows] == ["close", "broad"]


_text = st.text(min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(label=_text, note=st.text(max_size=30))
def test_any_text_keeps_csv_sssom_and_json_well_formed(label, note):
    pm = samples.seed_mapping()
    rm = pm.rows[1]
    pm = replace(pm, rows=(replace(rm, row=replace(rm.row, label=label), note=note or None),),
                 page=replace(pm.page, title=label, source=note or "x"))
    assert json.loads(emit.render([pm], "json"))["rows"][0]["label"] == label
    records = list(csv.reader(io.StringIO(emit.render([pm], "csv"), newline="")))
    assert len(records) == 2 and records[1][2] == label.replace("\r\n", "\n").replace("\r", "\n")
    lines = emit.render([pm], "sssom").split("\n")
    body = [line for line in lines if line and not line.startswith("#")]
    assert len(body) == 2 and all(len(line.split("\t")) == 10 for line in body)
    assert body[1].startswith(iris.line_prefix(samples.SEED_SHA) + ":1\t")
