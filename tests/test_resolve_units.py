"""Resolver building blocks on small hand-made catalogs (edge cases the real data may not show)."""
from __future__ import annotations

from decimal import Decimal

from mapper.resolve.assign import EXT
from mapper.resolve.open_blocks import _order_groups
from mapper.resolve.order import ordered_pick
from mapper.resolve.calc import calc_checks, sums_hold
from mapper.resolve.catalog import build_catalog
from mapper.resolve.signals import caption_text, definition_kind, kind_fit
from mapper.resolve.signals.labels import label_score
from mapper.resolve.text import bracket_kind, name_tokens, norm, tokens
from mapper.rpage.model import Row, Value
from mapper.taxonomy.model import Concept, Label, Relationship, TaxonomyInfo

NS = "http://fasb.org/us-gaap/2024"
STD = "http://www.xbrl.org/2003/role/label"


class FakeIndex:
    def __init__(self, concepts, rels=()):
        self._c, self._r = list(concepts), list(rels)
        self.info = TaxonomyInfo("us-gaap-2024", "us-gaap", "2024", (NS,), "ep", "src", "sum", "now")

    def concepts(self):
        return self._c

    def relationships(self, kind=None, arcrole=None):
        return self._r


def concept(name, label=None, doc=None, dtype="xbrli:monetaryItemType", abstract=False):
    labels = (Label(STD, "en-US", label),) if label else ()
    return Concept("us-gaap", name, NS, data_type=dtype, abstract=abstract, labels=labels, documentation=doc)


def catalog():
    cs = [concept("DeferredTaxAssetsGross", "Deferred Tax Assets, Gross", "Amount before allocation."),
          concept("DeferredTaxAssetsOther", None, "Other deferred tax asset."),
          concept("DeferredTaxAssetsOperatingLossCarryforwards"),
          concept("Revenues", "Revenues"),
          concept("RevenuesAbstract", "Revenues [Abstract]", dtype="xbrli:stringItemType", abstract=True)]
    rels = [Relationship("calculation", "https://xbrl.org/2023/arcrole/summation-item",
                         "us-gaap:DeferredTaxAssetsGross", "us-gaap:DeferredTaxAssetsOther", "r", 1.0, 1.0),
            Relationship("calculation", "https://xbrl.org/2023/arcrole/summation-item",
                         "us-gaap:DeferredTaxAssetsGross", "us-gaap:DeferredTaxAssetsOperatingLossCarryforwards",
                         "r", 2.0, 1.0)]
    return build_catalog([FakeIndex(cs, rels)])


def test_text_normalisation():
    assert norm("Deferred Tax Assets, Gross") == "deferred tax assets gross"
    assert name_tokens("DeferredTaxAssetsGross") == ("deferred", "tax", "asset", "gross")
    assert tokens("Total revenues") == ("revenue",)          # "total" names no concept
    assert caption_text("Total revenues") == "revenues"
    assert caption_text("Revenues [Abstract]") == "Revenues"
    assert bracket_kind("Segments [Axis]") == "axis"
    assert bracket_kind("Plain caption") is None


def test_a_roll_forward_rows_balance_words_are_not_its_caption():
    """"Beginning balance" / "Ending Balance" before or after what a roll-forward row is of are
    the period start/end label's words, not the concept's; alone they stay (names nothing else)."""
    assert caption_text("Beginning balance, common stock") == "common stock"
    assert caption_text("Outstanding Stock Options, Beginning balance") == "Outstanding Stock Options"
    assert caption_text("Restructuring Reserve Ending Balance") == "Restructuring Reserve"
    assert caption_text("Cash at end of period") == "Cash"
    assert caption_text("Beginning balance") == "Beginning balance"


def test_phrase_patterns_run_only_where_they_can_match():
    from mapper.resolve.text import _PHRASES, canonical, required_text
    assert required_text("long term") == "long term"
    assert required_text("carry forwards?") == "carry forward"      # the optional "s" is not required
    assert required_text("(net )?(income|loss) per (common )?share") == " per "
    assert required_text("x|y") == "" and required_text(r"a\b") == ""  # not simple: always run
    samples = ["long-term debt, net of current portion", "shareholders' equity", "net loss per common share",
               "write-downs of inventory", "provision for income taxes", "deferred revenues, current",
               "current maturities of long-term debt", "net operating loss carry forwards", "stock based comp"]
    for text in map(norm, samples):
        plain = text
        for rx, rep, _needed in _PHRASES:
            plain = rx.sub(rep, plain)
        assert canonical(text) == plain


