"""The one rule for a programme's latest figure and what it says about a target's deadline."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from localgrowth.domain.latest_figure import (
    Outcome,
    as_at_text,
    latest,
    target_outcome,
    undated,
)


@dataclass(frozen=True)
class Fig:
    value: Decimal
    as_at: date | None
    name: str = ""


DEADLINE = date(2021, 3, 31)
FIGURES = [
    Fig(Decimal(3571), date(2017, 12, 7), "annual conversation"),
    Fig(Decimal(24800), None, "undated page"),
    Fig(Decimal(1200), date(2016, 6, 1), "early"),
]


def test_the_latest_is_the_last_dated_figure_never_an_undated_one():
    assert latest(FIGURES).name == "annual conversation"
    assert latest(FIGURES, on=date(2017, 1, 1)).name == "early"
    assert latest(FIGURES, on=date(2015, 1, 1)) is None
    assert [f.name for f in undated(FIGURES)] == ["undated page"]


def test_two_figures_of_one_day_give_the_one_recorded_last():
    day = date(2019, 7, 17)
    both = [Fig(Decimal(1), day, "first"), Fig(Decimal(2), day, "second")]
    assert latest(both).name == "second"


@pytest.mark.parametrize(
    ("figures", "today", "expected", "resting_on"),
    [
        ([Fig(Decimal(80000), date(2020, 1, 1), "met")], date(2026, 1, 1), Outcome.MET, "met"),
        (FIGURES, date(2020, 1, 1), Outcome.OPEN, "annual conversation"),
        (
            [*FIGURES, Fig(Decimal(79000), date(2022, 6, 1), "late")],
            date(2026, 1, 1),
            Outcome.REACHED_LATE,
            "late",
        ),
        (
            [*FIGURES, Fig(Decimal(60000), date(2021, 3, 31), "at deadline")],
            date(2026, 1, 1),
            Outcome.NOT_MET,
            "at deadline",
        ),
        (FIGURES, date(2026, 1, 1), Outcome.NOT_KNOWN, "annual conversation"),
        ([], date(2026, 1, 1), Outcome.NOT_KNOWN, None),
    ],
)
def test_what_the_figures_say_about_the_deadline(figures, today, expected, resting_on):
    found = target_outcome(figures, Decimal(78000), DEADLINE, today)
    assert found.outcome == expected
    assert (found.figure.name if found.figure else None) == resting_on


def test_a_figure_after_today_is_not_yet_known():
    future = [Fig(Decimal(90000), date(2030, 1, 1))]
    assert target_outcome(future, Decimal(78000), DEADLINE, date(2026, 1, 1)).outcome == (
        Outcome.NOT_KNOWN
    )


def test_dates_are_written_out_and_undated_figures_say_so():
    assert as_at_text(date(2017, 12, 7), "7 Dec 2017") == "7 December 2017"
    assert as_at_text(None, "2018 page") == "2018 page (date not recorded)"
    assert as_at_text(None, "") == "Date not recorded"
    assert as_at_text(None, "Latest (date not recorded)") == "Latest (date not recorded)"
