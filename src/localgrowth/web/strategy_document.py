"""A strategy version as a document: the same content for the public pages and the PDF.

The document is built from the version's own rows only (its priorities, their places, themes,
evidence, sectors, actions and KPIs), which never change once the version is published, and
from the evidence as it stood then: each priority's evidence is the snapshot taken at
publication (value, period, status against England and the release it came from). England's
value beside it is read from the releases held when the version was published (imported by
``published_at``), so a newer release does not change a published document. Editing a draft
makes new rows of another version and leaves this one as it was.

Two parts are read as they are now, and say so: the projects the register tags to each
priority's framework priority, with their grant; and, on the HTML page only, the live evidence
panel that says when the evidence behind a priority has moved since publication.

In numbered sections: the vision, objective and the two core aims; the priorities at a glance
with a map of the places they target; a section for each priority (why, places and themes,
evidence with a chart against England, sector strengths, actions, KPIs and the projects serving
it); and the sources with their release dates, where the sources stop, and the licences. A
"data as at" stamp gives the version's publication date and the newest release its evidence
uses. Every chart is SVG drawn on the server (``localgrowth.web.vega``) and is followed by a
table of the same figures.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from localgrowth.domain import geo
from localgrowth.domain.evidence.benchmarks import Rag, gap
from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.evidence import analysis
from localgrowth.evidence.models import (
    NEWEST_RELEASE_FIRST,
    Aggregation,
    Indicator,
    Observation,
    Release,
)
from localgrowth.framework.models import ThemeKind
from localgrowth.places.models import Area, Partnership
from localgrowth.projects.models import ProjectTheme
from localgrowth.strategy import consultation
from localgrowth.strategy.evidence import evidence_panel
from localgrowth.strategy.models import (
    Comment,
    Kpi,
    Priority,
    PriorityEvidence,
    Strategy,
    Version,
    VersionStatus,
)
from localgrowth.web import vega
from localgrowth.web.evidence.common import (
    NOT_COMPARED,
    area_name,
    format_value,
    signed_percent,
)
from localgrowth.web.formatting import long_date, money
from localgrowth.web.services import PUBLIC_STATUSES
from localgrowth.web.sources import OGL, OGL_ATTRIBUTION, OGL_URL, OS_ATTRIBUTION

"""The versions the public may read; a draft is not shown."""

BOUNDARY_VINTAGE = 2023
"""The federated areas and districts are drawn from the ONS December 2023 district
boundaries (places/data/PROVENANCE.md), which carry OS data of that year."""
BOUNDARY_ATTRIBUTION = (
    f"{OGL_ATTRIBUTION} {OS_ATTRIBUTION} {BOUNDARY_VINTAGE}. "
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0."
)
BOUNDARY_PLACES = 3
"""About 100 m: enough for a map a few hundred pixels wide."""
LABEL_WIDTH = 34
"""The characters in a line of a chart's label: longer ones are wrapped."""
PALE = "#f3f2f1"
"""The fill of a place no priority targets."""
MAP_RANGE = ["#deebf7", "#4292c6"]
"""Light to mid blue, so that the labels in near-black keep a contrast of 4.5:1 or more."""

STATUS_WORDS = {
    Rag.GREEN: "Better than England",
    Rag.AMBER: "Similar to England",
    Rag.RED: "Worse than England",
    Rag.NO_DIRECTION: "No better direction",
}
STATUS_COLOURS = {
    "Better than England": vega.BLUE,
    "Similar to England": vega.TEXT,
    "Worse than England": vega.VERMILLION,
    "No better direction": vega.PURPLE,
    "Not assessed": vega.SECONDARY_TEXT,
}
NOT_ASSESSED = "Not assessed"
NO_DATA = "No data"


class VersionNotFound(LookupError):
    pass


# How figures read -------------------------------------------------------------------------------


def rag_of(status: str) -> Rag | None:
    """The snapshot's status as a ``Rag``, whether it was stored as its value ("green") or its
    label ("Better"); None for anything else."""
    text = (status or "").strip().lower()
    for rag in Rag:
        if text in (rag.value, rag.label.lower()):
            return rag
    return None


def status_words(status: str) -> str:
    """The status against England in words: "Worse than England"; a status stored in other
    words is shown as it was stored."""
    rag = rag_of(status)
    if rag is not None:
        return STATUS_WORDS[rag]
    return status.strip() or NOT_ASSESSED