def test_label_score_prefers_the_named_concept():
    cat = catalog()
    olc = cat.concepts[cat.get("us-gaap:DeferredTaxAssetsOperatingLossCarryforwards")]
    rev = cat.concepts[cat.get("us-gaap:Revenues")]
    assert label_score("Total revenues", rev, cat) == 1.0
    assert label_score("Operating loss carryforwards", olc, cat) > label_score("Operating loss carryforwards", rev, cat)


def test_ordered_pick_respects_element_id_order():
    cat = catalog()
    gross, other = cat.get("us-gaap:DeferredTaxAssetsGross"), cat.get("us-gaap:DeferredTaxAssetsOther")
    # Gross cannot follow Other in EDGAR's order: a weaker in-order option wins
    assert ordered_pick(cat, [{other: 0.9}, {gross: 0.3, EXT: 0.1}]) == [other, EXT]
    # ... but strong evidence may break the order (real pages sometimes do)
    assert ordered_pick(cat, [{other: 0.9}, {gross: 0.9, EXT: 0.1}]) == [other, gross]
    # one block per element
    assert ordered_pick(cat, [{gross: 0.9}, {gross: 0.9, other: 0.2}]) == [gross, other]
    picks = ordered_pick(cat, [{gross: 1.0}, {other: 1.0}])
    assert picks == [gross, other]


def test_groups_in_blocks_alike_are_placed_in_element_id_order():
    cat = catalog()
    gross, other = cat.get("us-gaap:DeferredTaxAssetsGross"), cat.get("us-gaap:DeferredTaxAssetsOther")
    first_choice = {0: gross, 1: other}            # caption group -> the concept it shows
    # two blocks whose evidence is alike: a group scores the same in either
    options = lambda block, g: {} if g is None else {first_choice[g]: 0.8, EXT: 0.1}  # noqa: E731
    # the assignment put the groups against EDGAR's order (Other's block before Gross's)
    assert _order_groups([0, 1], {0: 1, 1: 0}, options, cat, "", "\U0010ffff") == {0: 0, 1: 1}
    # in order already: kept
    assert _order_groups([0, 1], {0: 0, 1: 1}, options, cat, "", "\U0010ffff") == {0: 0, 1: 1}
    # blocks that do tell the groups apart keep the assignment's placement
    told = lambda block, g: {} if g is None else {first_choice[g]: 0.9 if block != g else 0.1}  # noqa: E731
    assert _order_groups([0, 1], {0: 1, 1: 0}, told, cat, "", "\U0010ffff") == {0: 1, 1: 0}


def test_extension_blocks_form_one_run():
    cat = catalog()
    gross, other = cat.get("us-gaap:DeferredTaxAssetsGross"), cat.get("us-gaap:DeferredTaxAssetsOther")
    picks = ordered_pick(cat, [{EXT: 0.6}, {gross: 0.6}, {EXT: 0.5, other: 0.45}])
    assert picks == [EXT, gross, other]


def _row(i, label, *nums):
    return Row(index=i, label=label, values=tuple(Value(str(n), Decimal(n), "monetary") for n in nums))


def test_calculation_check_on_values():
    cat = catalog()
    rows = [_row(0, "Operating loss", 10, 20), _row(1, "Other", 5, 5), _row(2, "Total", 15, 25)]
    ids = [cat.get("us-gaap:DeferredTaxAssetsOperatingLossCarryforwards"), cat.get("us-gaap:DeferredTaxAssetsOther"),
           cat.get("us-gaap:DeferredTaxAssetsGross")]
    (check,) = calc_checks(rows, ids, cat)
    assert check.ok and check.columns_checked == 2
    bad = rows[:2] + [_row(2, "Total", 15, 99)]
    (check,) = calc_checks(bad, ids, cat)
    assert not check.ok and check.columns_agreeing == 1


