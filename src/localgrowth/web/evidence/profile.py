"""An area's profile: its scorecard of indicators by theme, similar places and the larger
areas it lies in, and the scorecard as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from localgrowth.domain.evidence.benchmarks import Rag
from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.evidence import analysis
from localgrowth.evidence.models import Aggregation, Indicator
from localgrowth.places.models import Area
from localgrowth.web.evidence.common import (
    KIND_HEADINGS,
    NOT_COMPARED,
    PROFILE_TYPES,
    EvidenceNotFound,
    area_name,
    find_area,
    format_value,
    indicator_path,
    profile_path,
    signed,
    signed_percent,
    strengths_path,
)
from localgrowth.web.formatting import number

RAG_TAGS = {
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
    Rag.NO_DIRECTION: "govuk-tag--grey",
}


@dataclass(frozen=True)
class ScoreRow:
    indicator: Indicator
    url: str
    period: str
    value: str
    value_note: str
    england: str
    gap: str
    gap_percent: str
    rank: str
    quintile: str
    status: str
    status_tag: str
    trend: str
    note: str
    raw: dict[str, Any]


@dataclass(frozen=True)
class ScoreTheme:
    code: str
    title: str
    kind: str
    rows: list[ScoreRow]


@dataclass(frozen=True)
class NeighbourRow:
    code: str
    name: str
    distance: str
    url: str


@dataclass(frozen=True)
class AreaLinkRow:
    code: str
    name: str
    type_label: str
    url: str


@dataclass
class Profile:
    area: Area
    name: str
    type_label: str
    region: str
    themes: list[ScoreTheme]
    neighbours: list[NeighbourRow]
    neighbour_method: str
    neighbour_indicators: list[str]
    parents: list[AreaLinkRow]
    area_url: str
    strengths_url: str
    csv_url: str

    @property
    def kinds(self) -> list[tuple[str, list[ScoreTheme]]]:
        return [
            (heading, [theme for theme in self.themes if theme.kind == kind])
            for kind, heading in KIND_HEADINGS.items()
            if any(theme.kind == kind for theme in self.themes)
        ]


def _trend_text(line: analysis.ScorecardLine) -> str:
    found = line.trend
    if found is None:
        return line.trend_note
    change = signed_percent(found.percent_change)
    since = line.trend_base or str(found.base_year)
    text = f"{change or signed(found.change, line.indicator)} since {since}"
    if found.cagr_percent is not None:
        text += f" ({signed_percent(found.cagr_percent)} a year)"
    return text


def _status_words(line: analysis.ScorecardLine) -> str:
    if line.indicator.aggregation == Aggregation.SUM:
        return NOT_COMPARED
    return line.rag.label if line.rag else "Not assessed"


def score_row(line: analysis.ScorecardLine, area: Area) -> ScoreRow:
    indicator = line.indicator
    own = line.value
    value_note = ""
    if own is not None and not own.published:
        value_note = f"Aggregated from {own.districts} districts"
    rag = line.rag
    england = line.england
    return ScoreRow(
        indicator=indicator,
        url=indicator_path(indicator.code, area=area.code),
        period=line.period or "",
        value=format_value(own.value, indicator) if own else "No value",
        value_note=value_note,
        england=format_value(england.value, indicator) if england else "",
        gap=signed(england.gap, indicator) if england else "",
        gap_percent=signed_percent(england.gap_percent) if england else "",
        rank=f"{line.rank.position} of {line.rank.of}" if line.rank else "",
        quintile=str(line.rank.quintile) if line.rank else "",
        status=_status_words(line),
        status_tag=RAG_TAGS.get(rag, "govuk-tag--grey") if rag else "govuk-tag--grey",
        trend=_trend_text(line),
        note=line.note,
        raw={
            "value": own.value if own else None,
            "england": england.value if england else None,
            "gap": england.gap if england else None,
            "gap_percent": england.gap_percent if england else None,
            "rank": line.rank.position if line.rank else None,
            "of": line.rank.of if line.rank else None,
            "quintile": line.rank.quintile if line.rank else None,
            "status": rag.label if rag else "",
            "published": own.published if own else None,
            "trend_base": line.trend_base,
            "percent_change": line.trend.percent_change if line.trend else None,
            "cagr_percent": line.trend.cagr_percent if line.trend else None,
        },
    )


def profile(code: str) -> Profile:
    area = find_area(code)
    if area is None:
        raise EvidenceNotFound(code)
    places = analysis.Places()
    card = analysis.scorecard(area, places)
    themes = [
        ScoreTheme(
            item.theme.code,
            item.theme.title,
            item.theme.kind,
            [score_row(line, area) for line in item.lines],
        )
        for item in card.themes
    ]
    neighbours: list[NeighbourRow] = []
    method = ""
    used: list[str] = []
    try:
        similar = analysis.neighbours(area, places=places)
        neighbours = [
            NeighbourRow(item.code, item.name, number(item.distance, 2), profile_path(item.code))
            for item in similar.nearest
        ]
        method = similar.method
        titles = dict(Indicator.objects.values_list("code", "title"))
        used = [
            f"{titles.get(item['indicator'], item['indicator'])} ({item['period']}"
            + (", log scale)" if item["scale"] == "log" else ")")
            for item in similar.indicators
        ]
    except (EvidenceError, ValueError, KeyError):
        method = "Similar places cannot be found for this area."
    parents = [
        AreaLinkRow(
            parent.code, parent.name, parent.get_area_type_display(), profile_path(parent.code)
        )
        for parent in area.parents.filter(valid_to__isnull=True, area_type__in=PROFILE_TYPES)
        .defer("boundary")
        .order_by("area_type", "name")
    ]
    return Profile(
        area=area,
        name=area_name(area),
        type_label=area.get_area_type_display(),
        region=card.region.name if card.region else "",
        themes=themes,
        neighbours=neighbours,
        neighbour_method=method,
        neighbour_indicators=used,
        parents=parents,
        area_url=f"/areas/{quote(area.code, safe='')}/",
        strengths_url=strengths_path(area.code),
        csv_url=profile_path(area.code) + "scorecard.csv",
    )


SCORECARD_CSV_HEADERS = [
    "theme",
    "indicator",
    "title",
    "unit",
    "period",
    "value",
    "published",
    "england",
    "gap",
    "gap_percent",
    "rank",
    "of",
    "quintile",
    "status",
    "trend_base",
    "percent_change",
    "cagr_percent",
]


def scorecard_csv_rows(page: Profile) -> list[list[Any]]:
    rows = []
    for theme in page.themes:
        for row in theme.rows:
            raw = row.raw
            rows.append(
                [
                    theme.code,
                    row.indicator.code,
                    row.indicator.title,
                    row.indicator.unit,
                    row.period,
                    raw["value"],
                    raw["published"],
                    raw["england"],
                    raw["gap"],
                    raw["gap_percent"],
                    raw["rank"],
                    raw["of"],
                    raw["quintile"],
                    raw["status"],
                    raw["trend_base"],
                    raw["percent_change"],
                    raw["cagr_percent"],
                ]
            )
    return rows