def lower_first(text: str) -> str:
    """ "Worse than England" → "worse than England", for the middle of a sentence."""
    return text[:1].lower() + text[1:]


def release_date(release: Release | None) -> str:
    if release is None:
        return "No release recorded"
    return long_date(release.published) if release.published else "Date not given"


def paragraphs(text: str) -> list[str]:
    """Text as its author wrote it, split into paragraphs at blank lines."""
    parts = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [part for part in parts if part]


def project_url(reference: str) -> str:
    try:
        return reverse("web:project", kwargs={"reference": reference})
    except NoReverseMatch:
        return ""


# The parts of the document ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    number: int
    title: str

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class EvidenceRow:
    """One indicator a priority rests on, as it stood when the version was published."""

    indicator: Indicator
    area: str
    period: str
    value: str
    england: str
    similar: str
    """The value of the places most like the area, for the same period, as recorded."""
    difference: str
    status: str
    release: str
    release_date: str
    release_url: str
    note: str
    raw_value: float | None
    raw_england: float | None
    raw_difference: float | None

    @property
    def label(self) -> str:
        return f"{self.indicator.title}, {self.area}"


@dataclass(frozen=True)
class SectorRow:
    code: str
    name: str
    classification: str
    note: str


@dataclass(frozen=True)
class LinkedProject:
    reference: str
    title: str
    url: str


@dataclass(frozen=True)
class ActionRow:
    title: str
    owner: str
    timescale: str
    cost: str
    funding_source: str
    projects: list[LinkedProject]
    candidates: list[str]


@dataclass(frozen=True)
class KpiRow:
    indicator: Indicator
    area: str
    baseline: str
    baseline_period: str
    target: str
    target_date: str
    no_data: bool


@dataclass(frozen=True)
class ProjectRow:
    reference: str
    title: str
    grant: str
    url: str


@dataclass(frozen=True)
class ThemeServed:
    kind: str
    title: str


@dataclass
class PriorityPart:
    """A priority's section of the document."""

    priority: Priority
    position: int
    """1 for the first priority."""
    number: int
    """The section's number."""
    rationale: list[str]
    places: list[str]
    themes: list[ThemeServed]
    framework_theme: str
    evidence: list[EvidenceRow]
    chart: vega.Chart | None
    sectors: list[SectorRow]
    actions: list[ActionRow]
    kpis: list[KpiRow]
    projects: list[ProjectRow]
    projects_grant: str
    projects_with_grant: int
    live: LivePanel | None = None
    comments: list[Comment] = field(default_factory=list)
    comment_url: str = ""

    @property
    def key(self) -> str:
        return f"priority-{self.priority.code}"

    @property
    def title(self) -> str:
        return self.priority.title

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.priority.title}"

    def sub(self, index: int, title: str) -> str:
        return f"{self.number}.{index} {title}"

    @property
    def key_figure(self) -> str:
        """The first indicator the priority rests on, in one line."""
        if not self.evidence:
            return "No evidence recorded"
        row = self.evidence[0]
        value = row.value or "No value"
        period = f" ({row.period})" if row.period else ""
        return f"{row.indicator.title}, {row.area}: {value}{period}, {lower_first(row.status)}"

    @property
    def evidence_table(self) -> vega.Table:
        return evidence_table(self.title, self.evidence)

    @property
    def notes(self) -> list[EvidenceRow]:
        return [row for row in self.evidence if row.note]

    @property
    def no_data_kpis(self) -> int:
        return sum(1 for kpi in self.kpis if kpi.no_data)


@dataclass(frozen=True)
class LiveLine:
    moved: bool
    why: str


@dataclass(frozen=True)
class LivePanel:
    """The live evidence against the snapshot: has any line moved, and why."""

    lines: list[LiveLine]

    @property
    def moved(self) -> list[LiveLine]:
        return [line for line in self.lines if line.moved]

    @property
    def unmoved(self) -> list[LiveLine]:
        return [line for line in self.lines if not line.moved and line.why]


@dataclass(frozen=True)
class PlaceRow:
    """A place on the map, with the priorities that target it (by number and title)."""

    code: str
    name: str
    priorities: tuple[str, ...]
    on_map: bool

    @property
    def count(self) -> int:
        return len(self.priorities)


