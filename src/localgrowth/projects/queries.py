"""The one way to filter projects, shared by the Projects Map, the project list and the API.

``ProjectFilters.from_query`` reads a request's query string and returns the filters with
user-worded errors by parameter; ``filter_projects`` applies them, always in reference order;
``facet_counts`` and ``totals`` summarise the result.

**Areas.** A filter on an area matches the projects that serve that area or any area within it:
the area itself, every area below it by the parent links (a county's districts, a partnership's
federated areas and districts) and any area made only of districts within it (Kent county lies
within the Kent & Medway federated area and within SELEP, though its own parent is its region).
A filter on a district does not match a project that serves the district's county: that project
serves the whole county, not that district. ``area_shares`` apportions every project serving an
area, or a wider area overlapping it, by its shares in the areas within.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from localgrowth.core.prepared import PreparedQuery
from localgrowth.domain.apportion import areas_within, leaf_areas
from localgrowth.framework.models import Document, Theme, ThemeKind
from localgrowth.places.models import Area, AreaType, Partnership
from localgrowth.places.services import child_links

from .models import (
    Fund,
    MatchFunding,
    OutputLine,
    Programme,
    Project,
    ProjectArea,
    ProjectCategory,
    ProjectSource,
    ProjectStatus,
    ProjectTheme,
    SpendLine,
)

MONEY_LIMIT = Decimal("999999999999.99")
"""The largest amount a project's grant can hold (14 digits, two of them pence)."""
TEXT_LIMIT = 200
"""The longest search text or code accepted."""
JOBS, HOMES = "jobs", "homes"
"""The output types an area's totals apportion (forecast, whole life of the project)."""


