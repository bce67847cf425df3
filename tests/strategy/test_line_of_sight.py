"""The line of sight of a strategy version: projects and money by priority, apportioned with no
double counting, equal to the register's totals; the flags; the public page.

The hand-worked cases use a strategy for Manchester (a district no demo project serves), so
they hold whether or not the SELEP demo is loaded. The SELEP register's 138 projects are loaded
once for this module, inside a transaction rolled back at its end."""

from decimal import Decimal

import pytest

from localgrowth.domain.evidence.benchmarks import Rag
from localgrowth.domain.line_of_sight import FlagKind
from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator
from localgrowth.framework.models import Theme
from localgrowth.places.models import Area
from localgrowth.projects.models import (
    Basis,
    Fund,
    OutputLine,
    OutputType,
    Project,
    ProjectArea,
    ProjectTheme,
)
from localgrowth.projects.queries import ProjectFilters, filter_projects, totals
from localgrowth.strategy import line_of_sight as los
from localgrowth.strategy.models import (
    Action,
    Kpi,
    Priority,
    PriorityEvidence,
    Strategy,
    Version,
)
from localgrowth.strategy.versions import publish
from web.html import assert_html_response

SELEP, MANCHESTER, THANET = "E37000056", "E08000003", "E07000114"
D = Decimal


def area(code):
    return Area.objects.get(code=code, valid_to=None)


def make_project(reference, grant, serves, themes=(), total_cost=None, jobs=None, homes=None):
    project = Project.objects.create(
        reference=reference,
        title=f"Project {reference}",
        fund=Fund.objects.get(code="lgf"),
        status="approved",
        category="transport",
        grant=grant,
        total_cost=total_cost,
    )
    ProjectArea.objects.create(project=project, area=area(serves), share=D(1))
    for code in themes:
        ProjectTheme.objects.create(project=project, theme=Theme.objects.get(code=code))
    for code, value in (("jobs", jobs), ("homes", homes)):
        if value is not None:
            OutputLine.objects.create(
                project=project,
                output_type=OutputType.objects.get(code=code),
                basis=Basis.FORECAST,
                value=value,
            )
    return project


def make_draft(slug, area_code, number=1):
    strategy, _ = Strategy.objects.get_or_create(
        slug=slug, defaults={"name": f"Strategy {slug}", "area": area(area_code)}
    )
    return Version.objects.create(
        strategy=strategy, number=number, title=f"{strategy.name} {number}"
    )


def make_priority(version, code, position, framework=None, themes=()):
    priority = Priority.objects.create(
        version=version,
        code=code,
        position=position,
        title=code.replace("-", " ").capitalize(),
        framework_theme=Theme.objects.get(code=framework) if framework else None,
    )
    priority.themes.set(Theme.objects.filter(code__in=themes))
    return priority


def link(priority, *projects):
    action = Action.objects.create(priority=priority, title=f"Deliver {priority.code}")
    action.projects.set(projects)
    return action


def worse_indicator(place):
    """An indicator on which the area is now worse than England."""
    places = analysis.Places()
    england = analysis.current_area(analysis.ENGLAND)
    for indicator in Indicator.objects.filter(by_industry=False).order_by("code"):
        line = analysis.scorecard_line(indicator, place, places, places.region_of(place), england)
        if line.rag is Rag.RED:
            return indicator
    raise AssertionError("no indicator is worse than England")


@pytest.fixture
def manchester(db):
    """A published version for Manchester: infrastructure and workforce with projects, places
    with none, and projects serving several priorities, none, and one outside the area; a KPI
    with data (infrastructure) and one without (workforce)."""
    version = make_draft("manchester-lis", MANCHESTER)
    infrastructure = make_priority(
        version,
        "infrastructure",
        1,
        "sft-2018-infrastructure",
        ["foundation-infrastructure", "challenge-future-of-mobility"],
    )
    workforce = make_priority(version, "workforce", 2, "sft-2018-workforce", ["foundation-people"])
    places = make_priority(version, "places", 3, None, ["foundation-places", "foundation-people"])
    shared = make_project(
        "MAN-1",
        D("1000.01"),
        MANCHESTER,
        ["sft-2018-infrastructure"],
        total_cost=D("3000.03"),
        jobs=D("3"),
        homes=D("1"),
    )
    make_project("MAN-2", D("0.03"), MANCHESTER, ["sft-2018-workforce"])
    make_project("MAN-3", D("250.00"), MANCHESTER, total_cost=D("400.00"), jobs=D("2.5"))
    make_project("MAN-4", None, MANCHESTER, ["sft-2018-infrastructure"], total_cost=D("10.00"))
    outside = make_project("THA-1", D("99.99"), THANET, ["sft-2018-infrastructure"])
    link(infrastructure, shared)  # tagged and linked: still once for infrastructure
    link(workforce, shared)
    link(places, outside)
    PriorityEvidence.objects.create(
        priority=places, indicator=worse_indicator(area(MANCHESTER)), area=area(MANCHESTER)
    )
    empty = Indicator.objects.create(
        code="test-no-values",
        title="A measure with no values",
        unit="count",
        polarity="higher_better",
        theme=Theme.objects.get(code="foundation-people"),
        source_publisher="Test",
        source_title="Test",
        source_url="https://example.org/",
        period_type="year",
        aggregation="sum",
    )
    Kpi.objects.create(priority=workforce, indicator=empty, area=area(MANCHESTER))
    population = Indicator.objects.get(code="population")
    Kpi.objects.create(priority=infrastructure, indicator=population, area=area(MANCHESTER))
    return publish(version, None)


