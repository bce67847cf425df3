"""Reading the evidence base for a place: values of any area, scorecards, sector strengths and
similar places.

The functions here read the stored observations (always the newest release of each value: see
``models.NEWEST_RELEASE_FIRST``) and hand them to the pure computations of
``localgrowth.domain.evidence``; they compute nothing of their own.

Areas. A district's value is its own observation. A larger area (county, combined authority,
partnership, region, England) takes the value its source publishes for it when there is one;
otherwise its value is aggregated from its districts by the indicator's rule
(``domain.evidence.aggregation``): a sum for a count, ``Σ(value × denominator) ÷ Σ denominator``
for a ratio (the same as Σ numerator ÷ Σ denominator, never a mean of the districts' ratios),
and refused, with the reason, for an indicator that cannot be aggregated or when a district
lacks a value. The districts of an area are the current districts below it by the parent links
(``domain.apportion.leaf_areas``); England's are every current district.

Periods. An indicator's latest period is the one starting last. The trend of a scorecard runs
from the earliest comparable period: the earliest period written the same way as the latest
(a calendar year with a calendar year, "Oct22-Sep23" with "Oct17-Sep18"), so that a rolling
year is compared with the same months and a point in time with a point in time; indicators
whose editions are not comparable (``comparable_over_time`` false) have no trend.

Similar places. The statistical nearest neighbours of an area are found on the indicators of
``NEIGHBOUR_INDICATORS`` (size, age, productivity, income, employment and deprivation), each at
its latest period, standardised across all districts (``domain.evidence.neighbours``, with
``MissingValues.DROP_AREAS``: a district lacking a value is no one's neighbour). Population is
compared on a logarithmic scale, so that the largest cities do not stretch the scale for all.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from localgrowth.domain.apportion import leaf_areas
from localgrowth.domain.evidence import aggregation as agg
from localgrowth.domain.evidence import benchmarks, sectors
from localgrowth.domain.evidence import neighbours as nn
from localgrowth.domain.evidence.errors import EvidenceError, NotAggregableError
from localgrowth.domain.evidence.polarity import Polarity as DomainPolarity
from localgrowth.domain.evidence.significance import Interval
from localgrowth.domain.evidence.trends import Trend, trend
from localgrowth.evidence.explain import in_words
from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.places.models import Area, AreaType
from localgrowth.places.services import child_links

from .models import (
    NEWEST_RELEASE_FIRST,
    Aggregation,
    Indicator,
    Industry,
    IndustryClassification,
    IndustryLevel,
    Observation,
)

ENGLAND = "E92000001"
SCORECARD_KINDS = (ThemeKind.AIM, ThemeKind.FOUNDATION, ThemeKind.GRAND_CHALLENGE)
"""The themes a scorecard is arranged by: the core aim (productivity), then the five
foundations and the four Grand Challenges."""

NEIGHBOUR_INDICATORS: tuple[tuple[str, bool], ...] = (
    ("population", True),
    ("population-65-plus-share", False),
    ("gva-per-hour-worked", False),
    ("gdhi-per-head", False),
    ("employment-rate-16-64", False),
    ("imd-average-score", False),
)
"""(indicator, on a log scale) for similar places: size, age structure, productivity, household
income, employment and deprivation."""

STRENGTH_INDICATORS = {
    IndustryClassification.RGVA: ("gva-by-industry", IndustryLevel.SECTION),
    IndustryClassification.SIC_SECTION: ("employees-by-section", IndustryLevel.SECTION),
    IndustryClassification.BROAD_GROUP: ("employees-by-broad-group", IndustryLevel.GROUP),
}
"""For each industry classification: the indicator whose values by industry sector strengths
are measured in (GVA for RGVA, employees from BRES otherwise), and the level of industries
compared (one level, whose industries do not overlap)."""
DEFAULT_BASE_YEARS = 5
"""Without a base year, shift-share runs over the five years to the end year (or from the
earliest year held, if later)."""


class NoValueError(EvidenceError):
    """No value is held for the area and period."""


# Reading observations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """An area's latest value of an indicator for a period."""

    value: float
    lower: float | None
    upper: float | None
    denominator: float | None


