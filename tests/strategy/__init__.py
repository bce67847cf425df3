"""Test data for the strategy: a draft with two priorities holding a row of every kind, and a
newer release of an indicator, stored as an import stores one (a ``Release`` and its
``Observation`` rows)."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from localgrowth.evidence.models import Indicator, Industry, Observation, Release, latest_value
from localgrowth.framework.models import Theme
from localgrowth.places.models import Area
from localgrowth.projects.models import Project
from localgrowth.strategy.models import (
    Action,
    Kpi,
    Priority,
    PriorityEvidence,
    PrioritySector,
    Strategy,
    Version,
)
from staff.conftest import make_project

THANET = "E07000114"
MEDWAY = "E06000035"
ENGLAND = "E92000001"
SELEP = "E37000056"
GVA_PER_HOUR = "gva-per-hour-worked"
LEVEL_3 = "level-3-qualifications-16-64"
NO_DATA = "healthy-life-expectancy-female"
PROJECT, OTHER_PROJECT = "LIS-0001", "LIS-0002"


def area(code: str) -> Area:
    return Area.objects.filter(code=code, valid_to__isnull=True).get()


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def project(reference: str) -> Project:
    """A project of the register, made if need be."""
    return Project.objects.filter(reference=reference).first() or make_project(
        reference, f"Project {reference}"
    )


def make_strategy(slug: str = "test-lis", name: str = "Test Local Industrial Strategy"):
    return Strategy.objects.create(slug=slug, name=name, area=area(SELEP))


def make_draft(strategy: Strategy | None = None, number: int = 1, candidate=None) -> Version:
    """A draft with two priorities. "productivity" rests on GVA per hour worked in Thanet, builds
    on a sector, has an action naming a project (and ``candidate``, if given) and two KPIs, one
    of them an indicator without data; "skills" rests on level 3 qualifications in Thanet."""
    strategy = strategy or make_strategy()
    version = Version.objects.create(
        strategy=strategy,
        number=number,
        title="Test strategy",
        vision="A productive coast.",
        objective="Close the productivity gap.",
    )
    productivity = Priority.objects.create(
        version=version,
        code="productivity",
        position=1,
        title="Raise productivity",
        rationale="Output per hour is well below England's.",
        framework_theme=Theme.objects.get(code="lis-2019-coastal"),
    )
    productivity.themes.set(
        Theme.objects.filter(code__in=["foundation-ideas", "foundation-people"])
    )
    productivity.places.set([area(THANET)])
    PriorityEvidence.objects.create(
        priority=productivity,
        indicator=indicator(GVA_PER_HOUR),
        area=area(THANET),
        note="The gap to England.",
        position=1,
    )
    PrioritySector.objects.create(
        priority=productivity,
        industry=Industry.objects.order_by("pk").first(),
        note="A strength to build on.",
    )
    action = Action.objects.create(
        priority=productivity,
        position=1,
        title="Open an innovation centre",
        owner="Kent County Council",
        timescale="2020 to 2023",
        cost=Decimal("2500000.00"),
        funding_source="Local Growth Fund",
    )
    action.projects.set([project(PROJECT)])
    if candidate is not None:
        action.candidates.set([candidate])
    Kpi.objects.create(
        priority=productivity,
        indicator=indicator(GVA_PER_HOUR),
        area=area(THANET),
        baseline=28.4,
        baseline_period="2022",
        target=32.0,
        target_date=date(2030, 3, 31),
    )
    Kpi.objects.create(
        priority=productivity,
        indicator=indicator(NO_DATA),
        area=area(THANET),
        target_note="Close the gap to England by 2030",
    )
    skills = Priority.objects.create(
        version=version, code="skills", position=2, title="Skills for the future"
    )
    skills.themes.set(Theme.objects.filter(code="foundation-people"))
    PriorityEvidence.objects.create(
        priority=skills, indicator=indicator(LEVEL_3), area=area(THANET), position=1
    )
    return version


def newer_release(
    code: str,
    values: dict[str, float],
    *,
    period: str,
    published: date = date(2025, 6, 20),
    title: str = "A newer release",
) -> Release:
    """A release published after every shipped one, with the indicator's values for the areas
    given (GSS code: value) in ``period``, stored as an import stores them; each with the
    denominator of the value it revises, if any."""
    found = indicator(code)
    start = (
        Observation.objects.filter(indicator=found, period=period)
        .values_list("period_start", flat=True)
        .first()
    )
    release = Release.objects.create(
        source="test",
        title=title,
        publisher="Office for National Statistics",
        published=published,
        file_name=f"{code}-{published}.csv",
        sha256=hashlib.sha256(f"{code}{period}{values}{published}".encode()).hexdigest(),
    )
    for gss, value in values.items():
        place = area(gss)
        earlier = latest_value(found, place, period)
        Observation.objects.create(
            indicator=found,
            area=place,
            period=period,
            period_start=start or date(int(period[:4]), 1, 1),
            value=value,
            denominator=None if earlier is None else earlier.denominator,
            release=release,
            cell="B2",
        )
    return release
