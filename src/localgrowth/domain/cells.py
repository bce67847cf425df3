"""Parsers for the text of one spreadsheet cell.

Each parser takes the cell's text (already stripped of surrounding whitespace, never empty) and
returns a typed value, or raises ``ValueError`` whose message says what is wrong with the value
*and* what to write instead, in words a programme officer can act on. Factories (``parse_text``,
``parse_choice``, ``parse_list``) return such a parser.

Pure Python: no Django, no other localgrowth package.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

DatePrecision = Literal["day", "month", "year"]

MIN_YEAR = 1990
MAX_YEAR = 2100
PENNY = Decimal("0.01")
SHARE_TOLERANCE = Decimal("0.000001")

# A non-negative number: digits with correctly placed thousands separators, or plain digits,
# then optional decimals. Group 1 is the whole part, group 2 the decimals (may be None).
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?")
_SPACES = re.compile(r"\s+")
_MULTIPLIER = re.compile(
    r"£?\s*([\d,]*\.?\d+)\s*(k|thousand|m|mn|million|bn|b|billion)", re.IGNORECASE
)
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_UK_MONTH = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"\d{4}")
_FINANCIAL_YEAR = re.compile(r"(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{4}|\d{2})", re.IGNORECASE)
_GSS_CODE = re.compile(r"[EWSNK]\d{8}")
_LOCAL_CODE = re.compile(r"[A-Z]+-[A-Z0-9]+")
_AREA_ITEM = re.compile(r"([A-Za-z0-9-]+)(?:\s*[=:]\s*|\s+)(\S+)")
_AREA_SEPARATOR = re.compile(r"[;,\n]")


_NUL = (
    "The text holds an invisible NUL character, often left by copying from another system. "
    "Retype the value."
)


def quote(text: str, limit: int = 60) -> str:
    """The value in quotes for a message, shortened if long."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _number_parts(text: str) -> tuple[str, str] | None:
    """Split a non-negative number into (whole digits without separators, decimal digits)."""
    if text.isdigit() and text.isascii():
        return text, ""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    whole, decimals = match.groups()
    if whole is None and decimals is None:
        return None
    return (whole.replace(",", "") if whole else "0"), decimals or ""


def _is_negative(text: str) -> bool:
    return text.startswith(("-", "−", "(")) or text.startswith(("£-", "£ -", "£(", "£−"))


# The text of a cell stored by Excel ----------------------------------------------------------


def cell_text(value: object) -> str:
    """The stripped text a parser expects for a cell value as a spreadsheet library returns it:
    numbers, dates and booleans stored by Excel become the text a person would type."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time | timedelta):
        return str(value)
    return str(value).strip()


def _float_text(value: float) -> str:
    """A number as Excel shows it: at most 15 significant digits, no exponent, no trailing
    '.0' (1250000.0 -> "1250000", 1250000.5 -> "1250000.5", 0.1 + 0.2 -> "0.3")."""
    if value.is_integer():
        return str(int(value))
    return _plain(Decimal(format(value, ".15g")))


# Text ---------------------------------------------------------------------------------------


def parse_text(max_length: int) -> Callable[[str], str]:
    """A parser that accepts any text up to ``max_length`` characters."""

    def parse(text: str) -> str:
        if "\x00" in text:
            raise ValueError(_NUL)
        if len(text) > max_length:
            raise ValueError(
                f"The text is {len(text):,} characters long; the most allowed is "
                f"{max_length:,}. Shorten it."
            )
        return text

    return parse


# Numbers ------------------------------------------------------------------------------------


def parse_amount(text: str) -> Decimal:
    """Money in pounds, exact to the penny: "1250000", "1,250,000", "£1,250,000.50"."""
    cleaned = text.strip()
    if cleaned[:1] == "£":
        cleaned = cleaned[1:].lstrip()
    parts = _number_parts(cleaned)
    if parts is None:
        if _is_negative(text.strip()):
            raise ValueError(
                f"{quote(text)} is negative. Amounts cannot be negative: write the amount in "
                "pounds as a positive number, such as 1250000."
            )
        raise ValueError(_amount_hint(text))
    whole, pence = parts
    if len(pence) > 2:
        raise ValueError(
            f"{quote(text)} has more than two decimal places. Write pounds exact to the penny, "
            "such as 1250000.50."
        )
    return Decimal(f"{whole}.{pence or '0'}").quantize(PENNY)


def _amount_hint(text: str) -> str:
    match = _MULTIPLIER.fullmatch(text.strip())
    if match is not None:
        number = _number_parts(match.group(1))
        if number is not None:
            value = Decimal(f"{number[0]}.{number[1] or '0'}")
            full = value * _MULTIPLIERS[match.group(2).lower()]
            return (
                f"{quote(text)} uses an abbreviation. Write the amount in full, in pounds: "
                f"{_plain(full)}."
            )
    return (
        f"{quote(text)} is not an amount of money. Write pounds as a number, such as 1250000 "
        "or £1,250,000.50."
    )


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 12500000, 0.25."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_int(text: str) -> int:
    """A non-negative whole number, thousands separators allowed: "78,000"."""
    parts = _number_parts(text)
    if parts is None:
        if _is_negative(text):
            raise ValueError(f"{quote(text)} is negative. Write a whole number of 0 or more.")
        raise ValueError(f"{quote(text)} is not a number. Write a whole number, such as 78000.")
    whole, decimals = parts
    if decimals.strip("0"):
        raise ValueError(
            f"{quote(text)} is not a whole number. Write a whole number without decimals, "
            "such as 78000."
        )
    return int(whole)


def parse_decimal(text: str) -> Decimal:
    """A non-negative decimal number, thousands separators allowed: "1,234.5"."""
    parts = _number_parts(text)
    if parts is None:
        if _is_negative(text):
            raise ValueError(f"{quote(text)} is negative. Write a number of 0 or more.")
        raise ValueError(f"{quote(text)} is not a number. Write a number, such as 1234.5.")
    whole, decimals = parts
    return Decimal(f"{whole}.{decimals}" if decimals else whole)


def parse_share(text: str) -> Decimal:
    """A share of a whole: more than 0 and at most 1, as "0.25" or "25%"."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].rstrip()
    parts = _number_parts(cleaned)
    if parts is None:
        raise ValueError(
            f"{quote(text)} is not a share. Write a share as a decimal or a percentage, "
            "such as 0.25 or 25%."
        )
    whole, decimals = parts
    value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    if percent:
        value = value / 100
    if value <= 0 or value > 1:
        hint = " (did you mean a percentage? add %)" if not percent and 1 < value <= 100 else ""
        raise ValueError(
            f"{quote(text)} is not a share. A share must be more than 0 and at most 1, "
            f"such as 0.25 or 25%{hint}."
        )
    return value


