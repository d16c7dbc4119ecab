"""Row kinds of value-less rows (heading / segment / empty fact): each cue on a hand-made row
list, the real pages that needed them, and per-kind precision/recall over the DEV bench."""
from __future__ import annotations

import difflib
import json
from pathlib import Path

from mapper.errors import MapperError
from mapper.rpage import parse_bytes, parse_file
from mapper.rpage.rowkinds import classify
from mapper.rpage.text import member_block_count

LI = "Debt Instrument [Line Items]"


def _kinds(rows: list[tuple[str, bool]], member_blocks: int = 0, units=None) -> list[str]:
    return classify([r[0] for r in rows], [r[1] for r in rows], member_blocks, units)


def test_row_above_a_copied_line_items_heading_is_a_member():
    rows = [(LI, False), ("Principal", True), ("Term Loan", False), (LI, False), ("Principal", True),
            ("Revolver", False), (LI, False), ("Principal", True)]
    assert _kinds(rows) == ["heading", "fact", "segment", "heading", "fact", "segment", "heading",
                            "fact"]


def test_row_above_a_copied_unmarked_heading_is_a_member():
    """Balance-sheet members: "Current assets" shown again under the member."""
    rows = [("Current assets", False), ("Cash", True), ("Total assets", True),
            ("Operating Lease Vehicles", False), ("Current assets", False), ("Vehicles, net", True)]
    assert _kinds(rows) == ["heading", "fact", "fact", "segment", "heading", "fact"]


def test_first_heading_above_a_new_heading_stays_a_heading():
    """"Assets" above the first "Current assets:" is a heading: nothing is copied yet."""
    rows = [("Assets", False), ("Current assets", False), ("Cash", True), ("Liabilities", False),
            ("Current liabilities", False), ("Debt", True)]
    assert _kinds(rows) == ["heading"] * 2 + ["fact"] + ["heading"] * 2 + ["fact"]


def test_repeated_abstract_above_a_copy_is_not_a_member():
    """Under a member, the abstracts come again one after another: still headings."""
    rows = [("Leases", False), (LI, False), ("Cost", True), ("Land", False), ("Leases", False),
            (LI, False), ("Cost", True)]
    assert _kinds(rows) == ["heading", "heading", "fact", "segment", "heading", "heading", "fact"]


def test_caption_named_in_a_combined_member_row_is_a_member():
    rows = [(LI, False), ("Fair Value", True), ("Level I", False), ("Total", True),
            ("Level I | Commercial paper", False), ("Fair Value", True)]
    kinds = _kinds(rows)
    assert kinds[2] == "segment" and kinds[4] == "segment"


def test_marked_and_colon_headings_and_empty_facts():
    rows = [("Assets [Abstract]", False), ("Current assets:", False), ("Cash", True),
            ("Commitments and contingencies (Note 8)", False),
            ("Preferred stock, $0.001 par value; 100 shares authorized", False),
            ("Stockholders' equity:", False), ("Common stock", True), ("Warrants exercised", False),
            ("Total", True), ("Nothing after", False)]
    units = [None] * 7 + ["shares", None, None]
    assert _kinds(rows, units=units) == ["heading", "heading", "fact", "fact", "fact", "heading",
                                         "fact", "fact", "fact", "fact"]


def test_member_blocks_are_the_trailing_empty_blocks():
    block = "|X\n- Definition\n+ References\n{}+ Details\n{}"
    full = block.format("Cash.\n", "No definition available.\n")
    empty = block.format("", "")
    text = ("|\nT - USD ($)\n|\nDec. 31, 2023\n|Cash\n|$ 5\n" + empty + full + empty + empty)
    page = parse_bytes(text.encode(), "b.txt")
    assert [b.empty for b in page.blocks] == [True, False, True, True]
    assert member_block_count(page.blocks) == 2