def _rows(indicator: Indicator, period: str) -> dict[int, Row]:
    """The newest release's values of the indicator (not by industry) for the period, by area
    id."""
    found = (
        Observation.objects.filter(indicator=indicator, period=period, industry__isnull=True)
        .order_by("area_id", *NEWEST_RELEASE_FIRST)
        .values_list("area_id", "value", "lower", "upper", "denominator")
    )
    rows: dict[int, Row] = {}
    for area, value, lower, upper, denominator in found:
        rows.setdefault(area, Row(value, lower, upper, denominator))  # the newest release's
    return rows


def _of(indicator: Indicator) -> QuerySet[Observation]:
    """The indicator's observations, filtered so that the database can use the unique index
    that leads with the indicator (one index for values by industry, one for the rest)."""
    return Observation.objects.filter(
        indicator=indicator, industry__isnull=not indicator.by_industry
    )


def periods(indicator: Indicator) -> list[str]:
    """The indicator's periods, earliest first."""
    rows = (
        _of(indicator)
        .values_list("period", "period_start")
        .distinct()
        .order_by("period_start", "period")
    )
    seen: dict[str, None] = {}
    for period, _ in rows:
        seen.setdefault(period, None)
    return list(seen)


def latest_period(indicator: Indicator) -> str | None:
    """The indicator's period starting last; None when it has no observations."""
    return (
        _of(indicator).order_by("-period_start", "-period").values_list("period", flat=True).first()
    )


class Places:
    """The parent links between areas, read once: the current districts of any area."""

    def __init__(self) -> None:
        self.children = child_links()
        current = Area.objects.filter(area_type=AreaType.DISTRICT, valid_to__isnull=True)
        self.district_codes: dict[int, str] = dict(current.values_list("pk", "code"))
        self.districts = frozenset(self.district_codes)

    def districts_of(self, area: Area) -> frozenset[int]:
        """The ids of the current districts an area is made of (itself, for a district)."""
        if area.area_type == AreaType.COUNTRY:
            return self.districts
        return frozenset(leaf_areas(area.pk, self.children, self.districts))

    @cached_property
    def regions(self) -> list[tuple[Area, frozenset[int]]]:
        found = Area.objects.filter(area_type=AreaType.REGION, valid_to__isnull=True)
        return [(region, self.districts_of(region)) for region in found.defer("boundary")]

    def similar_to(self, area: Area) -> tuple[str, ...]:
        """The codes of the districts most like the area (``neighbours``), worked out once
        for each area; none when the area has no profile to compare."""
        found = self._similar.get(area.pk)
        if found is None:
            try:
                found = tuple(one.code for one in neighbours(area, places=self).nearest)
            except EvidenceError:
                found = ()
            self._similar[area.pk] = found
        return found

    @cached_property
    def _similar(self) -> dict[int, tuple[str, ...]]:
        return {}

    def region_of(self, area: Area) -> Area | None:
        """The region the whole area lies in; None for England or an area across regions."""
        if area.area_type in (AreaType.COUNTRY, AreaType.REGION):
            return None
        own = self.districts_of(area)
        if not own:
            return None
        return next((region for region, inside in self.regions if own <= inside), None)


@dataclass(frozen=True)
class AreaValue:
    """An area's value of an indicator for a period: ``published`` by the source for the area,
    or aggregated from its ``districts`` (how many)."""

    value: float
    lower: float | None
    upper: float | None
    published: bool
    districts: int

    @property
    def interval(self) -> Interval | None:
        if self.lower is None or self.upper is None or self.lower > self.upper:
            return None
        return Interval.of(self.lower, self.upper)