@dataclass(frozen=True)
class ProjectFilters:
    """What a list of projects is filtered by; ``None`` means not filtered."""

    area: str | None = None
    fund: str | None = None
    programme: str | None = None
    status: str | None = None
    category: str | None = None
    foundation: str | None = None
    challenge: str | None = None
    q: str | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None

    @classmethod
    def parameters(cls) -> tuple[str, ...]:
        """The query-string parameter names, in the order forms and errors list them."""
        return tuple(field.name for field in fields(cls))

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> tuple[ProjectFilters, dict[str, str]]:
        """Read filters from a query string (a ``QueryDict`` or a plain mapping).

        Empty values mean "not filtered", as an HTML form sends them. Returns the filters and
        the errors by parameter name; a parameter in error is left unfiltered."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name in cls.parameters():
            raw = query.get(name)
            try:
                values[name] = _PARSERS[name](raw if isinstance(raw, str) else None)
            except ValueError as error:
                errors[name] = str(error)
        low, high = values.get("min_amount"), values.get("max_amount")
        if low is not None and high is not None and low > high:
            errors["max_amount"] = (
                f"The maximum grant (£{high:,}) must not be less than the minimum (£{low:,})."
            )
            values["max_amount"] = None
        return cls(**values), errors

    def to_query(self) -> dict[str, str]:
        """The query-string parameters that give these filters back through ``from_query``."""
        return {
            field.name: str(value)
            for field in fields(self)
            if (value := getattr(self, field.name)) is not None
        }

    @property
    def is_filtered(self) -> bool:
        return bool(self.to_query())


def _text(raw: str | None, what: str = "The text") -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if any(ord(character) < 32 or ord(character) == 127 for character in text):
        raise ValueError(f"{what} contains control characters: remove them.")
    if len(text) > TEXT_LIMIT:
        raise ValueError(f"{what} must be {TEXT_LIMIT} characters or fewer.")
    return text


def _one_of(raw: str | None, what: str, valid: Iterable[str]) -> str | None:
    """One of the ``valid`` codes, whatever the case it was written in."""
    text = _text(raw, f"The {what}")
    if text is None:
        return None
    choices = {code.casefold(): code for code in valid}
    if text.casefold() not in choices:
        listed = ", ".join(sorted(choices.values()))
        raise ValueError(f"There is no {what} '{text}'. Use one of: {listed}.")
    return choices[text.casefold()]


def _parse_area(raw: str | None) -> str | None:
    code = _text(raw, "The area code")
    if code is None:
        return None
    code = code.upper()
    if Area.objects.filter(code=code).exists():
        return code
    federated = sorted(
        Area.objects.filter(area_type=AreaType.FEDERATED_AREA).values_list("code", flat=True)
    )
    partnerships = sorted(set(Partnership.objects.values_list("area__code", flat=True)))
    examples = ["a district or county, such as E07000114 (Thanet) or E10000016 (Kent)"]
    if partnerships:
        examples.append(f"a partnership, such as {partnerships[0]}")
    if federated:
        examples.append(f"a federated area: {', '.join(federated)}")
    raise ValueError(
        f"There is no area with the code '{code}'. Use the code of " + "; or ".join(examples) + "."
    )


def _parse_code(codes: PreparedQuery, what: str) -> Callable[[str | None], str | None]:
    def parse(raw: str | None) -> str | None:
        if not (raw or "").strip():
            return None
        return _one_of(raw, what, (code for (code,) in codes()))

    return parse


def _theme_codes(kind: str) -> PreparedQuery:
    return PreparedQuery(lambda: Theme.objects.filter(kind=kind).values_list("code"))


def _parse_money(what: str) -> Callable[[str | None], Decimal | None]:
    def parse(raw: str | None) -> Decimal | None:
        text = (raw or "").strip().replace(",", "").removeprefix("£").strip()
        if not text:
            return None
        hint = f"Enter the {what} in pounds, such as 250000 or 1250000.50."
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(hint) from None
        if not amount.is_finite():
            raise ValueError(hint)
        if amount < 0 or amount > MONEY_LIMIT:
            raise ValueError(f"The {what} must be between £0 and £{MONEY_LIMIT:,}.")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"The {what} can have at most two decimal places (pence).")
        return amount.quantize(Decimal("0.01"))

    return parse


_PARSERS: dict[str, Callable[[str | None], Any]] = {
    "area": _parse_area,
    "fund": _parse_code(PreparedQuery(lambda: Fund.objects.values_list("code")), "fund"),
    "programme": _parse_code(
        PreparedQuery(lambda: Programme.objects.values_list("slug")), "programme"
    ),
    "status": lambda raw: _one_of(raw, "status", ProjectStatus.values),
    "category": lambda raw: _one_of(raw, "category", ProjectCategory.values),
    "foundation": _parse_code(_theme_codes(ThemeKind.FOUNDATION), "foundation"),
    "challenge": _parse_code(_theme_codes(ThemeKind.GRAND_CHALLENGE), "Grand Challenge"),
    "q": lambda raw: _text(raw, "The search text"),
    "min_amount": _parse_money("minimum grant"),
    "max_amount": _parse_money("maximum grant"),
}


# Areas -----------------------------------------------------------------------------------------


class AreaGraph:
    """The parent links between areas, read once, with the districts as leaf areas."""

    def __init__(self) -> None:
        self.children = child_links()
        districts = Area.objects.filter(area_type=AreaType.DISTRICT).values_list("pk", flat=True)
        self.districts = frozenset(districts)
        self.served = frozenset(ProjectArea.objects.values_list("area_id", flat=True))

    def within(self, code: str) -> set[int]:
        """Every vintage of the area ``code`` and the areas within it (see the module
        docstring). Empty when no area has the code."""
        roots = set(Area.objects.filter(code=code).values_list("pk", flat=True))
        if not roots:
            return set()
        return areas_within(roots, self.children, self.districts, candidates=self.served)

    def leaves(self, area_id: int) -> set[int]:
        return leaf_areas(area_id, self.children, self.districts)


def area_ids_within(code: str) -> set[int]:
    """The ids of every vintage of the area ``code`` and of the areas within it."""
    return AreaGraph().within(code)


def serving(area_ids: set[int]) -> Exists:
    return Exists(ProjectArea.objects.filter(project=OuterRef("pk"), area_id__in=area_ids))


def _tagged(code: str, kind: str) -> Exists:
    return Exists(
        ProjectTheme.objects.filter(project=OuterRef("pk"), theme__code=code, theme__kind=kind)
    )


# Filtering and summaries -----------------------------------------------------------------------


def filter_projects(filters: ProjectFilters) -> QuerySet[Project]:
    """The projects matching every filter given, ordered by reference."""
    projects = Project.objects.all()
    if filters.area is not None:
        projects = projects.filter(serving(area_ids_within(filters.area)))
    exact = {
        "fund__code": filters.fund,
        "programme__slug": filters.programme,
        "status": filters.status,
        "category": filters.category,
        "grant__gte": filters.min_amount,
        "grant__lte": filters.max_amount,
    }
    projects = projects.filter(
        **{name: value for name, value in exact.items() if value is not None}
    )
    if filters.foundation is not None:
        projects = projects.filter(_tagged(filters.foundation, ThemeKind.FOUNDATION))
    if filters.challenge is not None:
        projects = projects.filter(_tagged(filters.challenge, ThemeKind.GRAND_CHALLENGE))
    if filters.q is not None:
        words = Q()
        for name in ("reference", "title", "summary", "place_name", "promoter"):
            words |= Q(**{f"{name}__icontains": filters.q})
        projects = projects.filter(words)
    return projects.order_by("reference")


def with_details(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with what a list, an export or the map shows of each, in few queries.

    An area's boundary (a large GeoJSON document) is never read here, and related rows are
    ordered within their project by their own columns, with no join back to the project."""
    areas = ProjectArea.objects.select_related("area").defer("area__boundary")
    return (
        projects.select_related("fund", "programme", "federated_area")
        .defer("federated_area__boundary")
        .prefetch_related(
            _ordered("sources", ProjectSource.objects.all(), "position", "pk"),
            _ordered("area_shares", areas, "area__code"),
            _ordered("theme_tags", ProjectTheme.objects.select_related("theme"), "theme__code"),
        )
    )


