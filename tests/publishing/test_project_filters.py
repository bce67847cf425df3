"""The one project filter, on the SELEP demo: each filter alone, filters combined, the errors a
query string can get, and the summaries of a filtered list."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from localgrowth.places.models import Area
from localgrowth.projects.models import Project, ProjectArea, ProjectTheme
from localgrowth.projects.queries import (
    ProjectFilters,
    facet_counts,
    filter_projects,
    totals,
)

pytestmark = pytest.mark.usefixtures("demo")

KENT, THANET, MEDWAY = "E10000016", "E07000114", "E06000035"
KENT_COUNTY_PROJECTS = {"SELEP-088", "SELEP-089"}
ESSEX_COUNTY_PROJECT = "SELEP-027"


def references(**filters) -> list[str]:
    return list(filter_projects(ProjectFilters(**filters)).values_list("reference", flat=True))


def serving(*codes: str) -> set[str]:
    rows = ProjectArea.objects.filter(area__code__in=codes)
    return set(rows.values_list("project__reference", flat=True))


def test_no_filter_lists_every_project_in_reference_order():
    found = references()
    assert len(found) == 138
    assert found == sorted(found)
    assert ProjectFilters().is_filtered is False


def test_a_district_lists_the_projects_serving_it_but_not_its_county():
    found = set(references(area=THANET))
    assert found == serving(THANET)
    assert found
    assert not found & KENT_COUNTY_PROJECTS


def test_a_county_lists_its_own_projects_and_its_districts():
    districts = Area.objects.get(code=KENT).children.values_list("code", flat=True)
    found = set(references(area=KENT))
    assert found == serving(KENT, *districts)
    assert found >= KENT_COUNTY_PROJECTS | serving(THANET)
    assert not found & (serving(MEDWAY) - serving(KENT, *districts))
    assert "SELEP-098" not in found  # it serves all of Kent & Medway, not just Kent


def test_a_federated_area_lists_the_counties_and_districts_within_it():
    found = set(references(area="SELEP-KM"))
    assert found >= KENT_COUNTY_PROJECTS | serving(MEDWAY) | {"SELEP-098"}
    assert found == set(
        Project.objects.filter(federated_area__code="SELEP-KM").values_list("reference", flat=True)
    )


def test_a_county_straddling_two_federated_areas_is_within_neither():
    # Essex county's twelve districts lie in Essex (nine) and Opportunity South Essex (three).
    assert ESSEX_COUNTY_PROJECT not in references(area="SELEP-ESX")
    assert ESSEX_COUNTY_PROJECT not in references(area="SELEP-OSE")
    assert ESSEX_COUNTY_PROJECT in references(area="E10000012")
    # A project serving Basildon, Brentwood and Rochford serves Essex through Brentwood.
    assert "SELEP-032" in references(area="SELEP-ESX")
    assert "SELEP-032" in references(area="SELEP-OSE")


def test_the_partnership_lists_every_project():
    assert len(references(area="E37000056")) == 138


def test_foundation_and_challenge_filters_follow_the_tags():
    people = set(references(foundation="foundation-people"))
    tagged = ProjectTheme.objects.filter(theme__code="foundation-people")
    assert people == set(tagged.values_list("project__reference", flat=True))
    assert len(people) == 20
    clean = references(challenge="challenge-clean-growth")
    assert len(clean) == 1
    assert Project.objects.get(reference=clean[0]).category == "energy"


def test_amount_range_includes_both_ends_and_leaves_out_missing_grants():
    low, high = Decimal("1000000"), Decimal("5000000")
    found = references(min_amount=low, max_amount=high)
    expected = [
        project.reference
        for project in Project.objects.order_by("reference")
        if project.grant is not None and low <= project.grant <= high
    ]
    assert found == expected
    assert found
    exact = Project.objects.exclude(grant=None).order_by("reference").first()
    assert exact.reference in references(min_amount=exact.grant, max_amount=exact.grant)


def test_text_search_ignores_case_and_looks_in_every_text_field():
    assert references(q="thanet") == references(q="THANET")
    assert references(q="thanet")
    assert references(q="selep-001") == ["SELEP-001"]
    placed = Project.objects.exclude(place_name="").first()
    assert placed.reference in references(q=placed.place_name.upper())
    Project.objects.filter(reference="SELEP-002").update(promoter="Thurrock Council")
    assert "SELEP-002" in references(q="thurrock council")
    assert references(q="no project says this") == []


def test_filters_combine_as_and():
    combined = set(
        references(area="SELEP-KM", category="transport", status="completed", fund="lgf")
    )
    separately = (
        set(references(area="SELEP-KM"))
        & set(references(category="transport"))
        & set(references(status="completed"))
        & set(references(fund="lgf"))
    )
    assert combined == separately
    assert combined


def test_from_query_reads_a_query_string_and_ignores_empty_values():
    query = QueryDict("area=selep-km&fund=LGF-3&status=&q=+road+&min_amount=%C2%A31%2C000")
    filters, errors = ProjectFilters.from_query(query)
    assert errors == {}
    assert filters == ProjectFilters(
        area="SELEP-KM", fund="lgf-3", q="road", min_amount=Decimal("1000.00")
    )
    assert ProjectFilters.from_query(filters.to_query()) == (filters, {})


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"area": "E99999999"}, "area", "SELEP-KM"),
        ({"fund": "lottery"}, "fund", "lgf-3"),
        ({"programme": "nope"}, "programme", "selep-growth-deal"),
        ({"status": "done"}, "status", "in_delivery"),
        ({"category": "roads"}, "category", "transport"),
        ({"foundation": "challenge-clean-growth"}, "foundation", "foundation-people"),
        ({"challenge": "foundation-people"}, "challenge", "challenge-clean-growth"),
        ({"min_amount": "lots"}, "min_amount", "in pounds"),
        ({"max_amount": "NaN"}, "max_amount", "in pounds"),
        ({"min_amount": "-5"}, "min_amount", "between"),
        ({"min_amount": "1.005"}, "min_amount", "two decimal places"),
        ({"min_amount": "10", "max_amount": "5"}, "max_amount", "must not be less"),
        ({"q": "a\x00b"}, "q", "control characters"),
        ({"q": "x" * 201}, "q", "200 characters"),
    ],
)
def test_from_query_names_the_parameter_and_says_what_to_do(query, parameter, words):
    filters, errors = ProjectFilters.from_query(query)
    assert list(errors) == [parameter]
    assert words in errors[parameter]
    assert getattr(filters, parameter) is None


def test_facets_count_the_filtered_projects():
    filters = ProjectFilters(area="SELEP-KM")
    facets = facet_counts(filters)
    projects = filter_projects(filters)
    for facet in ("status", "category", "fund", "federated_area"):
        assert sum(option.count for option in facets[facet]) == projects.count()
    by_code = {option.code: option.count for option in facets["federated_area"]}
    assert by_code == {"SELEP-ES": 0, "SELEP-ESX": 0, "SELEP-KM": 56, "SELEP-OSE": 0}
    infrastructure = next(o for o in facets["foundation"] if o.code == "foundation-infrastructure")
    assert (
        infrastructure.count
        == projects.filter(theme_tags__theme__code="foundation-infrastructure").count()
    )


def test_totals_add_up_to_the_penny():
    projects = filter_projects(ProjectFilters(area="SELEP-ES"))
    result = totals(projects)
    assert result.count == projects.count() == 30
    assert result.grant == sum((p.grant for p in projects if p.grant), Decimal(0))
    assert result.total_cost == sum((p.total_cost for p in projects if p.total_cost), Decimal(0))