@dataclass(frozen=True)
class SourceRow:
    title: str
    publisher: str
    published: str
    url: str
    indicators: list[str]
    attributions: list[str]


@dataclass
class StrategyDocument:
    version: Version
    strategy: Strategy
    area_name: str
    priorities: list[PriorityPart]
    as_at: date | None
    """The publication date of the newest release the evidence uses."""
    sources: list[SourceRow]
    kpi_sources: list[SourceRow]
    map_kind: str = ""
    map_places: list[PlaceRow] = field(default_factory=list)
    map_chart: vega.Chart | None = None
    for_print: bool = False
    newer: Version | None = None
    """For a superseded version, the newest published version."""
    consultation_open: bool = False
    consultation_message: str = ""
    comment_url: str = ""
    comments: list[Comment] = field(default_factory=list)
    """The published comments on the whole strategy (those on a priority are in its part)."""
    places: analysis.Places | None = field(default=None, repr=False)

    # Titles and stamps

    @property
    def title(self) -> str:
        return self.version.title

    @property
    def document_title(self) -> str:
        return f"{self.version.title} (version {self.version.number}), {self.published_text}"

    @property
    def published_on(self) -> date | None:
        version = self.version
        if version.published_on:
            return version.published_on
        if version.published_at:
            return version.published_at.date()
        return None

    @property
    def published_text(self) -> str:
        when = long_date(self.published_on) if self.published_on else "on a date not recorded"
        if self.version.status == VersionStatus.CONSULTATION:
            return f"published for consultation {'on ' if self.published_on else ''}{when}"
        return f"published {'on ' if self.published_on else ''}{when}"

    @property
    def as_at_text(self) -> str:
        if self.as_at is None:
            return "no dated release"
        return long_date(self.as_at)

    @property
    def stamp(self) -> str:
        """When the document was published and how recent its evidence is."""
        return (
            f"{self.strategy.name}, version {self.version.number}, {self.published_text}. "
            f"Data as at {self.as_at_text}: the evidence is as it stood when the version was "
            "published, and this is the publication date of the newest release it uses."
        )

    @property
    def page_stamp(self) -> str:
        return (
            f"{self.version.title}, version {self.version.number}, {self.published_text}; "
            f"data as at {self.as_at_text}"
        )

    @property
    def consultation(self) -> bool:
        return self.version.status == VersionStatus.CONSULTATION

    @property
    def superseded(self) -> bool:
        return self.version.status == VersionStatus.SUPERSEDED

    # Sections

    @property
    def sections(self) -> list[Section]:
        keys = [("vision", "Vision, objective and core aims"), ("glance", "The priorities")]
        keys += [(part.key, part.title) for part in self.priorities]
        keys.append(("sources", "Sources, data and licences"))
        return [Section(key, index, title) for index, (key, title) in enumerate(keys, start=1)]

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def text(self, name: str) -> list[str]:
        """One of the version's texts (vision, objective, an aim), in paragraphs."""
        return paragraphs(str(getattr(self.version, name)))

    @property
    def summary(self) -> list[str]:
        return paragraphs(self.version.summary)

    @property
    def sources_note(self) -> list[str]:
        return paragraphs(self.version.sources_note)

    @property
    def map_table(self) -> vega.Table:
        return map_table(self)

    @property
    def map_source(self) -> str:
        return BOUNDARY_ATTRIBUTION

    @property
    def ogl(self) -> tuple[str, str]:
        return OGL, OGL_URL

    @property
    def ogl_attribution(self) -> str:
        return OGL_ATTRIBUTION

    @property
    def charts(self) -> list[vega.Chart]:
        found = [part.chart for part in self.priorities if part.chart is not None]
        return found + ([self.map_chart] if self.map_chart is not None else [])

    @property
    def moved(self) -> list[PriorityPart]:
        return [part for part in self.priorities if part.live and part.live.moved]


# Finding a version ------------------------------------------------------------------------------


def public_versions(strategy: Strategy) -> list[Version]:
    """The versions the public may read, newest published first."""
    found = list(strategy.versions.filter(status__in=PUBLIC_STATUSES))
    return sorted(
        found,
        key=lambda v: (
            v.published_on or (v.published_at.date() if v.published_at else date.min),
            v.number,
        ),
        reverse=True,
    )