class IndicatorPeriod:
    """One indicator's values for one period, every area's, read once."""

    def __init__(self, indicator: Indicator, period: str, places: Places) -> None:
        self.indicator = indicator
        self.period = period
        self.places = places
        self.rows = _rows(indicator, period)

    @cached_property
    def district_values(self) -> dict[str, float]:
        codes = self.places.district_codes
        return {codes[pk]: row.value for pk, row in self.rows.items() if pk in codes}

    def value(self, area: Area) -> AreaValue:
        """The area's value (see the module's description); raises an ``EvidenceError`` saying
        why there is none."""
        row = self.rows.get(area.pk)
        if row is not None:
            return AreaValue(row.value, row.lower, row.upper, True, 1)
        if area.area_type == AreaType.DISTRICT:
            raise NoValueError(
                f"No value of {self.indicator.code} for {area.code} in {self.period}."
            )
        districts = self.places.districts_of(area)
        if not districts:
            raise NoValueError(
                f"{area.code} has no districts to aggregate {self.indicator.code} from."
            )
        codes = self.places.district_codes
        names = [codes[pk] for pk in districts]
        values = {codes[pk]: row.value for pk, row in self.rows.items() if pk in districts}
        if self.indicator.aggregation == Aggregation.NONE:
            reason = (
                self.indicator.aggregation_note or "its values are not made of parts that add up"
            )
            raise NotAggregableError(self.indicator.code, reason.rstrip("."))
        if self.indicator.aggregation == Aggregation.SUM:
            made = agg.aggregate_sum(values, names)
        else:
            denominators = {
                codes[pk]: row.denominator for pk, row in self.rows.items() if pk in districts
            }
            if len(values) == len(names) and all(d is None for d in denominators.values()):
                raise NotAggregableError(
                    self.indicator.code,
                    f"the source gives the districts' ratios without their "
                    f"{self.indicator.denominator_title or 'denominators'}, which a ratio for "
                    f"{area.name} must be weighted by",
                )
            made = agg.aggregate_ratio_by_denominator(values, denominators, names)
        return AreaValue(made.value, None, None, False, len(made.districts))


def indicator_values(indicator: Indicator, period: str) -> dict[str, float]:
    """Every current district's value of the indicator for the period, by GSS code."""
    return IndicatorPeriod(indicator, period, Places()).district_values


def area_value(
    indicator: Indicator, area: Area, period: str, places: Places | None = None
) -> AreaValue:
    """The area's value of the indicator for the period: its own, published, or aggregated
    from its districts. Raises ``NotAggregableError``, ``IncompleteDataError`` (naming the
    districts without a value) or ``NoValueError``, each with a message saying why."""
    return IndicatorPeriod(indicator, period, places or Places()).value(area)


def current_area(code: str) -> Area | None:
    """The current area with this code (the newest vintage if none is current)."""
    found = Area.objects.filter(code=code).defer("boundary").order_by("valid_to", "-valid_from")
    return found.filter(valid_to__isnull=True).first() or found.first()


# Similar places --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Neighbour:
    code: str
    name: str
    distance: float


@dataclass(frozen=True)
class SimilarPlaces:
    area: str
    indicators: list[dict[str, str]]
    nearest: list[Neighbour]
    dropped: dict[str, str]
    method: str


def _neighbour_profiles(
    places: Places,
) -> tuple[dict[str, dict[str, float | None]], dict[str, Any]]:
    """Every district's values of the neighbour indicators, and each indicator's reading."""
    profiles: dict[str, dict[str, float | None]] = {
        code: {} for code in places.district_codes.values()
    }
    readings: dict[str, Any] = {}
    for code, logged in NEIGHBOUR_INDICATORS:
        indicator = Indicator.objects.filter(code=code).first()
        period = latest_period(indicator) if indicator else None
        if indicator is None or period is None:
            continue
        reading = IndicatorPeriod(indicator, period, places)
        readings[code] = (reading, logged)
        for district, value in reading.district_values.items():
            profiles[district][code] = _scaled(value, logged)
    return profiles, readings


def _scaled(value: float | None, logged: bool) -> float | None:
    if value is None:
        return None
    if logged:
        return math.log10(value) if value > 0 else None
    return value


