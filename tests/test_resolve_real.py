"""The resolver on real data: the seed, and a sample of the shared bench with gold answers."""
from __future__ import annotations

import json

import pytest

from mapper.pipeline import map_file
from mapper.resolve.catalog import load_catalog

SEED_GOLD = {
    "Operating loss carry forwards": "us-gaap:DeferredTaxAssetsOperatingLossCarryforwards",
    "Allowance for doubtful accounts":
        "us-gaap:DeferredTaxAssetsTaxDeferredExpenseReservesAndAccrualsAllowanceForDoubtfulAccounts",
    "Change in derivative liabilities": "us-gaap:DeferredTaxAssetsDerivativeInstruments",
    "Options issued for services": "us-gaap:DeferredTaxAssetsOther",
    "Total Deferred Tax Assets": "us-gaap:DeferredTaxAssetsGross",
    "Valuation allowance": "us-gaap:DeferredTaxAssetsValuationAllowance",
    "Net Deferred Tax Asset": "us-gaap:DeferredTaxAssetsNet",
}


@pytest.fixture(scope="module")
def catalog(compiled_cache):
    return load_catalog(compiled_cache)


@pytest.fixture(scope="module")
def seed_mapping(catalog, seed_path):
    return map_file(seed_path, catalog, now="2026-01-01T00:00:00+00:00")


def test_seed_us_gaap_rows(seed_mapping):
    got = {m.row.label: m for m in seed_mapping.rows}
    for label, qname in SEED_GOLD.items():
        m = got[label]
        assert m.concept is not None and m.concept.qname == qname, (label, m.concept, m.alternatives)
        assert not m.extension
        assert m.relation in ("exact", "close")
        assert 0.0 <= m.confidence <= 1.0
        assert m.alternatives, "runner-up concepts are part of every answer"
        signals = {e.signal for e in m.evidence}
        assert "documentation" in signals or "label" in signals


def test_seed_company_element_and_anchor(seed_mapping):
    m = next(m for m in seed_mapping.rows if m.row.label.startswith("Origination and amortization"))
    assert m.extension and m.concept is None
    # its values roll up into the total with the rows around it
    assert m.anchor is not None and m.anchor.qname == "us-gaap:DeferredTaxAssetsGross"
    assert m.relation == "broad"


def test_seed_heading_confidence_reflects_ambiguity(seed_mapping):
    head = seed_mapping.rows[0]
    assert head.row.label.startswith("Schedule of Net Deferred Tax Asset")
    best = max(m.confidence for m in seed_mapping.rows[1:] if not m.extension)
    # neither definition nor references: either the company's abstract or a us-gaap one
    assert head.confidence < best
    assert head.concept is None or head.concept.qname.endswith("Abstract")


def test_seed_calculation_evidence(seed_mapping):
    total = next(m for m in seed_mapping.rows if m.row.label == "Total Deferred Tax Assets")
    assert any(e.signal == "values" and "holds" in e.detail for e in total.evidence)


def test_mapping_is_deterministic(catalog, seed_path, seed_mapping):
    again = map_file(seed_path, catalog, now="2026-01-01T00:00:00+00:00")
    assert [(m.concept, m.extension, m.confidence) for m in again.rows] == \
           [(m.concept, m.extension, m.confidence) for m in seed_mapping.rows]


