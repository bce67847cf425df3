"""Saved scenarios: their figures equal the choice made, they are kept as they were when the
call changes, and two compare side by side with the reason each candidate is in or out."""

import pytest

from localgrowth.prioritisation.models import Candidate, Scenario
from localgrowth.prioritisation.scenarios import compare, save_scenario, totals
from localgrowth.prioritisation.services import CallProblem, choose_portfolio

pytestmark = pytest.mark.django_db


def test_a_scenario_keeps_the_choice_its_figures_and_reasons(scenario):
    lines = {line.reference: line for line in scenario.lines.all()}
    assert scenario.status == "optimal"
    assert scenario.objective_value == pytest.approx(1_350_000)
    assert [ref for ref, line in lines.items() if line.funded] == ["B", "C"]
    assert lines["B"].grant_funded == 500_000
    assert lines["B"].reason.startswith("Funded")
    assert lines["A"].reason.startswith("Not funded: funding it would lower the objective by")
    assert "B" in lines["A"].reason or "C" in lines["A"].reason
    assert lines["D"].reason.startswith("Not eligible:")
    assert "2021/22" in lines["D"].reason
    assert not lines["D"].eligible
    assert scenario.greedy["lost"] == pytest.approx(450_000)
    assert scenario.illustrative
    figures = totals(scenario)
    assert (figures.funded, figures.grant_funded, figures.unspent) == (2, 1_000_000, 0)
    assert figures.gross_jobs == 50
    assert figures.gross_homes == 20


def test_a_saved_scenario_does_not_change_when_the_call_does(scenario, small_call):
    Candidate.objects.filter(reference="B").update(title="Renamed", excluded=True)
    again = Scenario.objects.get(pk=scenario.pk)
    line = again.lines.get(reference="B")
    assert line.title == "Scheme B"
    assert line.funded


def test_board_flags_in_a_scenario_change_the_choice_and_are_compared(scenario, small_call):
    forced = save_scenario(small_call, name="Fund A", also_must_fund=["A"], time_limit=5)
    funded = sorted(line.reference for line in forced.lines.all() if line.funded)
    assert funded == ["A"]
    assert forced.lines.get(reference="A").reason.startswith(
        "Funded because the board set it as must fund"
    )
    assert list(forced.also_must_fund.values_list("reference", flat=True)) == ["A"]
    both = compare(scenario, forced)
    changes = {one.reference: one.change for one in both.differences}
    assert changes == {"A": "joins", "B": "leaves", "C": "leaves", "D": "out of both"}
    assert both.first_totals.grant_funded == 1_000_000
    assert both.second_totals.grant_funded == 600_000


def test_conflicting_flags_are_refused_and_nothing_is_saved(small_call):
    before = Scenario.objects.count()
    with pytest.raises(CallProblem, match="both must fund and excluded"):
        save_scenario(small_call, name="x", also_must_fund=["A"], also_excluded=["A"])
    with pytest.raises(CallProblem, match="D must be funded but is not eligible"):
        save_scenario(small_call, name="x", also_must_fund=["D"])
    with pytest.raises(CallProblem, match="Z is not a candidate"):
        save_scenario(small_call, name="x", also_excluded=["Z"])
    assert Scenario.objects.count() == before


def test_an_infeasible_scenario_is_saved_with_its_conflicts(small_call):
    infeasible = save_scenario(
        small_call, name="Everything", also_must_fund=["A", "B", "C"], time_limit=5
    )
    assert infeasible.status == "infeasible"
    assert not infeasible.feasible
    assert infeasible.conflicts
    assert "budget" in " ".join(infeasible.conflicts)


def test_area_share_promised_with_no_candidate_there_is_explained(small_call):
    from localgrowth.places.models import Area

    other = Area.objects.filter(area_type="federated_area").order_by("-code").first()
    small_call.area_shares.create(area=other, min_share="0.2")
    with pytest.raises(CallProblem, match="no eligible candidate is in that area"):
        choose_portfolio(small_call, time_limit=5)


def test_inclusive_growth_scores_the_deprivation_of_the_places_served(small_call):
    from localgrowth.evidence import analysis
    from localgrowth.evidence.models import Indicator
    from localgrowth.places.models import Area
    from localgrowth.prioritisation.services import appraise_call

    small_call.criteria.create(code="inclusive_growth", name="Inclusive growth", weight="1")
    with pytest.raises(CallProblem, match="A has no places served"):
        appraise_call(small_call)
    thanet, tunbridge = (
        Area.objects.get(code=code, valid_to__isnull=True) for code in ("E07000114", "E07000116")
    )
    imd = Indicator.objects.get(code="imd-average-score")
    scores = analysis.indicator_values(imd, analysis.latest_period(imd))
    for reference in "ABC":
        Candidate.objects.get(call=small_call, reference=reference).places.set([tunbridge])
    Candidate.objects.get(call=small_call, reference="A").places.set([thanet, tunbridge])
    appraised = appraise_call(small_call)
    assert appraised.deprivation["A"] == pytest.approx(
        (scores["E07000114"] + scores["E07000116"]) / 2
    )
    assert appraised.deprivation["B"] == pytest.approx(scores["E07000116"])
    # Thanet is more deprived than Tunbridge Wells, so A scores higher on the criterion.
    assert (
        appraised.matrix.values[appraised.matrix.candidates.index("A")][
            appraised.matrix.criteria.index("inclusive_growth")
        ]
        > appraised.matrix.values[appraised.matrix.candidates.index("B")][
            appraised.matrix.criteria.index("inclusive_growth")
        ]
    )
    assert "D" not in appraised.deprivation  # not eligible, not scored


def test_area_shares_and_foundation_counts_of_the_call_constrain_the_choice(small_call):
    from localgrowth.framework.models import Theme

    a = Candidate.objects.get(call=small_call, reference="A")
    small_call.area_shares.create(area=a.federated_area, min_share="0.5")
    choice = choose_portfolio(small_call, time_limit=5)
    assert "A" in choice.solution.funded
    small_call.area_shares.all().delete()
    foundation = Theme.objects.filter(kind="foundation").order_by("code").first()
    a.themes.add(foundation)
    small_call.foundation_covers.create(foundation=foundation, min_count=1)
    choice = choose_portfolio(small_call, time_limit=5)
    assert "A" in choice.solution.funded
    assert choice.constraints.foundation_min_count == {foundation.code: 1}