def neighbours(area: Area, k: int = nn.DEFAULT_K, places: Places | None = None) -> SimilarPlaces:
    """The ``k`` districts most like the area on ``NEIGHBOUR_INDICATORS`` (the area itself
    and, for a larger area, its own districts left out)."""
    places = places or Places()
    profiles, readings = _neighbour_profiles(places)
    field_ = nn.standardise(profiles, missing=nn.MissingValues.DROP_AREAS)
    own = {places.district_codes[pk] for pk in places.districts_of(area)}
    if area.code in profiles:
        profile = profiles[area.code]
        exclude: set[str] = set()
    else:
        profile = {}
        for code, (reading, logged) in readings.items():
            try:
                profile[code] = _scaled(reading.value(area).value, logged)
            except EvidenceError:
                profile[code] = None
        exclude = own
    found = nn.nearest_to_profile(field_, profile, area=area.code, k=k, exclude=exclude)
    names = dict(
        Area.objects.filter(
            code__in=[item.code for item in found.nearest], valid_to__isnull=True
        ).values_list("code", "name")
    )
    used = [
        {
            "indicator": code,
            "period": readings[code][0].period,
            "scale": "log" if readings[code][1] else "linear",
        }
        for code in found.indicators
    ]
    return SimilarPlaces(
        area=area.code,
        indicators=used,
        nearest=[
            Neighbour(item.code, names.get(item.code, item.code), item.distance)
            for item in found.nearest
        ],
        dropped=found.dropped,
        method=(
            "Euclidean distance between z-scores across all districts (population standard "
            "deviation) of the indicators listed, population on a log scale; districts lacking "
            "a value of an indicator are not neighbours."
        ),
    )


# Scorecards -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    value: float
    gap: float
    gap_percent: float | None


TOTAL_NOT_COMPARED = (
    "A total, so not compared with England or other places: it grows with the size of the "
    "area. The rank orders districts by size."
)


@dataclass(frozen=True)
class ScorecardLine:
    """One indicator of a scorecard. ``value`` is ``None`` when the area has none, and
    ``note`` then says why."""

    indicator: Indicator
    period: str | None
    value: AreaValue | None
    england: Comparison | None
    region: Comparison | None
    similar: Comparison | None
    rank: benchmarks.Rank | None
    rag: benchmarks.Rag | None
    significance: str | None
    trend: Trend | None
    trend_note: str = ""
    note: str = ""
    trend_base: str | None = None
    """The period the trend starts from."""


@dataclass(frozen=True)
class ScorecardTheme:
    theme: Theme
    lines: list[ScorecardLine]


@dataclass(frozen=True)
class Scorecard:
    area: Area
    region: Area | None
    similar_places: list[str]
    themes: list[ScorecardTheme] = field(default_factory=list)


def _comparison(found: benchmarks.Gap | None) -> Comparison | None:
    if found is None:
        return None
    return Comparison(found.comparator, found.absolute, found.percent)


def _shape(period: str) -> str:
    return re.sub(r"\d", "9", period)


def _earliest_comparable(indicator: Indicator, latest: str) -> str | None:
    if not indicator.comparable_over_time:
        return None
    same = [period for period in periods(indicator) if _shape(period) == _shape(latest)]
    return same[0] if same and same[0] != latest else None


def _year(indicator: Indicator, period: str) -> int:
    first = _of(indicator).filter(period=period).values_list("period_start", flat=True).first()
    return first.year if first else 0