def test_bench_sample_accuracy(catalog, bench_rpages):
    """Real R pages with definitions (Tesla 10-K 2025): documented standard rows mostly right."""
    right = total = ext_right = ext_total = 0
    for gold_path in sorted(bench_rpages.glob("secsgmlc_output_R*.gold.json"))[:40]:
        gold = json.loads(gold_path.read_text())
        pm = map_file(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")), catalog)
        if len(pm.rows) != len(gold["rows"]):
            continue
        documented = {b["element"] for b in gold["definition_blocks"] if b.get("definition")}
        for m, g in zip(pm.rows, gold["rows"]):
            if not g.get("element") or g["local_name"].endswith("Axis"):
                continue
            q = f"{g['prefix']}:{g['local_name']}"
            if g["prefix"] in ("us-gaap", "dei", "srt") and g["element"] in documented and catalog.get(q) is not None:
                total += 1
                right += bool(m.concept and m.concept.qname == q)
            elif g["prefix"] not in ("us-gaap", "dei", "srt", "ecd", "country"):
                ext_total += 1
                ext_right += m.extension
    assert total > 100 and ext_total > 20
    assert right / total > 0.70, (right, total)
    assert ext_right / ext_total > 0.70, (ext_right, ext_total)


def test_html_page_resolves_without_reading_element_names(catalog, bench_rpages, tmp_path):
    """EDGAR HTML shows element names; resolution must not depend on them unless allowed."""
    from mapper.rpage.render import page_from_gold, render_html

    gold = json.loads((bench_rpages / "secxbrl_000095017022000796_R4.gold.json").read_text())
    html = tmp_path / "R4.htm"
    html.write_text(render_html(page_from_gold(gold)))
    blind = map_file(html, catalog)
    assert all(e.signal != "observed" for m in blind.rows for e in m.evidence)
    seen = map_file(html, catalog, use_observed=True)
    for m, g in zip(seen.rows, gold["rows"]):
        q = f"{g['prefix']}:{g['local_name']}" if g.get("element") else None
        if q and catalog.get(q) is not None and not g["local_name"].endswith("Axis"):
            assert m.concept is not None and m.concept.qname == q
    # blind resolution of the HTML agrees with the text page's
    text = map_file(bench_rpages / "secxbrl_000095017022000796_R4.txt", catalog)
    same = sum(a.concept == b.concept for a, b in zip(blind.rows, text.rows))
    assert same >= 0.9 * len(text.rows)


def test_maturity_schedule_rows_map_by_position(catalog, bench_rpages):
    """'2026', '2027' ... under "Operating Leases" / "Finance Leases": the n-th year is year n."""
    pm = map_file(bench_rpages / "gen_googl_10_Q_20250331_R056_LeasesFutureMinimumLeasePaymentsDetails.txt", catalog)
    got = [(m.row.label, m.concept.local_name if m.concept else None) for m in pm.rows]
    for kind, start in (("LesseeOperatingLeaseLiabilityPayments", 1), ("FinanceLeaseLiabilityPayments", 11)):
        names = [name for _label, name in got[start:start + 5]]
        assert names == [kind + "RemainderOfFiscalYear", kind + "DueNextTwelveMonths", kind + "DueYearTwo",
                         kind + "DueYearThree", kind + "DueYearFour"], got[start:start + 5]


def test_older_definitions_name_documented_concepts(catalog, bench_rpages):
    """A 2011 definition ("maturing in year three following ...") worded unlike the 2024
    documentation still names its concept: the documented YearThree is not left behind the
    undocumented 'Rolling' variant the words name as well."""
    from mapper.resolve.choices import block_choice
    from mapper.resolve.pairing import block_evidence
    from mapper.rpage import parse_file

    page = parse_file(bench_rpages / "secsgml_secsgml_rewrite_experiment_outputsecsgml_0001193125_12_025336_R55.txt")
    block = next(b for b in page.blocks if b.definition and "in year three" in b.definition)
    bc = block_choice(block, catalog)
    name = "us-gaap:LongTermDebtMaturitiesRepaymentsOfPrincipal"
    plain, rolling = catalog.get(name + "InYearThree"), catalog.get(name + "InRollingYearThree")
    assert catalog.concepts[plain].doc     # documented: judged by its 2024 wording, and by its name
    assert block_evidence(bc, plain, catalog) >= block_evidence(bc, rolling, catalog)


def test_reworded_documentation_is_not_taken_for_a_deleted_element(catalog, bench_rpages):
    """Google's 2011 "Cash equivalents" block: its definition is worded unlike the 2024
    documentation of CashAndCashEquivalentsFairValueDisclosure, but its words name the element:
    the concept is in this taxonomy version (not a deleted one)."""
    pm = map_file(bench_rpages / "secsgml_secsgml_rewrite_experiment_outputsecsgml_0001193125_12_025336_R60.txt",
                  catalog)
    rows = [m for m in pm.rows if m.row.label == "Cash equivalents"]
    assert rows and all(m.concept.qname == "us-gaap:CashAndCashEquivalentsFairValueDisclosure" for m in rows)
    assert all(m.in_taxonomy for m in rows)


def test_element_deleted_since_the_filing_is_not_in_this_version(catalog, bench_rpages):
    """Google's 2011 "Other revenues" used OtherSalesRevenueNet, deleted before 2024: the row says
    "not in this taxonomy version" and proposes the closest current concept."""
    pm = map_file(bench_rpages / "secsgml_secsgml_rewrite_experiment_outputsecsgml_0001193125_12_025336_R42.txt",
                  catalog)
    assert catalog.get("us-gaap:OtherSalesRevenueNet") is None
    row = next(m for m in pm.rows if m.row.label == "Other revenues")
    assert not row.in_taxonomy and not row.extension and row.concept is not None
    assert "not in this taxonomy version" in row.note


def test_a_section_total_closes_its_heading(catalog, bench_rpages):
    """On a classified balance sheet the rows after "Total current liabilities" are read as
    noncurrent ones, not under the "Current liabilities:" heading."""
    from mapper.resolve.assign import assign_page
    from mapper.rpage import parse_file

    asg = assign_page(parse_file(bench_rpages / "gen_nvda_10_K_20240128_R005_ConsolidatedBalanceSheets.txt"), catalog)
    by = {rc.row.label: rc for rc in asg.rows}
    assert by["Accounts payable"].context == ("current", "liability")
    assert by["Long-term debt"].context == ("noncurrent", "liability")


def test_a_statements_root_heading_opens_no_section(catalog, bench_rpages):
    """"Statement of Comprehensive Income [Abstract]" heads the whole statement: its words are the
    title's, not a section's, so "Net income" below it is not read as comprehensive income."""
    path = bench_rpages / "secsgmlc_output_R6.txt"
    by = {m.row.label: m for m in map_file(path, catalog).rows}
    assert by["Net income"].concept.qname == "us-gaap:ProfitLoss"
    assert by["Comprehensive income attributable to common stockholders"].concept.qname == \
        "us-gaap:ComprehensiveIncomeNetOfTax"


def test_a_bare_balance_under_a_heading_is_read_with_the_heading_and_title(catalog, bench_rpages):
    """NVIDIA's product warranty roll-forward: "Beginning Balance" / "Ending Balance" under
    "Movement in Standard and Extended Product Warranty Accrual, Increase (Decrease) [Roll Forward]"
    name nothing themselves; read with the heading and the title they are the warranty accrual
    (not an oil and gas measure that merely has a "Beginning Balance" label)."""
    path = bench_rpages / "gen_nvda_10_K_20240128_R078_CommitmentsandContingenciesScheduleofProductWarrantyLiabilit.txt"
    rows = [m for m in map_file(path, catalog).rows if m.row.label in ("Beginning Balance", "Ending Balance")]
    assert len(rows) == 2 and all(m.concept.qname == "us-gaap:ProductWarrantyAccrual" for m in rows)
    assert any("its heading and the page's topic" in e.detail for e in rows[0].evidence)


def test_opening_and_closing_rows_lean_to_the_taxonomys_roll_forward_balances(catalog, bench_rpages):
    """The presentation linkbase shows a roll-forward's balances with period start / end labels:
    the cash total a cash flow statement reconciles is one (ASU 2016-18's cash, cash equivalents
    and restricted cash), cash on the balance sheet is not. NVIDIA labels that total "Cash and
    cash equivalents at beginning of period"."""
    def balance(local):
        return catalog.by_qname["us-gaap:" + local] in catalog.roll_balances
    assert balance("CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents")
    assert not balance("Cash") and not balance("CashAndCashEquivalentsAtCarryingValue")
    path = bench_rpages / "gen_nvda_10_K_20240128_R009_ConsolidatedStatementsofCashFlows.txt"
    rows = [m for m in map_file(path, catalog).rows if m.row.label.startswith("Cash and cash equivalents at")]
    assert len(rows) == 2
    assert all(m.concept.local_name == "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents" for m in rows)


def test_a_roll_forwards_opening_and_closing_rows_are_one_element(catalog, bench_rpages):
    """"Beginning Balance, Shares" and "Ending Balance, Shares" are one element's period start and
    end labels: they are assigned together (HubSpot's equity statement, no definitions saved), and
    a share balance naming nothing else reads as a count of shares outstanding or issued, not as an
    investment company's holding (InvestmentOwnedBalanceShares). A plain "Balance" row is another
    element than a "Beginning Balance" row (Tesla's equity and temporary equity)."""
    from mapper.resolve.assign import assign_page
    from mapper.resolve.grouping import group_rows
    from mapper.rpage import parse_file

    path = bench_rpages / "gen_hubs_10_K_20231231_R007_Role_StatementConsolidatedStatementsOfStockholdersEquity.txt"
    rows = map_file(path, catalog).rows
    shares = {m.concept.qname for m in rows if m.row.label.startswith(("Beginning Balance, Shares",
                                                                       "Ending Balance, Shares"))}
    assert len(shares) == 1 and shares <= {"us-gaap:SharesOutstanding", "us-gaap:SharesIssued"}
    path = bench_rpages / "gen_crsr_10_K_20241231_R007_Role_StatementConsolidatedStatementsOfStockholdersEquity.txt"
    got = {m.concept.qname for m in map_file(path, catalog).rows if m.row.label.startswith("Balance, shares")}
    assert got and got <= {"us-gaap:SharesOutstanding", "us-gaap:SharesIssued"}

    asg = assign_page(parse_file(bench_rpages / "secsgmlc_output_R7.txt"), catalog)
    group_of = {i: k for k, g in enumerate(group_rows(asg.rows)) for i in g}
    plain = [i for i, rc in enumerate(asg.rows) if rc.row.label.startswith("Balance at")]
    opening = [i for i, rc in enumerate(asg.rows) if rc.row.label.startswith("Beginning Balance at")]
    assert plain and opening and {group_of[i] for i in plain}.isdisjoint(group_of[i] for i in opening)


def test_a_classified_section_prefers_its_class(catalog, bench_rpages):
    """NVIDIA's balance sheet, saved without definitions: under "Current assets:" the inventories
    are InventoryNet, not InventoryNoncurrent, and marketable securities MarketableSecuritiesCurrent
    (the taxonomy has a current variant of the unclassified concept). A maturity schedule's "Long
    Term Debt ..." heading is a subject, not a noncurrent section."""
    from mapper.resolve.statements import section_misfit

    path = bench_rpages / "gen_nvda_10_K_20240128_R005_ConsolidatedBalanceSheets.txt"
    by = {m.row.label: m for m in map_file(path, catalog).rows}
    assert by["Inventories"].concept.local_name == "InventoryNet"
    assert by["Marketable securities"].concept.local_name == "MarketableSecuritiesCurrent"
    assert section_misfit(("current", "asset"), "InventoryNoncurrent", catalog) > \
        section_misfit(("current", "asset"), "MarketableSecurities", catalog) > 0
    assert section_misfit(("current", "asset"), "MarketableSecuritiesCurrent", catalog) == 0
    assert section_misfit(("noncurrent", "debt", "maturity", "repayment", "principal"), "LongTermDebt", catalog) == 0


def test_an_equity_statement_with_a_noncontrolling_interest_column_totals_it_in(catalog, bench_rpages):
    """P&G's statement of shareholders' equity has a "Noncontrolling Interest" column: its balance
    is StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest (found as the twin of
    StockholdersEquity by their standard labels); HubSpot's has no such column: StockholdersEquity."""
    from mapper.resolve.statements import nci_twins, shows_nci_column
    from mapper.rpage import parse_file

    twins = nci_twins(catalog)
    assert twins[catalog.by_qname["us-gaap:ProfitLoss"]] == catalog.by_qname["us-gaap:NetIncomeLoss"]
    pg = bench_rpages / "gen_pg_10_K_20230630_R006_CONSOLIDATEDSTATEMENTSOFSHAREHOLDERSEQUITY.txt"
    hubs = bench_rpages / "gen_hubs_10_K_20231231_R007_Role_StatementConsolidatedStatementsOfStockholdersEquity.txt"
    assert shows_nci_column(parse_file(pg)) is True and shows_nci_column(parse_file(hubs)) is False
    first = next(m for m in map_file(pg, catalog).rows if m.row.label.startswith("BEGINNING BALANCE at"))
    assert first.concept.local_name == "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"
    amounts = [m for m in map_file(hubs, catalog).rows if m.row.label.startswith("Beginning Balance, Amount")]
    assert amounts and all(m.concept.local_name == "StockholdersEquity" for m in amounts)


def test_the_html_fixtures_documented_block_is_its_per_share_row(catalog):
    """The hand-made R4.htm has one documented block (EarningsPerShareBasic's FASB text) for its
    valued rows: the per-share row shows it (the element names the HTML carries are not read)."""
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "rpage" / "small-R4.htm"
    row = next(m for m in map_file(path, catalog).rows if m.row.label.startswith("Net loss per share"))
    assert row.concept.qname == "us-gaap:EarningsPerShareBasic"
    assert row.row.observed_element == "us-gaap_EarningsPerShareBasic"
    assert "observed" not in {e.signal for e in row.evidence}


def test_a_catch_all_concept_needs_a_caption_that_says_other(catalog, bench_rpages):
    """"Intangible assets, net" on NVIDIA's balance sheet is IntangibleAssetsNetExcludingGoodwill, not
    the catch-all OtherIntangibleAssetsNet; "Other intangible assets, net" may well be that one."""
    from mapper.resolve.signals import label_score_at

    other = catalog.by_qname["us-gaap:OtherIntangibleAssetsNet"]
    assert label_score_at("Intangible assets, net", other, catalog) < \
        label_score_at("Other intangible assets, net", other, catalog)
    path = bench_rpages / "gen_nvda_10_K_20240128_R005_ConsolidatedBalanceSheets.txt"
    row = next(m for m in map_file(path, catalog).rows if m.row.label == "Intangible assets, net")
    assert row.concept.local_name == "IntangibleAssetsNetExcludingGoodwill"


def test_a_line_item_shown_without_values_keeps_its_block(catalog, bench_rpages):
    """A caption that reads as a line item but shows no values is a nil fact, not a heading:
    "Commitments and Contingencies (Note 10)" on a balance sheet is CommitmentsAndContingencies,
    and an empty "Net cash provided by investing activities" row takes its documented block."""
    pm = map_file(bench_rpages / "gen_googl_10_Q_20250331_R002_CONSOLIDATEDBALANCESHEETS.txt", catalog)
    row = next(m for m in pm.rows if m.row.label.startswith("Commitments and Contingencies"))
    assert not row.row.values and row.concept.qname == "us-gaap:CommitmentsAndContingencies"
    pm = map_file(bench_rpages / "doc2dict_10k_2021_12_31_000149315221032816_R6.txt", catalog)
    by = {m.row.label: m for m in pm.rows}
    assert by["Net cash provided by investing activities"].concept.qname == \
        "us-gaap:NetCashProvidedByUsedInInvestingActivities"
    assert by["Income taxes"].concept.qname == "us-gaap:IncomeTaxesPaidNet"
    # a heading with a colon still reads as a heading
    assert by["Cash flows from investing activities:"].concept.local_name.endswith("Abstract")


def test_a_bare_balance_caption_is_read_as_the_page_topic(catalog, bench_rpages):
    """On a statement of stockholders' equity "Balance, amount at Mar. 31, 2024" names nothing
    itself; the title says what the balance is of. A share count's balance is a number of shares."""
    pm = map_file(bench_rpages / "gen_grve_10_Q_20251231_R005_UnauditedCondensedConsolidatedStatementsOf"
                                 "StockholdersEquity.txt", catalog)
    amounts = [m for m in pm.rows if m.row.label.startswith("Balance, amount at")]
    assert amounts and all(m.concept.qname == "us-gaap:StockholdersEquity" for m in amounts)
    assert any("page's topic 'stockholder equity'" in e.detail for e in amounts[0].evidence)
    shares = next(m for m in pm.rows if m.row.label.startswith("Balance, shares at"))
    assert not any("topic" in e.detail for e in shares.evidence)
    assert any("read as a number of shares" in e.detail for e in shares.evidence)


def test_a_line_items_caption_without_a_block_is_not_a_member(catalog, bench_rpages):
    """EDGAR's 2012 renderer gave "[Line Items]" rows no block: such a row is not a dimension
    member (no axis), and caption alone may only name a LineItems element, not an abstract."""
    pm = map_file(bench_rpages / "secsgml_secsgml_rewrite_experiment_outputsecsgml_0001193125_12_025336_R45.txt",
                  catalog)
    row = next(m for m in pm.rows if m.row.label == "Cash, cash equivalents and marketable securities [Line Items]")
    assert row.extension and not row.member
    pm = map_file(bench_rpages / "secsgml_secsgml_rewrite_experiment_outputsecsgml_0001193125_12_025336_R68.txt",
                  catalog)
    row = next(m for m in pm.rows if m.row.label == "Goodwill and Intangible Assets Disclosure [Line Items]")
    assert row.concept is None or row.concept.local_name.endswith("LineItems")


def test_the_page_title_names_a_presentation_network(catalog, bench_rpages):
    """A page titled as a statement is the taxonomy's network of that name; concepts the taxonomy
    presents only elsewhere are less likely. On a cash flow statement "Accounts payable" is the
    change in payables, not the balance, and the evidence names the network."""
    from mapper.resolve.signals import network_affinity

    def best(title: str) -> set[str]:
        aff = network_affinity(title, catalog)
        return {catalog.network_titles[n] for n, a in aff.items() if a == max(aff.values())}

    assert best("Consolidated Statements of Shareholders' Equity - USD ($)") == {"Statement of Shareholders' Equity"}
    assert best("Consolidated Statements of Operations - USD ($)") == {"Statement of Income"}
    assert "Statement of Cash Flows" in best("Consolidated Statements of Cash Flows - USD ($) $ in Millions")
    assert max(network_affinity("Document and Entity Information", catalog).values(), default=0.0) < 0.5

    pm = map_file(bench_rpages / "gen_crsr_10_K_20241231_R008_Role_StatementConsolidatedStatementsOfCashFlows.txt",
                  catalog)
    row = next(m for m in pm.rows if m.row.label == "Accounts payable")
    assert row.concept.qname == "us-gaap:IncreaseDecreaseInAccountsPayable"
    assert any(e.signal == "structure" and "Statement of Cash Flows" in e.detail for e in row.evidence)


def test_rows_under_a_standard_line_items_element_are_its_items(catalog, bench_rpages):
    """Tesla's debt summary shows "Debt Instrument [Line Items]": its "Long-Term" column rows are
    LongTermDebt, an item of that table, not LongTermDebtNoncurrent, which the table lacks."""
    from mapper.resolve.candidates import page_table_items
    from mapper.rpage import parse_file

    path = bench_rpages / "gen_tsla_10_Q_20240630_R051_DebtSummaryofDebtandFinanceLeasesDetail.txt"
    items = page_table_items(parse_file(path), catalog)
    assert catalog.get("us-gaap:LongTermDebt") in items
    assert catalog.get("us-gaap:LongTermDebtNoncurrent") not in items
    rows = [m for m in map_file(path, catalog).rows if m.row.label == "Long-Term"]
    assert rows and all(m.concept.qname == "us-gaap:LongTermDebt" for m in rows)
    assert any("standard table" in e.detail for e in rows[0].evidence)


def test_a_page_of_instants_shows_no_duration_concept(catalog, bench_rpages):
    """Every column of NVIDIA's deferred-tax page is a date: "Stock-based compensation" there is the
    deferred tax asset (an instant), not the period's expense add-back ShareBasedCompensation."""
    from mapper.rpage import parse_file

    path = bench_rpages / "gen_nvda_10_K_20240128_R081_IncomeTaxesDeferredTaxesDetails.txt"
    assert all(col.period is not None and col.period.kind == "instant" for col in parse_file(path).columns)
    row = next(m for m in map_file(path, catalog).rows if m.row.label == "Stock-based compensation")
    assert row.concept.local_name == "DeferredTaxAssetsTaxDeferredExpenseCompensationAndBenefitsShareBasedCompensationCost"
    assert catalog.concepts[catalog.get(row.concept.qname)].period_type == "instant"


def test_a_row_in_parentheses_is_not_an_increase(catalog, bench_rpages):
    """Tesla's warranty roll-forward: "Warranty costs incurred" (525) is the decrease for payments,
    "Provision for warranty" 1,056 the increase for warranties issued; neither caption names its
    element, the sign of the values tells them apart."""
    path = bench_rpages / "secxbrl_000095017022000796_R55.txt"
    got = {m.row.label: m.concept.local_name for m in map_file(path, catalog).rows if m.concept}
    assert got["Warranty costs incurred"] == "StandardProductWarrantyAccrualPayments"
    assert got["Provision for warranty"] == "StandardProductWarrantyAccrualWarrantiesIssued"


def test_a_block_fasb_documents_exactly_shows_some_row(catalog, bench_rpages):
    """Tesla's statement of operations: "Total revenues" and the segments' "Revenues" rows would both
    take the Revenues block by caption, leaving the block documented as revenue from contracts
    with customers empty; EDGAR shows a block only for an element of the page."""
    path = bench_rpages / "secxbrl_000095017022000796_R4.txt"
    got = {(m.row.label, m.concept.local_name) for m in map_file(path, catalog).rows if m.concept}
    assert ("Total revenues", "Revenues") in got
    assert ("Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax") in got
    assert ("Revenues", "Revenues") not in got


def test_a_near_documentation_match_that_references_rival_is_not_fixed(catalog, bench_rpages):
    """A 2025 balance sheet words CashAndCashEquivalentsAtCarryingValue's definition as the 2025
    release does; its text is closer to the 2024 restricted-cash total's documentation, but the
    references match the carrying value: the caption decides."""
    path = bench_rpages / "secsgmlc_output_R3.txt"
    row = next(m for m in map_file(path, catalog).rows if m.row.label == "Cash and cash equivalents")
    assert row.concept.local_name == "CashAndCashEquivalentsAtCarryingValue"


def test_a_loss_is_the_row_in_parentheses(catalog, bench_rpages):
    """Alphabet's unrealized-loss table: "Fair Value" and "Unrealized Loss" rows name the same
    position equally well; the loss is the one shown in parentheses."""
    path = bench_rpages / "gen_googl_10_Q_20250331_R043_FinancialInstrumentsGrossUnrealizedLossesandFairValuesforInv.txt"
    rows = map_file(path, catalog).rows
    got = {m.row.label: m.concept.local_name for m in rows[:8] if m.concept}
    assert got["Less than 12 Months, Fair Value"] == "DebtSecuritiesAvailableForSaleContinuousUnrealizedLossPositionLessThan12Months"
    assert got["Less than 12 Months, Unrealized Loss"] == \
        "DebtSecuritiesAvailableForSaleContinuousUnrealizedLossPositionLessThan12MonthsAccumulatedLoss"
    assert got["Total Unrealized Loss"] == "DebtSecuritiesAvailableForSaleUnrealizedLossPositionAccumulatedLoss"


def test_a_concept_without_references_does_not_confirm_a_fasb_block(catalog, bench_rpages):
    """Google's 2011 "Less than 12 Months, Unrealized Loss" used an element deleted before 2024.
    The closest current concept has no references in the package, so they cannot confirm it:
    the row is reported as not in this taxonomy version."""
    pm = map_file(bench_rpages / "secsgml_secsgml_rewrite_experiment_outputsecsgml_0001193125_12_025336_R50.txt",
                  catalog)
    rows = [m for m in pm.rows if m.row.label == "Less than 12 Months, Unrealized Loss"]
    assert rows and catalog.get("us-gaap:AvailableforsaleSecuritiesContinuousUnrealizedLossPosition"
                                "LessThan12MonthsAggregateLosses1") is None
    assert all(not m.in_taxonomy and not m.extension and m.concept is not None for m in rows)
    assert not catalog.concepts[catalog.get(rows[0].concept.qname)].refs


def test_company_line_items_caption_is_an_extension(catalog, bench_rpages):
    """A [Line Items] caption no standard concept carries is the filer's own table element."""
    pm = map_file(bench_rpages / "gen_gahc_10_Q_20240930_R044_AgreementsNarrativeDetails.txt", catalog)
    row = next(m for m in pm.rows if m.row.label == "Agreements [Line Items]")
    assert row.extension and row.concept is None


def test_member_caption_matches_the_member_label_without_its_bracket(catalog, bench_rpages):
    """srt:MinimumMember's label is "Minimum [Member]"; EDGAR shows "Minimum": same label."""
    from mapper.resolve.signals import label_candidates

    got = label_candidates("Minimum", catalog, abstract=True)
    best = max(got, key=got.get)
    assert catalog.concepts[best].qname == "srt:MinimumMember" and got[best] == 1.0
    pm = map_file(bench_rpages / "gen_googl_10_Q_20250331_R055_LeasesNarrativeDetails.txt", catalog)
    rows = [m for m in pm.rows if m.row.label == "Minimum"]
    assert rows and all(m.member and m.concept.qname == "srt:RangeAxis" for m in rows)


def test_places_are_members_of_the_geographical_axis(catalog, bench_rpages):
    page = next(bench_rpages.glob("gen_nvda_10_K_20240128_R089_*.txt"))
    members = [m for m in map_file(page, catalog).rows if m.member]
    assert [m.row.label for m in members][:2] == ["United States", "Taiwan"]
    assert all(m.concept.qname == "srt:StatementGeographicalAxis" for m in members)


def test_company_named_members_on_a_segment_page_are_segments(catalog, bench_rpages):
    """On a page about segments, a member no standard member resembles ("Gamer and Creator
    Peripherals") is a segment, even where the tables allow the product axis for every line item
    below it; a place on such a page ("UNITED STATES") stays on the geographical axis."""
    page = next(bench_rpages.glob("gen_crsr_10_K_20241231_R085_*.txt"))
    rows = [m for m in map_file(page, catalog).rows
            if m.member and m.row.label in ("Gamer and Creator Peripherals", "Gaming Components and Systems")]
    assert len(rows) == 2
    assert all(m.concept.qname == "us-gaap:StatementBusinessSegmentsAxis" for m in rows)
    assert any("page title (segments)" in e.detail for e in rows[0].evidence)
    page = next(bench_rpages.glob("gen_pg_10_K_20230630_R038_*.txt"))
    places = [m for m in map_file(page, catalog).rows if m.member and m.row.label == "UNITED STATES"]
    assert places and all(m.concept.qname == "srt:StatementGeographicalAxis" for m in places)


def test_the_page_title_names_the_axis_among_a_members_axes(catalog, bench_rpages):
    """us-gaap:CommercialPaperMember sits on the investment-type axis and others; on "Fair Value of
    Financial Instruments" the title names the financial-instrument axis, which similar members
    (commercial paper not in cash equivalents, U.S. Treasury securities) sit on."""
    page = next(bench_rpages.glob("gen_hubs_10_K_20231231_R056_*.txt"))
    rows = [m for m in map_file(page, catalog).rows
            if m.member and m.row.label in ("Commercial Paper [Member]", "US Treasury Securities [Member]")]
    assert len(rows) >= 2
    assert all(m.concept.qname == "us-gaap:FinancialInstrumentAxis" for m in rows)
    assert any("page title names us-gaap:FinancialInstrumentAxis" in e.detail for e in rows[0].evidence)


def test_the_line_items_under_a_member_name_its_table_and_so_its_axis(catalog, bench_rpages):
    """"Google Services" resembles us-gaap:ServiceMember (product axis), whose revenue line items
    also allow the product axis; but the rows under it show "Segment Reporting Information [Line
    Items]", the line items of the segment table, whose axes include the segment axis."""
    page = next(bench_rpages.glob("gen_googl_10_Q_20250331_R037_*.txt"))
    rows = [m for m in map_file(page, catalog).rows if m.member and m.row.label.startswith("Google Services")]
    assert len(rows) == 6
    assert {m.concept.qname for m in rows} == {"us-gaap:StatementBusinessSegmentsAxis"}
    assert any("[Line Items] the member's rows show" in e.detail for e in rows[0].evidence)


def test_rows_of_one_member_are_judged_together(catalog, bench_rpages):
    """"Employee Stock Purchase Plan" heads a row of its own and the rows "... | Minimum" and
    "... | Maximum": one member, one axis, judged on the line items under all three rows (a range
    row alone holds a single line item, which the ESOP table also allows)."""
    page = next(bench_rpages.glob("gen_nvda_10_K_20240128_R048_*.txt"))
    rows = [m for m in map_file(page, catalog).rows
            if m.member and m.row.label.startswith("Employee Stock Purchase Plan")]
    assert len(rows) == 3
    assert {m.concept.qname for m in rows} == {"us-gaap:AwardTypeAxis"}
    assert all("under the member's rows" in e.detail for m in rows for e in m.evidence if "line items" in e.detail)


def test_a_pages_members_lean_to_the_axis_they_share(catalog, bench_rpages):
    """Tesla's statement of operations lists its revenue streams as members ("Automotive sales",
    "Automotive leasing", "Services and other" ...). Alone, "Automotive sales" leans to the
    disposal-group axis its one line item allows; the page's other members lean to the product
    axis, and the member follows them, saying so in its evidence."""
    page = next(bench_rpages.glob("gen_tsla_10_Q_20240630_R004_*.txt"))
    rows = [m for m in map_file(page, catalog).rows
            if m.member and m.row.label in ("Automotive sales", "Automotive leasing", "Automotive Revenues")]
    assert len(rows) == 3
    assert all(m.concept.qname == "srt:ProductOrServiceAxis" for m in rows)
    assert any("other members lean to srt:ProductOrServiceAxis" in e.detail for e in rows[0].evidence)


def test_notes_listed_on_the_cover_page_are_classes_of_registered_securities(catalog, bench_rpages):
    """P&G's cover page lists its exchange-traded notes ("0.500% Notes due 2024") with their 12(b)
    title and trading symbol: registered securities, on the class-of-stock axis, not the debt
    instrument axis the caption alone suggests. The exchange row stays on the exchange axis."""
    page = next(bench_rpages.glob("gen_pg_10_K_20230630_R001_*.txt"))
    rows = map_file(page, catalog).rows
    notes = [m for m in rows if m.member and "Notes due" in m.row.label]
    assert len(notes) >= 10
    assert all(m.concept.qname == "us-gaap:StatementClassOfStockAxis" for m in notes)
    assert any("registered security" in e.detail for e in notes[0].evidence)
    exchange = [m for m in rows if m.member and m.row.label.startswith("NEW YORK STOCK EXCHANGE")]
    assert exchange and all(m.concept.qname == "dei:EntityListingsExchangeAxis" for m in exchange)


def test_rows_the_parser_reads_as_members_are_members_though_a_block_matched(catalog, bench_rpages):
    """Alphabet's EPS page heads its rows with "Class A Common Stock", "Class B Common Stock" ...:
    the parser reads them as member rows (the line items under them repeat), and a matched
    definition block does not turn them into company elements: they are on the class-of-stock axis."""
    page = next(bench_rpages.glob("gen_googl_10_Q_20250331_R071_*.txt"))
    rows = [m for m in map_file(page, catalog).rows if m.row.label in ("Class A Common Stock", "Class B Common Stock")]
    assert len(rows) >= 2 and all(m.row.kind == "segment" for m in rows)
    assert all(m.member and m.concept.qname == "us-gaap:StatementClassOfStockAxis" for m in rows)


def test_a_plan_named_by_its_year_is_on_the_plan_axis(catalog, bench_rpages):
    """"2019 Equity Incentive Plan [Member]" names one plan (by the year it was adopted): the plan
    axis, not the award-type axis its stock-option line items also allow."""
    page = next(bench_rpages.glob("secxbrl_000095017022000796_R98.txt"))
    rows = [m for m in map_file(page, catalog).rows
            if m.member and m.row.label.startswith("2019 Equity Incentive Plan")]
    assert rows and all(m.concept.qname == "us-gaap:PlanNameAxis" for m in rows)
    assert any("caption's wording points to us-gaap:PlanNameAxis" in e.detail for e in rows[0].evidence)


def test_a_public_offering_is_on_the_sale_of_stock_axis(catalog, bench_rpages):
    """"Underwritten Public Offering" and "Initial Public Offering [Member]" name a sale of the
    company's own stock: the sale-of-stock axis, not the product axis an offering resembles."""
    for glob, label in (("gen_crsr_10_K_20241231_R069_*.txt", "Underwritten Public Offering"),
                        ("gen_mlacu_10_K_20251231_R020_*.txt", "Initial Public Offering [Member]")):
        page = next(bench_rpages.glob(glob))
        rows = [m for m in map_file(page, catalog).rows if m.member and m.row.label == label]
        assert rows and all(m.concept.qname == "us-gaap:SubsidiarySaleOfStockAxis" for m in rows), label
        assert any("caption's wording points to" in e.detail for e in rows[0].evidence)


def test_an_agreement_is_on_the_arrangement_axis_unless_it_is_a_credit_agreement(catalog, bench_rpages):
    """"Master Services Agreement with HCAS Technologies" and "Underwriting Agreement [Member]" name
    contracts: the type-of-arrangement axis. A credit agreement is a borrowing, never cued so."""
    for glob, label in (("gen_gahc_10_Q_20240930_R044_*.txt", "Master Services Agreement with HCAS Technologies"),
                        ("gen_mlacu_10_K_20251231_R027_*.txt", "Underwriting Agreement [Member]")):
        page = next(bench_rpages.glob(glob))
        rows = [m for m in map_file(page, catalog).rows if m.member and m.row.label == label]
        assert rows and all(m.concept.qname == "us-gaap:TypeOfArrangementAxis" for m in rows), label
    page = next(bench_rpages.glob("gen_crsr_10_K_20241231_R064_*.txt"))
    credit = [m for m in map_file(page, catalog).rows if m.member and m.row.label == "Credit Agreement"]
    assert credit and all(m.concept.qname != "us-gaap:TypeOfArrangementAxis" for m in credit)


def test_answers_do_not_depend_on_the_hash_seed(compiled_cache, bench_rpages, seed_path):
    """Two processes with different string-hash seeds give byte-identical mappings (sums and
    ties over word sets run in a fixed order)."""
    import os
    import subprocess
    import sys

    pages = [seed_path, bench_rpages / "edgartools_data_html_orcl_R2.txt",
             bench_rpages / "gen_googl_10_Q_20250331_R003_CONSOLIDATEDBALANCESHEETSParenthetical.txt"]
    code = ("import sys, json; from mapper.pipeline import map_file; from mapper.resolve.catalog import load_catalog;"
            "cat = load_catalog();"
            "print(json.dumps([[(m.concept and m.concept.qname, m.confidence, [(a.concept.qname, a.score)"
            " for a in m.alternatives]) for m in map_file(p, cat).rows] for p in sys.argv[1:]]))")
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, XBRL_MAPPER_CACHE=str(compiled_cache))
        run = subprocess.run([sys.executable, "-c", code, *map(str, pages)], env=env, capture_output=True,
                             text=True, check=True)
        outs.append(run.stdout)
    assert outs[0] == outs[1]


