"""Live evidence: a priority's evidence now against the evidence recorded when its version was
published. A newer release that changes a benchmark status, or moves a value across England's,
flags the priority; a newer release that changes neither does not; a draft shows current
values only; a KPI without data is flagged."""

from __future__ import annotations

from datetime import date

import pytest

from localgrowth.evidence.analysis import Places, scorecard_line
from localgrowth.evidence.models import Release
from localgrowth.strategy.evidence import (
    current_reading,
    evidence_panel,
    is_newer,
    kpi_lines,
    priority_moved,
)
from localgrowth.strategy.models import Priority, PriorityEvidence
from localgrowth.strategy.versions import new_draft, publish
from staff.conftest import make_user

from . import (
    ENGLAND,
    GVA_PER_HOUR,
    LEVEL_3,
    NO_DATA,
    THANET,
    area,
    indicator,
    make_draft,
    newer_release,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(db):
    return make_user("approver", "approver")


@pytest.fixture
def published(approver):
    version = make_draft()
    publish(version, approver)
    return version


def priority(version, code: str = "productivity") -> Priority:
    return Priority.objects.select_related("version").get(version=version, code=code)


def test_a_current_reading_is_the_scorecards_latest_value_and_status():
    places = Places()
    thanet = area(THANET)
    found = indicator(GVA_PER_HOUR)
    reading = current_reading(found, thanet, places)
    line = scorecard_line(found, thanet, places, None, area(ENGLAND))
    assert (reading.period, reading.value, reading.status) == ("2022", 28.4, str(line.rag))
    assert reading.status == "red"
    assert reading.status_words == "worse than England"
    assert reading.england == pytest.approx(line.england.value)
    assert reading.release.source == "productivity"
    assert reading.value_text == "£28.40"


def test_a_reading_of_an_aggregated_value_names_the_newest_release_of_its_districts():
    reading = current_reading(indicator(GVA_PER_HOUR), area("E37000056"))
    assert reading.has_value
    assert reading.release.source == "productivity"


def test_a_draft_shows_current_values_only(approver):
    version = make_draft()
    lines = evidence_panel(priority(version))
    assert len(lines) == 1
    (line,) = lines
    assert not line.recorded
    assert not line.moved
    assert line.why == ""
    assert (line.now.value, line.now.status) == (28.4, "red")
    assert not priority_moved(priority(version))


def test_a_newer_release_that_changes_a_benchmark_status_flags_the_priority(published):
    """The done-when test: GVA per hour worked in Thanet was worse than England when the
    version was published; a newer release for 2023 puts it within 5% of England's."""
    assert not priority_moved(priority(published))
    release = newer_release(
        GVA_PER_HOUR,
        {THANET: 40.0, ENGLAND: 41.0},
        period="2023",
        title="ONS Subregional productivity, June 2025",
    )
    assert priority_moved(priority(published))
    (line,) = evidence_panel(priority(published))
    assert line.moved
    assert line.recorded
    assert (line.now.period, line.now.value, line.now.status) == ("2023", 40.0, "amber")
    assert line.now.release == release
    assert (line.evidence.period, line.evidence.value, line.evidence.status) == (
        "2022",
        28.4,
        "red",
    )
    assert line.why == (
        "It was worse than England (£28.40 in 2022) when the version was published; it is now "
        "similar to England (£40.00 in 2023, from 'ONS Subregional productivity, June 2025' "
        "(published 20 June 2025))."
    )
    # The skills priority rests on another indicator: not flagged.
    assert not priority_moved(priority(published, "skills"))


def test_a_revision_of_the_same_period_that_changes_the_status_flags_the_priority(published):
    newer_release(GVA_PER_HOUR, {THANET: 39.0}, period="2022")
    (line,) = evidence_panel(priority(published))
    assert (line.now.period, line.now.status, line.moved) == ("2022", "amber", True)
    assert line.why.startswith("It was worse than England (£28.40 in 2022)")


def test_a_value_crossing_englands_flags_the_priority_though_the_status_stays(published):
    """Level 3 qualifications in Thanet: 59.8% against England's 61.4%, similar (not
    significantly different); revised to 62.0%, still similar, but now above England's."""
    skills = priority(published, "skills")
    recorded = PriorityEvidence.objects.get(priority=skills)
    assert (recorded.value, recorded.status) == (59.8, "amber")
    newer_release(LEVEL_3, {THANET: 62.0}, period="2021")
    (line,) = evidence_panel(skills)
    assert line.now.status == "amber"
    assert line.moved
    assert line.england_then == pytest.approx(61.4)
    assert line.why.startswith(
        "It was below England's value (59.8% in 2021, England 61.4%) when the version was "
        "published; it is now above it (62.0% in 2021, England 61.4%"
    )
    assert line.why.endswith("though still similar to England.")
    assert priority_moved(skills)


def test_a_newer_release_that_changes_neither_does_not_flag_the_priority(published):
    newer_release(GVA_PER_HOUR, {THANET: 28.6}, period="2022")
    (line,) = evidence_panel(priority(published))
    assert line.now.value == 28.6
    assert not line.moved
    assert line.why.startswith("Newer figures (£28.60 in 2022, from 'A newer release'")
    assert "leave it worse than England" in line.why
    assert not priority_moved(priority(published))


def test_without_a_newer_release_nothing_has_moved(published):
    (line,) = evidence_panel(priority(published))
    assert not line.moved
    assert line.why.startswith("No newer figures since the version was published: £28.40 in 2022")


def test_an_older_release_is_not_newer():
    shipped = Release.objects.get(source="productivity")
    older = Release(title="Old", published=date(2020, 1, 1), pk=10**6)
    undated = Release(title="Undated", published=None, pk=10**6)
    assert not is_newer(older, shipped)
    assert not is_newer(undated, shipped)
    assert is_newer(shipped, older)
    assert is_newer(shipped, None)
    assert not is_newer(None, shipped)


def test_the_published_record_stays_when_newer_evidence_arrives(published, approver):
    before = list(
        PriorityEvidence.objects.filter(priority__version=published).values_list(
            "period", "value", "status", "release"
        )
    )
    newer_release(GVA_PER_HOUR, {THANET: 40.0, ENGLAND: 41.0}, period="2023")
    after = list(
        PriorityEvidence.objects.filter(priority__version=published).values_list(
            "period", "value", "status", "release"
        )
    )
    assert after == before
    # A new draft, published, records the newer evidence.
    draft = new_draft(published, approver)
    publish(draft, approver)
    recorded = PriorityEvidence.objects.get(priority__version=draft, priority__code="productivity")
    assert (recorded.period, recorded.value, recorded.status) == ("2023", 40.0, "amber")
    assert not priority_moved(priority(draft))


def test_kpis_show_their_latest_value_and_a_kpi_without_data_is_flagged(published):
    lines = kpi_lines(priority(published))
    by_code = {line.kpi.indicator.code: line for line in lines}
    assert by_code[GVA_PER_HOUR].has_data
    assert by_code[GVA_PER_HOUR].latest == "£28.40 in 2022"
    assert by_code[GVA_PER_HOUR].flag == ""
    missing = by_code[NO_DATA]
    assert not missing.has_data
    assert missing.latest == "No data"
    assert missing.flag.startswith("No data for this KPI: ")
    newer_release(GVA_PER_HOUR, {THANET: 40.0, ENGLAND: 41.0}, period="2023")
    assert kpi_lines(priority(published))[0].latest == "£40.00 in 2023"


def test_a_priority_is_compared_with_similar_places_now_and_as_published(published):
    from localgrowth.evidence.analysis import neighbours

    places = Places()
    thanet = area(THANET)
    found = indicator(GVA_PER_HOUR)
    similar = tuple(one.code for one in neighbours(thanet, places=places).nearest)
    assert len(similar) == 10
    assert THANET not in similar
    line = scorecard_line(found, thanet, places, None, area(ENGLAND), similar)
    reading = current_reading(found, thanet, places)
    assert reading.similar_places == similar
    assert reading.similar == pytest.approx(line.similar.value)
    recorded = PriorityEvidence.objects.get(
        priority__version=published, indicator=found, area=thanet
    )
    assert recorded.similar_value == pytest.approx(line.similar.value)
    panel = evidence_panel(priority(published))
    shown = next(one for one in panel if one.evidence.pk == recorded.pk)
    assert shown.then_similar_text == shown.now.similar_text
    assert shown.now.similar_text.startswith("£")