def test_maturity_schedule_positions():
    from mapper.resolve.signals.schedules import AFTER_LAST, concept_position, schedule_positions

    caps = ["Operating leases", "2022", "2023", "2024", "2025", "2026", "Thereafter", "Total"]
    pos = schedule_positions(caps)
    assert pos == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: AFTER_LAST + 5}
    # a quarter's schedule starts with the rest of the fiscal year
    assert schedule_positions(["2025 (remaining nine months)", "2026", "Thereafter"]) == {0: 0, 1: 1, 2: AFTER_LAST + 1}
    assert schedule_positions(["Revenues", "2023"]) == {}          # one year is not a schedule
    # EDGAR prefixes the schedule's caption when a page holds several; a date is not a year row
    assert schedule_positions(["Finance Leases, 2022", "Finance Leases, 2023", "Finance Leases, Thereafter",
                               "Notes due on March 1, 2025"]) == {0: 1, 1: 2, 2: AFTER_LAST + 2}
    assert concept_position("LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths") == 1
    assert concept_position("LesseeOperatingLeaseLiabilityPaymentsDueYearThree") == 3
    assert concept_position("LesseeOperatingLeaseLiabilityPaymentsRemainderOfFiscalYear") == 0
    assert concept_position("FiniteLivedIntangibleAssetsAmortizationExpenseAfterYearFive") == AFTER_LAST + 5
    assert concept_position("PurchaseObligationDueInSecondYear") == 2
    assert concept_position("OperatingLeasesFutureMinimumPaymentsDueThereafter") == AFTER_LAST
    assert concept_position("Revenues") is None


def test_opposite_words_count_against_a_concept():
    inc = concept("UnrecognizedTaxBenefitsIncreasesResultingFromPriorPeriodTaxPositions")
    dec = concept("UnrecognizedTaxBenefitsDecreasesResultingFromPriorPeriodTaxPositions")
    cat = build_catalog([FakeIndex([inc, dec])])
    cap = "Increases in balances related to prior year tax positions"
    a, b = (label_score(cap, cat.concepts[cat.get(q)], cat) for q in (
        "us-gaap:UnrecognizedTaxBenefitsIncreasesResultingFromPriorPeriodTaxPositions",
        "us-gaap:UnrecognizedTaxBenefitsDecreasesResultingFromPriorPeriodTaxPositions"))
    assert a - b >= 0.2
    assert caption_text("Less than 12 Months, Unrealized Loss").startswith("Less than")
    assert caption_text("Less: Interest") == "Interest"


def test_unrelated_captions_score_nothing_from_character_overlap():
    nci = concept("NetIncomeLossAttributableToNoncontrollingInterest",
                  label="Net Income (Loss) Attributable to Noncontrolling Interest")
    cat = build_catalog([FakeIndex([nci])])
    assert label_score("Automotive leasing", cat.concepts[0], cat) < 0.1
    assert label_score("Net income attributable to noncontrolling interests", cat.concepts[0], cat) > 0.8


def test_balance_dates_are_not_part_of_the_caption():
    from mapper.resolve.signals import is_balance_caption, without_date

    assert without_date("Balance at Dec. 31, 2020") == "Balance"
    assert without_date("Balance, amount at Dec. 31, 2020") == "Balance"
    assert without_date("Balance as of December 31, 2024") == "Balance"
    assert without_date("Notes due on March 1, 2025") == "Notes due on March 1, 2025"
    assert is_balance_caption("Balance as of March 31, 2025")
    assert not is_balance_caption("Revenues")


def test_captions_spell_accounting_synonyms_as_element_names_do():
    pairs = [("Ordinary shares, par value", "Common stock, par value"),
             ("Total shareholders’ deficit", "Total stockholders' equity"),
             ("Purchases of property and equipment", "Payments to acquire property, plant and equipment"),
             ("Capital expenditures", "Payments to acquire property, plant and equipment"),
             ("Changes in inventories", "Increase (decrease) in inventories"),
             ("Accrued expenses", "Accrued liabilities"),
             ("Net sales", "Revenue"),
             ("Cash flows from investing activities:", "Net cash provided by (used in) investing activities")]
    for caption, name in pairs:
        assert tokens(caption) == tokens(name), (caption, tokens(caption), tokens(name))


