"""A project's public page: what it is, its funding, spend, outputs, place, areas, strategy tags,
sources and the public history of changes to its record and to its match funding, spend and
outputs (never who made them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from localgrowth.domain.changes import LineEvent, line_changes
from localgrowth.projects import queries
from localgrowth.projects.models import (
    Basis,
    DatePrecision,
    FundingType,
    LocationMatch,
    LocationPrecision,
    Project,
)

from .charts import BarChart, BarSeries, bar_chart
from .evidence.common import scorecard_links
from .formatting import long_date, money, number
from .project_list import STATUS_LETTERS, area_path, boundaries_url

HISTORY_TYPES = {"+": "Record created", "~": "Record changed", "-": "Record deleted"}
HIDDEN_FIELDS = {"id", "history_id", "history_date", "history_type", "history_user"}


class ProjectNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Row:
    key: str
    value: str


@dataclass(frozen=True)
class MatchRow:
    source: str
    kind: str
    amount: Decimal | None


@dataclass(frozen=True)
class SpendRow:
    year: str
    forecast: Decimal | None
    actual: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class OutputRow:
    name: str
    unit: str
    period: str
    forecast: Decimal | None
    actual: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class AreaShare:
    code: str
    name: str
    type_label: str
    url: str
    share: Decimal


@dataclass(frozen=True)
class Tag:
    title: str
    kind: str
    basis: str
    filter_url: str
    evidence_url: str = ""


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    what: str
    details: list[str]


@dataclass(frozen=True)
class ProjectPage:
    reference: str
    title: str
    summary: str
    notes: str
    status: str
    status_letter: str
    status_label: str
    boundaries_url: str
    facts: list[Row]
    grant: Decimal | None
    total_cost: Decimal | None
    match: list[MatchRow]
    spend: list[SpendRow]
    spend_chart: BarChart | None
    outputs: list[OutputRow]
    latitude: float | None
    longitude: float | None
    location_text: str
    areas: list[AreaShare]
    tags: list[Tag]
    sources: list[str]
    changes: list[Change]


def project_page(reference: str) -> ProjectPage:
    project = queries.project_detail(reference) if 0 < len(reference) <= 40 else None
    if project is None:
        raise ProjectNotFound(reference)
    spend = spend_rows(project)
    evidence = scorecard_links()
    located = project.latitude is not None and project.longitude is not None
    return ProjectPage(
        reference=project.reference,
        title=project.title,
        summary=project.summary,
        notes=project.notes,
        status=project.status,
        status_letter=STATUS_LETTERS.get(project.status, "?"),
        status_label=project.get_status_display(),
        boundaries_url=boundaries_url(),
        facts=facts(project),
        grant=project.grant,
        total_cost=project.total_cost,
        match=[
            MatchRow(row.source_name, row.get_funding_type_display(), row.amount)
            for row in project.match_funding.all()
        ],
        spend=spend,
        spend_chart=spend_chart(project.title, spend),
        outputs=output_rows(project),
        latitude=float(project.latitude) if located else None,  # type: ignore[arg-type]
        longitude=float(project.longitude) if located else None,  # type: ignore[arg-type]
        location_text=location_text(project),
        areas=[
            AreaShare(
                row.area.code,
                row.area.name,
                row.area.get_area_type_display(),
                area_path(row.area.code),
                row.share,
            )
            for row in project.area_shares.all()
        ],
        tags=[_tag(tag, evidence) for tag in project.theme_tags.all()],
        sources=[source.url for source in project.sources.all()],
        changes=changes(project),
    )


def _tag(tag: Any, evidence: dict[str, str]) -> Tag:
    parameter = {"foundation": "foundation", "grand_challenge": "challenge"}.get(tag.theme.kind)
    url = f"/projects/?{parameter}={tag.theme.code}" if parameter else ""
    return Tag(
        tag.theme.title,
        tag.theme.get_kind_display(),
        tag.basis,
        url,
        evidence.get(tag.theme.code, ""),
    )


def dated(value: datetime.date | None, precision: str) -> str:
    """A date only as precise as recorded: "2021", "March 2021" or "1 March 2021"."""
    if value is None:
        return "Not recorded"
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{value:%B %Y}"
    return long_date(value)


def facts(project: Project) -> list[Row]:
    programme = project.programme
    rows = [
        Row("Reference", project.reference),
        Row("Fund", project.fund.name),
        Row("Programme", programme.name if programme else "Not recorded"),
        Row("Status", project.get_status_display()),
        Row("Status as reported", project.status_detail or "Not recorded"),
        Row("Category", project.get_category_display()),
        Row("Start", dated(project.start_date, project.start_precision)),
        Row("End", dated(project.end_date, project.end_precision)),
        Row("Promoter", project.promoter or "Not recorded"),
        Row("Place", project.place_name or "Not recorded"),
    ]
    if project.federated_area:
        rows.append(Row("Federated area", project.federated_area.name))
    return rows


def location_text(project: Project) -> str:
    """Where the map puts the project, and how precise that is, in plain words."""
    if project.latitude is None or project.longitude is None:
        return "The project's location is not recorded, so it is not on the map."
    district = project.location_district
    place = project.place_name or (district.name if district else "its area")
    precision = project.location_precision
    if precision == LocationPrecision.EXACT:
        text = f"Shown at its site in {place}."
    elif precision == LocationPrecision.PLACE:
        text = f"Shown at {place}: the exact site is not recorded."
    elif precision == LocationPrecision.DISTRICT_CENTROID and district:
        text = f"Shown at the centre of {district.name}: the exact site is not recorded."
    else:
        text = f"Shown at the centre of {place}: the exact site is not recorded."
    if project.location_match == LocationMatch.NEAREST and district:
        distance = number(project.location_distance_m or 0)
        text += (
            f" The point falls just outside every district boundary on the simplified map, so "
            f"the nearest district, {district.name}, {distance} m away, is used."
        )
    return text


def _notes(notes: list[str]) -> str:
    """The distinct notes of a row's forecast and actual lines, in order."""
    return "; ".join(dict.fromkeys(note for note in notes if note))


