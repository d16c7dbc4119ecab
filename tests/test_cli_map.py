"""`xbrl-mapper map` and `example` end to end through the CLI entry point."""
from __future__ import annotations

import json

from mapper.cli import main


def test_map_seed_json_contract(compiled_cache, seed_path, tmp_path, capsys):
    out = tmp_path / "seed.json"
    rc = main(["map", str(seed_path), "--cache", str(compiled_cache), "-o", str(out)])
    assert rc == 0
    doc = json.loads(out.read_text())
    assert len(doc["rows"]) == 9
    row = next(r for r in doc["rows"] if r["label"] == "Total Deferred Tax Assets")
    assert row["concept"] == "us-gaap:DeferredTaxAssetsGross"
    assert set(row) >= {"label", "values", "concept", "relation", "extension", "confidence", "evidence",
                        "alternatives"}
    assert row["alternatives"] and all({"concept", "score"} <= set(a) for a in row["alternatives"])


def test_map_table_to_stdout(compiled_cache, seed_path, capsys):
    assert main(["map", str(seed_path), "--cache", str(compiled_cache)]) == 0
    text = capsys.readouterr().out
    assert "us-gaap:DeferredTaxAssetsOperatingLossCarryforwards" in text
    assert "(company element)" in text


def test_batch_goes_on_past_bad_inputs(compiled_cache, seed_path, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.htm"
    binary.write_bytes(b"\x00\x01\x02garbage")
    out = tmp_path / "batch.json"
    rc = main(["map", str(empty), str(seed_path), str(binary), "--cache", str(compiled_cache),
               "-o", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "empty.txt" in err and "blob.htm" in err and "2 of 3 input(s) failed" in err
    assert "Traceback" not in err
    doc = json.loads(out.read_text())
    assert doc["source"].endswith("deferred-tax-asset.txt")   # the good input was still mapped


def test_single_bad_input_leaves_no_output(compiled_cache, tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some prose, not an R page\n")
    out = tmp_path / "out.ttl"
    rc = main(["map", str(bad), "--cache", str(compiled_cache), "-o", str(out)])
    assert rc != 0
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]
    assert "notes.txt" in capsys.readouterr().err


def test_no_compiled_taxonomy_is_one_clear_line(tmp_path, seed_path, capsys):
    rc = main(["map", str(seed_path), "--cache", str(tmp_path / "nothing")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc != 0 and len(err) == 1 and "taxonomy add" in err[0]


def test_example_command(compiled_cache, tmp_path, capsys):
    rc = main(["example", "--cache", str(compiled_cache), "--out", str(tmp_path)])
    assert rc == 0
    assert "us-gaap:DeferredTaxAssetsGross" in capsys.readouterr().out
    for name in ("deferred-tax-asset.ttl", "deferred-tax-asset.json", "deferred-tax-asset.sssom.tsv"):
        assert (tmp_path / name).stat().st_size > 0


def test_outputs_get_the_usual_file_mode(compiled_cache, seed_path, tmp_path):
    import os
    out = tmp_path / "seed.ttl"
    assert main(["map", str(seed_path), "--cache", str(compiled_cache), "-o", str(out)]) == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_rows_without_definitions_are_mapped_with_a_warning(compiled_cache, tmp_path, capsys):
    page = tmp_path / "scraped.txt"
    page.write_text("|\nBalance Sheet - USD ($)\n|\nDec. 31, 2023\n|Cash\n|$ 5\n|Total assets\n|$ 5\n")
    out = tmp_path / "scraped.json"
    assert main(["map", str(page), "--cache", str(compiled_cache), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "scraped.txt" in err and "no definition blocks" in err
    doc = json.loads(out.read_text())
    assert [r["concept"] for r in doc["rows"]] == ["us-gaap:Cash", "us-gaap:Assets"]