def test_real_pages(bench_rpages: Path):
    fv = parse_file(next(bench_rpages.glob("gen_tsla_10_Q_20240630_R040_*.txt")))
    kinds = {r.label: r.kind for r in fv.rows if not r.values}
    assert kinds["Certificates of deposit and time deposits"] == "segment"
    assert kinds["Level I"] == "segment" and kinds["Level II | Money market funds"] == "segment"
    assert kinds[fv.rows[0].label] == "heading"
    sheet = parse_file(next(bench_rpages.glob("gen_tsla_10_Q_20240630_R002_*.txt")))
    kinds = {r.label: r.kind for r in sheet.rows if not r.values}
    assert kinds["Operating Lease Vehicles"] == "segment"
    assert kinds["Commitments and contingencies (Note 10)"] == "fact"
    # EDGAR's 2012 renderer: members have no blocks, the abstracts' blocks are empty
    old = parse_file(next(bench_rpages.glob("secsgml_*_R80.txt")))
    ranges = [r for r in old.rows if r.label.startswith("Range ")]
    assert len(ranges) >= 8 and {r.kind for r in ranges} == {"segment"}


def _gold_kind(row: dict) -> str:
    el = row["element"] or ""
    if not el or el.endswith("Axis"):
        return "segment"
    if row["is_abstract"] or el.endswith(("Abstract", "LineItems", "RollForward", "Rollforward", "Table")):
        return "heading"
    return "fact"


def test_bench_kind_precision_and_recall(bench_rpages: Path):
    """Value-less rows aligned with the gold, every DEV case. Measured when written: heading
    P 0.992 R 0.9996, segment P 0.9994 R 0.995 (round 1: heading P 0.914, segment R 0.876)."""
    pairs = []
    for g in sorted(bench_rpages.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        try:
            page = parse_file(g.with_name(g.name.replace(".gold.json", ".txt")))
        except MapperError:
            continue
        mine = [(f"{r.label} | {r.unit_suffix}" if r.unit_suffix else r.label, len(r.values))
                for r in page.rows]
        want = [(r["label"], sum(v is not None for v in r["values"])) for r in gold["rows"]]
        sm = difflib.SequenceMatcher(a=mine, b=want, autojunk=False)
        for a, b, n in sm.get_matching_blocks():
            pairs += [(_gold_kind(gold["rows"][b + k]), page.rows[a + k].kind) for k in range(n)
                      if not want[b + k][1]]
    assert len(pairs) > 4000
    for kind, p_min, r_min in (("heading", 0.985, 0.995), ("segment", 0.995, 0.99)):
        tp = sum(g == m == kind for g, m in pairs)
        precision = tp / sum(m == kind for _, m in pairs)
        recall = tp / sum(g == kind for g, _ in pairs)
        assert precision >= p_min and recall >= r_min, (kind, precision, recall)


def test_shown_label_keeps_the_unit_suffix():
    text = "|\nT - USD ($)\n|\nDec. 31, 2023\n|Shares issued | shares\n|1,500\n|Cash\n|$ 5\n"
    shares, cash = parse_bytes(text.encode(), "u.txt").rows
    assert (shares.label, shares.unit_suffix, shares.shown_label) == \
        ("Shares issued", "shares", "Shares issued | shares")
    assert cash.shown_label == "Cash"


def test_no_unmarked_members_on_a_page_without_member_blocks():
    """Two sections with the same sub-heading: a copied heading, but the page shows no member
    (its blocks are all element blocks), so the section captions stay headings."""
    rows = [("Operating Leases", False), ("Maturities", False), ("2026", True),
            ("Finance Leases", False), ("Maturities", False), ("2026", True)]
    assert _kinds(rows)[3] == "segment"
    assert classify([r[0] for r in rows], [r[1] for r in rows], 0, None,
                    members_possible=False) == ["heading", "heading", "fact"] * 2
    block = "|X\n- Definition\n+ References\nText.\n+ Details\nNo definition available.\n"
    text = "|\nLeases (Details) - USD ($)\n|\nDec. 31, 2025\n" + "".join(
        f"|{label}\n" + ("|$ 5\n" if v else "") for label, v in rows) + block
    page = parse_bytes(text.encode(), "leases.txt")
    assert [r.kind for r in page.rows] == ["heading", "heading", "fact"] * 2