def public_version(slug: str, number: int) -> Version:
    """The strategy's version by number, if the public may read it."""
    found = (
        Version.objects.select_related("strategy", "strategy__area", "document")
        .filter(strategy__slug=slug, number=number, status__in=PUBLIC_STATUSES)
        .first()
    )
    if found is None:
        raise VersionNotFound(f"{slug} {number}")
    return found


def current_version(strategy: Strategy) -> Version | None:
    """The newest published version (not one for consultation or superseded)."""
    return strategy.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


# England as it stood ----------------------------------------------------------------------------


class _AsPublished(analysis.IndicatorPeriod):
    """An indicator's values for a period as they stood when a version was published."""

    def __init__(
        self,
        indicator: Indicator,
        period: str,
        places: analysis.Places,
        rows: dict[int, analysis.Row],
    ) -> None:
        self.indicator = indicator
        self.period = period
        self.places = places
        self.rows = rows


def held_then(version: Version, release: Release | None) -> Q:
    """The releases held when the version was published: imported by then, and always the
    snapshot's own release. Without a publication time, the releases no newer than the
    snapshot's (by publication date, undated ones older, then import order)."""
    own = Q(release_id=release.pk) if release is not None else Q(pk__in=[])
    if version.published_at is not None:
        return Q(release__imported_at__lte=version.published_at) | own
    if release is None:
        return own
    if release.published is None:
        return Q(release__published__isnull=True, release_id__lte=release.pk) | own
    return (
        Q(release__published__isnull=True)
        | Q(release__published__lt=release.published)
        | Q(release__published=release.published, release_id__lte=release.pk)
        | own
    )


def england_then(
    item: PriorityEvidence, version: Version, places: analysis.Places, england: Area | None
) -> float | None:
    """England's value of the indicator for the snapshot's period, as published (or aggregated
    from its districts) in the releases held when the version was published."""
    if england is None or not item.period or item.value is None:
        return None
    found = (
        Observation.objects.filter(
            indicator_id=item.indicator_id, period=item.period, industry__isnull=True
        )
        .filter(held_then(version, item.release))
        .order_by("area_id", *NEWEST_RELEASE_FIRST)
        .values_list("area_id", "value", "lower", "upper", "denominator")
    )
    rows: dict[int, analysis.Row] = {}
    for area_id, value, lower, upper, denominator in found:
        rows.setdefault(area_id, analysis.Row(value, lower, upper, denominator))
    try:
        return _AsPublished(item.indicator, item.period, places, rows).value(england).value
    except EvidenceError:
        return None


# Building the parts -----------------------------------------------------------------------------


def evidence_row(
    item: PriorityEvidence, version: Version, places: analysis.Places, england: Area | None
) -> EvidenceRow:
    indicator = item.indicator
    england_value = england_then(item, version, places, england)
    total = indicator.aggregation == Aggregation.SUM
    difference = (
        gap(item.value, england_value).percent
        if item.value is not None and england_value is not None and not total
        else None
    )
    if difference is not None and not math.isfinite(difference):
        difference = None
    if total and item.value is not None:
        difference_text = NOT_COMPARED
    else:
        difference_text = signed_percent(difference) or "Not known"
    return EvidenceRow(
        indicator=indicator,
        area=area_name(item.area),
        period=item.period,
        value=format_value(item.value, indicator) or "No value",
        england=format_value(england_value, indicator) or "Not held",
        similar=format_value(item.similar_value, indicator) or "Not recorded",
        difference=difference_text,
        status=status_words(item.status),
        release=item.release.title if item.release else "No release recorded",
        release_date=release_date(item.release),
        release_url=item.release.url if item.release else "",
        note=item.note,
        raw_value=item.value,
        raw_england=england_value,
        raw_difference=difference,
    )


def evidence_table(title: str, rows: Sequence[EvidenceRow]) -> vega.Table:
    """The evidence of a priority, indicator by indicator, with the release of each."""
    return vega.Table(
        caption=f"The evidence for {title} as it stood when the version was published",
        headers=[
            "Indicator",
            "Period",
            "Value then",
            "England",
            "Similar places",
            "Difference from England",
            "Status",
            "Release",
        ],
        rows=[
            [
                row.label,
                row.period or "Not given",
                row.value,
                row.england,
                row.similar,
                row.difference,
                row.status,
                f"{row.release} (published {row.release_date})"
                if row.release_date[:1].isdigit()
                else f"{row.release} ({row.release_date.lower()})",
            ]
            for row in rows
        ],
        numeric=[False, False, True, True, True, True, False, False],
    )