def test_a_project_in_two_priorities_is_split_to_the_penny_and_counted_once_in_each(manchester):
    data = los.line_of_sight(manchester)
    infrastructure, workforce, places = (view.line for view in data.priorities)
    assert [share.project for share in infrastructure.shares] == ["MAN-1", "MAN-4"]
    assert [share.project for share in workforce.shares] == ["MAN-1", "MAN-2"]
    # £1,000.01 halved: the odd penny to infrastructure, first in the strategy.
    assert infrastructure.total("grant") == D("500.01")
    assert workforce.total("grant") == D("500.00") + D("0.03")
    assert infrastructure.total("total_cost") == D("1500.02") + D("10.00")
    assert workforce.total("total_cost") == D("1500.01")
    assert infrastructure.total("jobs") == workforce.total("jobs") == D("1.50")
    assert (infrastructure.total("homes"), workforce.total("homes")) == (D("0.50"), D("0.50"))
    assert places.project_count == 0
    assert data.result.unlinked.total("grant") == D("250.00")
    assert [row.reference for row in data.outside] == ["THA-1"]


def test_the_totals_equal_the_registers_for_the_area(manchester):
    data = los.line_of_sight(manchester)
    register = totals(filter_projects(ProjectFilters(area=MANCHESTER)))
    result = data.result
    assert result.project_count == register.count == 4
    assert result.apportioned_total("grant") == register.grant == D("1250.04")
    assert result.apportioned_total("total_cost") == register.total_cost == D("3410.03")
    assert result.apportioned_total("jobs") == D("5.50")
    assert result.apportioned_total("homes") == D("1.00")
    assert data.register.values == {
        "grant": D("1250.04"),
        "total_cost": D("3410.03"),
        "jobs": D("5.50"),
        "homes": D("1.00"),
    }


def test_flags_say_no_projects_gaps_kpi_without_data_and_money_with_no_priority(manchester):
    data = los.line_of_sight(manchester)
    found = [(flag.kind, flag.priority) for flag in data.flags]
    assert found == [
        (FlagKind.KPI_WITHOUT_DATA, "workforce"),
        (FlagKind.NO_PROJECTS, "places"),
        (FlagKind.GAPS_LITTLE_MONEY, "places"),
        (FlagKind.NO_PRIORITY, None),
    ]
    no_priority = data.flags[-1]
    assert (no_priority.count, no_priority.amount) == (1, D("250.00"))
    assert data.priority("places").worse == 1
    assert data.priority("places").evidence[0].now.status_words == "worse than England"
    assert data.flags[0].subject == "A measure with no values for Manchester"
    assert data.flags[0].note == "No values are held."


def test_a_kpi_with_a_value_for_its_area_has_data(manchester):
    line = los.line_of_sight(manchester).priority("infrastructure").kpis[0]
    assert line.has_data
    assert line.reading.period == analysis.latest_period(Indicator.objects.get(code="population"))


def test_the_matrix_shows_each_priority_under_the_themes_it_serves(manchester):
    data = los.line_of_sight(manchester)
    columns = {column.key: column for column in data.columns}
    assert [theme.code for theme in data.themes][:5] == [
        "foundation-ideas",
        "foundation-people",
        "foundation-infrastructure",
        "foundation-business-environment",
        "foundation-places",
    ]
    assert len(data.themes) == 9
    assert columns["foundation-people"].priorities == ("workforce", "places")
    assert columns["foundation-people"].amount == D("500.03")
    assert columns["challenge-future-of-mobility"].amount == D("500.01")
    assert not columns["challenge-clean-growth"].served


