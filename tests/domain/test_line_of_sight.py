"""The line of sight: a project's money split among the priorities it serves to the penny,
money with no priority, the themes' columns and the flags."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgrowth.domain.line_of_sight import (
    MEASURES,
    Flag,
    FlagInputs,
    FlagKind,
    KpiCheck,
    ProjectLine,
    by_theme,
    flags,
    line_of_sight,
    little_money_threshold,
)

D = Decimal
PRIORITIES = ["ideas", "workforce", "infrastructure"]


def project(key, grant=None, priorities=(), **values):
    return ProjectLine(key, {"grant": grant, **values}, frozenset(priorities))


def test_a_project_in_two_priorities_is_split_50_50_the_odd_penny_to_the_first():
    result = line_of_sight(
        PRIORITIES,
        [
            project(
                "P1",
                D("1000.01"),
                ["infrastructure", "ideas"],
                total_cost=D("2000.03"),
                jobs=D("3.00"),
                homes=D("0.01"),
            )
        ],
    )
    ideas, workforce, infrastructure = result.priorities
    assert [share.share for share in ideas.shares] == [D("0.5")]
    # Hand-worked: £1,000.01 is 100,001 pence; half is 50,000.5, so each gets 50,000 and the
    # penny left over goes to the priority listed first in the strategy (ideas), whatever
    # order the project names them in.
    assert ideas.total("grant") == D("500.01")
    assert infrastructure.total("grant") == D("500.00")
    # £2,000.03 is 200,003 pence: 100,002 and 100,001.
    assert ideas.total("total_cost") == D("1000.02")
    assert infrastructure.total("total_cost") == D("1000.01")
    assert ideas.total("jobs") == infrastructure.total("jobs") == D("1.50")
    assert (ideas.total("homes"), infrastructure.total("homes")) == (D("0.01"), D("0.00"))
    assert workforce.project_count == 0
    assert ideas.shared_count == infrastructure.shared_count == 1
    for measure in MEASURES:
        assert result.apportioned_total(measure) == result.totals[measure]


def test_three_odd_pennies_between_two_priorities_and_thirds_among_three():
    result = line_of_sight(
        PRIORITIES,
        [
            project("P1", D("0.03"), ["ideas", "workforce"]),
            project("P2", D("100.00"), PRIORITIES),
        ],
    )
    ideas, workforce, infrastructure = result.priorities
    # 3p in halves: 1.5p each, rounded down to 1p, the penny left to the first: 2p and 1p.
    assert [share.values["grant"] for share in ideas.shares] == [D("0.02"), D("33.34")]
    assert [share.values["grant"] for share in workforce.shares] == [D("0.01"), D("33.33")]
    assert [share.values["grant"] for share in infrastructure.shares] == [D("33.33")]
    # Equal shares of six places add up to exactly 1: the first takes the rounding.
    assert [share.share for share in ideas.shares] == [D("0.5"), D("0.333334")]
    assert ideas.total("grant") + workforce.total("grant") + infrastructure.total("grant") == (
        D("100.03")
    )


def test_a_project_linked_twice_to_one_priority_counts_once_and_one_with_none_goes_unlinked():
    result = line_of_sight(
        PRIORITIES,
        [
            ProjectLine("P1", {"grant": D("10.00")}, ["ideas", "ideas"]),
            project("P2", D("7.77")),
            project("P3", None, ["ideas"]),
        ],
    )
    ideas = result.priority("ideas")
    assert [share.project for share in ideas.shares] == ["P1", "P3"]
    assert ideas.total("grant") == D("10.00")
    assert ideas.recorded["grant"] == 1  # P3 records no grant: it adds nothing
    assert ideas.shared_count == 0
    assert result.unlinked.project_count == 1
    assert result.unlinked.total("grant") == D("7.77")
    assert result.totals["grant"] == D("17.77")
    assert result.linked_total["grant"] == D("10.00")
    assert result.project_count == 3


def test_refuses_unknown_priorities_repeats_and_fractions_of_a_penny():
    with pytest.raises(ValueError, match="not given"):
        line_of_sight(PRIORITIES, [project("P1", D("1.00"), ["places"])])
    with pytest.raises(ValueError, match="listed twice"):
        line_of_sight(PRIORITIES, [project("P1", D("1.00")), project("P1", D("2.00"))])
    with pytest.raises(ValueError, match="listed twice"):
        line_of_sight(["ideas", "ideas"], [])
    with pytest.raises(ValueError, match="whole number"):
        line_of_sight(PRIORITIES, [project("P1", D("1.005"), ["ideas", "workforce"])])


pennies = st.integers(min_value=0, max_value=10**13).map(lambda p: D(p) / 100)
projects = st.lists(
    st.tuples(
        st.one_of(st.none(), pennies),
        st.one_of(st.none(), pennies),
        st.frozensets(st.sampled_from([*PRIORITIES, "places"])),
    ),
    max_size=30,
)


@given(projects)
def test_the_priorities_and_no_priority_add_up_to_the_totals_exactly(drawn):
    priorities = [*PRIORITIES, "places"]
    lines = [
        ProjectLine(f"P{index}", {"grant": grant, "total_cost": cost}, served)
        for index, (grant, cost, served) in enumerate(drawn)
    ]
    result = line_of_sight(priorities, lines)
    for index, measure in enumerate(("grant", "total_cost")):
        whole = sum((row[index] for row in drawn if row[index] is not None), D(0))
        assert result.totals[measure] == whole
        assert result.apportioned_total(measure) == whole
        for line in result.priorities:
            for share in line.shares:
                value = share.values[measure]
                assert value is None or value == value.quantize(D("0.01"))
    counted = sum(line.project_count for line in result.priorities) + (
        result.unlinked.project_count
    )
    assert counted == sum(max(len(served), 1) for _, _, served in drawn)


def test_each_theme_shows_the_money_of_the_priorities_serving_it_overlapping():
    result = line_of_sight(
        PRIORITIES,
        [project("P1", D("300.00"), ["ideas"]), project("P2", D("50.00"), ["workforce"])],
    )
    served = {"ideas": {"ideas-foundation", "people"}, "workforce": {"people"}}
    columns = by_theme(result, ["ideas-foundation", "people", "clean-growth"], served)
    assert [(c.key, c.priorities, c.amount) for c in columns] == [
        ("ideas-foundation", ("ideas",), D("300.00")),
        ("people", ("ideas", "workforce"), D("350.00")),
        ("clean-growth", (), D("0.00")),
    ]
    assert not columns[2].served


def test_flags_name_no_projects_gaps_with_little_money_kpis_without_data_and_no_priority():
    result = line_of_sight(
        PRIORITIES,
        [
            project("P1", D("900.00"), ["ideas"]),
            project("P2", D("99.00"), ["workforce"]),
            project("P3", D("12.34")),
            project("P4", D("0.66")),
        ],
    )
    # An even split of the £999 with a priority is £333; half of it is £166.50.
    assert little_money_threshold(result) == D("166.50")
    found = flags(
        result,
        FlagInputs(
            worse={"ideas": 2, "workforce": 1, "infrastructure": 3},
            kpis=[
                KpiCheck("ideas", "GVA per hour for SELEP", True),
                KpiCheck("workforce", "Level 4 skills for Thurrock", False, "No value held."),
            ],
        ),
    )
    assert found == [
        Flag(FlagKind.GAPS_LITTLE_MONEY, "workforce", 1, D("99.00"), D("166.50")),
        Flag(
            FlagKind.KPI_WITHOUT_DATA,
            "workforce",
            subject="Level 4 skills for Thurrock",
            note="No value held.",
        ),
        Flag(FlagKind.NO_PROJECTS, "infrastructure"),
        Flag(FlagKind.GAPS_LITTLE_MONEY, "infrastructure", 3, D("0.00"), D("166.50")),
        Flag(FlagKind.NO_PRIORITY, None, count=2, amount=D("13.00")),
    ]


def test_no_flags_when_every_priority_is_funded_and_all_money_has_a_priority():
    result = line_of_sight(["ideas"], [project("P1", D("1.00"), ["ideas"])])
    assert flags(result, FlagInputs(worse={"ideas": 4})) == []