# Dates --------------------------------------------------------------------------------------

_DATE_FORMS = "Write dates as day/month/year, such as 31/03/2021, or as 2021-03-31"


def parse_date(text: str) -> tuple[date, DatePrecision]:
    """A date with its precision: "2021-03-31" or "31/03/2021" (day), "2021-03" or "03/2021"
    (month: the first of the month), "2021" (year: 1 January)."""
    cleaned = text.strip()
    if match := _ISO_DAY.fullmatch(cleaned):
        year, month, day = match.groups()
    elif match := _UK_DAY.fullmatch(cleaned):
        day, month, year = match.groups()
    elif match := _ISO_MONTH.fullmatch(cleaned):
        return _make_date(text, match.group(1), match.group(2), "1"), "month"
    elif match := _UK_MONTH.fullmatch(cleaned):
        return _make_date(text, match.group(2), match.group(1), "1"), "month"
    elif _YEAR.fullmatch(cleaned):
        return _make_date(text, cleaned, "1", "1"), "year"
    else:
        raise ValueError(
            f"{quote(text)} is not a date. {_DATE_FORMS}; for a month write 03/2021, "
            "for a year 2021."
        )
    return _make_date(text, year, month, day), "day"


def _make_date(text: str, year: str, month: str, day: str) -> date:
    y, m, d = int(year), int(month), int(day)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(
            f"{quote(text)} has the year {y}. Years must be between {MIN_YEAR} and {MAX_YEAR}; "
            "write the year in full, such as 2021."
        )
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"{quote(text)} is not a real date. {_DATE_FORMS}.") from None


def parse_financial_year(text: str) -> str:
    """A UK financial year, normalised to "2019/20": accepts "2019-20", "2019/2020", "FY2019/20"."""
    match = _FINANCIAL_YEAR.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"{quote(text)} is not a financial year. Write it as the two years it spans, "
            "such as 2019/20."
        )
    first = int(match.group(1))
    second = match.group(2)
    expected = first + 1
    if (len(second) == 4 and int(second) != expected) or (
        len(second) == 2 and int(second) != expected % 100
    ):
        raise ValueError(
            f"{quote(text)} is not a financial year: the second year must follow the first, "
            f"such as {first}/{expected % 100:02d}."
        )
    if not MIN_YEAR <= first < MAX_YEAR:
        raise ValueError(
            f"{quote(text)} is out of range. Financial years must start between {MIN_YEAR} and "
            f"{MAX_YEAR - 1}."
        )
    return f"{first}/{expected % 100:02d}"


# Choices and codes --------------------------------------------------------------------------


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text.strip()).casefold()