def test_catalog_caches_go_with_their_catalog():
    # caches are keyed by identity: once a catalog is collected, nothing of it may be found
    # under its address (a later catalog can be built there; tests build many small ones)
    import gc
    from mapper.resolve import memo

    nci = concept("NetIncomeLossAttributableToNoncontrollingInterest",
                  label="Net Income (Loss) Attributable to Noncontrolling Interest")
    cat = build_catalog([FakeIndex([nci])])
    assert label_score("Net income attributable to noncontrolling interests", cat.concepts[0], cat) > 0.8
    key = id(cat)
    assert key in memo._DERIVED
    del cat
    gc.collect()
    assert key not in memo._DERIVED


def test_catalogs_alive_together_keep_separate_scores():
    a = build_catalog([FakeIndex([concept("AutomotiveLeasingRevenue", label="Automotive leasing")])])
    b = build_catalog([FakeIndex([concept("InterestExpense", label="Interest expense")])])
    assert label_score("Automotive leasing", a.concepts[0], a) == 1.0
    assert label_score("Automotive leasing", b.concepts[0], b) < 0.1
    assert label_score("Interest expense", b.concepts[0], b) == 1.0


def test_a_word_the_name_excludes_does_not_name_the_concept():
    from mapper.resolve.text import excluded_name_words

    assert excluded_name_words("IntangibleAssetsNetExcludingGoodwill") == {"goodwill"}
    assert excluded_name_words("AccrualForTaxesOtherThanIncomeTaxesCurrent") == {"income"}
    assert excluded_name_words("AccumulatedOtherThanTemporaryImpairmentMember") == set()   # a term
    assert excluded_name_words("Goodwill") == set()
    intangible = concept("IntangibleAssetsNetExcludingGoodwill", label="Intangible Assets, Net (Excluding Goodwill)")
    goodwill = concept("Goodwill", label="Goodwill")
    cat = build_catalog([FakeIndex([intangible, goodwill])])
    by = {c.local_name: c for c in cat.concepts}
    assert label_score("Goodwill", by["IntangibleAssetsNetExcludingGoodwill"], cat) < 0.2
    assert label_score("Goodwill", by["Goodwill"], cat) == 1.0
    # a caption that says "excluding" itself reads the whole name
    assert label_score("Intangible assets, excluding goodwill", by["IntangibleAssetsNetExcludingGoodwill"], cat) > 0.7


def test_caption_groups_keep_the_case_of_the_label():
    """Two labels differing only in case are two elements' labels; the date EDGAR appends to a
    balance caption is not part of the label."""
    from mapper.resolve.assign import RowChoice
    from mapper.resolve.grouping import group_rows

    def row(label):
        return Row(index=0, label=label, values=(Value(raw="$ 1", number=Decimal(1), kind="monetary"),))

    rows = [RowChoice(row(x)) for x in ("Cash and cash equivalents", "Cash and Cash Equivalents",
                                        "Cash and Cash Equivalents", "Balance at Dec. 31, 2022",
                                        "Balance at Dec. 31, 2023")]
    assert group_rows(rows) == [[0], [1, 2], [3, 4]]


def test_catalog_pickles_of_another_version_stay_until_idle(tmp_path):
    """Two checkouts sharing a cache keep each other's catalog pickle (no rebuild ping-pong);
    a stale pickle of this format, or another version's unused for a week, is removed."""
    import os
    import time

    from mapper.resolve import catalog as catmod

    now = time.time()
    mine = tmp_path / f"{catmod._PICKLE_PREFIX}aaaa.pickle"
    stale = tmp_path / f"{catmod._PICKLE_PREFIX}bbbb.pickle"
    other = tmp_path / ".catalog-v1-cccc.pickle"
    idle = tmp_path / ".catalog-v2-dddd.pickle"
    unrelated = tmp_path / "us-gaap-2024.sqlite"
    for p in (mine, stale, other, idle, unrelated):
        p.write_bytes(b"x")
    week = catmod.PICKLE_IDLE_DAYS * 86400
    os.utime(idle, (now - week - 60, now - week - 60))
    gone = catmod._prune_catalog_pickles(tmp_path, mine, now=now)
    assert sorted(p.name for p in gone) == sorted([stale.name, idle.name])
    assert mine.exists() and other.exists() and unrelated.exists()