def _ordered(lookup: str, queryset: QuerySet[Any], *order: str) -> Prefetch:
    return Prefetch(lookup, queryset=queryset.order_by(*order))


@dataclass(frozen=True)
class Totals:
    count: int
    grant: Decimal
    total_cost: Decimal


def totals(projects: QuerySet[Project]) -> Totals:
    """How many projects, and their grant and total cost (pence exact; missing amounts add 0)."""
    sums = projects.order_by().aggregate(
        count=Count("pk"), grant=Sum("grant"), total_cost=Sum("total_cost")
    )
    return Totals(
        count=sums["count"],
        grant=_pence(sums["grant"]),
        total_cost=_pence(sums["total_cost"]),
    )


def _pence(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class FacetCount:
    code: str
    label: str
    count: int


FACETS = ("status", "category", "fund", "federated_area", "foundation")


def facet_counts(
    filters: ProjectFilters, facets: Iterable[str] = FACETS
) -> dict[str, list[FacetCount]]:
    """How many of the filtered projects fall under each status, category, fund, federated
    area and foundation (or only the ``facets`` named), listing every option (with 0 where
    none do) in the usual order. The federated area is the one recorded on each project,
    which may differ from the areas it serves (a project serving Essex county is recorded in
    Essex)."""
    projects = filter_projects(filters).order_by()

    # Filtering never repeats a project (areas and themes are matched by EXISTS), and a
    # project is tagged to a theme at most once, so plain counts are exact: no DISTINCT.
    # Grouping by a foreign key's column, not its row's code, needs no join.
    def counted(field: str, codes: Mapping[Any, str] | None = None) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for key, n in projects.values_list(field).annotate(n=Count("pk")):
            code = key if codes is None else codes.get(key)
            if code is not None:
                counts[code] += n
        return counts

    def foundations() -> dict[str, int]:
        tags = ProjectTheme.objects.filter(theme__kind=ThemeKind.FOUNDATION)
        if filters.is_filtered:
            tags = tags.filter(project__in=projects.values("pk"))
        return dict(tags.values_list("theme__code").annotate(n=Count("project_id")).order_by())

    federated = Area.objects.filter(area_type=AreaType.FEDERATED_AREA)
    options: dict[str, Callable[[], tuple[Iterable[tuple[str, str]], dict[str, int]]]] = {
        "status": lambda: (ProjectStatus.choices, counted("status")),
        "category": lambda: (ProjectCategory.choices, counted("category")),
        "fund": lambda: (
            Fund.objects.values_list("code", "name"),
            counted("fund_id", dict(Fund.objects.values_list("pk", "code"))),
        ),
        "federated_area": lambda: (
            federated.order_by("name").values_list("code", "name"),
            counted("federated_area_id", dict(federated.values_list("pk", "code"))),
        ),
        "foundation": lambda: (
            Theme.objects.filter(kind=ThemeKind.FOUNDATION).values_list("code", "title"),
            foundations(),
        ),
    }
    summaries = {facet: options[facet]() for facet in facets}
    return {
        facet: [FacetCount(code, label, counts.get(code, 0)) for code, label in choices]
        for facet, (choices, counts) in summaries.items()
    }


def get_area(code: str) -> Area | None:
    """The area with this code: its current vintage, else its latest."""
    vintages = Area.objects.filter(code=code.upper())
    return vintages.filter(valid_to__isnull=True).first() or vintages.order_by("-valid_to").first()


# Single records --------------------------------------------------------------------------------


def project_detail(reference: str) -> Project | None:
    """The project with everything its page and the API show, or None."""
    projects = with_details(Project.objects.filter(reference=reference)).prefetch_related(
        _ordered("match_funding", MatchFunding.objects.all(), "source_name", "pk"),
        _ordered("spend", SpendLine.objects.all(), "financial_year", "basis"),
        _ordered(
            "outputs",
            OutputLine.objects.select_related("output_type"),
            "output_type__code",
            "period",
            "basis",
        ),
    )
    return projects.first()


def project_changes(project: Project) -> list[tuple[datetime, str]]:
    """When the project's own record was created (+), changed (~) or deleted (-), newest
    first, from its audit history; who made each change is not given."""
    history: Any = project.history
    rows = history.order_by("-history_date", "-history_id").values_list(
        "history_date", "history_type"
    )
    return list(rows)


@dataclass(frozen=True)
class LineHistory:
    """Every version of a project's match funding, spend and output lines in the audit
    history, oldest first (historical records: each line's fields, ``history_date`` and
    ``history_type``)."""

    match_funding: list[Any]
    spend: list[Any]
    outputs: list[Any]


def line_history(project: Project) -> LineHistory:
    def versions(model: Any, *related: str) -> list[Any]:
        rows = model.history.filter(project_id=project.pk).select_related(*related)
        return list(rows.order_by("history_date", "history_id"))

    return LineHistory(
        match_funding=versions(MatchFunding),
        spend=versions(SpendLine),
        outputs=versions(OutputLine, "output_type"),
    )


def programme_progress(slug: str) -> Programme | None:
    """The programme with its funds, targets (current and superseded) and snapshots, or None."""
    return (
        Programme.objects.filter(slug=slug)
        .select_related("partnership")
        .prefetch_related("funds", "targets", "snapshots")
        .first()
    )


def framework_overview() -> tuple[QuerySet[Document], QuerySet[Theme]]:
    """The strategy documents, and the themes with how many projects are tagged to each."""
    themes = Theme.objects.select_related("document").annotate(
        project_count=Count("project_tags__project", distinct=True)
    )
    return Document.objects.all(), themes