def test_a_current_section_is_classified(catalog, bench_rpages):
    """HubSpot's balance sheet: "Accounts payable" under "Current liabilities:" is
    AccountsPayableCurrent, though AccountsPayableCurrentAndNoncurrent carries that very label."""
    path = bench_rpages / "gen_hubs_10_K_20231231_R002_Role_StatementConsolidatedBalanceSheets.txt"
    row = next(m for m in map_file(path, catalog).rows if m.row.label == "Accounts payable")
    assert row.concept.local_name == "AccountsPayableCurrent"


def test_a_block_citing_sec_rules_no_compiled_taxonomy_carries_is_not_in_this_version(catalog, bench_rpages):
    """Tesla's insider-trading page cites Regulation S-K 408 (the executive compensation taxonomy,
    not compiled here): its rows are said to be outside the compiled taxonomies, with the closest
    concept proposed, not passed off as dei:DocumentTitle."""
    path = bench_rpages / "secsgmlc_output_R27.txt"
    rows = {m.row.label: m for m in map_file(path, catalog).rows}
    assert not rows["Title"].in_taxonomy and not rows["Title"].extension
    assert "not in this taxonomy version" in rows["Title"].note
    assert any(e.signal == "reference" and "SEC references" in e.detail for e in rows["Title"].evidence)


