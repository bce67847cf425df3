"""The read service of the evidence base, over the shipped official files: areas' values
(published or aggregated), scorecards, sector strengths and similar places, each checked
against a computation made here from the stored observations."""

import math
import statistics

import pytest

from localgrowth.domain.evidence.errors import IncompleteDataError, NotAggregableError
from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator, Observation
from localgrowth.places.models import Area, AreaType

pytestmark = pytest.mark.usefixtures("shipped_evidence")

SELEP = "E37000056"
THANET = "E07000114"


@pytest.fixture
def places(db):
    return analysis.Places()


def _latest(code: str, period: str, **where) -> dict[str, Observation]:
    rows = Observation.objects.filter(
        indicator__code=code, period=period, industry__isnull=True, **where
    ).latest_release()
    return {row.area.code: row for row in rows.select_related("area")}


def _selep_districts() -> set[str]:
    selep = Area.objects.get(code=SELEP, valid_to__isnull=True)
    found = set()
    frontier = [selep]
    while frontier:
        area = frontier.pop()
        for child in area.children.all():
            if child.area_type == AreaType.DISTRICT and child.valid_to is None:
                found.add(child.code)
            frontier.append(child)
    return found


def test_partnership_gva_per_hour_is_total_gva_over_total_hours(places):
    indicator = Indicator.objects.get(code="gva-per-hour-worked")
    period = analysis.latest_period(indicator)
    assert period == "2022"
    districts = _selep_districts()
    assert len(districts) > 10
    rows = _latest("gva-per-hour-worked", period, area__code__in=districts)
    hours = _latest("productivity-hours-worked", period, area__code__in=districts)
    assert set(rows) == districts == set(hours)
    # Each district's GVA is its GVA per hour times its hours; the partnership's value is the
    # total of that GVA over the total hours.
    total_gva = math.fsum(rows[code].value * hours[code].value for code in districts)
    total_hours = math.fsum(hours[code].value for code in districts)
    found = analysis.area_value(indicator, Area.objects.get(code=SELEP), period, places)
    assert not found.published
    assert found.districts == len(districts)
    assert found.value == pytest.approx(total_gva / total_hours, rel=1e-12)
    mean_of_ratios = statistics.fmean(rows[code].value for code in districts)
    assert abs(found.value - mean_of_ratios) > 0.1


def test_a_published_value_is_used_and_a_district_is_its_own(places):
    indicator = Indicator.objects.get(code="population")
    kent = Area.objects.get(code="E10000016", valid_to__isnull=True)
    published = _latest("population", "mid-2022", area=kent)["E10000016"].value
    found = analysis.area_value(indicator, kent, "mid-2022", places)
    assert found.published
    assert found.value == published
    thanet = Area.objects.get(code=THANET)
    assert analysis.area_value(indicator, thanet, "mid-2022", places).value == (
        _latest("population", "mid-2022", area=thanet)[THANET].value
    )
    values = analysis.indicator_values(indicator, "mid-2022")
    assert len(values) == len(places.districts)
    assert "E10000016" not in values


def test_an_indicator_that_cannot_be_aggregated_is_refused_with_the_reason(places):
    indicator = Indicator.objects.get(code="imd-average-score")
    with pytest.raises(NotAggregableError) as refused:
        analysis.area_value(indicator, Area.objects.get(code=SELEP), "2025", places)
    assert "imd-average-score cannot be aggregated" in str(refused.value)
    assert refused.value.reason


def test_an_incomplete_aggregate_is_refused_naming_the_districts(places):
    indicator = Indicator.objects.get(code="gigabit-broadband")
    period = analysis.latest_period(indicator)
    held = analysis.indicator_values(indicator, period)
    assert "E92000001" not in _latest(indicator.code, period)
    with pytest.raises(IncompleteDataError) as refused:
        analysis.area_value(indicator, Area.objects.get(code="E92000001"), period, places)
    without = set(places.district_codes.values()) - set(held)
    assert without
    assert without <= set(refused.value.missing)


