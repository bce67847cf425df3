"""The evidence base: every indicator, grouped by the kind of theme and the theme."""

from __future__ import annotations

from dataclasses import dataclass

from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator
from localgrowth.framework.models import Theme
from localgrowth.web.evidence.common import (
    KIND_HEADINGS,
    area_name,
    find_area,
    indicator_path,
    partnership_area_code,
)


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: str
    unit: str
    polarity: str
    source: str
    source_url: str
    latest_period: str | None
    url: str
    by_industry: bool


@dataclass(frozen=True)
class ThemeGroup:
    code: str
    title: str
    kind: str
    indicators: list[IndicatorRow]


@dataclass(frozen=True)
class KindGroup:
    heading: str
    kind: str
    themes: list[ThemeGroup]


@dataclass(frozen=True)
class EvidenceIndex:
    kinds: list[KindGroup]
    partnership_code: str
    partnership_name: str

    @property
    def count(self) -> int:
        return sum(len(theme.indicators) for kind in self.kinds for theme in kind.themes)


def evidence_index() -> EvidenceIndex:
    indicators = Indicator.objects.select_related("theme").order_by(
        "theme__position", "position", "code"
    )
    by_theme: dict[str, list[IndicatorRow]] = {}
    themes: dict[str, Theme] = {}
    for indicator in indicators:
        themes[indicator.theme_id] = indicator.theme
        by_theme.setdefault(indicator.theme_id, []).append(
            IndicatorRow(
                code=indicator.code,
                title=indicator.title,
                unit=indicator.unit,
                polarity=indicator.get_polarity_display(),
                source=f"{indicator.source_publisher}: {indicator.source_title}",
                source_url=indicator.source_url,
                latest_period=analysis.latest_period(indicator),
                url=indicator_path(indicator.code),
                by_industry=indicator.by_industry,
            )
        )
    kinds = []
    for kind, heading in KIND_HEADINGS.items():
        chosen = sorted(
            (theme for theme in themes.values() if theme.kind == kind),
            key=lambda theme: (theme.position, theme.code),
        )
        if chosen:
            kinds.append(
                KindGroup(
                    heading,
                    kind,
                    [
                        ThemeGroup(theme.code, theme.title, theme.kind, by_theme[theme.code])
                        for theme in chosen
                    ],
                )
            )
    code = partnership_area_code()
    area = find_area(code)
    return EvidenceIndex(kinds, code, area_name(area) if area else "England")