def test_a_heading_is_the_abstract_its_rows_are_presented_under(catalog, bench_rpages):
    """NVIDIA's inventory note: the heading "Inventories" names InventoryLineItems as well as
    InventoryNetAbstract; the rows below it (raw materials, work in process, finished goods) are
    the ones the taxonomy presents under InventoryNetAbstract."""
    path = bench_rpages / "gen_nvda_10_K_20240128_R062_BalanceSheetComponentsInventoriesDetails.txt"
    row = next(m for m in map_file(path, catalog).rows if m.row.label == "Inventories")
    assert row.concept.local_name == "InventoryNetAbstract"


def test_a_short_caption_finds_its_concept_with_its_headings_words(catalog, bench_rpages):
    """Corsair's deferred-tax note: "Intangible assets" under "Deferred tax liabilities:" is the deferred
    tax liability on intangibles, a concept the caption's own candidates do not hold."""
    path = bench_rpages / "gen_crsr_10_K_20241231_R081_Role_DisclosureIncomeTaxesComponentsOfCompanySDeferredTaxAss.txt"
    row = next(m for m in map_file(path, catalog).rows if m.row.label == "Intangible assets")
    assert row.concept.local_name == "DeferredTaxLiabilitiesGoodwillAndIntangibleAssetsIntangibleAssets"


