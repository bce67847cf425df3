"""A strategy version as published pages and as a PDF: the same sections and figures in both,
read from the version's own rows and its evidence snapshot, so that editing a later draft
changes neither; a draft is not found."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from pypdf import PdfReader

from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator, Industry, Observation
from localgrowth.framework.models import Document, Theme
from localgrowth.places.models import Area
from localgrowth.projects.models import Fund, Project, ProjectTheme
from localgrowth.strategy.models import (
    Action,
    Comment,
    CommentStatus,
    Kpi,
    Priority,
    PriorityEvidence,
    PrioritySector,
    Strategy,
    Version,
    VersionStatus,
)
from localgrowth.web import strategy_document
from localgrowth.web.evidence.common import format_value
from localgrowth.web.formatting import long_date, money

from .html import assert_html_response, text_of

pytestmark = pytest.mark.django_db

SLUG = "south-east-lis"
BASE = f"/strategy/{SLUG}/"
SOURCES_NOTE = (
    "The sources do not give the actions' costs for 2027 onwards.\n\n"
    "No KPI target for housing was published."
)


def snapshot(priority, indicator_code, area_code, status, position=0, note=""):
    """Evidence as the publishing step records it: the value of the newest release then."""
    indicator = Indicator.objects.get(code=indicator_code)
    area = analysis.current_area(area_code)
    period = analysis.latest_period(indicator)
    value = analysis.area_value(indicator, area, period).value
    release = (
        (Observation.objects.filter(indicator=indicator, period=period).order_by("-release_id"))
        .first()
        .release
    )
    return PriorityEvidence.objects.create(
        priority=priority,
        indicator=indicator,
        area=area,
        position=position,
        note=note,
        period=period,
        value=value,
        status=status,
        release=release,
    )


def build_strategy(number=1, status=VersionStatus.PUBLISHED) -> Version:
    """A published version with two priorities, built row by row with the evidence snapshot
    filled in."""
    partnership_area = Area.objects.get(code="E37000056", valid_to__isnull=True)
    strategy, _ = Strategy.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "South East Local Industrial Strategy", "area": partnership_area},
    )
    version = Version.objects.create(
        strategy=strategy,
        number=number,
        title="Smarter, faster, together",
        document=Document.objects.filter(slug="lis-2019").first(),
        vision="A global gateway of thriving coastal and rural communities.",
        objective="By 2030, close the productivity gap between the area and the rest of the UK.",
        aim_productivity="Increase productivity and realise potential.",
        aim_inclusive="Allow all communities to contribute to and benefit from prosperity.",
        summary="The partnership's strategy for growth to 2030.",
        sources_note=SOURCES_NOTE,
        published_on=timezone.localdate(),
        published_at=timezone.now(),
    )
    gateway = Priority.objects.create(
        version=version,
        code="global-gateway",
        position=1,
        title="UK's Global Gateway",
        rationale="The ports carry a fifth of the UK's trade.\n\nTheir hinterland lags.",
        framework_theme=Theme.objects.get(code="lis-2019-global-gateway"),
    )
    gateway.themes.set(
        Theme.objects.filter(code__in=["foundation-infrastructure", "challenge-future-of-mobility"])
    )
    gateway.places.set(Area.objects.filter(code__in=["SELEP-KM", "SELEP-OSE"]))
    snapshot(gateway, "gva-per-hour-worked", "E37000056", "red", 0, "The productivity gap.")
    snapshot(gateway, "level-4-qualifications-16-64", "E37000056", "Worse", 1)
    snapshot(gateway, "employment-rate-16-64", "E06000034", "amber", 2)
    PrioritySector.objects.create(
        priority=gateway,
        industry=Industry.objects.get(classification="sic_section", code="H"),
        note="Ports and logistics.",
    )
    fund = Fund.objects.order_by("code").first()
    projects = []
    for n, grant in ((1, Decimal("1250000")), (2, Decimal("500000.50")), (3, None)):
        project, made = Project.objects.get_or_create(
            reference=f"SD-{n}",
            defaults={
                "title": f"Port access scheme {n}",
                "fund": fund,
                "status": "in_delivery",
                "category": "transport",
                "grant": grant,
            },
        )
        if made:
            ProjectTheme.objects.create(project=project, theme=gateway.framework_theme)
        projects.append(project)
    action = Action.objects.create(
        priority=gateway,
        position=1,
        title="Upgrade port access roads",
        owner="Kent County Council",
        timescale="2025 to 2028",
        cost=Decimal("3400000"),
        funding_source="Local Growth Fund",
    )
    action.projects.set(projects[:2])
    Action.objects.create(priority=gateway, position=2, title="Open a freeport skills hub")
    Kpi.objects.create(
        priority=gateway,
        indicator=Indicator.objects.get(code="gva-per-hour-worked"),
        area=partnership_area,
        baseline=36.31,
        baseline_period="2022",
        target=40.0,
        target_date=date(2030, 3, 31),
    )
    Kpi.objects.create(
        priority=gateway,
        indicator=Indicator.objects.get(code="gigabit-broadband"),
        area=partnership_area,
        target_note="Full gigabit coverage",
    )
    communities = Priority.objects.create(
        version=version,
        code="communities",
        position=2,
        title="Communities for the Future",
        rationale="New homes need jobs and services nearby.",
    )
    communities.places.set([partnership_area])
    snapshot(communities, "gva-per-hour-worked", "SELEP-KM", "red")
    snapshot(communities, "business-births", "SELEP-KM", "no_direction", 1)
    # Built as a draft, then marked published in one update, as no model signal sees it: the
    # snapshot above stands for what publishing records.
    Version.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    return version


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_text(response) -> str:
    return assert_html_response(response).text()


def pdf_pages(response) -> tuple[PdfReader, list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [flat(page.extract_text()) for page in reader.pages]


def without_nonce(content: bytes) -> str:
    text = content.decode("utf-8")
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.fixture
def version(db):
    return build_strategy()


# The page ---------------------------------------------------------------------------------------


def test_the_version_page_shows_the_document_in_numbered_sections(client, version):
    response = client.get(f"{BASE}1/")
    page = assert_html_response(response)
    assert page.h1 == "Smarter, faster, together"
    text = page.text()
    contents = [text_of(li) for li in page.tree.iterfind(".//nav[@id='strategy-contents']//li")]
    assert contents == [
        "1. Vision, objective and core aims",
        "2. The priorities",
        "3. UK's Global Gateway",
        "4. Communities for the Future",
        "5. Sources, data and licences",
    ]
    for heading in (
        "1. Vision, objective and core aims",
        "1.1 Vision",
        "1.3 Core aim: productivity",
        "2. The priorities",
        "2.1 Where the priorities are",
        "3. UK's Global Gateway",
        "3.3 Evidence",
        "3.6 Key performance indicators",
        "4. Communities for the Future",
        "5. Sources, data and licences",
    ):
        assert heading in text, heading
    assert version.vision in text
    assert version.objective in text
    assert "The ports carry a fifth of the UK's trade." in text
    # Places, foundations and Grand Challenges.
    assert "Kent & Medway, Opportunity South Essex" in text
    assert "Infrastructure (foundation)" in text
    assert "Future of Mobility (Grand Challenge)" in text
    # Actions, with their linked projects, and KPIs with "no data" flagged.
    actions = page.tree.find(".//table[@id='priority-global-gateway-actions']")
    assert "Upgrade port access roads Kent County Council 2025 to 2028 £3,400,000" in text_of(
        actions
    )
    assert "SD-1 Port access scheme 1" in text_of(actions)
    assert "Open a freeport skills hub Not given Not given Not known Not given None" in text_of(
        actions
    )
    kpis = text_of(page.tree.find(".//table[@id='priority-global-gateway-kpis']"))
    assert "£36.31 2022 £40.00 31 March 2030" in kpis
    assert "No data Not given Full gigabit coverage No date set" in kpis
    assert "1 of the 2 KPIs has no baseline" in text
    # The projects tagged to its framework priority, with their grant.
    total = text_of(page.tree.find(".//p[@id='priority-global-gateway-projects-total']"))
    assert total.startswith(
        "3 projects are tagged to UK's Global Gateway in the project register, with grant of "
        "£1,750,000.50 (2 of the 3 record an amount)."
    )
    assert "SD-3 Port access scheme 3 Not recorded" in text
    assert "not linked to a framework priority" in text
    # Every table has a caption and scoped headers; every chart is named and has its table.
    for table in page.tree.iter("table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
    for chart in ("priority-global-gateway-chart", "priority-communities-chart", "strategy-map"):
        figure = page.tree.find(f".//figure[@id='{chart}']")
        assert figure is not None, chart
        svg = next(e for e in figure.iter() if e.get("role") == "img")
        assert svg.get("aria-labelledby") == f"{chart}-title {chart}-desc"
        assert page.tree.find(f".//table[@id='{chart}-table']") is not None, chart
    # The map's table: the places each priority targets.
    rows = [
        [text_of(cell) for cell in row]
        for row in page.tree.find(".//table[@id='strategy-map-table']/tbody")
    ]
    assert rows == [
        ["East Sussex", "1", "4. Communities for the Future"],
        ["Essex", "1", "4. Communities for the Future"],
        ["Kent & Medway", "2", "3. UK's Global Gateway; 4. Communities for the Future"],
        [
            "Opportunity South Essex",
            "2",
            "3. UK's Global Gateway; 4. Communities for the Future",
        ],
    ]
    # Where the sources stop, as written; attributions and the stamp.
    note = page.tree.find(".//div[@id='strategy-sources-note']")
    assert [text_of(p) for p in note.iter("p")] == SOURCES_NOTE.split("\n\n")
    assert "Contains OS data © Crown copyright and database right 2023" in text
    assert "Open Government Licence v3.0" in text
    assert f"published on {long_date(version.published_on)}" in text
    links = {text_of(a): a.get("href") for a in page.tree.iter("a")}
    assert links["Download this version (PDF)"] == f"{BASE}1/document.pdf"
    assert links["The strategy on one page"] == f"{BASE}1/summary/"


def test_the_evidence_is_the_snapshot_with_england_as_it_stood(client, version):
    page = assert_html_response(client.get(f"{BASE}1/"))
    table = page.tree.find(".//table[@id='priority-global-gateway-chart-table']")
    rows = [[text_of(cell) for cell in row] for row in table.find("tbody")]
    gva = PriorityEvidence.objects.get(
        priority__version=version, indicator__code="gva-per-hour-worked", area__code="E37000056"
    )
    england = analysis.area_value(
        gva.indicator, analysis.current_area(analysis.ENGLAND), gva.period
    ).value
    release = gva.release
    assert rows[0] == [
        "GVA per hour worked, South East Local Enterprise Partnership",
        gva.period,
        format_value(gva.value, gva.indicator),
        format_value(england, gva.indicator),
        format_value(gva.similar_value, gva.indicator) or "Not recorded",
        f"−{abs(round(100 * (gva.value - england) / england, 1))}%",
        "Worse than England",
        f"{release.title} (published {long_date(release.published)})",
    ]
    assert rows[1][6] == "Worse than England"
    assert rows[2][0].startswith("Employment rate")
    assert rows[2][0].endswith("Thurrock")
    assert rows[2][6] == "Similar to England"
    # The "data as at" stamp is the newest release the evidence uses.
    newest = max(
        item.release.published
        for item in PriorityEvidence.objects.filter(priority__version=version)
        if item.release.published
    )
    assert f"Data as at {long_date(newest)}" in page.text()
    # A newer release imported after publication changes nothing on the page.
    text = without_nonce(client.get(f"{BASE}1/").content)
    from localgrowth.evidence.models import Release

    newer = Release.objects.create(
        source="test",
        title="A later revision",
        publisher="ONS",
        published=date(2099, 1, 1),
        file_name="later.csv",
        sha256="0" * 64,
    )
    england_area = analysis.current_area(analysis.ENGLAND)
    Observation.objects.create(
        indicator=gva.indicator,
        area=england_area,
        period=gva.period,
        period_start=date(2022, 1, 1),
        value=1.0,
        release=newer,
    )
    assert without_nonce(client.get(f"{BASE}1/").content) == text


def test_the_live_panel_says_when_the_evidence_has_moved(client, version, monkeypatch):
    def panel(priority, places=None):
        if priority.code == "global-gateway":
            return [
                SimpleNamespace(moved=True, why="GVA per hour worked is now better than England."),
                SimpleNamespace(moved=False, why="No newer figures since publication."),
            ]
        return [SimpleNamespace(moved=False, why="")]

    monkeypatch.setattr(strategy_document, "evidence_panel", panel)
    page = assert_html_response(client.get(f"{BASE}1/"))
    live = text_of(page.tree.find(".//div[@id='priority-global-gateway-live']"))
    assert "The evidence behind this priority has moved" in live
    assert "GVA per hour worked is now better than England." in live
    assert "No newer figures since publication." in live
    other = text_of(page.tree.find(".//div[@id='priority-communities-live']"))
    assert "has not moved" in other
    banner = text_of(page.tree.find(".//div[@id='strategy-moved']"))
    assert "The evidence behind 1 of the priorities has moved" in banner
    # The PDF is the document as published: no live panel.
    _, pages = pdf_pages(client.get(f"{BASE}1/document.pdf"))
    assert "has moved" not in " ".join(pages)


def test_the_live_panel_reads_the_evidence_base(client, version):
    page = assert_html_response(client.get(f"{BASE}1/"))
    live = text_of(page.tree.find(".//div[@id='priority-global-gateway-live']"))
    assert "has not moved" in live


def test_a_version_for_consultation_links_to_comments_and_shows_those_published(
    client, monkeypatch
):
    version = build_strategy(status=VersionStatus.CONSULTATION)
    closes = timezone.localdate() + timedelta(days=30)
    Version.objects.filter(pk=version.pk).update(consultation_closes=closes)
    gateway = version.priorities.get(code="global-gateway")
    Comment.objects.create(
        version=version,
        priority=gateway,
        name="A. Resident",
        organisation="Thanet Ports Forum",
        email="resident@example.org",
        text="More on rail freight, please.\nAnd the A2.",
        status=CommentStatus.APPROVED,
    )
    Comment.objects.create(version=version, priority=gateway, name="Pending", text="Not yet.")
    monkeypatch.setattr(strategy_document, "comment_url", lambda version: "/comment/")
    page = assert_html_response(client.get(f"{BASE}1/"))
    text = page.text()
    assert f"draft published for consultation, which closes on {long_date(closes)}" in text
    links = {text_of(a): a.get("href") for a in page.tree.iter("a")}
    assert links["Comment on the whole strategy"] == "/comment/?priority=whole"
    assert links["Comment on UK's Global Gateway"] == f"/comment/?priority={gateway.pk}"
    published = text_of(page.tree.find(".//div[@id='priority-global-gateway-comments']"))
    assert "A. Resident, Thanet Ports Forum" in published
    paragraphs = [
        text_of(p) for p in page.tree.iterfind(".//div[@id='priority-global-gateway-comments']//p")
    ]
    assert paragraphs[-2:] == ["More on rail freight, please.", "And the A2."]
    assert "Not yet." not in text
    assert "resident@example.org" not in text
    assert "3.8 Comments on this priority" in text
    # The PDF is the version alone: no comments.
    _, pages = pdf_pages(client.get(f"{BASE}1/document.pdf"))
    assert "More on rail freight" not in " ".join(pages)
    assert "Comments on this priority" not in " ".join(pages)


def test_the_summary_gives_each_priority_in_one_line(client, version):
    page = assert_html_response(client.get(f"{BASE}1/summary/"))
    assert page.h1 == "Smarter, faster, together: summary"
    items = [text_of(li) for li in page.tree.find(".//ol[@id='summary-priorities']")]
    gva = PriorityEvidence.objects.get(
        priority__version=version, indicator__code="gva-per-hour-worked", area__code="E37000056"
    )
    assert items[0] == (
        "1. UK's Global Gateway: GVA per hour worked, South East Local Enterprise Partnership: "
        f"{format_value(gva.value, gva.indicator)} ({gva.period}), worse than England."
    )
    assert items[1].startswith("2. Communities for the Future: GVA per hour worked, Kent & Medway:")
    text = page.text()
    assert version.vision in text
    assert version.objective in text


def test_the_strategy_lists_its_versions_newest_first_and_hides_drafts(client, version):
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.SUPERSEDED)
    second = build_strategy(number=2)
    Version.objects.filter(pk=second.pk).update(title="Second version")
    build_strategy(number=3, status=VersionStatus.DRAFT)
    page = assert_html_response(client.get(BASE))
    assert page.h1 == "South East Local Industrial Strategy"
    cards = [card.get("id") for card in page.tree.iterfind(".//div[@class='govuk-summary-card']")]
    assert cards == ["version-2", "version-1"]
    assert "The current version is version 2, Second version." in page.text()
    # The superseded version says so, and links to the current one.
    old = assert_html_response(client.get(f"{BASE}1/"))
    assert "This version has been superseded by version 2" in old.text()
    # A draft is not found, nor is a strategy with nothing published.
    for url in (f"{BASE}3/", f"{BASE}3/summary/", f"{BASE}3/document.pdf", f"{BASE}9/"):
        assert client.get(url).status_code == 404, url
    Version.objects.filter(strategy__slug=SLUG).update(status=VersionStatus.DRAFT)
    assert client.get(BASE).status_code == 404
    assert client.get("/strategy/no-such-strategy/").status_code == 404
    assert client.post(f"{BASE}3/").status_code in (404, 405)


# The PDF ----------------------------------------------------------------------------------------


def site_figures(version: Version) -> list[str]:
    """Every figure of the document as the site formats it."""
    document = strategy_document.strategy_document(version)
    figures = []
    for part in document.priorities:
        figures.append(part.title)
        for row in part.evidence:
            figures += [row.value, row.england, row.difference, row.status, row.release_date]
        for kpi in part.kpis:
            figures += [kpi.baseline, kpi.target, kpi.target_date]
        for action in part.actions:
            figures += [action.cost]
        if part.projects:
            figures.append(part.projects_grant)
            figures += [project.grant for project in part.projects]
    for row in document.map_places:
        figures.append(f"{row.name} {row.count}")
    return figures


def test_the_pdf_renders_every_chart_map_and_table_with_the_sites_figures(client, version):
    html = html_text(client.get(f"{BASE}1/"))
    reader, pages = pdf_pages(client.get(f"{BASE}1/document.pdf"))
    text = " ".join(pages)
    assert (
        reader.metadata.title
        == f"Smarter, faster, together (version 1), published on {long_date(version.published_on)}"
    )
    assert len(reader.pages) >= 3
    for page in reader.pages:  # A4 portrait, in points
        assert round(float(page.mediabox.width)) == 595
        assert round(float(page.mediabox.height)) == 842
    for figure in site_figures(version):
        assert figure in html, figure
        assert figure in text, figure
    # Each priority and each figure of the stored rows, formatted as the site formats them.
    for priority in version.priorities.all():
        assert priority.title in html
        assert priority.title in text
        for item in priority.evidence.select_related("indicator", "release"):
            figures = [format_value(item.value, item.indicator), item.period]
            if item.release.published:
                figures.append(long_date(item.release.published))
            for figure in figures:
                assert figure in html, figure
                assert figure in text, figure
        for kpi in priority.kpis.select_related("indicator"):
            if kpi.baseline is not None:
                assert format_value(kpi.baseline, kpi.indicator) in text
            if kpi.target is not None:
                assert format_value(kpi.target, kpi.indicator) in text
        for action in priority.actions.all():
            if action.cost is not None:
                assert money(action.cost) in html
                assert money(action.cost) in text
    gva = PriorityEvidence.objects.get(
        priority__version=version, indicator__code="gva-per-hour-worked", area__code="E37000056"
    )
    assert format_value(gva.value, gva.indicator) == "£36.31"
    assert money(Decimal("1750000.50")) in text
    # Numbered sections and the contents list.
    for heading in (
        "Contents",
        "1. Vision, objective and core aims",
        "2. The priorities",
        "3. UK's Global Gateway",
        "3.5 Actions",
        "4. Communities for the Future",
        "5. Sources, data and licences",
    ):
        assert heading in text, heading
    # Every chart and the map, with its table (the SVG's text is text).
    for caption in (
        "UK's Global Gateway: the evidence against England",
        "The evidence for UK's Global Gateway as it stood when the version was published",
        "Communities for the Future: the evidence against England",
        "Priorities targeting each federated area",
        "Priorities targeting each federated area (the map's figures)",
        "Difference from England",
    ):
        assert caption in text, caption
    # The stamp and the page number on every page.
    stamp = f"Smarter, faster, together, version 1, published on {long_date(version.published_on)}"
    newest = strategy_document.newest_release_date(version)
    for number, page in enumerate(pages, start=1):
        assert f"{stamp}; data as at {long_date(newest)}" in page, number
        assert f"Page {number} of {len(pages)}" in page, number
    assert "Contains OS data © Crown copyright and database right 2023" in text
    assert "Open Government Licence v3.0" in text
    assert flat(SOURCES_NOTE) in text
    # Tagged, with its language; headings are tagged as headings.
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    kinds = structure_kinds(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/Caption", "/TH", "/Figure"} <= kinds, kinds


def structure_kinds(node, seen=None) -> set[str]:
    """The structure types of a tagged PDF's structure tree."""
    seen = set() if seen is None else seen
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            seen.add(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                structure_kinds(kid, seen)
    elif isinstance(node, list):
        for kid in node:
            structure_kinds(kid, seen)
    return seen


def copy_to_draft(version: Version) -> Version:
    """A new draft copied from the version, as an editor starts one."""
    from localgrowth.strategy.versions import new_draft

    return new_draft(version, None)


def test_publishing_freezes_the_pages_and_the_pdf(client, version):
    urls = [f"{BASE}1/", f"{BASE}1/summary/"]
    before = {url: without_nonce(client.get(url).content) for url in urls}
    _, pdf_before = pdf_pages(client.get(f"{BASE}1/document.pdf"))

    draft = copy_to_draft(version)
    draft.title = "A rewritten strategy"
    draft.vision = "Something else entirely."
    draft.save()
    priority = draft.priorities.get(code="global-gateway")
    priority.title = "Renamed priority"
    priority.save()
    priority.places.set(Area.objects.filter(code="SELEP-ES"))
    priority.evidence.all().delete()
    Action.objects.create(priority=priority, title="A new action", cost=Decimal(99))
    Priority.objects.create(version=draft, code="new", position=3, title="A new priority")

    after = {url: without_nonce(client.get(url).content) for url in urls}
    _, pdf_after = pdf_pages(client.get(f"{BASE}1/document.pdf"))
    assert after == before
    assert pdf_after == pdf_before
    assert "Renamed priority" not in " ".join(pdf_after)
    # The draft itself is not public.
    assert client.get(f"{BASE}{draft.number}/").status_code == 404


def test_the_pdf_fetches_nothing(version, monkeypatch):
    from localgrowth.web.strategy_pdf import document_html, document_pdf

    document = strategy_document.strategy_document(version, for_print=True)
    html = document_html(document)
    assert "<script" not in html
    assert "<link" not in html
    assert 'src="http' not in html
    assert "url(http" not in html
    fetched = []

    def refuse(url, *args, **kwargs):
        fetched.append(url)
        raise AssertionError(url)

    monkeypatch.setattr("weasyprint.urls.URLFetcher.fetch", refuse)
    assert document_pdf(document).startswith(b"%PDF")
    assert fetched == []
