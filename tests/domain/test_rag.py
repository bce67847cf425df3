"""The red, amber or green rating of a project in delivery: each rule's thresholds, the worst of
them, the reasons given and the rules described."""

import math
import re
from dataclasses import replace
from datetime import date

import pytest

from localgrowth.domain.rag import ProjectPosition, RagRules, Rating, days_overdue, describe, rate

RULES = RagRules()
ON_TRACK = ProjectPosition(
    profile_to_date=100_000,
    actual_to_date=100_000,
    output_baseline={"jobs": 100, "homes": 50},
    output_forecast={"jobs": 100, "homes": 50},
    milestone_slips_days=[0, -10],
    open_risk_scores=[6, 9],
    days_overdue=None,
)


def rated(**changes) -> Rating:
    return rate(replace(ON_TRACK, **changes), RULES)


def test_a_project_on_track_is_green_with_no_reasons():
    assert rate(ON_TRACK, RULES) == Rating("green", ())


# Spend ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "actual", "colour", "reason"),
    [
        (100, 90, "amber", "Spend is 10% behind the profile to date (amber at 10% or more)."),
        (
            1_000_000,
            900_000,
            "amber",
            "Spend is 10% behind the profile to date (amber at 10% or more).",
        ),
        (100, 75, "red", "Spend is 25% behind the profile to date (red at 25% or more)."),
        (100, 70, "red", "Spend is 30% behind the profile to date (red at 25% or more)."),
        (100, 71, "red", "Spend is 29% behind the profile to date (red at 25% or more)."),
        (
            10_000,
            7_504,
            "amber",
            "Spend is 24.9% behind the profile to date (amber at 10% or more).",
        ),
    ],
)
def test_spend_behind_profile(profile, actual, colour, reason):
    assert rated(profile_to_date=profile, actual_to_date=actual) == Rating(colour, (reason,))


@pytest.mark.parametrize(("profile", "actual"), [(1000, 900.1), (100, 130)])
def test_spend_just_short_of_amber_or_ahead_of_profile_is_green(profile, actual):
    assert rated(profile_to_date=profile, actual_to_date=actual) == Rating("green", ())


@pytest.mark.parametrize("actual", [0, 5_000])
def test_no_spend_profiled_yet_is_not_a_fault(actual):
    assert rated(profile_to_date=0, actual_to_date=actual) == Rating("green", ())


# Outputs ----------------------------------------------------------------------------------------


def test_the_worst_output_counts():
    rating = rated(output_forecast={"jobs": 70, "homes": 45})
    assert rating == Rating(
        "red", ("The latest forecast of jobs is 30% below its baseline (red at 25% or more).",)
    )


def test_of_outputs_equally_short_the_first_by_code_is_named():
    rating = rated(
        output_baseline={"jobs": 100, "homes": 100}, output_forecast={"jobs": 70, "homes": 70}
    )
    assert rating.reasons == (
        "The latest forecast of homes is 30% below its baseline (red at 25% or more).",
    )


def test_an_output_exactly_at_the_amber_share_is_amber():
    rating = rated(output_forecast={"jobs": 100, "homes": 45})
    assert rating == Rating(
        "amber", ("The latest forecast of homes is 10% below its baseline (amber at 10% or more).",)
    )


def test_an_output_just_short_of_amber_and_one_above_baseline_are_green():
    assert rated(output_forecast={"jobs": 91, "homes": 80}) == Rating("green", ())


def test_outputs_with_no_baseline_or_no_forecast_are_not_a_fault():
    rating = rated(
        output_baseline={"jobs": 0, "homes": 50, "learners": 10},
        output_forecast={"jobs": 0, "learners": 0},
    )
    assert rating.reasons == (
        "The latest forecast of learners is 100% below its baseline (red at 25% or more).",
    )
    assert rated(output_baseline={}, output_forecast={"jobs": 0}) == Rating("green", ())
    assert rated(output_baseline={"jobs": 0}, output_forecast={"jobs": 0}) == Rating("green", ())


# Milestones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slips", "colour", "reason"),
    [
        (
            [30],
            "amber",
            "A milestone has slipped 30 days past its baseline date (amber at 30 days or more).",
        ),
        (
            [10, 90, -5],
            "red",
            "A milestone has slipped 90 days past its baseline date (red at 90 days or more).",
        ),
        ([1], "green", None),
        ([29, -40], "green", None),
        ([], "green", None),
    ],
)
def test_milestone_slips(slips, colour, reason):
    assert rated(milestone_slips_days=slips) == Rating(colour, (reason,) if reason else ())


# Risks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "colour", "reason"),
    [
        ([4, 12], "amber", "An open risk scores 12 for likelihood × impact (amber at 12 or more)."),
        ([25, 12], "red", "An open risk scores 25 for likelihood × impact (red at 20 or more)."),
        ([11, 4], "green", None),
        ([], "green", None),
    ],
)
def test_open_risks(scores, colour, reason):
    assert rated(open_risk_scores=scores) == Rating(colour, (reason,) if reason else ())