def test_rows_sharing_fit_memos_score_as_alone(catalog, bench_rpages, monkeypatch):
    """Caption groups alike in everything RowChoice.fit reads of a row share one memo of fits
    (choices._fit_key): a sample of the bench assigns the same without the sharing. (A row feature
    that type_fit or fit starts reading must join _fit_key.)"""
    from mapper.errors import MapperError
    from mapper.resolve import assign
    from mapper.rpage import parse_file

    pages = []
    for path in sorted(bench_rpages.glob("*.txt"))[::10]:
        try:
            pages.append(parse_file(path))
        except MapperError:
            pass

    def answers():
        return [[(rc.concept, rc.score, rc.alternatives, rc.row_margin) for rc in assign.assign_page(p, catalog).rows]
                for p in pages]

    shared = answers()
    monkeypatch.setattr(assign, "share_fits", lambda rows: None)
    assert answers() == shared


def test_a_paraphrase_of_fasb_documentation_without_references_is_the_companys(catalog, bench_rpages):
    """Tesla's "Accrued purchases" block copies FASB's opening ("Carrying value as of the balance
    sheet date of obligations incurred through that date and payable for ...") and ends on
    "purchases"; it cites no reference. A near match without references is the filer's own
    element unless its rows say otherwise, not the accrued-salaries concept the wording is
    closest to."""
    rows = map_file(bench_rpages / "secsgmlc_output_R64.txt", catalog).rows
    row = next(m for m in rows if m.row.label == "Accrued purchases")
    assert row.extension and row.concept is None