def evidence_chart(part_key: str, title: str, rows: Sequence[EvidenceRow]) -> vega.Chart | None:
    """Each indicator's difference from England, as a percentage of England's value, as a bar
    coloured and labelled by its status."""
    charted = [row for row in rows if row.raw_difference is not None]
    if not charted:
        return None
    areas = {row.area for row in charted}
    labels = [row.label if len(areas) > 1 else row.indicator.title for row in charted]
    lines = [textwrap.wrap(label, LABEL_WIDTH) or [label] for label in labels]
    values = [
        {
            "label": label,
            "lines": "\n".join(wrapped),
            "difference": row.raw_difference,
            "text": f"{row.difference} ({lower_first(row.status)})",
            "status": row.status,
        }
        for label, wrapped, row in zip(labels, lines, charted, strict=True)
    ]
    numbers = [float(row.raw_difference or 0.0) for row in charted]
    low, high = min(0.0, *numbers), max(0.0, *numbers)
    span = (high - low) or 10.0
    domain = [low - span * 0.1 if low < 0 else 0.0, high + span * 0.1 if high > 0 else 0.0]
    if domain[0] == domain[1]:
        domain = [-10.0, 10.0]
    statuses = [name for name in STATUS_COLOURS if any(row.status == name for row in charted)]
    statuses += sorted({row.status for row in charted} - set(statuses))
    colours = [STATUS_COLOURS.get(name, vega.SECONDARY_TEXT) for name in statuses]
    y = {
        "field": "lines",
        "type": "nominal",
        "sort": ["\n".join(wrapped) for wrapped in lines],
        "title": None,
        "axis": {"labelExpr": "split(datum.value, '\\n')", "labelLimit": 0},
        "scale": {"paddingInner": 0.3},
    }
    x = {
        "field": "difference",
        "type": "quantitative",
        "title": "Difference from England (% of England’s value)",
        "scale": {"domain": domain, "nice": True},
        "axis": {"labelExpr": "format(datum.value, '+,.0f') + '%'", "tickCount": 5},
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "height": 22},
            "encoding": {
                "y": y,
                "x": x,
                "color": {
                    "field": "status",
                    "type": "nominal",
                    "title": "Against England",
                    "scale": {"domain": statuses, "range": colours},
                },
            },
        },
        {
            "mark": {"type": "rule", "color": vega.TEXT, "strokeWidth": 1.5},
            "encoding": {"x": {"datum": 0}},
        },
    ]
    layers.append(
        {
            "mark": {"type": "text", "align": "left", "dx": 10, "fontSize": 13},
            "encoding": {
                "y": y,
                "x": {"value": "width"},
                "text": {"field": "text"},
                "color": {"value": vega.TEXT},
            },
        }
    )
    description = (
        f"Bar chart of how {title} compares with England: each indicator's difference from "
        "England's value, as a percentage of it. "
        + "; ".join(
            f"{label}: {row.difference} ({lower_first(row.status)})"
            for label, row in zip(labels, charted, strict=True)
        )
        + ". The table below gives every figure."
    )
    body = {"data": {"values": values}, "layer": layers}
    table = evidence_table(title, rows)
    return vega.Chart(
        f"{part_key}-chart",
        f"{title}: the evidence against England",
        description,
        vega.spec(
            body,
            description,
            width=320,
            height=sum(max(40, 18 * len(wrapped) + 14) for wrapped in lines),
        ),
        table,
        "",
    )


def kpi_row(kpi: Kpi) -> KpiRow:
    indicator = kpi.indicator
    if kpi.target is not None:
        target = format_value(kpi.target, indicator)
        if kpi.target_note:
            target = f"{target} ({kpi.target_note})"
    else:
        target = kpi.target_note or "No target set"
    return KpiRow(
        indicator=indicator,
        area=area_name(kpi.area),
        baseline=format_value(kpi.baseline, indicator) or NO_DATA,
        baseline_period=kpi.baseline_period,
        target=target,
        target_date=long_date(kpi.target_date) if kpi.target_date else "No date set",
        no_data=kpi.baseline is None,
    )


