"""The demo's SELEP strategy line: the 2014 plan, the 2018 statement and the 2019 draft Local
Industrial Strategy, published in order; each priority the framework's, on real indicators of
the SELEP area and its places, serving its framework priority's projects; the draft's objective
as the one KPI, its baseline from the evidence base; one action, named by a source; a reload
that adds and changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from localgrowth.demo import strategy as demo
from localgrowth.evidence.analysis import IndicatorPeriod, Places
from localgrowth.framework.models import Theme
from localgrowth.places.models import Partnership
from localgrowth.projects.models import Project, ProjectTheme
from localgrowth.strategy.models import (
    Action,
    Kpi,
    Priority,
    PriorityEvidence,
    Strategy,
    VersionStatus,
)

pytestmark = pytest.mark.django_db

DOCUMENTS = {1: "sep-2014", 2: "sft-2018", 3: "lis-2019"}
PRIORITIES = {
    1: [
        "Enhancing transport connectivity",
        "Increasing business support and productivity",
        "Raising local skill levels",
        "Supporting housing and development",
    ],
    2: [
        "Creating ideas and enterprise",
        "Developing tomorrow's workforce",
        "Accelerating infrastructure",
        "Creating places",
    ],
    3: ["UK's Global Gateway", "Communities for the Future", "Coastal Catalyst"],
}
COASTAL_PARTNERSHIP = {
    "Castle Point",
    "Colchester",
    "Dover",
    "Eastbourne",
    "Hastings",
    "Lewes",
    "Maldon",
    "Rochford",
    "Rother",
    "Southend-on-Sea",
    "Tendring",
    "Thanet",
    "Wealden",
}


@pytest.fixture
def messages(demo_messages):
    return demo_messages


@pytest.fixture
def strategy(messages):
    return Strategy.objects.get(slug=demo.SLUG)


def selep():
    return Partnership.objects.get(slug="selep")


def test_three_versions_published_in_order(strategy, messages):
    assert strategy.area == selep().area
    versions = list(strategy.versions.order_by("number"))
    assert [version.number for version in versions] == [1, 2, 3]
    assert {version.number: version.document.slug for version in versions} == DOCUMENTS
    assert [version.status for version in versions] == [
        VersionStatus.SUPERSEDED,
        VersionStatus.SUPERSEDED,
        VersionStatus.PUBLISHED,
    ]
    assert [version.based_on for version in versions] == [None, versions[0], versions[1]]
    for version in versions:
        assert version.published_at is not None
        assert version.consultation_closes is None
        assert version.source_url.startswith("http")
        assert version.vision
        assert version.summary
        assert "our sources" in version.sources_note.lower()
    draft_lis = versions[2]
    assert "2030" in draft_lis.objective
    assert "GVA per filled job" in draft_lis.objective
    assert draft_lis.aim_productivity
    assert draft_lis.aim_inclusive
    assert "no public consultation" in draft_lis.sources_note
    assert "No final Local Industrial Strategy" in draft_lis.sources_note
    line = next(message for message in messages if message.startswith("Strategy ("))
    assert "versions 1, 2, 3 stored and published in order" in line
    assert line.endswith(" s.")


def test_priorities_are_the_framework_documents_priorities(strategy):
    for version in strategy.versions.all():
        priorities = list(version.priorities.order_by("position"))
        assert [priority.title for priority in priorities] == PRIORITIES[version.number]
        themes = Theme.objects.filter(document=version.document, kind="priority")
        assert [priority.framework_theme for priority in priorities] == list(
            themes.order_by("position")
        )
        for priority in priorities:
            assert priority.title == priority.framework_theme.title
            assert priority.rationale
            assert priority.source_url.startswith("http")


def test_priorities_serve_foundations_on_a_stated_basis_and_target_only_named_places(strategy):
    rows = {(int(row["version"]), row["code"]): row for row in demo.read(demo.PRIORITIES)}
    members = set(selep().members.all())
    for priority in Priority.objects.filter(version__strategy=strategy):
        row = rows[priority.version.number, priority.code]
        served = {theme.code for theme in priority.themes.all()}
        assert served == set(demo.split(row["themes"]))
        assert served
        assert row["themes_basis"]
        assert all(
            theme.kind in ("foundation", "grand_challenge") for theme in priority.themes.all()
        )
        places = set(priority.places.all())
        assert bool(places) == bool(row["places_basis"])
        assert places <= members
    coastal = Priority.objects.get(version__strategy=strategy, code="coastal-catalyst")
    assert {area.name for area in coastal.places.all()} == COASTAL_PARTNERSHIP
    assert not Priority.objects.filter(version__strategy=strategy, places__isnull=False).exclude(
        pk=coastal.pk
    )


def test_each_priority_rests_on_real_indicators_recorded_when_published(strategy):
    places = Places()
    selep_districts = places.districts_of(strategy.area)
    for priority in Priority.objects.filter(version__strategy=strategy):
        lines = list(priority.evidence.select_related("indicator", "area", "release"))
        assert lines, priority.code
        for line in lines:
            assert line.note
            assert places.districts_of(line.area) <= selep_districts
            assert line.period, (priority.code, line.indicator)
            assert line.release is not None
            held = IndicatorPeriod(line.indicator, line.period, places).value(line.area)
            assert line.value == pytest.approx(held.value)
    travel = PriorityEvidence.objects.filter(
        priority__version__strategy=strategy,
        priority__code="transport-connectivity",
        indicator__code="travel-time-employment-centre-public-transport",
    )
    assert sorted(travel.values_list("area__code", flat=True)) == sorted(
        ["E10000011", "E10000012", "E10000016", "E06000035", "E06000033", "E06000034"]
    )


def test_projects_serve_each_priority_through_its_framework_theme(strategy):
    tagged = {}
    for priority in Priority.objects.filter(version__strategy=strategy):
        tagged[priority.version.number, priority.code] = ProjectTheme.objects.filter(
            theme=priority.framework_theme
        ).count()
    # The register tags its projects to the 2014 plan's Growth Deal priorities only.
    assert all(tagged[1, code] > 0 for number, code in tagged if number == 1)
    assert all(count == 0 for (number, _), count in tagged.items() if number > 1)
    assert sum(count for (number, _), count in tagged.items() if number == 1) == (
        ProjectTheme.objects.filter(theme__code__startswith="sep-2014-").count()
    )


def test_the_kpi_is_the_draft_objective_with_its_baseline_from_the_evidence_base(strategy):
    kpis = Kpi.objects.filter(priority__version__strategy=strategy).select_related(
        "indicator", "priority__version"
    )
    assert {kpi.priority.code for kpi in kpis} == {
        "global-gateway",
        "communities-for-the-future",
        "coastal-catalyst",
    }
    area = strategy.area
    held = IndicatorPeriod(kpis[0].indicator, "2019", Places()).value(area).value
    for kpi in kpis:
        assert kpi.priority.version.number == 3
        assert kpi.indicator.code == "gva-per-filled-job-index"
        assert kpi.area == area
        assert kpi.baseline_period == "2019"
        assert kpi.baseline == round(held, 1)
        assert kpi.target is None
        assert kpi.target_date == date(2030, 12, 31)
        assert kpi.target_note.startswith("Close the gap to the rest of the UK by 2030")


def test_the_only_action_is_the_one_a_source_names(strategy):
    action = Action.objects.get(priority__version__strategy=strategy)
    assert (action.priority.version.number, action.priority.code) == (1, "raising-skill-levels")
    assert action.cost == Decimal("22000000.00")
    assert action.timescale == "April 2015 – April 2017"
    assert action.owner == ""
    funded = Project.objects.filter(fund__code="skills-capital")
    assert funded.count() == 6
    assert set(action.projects.all()) == set(funded)


def _counts():
    found = {}
    for name in ("Strategy", "Version", "Priority", "PriorityEvidence", "Action", "Kpi"):
        model = apps.get_model("strategy", name)
        found[name] = model.objects.count()
        found[f"{name} history"] = model.history.count()
    for through in (
        Priority.themes.through,
        Priority.places.through,
        Action.projects.through,
    ):
        found[through.__name__] = through.objects.count()
    for name in (
        "HistoricalPriority_themes",
        "HistoricalPriority_places",
        "HistoricalAction_projects",
    ):
        found[name] = apps.get_model("strategy", name).objects.count()
    return found


def test_loading_again_adds_no_row_and_no_history(strategy):
    before = _counts()
    said: list[str] = []
    demo.load_strategy(said.append)
    assert _counts() == before
    assert said == [f"Strategy ({demo.SLUG}): unchanged; 3 versions already stored, as published."]