def test_a_cover_page_row_no_dei_concept_of_this_release_names_is_another_releases(catalog, bench_rpages):
    """Corsair's 2024 cover page shows the auditor's name, ID and location, elements DEI added
    after the compiled 2021 release. A cover page shows dei elements, so a row that no compiled
    dei concept is named by is reported as not in this taxonomy version (not as a us-gaap concept
    that shares a word), while the rows DEI 2021 has stay as they are."""
    rows = map_file(bench_rpages / "gen_crsr_10_K_20241231_R001_Role_DocumentDocumentAndEntityInformation.txt",
                    catalog).rows
    got = {m.row.label: m for m in rows}
    for label in ("Auditor Name", "Auditor Firm ID", "Auditor Location"):
        assert not got[label].in_taxonomy and not got[label].extension
    icfr = got["ICFR Auditor Attestation Flag"]
    assert icfr.in_taxonomy and icfr.concept.qname == "dei:IcfrAuditorAttestationFlag"


def test_a_block_with_references_but_no_definition_is_an_element_not_an_abstract(catalog, bench_rpages):
    """Tesla's 2021 cover page prints the auditor's name and location blocks with their Form 10-K
    references but no definition (elements newer than the compiled DEI 2021). Such a block is not
    an abstract: the auditor rows go there and are reported as not in this taxonomy version,
    instead of taking the registrant name's and city's documented blocks. The ICFR flag, whose
    block cites the forms the same way, is DEI 2021's concept: its caption is that label."""
    rows = map_file(bench_rpages / "secxbrl_000095017022000796_R1.txt", catalog).rows
    got = {m.row.label: m for m in rows}
    for label in ("Auditor Name", "Auditor Location"):
        assert not got[label].in_taxonomy and not got[label].extension
    assert got["Entity Registrant Name"].concept.qname == "dei:EntityRegistrantName"
    icfr = got["ICFR Auditor Attestation Flag"]
    assert icfr.in_taxonomy and icfr.concept.qname == "dei:IcfrAuditorAttestationFlag"