def projects_of(priority: Priority) -> tuple[list[ProjectRow], str, int]:
    """The projects the register tags to the priority's framework priority, with their grant
    total (as the register records it now) and how many record a grant."""
    if priority.framework_theme_id is None:
        return [], money(0), 0
    tags = (
        ProjectTheme.objects.filter(theme_id=priority.framework_theme_id)
        .select_related("project")
        .order_by("project__reference")
    )
    rows: list[ProjectRow] = []
    total = Decimal(0)
    with_grant = 0
    for tag in tags:
        project = tag.project
        if project.grant is not None:
            total += project.grant
            with_grant += 1
        rows.append(
            ProjectRow(
                project.reference,
                project.title,
                money(project.grant) if project.grant is not None else "Not recorded",
                project_url(project.reference),
            )
        )
    return rows, money(total), with_grant


def action_rows(priority: Priority) -> list[ActionRow]:
    rows = []
    for action in priority.actions.prefetch_related("projects", "candidates__call"):
        rows.append(
            ActionRow(
                title=action.title,
                owner=action.owner or "Not given",
                timescale=action.timescale or "Not given",
                cost=money(action.cost) if action.cost is not None else "Not known",
                funding_source=action.funding_source or "Not given",
                projects=[
                    LinkedProject(p.reference, p.title, project_url(p.reference))
                    for p in sorted(action.projects.all(), key=lambda p: p.reference)
                ],
                candidates=[
                    f"{c.reference} {c.title} (candidate in {c.call.name})"
                    for c in sorted(action.candidates.all(), key=lambda c: (c.call_id, c.reference))
                ],
            )
        )
    return rows


THEME_KIND_WORDS: dict[str, str] = {
    ThemeKind.AIM: "Core aim",
    ThemeKind.FOUNDATION: "Foundation",
    ThemeKind.GRAND_CHALLENGE: "Grand Challenge",
    ThemeKind.PRIORITY: "Priority",
}
KIND_ORDER = {str(kind): index for index, kind in enumerate(THEME_KIND_WORDS)}


def priority_part(
    priority: Priority,
    position: int,
    number: int,
    version: Version,
    places: analysis.Places,
    england: Area | None,
) -> PriorityPart:
    evidence = [
        evidence_row(item, version, places, england)
        for item in priority.evidence.select_related("indicator", "area", "release")
    ]
    key = f"priority-{priority.code}"
    projects, grant, with_grant = projects_of(priority)
    themes = sorted(
        priority.themes.all(),
        key=lambda t: (KIND_ORDER.get(t.kind, len(KIND_ORDER)), t.position, t.code),
    )
    return PriorityPart(
        priority=priority,
        position=position,
        number=number,
        rationale=paragraphs(priority.rationale),
        places=[area_name(area) for area in priority.places.order_by("name", "code")],
        themes=[
            ThemeServed(THEME_KIND_WORDS.get(str(t.kind), str(t.kind)), t.title) for t in themes
        ],
        framework_theme=priority.framework_theme.title if priority.framework_theme else "",
        evidence=evidence,
        chart=evidence_chart(key, priority.title, evidence),
        sectors=[
            SectorRow(
                s.industry.code,
                s.industry.name,
                s.industry.get_classification_display(),
                s.note,
            )
            for s in priority.sectors.select_related("industry")
        ],
        actions=action_rows(priority),
        kpis=[kpi_row(kpi) for kpi in priority.kpis.select_related("indicator", "area")],
        projects=projects,
        projects_grant=grant,
        projects_with_grant=with_grant,
    )


# The map of places targeted ---------------------------------------------------------------------


def map_areas(strategy: Strategy) -> tuple[str, list[Area]]:
    """The places the map shows: the partnership's federated areas, else its member districts,
    else nothing."""
    partnership = Partnership.objects.filter(area=strategy.area).order_by("name").first()
    if partnership is None:
        return "", []
    federated = list(partnership.federated_areas.order_by("name", "code"))
    if federated:
        return "federated areas", federated
    members = list(partnership.members.filter(valid_to__isnull=True).order_by("name", "code"))
    return ("districts", members) if members else ("", [])


