"""Live evidence for a strategy's priorities: each indicator a priority rests on as it stands in
the evidence base now, beside the evidence recorded when the version was published, and
whether it has moved since; and each KPI's latest value.

A current reading is the area's value of the indicator in its latest period, with its status
against England by the same rules as the evidence scorecard (``analysis.scorecard_line``:
better or worse by more than 5% of England's value, or significantly so where the value has a
confidence interval; no status for an indicator with no better direction) and the release it
comes from: the newest release of the area's own published value, or, for a value aggregated
from the area's districts, the newest release among those districts' values.

When the evidence has moved. A line of a published version has moved when the evidence now
is fresh, and it says something different:

- fresh: the current value comes from a newer release than the one recorded at publication
  (newer by publication date, then by import order, as the evidence base orders releases), or
  is for another period, or differs from the value recorded;
- different: the status against England changed (say from worse to similar), or the value
  crossed England's value: it was above England's value for the period recorded (as held now)
  and is now below England's, or the other way round. Touching England's value is not
  crossing it.

A line recorded without a value (none was held at publication) has moved once a value is held.
A draft has nothing recorded: its panel shows the current values only and never moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from localgrowth.domain.evidence.errors import EvidenceError
from localgrowth.evidence.analysis import (
    ENGLAND,
    IndicatorPeriod,
    Places,
    current_area,
    scorecard_line,
)
from localgrowth.evidence.models import (
    NEWEST_RELEASE_FIRST,
    Indicator,
    Observation,
    Release,
)
from localgrowth.places.models import Area

from .models import Kpi, Priority, PriorityEvidence

STATUS_WORDS = {
    "green": "better than England",
    "amber": "similar to England",
    "red": "worse than England",
    "no_direction": "not rated against England (neither higher nor lower is better)",
}
NO_STATUS = "no status against England"


def status_words(status: str) -> str:
    """A status against England in words: "worse than England"."""
    return STATUS_WORDS.get(status, NO_STATUS)


def format_value(value: float | None, indicator: Indicator) -> str:
    """A value in the indicator's unit, to its decimal places: "£36.31", "45.2%", "1,234";
    an empty string for none."""
    if value is None or not math.isfinite(value):
        return ""
    places = indicator.decimal_places
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{places}f}"
    sign = "−" if rounded < 0 else ""
    if indicator.unit == "£":
        return f"{sign}£{text}"
    if indicator.unit == "£m":
        return f"{sign}£{text}m"
    if indicator.unit == "%":
        return f"{sign}{text}%"
    return sign + text


def release_words(release: Release | None) -> str:
    """A release named for a sentence: "'Title' (published 1 March 2024)"."""
    if release is None:
        return "no release"
    if release.published is None:
        return f"'{release.title}'"
    published = release.published
    return f"'{release.title}' (published {published.day} {published:%B %Y})"


def _release_key(release: Release) -> tuple[bool, date, int]:
    return (release.published is not None, release.published or date.min, release.pk)


def is_newer(release: Release | None, than: Release | None) -> bool:
    """Whether ``release`` is newer than ``than``: published later, or on the same day (or
    both undated) and imported later; any release is newer than none."""
    if release is None:
        return False
    if than is None:
        return True
    return _release_key(release) > _release_key(than)


# Readings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """An area's latest value of an indicator, its status against England and its release.
    ``value`` is ``None`` when none is held, and ``note`` then says why."""

    indicator: Indicator
    area: Area
    period: str | None
    value: float | None
    status: str
    england: float | None
    release: Release | None
    note: str = ""
    similar: float | None = None
    """The value of the places most like the area (the evidence base's similar places)."""
    similar_places: tuple[str, ...] = ()

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def status_words(self) -> str:
        return status_words(self.status)

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.indicator)

    @property
    def england_text(self) -> str:
        return format_value(self.england, self.indicator)

    @property
    def similar_text(self) -> str:
        return format_value(self.similar, self.indicator)


def _release_of(indicator: Indicator, area: Area, period: str, places: Places) -> Release | None:
    """The release the area's value for the period comes from (see the module's
    description)."""
    rows = Observation.objects.filter(indicator=indicator, period=period, industry__isnull=True)
    own = rows.filter(area=area).order_by(*NEWEST_RELEASE_FIRST).select_related("release").first()
    if own is not None:
        return own.release
    districts = places.districts_of(area)
    if not districts:
        return None
    found = (
        rows.filter(area_id__in=districts)
        .order_by(*NEWEST_RELEASE_FIRST)
        .select_related("release")
        .first()
    )
    return None if found is None else found.release


def current_reading(indicator: Indicator, area: Area, places: Places | None = None) -> Reading:
    """The area's value of the indicator in its latest period, its status against England by
    the evidence scorecard's rules, England's value and the release it comes from."""
    places = places or Places()
    england = current_area(ENGLAND)
    similar = places.similar_to(area)
    line = scorecard_line(
        indicator,
        area,
        places,
        None,
        None if england is None or england == area else england,
        similar,
    )
    if line.value is None or line.period is None:
        return Reading(indicator, area, line.period, None, "", None, None, line.note)
    return Reading(
        indicator,
        area,
        line.period,
        line.value.value,
        "" if line.rag is None else str(line.rag),
        None if line.england is None else line.england.value,
        _release_of(indicator, area, line.period, places),
        line.note,
        None if line.similar is None else line.similar.value,
        similar,
    )