def test_a_documented_block_left_empty_takes_a_caption_that_shares_a_block(catalog, bench_rpages):
    """Autodesk's 2019 income statement shows "Total cost of revenue" (CostOfRevenue) and, under
    each product member, "Cost of revenue": another element, CostOfGoodsAndServicesSold, whose
    documented block no other row shows. EDGAR prints a block only for an element a row shows,
    so the caption that shares CostOfRevenue's block moves to the empty one."""
    rows = map_file(bench_rpages / "edgartools_tests_fixtures_issues_regression_issue_818_adsk_2019_R2.txt",
                    catalog).rows
    got = {m.row.label: m.concept.qname for m in rows if m.concept is not None and not m.row.abstract}
    assert got["Total cost of revenue"] == "us-gaap:CostOfRevenue"
    assert got["Cost of revenue"] == "us-gaap:CostOfGoodsAndServicesSold"


def test_the_title_network_adds_candidates_common_words_leave_out(catalog, bench_rpages):
    """NVIDIA's 2024 balance sheet, saved without definitions: "Other assets" is an exact label of
    OtherAssets, which the balance-sheet network does not present; its words are too common for
    the caption word search to reach OtherAssetsNoncurrent. Among the concepts of the network the
    title names (Statement of Financial Position), the caption finds it."""
    rows = map_file(bench_rpages / "gen_nvda_10_K_20240128_R005_ConsolidatedBalanceSheets.txt", catalog).rows
    got = {m.row.label: m.concept.qname for m in rows if m.concept is not None}
    assert got["Other assets"] == "us-gaap:OtherAssetsNoncurrent"
    assert got["Total assets"] == "us-gaap:Assets"


