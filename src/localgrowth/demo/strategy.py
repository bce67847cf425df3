"""SELEP's economic strategy line as a demo strategy: three versions, each published in turn.

1. The Strategic Economic Plan (2014), with its four priority areas for Growth Deal investment.
2. Smarter, Faster, Together, the Economic Strategy Statement (2018), with its four priorities.
3. The draft South East Local Industrial Strategy (2019): its overarching objective (by 2030,
   close the productivity gap in GVA per filled job to the rest of the UK) and its three
   strategic opportunities, UK's Global Gateway, Communities for the Future and Coastal
   Catalyst.

The text comes from the CSV files ``data/strategy-*.csv``, each row with its sources, and
``data/PROVENANCE.md`` says what is real and where the sources stop: each version's
``sources_note`` says it on the page too. Each version links the framework document it is, each
priority the framework priority its projects are tagged to, the foundations and Grand
Challenges it serves (only where a source or the priority's own words support it, the basis
being given in the data file) and the places it targets (only where a source names them).
Evidence lines are indicators of the evidence base for the SELEP area, its federated areas, its
six upper-tier areas or named districts, each with why it matters. The one KPI, the draft's
objective, takes its baseline from the evidence base; the draft publishes no target figure, so
the target is in words. Actions are loaded only where a source names them.

Each version is stored as a draft and published with ``strategy.versions.publish``, which
records the evidence as it stands at loading and supersedes the version before. The draft
Local Industrial Strategy is shown as published, not as published for consultation: the
sources record no public consultation on it. A version already stored is never changed, as no
published version is, so loading again adds and changes nothing.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from localgrowth.evidence.analysis import IndicatorPeriod, Places
from localgrowth.evidence.models import Indicator
from localgrowth.framework.models import Document, Theme, ThemeKind
from localgrowth.places.models import Area, Partnership
from localgrowth.projects.models import Project
from localgrowth.strategy.models import (
    Action,
    Kpi,
    Priority,
    PriorityEvidence,
    Strategy,
    Version,
    VersionStatus,
)
from localgrowth.strategy.versions import publish

DATA = Path(__file__).parent / "data"
VERSIONS = DATA / "strategy-versions.csv"
PRIORITIES = DATA / "strategy-priorities.csv"
EVIDENCE = DATA / "strategy-evidence.csv"
KPIS = DATA / "strategy-kpis.csv"
ACTIONS = DATA / "strategy-actions.csv"
Say = Callable[[str], None]

SLUG = "selep-economic-strategy"
NAME = "South East LEP economic strategy"
PARTNERSHIP = "selep"
PUBLISHED_AS = {
    "published": False,
    "consultation": True,
}
"""How a version is published, by the data file's ``published_as``: for consultation or not."""


class StrategyDataError(Exception):
    """The strategy data files name something that is not loaded, or are not well formed."""


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


class _Lookup:
    """Codes in the data files resolved to rows, with a clear error for a code not loaded."""

    def __init__(self) -> None:
        self._areas: dict[str, Area] = {}
        self._themes = {theme.code: theme for theme in Theme.objects.all()}
        self._indicators = {one.code: one for one in Indicator.objects.all()}
        self._documents = {one.slug: one for one in Document.objects.all()}

    def area(self, code: str) -> Area:
        if code not in self._areas:
            found = list(Area.objects.filter(code=code, valid_to__isnull=True))
            if len(found) != 1:
                raise StrategyDataError(f"Area {code!r} is not one current area in places.")
            self._areas[code] = found[0]
        return self._areas[code]

    def theme(self, code: str, *kinds: str) -> Theme:
        theme = self._themes.get(code)
        if theme is None or theme.kind not in kinds:
            raise StrategyDataError(f"Framework theme {code!r} of kind {kinds} is not loaded.")
        return theme

    def indicator(self, code: str) -> Indicator:
        if code not in self._indicators:
            raise StrategyDataError(f"Indicator {code!r} is not in the evidence base.")
        return self._indicators[code]

    def document(self, slug: str) -> Document:
        if slug not in self._documents:
            raise StrategyDataError(f"Framework document {slug!r} is not loaded.")
        return self._documents[slug]


def _by_version(rows: list[dict[str, str]]) -> dict[int, list[dict[str, str]]]:
    grouped: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[int(row["version"])].append(row)
    return grouped


def _strategy() -> tuple[Strategy, bool]:
    """The strategy row, created or brought in line with the data; whether it changed."""
    area = Partnership.objects.select_related("area").get(slug=PARTNERSHIP).area
    strategy = Strategy.objects.filter(slug=SLUG).first()
    if strategy is None:
        return Strategy.objects.create(slug=SLUG, name=NAME, area=area), True
    if strategy.name == NAME and strategy.area_id == area.pk:
        return strategy, False
    strategy.name, strategy.area = NAME, area
    strategy.save()
    return strategy, True


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _version(
    strategy: Strategy, row: dict[str, str], lookup: _Lookup, based_on: Version | None
) -> Version:
    return Version.objects.create(
        strategy=strategy,
        number=int(row["number"]),
        status=VersionStatus.DRAFT,
        title=row["title"],
        document=lookup.document(row["document"]),
        vision=row["vision"],
        objective=row["objective"],
        aim_productivity=row["aim_productivity"],
        aim_inclusive=row["aim_inclusive"],
        summary=row["summary"],
        sources_note=row["sources_note"],
        source_url=row["source_url"],
        based_on=based_on,
    )


