"""The cell parsers: what each accepts, what it refuses and what it tells the user."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain import cells


def refusal(parser: Callable[[str], object], text: str) -> str:
    """The message of the ValueError the parser raises; every message says what to do."""
    with pytest.raises(ValueError, match=r"\S") as caught:
        parser(text)
    return str(caught.value)


# parse_text -----------------------------------------------------------------------------------


def test_text_accepts_up_to_the_limit() -> None:
    assert cells.parse_text(5)("abcde") == "abcde"


def test_text_refuses_longer_text_saying_how_long() -> None:
    message = refusal(cells.parse_text(5), "abcdef")
    assert "6 characters" in message
    assert "5" in message
    assert "Shorten" in message


def test_text_refuses_nul_characters() -> None:
    assert "NUL" in refusal(cells.parse_text(50), "a\x00b")


# parse_amount ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250000", "1250000.00"),
        ("1,250,000", "1250000.00"),
        ("£1,250,000.50", "1250000.50"),
        ("£ 1,250,000", "1250000.00"),
        (" £ 1,250,000 ", "1250000.00"),
        ("£0", "0.00"),
        ("0.5", "0.50"),
        ("12.3", "12.30"),
        ("999", "999.00"),
        ("1,000.05", "1000.05"),
    ],
)
def test_amount_accepts_pounds(text: str, expected: str) -> None:
    value = cells.parse_amount(text)
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize("text", ["-£500", "-500", "£-500", "(500)", "−500"])
def test_amount_refuses_negatives(text: str) -> None:
    assert "Amounts cannot be negative" in refusal(cells.parse_amount, text)


@pytest.mark.parametrize("text", ["1.234", "£10.001", "0.125"])
def test_amount_refuses_fractions_of_a_penny(text: str) -> None:
    assert "more than two decimal places" in refusal(cells.parse_amount, text)


@pytest.mark.parametrize(
    "text", ["twelve", "1,25,000", "12,5000", "1.2.3", "£", ",000", "1,000,00", "£12,x00", "1e6"]
)
def test_amount_refuses_what_is_not_a_number(text: str) -> None:
    message = refusal(cells.parse_amount, text)
    assert f"'{text}' is not an amount of money" in message
    assert "such as 1250000 or £1,250,000.50" in message


@pytest.mark.parametrize(
    ("text", "full"),
    [("12.5m", "12500000"), ("£2 million", "2000000"), ("3k", "3000"), ("1.25bn", "1250000000")],
)
def test_amount_refuses_abbreviations_and_writes_the_number_in_full(text: str, full: str) -> None:
    message = refusal(cells.parse_amount, text)
    assert "in full" in message
    assert message.endswith(f"{full}.")


@given(
    pennies=st.integers(min_value=0, max_value=10**15),
    pound_sign=st.sampled_from(["", "£", "£ "]),
    separators=st.booleans(),
    show_zero_pence=st.booleans(),
)
def test_amount_round_trips_formatted_pounds(
    pennies: int, pound_sign: str, separators: bool, show_zero_pence: bool
) -> None:
    value = Decimal(pennies) / 100
    whole, pence = divmod(pennies, 100)
    text = pound_sign + (f"{whole:,}" if separators else str(whole))
    if pence or show_zero_pence:
        text += f".{pence:02d}"
    parsed = cells.parse_amount(text)
    assert parsed == value
    assert parsed.as_tuple().exponent == -2


@given(pennies=st.integers(min_value=0, max_value=10**13))
def test_amount_reads_excel_numbers_exactly(pennies: int) -> None:
    """Pounds stored by Excel as a float come back exact through cell_text."""
    value = Decimal(pennies) / 100
    assert cells.parse_amount(cells.cell_text(float(value))) == value


# parse_int, parse_decimal, parse_share --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [("78,000", 78000), ("0", 0), ("12", 12), ("1,234,567", 1234567)]
)
def test_int_accepts_whole_numbers(text: str, expected: int) -> None:
    assert cells.parse_int(text) == expected


def test_int_accepts_zero_decimals_as_shown_by_a_number_format() -> None:
    assert cells.parse_int("12.00") == 12


def test_int_refuses_fractions() -> None:
    assert "is not a whole number" in refusal(cells.parse_int, "12.5")


@pytest.mark.parametrize("text", ["abc", "1,00", "12 000", "1e3"])
def test_int_refuses_text(text: str) -> None:
    assert f"'{text}' is not a number" in refusal(cells.parse_int, text)


def test_int_refuses_negatives() -> None:
    assert "negative" in refusal(cells.parse_int, "-3")


@pytest.mark.parametrize(
    ("text", "expected"), [("1,234.5", "1234.5"), (".5", "0.5"), ("7", "7"), ("0.125", "0.125")]
)
def test_decimal_accepts_numbers(text: str, expected: str) -> None:
    assert cells.parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["-1", "x", "1,2", "1.2.3"])
def test_decimal_refuses_negatives_and_text(text: str) -> None:
    refusal(cells.parse_decimal, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.25", "0.25"), ("25%", "0.25"), ("25 %", "0.25"), ("1", "1"), ("100%", "1"), (".5", "0.5")],
)
def test_share_accepts_fractions_and_percentages(text: str, expected: str) -> None:
    assert cells.parse_share(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["0", "0%", "1.5", "150%", "-0.1", "abc", "%"])
def test_share_refuses_values_outside_zero_to_one(text: str) -> None:
    assert "such as 0.25 or 25%" in refusal(cells.parse_share, text)


def test_share_suggests_a_percent_sign_for_a_whole_number() -> None:
    assert "did you mean a percentage" in refusal(cells.parse_share, "25")


# parse_date -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2021-03-31", date(2021, 3, 31), "day"),
        ("31/03/2021", date(2021, 3, 31), "day"),
        ("1/3/2021", date(2021, 3, 1), "day"),
        ("29/02/2020", date(2020, 2, 29), "day"),
        ("2021-03", date(2021, 3, 1), "month"),
        ("03/2021", date(2021, 3, 1), "month"),
        ("3/2021", date(2021, 3, 1), "month"),
        ("2021", date(2021, 1, 1), "year"),
        ("1990", date(1990, 1, 1), "year"),
        ("2100-12-31", date(2100, 12, 31), "day"),
    ],
)
def test_date_accepts_day_month_and_year(text: str, expected: date, precision: str) -> None:
    assert cells.parse_date(text) == (expected, precision)


@pytest.mark.parametrize(
    "text", ["31/02/2021", "2021-13-01", "29/02/2021", "00/01/2021", "03/31/2021"]
)
def test_date_refuses_impossible_dates(text: str) -> None:
    message = refusal(cells.parse_date, text)
    assert f"'{text}' is not a real date" in message
    assert "31/03/2021" in message


@pytest.mark.parametrize("text", ["1989", "2101-01-01", "01/01/1066"])
def test_date_refuses_years_out_of_range(text: str) -> None:
    assert "between 1990 and 2100" in refusal(cells.parse_date, text)


@pytest.mark.parametrize("text", ["31/03/21", "next year", "2021/03/31", "March 2021", "20210331"])
def test_date_refuses_other_forms(text: str) -> None:
    assert f"'{text}' is not a date" in refusal(cells.parse_date, text)


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    form=st.sampled_from(
        [
            "{d.year}-{d.month:02d}-{d.day:02d}",
            "{d.day:02d}/{d.month:02d}/{d.year}",
            "{d.day}/{d.month}/{d.year}",
        ]
    ),
)
def test_date_round_trips_days(day: date, form: str) -> None:
    assert cells.parse_date(form.format(d=day)) == (day, "day")


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_date_round_trips_months(day: date) -> None:
    first = day.replace(day=1)
    assert cells.parse_date(f"{day.month:02d}/{day.year}") == (first, "month")
    assert cells.parse_date(f"{day.year}-{day.month:02d}") == (first, "month")


# parse_financial_year -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2019/20", "2019-20", "2019/2020", "FY2019/20", "fy 2019-20", "2019 / 20"]
)
def test_financial_year_is_normalised(text: str) -> None:
    assert cells.parse_financial_year(text) == "2019/20"


def test_financial_year_across_a_century() -> None:
    assert cells.parse_financial_year("1999-2000") == "1999/00"


def test_financial_year_refuses_years_that_do_not_follow() -> None:
    message = refusal(cells.parse_financial_year, "2019/21")
    assert "the second year must follow the first" in message
    assert "2019/20" in message


@pytest.mark.parametrize("text", ["2019", "19/20", "2019/2021", "twenty nineteen"])
def test_financial_year_refuses_other_forms(text: str) -> None:
    refusal(cells.parse_financial_year, text)


# parse_choice ---------------------------------------------------------------------------------

STATUS = cells.parse_choice(
    {"not_started": "not_started", "Not started": "not_started", "Completed": "complete"}
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not_started", "not_started"),
        ("NOT_STARTED", "not_started"),
        ("Not started", "not_started"),
        ("not   STARTED", "not_started"),
        ("completed", "complete"),
        ("complete", "complete"),
    ],
)
def test_choice_accepts_labels_and_codes_in_any_case(text: str, code: str) -> None:
    assert STATUS(text) == code


def test_choice_refusal_lists_the_allowed_values() -> None:
    message = refusal(STATUS, "finished")
    assert "'finished' is not one of the allowed values" in message
    assert "Not started (not_started)" in message
    assert "Completed (complete)" in message


# codes, addresses and lists -------------------------------------------------------------------


def test_gss_code_is_upper_cased() -> None:
    assert cells.parse_gss_code("e07000114") == "E07000114"


@pytest.mark.parametrize("text", ["E0700011", "X07000114", "E07-000114", "E070001145", "Thanet"])
def test_gss_code_refuses_other_forms(text: str) -> None:
    assert "such as E07000114" in refusal(cells.parse_gss_code, text)


@pytest.mark.parametrize(
    "text", ["https://example.org/a?b=1", "http://www.kent.gov.uk", "HTTPS://EXAMPLE.ORG"]
)
def test_url_accepts_web_addresses(text: str) -> None:
    assert cells.parse_url(text) == text


@pytest.mark.parametrize(
    "text",
    ["www.example.org", "ftp://example.org", "https://", "https://exa mple.org", "mailto:a@b"],
)
def test_url_refuses_other_text(text: str) -> None:
    assert "https://" in refusal(cells.parse_url, text)


def test_list_parses_each_item_and_ignores_empty_items() -> None:
    parse = cells.parse_list(cells.parse_gss_code)
    assert parse("e07000112; E07000113;; ") == ["E07000112", "E07000113"]


def test_list_with_another_separator() -> None:
    assert cells.parse_list(cells.parse_int, sep="|")("1|2,000") == [1, 2000]


def test_list_refusal_names_the_item() -> None:
    message = refusal(cells.parse_list(cells.parse_gss_code), "E07000112; Kent")
    assert message.startswith("Item 2 of the list: 'Kent' is not a GSS code")


# parse_area_shares ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E07000112", [("E07000112", None)]),
        ("selep-km", [("SELEP-KM", None)]),
        ("E07000112; E07000113", [("E07000112", None), ("E07000113", None)]),
        (
            "E07000112=0.6; E07000113=0.4",
            [("E07000112", Decimal("0.6")), ("E07000113", Decimal("0.4"))],
        ),
        (
            "E07000112 60%; e07000113 40%",
            [("E07000112", Decimal("0.6")), ("E07000113", Decimal("0.4"))],
        ),
        ("SELEP-KM=1", [("SELEP-KM", Decimal("1"))]),
    ],
)
def test_area_shares_accepted(text: str, expected: list[tuple[str, Decimal | None]]) -> None:
    assert cells.parse_area_shares(text) == expected


def test_area_shares_may_be_a_little_off_one() -> None:
    areas = cells.parse_area_shares("E07000112=0.3333333; E07000113=0.3333333; E07000114=0.3333333")
    assert len(areas) == 3


def test_area_shares_must_add_up_to_one() -> None:
    message = refusal(cells.parse_area_shares, "E07000112=0.6; E07000113=30%")
    assert message == (
        "Shares add up to 0.9; they must add up to 1 (or leave all shares out to split equally)."
    )


def test_area_shares_all_or_none() -> None:
    assert "Give a share for every area" in refusal(
        cells.parse_area_shares, "E07000112=0.6; E07000113"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kent", "'Kent' is not an area code"),
        ("E07000112; E07000112", "listed more than once"),
        (";", "has no area codes"),
        ("E07000112=0", "is not a share"),
        ("E07000112=lots", "is not a share"),
    ],
)
def test_area_shares_refused(text: str, expected: str) -> None:
    assert expected in refusal(cells.parse_area_shares, text)


# coordinates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("51.5072", 51.5072), ("60.9", 60.9), ("49", 49.0)])
def test_latitude_accepted(text: str, expected: float) -> None:
    assert cells.parse_latitude(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("-0.1276", -0.1276), ("−0.1276", -0.1276), ("1.3°", 1.3)]
)
def test_longitude_accepted(text: str, expected: float) -> None:
    assert cells.parse_longitude(text) == expected


@pytest.mark.parametrize("text", ["40.7", "62", "abc", "nan"])
def test_latitude_refused_outside_the_uk(text: str) -> None:
    assert "WGS84 decimal degrees" in refusal(cells.parse_latitude, text)


@pytest.mark.parametrize("text", ["-10", "3.0", "north"])
def test_longitude_refused_outside_the_uk(text: str) -> None:
    assert "WGS84 decimal degrees" in refusal(cells.parse_longitude, text)


def test_coordinates_spot_grid_references() -> None:
    assert "grid reference" in refusal(cells.parse_latitude, "530000")


# cell_text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  padded \n", "padded"),
        (123, "123"),
        (1250000.5, "1250000.5"),
        (1250000.0, "1250000"),
        (0.1 + 0.2, "0.3"),
        (1e20, "100000000000000000000"),
        (1e-7, "0.0000001"),
        (True, "TRUE"),
        (False, "FALSE"),
        (datetime(2020, 3, 31), "2020-03-31"),
        (datetime(2020, 3, 31, 14, 30), "2020-03-31 14:30:00"),
        (date(2020, 3, 31), "2020-03-31"),
        (time(14, 30), "14:30:00"),
        (timedelta(hours=2), "2:00:00"),
    ],
)
def test_cell_text_writes_excel_values_as_a_person_would(value: object, text: str) -> None:
    assert cells.cell_text(value) == text