# Late returns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late", "colour", "reason"),
    [
        (1, "amber", "is 1 day past its deadline (amber as soon as it is late)."),
        (59, "amber", "is 59 days past its deadline (amber as soon as it is late)."),
        (60, "red", "is 60 days past its deadline (red at 60 days or more)."),
    ],
)
def test_late_returns(late, colour, reason):
    assert rated(days_overdue=late) == Rating(
        colour, (f"The latest return is not in and {reason}",)
    )


def test_a_return_that_is_in_is_not_late():
    assert rated(days_overdue=None) == Rating("green", ())


def test_a_later_amber_threshold_for_returns():
    rules = RagRules(late_amber_days=7)
    assert rate(replace(ON_TRACK, days_overdue=6), rules) == Rating("green", ())
    assert rate(replace(ON_TRACK, days_overdue=7), rules) == Rating(
        "amber",
        ("The latest return is not in and is 7 days past its deadline (amber at 7 days or more).",),
    )


def test_days_overdue_counts_from_the_day_after_the_deadline():
    quarter_end = date(2019, 6, 30)  # due 30 days later, on 30 July 2019
    assert days_overdue(quarter_end, date(2019, 7, 30), False, RULES) is None
    assert days_overdue(quarter_end, date(2019, 7, 31), False, RULES) == 1
    assert days_overdue(quarter_end, date(2019, 9, 28), False, RULES) == 60
    assert days_overdue(quarter_end, date(2019, 9, 28), True, RULES) is None
    assert days_overdue(quarter_end, date(2019, 7, 10), False, RagRules(return_due_days=7)) == 3


# The worst of them ------------------------------------------------------------------------------


def test_the_colour_is_the_worst_and_every_rule_not_green_gives_its_reason_in_order():
    rating = rated(
        profile_to_date=200,
        actual_to_date=170,
        open_risk_scores=[20],
        milestone_slips_days=[45],
        days_overdue=3,
    )
    assert rating == Rating(
        "red",
        (
            "Spend is 15% behind the profile to date (amber at 10% or more).",
            "A milestone has slipped 45 days past its baseline date (amber at 30 days or more).",
            "An open risk scores 20 for likelihood × impact (red at 20 or more).",
            "The latest return is not in and is 3 days past its deadline "
            "(amber as soon as it is late).",
        ),
    )


def test_ambers_alone_give_amber():
    rating = rated(actual_to_date=85_000, open_risk_scores=[15])
    assert rating.colour == "amber"
    assert len(rating.reasons) == 2


def test_thresholds_are_configurable():
    rules = RagRules(spend_amber=0.05, spend_red=0.08)
    assert rate(replace(ON_TRACK, actual_to_date=92_000), rules) == Rating(
        "red", ("Spend is 8% behind the profile to date (red at 8% or more).",)
    )


# Validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"spend_amber": 0.3}, "spend_amber (0.3) must not be more than spend_red (0.25)"),
        ({"output_red": 0.05}, "output_amber (0.1) must not be more than output_red (0.05)"),
        (
            {"milestone_amber_days": 100},
            "milestone_amber_days (100) must not be more than milestone_red_days (90)",
        ),
        ({"risk_red_score": 10}, "risk_amber_score (12) must not be more than risk_red_score (10)"),
        ({"late_amber_days": 61}, "late_amber_days (61) must not be more than late_red_days (60)"),
        ({"return_due_days": -1}, "return_due_days must be 0 or more"),
        ({"spend_amber": -0.1}, "spend_amber must be 0 or more"),
        ({"spend_red": math.nan}, "spend_red must be 0 or more"),
    ],
)
def test_rules_are_validated(changes, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        RagRules(**changes)


def test_amber_equal_to_red_is_allowed():
    rules = RagRules(risk_amber_score=16, risk_red_score=16)
    assert rate(replace(ON_TRACK, open_risk_scores=[16]), rules).colour == "red"


# Description ------------------------------------------------------------------------------------


def test_describe_gives_the_default_rules_as_sentences():
    assert describe(RULES) == [
        "Spend: amber when actual spend to date is 10% or more behind the baseline profile to "
        "date, red at 25% or more.",
        "Outputs: amber when the latest forecast of any output is 10% or more below its baseline "
        "forecast, red at 25% or more; the worst output counts.",
        "Milestones: amber when any milestone's forecast date, or its actual date once it is "
        "complete, is 30 days or more past its baseline date, red at 90 days or more.",
        "Risks: amber when any open risk scores 12 or more for likelihood × impact, red at 20 or "
        "more.",
        "Returns: a return is due 30 days after the end of its quarter; one not in by then is "
        "amber as soon as it is late, red once it is 60 days or more late.",
        "The project's rating is the worst of these. A rule with nothing to go on, such as no "
        "spend profiled yet or no baseline forecast, counts as green.",
    ]


def test_describe_follows_the_thresholds():
    sentences = describe(
        RagRules(spend_amber=0.125, spend_red=1.005, late_amber_days=1, return_due_days=20)
    )
    assert sentences[0] == (
        "Spend: amber when actual spend to date is 12.5% or more behind the baseline profile to "
        "date, red at 100.5% or more."
    )
    assert sentences[4] == (
        "Returns: a return is due 20 days after the end of its quarter; one not in by then is "
        "amber once it is 1 day late, red once it is 60 days or more late."
    )
