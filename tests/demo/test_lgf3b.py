"""The demo's SELEP LGF3b call: the published money and rules, candidates that are register
projects with their real figures, every invented figure labelled illustrative, a reload that
changes nothing, and a portfolio the solver proves best within the budget."""

import csv
from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from localgrowth.demo import prioritisation as lgf3b
from localgrowth.demo import register
from localgrowth.demo.services import load_demo
from localgrowth.prioritisation.models import (
    Call,
    CallAreaShare,
    CallBudget,
    CallCriterion,
    CallFoundationCover,
    Candidate,
    CandidateBenefit,
    CandidateCost,
    CandidateScore,
)
from localgrowth.prioritisation.services import appraise_call, choose_portfolio

pytestmark = pytest.mark.django_db

KENT_PIPELINE = {
    "Kent and Medway Medical School",
    "Thanet Parkway railway station",
    "M2 Junction 5 (Stockbury) improvements",
    "East Malling Advanced Technology Horticultural Zone",
}


@pytest.fixture
def call(demo):
    return Call.objects.get(slug="selep-lgf3b")


def data_rows():
    with lgf3b.CANDIDATES.open(encoding="utf-8", newline="") as handle:
        return {row["reference"]: row for row in csv.DictReader(handle)}


def register_row(name):
    return next(row for row in register.read_register() if row["name"] == name)


def test_the_call_has_the_published_budget_and_rules(call):
    assert call.fund.code == "lgf-3b"
    assert call.budget_total == D("8300000.00")
    assert (call.min_grant, call.max_grant) == (D("250000.00"), D("8000000.00"))
    assert call.spend_deadline == date(2021, 3, 31)
    assert call.opens == date(2018, 6, 29)
    assert call.min_match_share is None
    assert call.published
    assert call.illustrative
    assert (
        call.source_url
        == "https://www.southeastlep.com/opportunities/open-call-for-lgf-3b-projects/"
    )
    assert "Real:" in call.description
    assert "Illustrative:" in call.description
    budgets = dict(call.budgets.values_list("financial_year", "amount"))
    assert list(budgets) == ["2018/19", "2019/20", "2020/21"]
    assert sum(budgets.values()) == call.budget_total
    criteria = dict(call.criteria.values_list("code", "direction"))
    assert criteria == {
        "bcr": "benefit",
        "deliverability": "benefit",
        "risk": "cost",
        "leverage": "benefit",
        "strategic_fit": "benefit",
        "inclusive_growth": "benefit",
    }
    assert sum(call.criteria.values_list("weight", flat=True)) == 1
    # No area shares or foundation covers: the sources give no basis for them.
    assert not CallAreaShare.objects.filter(call=call).exists()
    assert not CallFoundationCover.objects.filter(call=call).exists()


def test_candidates_are_register_projects_with_their_real_figures(call):
    candidates = list(call.candidates.select_related("project", "federated_area"))
    assert 8 <= len(candidates) <= 14
    rows = data_rows()
    assert {candidate.reference for candidate in candidates} == set(rows)
    assert {candidate.project.title for candidate in candidates} >= KENT_PIPELINE
    assert {candidate.federated_area.code for candidate in candidates} == {
        "SELEP-KM",
        "SELEP-ESX",
        "SELEP-OSE",
        "SELEP-ES",
    }
    for candidate in candidates:
        row = register_row(rows[candidate.reference]["register_name"])
        assert candidate.project.title == candidate.title == row["name"]
        assert candidate.federated_area.code == register.FEDERATED_AREAS[row["federated_area"]]
        places = list(candidate.places.all())
        assert places, candidate.reference
        assert {place.area_type for place in places} == {"district"}
        assert candidate.themes.exists()
        # The grant is the register's where the register gives one for this call's candidates
        # (Thanet's register figure adds its later Getting Building Fund grant; Grays South's
        # is the later, raised award).
        if candidate.reference not in {"L3B-02", "L3B-04", "L3B-10"}:
            assert candidate.grant == D(row["lgf_gbf_amount_gbp"]), candidate.reference
        if row["total_project_cost_gbp"] and candidate.reference != "L3B-02":
            total = sum(candidate.costs.values_list("amount", flat=True))
            assert total == D(row["total_project_cost_gbp"]), candidate.reference
    by_reference = {candidate.reference: candidate for candidate in candidates}
    m2 = by_reference["L3B-03"]
    assert (m2.grant, m2.match_funding) == (D("1600000.00"), D("92400000.00"))
    assert by_reference["L3B-05"].gross_jobs == 1300
    assert by_reference["L3B-04"].gross_jobs == 14
    assert by_reference["L3B-10"].gross_homes == 84
    assert by_reference["L3B-02"].grant == D("14000000.00")


def test_every_candidate_with_invented_figures_is_illustrative(call):
    rows = data_rows()
    for candidate in call.candidates.all():
        row = rows[candidate.reference]
        invented = row["illustrative_figures"]
        assert "cost profile" in invented
        assert "benefits" in invented
        assert candidate.illustrative, candidate.reference
    # The East Malling grant is not published: the data says it is invented.
    assert "grant" in rows["L3B-04"]["illustrative_figures"]
    assert "illustrative" in rows["L3B-04"]["notes"]


def test_benefits_give_each_candidate_its_stated_bcr(call):
    appraised = appraise_call(call)
    rows = data_rows()
    for one in appraised.candidates:
        assert one.appraisal is not None
        assert one.appraisal.bcr.value == pytest.approx(float(rows[one.reference]["bcr"]), abs=1e-6)
    # M2 Junction 5's is the published 3.5; the others are illustrative.
    assert rows["L3B-03"]["bcr_published"] == "yes"
    assert {row["bcr_published"] for ref, row in rows.items() if ref != "L3B-03"} == {"no"}


def counts():
    tracked = [
        Call,
        CallBudget,
        CallCriterion,
        Candidate,
        CandidateCost,
        CandidateBenefit,
        CandidateScore,
    ]
    found = {}
    for model in tracked:
        found[model.__name__] = model.objects.count()
        found[f"{model.__name__} history"] = model.history.count()
    for name in ("HistoricalCandidate_places", "HistoricalCandidate_themes"):
        found[name] = apps.get_model("prioritisation", name).objects.count()
    found["places"] = Candidate.places.through.objects.count()
    found["themes"] = Candidate.themes.through.objects.count()
    return found


def test_loading_the_demo_again_adds_no_row_and_no_history(call, settings):
    before = counts()
    said = []
    load_demo(said.append, evidence=False)
    assert counts() == before
    assert "LGF3b call (selep-lgf3b): unchanged." in said
    assert any("LGF3b candidates" in line and "13 unchanged" in line for line in said)


def test_the_solver_proves_its_portfolio_best_within_the_budget(call):
    choice = choose_portfolio(call, time_limit=10)
    solution = choice.solution
    assert solution.status == "optimal"
    assert solution.funded
    assert solution.total_cost <= float(call.budget_total) + 0.01
    budgets = dict(call.budgets.values_list("financial_year", "amount"))
    for year, amount in solution.cost_by_year.items():
        assert amount <= float(budgets[year]) + 0.01
    # Thanet Parkway asks for more than the largest grant; Churchfields spends too late.
    assert not {"L3B-02", "L3B-13"} & set(solution.funded)
    out = StringIO()
    call_command("prioritise", "selep-lgf3b", stdout=out, stderr=StringIO())
    assert "Status: optimal" in out.getvalue()