def test_bare_balance_captions_name_nothing_themselves():
    from mapper.resolve.signals import bare_balance_caption, title_topic

    for label in ("Balance at Dec. 31, 2022", "Beginning balance", "Ending Balance at Jun. 30, 2024",
                  "Balance, amount at Mar. 31, 2024"):
        assert bare_balance_caption(label), label
    for label in ("Cash at end of year", "Ending balance of goodwill", "Balance of unrecognized tax benefits",
                  "Net income"):
        assert not bare_balance_caption(label), label
    assert title_topic("Unaudited Condensed Consolidated Statements of Stockholders' Equity - USD ($)") == \
        ("stockholder", "equity")


def test_net_loss_is_the_bottom_line_unless_it_is_a_loss_on_something():
    from mapper.resolve.text import canonical

    assert canonical("net loss") == "net income loss"
    assert canonical("net loss attributable to parent") == "net income loss attributable to parent"
    for text in ("net loss on extinguishment of debt", "net operating loss carryforwards",
                 "net loss and comprehensive loss", "net unrealized loss"):
        assert canonical(text) == text


def test_flow_direction_from_documentation_or_name():
    from mapper.resolve.signals.values import flow_direction

    assert flow_direction("StandardProductWarrantyAccrualWarrantiesIssued",
                          "Amount of increase in the standard product warranty accrual from warranties issued.") == 1
    assert flow_direction("StandardProductWarrantyAccrualPayments",
                          "Amount of decrease in the standard product warranty accrual from payments.") == -1
    assert flow_direction("X", "The cash inflow from the issuance of common stock.") == 1
    assert flow_direction("X", "The cash outflow to acquire property.") == -1
    assert flow_direction("PaymentsToAcquirePropertyPlantAndEquipment", None) == -1
    assert flow_direction("ProceedsFromIssuanceOfCommonStock", None) == 1
    # net amounts have no direction
    assert flow_direction("X", "Amount of increase (decrease) in the accrual.") == 0
    assert flow_direction("ProceedsFromRepaymentsOfShortTermDebt", None) == 0
    assert flow_direction("IncreaseDecreaseInAccountsPayable", None) == 0
    assert flow_direction("Proceeds", None) == 0


def test_a_names_no_negates_it():
    no_par = concept("CommonStockNoParValue", label="Common Stock, No Par Value")
    par = concept("CommonStockParOrStatedValuePerShare", label="Common Stock, Par or Stated Value Per Share")
    cat = build_catalog([FakeIndex([no_par, par])])
    by = {c.local_name: c for c in cat.concepts}
    caption = "Common stock, par value (in dollars per share)"
    assert label_score(caption, by["CommonStockParOrStatedValuePerShare"], cat) > \
        label_score(caption, by["CommonStockNoParValue"], cat)
    assert label_score("Common stock, no par value", by["CommonStockNoParValue"], cat) == 1.0


def test_discontinued_operations_must_be_said():
    disc = concept("IncomeLossFromDiscontinuedOperationsNetOfTax",
                   label="Income (Loss) from Discontinued Operation, after Income Tax")
    whole = concept("CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsIncludingDisposalGroupAndDiscontinuedOperations",
                    label="Cash, Cash Equivalents, Restricted Cash and Restricted Cash Equivalents, Including Disposal Group and Discontinued Operations")
    cat = build_catalog([FakeIndex([disc, whole])])
    by = {c.local_name: c for c in cat.concepts}
    plain = label_score("Income after income tax", by["IncomeLossFromDiscontinuedOperationsNetOfTax"], cat)
    # under a heading that says it, the same caption is the discontinued operations' income
    under = label_score("Income after income tax", by["IncomeLossFromDiscontinuedOperationsNetOfTax"], cat,
                        ("discontinued",))
    assert under - plain >= 0.15
    from mapper.resolve.signals.labels import _marks
    assert _marks(whole.local_name) == {"restricted"}   # "Including ... Discontinued" is the whole
    assert _marks("RestrictedCashEquivalentsCurrent") == {"restricted"}