def place_rows(
    parts: Iterable[PriorityPart], areas: Sequence[Area], places: analysis.Places
) -> list[PlaceRow]:
    """Each place with the priorities that target it: a priority targets a place when any
    place it names overlaps it (shares a district), so a priority for the whole partnership
    targets every place."""
    targets: list[tuple[str, frozenset[int]]] = []
    for part in parts:
        covered: set[int] = set()
        for area in part.priority.places.all():
            covered |= places.districts_of(area)
        targets.append((f"{part.number}. {part.title}", frozenset(covered)))
    rows = []
    for area in areas:
        own = places.districts_of(area)
        rows.append(
            PlaceRow(
                area.code,
                area.name,
                tuple(name for name, covered in targets if own & covered),
                bool(area.boundary),
            )
        )
    return rows


def map_table(document: StrategyDocument) -> vega.Table:
    place = "Federated area" if document.map_kind == "federated areas" else "District"
    return vega.Table(
        caption=f"Priorities targeting each {place.lower()} (the map's figures)",
        headers=[place, "Priorities targeting it", "Which"],
        rows=[
            [row.name, str(row.count), "; ".join(row.priorities) or "None"]
            for row in document.map_places
        ],
        numeric=[False, True, False],
    )


def map_chart(document: StrategyDocument, areas: dict[str, Area]) -> vega.Chart | None:
    rows = [row for row in document.map_places if row.on_map and row.code in areas]
    if not rows:
        return None
    top = max(row.count for row in rows)
    features = []
    for row in rows:
        boundary = areas[row.code].boundary
        assert boundary is not None
        features.append(
            {
                "type": "Feature",
                "geometry": geo.wound_for_d3(boundary, decimals=BOUNDARY_PLACES),
                "properties": {"name": row.name, "code": row.code, "count": row.count},
            }
        )
    color: dict[str, Any] = {"value": PALE}
    if top > 0:
        color = {
            "condition": {"test": "datum.properties.count <= 0", "value": PALE},
            "field": "properties.count",
            "type": "quantitative",
            "title": "Priorities targeting it",
            "scale": {"range": MAP_RANGE, "domain": [0, top]},
            "legend": {
                "format": "d",
                "direction": "vertical",
                "orient": "right",
                "tickCount": min(top, 4),
            },
        }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": features, "format": {"type": "json"}},
            "mark": {"type": "geoshape", "stroke": vega.TEXT, "strokeWidth": 1},
            "encoding": {"color": color},
        }
    ]
    if document.map_kind == "federated areas":
        labels = [
            {
                "lines": [
                    row.name,
                    f"{row.count} {'priority' if row.count == 1 else 'priorities'}",
                ],
                "count": row.count,
                "lat": areas[row.code].centroid_lat,
                "lon": areas[row.code].centroid_lon,
            }
            for row in rows
            if areas[row.code].centroid_lat is not None
        ]
        layers.append(
            {
                "data": {"values": labels},
                "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "text": {"field": "lines"},
                    "color": {"value": vega.TEXT},
                },
            }
        )
    kind = document.map_kind
    description = (
        f"Map of {document.area_name}'s {len(rows)} {kind} shaded by how many of the strategy's "
        "priorities target each (darker is more; those no priority targets are pale grey). "
        + "; ".join(f"{row.name}: {row.count}" for row in rows)
        + ". The table below gives every figure."
    )
    body = {"projection": {"type": "mercator"}, "layer": layers}
    place = "federated area" if kind == "federated areas" else "district"
    return vega.Chart(
        "strategy-map",
        f"Priorities targeting each {place}",
        description,
        vega.spec(body, description, width=440, height=330),
        map_table(document),
        "",
    )


def add_map(document: StrategyDocument, places: analysis.Places) -> None:
    kind, areas = map_areas(document.strategy)
    if not areas:
        return
    document.map_kind = kind
    document.map_places = place_rows(document.priorities, areas, places)
    document.map_chart = map_chart(document, {area.code: area for area in areas})