def england_value(indicator: Indicator, period: str, places: Places) -> float | None:
    """England's value of the indicator for a period, as held now; ``None`` if none."""
    england = current_area(ENGLAND)
    if england is None or not period:
        return None
    try:
        return IndicatorPeriod(indicator, period, places).value(england).value
    except EvidenceError:
        return None


# The evidence panel ---------------------------------------------------------------------------


def _side(value: float, comparator: float) -> int:
    return (value > comparator) - (value < comparator)


@dataclass(frozen=True)
class EvidenceLine:
    """One indicator a priority rests on: as recorded when the version was published
    ("then", only for a published version) and as it stands now, and whether it has moved."""

    evidence: PriorityEvidence
    now: Reading
    recorded: bool
    """Whether the version was published, so that "then" is the evidence as it stood."""
    england_then: float | None
    moved: bool
    why: str

    @property
    def then_value_text(self) -> str:
        return format_value(self.evidence.value, self.evidence.indicator)

    @property
    def then_similar_text(self) -> str:
        return format_value(self.evidence.similar_value, self.evidence.indicator)

    @property
    def then_status_words(self) -> str:
        return status_words(self.evidence.status)

    @property
    def then_release_words(self) -> str:
        return release_words(self.evidence.release)


def _crossing(value_then: float, england_then: float | None, now: Reading) -> str:
    """Which way the value crossed England's, in words; empty when it did not."""
    if england_then is None or now.value is None or now.england is None:
        return ""
    before, after = _side(value_then, england_then), _side(now.value, now.england)
    if before == 0 or after == 0 or before == after:
        return ""
    return "above" if after > 0 else "below"


def _line(evidence: PriorityEvidence, recorded: bool, places: Places) -> EvidenceLine:
    indicator = evidence.indicator
    now = current_reading(indicator, evidence.area, places)
    if not recorded:
        why = "" if now.has_value else f"No value is held: {now.note}".strip()
        return EvidenceLine(evidence, now, False, None, False, why)
    if now.value is None:
        return EvidenceLine(
            evidence, now, True, None, False, f"No value is held now: {now.note}".strip()
        )
    now_words = (
        f"{now.value_text} in {now.period}, {now.status_words}, from {release_words(now.release)}"
    )
    if evidence.value is None:
        why = f"No value was held when the version was published; now {now_words}."
        return EvidenceLine(evidence, now, True, None, True, why)
    fresh = (
        is_newer(now.release, evidence.release)
        or now.period != evidence.period
        or now.value != evidence.value
    )
    england_then = england_value(indicator, evidence.period, places)
    then_words = f"{format_value(evidence.value, indicator)} in {evidence.period}"
    if not fresh:
        why = (
            f"No newer figures since the version was published: {then_words}, "
            f"{status_words(evidence.status)}, from {release_words(evidence.release)}."
        )
        return EvidenceLine(evidence, now, True, england_then, False, why)
    if now.status != evidence.status:
        why = (
            f"It was {status_words(evidence.status)} ({then_words}) when the version was "
            f"published; it is now {now.status_words} ({now.value_text} in {now.period}, "
            f"from {release_words(now.release)})."
        )
        return EvidenceLine(evidence, now, True, england_then, True, why)
    crossed = _crossing(evidence.value, england_then, now)
    if crossed:
        was = "below" if crossed == "above" else "above"
        why = (
            f"It was {was} England's value ({then_words}, England "
            f"{format_value(england_then, indicator)}) when the version was published; it is "
            f"now {crossed} it ({now.value_text} in {now.period}, England {now.england_text}, "
            f"from {release_words(now.release)}), though still {now.status_words}."
        )
        return EvidenceLine(evidence, now, True, england_then, True, why)
    why = (
        f"Newer figures ({now.value_text} in {now.period}, from {release_words(now.release)}) "
        f"leave it {now.status_words}, as when the version was published ({then_words})."
    )
    return EvidenceLine(evidence, now, True, england_then, False, why)


def evidence_panel(priority: Priority, places: Places | None = None) -> list[EvidenceLine]:
    """Each indicator the priority rests on, then and now, and whether it has moved (see the
    module's description)."""
    places = places or Places()
    recorded = priority.version.frozen
    rows = priority.evidence.select_related("indicator", "area", "release").order_by(
        "position", "pk"
    )
    return [_line(row, recorded, places) for row in rows]


def priority_moved(priority: Priority, places: Places | None = None) -> bool:
    """Whether the evidence behind the priority has moved since its version was published."""
    return any(line.moved for line in evidence_panel(priority, places))


# KPIs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiLine:
    """A KPI with its latest value; ``has_data`` is false (and flagged) when none is held."""

    kpi: Kpi
    reading: Reading

    @property
    def has_data(self) -> bool:
        return self.reading.has_value

    @property
    def latest(self) -> str:
        if not self.has_data:
            return "No data"
        return f"{self.reading.value_text} in {self.reading.period}"

    @property
    def flag(self) -> str:
        """Why the KPI is flagged: it has no data to measure progress by."""
        if self.has_data:
            return ""
        note = self.reading.note or "no value is held"
        return f"No data for this KPI: {note[0].lower()}{note[1:]}".rstrip(".") + "."


def kpi_lines(priority: Priority, places: Places | None = None) -> list[KpiLine]:
    """Each KPI of the priority with its latest value, or "No data" (flagged)."""
    places = places or Places()
    rows = priority.kpis.select_related("indicator", "area").order_by("pk")
    return [KpiLine(kpi, current_reading(kpi.indicator, kpi.area, places)) for kpi in rows]