def parse_choice(choices: Mapping[str, str]) -> Callable[[str], str]:
    """A parser mapping an accepted text, in any case, to its code. ``choices`` maps each
    accepted text (a label or a code) to the code; a code itself is always accepted."""
    lookup = {_fold(text): code for text, code in choices.items()}
    lookup.update({_fold(code): code for code in choices.values()})
    labels: dict[str, list[str]] = {code: [] for code in choices.values()}
    for text, code in choices.items():
        if _fold(text) != _fold(code):
            labels[code].append(text)
    allowed = "; ".join(
        f"{' or '.join(texts)} ({code})" if texts else code for code, texts in labels.items()
    )

    def parse(text: str) -> str:
        code = lookup.get(_fold(text))
        if code is None:
            raise ValueError(f"{quote(text)} is not one of the allowed values: {allowed}.")
        return code

    return parse


def parse_gss_code(text: str) -> str:
    """An ONS GSS area code (format only), upper-cased: "E07000114"."""
    code = text.strip().upper()
    if _GSS_CODE.fullmatch(code) is None:
        raise ValueError(
            f"{quote(text)} is not a GSS code. GSS codes are a letter (E, W, S, N or K) and "
            "eight digits, such as E07000114; look them up on the ONS Open Geography Portal."
        )
    return code


def parse_url(text: str) -> str:
    """An absolute http or https web address."""
    url = text.strip()
    try:
        parts = urlsplit(url)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid or "\x00" in url or any(character.isspace() for character in url):
        raise ValueError(
            f"{quote(text)} is not a web address. Write the full address starting with "
            "https://, such as https://www.example.gov.uk/projects."
        )
    return url


def parse_list(item_parser: Callable[[str], T], sep: str = ";") -> Callable[[str], list[T]]:
    """A parser for a list of items separated by ``sep``; empty items are ignored."""

    def parse(text: str) -> list[T]:
        items = [item.strip() for item in text.split(sep)]
        items = [item for item in items if item]
        values: list[T] = []
        for position, item in enumerate(items, start=1):
            try:
                values.append(item_parser(item))
            except ValueError as error:
                raise ValueError(
                    f"Item {position} of the list: {error} Separate items with '{sep}'."
                ) from None
        return values

    return parse


def _area_code(text: str) -> str:
    code = text.strip().upper()
    if _LOCAL_CODE.fullmatch(code) is not None:
        return code
    try:
        return parse_gss_code(code)
    except ValueError:
        raise ValueError(
            f"{quote(text)} is not an area code. Use GSS codes, such as E07000114, or local "
            "codes such as SELEP-KM."
        ) from None


def parse_area_shares(text: str) -> list[tuple[str, Decimal | None]]:
    """Areas with optional shares: "E07000112", "E07000112=0.6; E07000113=0.4" or
    "E07000112 60%; E07000113 40%". Shares are given for all areas or for none; given shares
    must add up to 1."""
    areas: list[tuple[str, Decimal | None]] = []
    for item in _AREA_SEPARATOR.split(text):
        item = item.strip()
        if not item:
            continue
        match = _AREA_ITEM.fullmatch(item)
        if match is None:
            areas.append((_area_code(item), None))
        else:
            areas.append((_area_code(match.group(1)), parse_share(match.group(2))))
    _check_area_shares(text, areas)
    return areas


def _check_area_shares(text: str, areas: list[tuple[str, Decimal | None]]) -> None:
    if not areas:
        raise ValueError(
            f"{quote(text)} has no area codes. Write one or more codes separated by ';', "
            "such as E07000112; E07000113."
        )
    codes = [code for code, _ in areas]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise ValueError(f"{', '.join(repeated)} is listed more than once. List each area once.")
    shares = [share for _, share in areas if share is not None]
    if shares and len(shares) != len(areas):
        raise ValueError(
            "Some areas have a share and some do not. Give a share for every area, or leave all "
            "shares out to split equally."
        )
    if shares:
        total = sum(shares, Decimal(0))
        if abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(
                f"Shares add up to {_plain(total)}; they must add up to 1 (or leave all shares "
                "out to split equally)."
            )


# Coordinates --------------------------------------------------------------------------------


def parse_latitude(text: str) -> float:
    """A UK latitude in WGS84 decimal degrees (49 to 61)."""
    return _coordinate(text, "latitude", 49.0, 61.0, "51.5072")


def parse_longitude(text: str) -> float:
    """A UK longitude in WGS84 decimal degrees (-9 to 2.5)."""
    return _coordinate(text, "longitude", -9.0, 2.5, "-0.1276")


def _coordinate(text: str, name: str, low: float, high: float, example: str) -> float:
    cleaned = text.strip().replace("−", "-").rstrip("°").rstrip()
    advice = (
        f"Write the {name} in WGS84 decimal degrees (as used by GPS and online maps), "
        f"such as {example}."
    )
    try:
        value = float(Decimal(cleaned))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{quote(text)} is not a {name}. {advice}") from None
    if value != value or not low <= value <= high:
        hint = ""
        if abs(value) > 1000:
            hint = " It looks like a grid reference (easting or northing); convert it first."
        raise ValueError(
            f"{quote(text)} is outside the UK: a {name} must be between {low:g} and {high:g}."
            f"{hint} {advice}"
        )
    return value