def test_the_page_shows_the_matrix_chart_and_flags_for_a_published_version(manchester, client):
    response = client.get("/strategy/manchester-lis/1/line-of-sight/")
    page = assert_html_response(response)
    assert page.h1 == "Line of sight"
    text = page.text()
    assert "Places has no projects" in text
    assert "£250 of grant, in 1 project, serves no priority of this strategy." in text
    assert "the KPI A measure with no values for Manchester has no data" in text
    assert "1 project is linked to a priority but does not serve Manchester" in text
    captions = [text_of(caption) for caption in page.all(".//caption")]
    assert any(caption.startswith("Projects and money by priority") for caption in captions)
    matrix = page.tree.find(".//table[@id='matrix-table']")
    assert matrix is not None
    scopes = {th.get("scope") for th in matrix.iter("th")}
    assert scopes == {"col", "colgroup", "row"}
    row = matrix.find(".//tr[@data-priority='workforce']")
    cells = [text_of(cell) for cell in row.findall("td")]
    assert cells[1] == "£500"  # under People, in short: the table above has it in full
    assert cells[0].endswith("Not served")  # Ideas
    svg = page.tree.find(".//figure[@id='chart-line-of-sight']//{http://www.w3.org/2000/svg}svg")
    assert svg.get("role") == "img"
    table = page.tree.find(".//table[@id='chart-line-of-sight-table']")
    rows = [[text_of(cell) for cell in tr] for tr in table.iter("tr")][1:]
    assert rows[0][:4] == ["Infrastructure", "2", "1", "£500.01"]
    assert rows[3][:4] == ["Money with no priority", "1", "0", "£250"]
    assert rows[4][:4] == ["All projects in scope", "4", "", "£1,250.04"]


def test_the_csv_gives_the_figures_in_full(manchester, client):
    response = client.get("/strategy/manchester-lis/1/line-of-sight/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("priority,title,projects,")
    assert lines[1] == "infrastructure,Infrastructure,2,1,500.01,1510.02,1.50,0.50,0,0"
    assert lines[-1].startswith(",All projects in scope,4,,1250.04,3410.03,5.50,1.00")


def test_a_draft_or_a_missing_version_is_not_found(manchester, client):
    draft = make_draft("manchester-lis", MANCHESTER, number=2)
    assert client.get("/strategy/manchester-lis/2/line-of-sight/").status_code == 404
    assert client.get("/strategy/manchester-lis/3/line-of-sight/").status_code == 404
    assert client.get("/strategy/elsewhere/1/line-of-sight/").status_code == 404
    publish(draft, None)
    assert_html_response(client.get("/strategy/manchester-lis/2/line-of-sight/"))
    page = assert_html_response(client.get("/strategy/manchester-lis/1/line-of-sight/"))
    assert "A later version of this strategy has replaced this one." in page.text()


def text_of(element):
    return " ".join("".join(element.itertext()).split())


# The SELEP register ----------------------------------------------------------------------------


@pytest.fixture
def selep(demo):
    """A published SELEP version whose priorities are the 2014 plan's four Growth Deal
    priorities, with the skills priority also taking the transport projects in Thanet through
    an action, so that those projects serve two priorities."""
    version = make_draft("selep-test", SELEP)
    transport = make_priority(
        version, "transport", 1, "sep-2014-transport", ["foundation-infrastructure"]
    )
    make_priority(version, "business", 2, "sep-2014-business", ["foundation-business-environment"])
    skills = make_priority(version, "skills", 3, "sep-2014-skills", ["foundation-people"])
    make_priority(version, "housing", 4, "sep-2014-housing", ["foundation-infrastructure"])
    thanet = filter_projects(ProjectFilters(area=THANET)).filter(
        theme_tags__theme__code="sep-2014-transport"
    )
    assert thanet.exists()
    link(skills, *thanet)
    link(transport, *thanet)  # already tagged: no second count
    return publish(version, None)


def test_the_line_of_sight_totals_equal_the_selep_registers_totals(selep):
    data = los.line_of_sight(selep)
    result = data.result
    everything = Project.objects.all()
    register = totals(filter_projects(ProjectFilters(area=SELEP)))
    assert register.count == everything.count() == result.project_count == 138
    outputs = OutputLine.objects.filter(basis=Basis.FORECAST, period="")
    for measure, whole in (
        ("grant", register.grant),
        ("total_cost", register.total_cost),
        ("jobs", sum((line.value for line in outputs.filter(output_type__code="jobs")), D(0))),
        ("homes", sum((line.value for line in outputs.filter(output_type__code="homes")), D(0))),
    ):
        parts = [line.total(measure) for line in result.priorities]
        assert sum(parts, result.unlinked.total(measure)) == whole, measure
        assert data.register.values[measure] == whole
    assert result.totals["grant"] > 0
    assert result.totals["jobs"] > 0
    # Each project counts once per priority it serves and once in all.
    counted = {share.project for line in result.priorities for share in line.shares}
    unlinked = {share.project for share in result.unlinked.shares}
    assert not counted & unlinked
    assert len(counted | unlinked) == 138
    shared = [share for share in data.priority("skills").line.shares if share.shared]
    assert shared
    assert all(share.share == D("0.5") for share in shared)
    assert data.priority("transport").line.project_count > len(shared)


def test_the_selep_page_renders_with_every_priority(selep, client):
    page = assert_html_response(client.get("/strategy/selep-test/1/line-of-sight/"))
    text = page.text()
    for title in ("Transport", "Business", "Skills", "Housing", "Money with no priority"):
        assert title in text
