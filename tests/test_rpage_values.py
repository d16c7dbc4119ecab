"""Cell values, scaling lines and column headers."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from mapper.rpage.periods import build_columns, group_period, split_header
from mapper.rpage.values import (Scaling, UnitContext, is_garbled_number, parse_scaling,
                                 parse_value, shape_of, title_units)

MILLIONS = parse_scaling("shares in Thousands, $ in Millions")
USD = UnitContext(page_units=("USD ($)",))


@pytest.mark.parametrize("raw,number,kind,negative", [
    ("$ 9,387,426", Decimal("9387426000000"), "monetary", False),
    ("(11,239,252)", Decimal("-11239252000000"), "monetary", True),
    ("$ (0.98)", Decimal("-0.98"), "per_share", True),
    ("37.00%", Decimal("37.00"), "percent", False),
    ("(6.70%)", Decimal("-6.70"), "percent", True),
])
def test_numbers_scaled_by_kind(raw, number, kind, negative):
    ctx = UnitContext(page_units=("USD ($)",),
                      label="Net loss per share (in dollars per share)" if "0.98" in raw else "")
    v = parse_value(raw, MILLIONS, ctx)
    assert (v.number, v.kind, v.negative) == (number, kind, negative)


def test_shares_use_the_shares_factor_and_per_share_is_never_scaled():
    shares = parse_value("2,000", MILLIONS, UnitContext(page_units=("USD ($)",), row_unit="shares"))
    assert shares.number == Decimal("2000000") and shares.kind == "shares" and shares.scale == 3
    eps = parse_value("$ 1.65", MILLIONS, UnitContext(page_units=("USD ($)",), row_unit="$ / shares"))
    assert eps.number == Decimal("1.65") and eps.kind == "per_share" and eps.scale == 0


@pytest.mark.parametrize("raw,kind", [
    ("2 years 8 months", "duration"), ("Mar. 29, 2025", "date"), ("true", "boolean"),
    ("false", "boolean"), ("Yes", "boolean"), ("No", "boolean"), ("--12-31", "date"),
    ("Corsair Gaming, Inc.", "text"),
])
def test_non_numeric_kinds(raw, kind):
    v = parse_value(raw, MILLIONS, USD)
    assert v.kind == kind and v.number is None


def test_scaling_line_styles():
    assert parse_scaling("$ in Millions").for_money("USD") == 6
    s = parse_scaling("shares in Thousands, $ in Millions")
    assert (s.for_shares(), s.for_money("USD")) == (3, 6)
    old = parse_scaling("In Millions, unless otherwise specified")
    assert (old.for_money(None), old.for_shares()) == (6, 6)
    exc = parse_scaling("In Thousands, except Share data")
    assert (exc.for_money(None), exc.for_shares()) == (3, 0)
    exc2 = parse_scaling("In Millions, except Share data in Thousands, unless otherwise specified")
    assert (exc2.for_money(None), exc2.for_shares()) == (6, 3)
    assert parse_scaling("Cash and cash equivalents") is None
    assert parse_scaling("$ / shares in Units, $ in Millions").for_money("USD") == 6


def test_title_units_both_renderers():
    assert title_units("Cover - USD ($)") == ("USD ($)",)
    assert title_units("X - USD ($) $ / shares") == ("USD ($)", "$ / shares")
    assert title_units("CONSOLIDATED STATEMENTS OF INCOME (USD $)") == ("USD ($)",)
    assert title_units("Debt (Tables)") == ()


def test_columns_groups_and_periods():
    cols = build_columns(["12 Months Ended"], ["Dec. 31, 2023", "Dec. 31, 2022"])
    assert cols[0].period.kind == "duration" and cols[0].period.months == 12
    assert cols[0].period.start == date(2023, 1, 1)
    bare = build_columns([], ["Dec. 31, 2023"])
    assert bare[0].period.kind == "instant" and bare[0].period.end == date(2023, 12, 31)
    d, extra = split_header("Mar. 29, 2025 USD ($) Vendor")
    assert d == date(2025, 3, 29) and extra == "USD ($) Vendor"
    words = build_columns([], ["Total", "Common Stock"])
    assert [c.period for c in words] == [None, None]
    # cover page: the group covers the first run of dates, later dates are instants
    cover = build_columns(["12 Months Ended"], ["Dec. 31, 2025", "Jan. 23, 2026", "Jun. 30, 2025"])
    assert [c.period.kind for c in cover] == ["duration", "instant", "instant"]
    assert group_period("3 Months Ended", date(2024, 6, 30)).start == date(2024, 4, 1)


def test_garbled_numbers_are_recognised():
    assert is_garbled_number("1,23") and is_garbled_number("(1,234") and is_garbled_number("$ 1..5")
    for ok in ("1,234", "(12)", "001-34756", "2014 2015 2016", "$ 0.001", "--12-31"):
        assert not is_garbled_number(ok), ok


@given(st.integers(min_value=0, max_value=10**15), st.booleans(),
       st.sampled_from([0, 3, 6, 9]), st.booleans())
def test_round_trip_formatted_money(n, negative, scale, dollar):
    """A number rendered as EDGAR shows it parses back to its value times the scale."""
    body = f"{n:,}"
    raw = f"({body})" if negative else body
    if dollar:
        raw = f"$ {raw}"
    scaling = Scaling(factors=(("USD", scale),))
    v = parse_value(raw, scaling, USD)
    assert v.number == (-n if negative else n) * Decimal(10) ** scale
    assert v.negative == negative and v.kind == "monetary"


@given(st.text(max_size=40))
def test_value_parser_never_raises(raw):
    v = parse_value(raw, MILLIONS, USD)
    assert v.raw == raw
    assert shape_of(raw) in ("number", "money", "percent", "date", "boolean", "duration",
                             "monthday", "uri", "text")


def test_units_of_values():
    ctx = UnitContext(page_units=("USD ($)",), row_unit="¥", currencies=(("¥", "CNY"),))
    assert parse_value("¥ 14,080", MILLIONS, ctx).unit == "CNY"
    assert parse_value("$ 5", MILLIONS, USD).unit == "USD"
    eps = parse_value("$ 1.65", MILLIONS, UnitContext(page_units=("USD ($)",), row_unit="$ / shares"))
    assert eps.unit == "USD/shares"
    assert parse_value("12", MILLIONS, UnitContext(row_unit="Days")).unit == "Days"
    assert parse_value("4.5%", MILLIONS, USD).unit == "pure"
    assert parse_value("Tesla, Inc.", MILLIONS, USD).unit is None


@pytest.mark.parametrize("label,heading,raw,kind,number", [
    # what the amount is used for is not what it is
    ("Net income (loss) used in computing net income per share of common stock", "", "$ 5,524", "monetary",
     Decimal("5524000000")),
    # a short caption is read under its heading: per-share amounts are never scaled, share counts by
    # the shares factor
    ("Basic", "Net income (loss) per share of common stock attributable to common stockholders", "$ 5.60",
     "per_share", Decimal("5.60")),
    ("Basic", "Weighted average shares used in computing net income per share of common stock", "986", "shares",
     Decimal("986000")),
    # ... but not for the numerator a per-share heading shows above the per-share rows
    ("Net earnings", "Earnings per share", "$ 14,738", "monetary", Decimal("14738000000")),
    # a class of stock's terms describe the line; its value is an amount
    ("Common stock, $0.001 par value; 6,000 shares authorized", "", "3", "monetary", Decimal("3000000")),
    ("Dividends declared ($0.20 per share)", "", "(2,483)", "monetary", Decimal("-2483000000")),
    ("Class A shares subject to redemption at $10.49 and $10.07 per share", "", "241", "monetary",
     Decimal("241000000")),
    # the per-share and share-count words EDGAR's captions use
    ("Common stock, par value", "", "$ 0.0001", "per_share", Decimal("0.0001")),
    ("Warrants exercise price", "", "$ 0.20", "per_share", Decimal("0.20")),
    ("Preferred stock, shares authorized", "", "25,000,000", "shares", Decimal("25000000000")),
    ("Weighted average shares outstanding, basic and diluted", "", "116,533,816", "shares",
     Decimal("116533816000")),
    ("Beginning balance, Shares at Nov. 30, 2019", "", "640,000", "shares", Decimal("640000000")),
    ("Number of shares repurchased, value", "", "$ 120,000", "monetary", Decimal("120000000000")),
    # a business combination's purchase price is money
    ("Purchase price adjustment", "", "$ 1,000,000", "monetary", Decimal("1000000000000")),
    # a heading speaks for generic captions only ("Basic"), not for the amounts under it
    ("Net income", "Earnings Per Share [Abstract]", "$ 1,234.5", "monetary", Decimal("1234500000.0")),
    ("Aggregate intrinsic value", "Options outstanding", "$ 5,000", "monetary", Decimal("5000000000")),
    ("Basic", "Net loss per share:", "$ (0)", "per_share", Decimal("0")),
    ("Class A", "Dividends declared per share", "12.50", "per_share", Decimal("12.50")),
    # share-count words yield to the cell's currency; amount words are no share counts
    ("Shares issued for services", "", "$ 500", "monetary", Decimal("500000000")),
    ("Excess tax benefit from stock options exercised", "", "120", "monetary", Decimal("120000000")),
    ("Shares used in computing net income per share, basic", "", "1,000", "shares", Decimal("1000000")),
    # the other ways a class of stock's terms are written
    ("Common stock without par value (9,000 million shares authorized)", "", "$ 17,781", "monetary",
     Decimal("17781000000")),
    ("Common stock, par value $0.01 per share; 100,000 shares authorized", "", "$ 1", "monetary", Decimal("1000000")),
    ("Common stock, $0.001 par value; 75,000 shares authorized, shares issued and outstanding of 1,000", "",
     "1", "monetary", Decimal("1000000")),
])
def test_the_kind_of_a_value_from_its_caption_and_heading(label, heading, raw, kind, number):
    v = parse_value(raw, MILLIONS, UnitContext(page_units=("USD ($)",), label=label, heading=heading))
    assert (v.kind, v.number) == (kind, number)


def test_a_share_count_on_a_per_share_page_is_a_share_count():
    ctx = UnitContext(page_units=("$ / shares",), label="Preferred stock, shares authorized")
    assert parse_value("25,000,000", None, ctx).kind == "shares"
    # an RSU roll-forward under a "$ / shares" title: a whole count of thousands is no price
    ctx = UnitContext(page_units=("$ / shares",), label="Unvested RSUs, Beginning balance")
    assert parse_value("1,857,465", None, ctx).kind == "shares"
    assert parse_value("11.79", None, ctx).kind == "per_share"
    assert parse_value("$ 19", None, ctx).kind == "per_share"


def test_rows_get_the_periods_their_captions_name_when_no_column_does():
    from mapper.rpage.model import Column, Period, Row, Value
    from mapper.rpage.periods import row_periods

    one = (Value(raw="1", number=Decimal(1), kind="number"),)
    rows = (Row(0, "Balance at Dec. 31, 2021", one), Row(1, "Net income", one), Row(2, "Dividends", one),
            Row(3, "Balance at Dec. 31, 2022", one), Row(4, "Net income", one))
    components = (Column(0, "Common Stock"),)
    got = [r.period for r in row_periods(rows, components)]
    assert got[0] == Period("instant", date(2021, 12, 31))
    assert got[1] == got[2] == Period("duration", date(2022, 12, 31), date(2022, 1, 1), 12)
    assert got[3] == Period("instant", date(2022, 12, 31))
    assert got[4] is None                                   # no balance after it: its period is unknown
    dated = (Column(0, "Dec. 31, 2022", period=Period("instant", date(2022, 12, 31))),)
    assert row_periods(rows, dated) == rows                # the columns say it


def test_a_row_showing_money_in_one_cell_is_money_in_all():
    from mapper.rpage.values import row_shows_money

    ctx = UnitContext(page_units=("USD ($)",), label="Shares issued", row_money=row_shows_money(["25,000", "$ 575"]))
    assert parse_value("25,000", None, ctx).kind == "monetary"
    assert not row_shows_money(["25,000", "1,200"])


def test_a_value_less_balance_row_dates_the_rows_after_it():
    from mapper.rpage.model import Column, Period, Row, Value
    from mapper.rpage.periods import row_periods

    one = (Value(raw="1", number=Decimal(1), kind="number"),)
    rows = (Row(0, "Balance at Jun. 13, 2024", (), kind="heading"), Row(1, "Net loss", one),
            Row(2, "Balance at Dec. 31, 2024", one))
    got = [r.period for r in row_periods(rows, (Column(0, "Common Stock"),))]
    assert got[0] is None
    assert got[1] == Period("duration", date(2024, 12, 31), date(2024, 6, 14), None)   # not whole months
    assert got[2] == Period("instant", date(2024, 12, 31))
