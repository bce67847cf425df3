"""What the projects serving an area come to: each project counted once, its grant, cost, jobs
and homes apportioned by share, exact to the penny."""

from decimal import Decimal

import pytest

from localgrowth.places.models import Area
from localgrowth.projects.area_shares import area_totals
from localgrowth.projects.models import (
    Fund,
    OutputLine,
    OutputType,
    Project,
    ProjectArea,
)
from localgrowth.projects.queries import (
    ProjectFilters,
    filter_projects,
    get_area,
    totals,
)

pytestmark = pytest.mark.usefixtures("demo")

FEDERATED_AREAS = ("SELEP-ES", "SELEP-ESX", "SELEP-KM", "SELEP-OSE")
KENT, THANET, DOVER = "E10000016", "E07000114", "E07000108"


def totals_of(code: str):
    return area_totals(get_area(code))


def test_the_four_federated_areas_add_up_to_the_partnership_exactly():
    selep = totals_of("E37000056")
    parts = [totals_of(code) for code in FEDERATED_AREAS]
    everything = totals(filter_projects(ProjectFilters()))
    assert selep.project_count == 138
    assert selep.grant == everything.grant == sum(part.grant for part in parts)
    assert selep.total_cost == everything.total_cost == sum(part.total_cost for part in parts)
    for measure in ("jobs", "homes"):
        assert getattr(selep, measure) == sum(getattr(part, measure) for part in parts)
    assert selep.jobs > 0
    assert selep.homes > 0


def test_a_straddling_county_project_counts_by_its_districts_in_each_federated_area():
    essex = Project.objects.get(reference="SELEP-027")  # Essex county: 9 districts ESX, 3 OSE
    essex_area = totals_of("SELEP-ESX")
    assert essex_area.shared_project_count == 1
    assert essex_area.project_count == filter_projects(ProjectFilters(area="SELEP-ESX")).count()
    within = sum(
        (p.grant or Decimal(0) for p in filter_projects(ProjectFilters(area="SELEP-ESX"))),
        Decimal(0),
    )
    # Every project within Essex serves only Essex districts, so only SELEP-027 is apportioned.
    assert essex_area.grant == within + essex.grant * 9 / 12


def test_a_project_serving_two_districts_counts_once_for_the_county_and_by_share_in_each():
    before = {code: totals_of(code) for code in (KENT, THANET, DOVER, "SELEP-KM")}
    project = Project.objects.create(
        reference="TEST-001",
        title="Two districts",
        fund=Fund.objects.get(code="lgf"),
        status="approved",
        category="transport",
        grant=Decimal("1000.01"),
        total_cost=Decimal("3000.00"),
    )
    for code in (THANET, DOVER):
        area = Area.objects.get(code=code, valid_to=None)
        ProjectArea.objects.create(project=project, area=area, share=Decimal("0.5"))
    OutputLine.objects.create(
        project=project,
        output_type=OutputType.objects.get(code="jobs"),
        basis="forecast",
        value=Decimal("3"),
    )
    after = {code: totals_of(code) for code in before}
    grown = {
        code: (
            after[code].project_count - before[code].project_count,
            after[code].grant - before[code].grant,
            after[code].jobs - before[code].jobs,
        )
        for code in before
    }
    assert grown[KENT] == grown["SELEP-KM"] == (1, Decimal("1000.01"), Decimal("3.00"))
    thanet, dover = grown[THANET], grown[DOVER]
    assert thanet[0] == dover[0] == 1
    assert {thanet[1], dover[1]} == {Decimal("500.01"), Decimal("500.00")}
    assert thanet[1] + dover[1] == Decimal("1000.01")
    assert thanet[2] == dover[2] == Decimal("1.50")
    assert after[THANET].total_cost - before[THANET].total_cost == Decimal("1500.00")


def test_a_district_shares_in_the_county_and_federated_area_projects():
    thanet = totals_of(THANET)
    assert thanet.project_count == filter_projects(ProjectFilters(area=THANET)).count()
    # Two Kent-wide projects and three serving all of Kent & Medway.
    assert thanet.shared_project_count == 5


def test_an_area_with_no_projects_has_zero_totals():
    manchester = totals_of("E08000003")
    assert manchester.project_count == manchester.shared_project_count == 0
    assert manchester.grant == manchester.jobs == Decimal("0.00")