def test_names_that_end_on_a_loss():
    from mapper.resolve.signals.values import _LOSS_NAME

    for name in ("DebtSecuritiesAvailableForSaleUnrealizedLossPositionAccumulatedLoss",
                 "SalesTypeLeaseNetInvestmentInLeaseAllowanceForCreditLoss", "ImpairmentLosses"):
        assert _LOSS_NAME.search(name), name
    for name in ("NetIncomeLoss", "ProfitLoss", "DerivativeGainLossOnDerivativeNet", "ForeignCurrencyTransactionGainLoss",
                 "SalesTypeLeaseNetInvestmentInLeaseAfterAllowanceForCreditLoss", "DebtSecuritiesAvailableForSaleUnrealizedLossPosition"):
        assert not _LOSS_NAME.search(name), name


def test_a_class_of_stocks_terms_are_not_its_name():
    from mapper.resolve.signals import caption_text

    assert caption_text("Common stock; $0.001 par value; 6,000 shares authorized; 3,194 and 3,185 shares issued "
                        "and outstanding as of June 30, 2024 and December 31, 2023, respectively") == "Common stock value"
    assert caption_text("Preference shares, $0.0001 par value; 5,000,000 shares authorized; 0 shares issued") == \
        "Preference shares value"
    # the parenthetical page's per-share fact keeps its words
    assert caption_text("Common stock, par value (in dollars per share)") == "Common stock, par value"
    assert caption_text("Class A ordinary shares subject to possible redemption, 23,000,000 shares at "
                        "redemption value") .startswith("Class A ordinary shares subject to possible redemption")


def test_cover_page_titles():
    from mapper.resolve.statements import is_cover_page
    assert is_cover_page("Cover - USD ($) $ in Billions")
    assert is_cover_page("Document and Entity Information - USD ($)")
    assert not is_cover_page("Commitments and Contingencies - Coverage of Insurance Policies (Details)")
    assert not is_cover_page("Consolidated Balance Sheets - USD ($)")


def _rc(label, numbers=(), kind="fact"):
    from mapper.resolve.assign import RowChoice
    values = tuple(Value(raw=str(n), number=Decimal(n)) for n in numbers)
    return RowChoice(Row(index=0, label=label, values=values, kind=kind))


def test_a_caption_repeated_in_one_context_splits_only_on_other_numbers_that_do_not_roll():
    """Two showings of one caption between the same member rows: other numbers in the same
    columns make two elements; equal numbers, other widths, or an opening and closing balance
    whose rows between add up to the change stay one."""
    from mapper.resolve.grouping import split_repeats
    twice = [_rc("Net income", [10, 20]), _rc("Shares", [1, 2]), _rc("Net income", [11, 20])]
    assert split_repeats([[0, 2], [1]], twice) == [[0], [2], [1]]
    same = [_rc("Net income", [10, 20]), _rc("Shares", [1, 2]), _rc("Net income", [10, 20])]
    assert split_repeats([[0, 2], [1]], same) == [[0, 2], [1]]
    widths = [_rc("Net income", [10, 20]), _rc("Net income", [11])]
    assert split_repeats([[0, 1]], widths) == [[0, 1]]
    rolls = [_rc("Nonvested", [100]), _rc("Granted", [30]), _rc("Vested", [-20]), _rc("Nonvested", [110])]
    assert split_repeats([[0, 3], [1], [2]], rolls) == [[0, 3], [1], [2]]
    # another dimension member's rows are another context: the same caption may differ there
    members = [_rc("Net income", [10]), _rc("Class A [Member]", kind="segment"), _rc("Net income", [4])]
    assert split_repeats([[0, 2]], members) == [[0, 2]]
    # two contexts, each showing the caption twice: the first showings are one element, the second another
    both = [_rc("Net income", [10]), _rc("Net income", [12]), _rc("Class A [Member]", kind="segment"),
            _rc("Net income", [4]), _rc("Net income", [5])]
    assert split_repeats([[0, 1, 3, 4]], both) == [[0, 3], [1, 4]]