def _priorities(
    version: Version, rows: list[dict[str, str]], lookup: _Lookup
) -> dict[str, Priority]:
    made: dict[str, Priority] = {}
    serving = (ThemeKind.FOUNDATION, ThemeKind.GRAND_CHALLENGE)
    for row in rows:
        framework = lookup.theme(row["framework_theme"], ThemeKind.PRIORITY)
        if framework.document_id != version.document_id:
            raise StrategyDataError(
                f"Priority {row['code']!r}: framework priority {framework.code!r} is not one of "
                f"the version's document's priorities."
            )
        priority = Priority.objects.create(
            version=version,
            code=row["code"],
            position=int(row["position"]),
            title=row["title"],
            rationale=row["rationale"],
            framework_theme=framework,
            source_url=row["source_url"],
        )
        priority.themes.set([lookup.theme(code, *serving) for code in split(row["themes"])])
        priority.places.set([lookup.area(code) for code in split(row["places"])])
        made[row["code"]] = priority
    return made


def _priority(priorities: dict[str, Priority], row: dict[str, str]) -> Priority:
    if row["priority"] not in priorities:
        raise StrategyDataError(
            f"Version {row['version']} has no priority {row['priority']!r} in the data."
        )
    return priorities[row["priority"]]


def _evidence(priorities: dict[str, Priority], rows: list[dict[str, str]], lookup: _Lookup) -> None:
    positions: dict[str, int] = defaultdict(int)
    for row in rows:
        priority = _priority(priorities, row)
        indicator = lookup.indicator(row["indicator"])
        for code in split(row["areas"]):
            positions[priority.code] += 1
            PriorityEvidence.objects.create(
                priority=priority,
                indicator=indicator,
                area=lookup.area(code),
                note=row["note"],
                position=positions[priority.code],
            )


def baseline(indicator: Indicator, area: Area, period: str, places: Places) -> float:
    """The evidence base's value of the indicator for the area and period, to the indicator's
    decimal places."""
    value = IndicatorPeriod(indicator, period, places).value(area).value
    return round(value, indicator.decimal_places)


def _kpis(
    priorities: dict[str, Priority], rows: list[dict[str, str]], lookup: _Lookup, places: Places
) -> None:
    for row in rows:
        indicator = lookup.indicator(row["indicator"])
        area = lookup.area(row["area"])
        Kpi.objects.create(
            priority=_priority(priorities, row),
            indicator=indicator,
            area=area,
            baseline=baseline(indicator, area, row["baseline_period"], places),
            baseline_period=row["baseline_period"],
            target=float(row["target"]) if row["target"] else None,
            target_date=_date(row["target_date"]),
            target_note=row["target_note"],
        )


def _actions(priorities: dict[str, Priority], rows: list[dict[str, str]]) -> None:
    for row in rows:
        action = Action.objects.create(
            priority=_priority(priorities, row),
            position=int(row["position"]),
            title=row["title"],
            owner=row["owner"],
            timescale=row["timescale"],
            cost=Decimal(row["cost"]) if row["cost"] else None,
            funding_source=row["funding_source"],
        )
        if row["projects_of_fund"]:
            projects = Project.objects.filter(fund__code=row["projects_of_fund"])
            action.projects.set(projects)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _counts(versions: list[Version]) -> Iterator[str]:
    priorities = Priority.objects.filter(version__in=versions)
    yield _count(priorities.count(), "priority", "priorities")
    evidence = PriorityEvidence.objects.filter(priority__in=priorities).count()
    yield _count(evidence, "evidence line", "evidence lines")
    yield _count(Kpi.objects.filter(priority__in=priorities).count(), "KPI", "KPIs")
    yield _count(Action.objects.filter(priority__in=priorities).count(), "action", "actions")


def load_strategy(say: Say = print) -> None:
    """Store SELEP's strategy line (see the module's description). Loading again changes
    nothing: a version already stored is left as it was published."""
    started = time.perf_counter()
    lookup = _Lookup()
    priorities_of = _by_version(read(PRIORITIES))
    evidence_of = _by_version(read(EVIDENCE))
    kpis_of = _by_version(read(KPIS))
    actions_of = _by_version(read(ACTIONS))
    added: list[Version] = []
    with transaction.atomic():
        strategy, changed = _strategy()
        stored = {one.number: one for one in strategy.versions.all()}
        places: Places | None = None
        for row in sorted(read(VERSIONS), key=lambda one: int(one["number"])):
            number = int(row["number"])
            if number in stored:
                continue
            if row["published_as"] not in PUBLISHED_AS:
                raise StrategyDataError(
                    f"Version {number}: published_as must be one of {', '.join(PUBLISHED_AS)}."
                )
            based_on = stored.get(int(row["based_on"])) if row["based_on"] else None
            version = _version(strategy, row, lookup, based_on)
            priorities = _priorities(version, priorities_of[number], lookup)
            _evidence(priorities, evidence_of[number], lookup)
            if kpis_of[number]:
                places = places or Places()
                _kpis(priorities, kpis_of[number], lookup, places)
            _actions(priorities, actions_of[number])
            publish(version, None, for_consultation=PUBLISHED_AS[row["published_as"]])
            stored[number] = version
            added.append(version)
    seconds = time.perf_counter() - started
    if not added:
        state = "name and area updated" if changed else "unchanged"
        say(f"Strategy ({SLUG}): {state}; {len(stored)} versions already stored, as published.")
        return
    numbers = ", ".join(str(one.number) for one in added)
    details = ", ".join(_counts(added))
    say(
        f"Strategy ({SLUG}): versions {numbers} stored and published in order ({details}), "
        f"in {seconds:.1f} s."
    )
