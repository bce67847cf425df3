"""The SELEP demo: all 138 projects, amounts exact, areas matched, nothing guessed."""

import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from localgrowth.demo import register
from localgrowth.demo.services import load_demo
from localgrowth.projects.models import (
    HeadlineTarget,
    OutputLine,
    ProgressSnapshot,
    Project,
    ProjectArea,
)

pytestmark = pytest.mark.django_db


def csv_rows():
    return register.read_register()


def csv_money(column: str) -> Decimal:
    return sum((Decimal(row[column]) for row in csv_rows() if row[column]), Decimal(0))


def first_number(text: str) -> int:
    return int(re.match(r"\d+", text.replace(",", "")).group())


def test_all_138_projects_load_with_their_sources(demo):
    assert Project.objects.count() == 138
    assert not Project.objects.filter(sources__isnull=True).exists()
    assert Project.objects.get(reference="SELEP-001").title == csv_rows()[0]["name"]


def test_grant_and_total_cost_equal_the_register_to_the_penny(demo):
    totals = Project.objects.aggregate(grant=Sum("grant"), total=Sum("total_cost"))
    assert totals["grant"] == csv_money("lgf_gbf_amount_gbp")
    assert totals["total"] == csv_money("total_project_cost_gbp")
    assert Project.objects.exclude(grant=None).count() == sum(
        1 for row in csv_rows() if row["lgf_gbf_amount_gbp"]
    )


def test_jobs_and_homes_equal_the_register(demo):
    homes = sum(int(row["forecast_homes"]) for row in csv_rows() if row["forecast_homes"])
    # Jobs created: the first number of each cell, unless that number counts construction jobs.
    jobs = sum(
        first_number(row["forecast_jobs"])
        for row in csv_rows()
        if row["forecast_jobs"] and not re.match(r"\d+ construction", row["forecast_jobs"])
    )
    lines = OutputLine.objects.filter(basis="forecast", period="")
    assert lines.filter(output_type__code="homes").aggregate(v=Sum("value"))["v"] == homes
    assert lines.filter(output_type__code="jobs").aggregate(v=Sum("value"))["v"] == jobs


def test_every_area_name_matches_and_shares_sum_to_one(demo):
    assert demo.unmatched_areas == []
    for project in Project.objects.all():
        shares = ProjectArea.objects.filter(project=project).aggregate(s=Sum("share"))["s"]
        assert shares == 1, project.reference
    number = next(
        index
        for index, row in enumerate(csv_rows(), start=1)
        if row["local_authority"] == "Basildon; Brentwood; Rochford"
    )
    shares = ProjectArea.objects.filter(project__reference=register.reference(number))
    assert sorted(share.area.code for share in shares) == ["E07000066", "E07000068", "E07000075"]
    assert sorted(share.share for share in shares) == [
        Decimal("0.333333"),
        Decimal("0.333333"),
        Decimal("0.333334"),
    ]


def test_written_names_become_codes():
    result = register.Conversion()
    assert register.area_codes("Tonbridge & Malling", "Kent & Medway", "X", result) == ["E07000115"]
    assert register.area_codes("Southend", "Opportunity South Essex", "X", result) == ["E06000033"]
    assert register.area_codes("Kent (countywide)", "Kent & Medway", "X", result) == ["E10000016"]
    assert register.area_codes(
        "Basildon; Brentwood; Rochford", "Opportunity South Essex", "X", result
    ) == ["E07000066", "E07000068", "E07000075"]
    assert register.area_codes("", "East Sussex", "X", result) == ["SELEP-ES"]
    assert result.unmatched_areas == []
    assert register.area_codes("Atlantis", "East Sussex", "X", result) == ["SELEP-ES"]
    assert result.unmatched_areas == [("X", "Atlantis")]


def test_no_project_has_an_invented_exact_point(demo):
    assert not Project.objects.filter(location_precision__in=["exact", "place"]).exists()
    assert not Project.objects.filter(location_precision="none").exists()


def test_status_rules():
    assert register.status("Fully approved; LGF delivered; completed Spring 2019") == "completed"
    assert register.status("Removed from LGF programme by AB 12 Apr 2019") == "withdrawn"
    assert register.status("Construction in progress; expected Spring 2024") == "in_delivery"
    assert register.status("Approved by SELEP board (news item)") == "approved"
    assert register.status("Named among GBF projects Aug 2020") == "pipeline"
    assert register.status("Delivered by Highways England; KCC decision 20/00058") == "approved"
    assert register.status("") == "unknown"


def test_jobs_cells_split_into_output_types():
    assert register.jobs("37 (plus 25 safeguarded)") == {
        "jobs": (37, ""),
        "jobs_safeguarded": (25, ""),
    }
    assert register.jobs("16 construction jobs; 51 safeguarded") == {
        "construction_jobs": (16, ""),
        "jobs_safeguarded": (51, ""),
    }
    assert register.jobs("400-800")["jobs"][0] == 400
    assert register.jobs("436 (plus 1,430 indirect)")["jobs"] == (
        436,
        "1,430 indirect jobs also stated.",
    )


def test_match_funding_amounts_only_when_stated_plainly():
    parts = list(register.match_funding("KCC £5.2m; Southend BC about £720k; Developer funding"))
    assert parts == [
        ("KCC", "public", "5200000.00"),
        ("Southend BC about £720k", "public", ""),
        ("Developer funding", "private", ""),
    ]


def test_targets_and_snapshots_carry_sources(demo):
    current = HeadlineTarget.objects.filter(programme__slug="selep-growth-deal", is_current=True)
    assert {t.measure: int(t.value) for t in current} == {
        "jobs": 78000,
        "homes": 29000,
        "investment_gbp": 600_000_000,
        "projects": 200,
    }
    assert all(t.deadline.isoformat() == "2021-03-31" for t in current)
    snapshot = ProgressSnapshot.objects.get(as_at_label="7 Dec 2017", measure="jobs")
    assert snapshot.value == 3571
    assert snapshot.source_url.startswith("https://")


def test_loading_the_demo_twice_changes_nothing(demo, settings):
    before = Project.history.count()
    load_demo(lambda message: None)
    assert Project.history.count() == before
