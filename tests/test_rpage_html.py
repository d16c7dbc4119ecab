"""The HTML parser: a hand-made R page, every bench case rendered as EDGAR-style HTML, bad input."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mapper.errors import MapperError
from mapper.rpage import detect_format, hide_observed, parse_bytes, parse_file
from mapper.rpage.render import page_from_gold, render_html

FIXTURES = Path(__file__).parent / "fixtures" / "rpage"


def test_hand_made_r_page():
    page = parse_file(FIXTURES / "small-R4.htm")
    assert page.format == "rpage-html"
    assert page.title_lines == ("Condensed Statements of Operations - USD ($)",
                                "shares in Thousands, $ in Millions")
    assert page.scales == (("shares", 3), ("USD", 6))
    # the rowspan=2 instant column sits after the two grouped columns
    assert [(c.header, c.group) for c in page.columns] == [
        ("Mar. 29, 2025", "3 Months Ended"), ("Mar. 30, 2024", "3 Months Ended"),
        ("Apr. 15, 2025", None)]
    assert page.columns[0].period.start == date(2024, 12, 30)
    assert page.columns[2].period.kind == "instant"
    rows = page.rows
    assert [r.kind for r in rows] == ["heading", "fact", "fact", "fact", "fact", "segment", "fact"]
    assert rows[1].footnotes == ("[1]",) and rows[1].label == "Revenues"
    assert [(v.raw, v.column) for v in rows[2].values] == [("(56)", 0), ("7", 2)]
    assert rows[2].values[0].number == Decimal("-56000000")
    assert [v.number for v in rows[3].values] == [Decimal("-0.98"), Decimal("1.65")]
    assert rows[3].values[0].kind == "per_share"
    assert rows[4].values[0].kind == "shares" and rows[4].values[0].number == Decimal("2000000")
    assert rows[1].observed_element == "us-gaap_Revenues"
    assert rows[5].observed_element == "srt_ProductOrServiceAxis=us-gaap_ProductMember"
    eps, abstract, member = page.blocks
    assert eps.observed_element == "us-gaap_EarningsPerShareBasic"
    assert eps.definition.startswith("The amount of net income or loss")
    assert [r.role for r in eps.references] == ["http://www.xbrl.org/2003/role/disclosureRef",
                                                "http://fasb.org/us-gaap/role/ref/legacyRef"]
    assert eps.references[0].part("Topic") == "260" and eps.references[0].part("Paragraph") == "2"
    assert dict(eps.details)["Data Type"] == "dtr-types:perShareItemType"
    assert abstract.definition is None and abstract.no_definition and not abstract.empty
    assert member.empty and member.line is not None
    assert page.footnotes == (("[1]", "Includes related-party revenue."),)
    assert rows[1].line is not None and rows[1].line < rows[2].line
    hidden = hide_observed(page)
    assert all(r.observed_element is None for r in hidden.rows)
    assert all(b.observed_element is None for b in hidden.blocks)
    assert [r.label for r in hidden.rows] == [r.label for r in rows]


def _gold_cases(bench: Path):
    for g in sorted(bench.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if gold["rows"]:
            yield g.name, gold


def _marks(refs):
    out = []
    for ref in refs:
        for m in str(ref).split(","):
            if m.strip() and m.strip() not in out:
                out.append(m.strip())
    return tuple(out)


def test_every_bench_case_round_trips_through_html(bench_rpages: Path):
    """Render each gold case as EDGAR HTML, parse it back: labels, values with columns,
    row kinds, footnotes, blocks and observed elements all match gold."""
    n = 0
    for name, gold in _gold_cases(bench_rpages):
        html = render_html(page_from_gold(gold))
        page = parse_bytes(html.encode("utf-8"), name)
        assert page.format == "rpage-html"
        assert list(page.title_lines) == gold["title_lines"], name
        assert [c.header for c in page.columns] == gold["column_headers"], name
        assert len(page.rows) == len(gold["rows"]), name
        for r, g in zip(page.rows, gold["rows"]):
            label = f"{r.label} | {r.unit_suffix}" if r.unit_suffix else r.label
            assert label == g["label"], name
            want = [(v, i) for i, v in enumerate(g["values"]) if v is not None]
            assert [(v.raw, v.column) for v in r.values] == want, (name, label)
            assert r.observed_element == (g["element"] or None), name
            assert r.footnotes == _marks(g["footnote_refs"]), name
            el = g["element"] or ""
            if not el or el.endswith("Axis"):
                assert r.kind == "segment", (name, label)
            elif g["is_abstract"]:
                assert r.kind == "heading", (name, label)
        assert len(page.blocks) == len(gold["definition_blocks"]), name
        for b, gb in zip(page.blocks, gold["definition_blocks"]):
            assert b.observed_element == gb["element"], name
            assert (b.definition or "") == (gb["definition"] or ""), name
            nrefs = sum(1 for ref in gb["references"] for x in ref if x.startswith("Reference "))
            assert len(b.references) == nrefs, name
            assert dict(b.details).get("Name", "") == (gb["details"] or {}).get("Name", ""), name
        assert [f[1] for f in page.footnotes] == [f["text"] for f in gold["footnotes"]], name
        n += 1
    assert n > 690


def test_groups_in_html_are_exact(bench_rpages: Path):
    gold = json.loads((bench_rpages / "secsgmlc_output_R1.gold.json").read_text(encoding="utf-8"))
    page = parse_bytes(render_html(page_from_gold(gold)).encode(), "R1.htm")
    assert [c.group for c in page.columns] == ["12 Months Ended", None, None]


def test_html_that_is_not_an_r_page(tmp_path: Path):
    p = tmp_path / "letter.html"
    p.write_text("<html><body><p>Hello</p><table><tr><td>1</td></tr></table></body></html>")
    with pytest.raises(MapperError, match="not an R page") as e:
        parse_file(p)
    assert str(p) in str(e.value)
    with pytest.raises(MapperError, match="no rows"):
        parse_bytes(b'<html><table class="report"><tr><th class="tl">T</th><th>Dec. 31, 2023'
                    b'</th></tr></table></html>', "x.htm")


def test_format_detection():
    assert detect_format(b"\xef\xbb\xbf<html>") == "rpage-html"
    assert detect_format(b"  \n<!DOCTYPE html>") == "rpage-html"
    assert detect_format(b"|\nTitle\n") == "rpage-text"
    assert detect_format(b"%PDF-1.4") is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abtrdhclsponefX|[]1$,.()")), max_size=300))
def test_fuzz_html_only_raises_mapper_error(junk):
    try:
        parse_bytes(("<html>" + junk).encode("utf-8"), "fuzz.htm")
    except MapperError:
        pass
