"""The Projects Map and list: the filter form's options, the filtered projects, their count and
grant, and the addresses of the same projects in the open data API (downloads and the map's
GeoJSON). Filtering is ``localgrowth.projects.queries``: the one implementation the API uses too.

The API is a layer above this one, so its addresses are built by path here, never imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import QuerySet

from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.places.models import Area, AreaType, Partnership
from localgrowth.projects import queries
from localgrowth.projects.models import Fund, Programme, Project, ProjectCategory, ProjectStatus
from localgrowth.projects.queries import ProjectFilters, Totals

API_PROJECTS_PATH = "/api/v1/projects"
API_MAP_PATH = "/api/v1/projects/map"
BOUNDARIES_PATH = "/areas/boundaries.geojson"
DOWNLOAD_FORMATS = (
    ("csv", "CSV"),
    ("xlsx", "XLSX (Excel)"),
    ("json", "JSON"),
    ("geojson", "GeoJSON"),
)
TYPED = ("q", "min_amount", "max_amount")
JSON_PAGE_SIZE = 500
"""The API pages JSON; a download asks for its largest page."""
TABLE_PAGE_SIZE = 200
"""Rows in one page of a table of projects: the map shows every filtered project, the table
lists them a page at a time."""

# Every status has a colour on the map and a letter inside its marker, so that the status is
# never told by colour alone. The stylesheet gives each `lg-status--<code>` its colour.
STATUS_LETTERS = {
    "pipeline": "P",
    "approved": "A",
    "in_delivery": "D",
    "completed": "C",
    "withdrawn": "W",
    "unknown": "?",
}


def project_path(reference: str) -> str:
    return f"/projects/{quote(reference, safe='')}/"


def area_path(code: str) -> str:
    return f"/areas/{quote(code, safe='')}/"


@dataclass(frozen=True)
class Option:
    value: str
    text: str


@dataclass(frozen=True)
class OptionGroup:
    label: str
    options: list[Option]


@dataclass(frozen=True)
class Select:
    name: str
    label: str
    groups: list[OptionGroup]
    hint: str = ""


@dataclass(frozen=True)
class Download:
    label: str
    url: str


@dataclass(frozen=True)
class ProjectRow:
    reference: str
    title: str
    url: str
    fund: str
    status: str
    status_label: str
    status_letter: str
    category: str
    place: str
    grant: Decimal | None


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """Where a page of a table of ``count`` rows lies, and the links to the other pages: the
    first, the last and those either side of this one, as GOV.UK's pagination shows them."""

    number: int
    pages: int
    first: int
    last: int
    count: int
    links: list[PageLink | None]
    """The page links in order; ``None`` stands for pages left out (an ellipsis)."""
    previous_url: str = ""
    next_url: str = ""

    @property
    def is_paged(self) -> bool:
        return self.pages > 1

    def for_template(self) -> dict[str, Any]:
        """The parameters of the ``govukPagination`` macro."""
        items = [
            {"ellipsis": True}
            if link is None
            else {"number": link.number, "href": link.url, "current": link.current}
            for link in self.links
        ]
        params: dict[str, Any] = {"items": items, "landmarkLabel": "Pages of the table"}
        if self.previous_url:
            params["previous"] = {"href": self.previous_url}
        if self.next_url:
            params["next"] = {"href": self.next_url}
        return params


def page_number(query: Mapping[str, Any]) -> int:
    """The page asked for: a whole number from 1, else the first page."""
    raw = query.get("page")
    text = raw.strip() if isinstance(raw, str) else ""
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 10**9 else 1