def spend_rows(project: Project) -> list[SpendRow]:
    years: dict[str, dict[str, Decimal]] = {}
    notes: dict[str, list[str]] = {}
    for line in project.spend.all():
        years.setdefault(line.financial_year, {})[line.basis] = line.amount
        notes.setdefault(line.financial_year, []).append(line.note)
    return [
        SpendRow(year, by.get(Basis.FORECAST), by.get(Basis.ACTUAL), _notes(notes[year]))
        for year, by in sorted(years.items())
    ]


def spend_chart(title: str, rows: list[SpendRow]) -> BarChart | None:
    if not rows:
        return None
    groups = []
    for row in rows:
        series = [
            BarSeries(key, name, value)
            for key, name, value in (
                # drawn as the home page's target (dashed) and delivered (solid) bars
                ("target", "Forecast", row.forecast),
                ("delivered", "Actual", row.actual),
            )
            if value is not None
        ]
        groups.append((row.year, series))
    description = ". ".join(
        f"{row.year}: forecast {money(row.forecast) or 'not recorded'}, "
        f"actual {money(row.actual) or 'not recorded'}"
        for row in rows
    )
    return bar_chart(f"Spend by financial year: {title}", description, groups)


def output_rows(project: Project) -> list[OutputRow]:
    lines: dict[tuple[str, str, str], dict[str, Decimal]] = {}
    notes: dict[tuple[str, str, str], list[str]] = {}
    for line in project.outputs.all():
        key = (line.output_type.name, line.output_type.unit, line.period)
        lines.setdefault(key, {})[line.basis] = line.value
        notes.setdefault(key, []).append(line.note)
    return [
        OutputRow(
            name,
            unit,
            period or "Whole life",
            by.get(Basis.FORECAST),
            by.get(Basis.ACTUAL),
            _notes(notes[(name, unit, period)]),
        )
        for (name, unit, period), by in lines.items()
    ]


# History ---------------------------------------------------------------------------------------


def _shown(value: Any, field: Any = None) -> str:
    if field is not None and field.is_relation and value is not None:
        value = field.related_model.objects.filter(pk=value).first() or value
    elif field is not None and field.choices and value:
        value = dict(field.flatchoices).get(value, value)
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


LINES_CHANGED = "Funding, spend or outputs changed"


def changes(project: Project) -> list[Change]:
    """The changes to the project's record and to its lines, newest first: what changed, from
    what to what. Changes to its lines in one moment (one import or one save) are one entry."""
    record = record_changes(project)
    created = min((change.when for change in record), default=None)
    by_moment: dict[datetime.datetime, list[str]] = {}
    for change in line_changes(line_events(project), since=created):
        by_moment.setdefault(change.when, []).append(change.text)
    lines = [Change(when, LINES_CHANGED, texts) for when, texts in by_moment.items()]
    return sorted([*record, *lines], key=lambda change: change.when, reverse=True)


def line_events(project: Project) -> list[LineEvent]:
    """The audit history of the project's match funding, spend and output lines as events,
    each line known by what it is (its source, year or output and period, and basis)."""
    history = queries.line_history(project)
    funding_types = dict(FundingType.choices)
    bases = dict(Basis.choices)
    events = [
        LineEvent(
            row.history_date,
            row.history_type,
            ("funding", row.source_name, row.funding_type),
            f"Match funding from {row.source_name}"
            + (
                ""
                if row.funding_type == FundingType.NOT_KNOWN
                else f" ({funding_types.get(row.funding_type, row.funding_type).lower()})"
            ),
            "amount not known" if row.amount is None else money(row.amount),
        )
        for row in history.match_funding
    ]
    events += [
        LineEvent(
            row.history_date,
            row.history_type,
            ("spend", row.financial_year, row.basis),
            f"Spend in {row.financial_year} ({bases.get(row.basis, row.basis).lower()})",
            money(row.amount),
        )
        for row in history.spend
    ]
    events += [
        LineEvent(
            row.history_date,
            row.history_type,
            ("output", row.output_type_id, row.period, row.basis),
            f"{row.output_type.name}, {row.period or 'whole life'} "
            f"({bases.get(row.basis, row.basis).lower()})",
            f"{number(row.value, 2 if row.value % 1 else 0)} {row.output_type.unit}",
        )
        for row in history.outputs
    ]
    return events


def record_changes(project: Project) -> list[Change]:
    """The project record's own changes, newest first: what changed, from what to what."""
    history: Any = project.history
    records = list(history.order_by("-history_date", "-history_id"))
    fields = {field.name: field for field in Project._meta.concrete_fields}
    result = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        details = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                field = fields.get(change.field)
                name = str(field.verbose_name) if field else change.field.replace("_", " ")
                old, new = _shown(change.old, field), _shown(change.new, field)
                details.append(f"{name.capitalize()}: {old} → {new}")
        result.append(
            Change(record.history_date, HISTORY_TYPES.get(record.history_type, ""), details)
        )
    return result