def scorecard_line(
    indicator: Indicator,
    area: Area,
    places: Places,
    region: Area | None,
    england: Area | None,
    similar: Iterable[str] = (),
) -> ScorecardLine:
    """The area's latest value of one indicator against its comparators."""
    period = latest_period(indicator)
    empty: dict[str, Any] = {
        "england": None,
        "region": None,
        "similar": None,
        "rank": None,
        "rag": None,
        "significance": None,
        "trend": None,
    }
    if period is None:
        return ScorecardLine(indicator, None, None, **empty, note="No values are held.")
    reading = IndicatorPeriod(indicator, period, places)
    try:
        own = reading.value(area)
    except EvidenceError as error:
        return ScorecardLine(indicator, period, None, **empty, note=in_words(error))
    polarity = DomainPolarity(indicator.polarity)
    districts = reading.district_values
    if area.area_type == AreaType.DISTRICT and area.code in districts:
        rank = benchmarks.ranks(districts, polarity).get(area.code)
    else:
        rank = benchmarks.rank_among(own.value, districts.values(), polarity)
    notes: list[str] = []

    def comparator(other: Area | None, what: str) -> AreaValue | None:
        if other is None:
            return None
        try:
            return reading.value(other)
        except EvidenceError as error:
            notes.append(f"No {what} value. {in_words(error)}")
            return None

    at_england = at_region = None
    if indicator.aggregation != Aggregation.SUM:
        at_england = comparator(england, "England")
        at_region = comparator(region, "region")
    similar_values = [districts.get(code) for code in similar]
    line: dict[str, Any]
    if indicator.aggregation == Aggregation.SUM:
        line = {**empty, "rank": rank}
        notes.append(TOTAL_NOT_COMPARED)
    elif at_england is None:
        similar_value = benchmarks.similar_places_value(similar_values)
        line = {
            **empty,
            "rank": rank,
            "region": _comparison(
                None if at_region is None else benchmarks.gap(own.value, at_region.value)
            ),
            "similar": _comparison(
                None if similar_value is None else benchmarks.gap(own.value, similar_value)
            ),
        }
    else:
        result = benchmarks.benchmark(
            own.value,
            polarity,
            england=at_england.value,
            region=None if at_region is None else at_region.value,
            similar=similar_values,
            rank=rank,
            interval=own.interval,
            england_interval=at_england.interval,
        )
        line = {
            "england": _comparison(result.england),
            "region": _comparison(result.region),
            "similar": _comparison(result.similar),
            "rank": rank,
            "rag": result.rag,
            "significance": None if result.significance is None else str(result.significance),
            "trend": None,
        }
    base = _earliest_comparable(indicator, period)
    trend_note = ""
    if base is None:
        trend_note = (
            "Editions are not comparable over time."
            if not indicator.comparable_over_time
            else "No earlier comparable period is held."
        )
    else:
        try:
            earlier = IndicatorPeriod(indicator, base, places).value(area)
            line["trend"] = trend(
                _year(indicator, base), earlier.value, _year(indicator, period), own.value
            )
            line["trend_base"] = base
        except (EvidenceError, ValueError) as error:
            trend_note = in_words(error) if isinstance(error, EvidenceError) else str(error)
    return ScorecardLine(
        indicator, period, own, **line, trend_note=trend_note, note=" ".join(notes)
    )


def scorecard(area: Area, places: Places | None = None) -> Scorecard:
    """For each theme (the aim, the foundations and the Grand Challenges), each indicator's
    latest value for the area against England, its region and its similar places, with its
    rank and quintile among all districts, status, significance and trend. Indicators by
    industry are left to ``strengths``."""
    places = places or Places()
    region = places.region_of(area)
    england = current_area(ENGLAND)
    try:
        similar = [item.code for item in neighbours(area, places=places).nearest]
    except (EvidenceError, ValueError, KeyError):
        similar = []
    indicators = (
        Indicator.objects.filter(by_industry=False, theme__kind__in=SCORECARD_KINDS)
        .select_related("theme")
        .order_by("theme__kind", "theme__position", "position", "code")
    )
    by_theme: dict[str, list[ScorecardLine]] = defaultdict(list)
    themes: dict[str, Theme] = {}
    for indicator in indicators:
        themes[indicator.theme_id] = indicator.theme
        by_theme[indicator.theme_id].append(
            scorecard_line(
                indicator,
                area,
                places,
                region,
                None if area.code == ENGLAND else england,
                similar,
            )
        )
    order = {str(kind): position for position, kind in enumerate(SCORECARD_KINDS)}
    ordered = sorted(
        themes.values(), key=lambda theme: (order[theme.kind], theme.position, theme.code)
    )
    return Scorecard(
        area=area,
        region=region,
        similar_places=similar,
        themes=[ScorecardTheme(theme, by_theme[theme.code]) for theme in ordered],
    )


# Sector strengths -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Strengths:
    area: str
    classification: str
    indicator: Indicator
    level: str
    base_year: int
    end_year: int
    industry_names: dict[str, str]
    location_quotients: dict[str, sectors.LocationQuotient]
    shift_share: sectors.ShiftShareAnalysis
    assessed: list[sectors.SectorStrength]
    lq_threshold: float
    notes: list[str]


class StrengthsRefused(EvidenceError):
    """Sector strengths cannot be computed for the parameters given; ``parameter`` names the
    one at fault, when one is."""

    def __init__(self, message: str, parameter: str = "") -> None:
        self.parameter = parameter
        super().__init__(message)