def paginate(count: int, number: int, url: Callable[[int], str]) -> Pagination:
    """Page ``number`` of ``count`` rows (a page past the last is the last)."""
    pages = max(1, -(-count // TABLE_PAGE_SIZE))
    number = min(number, pages)
    shown = sorted({1, pages, number - 1, number, number + 1} & set(range(1, pages + 1)))
    links: list[PageLink | None] = []
    for n in shown:
        if links and links[-1] is not None and n > links[-1].number + 1:
            links.append(None)
        links.append(PageLink(n, url(n), n == number))
    first = (number - 1) * TABLE_PAGE_SIZE
    return Pagination(
        number=number,
        pages=pages,
        first=first + 1 if count else 0,
        last=min(first + TABLE_PAGE_SIZE, count),
        count=count,
        links=links,
        previous_url=url(number - 1) if number > 1 else "",
        next_url=url(number + 1) if number < pages else "",
    )


def page_rows(projects: QuerySet[Project], pagination: Pagination) -> list[ProjectRow]:
    """The rows of the table on the page ``pagination`` points to."""
    if not pagination.count:
        return []
    window = queries.with_details(projects)[pagination.first - 1 : pagination.last]
    return [project_row(project) for project in window]


@dataclass(frozen=True)
class LegendItem:
    code: str
    label: str
    letter: str
    count: int


@dataclass
class ProjectsPage:
    values: dict[str, str]
    errors: dict[str, str]
    selects: list[Select]
    rows: list[ProjectRow] = field(default_factory=list)
    pagination: Pagination | None = None
    totals: Totals | None = None
    downloads: list[Download] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    geojson_url: str = ""
    map_url: str = ""
    boundaries_url: str = ""
    tile_url: str = ""
    tile_attribution: str = ""
    filtered: bool = False

    @property
    def error_list(self) -> list[dict[str, str]]:
        """The error summary's items, each linking to its field."""
        return [
            {"text": message, "href": f"#{name}"}
            for name in ProjectFilters.parameters()
            if (message := self.errors.get(name))
        ]


def api_url(filters: ProjectFilters, **extra: str) -> str:
    return f"{API_PROJECTS_PATH}?{urlencode({**filters.to_query(), **extra})}"


def projects_page(query: Mapping[str, Any]) -> ProjectsPage:
    """The page for a query string: with errors, only the form (and the errors) is filled."""
    filters, errors = ProjectFilters.from_query(query)
    values = form_values(query, filters, errors)
    page = ProjectsPage(values=values, errors=errors, selects=filter_selects())
    if errors:
        return page
    projects = queries.filter_projects(filters)
    page.totals = queries.totals(projects)
    page.pagination = paginate(
        page.totals.count,
        page_number(query),
        lambda n: "?" + urlencode({**filters.to_query(), **({"page": str(n)} if n > 1 else {})}),
    )
    page.rows = page_rows(projects, page.pagination)
    page.filtered = filters.is_filtered
    page.downloads = [
        Download(label, api_url(filters, format=code, **_paging(code)))
        for code, label in DOWNLOAD_FORMATS
    ]
    page.legend = status_legend(filters)
    page.geojson_url = api_url(filters, format="geojson")
    page.map_url = f"{API_MAP_PATH}?{urlencode(filters.to_query())}"
    page.boundaries_url = boundaries_url()
    page.tile_url = getattr(settings, "LOCALGROWTH_MAP_TILE_URL", "")
    page.tile_attribution = getattr(settings, "LOCALGROWTH_MAP_TILE_ATTRIBUTION", "")
    return page


def _paging(code: str) -> dict[str, str]:
    return {"page_size": str(JSON_PAGE_SIZE)} if code == "json" else {}


def boundaries_url() -> str:
    partnership = Partnership.objects.order_by("name").first()
    return (
        f"{BOUNDARIES_PATH}?{urlencode({'partnership': partnership.slug})}" if partnership else ""
    )


def form_values(
    query: Mapping[str, Any], filters: ProjectFilters, errors: Mapping[str, str]
) -> dict[str, str]:
    """What each field shows: a choice as understood (its code, whatever its case), a typed
    value as typed."""
    understood = filters.to_query()
    values = {}
    for name in ProjectFilters.parameters():
        raw = query.get(name)
        typed = _printable(raw.strip()) if isinstance(raw, str) else ""
        values[name] = typed if name in errors or name in TYPED else understood.get(name, "")
    return values


def _printable(text: str) -> str:
    """Text fit to show back in a form: no control characters, at most a screenful."""
    return "".join(c for c in text if ord(c) >= 32 and ord(c) != 127)[:400]


def project_row(project: Project) -> ProjectRow:
    return ProjectRow(
        reference=project.reference,
        title=project.title,
        url=project_path(project.reference),
        fund=project.fund.name,
        status=project.status,
        status_label=project.get_status_display(),
        status_letter=STATUS_LETTERS.get(project.status, "?"),
        category=project.get_category_display(),
        place=project.place_name or ", ".join(row.area.name for row in project.area_shares.all()),
        grant=project.grant,
    )


def status_legend(filters: ProjectFilters) -> list[LegendItem]:
    """Each status, its marker's letter and how many of the filtered projects have it."""
    counts = queries.facet_counts(filters, ["status"])["status"]
    return [
        LegendItem(item.code, item.label, STATUS_LETTERS[item.code], item.count) for item in counts
    ]


# The filter form -------------------------------------------------------------------------------


def _options(pairs: Any) -> list[Option]:
    return [Option(str(value), str(text)) for value, text in pairs]


def filter_selects() -> list[Select]:
    def themes(kind: str) -> list[Option]:
        rows = Theme.objects.filter(kind=kind).order_by("position", "code")
        return _options(rows.values_list("code", "title"))

    funds = Fund.objects.order_by("kind", "code").values_list("code", "name")
    programmes = Programme.objects.order_by("name").values_list("slug", "name")
    return [
        Select("area", "Area", area_groups(), "A partnership, federated area, county or district"),
        Select("fund", "Fund and round", [OptionGroup("", _options(funds))]),
        Select("programme", "Programme", [OptionGroup("", _options(programmes))]),
        Select("status", "Status", [OptionGroup("", _options(ProjectStatus.choices))]),
        Select("category", "Category", [OptionGroup("", _options(ProjectCategory.choices))]),
        Select(
            "foundation",
            "Foundation of productivity",
            [OptionGroup("", themes(ThemeKind.FOUNDATION))],
        ),
        Select(
            "challenge", "Grand Challenge", [OptionGroup("", themes(ThemeKind.GRAND_CHALLENGE))]
        ),
    ]


def area_groups() -> list[OptionGroup]:
    """Every area of each partnership: itself, its federated areas, counties and districts."""
    groups: list[OptionGroup] = []
    for partnership in Partnership.objects.select_related("area").order_by("name"):
        members = partnership.members.filter(valid_to__isnull=True).order_by("name")
        counties = Area.objects.filter(
            area_type=AreaType.COUNTY, children__in=members, valid_to__isnull=True
        ).distinct()
        groups += [
            OptionGroup("Partnership", [Option(partnership.area.code, partnership.name)]),
            OptionGroup("Federated areas", _area_options(partnership.federated_areas.all())),
            OptionGroup("Counties", _area_options(counties)),
            OptionGroup("Districts and unitary authorities", _area_options(members)),
        ]
    return [group for group in groups if group.options]


def _area_options(areas: Any) -> list[Option]:
    return [Option(area.code, area.name) for area in areas.order_by("name", "code")]
