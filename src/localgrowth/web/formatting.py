"""en-GB formatting of money, counts, percentages and dates for the public pages.

Pure functions: numbers in, text out. Money is shown as the source gives it, never rounded
silently: ``money`` keeps pence when there are any; ``money_short`` is the headline form.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

Number = Decimal | int | float

_SHORT_UNITS = (
    (Decimal(1_000_000_000), "bn"),
    (Decimal(1_000_000), "m"),
)


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: Number | None, places: int = 0) -> str:
    """78000 → "78,000"; Decimal("1234.50") → "1,234.5" with places=1; None → ""."""
    if value is None:
        return ""
    amount = _decimal(value)
    if amount == amount.to_integral_value() and places == 0:
        return f"{amount:,.0f}"
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    return _trim(f"{rounded:,.{places}f}") if places else f"{rounded:,.0f}"


def money(value: Number | None) -> str:
    """Pounds in full: 1250000 → "£1,250,000"; 1250000.5 → "£1,250,000.50"."""
    if value is None:
        return ""
    amount = _decimal(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def money_total(value: Number | None) -> str:
    """A total of pounds, to the nearest pound: 3749985.4167 → "£3,749,985". Totals and
    apportioned shares are worked out to the penny and shown to the pound."""
    if value is None:
        return ""
    return money(_decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money_short(value: Number | None, places: int = 1) -> str:
    """Headline pounds: 1250000 → "£1.3m", 600000000 → "£600m", 454263000 → "£454.3m".

    Amounts under a million are written in full, to the pound: 250000 → "£250,000".
    """
    if value is None:
        return ""
    amount = _decimal(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    for size, unit in _SHORT_UNITS:
        scaled = (amount / size).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        # £999,960,000 reads "£1bn", not "£1,000m"; under a million stays in full.
        if amount >= size or (unit == "bn" and scaled >= 1):
            return f"{sign}£{_trim(f'{scaled:,.{places}f}')}{unit}"
    return sign + money(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value: Number | None) -> str:
    """A percentage already computed, to a whole number: 31.79 → "32%"."""
    if value is None:
        return ""
    return f"{_decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}%"


def long_date(value: datetime.date | None) -> str:
    """31 March 2021 (GOV.UK style: no leading zero, month in full)."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"