def test_a_clear_headings_abstract_adds_the_line_items_it_presents_as_candidates(catalog, bench_rpages):
    """Corsair's lease-cost schedule, saved without definitions, opens with "Leases [Abstract]".
    "Total lease expense" shares too few rare words with LeaseCost ("Lease, Cost") for the word
    search to reach it; among the line items the taxonomy presents under the heading's abstract,
    the caption finds it."""
    page = "gen_crsr_10_K_20241231_R091_Role_DisclosureLeasesSummaryOfComponentsOfLeaseExpensesDetai.txt"
    rows = map_file(bench_rpages / page, catalog).rows
    got = {m.row.label: m.concept.qname for m in rows if m.concept is not None}
    assert got["Total lease expense"] == "us-gaap:LeaseCost"


def test_a_caption_shown_twice_in_one_context_with_other_numbers_names_two_elements(catalog, bench_rpages):
    """Alphabet's 2025 earnings-per-share note prints "Net income" under the basic numerator and
    again under the diluted one, with other numbers in the same columns for Class A: two
    elements. A roll-forward's opening and closing balance labelled alike (P&G's nonvested share
    units: the rows between add up to the change) stays one element."""
    rows = map_file(bench_rpages / "gen_googl_10_Q_20250331_R071_NetIncomePerShareDetails.txt", catalog).rows
    net = [m.concept.qname for m in rows if m.row.label == "Net income" and m.concept is not None]
    assert net[:2] == ["us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic",
                       "us-gaap:NetIncomeLossAvailableToCommonStockholdersDiluted"]
    page = "gen_pg_10_K_20230630_R063_STOCKBASEDCOMPENSATIONSCHEDULEOFNONVESTEDRSUsANDPSUsDetails.txt"
    rows = map_file(bench_rpages / page, catalog).rows
    nonvested = {m.concept.qname if m.concept else None for m in rows if m.row.label.endswith(
        "Equity Instruments Other than Options, Nonvested, Number")}
    assert len(nonvested) == 1


def test_a_textless_block_shows_the_concept_its_caption_names(catalog, bench_rpages):
    """P&G's net periodic benefit cost page, saved without definitions: "Defined Benefit Plan,
    Interest Cost" is DefinedBenefitPlanInterestCost's standard label, word for word. Its block
    carries no text, so nothing but the caption says what it shows; the concept the earlier pass
    had left there (another caption's) gives way to the one the caption names."""
    page = "gen_pg_10_K_20230630_R068_POSTRETIREMENTBENEFITSANDEMPLOYEESTOCKOWNERSHIPPLANCOMPONENT.txt"
    rows = map_file(bench_rpages / page, catalog).rows
    got = {m.concept.qname for m in rows if m.row.label == "Defined Benefit Plan, Interest Cost"}
    assert got == {"us-gaap:DefinedBenefitPlanInterestCost"}


def test_a_company_definition_that_restates_the_caption_is_the_rows_element(catalog, bench_rpages):
    """Corsair's cash flow statement, saved with the company's own definitions only: the block
    defined as "Repayment of debt and debt issuance costs" restates the row's caption, so the row
    is that company element, not us-gaap's PaymentsOfDebtIssuanceCosts that shares its words."""
    page = "gen_crsr_10_K_20241231_R008_Role_StatementConsolidatedStatementsOfCashFlows.txt"
    rows = map_file(bench_rpages / page, catalog).rows
    row = next(m for m in rows if m.row.label == "Repayment of debt and debt issuance costs")
    assert row.extension and row.concept is None


def test_a_company_definition_stating_its_data_kind_fits_rows_of_that_kind(catalog, bench_rpages):
    """Global Arena's organization note: "Ownership percentage by parent" shows 80.00%, and the
    company block "The percentage of ownership of common stock ..." says its element holds a
    percentage, as FASB's own definitions open on their data kind. The row is that company
    element, not us-gaap's MinorityInterestOwnershipPercentageByParent sitting in a textless block;
    the evidence says why."""
    page = "gen_gahc_10_Q_20240930_R025_ORGANIZATIONDetailTextuals.txt"
    rows = map_file(bench_rpages / page, catalog).rows
    got = [m for m in rows if m.row.label == "Ownership percentage by parent"]
    assert got and all(m.extension and m.concept is None for m in got)
    kinds = [e for e in got[0].evidence if e.signal == "datatype"]
    assert kinds and kinds[0].score > 0 and "percent" in kinds[0].detail


def test_percentages_are_not_a_total_of_the_rows_above_within_a_whole_unit(catalog, bench_rpages):
    """Tesla's tax-rate reconciliation: 21.00% - 6.70% - 6.20% is 8.10%, so the 7.50% "Changes in
    valuation allowances" below them is not their total (the effective tax rate); checked to the
    hundredth the numbers show, it is the valuation-allowance item of the percent reconciliation."""
    rows = map_file(bench_rpages / "secsgmlc_output_R84.txt", catalog).rows
    got = {m.concept.qname for m in rows if m.row.label == "Changes in valuation allowances"
           and m.row.values and m.row.values[0].raw.endswith("%")}
    assert got == {"us-gaap:EffectiveIncomeTaxRateReconciliationChangeInDeferredTaxAssetsValuationAllowance"}


def test_a_negative_percentage_reads_as_a_percentage(catalog, bench_rpages):
    """Tesla's tax-rate reconciliation shows negative percentages in parentheses ("(3.30%)"),
    which were read as bare numbers. Read as percentages, the page's percent rows go to percent
    concepts: the 6.80% "Stock-based compensation" row under China is the nondeductible
    share-based compensation element its block documents."""
    rows = map_file(bench_rpages / "secsgmlc_output_R84.txt", catalog).rows
    got = {m.concept.qname for m in rows if m.row.label == "Stock-based compensation"
           and [v.raw for v in m.row.values] == ["6.80%"]}
    assert got == {"us-gaap:EffectiveIncomeTaxRateReconciliationNondeductibleExpenseShareBasedCompensationCost"}


def test_textless_blocks_show_their_concepts_in_element_id_order(catalog, bench_rpages):
    """Groove Botanicals' statement of equity, saved without definitions: its four blocks carry no
    text, so nothing tells which row each shows; EDGAR sorts blocks by element id, so the rows'
    block numbers follow their concepts' ids (Dividends, NetIncomeLoss, Shares..., StockholdersEquity)."""
    page = next(bench_rpages.glob("gen_grve_10_Q_20251231_R005_*.txt"))
    rows = map_file(page, catalog).rows
    shown = {}
    for m in rows:
        if m.block_index is not None and m.concept is not None:
            shown[m.block_index] = m.concept.local_name
    ids = [f"us-gaap_{shown[k]}" for k in sorted(shown)]
    assert len(ids) == 4 and ids == sorted(ids)