# Sources ----------------------------------------------------------------------------------------


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def source_rows(version: Version) -> list[SourceRow]:
    """The releases the evidence comes from, newest first, with the indicators read from
    each and their attributions."""
    releases: dict[int, Release] = {}
    uses: dict[int, list[Indicator]] = {}
    for item in PriorityEvidence.objects.filter(priority__version=version).select_related(
        "release", "indicator"
    ):
        if item.release is None:
            continue
        releases[item.release.pk] = item.release
        uses.setdefault(item.release.pk, []).append(item.indicator)
    ordered = sorted(
        releases.values(),
        key=lambda r: (r.published or date.min, r.pk),
        reverse=True,
    )
    return [
        SourceRow(
            title=release.title,
            publisher=release.publisher,
            published=release_date(release),
            url=release.url,
            indicators=_unique(indicator.title for indicator in uses[release.pk]),
            attributions=_unique(indicator.attribution for indicator in uses[release.pk]),
        )
        for release in ordered
    ]


def kpi_source_rows(parts: Sequence[PriorityPart]) -> list[SourceRow]:
    """The sources of the KPIs' indicators (their baselines and targets are the strategy's)."""
    by_source: dict[tuple[str, str, str], list[Indicator]] = {}
    for part in parts:
        for kpi in part.kpis:
            indicator = kpi.indicator
            key = (indicator.source_title, indicator.source_publisher, indicator.source_url)
            by_source.setdefault(key, []).append(indicator)
    return [
        SourceRow(
            title=title,
            publisher=publisher,
            published="",
            url=url,
            indicators=_unique(indicator.title for indicator in indicators),
            attributions=_unique(indicator.attribution for indicator in indicators),
        )
        for (title, publisher, url), indicators in by_source.items()
    ]


def newest_release_date(version: Version) -> date | None:
    dates = (
        PriorityEvidence.objects.filter(priority__version=version, release__published__isnull=False)
        .order_by("-release__published")
        .values_list("release__published", flat=True)
    )
    return dates.first()


# Building and the live panel --------------------------------------------------------------------


def strategy_document(version: Version, *, for_print: bool = False) -> StrategyDocument:
    """The document of a version, from its own rows and the evidence as it stood when it was
    published."""
    strategy = version.strategy
    places = analysis.Places()
    england = analysis.current_area(analysis.ENGLAND)
    priorities = list(
        version.priorities.select_related("framework_theme").prefetch_related("themes", "places")
    )
    parts = [
        priority_part(priority, position, position + 2, version, places, england)
        for position, priority in enumerate(priorities, start=1)
    ]
    newer = None
    if version.status == VersionStatus.SUPERSEDED:
        newer = current_version(strategy)
    document = StrategyDocument(
        version=version,
        strategy=strategy,
        area_name=area_name(strategy.area),
        priorities=parts,
        as_at=newest_release_date(version),
        sources=source_rows(version),
        kpi_sources=kpi_source_rows(parts),
        for_print=for_print,
        newer=newer,
    )
    document.places = places
    add_map(document, places)
    return document


def live_panel(priority: Priority, places: analysis.Places | None = None) -> LivePanel:
    """The priority's evidence now against the snapshot (``strategy.evidence``): each line,
    whether it has moved and why."""
    lines = evidence_panel(priority, places)
    return LivePanel([LiveLine(line.moved, line.why) for line in lines])


def add_live_panels(document: StrategyDocument) -> None:
    """The live evidence panel of each priority, for the HTML page."""
    places = document.places or analysis.Places()
    for part in document.priorities:
        part.live = live_panel(part.priority, places)


def comment_url(version: Version) -> str:
    """The address of the comment form of a version published for consultation; empty where
    the site has no comment form."""
    try:
        return reverse("web:strategy-comment", args=[version.strategy.slug, version.number])
    except NoReverseMatch:
        return ""


def add_consultation(document: StrategyDocument) -> None:
    """For a version published for consultation, for the HTML page: whether it takes comments,
    the links to comment on the whole strategy or on each priority, and the comments published
    so far."""
    version = document.version
    if version.status != VersionStatus.CONSULTATION:
        return
    window = consultation.window(version)
    document.consultation_open = window.open
    document.consultation_message = window.message
    base = comment_url(version)
    published = consultation.published_comments(version)
    document.comments = published.get(None, [])
    if base:
        document.comment_url = f"{base}?{urlencode({'priority': 'whole'})}"
    for part in document.priorities:
        part.comments = published.get(part.priority.pk, [])
        if base:
            part.comment_url = f"{base}?{urlencode({'priority': part.priority.pk})}"