def test_a_districts_rank_matches_one_computed_from_the_observations(places):
    thanet = Area.objects.get(code=THANET)
    card = analysis.scorecard(thanet, places)
    lines = {line.indicator.code: line for part in card.themes for line in part.lines}
    line = lines["gva-per-hour-worked"]
    districts = set(
        Area.objects.filter(area_type=AreaType.DISTRICT, valid_to__isnull=True).values_list(
            "code", flat=True
        )
    )
    values = {
        code: row.value
        for code, row in _latest("gva-per-hour-worked", "2022").items()
        if code in districts
    }
    # Higher is better: one more than the number of districts strictly higher.
    expected = 1 + sum(1 for value in values.values() if value > values[THANET])
    assert line.rank is not None
    assert (line.rank.position, line.rank.of) == (expected, len(values))
    assert line.rank.quintile == 1 + 5 * (expected - 1) // len(values)
    assert line.value is not None
    assert line.value.value == values[THANET]
    assert line.england is not None
    assert line.rag is not None
    # Thanet's productivity is far below England's: worse by more than the threshold.
    assert line.england.gap < 0
    assert line.rag == "red"
    assert line.trend is not None
    assert line.trend_base == "2004"
    assert card.region is not None
    assert card.region.code == "E12000008"
    assert len(card.similar_places) == 10


def test_a_scorecard_has_the_foundations_and_grand_challenges(places):
    card = analysis.scorecard(Area.objects.get(code=SELEP), places)
    kinds = {part.theme.kind for part in card.themes}
    assert {"foundation", "grand_challenge"} <= kinds
    lines = [line for part in card.themes for line in part.lines]
    assert all(not line.indicator.by_industry for line in lines)
    refused = next(line for line in lines if line.indicator.code == "imd-average-score")
    assert refused.value is None
    assert "cannot be aggregated" in refused.note
    assert card.region is None  # SELEP spans the South East and the East of England


@pytest.mark.parametrize("code", [THANET, SELEP])
def test_no_total_is_benchmarked_as_if_it_were_a_rate(places, code):
    card = analysis.scorecard(Area.objects.get(code=code, valid_to__isnull=True), places)
    lines = [line for part in card.themes for line in part.lines]
    totals = [line for line in lines if line.indicator.aggregation == "sum"]
    assert {"population", "productivity-hours-worked", "gva-current-prices"} <= {
        line.indicator.code for line in totals
    }
    for line in totals:
        assert (line.rag, line.england, line.region, line.similar) == (None, None, None, None)
        assert line.significance is None
        assert analysis.TOTAL_NOT_COMPARED in line.note
    rates = [line for line in lines if line.indicator.aggregation != "sum" and line.value]
    assert any(line.rag is not None for line in rates)


def test_location_quotient_matches_a_hand_computation(places):
    thanet = Area.objects.get(code=THANET)
    result = analysis.strengths(thanet, "rgva", 2018, 2023, places=places)
    industry = "F (41-43)"
    rows = Observation.objects.filter(
        indicator__code="gva-by-industry", period="2023", industry__code__in=[industry, "Total"]
    ).latest_release()
    local = {
        row.industry.code: row.value for row in rows.filter(area=thanet).select_related("industry")
    }
    districts = set(
        Area.objects.filter(area_type=AreaType.DISTRICT, valid_to__isnull=True).values_list(
            "pk", flat=True
        )
    )
    national: dict[str, list[float]] = {industry: [], "Total": []}
    for row in rows.select_related("industry"):
        if row.area_id in districts:
            national[row.industry.code].append(row.value)
    share_here = local[industry] / local["Total"]
    share_england = math.fsum(national[industry]) / math.fsum(national["Total"])
    found = result.location_quotients[industry]
    assert found.lq == pytest.approx(share_here / share_england, rel=1e-12)
    assert result.base_year == 2018
    assert result.end_year == 2023
    part = result.shift_share.industries[industry]
    assert part.national + part.industry_mix + part.local == pytest.approx(part.change)


def test_strengths_refuse_a_year_not_held(places):
    with pytest.raises(analysis.StrengthsRefused) as refused:
        analysis.strengths(Area.objects.get(code=THANET), "rgva", 2018, 2099, places=places)
    assert refused.value.parameter == "end_year"


def test_neighbours_are_ten_other_districts(places):
    thanet = Area.objects.get(code=THANET)
    found = analysis.neighbours(thanet, places=places)
    codes = [item.code for item in found.nearest]
    assert len(codes) == 10 == len(set(codes))
    assert THANET not in codes
    kinds = set(Area.objects.filter(code__in=codes).values_list("area_type", flat=True))
    assert kinds == {AreaType.DISTRICT}
    distances = [item.distance for item in found.nearest]
    assert distances == sorted(distances)
    assert {item["indicator"] for item in found.indicators} <= {
        code for code, _ in analysis.NEIGHBOUR_INDICATORS
    }


def test_a_partnerships_neighbours_leave_out_its_own_districts(places):
    found = analysis.neighbours(Area.objects.get(code=SELEP), places=places)
    codes = {item.code for item in found.nearest}
    assert len(codes) == 10
    assert not codes & _selep_districts()