def test_an_empty_documented_block_takes_the_sharer_that_loses_least():
    """Groups 0 and 1 share block 0 (the assignment matched group 0 to it); documented block 1 is
    empty: group 1 moves there when it loses under SHARED_MOVE, not when it loses more, and a
    matched group never moves."""
    from types import SimpleNamespace

    import numpy as np

    from mapper.resolve.rows_to_blocks import SHARED_MOVE, _fill_empty_blocks
    blocks = [SimpleNamespace(chosen=5, has_text=True), SimpleNamespace(chosen=7, has_text=True)]
    m = np.array([[1.0, 0.1], [1.0, 1.0 - SHARED_MOVE / 2]])
    choice = [0, 0]
    _fill_empty_blocks(blocks, m, choice, matched={0})
    assert choice == [0, 1]
    m = np.array([[1.0, 0.1], [1.0, 1.0 - SHARED_MOVE * 2]])
    choice = [0, 0]
    _fill_empty_blocks(blocks, m, choice, matched={0})
    assert choice == [0, 0]
    textless = [blocks[0], SimpleNamespace(chosen=7, has_text=False)]
    choice = [0, 0]
    _fill_empty_blocks(textless, np.array([[1.0, 0.1], [1.0, 0.9]]), choice, matched={0})
    assert choice == [0, 0]


def test_a_company_definition_says_its_data_kind_in_fasbs_opening_words():
    assert definition_kind("Amount of cash paid for the acquisition of a subsidiary.") == "monetary"
    assert definition_kind("The aggregate amount of notes issued.") == "monetary"
    assert definition_kind("Number of common shares and warrants issued.") == "shares"
    assert definition_kind("Weighted average number of options exercisable.") == "shares"
    assert definition_kind("The percentage of ownership of common stock.") == "percent"
    assert definition_kind("Date the agreement was terminated, in CCYY-MM-DD format.") == "date"
    assert definition_kind("Description of the terms of the merger.") == "text"
    assert definition_kind("The entire disclosure for leases.") == "textblock"
    # an amount per share is not money in the balance sheet's sense; other openings say nothing
    assert definition_kind("Amount paid per share to the sponsor.") is None
    assert definition_kind("Long term debt and finance leases current.") is None
    assert definition_kind("Represents exercise period for warrants.") is None


def test_a_rows_values_fit_a_stated_data_kind_as_a_concepts_data_type():
    assert kind_fit("percent", "percent") > 0
    assert kind_fit("monetary", "percent") < 0
    assert kind_fit("shares", "monetary") < 0
    assert kind_fit("monetary", "date") < 0
    assert kind_fit(None, "monetary") == 0.0


def test_an_amount_written_with_a_currency_code_is_money():
    from mapper.resolve.signals.values import value_hint

    assert value_hint("CHF 50,000") == "monetary"
    assert value_hint("EUR (1,250.5)") == "monetary"
    assert value_hint("$ 1,250") == "monetary"
    assert value_hint("Suite 301") == "text"
    assert value_hint("2 years 3 months") == "duration"


def test_a_negative_percentage_in_parentheses_is_a_percentage():
    from mapper.resolve.signals.values import value_hint

    assert value_hint("(6.70%)") == "percent" and value_hint("21.00%") == "percent"
    assert value_hint("Equity method investee (50%)") == "text"
    assert value_hint("ASC 842") == "text" and value_hint("CHF 2.50") == value_hint("$ 2.50") == "per_share"


def test_sums_of_numbers_shown_with_decimals_are_checked_to_their_last_digit():
    D = Decimal
    # 21.00% - 6.70% - 6.20% is 8.10%, not the 7.50% below them (one unit of slack would say it is)
    assert not sums_hold([D("7.50")], [([D("21.00")], 1.0), ([D("-6.70")], 1.0), ([D("-6.20")], 1.0)])
    assert sums_hold([D("8.10")], [([D("21.00")], 1.0), ([D("-6.70")], 1.0), ([D("-6.20")], 1.0)])
    # rounded terms may miss their rounded total by half a digit each
    assert sums_hold([D("10.0")], [([D("3.3")], 1.0), ([D("3.3")], 1.0), ([D("3.3")], 1.0)])
    assert not sums_hold([D("0.50")], [([D("1.25")], 1.0)])
    # whole numbers (and scaled amounts) keep one unit of slack
    assert sums_hold([D("1001")], [([D("500")], 1.0), ([D("500")], 1.0)])
    assert not sums_hold([D("1003")], [([D("500")], 1.0), ([D("500")], 1.0)])