def _by_industry(
    indicator: Indicator, period: str, classification: str, level: str
) -> dict[int, dict[str, float]]:
    """The newest values by area id and industry code (the chosen level and the total)."""
    rows = (
        Observation.objects.filter(
            indicator=indicator,
            period=period,
            industry__isnull=False,  # lets the database use the index for values by industry
            industry__classification=classification,
            industry__level__in=[level, IndustryLevel.TOTAL],
        )
        .order_by(*NEWEST_RELEASE_FIRST)
        .values_list("area_id", "industry__code", "value")
    )
    found: dict[int, dict[str, float]] = defaultdict(dict)
    for area, industry, value in rows:
        found[area].setdefault(industry, value)  # the newest release's
    return found


def _industry_values(
    values: Mapping[int, Mapping[str, float]], area: Area, places: Places
) -> dict[str, float | None]:
    """An area's values by industry: published for it, else summed over its districts (an
    industry lacking a value in any district has none)."""
    if values.get(area.pk):
        return dict(values[area.pk])
    districts = places.districts_of(area)
    if not districts:
        return {}
    codes = places.district_codes
    industries = {industry for pk in districts for industry in values.get(pk, {})}
    summed: dict[str, float | None] = {}
    for industry in sorted(industries):
        by_district = {codes[pk]: values.get(pk, {}).get(industry) for pk in districts}
        try:
            summed[industry] = agg.aggregate_sum(by_district, by_district).value
        except EvidenceError:
            summed[industry] = None
    return summed


def strengths(
    area: Area,
    classification: str = IndustryClassification.RGVA,
    base_year: int | None = None,
    end_year: int | None = None,
    *,
    lq_threshold: float = sectors.DEFAULT_LQ_THRESHOLD,
    places: Places | None = None,
) -> Strengths:
    """Location quotients in the end year, shift-share from the base year to the end year and
    distinctive strengths (``domain.evidence.sectors``) of the area's industries against
    England's. Raises ``StrengthsRefused`` naming the parameter at fault."""
    if classification not in STRENGTH_INDICATORS:
        raise StrengthsRefused(
            f"There is no classification '{classification[:40]}'. Use one of: "
            f"{', '.join(STRENGTH_INDICATORS)}.",
            "classification",
        )
    code, level = STRENGTH_INDICATORS[IndustryClassification(classification)]
    indicator = Indicator.objects.filter(code=code).first()
    held = {
        int(period): period
        for period in (periods(indicator) if indicator else [])
        if period.isdigit()
    }
    if indicator is None or not held:
        raise StrengthsRefused(f"No values of {code} are held.", "classification")
    end = max(held) if end_year is None else end_year
    if end not in held:
        raise StrengthsRefused(
            f"No values for {end}: use a year from {min(held)} to {max(held)}.", "end_year"
        )
    base = max(min(held), end - DEFAULT_BASE_YEARS) if base_year is None else base_year
    if base not in held or base >= end:
        raise StrengthsRefused(
            f"Use a base year held ({min(held)} to {max(held)}) before the end year {end}.",
            "base_year",
        )
    places = places or Places()
    england = current_area(ENGLAND)
    if england is None:
        raise StrengthsRefused("England is not among the areas held.")
    base_values = _by_industry(indicator, held[base], classification, level)
    end_values = _by_industry(indicator, held[end], classification, level)
    local_base = _industry_values(base_values, area, places)
    local_end = _industry_values(end_values, area, places)
    if not local_end:
        raise NoValueError(f"No values of {code} are held for {area.code} in {end}.")
    nation_base = _industry_values(base_values, england, places)
    nation_end = _industry_values(end_values, england, places)
    names = dict(Industry.objects.filter(classification=classification).values_list("code", "name"))
    quotients = sectors.location_quotients(local_end, nation_end)
    analysis = sectors.shift_share(local_base, local_end, nation_base, nation_end)
    assessed = sectors.sector_strengths(
        local_base, local_end, nation_base, nation_end, lq_threshold=lq_threshold
    )
    return Strengths(
        area=area.code,
        classification=classification,
        indicator=indicator,
        level=level,
        base_year=base,
        end_year=end,
        industry_names=names,
        location_quotients=quotients,
        shift_share=analysis,
        assessed=assessed,
        lq_threshold=lq_threshold,
        notes=[
            "Location quotient = (the industry's share of the area's total) ÷ (its share of "
            "England's total), in the end year.",
            f"A distinctive strength has a location quotient of at least {lq_threshold:g} and "
            "grew faster in the area than in England from the base year (a positive local "
            "effect in the shift-share).",
        ],
    )
