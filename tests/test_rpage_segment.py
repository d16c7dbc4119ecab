"""Segmentation cues of the text format (which "|line" is a label, which a value): small
hand-made pages for each page-level cue, plus the real bench pages that needed them."""
from __future__ import annotations

from pathlib import Path

from mapper.rpage import parse_bytes, parse_file
from mapper.rpage.segment import is_statement_title, segment


def _page(title: str, headers: list[str], body: list[str]):
    lines = ["|", title]
    for h in headers:
        lines += ["|", h]
    lines += [f"|{t}" for t in body]
    return parse_bytes("\n".join(lines).encode(), "hand.txt")


def _rows(page) -> list[tuple[str, int]]:
    return [(r.label, len(r.values)) for r in page.rows]


def test_statement_titles():
    assert is_statement_title("Consolidated Balance Sheets - USD ($)")
    assert is_statement_title("CONSOLIDATED STATEMENTS OF CASH FLOWS (USD $)")
    assert is_statement_title("Unaudited Condensed Consolidated Statements of Operations - USD ($)")
    assert not is_statement_title("Consolidated Balance Sheets (Parenthetical) - $ / shares")
    assert not is_statement_title("Leases - Schedule of Operating Leases Presented in Balance Sheets")
    assert not is_statement_title("Debt - Additional Information (Details)")


def test_value_less_captions_on_a_balance_sheet_stay_rows():
    """Two captions in a row on a balance sheet: the second is a heading, not a text cell."""
    body = ["Total liabilities", "$ 10", "$ 9", "Commitments and Contingencies (Note 8)",
            "Stockholders' Equity (Deficit)", "Common stock", "1", "1", "Total equity", "5", "4"]
    headers = ["Dec. 31, 2023", "Dec. 31, 2022"]
    sheet = _page("Balance Sheets - USD ($)", headers, body)
    assert _rows(sheet)[1:3] == [("Commitments and Contingencies (Note 8)", 0),
                                 ("Stockholders' Equity (Deficit)", 0)]
    # the same lines on a details page may be a caption and its text value: no statement cue
    details = _page("Equity - Additional Information (Details) - USD ($)", headers, body)
    assert _rows(details)[1] == ("Commitments and Contingencies (Note 8)", 1)


def test_runs_of_years_are_maturity_labels():
    body = ["Operating Leases", "2026", "$ 1,241", "2027", "1,127", "2028", "1,012", "Thereafter",
            "2,668", "Total minimum lease payments", "7,714", "$ 5,410"]
    page = _page("Leases - Maturities (Detail) - USD ($)", ["Dec. 31, 2025", "Dec. 31, 2024"], body)
    assert _rows(page)[:3] == [("Operating Leases", 0), ("2026", 1), ("2027", 1)]
    assert page.rows[0].kind == "heading"


def test_a_lone_year_can_still_be_a_value():
    lines = ["Tax credit carryforward expiration year", "2036", "Operating loss", "$ 12"]
    assert segment(lines, 1) == [(0, [1]), (2, [3])]


def test_line_before_a_repeated_line_items_heading_is_a_member_row():
    body = ["Debt Instrument [Line Items]", "Carrying value of term loan", "$ 173,539", "$ 198,196",
            "SOFR", "Debt Instrument [Line Items]", "Debt instrument, variable rate", "0.10%"]
    page = _page("Debt - Additional Information (Details) - USD ($)",
                 ["Aug. 19, 2024", "Jan. 01, 2024", "Dec. 31, 2024"], body)
    assert _rows(page)[1:3] == [("Carrying value of term loan", 2), ("SOFR", 0)]
    assert page.rows[2].kind == "segment"


def test_bench_pages_that_needed_the_cues(bench_rpages: Path):
    """Real and generated pages that the cues fixed (all rows of each now match the gold)."""
    lease = parse_file(bench_rpages / "secsgmlc_output_R73.txt")
    assert [(r.label, len(r.values)) for r in lease.rows[:2]] == [("Operating Leases", 0), ("2026", 1)]
    sheet = parse_file(bench_rpages / "secxbrl_000095017022000796_R2.txt")
    labels = [r.label for r in sheet.rows]
    pref = "Preferred stock; $0.001 par value; 100 shares authorized; no shares issued and outstanding"
    assert labels[labels.index(pref) - 1] == "Stockholders' equity"
