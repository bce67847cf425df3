"""The line of sight of a strategy: where the money of its projects goes among its priorities,
and where the evidence says the gaps are.

Apportioning. A project serves a priority when it is tagged to the priority's framework theme
or linked through one of its actions; it counts once for a priority however many ways it links.
A project serving several priorities is split between them in equal shares that add up to
exactly 1 (``apportion.equal_shares``), and each of its values (grant, total cost, forecast
jobs and homes) is apportioned by those shares into whole pence, or hundredths of a job or
home (``apportion.apportion_exact``): the parts add up to the value exactly, the pence left
over by rounding going to the priorities listed first. A project serving no priority counts
whole in the row of money with no priority. So the priorities' totals and the row of no
priority add up to the totals of all the projects, exactly, with nothing counted twice.

A value not recorded (``None``) adds nothing, and the number of projects recording each value
is kept, so a page can say how many of a priority's projects a total rests on.

Foundations and Grand Challenges. A priority serves some of the five foundations and four
Grand Challenges; ``by_theme`` shows each priority's apportioned money under every theme it
serves. A priority serving two themes shows under both, so a theme's column adds up the
priorities serving it and the columns overlap: they do not add up to the total.

Flags, in ``flags``: a priority with no projects; money with no priority (how much and how
many projects); a KPI without data; and a priority whose evidence shows gaps (indicators worse
than England) but that gets little money: less than ``LITTLE_MONEY_FRACTION`` of an even split
of the money with a priority among all the priorities.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from .apportion import PENNY, apportion_exact, equal_shares

MEASURES = ("grant", "total_cost", "jobs", "homes")
"""The values apportioned: grant and total cost in pounds, forecast whole-life jobs and homes."""
LITTLE_MONEY_FRACTION = Decimal("0.5")
"""A priority gets little money when its grant is under this fraction of an even split of the
grant with a priority among all the priorities."""
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProjectLine:
    """A project in scope: its values by measure (``None`` when not recorded) and the keys of
    the priorities it serves (empty when it serves none)."""

    key: str
    values: Mapping[str, Decimal | None]
    priorities: Collection[str] = ()


@dataclass(frozen=True)
class Share:
    """A project's part in one priority: its ``share`` of the project (six decimal places),
    the values apportioned to the priority and how many priorities the project serves."""

    project: str
    share: Decimal
    values: Mapping[str, Decimal | None]
    serving: int

    @property
    def shared(self) -> bool:
        return self.serving > 1


@dataclass(frozen=True)
class PriorityLine:
    """The projects serving one priority (``key`` is empty for the row of no priority) with
    their apportioned values and the totals of those parts."""

    key: str
    shares: tuple[Share, ...]
    totals: Mapping[str, Decimal]
    recorded: Mapping[str, int]
    """By measure, how many of the projects record a value."""

    @property
    def project_count(self) -> int:
        return len(self.shares)

    @property
    def shared_count(self) -> int:
        """How many of the projects also serve another priority."""
        return sum(1 for share in self.shares if share.shared)

    def total(self, measure: str) -> Decimal:
        return self.totals.get(measure, ZERO)


@dataclass(frozen=True)
class LineOfSight:
    priorities: tuple[PriorityLine, ...]
    """One line per priority, in the order given."""
    unlinked: PriorityLine
    """The projects serving no priority: money with no priority."""
    totals: Mapping[str, Decimal]
    """The totals of all the projects, each counted whole once."""
    project_count: int
    measures: tuple[str, ...] = MEASURES

    def priority(self, key: str) -> PriorityLine:
        for line in self.priorities:
            if line.key == key:
                return line
        raise KeyError(key)

    def apportioned_total(self, measure: str) -> Decimal:
        """The priorities' totals and the money with no priority, added up: always equal to
        ``totals[measure]``."""
        parts = [line.total(measure) for line in self.priorities]
        return sum(parts, self.unlinked.total(measure))

    @property
    def linked_total(self) -> Mapping[str, Decimal]:
        """By measure, the money with a priority (all of it but the row of no priority)."""
        return {
            measure: sum((line.total(measure) for line in self.priorities), ZERO)
            for measure in self.measures
        }


def _line(key: str, shares: list[Share], measures: Sequence[str]) -> PriorityLine:
    totals = dict.fromkeys(measures, ZERO)
    recorded = dict.fromkeys(measures, 0)
    for share in shares:
        for measure in measures:
            value = share.values.get(measure)
            if value is not None:
                totals[measure] += value
                recorded[measure] += 1
    return PriorityLine(key, tuple(shares), totals, recorded)


def line_of_sight(
    priorities: Sequence[str],
    projects: Iterable[ProjectLine],
    measures: Sequence[str] = MEASURES,
    unit: Decimal = PENNY,
) -> LineOfSight:
    """Apportion each project's values among the priorities it serves (see the module's
    description). ``priorities`` are the keys in the order of the strategy: a project's pence
    left over by rounding go to its priorities in that order. Raises ``ValueError`` for a key
    repeated, a project naming a priority not given, or a value not a whole number of
    ``unit``."""
    order = {key: position for position, key in enumerate(priorities)}
    if len(order) != len(priorities):
        raise ValueError("A priority is listed twice.")
    shares: dict[str, list[Share]] = {key: [] for key in priorities}
    unlinked: list[Share] = []
    totals = dict.fromkeys(measures, ZERO)
    seen: set[str] = set()
    for project in projects:
        if project.key in seen:
            raise ValueError(f"Project {project.key} is listed twice.")
        seen.add(project.key)
        unknown = set(project.priorities) - order.keys()
        if unknown:
            raise ValueError(
                f"Project {project.key} names priorities not given: {sorted(unknown)}."
            )
        for measure in measures:
            value = project.values.get(measure)
            if value is not None:
                totals[measure] += value
        served = sorted(set(project.priorities), key=order.__getitem__)
        if not served:
            values = {measure: project.values.get(measure) for measure in measures}
            unlinked.append(Share(project.key, Decimal(1), values, 0))
            continue
        fractions = equal_shares(len(served))
        parts: dict[str, list[Decimal] | None] = {}
        for measure in measures:
            value = project.values.get(measure)
            parts[measure] = None if value is None else apportion_exact(value, fractions, unit)
        for index, (key, fraction) in enumerate(zip(served, fractions, strict=True)):
            values = {
                measure: None if (split := parts[measure]) is None else split[index]
                for measure in measures
            }
            shares[key].append(Share(project.key, fraction, values, len(served)))
    return LineOfSight(
        priorities=tuple(_line(key, shares[key], measures) for key in priorities),
        unlinked=_line("", unlinked, measures),
        totals=totals,
        project_count=len(seen),
        measures=tuple(measures),
    )


# Foundations and Grand Challenges ---------------------------------------------------------------


@dataclass(frozen=True)
class ThemeColumn:
    """One foundation or Grand Challenge: the priorities serving it, in order, and their
    apportioned money added up."""

    key: str
    priorities: tuple[str, ...]
    amount: Decimal

    @property
    def served(self) -> bool:
        return bool(self.priorities)


def by_theme(
    result: LineOfSight,
    themes: Sequence[str],
    served: Mapping[str, Collection[str]],
    measure: str = "grant",
) -> list[ThemeColumn]:
    """For each theme (in the order given), the priorities serving it (``served`` maps a
    priority's key to the themes it serves) and their money of ``measure`` added up. A
    priority serving several themes counts under each, so the columns overlap."""
    columns = []
    for theme in themes:
        keys = tuple(line.key for line in result.priorities if theme in served.get(line.key, ()))
        amount = sum((result.priority(key).total(measure) for key in keys), ZERO)
        columns.append(ThemeColumn(theme, keys, amount))
    return columns


# Flags ------------------------------------------------------------------------------------------


class FlagKind(StrEnum):
    NO_PROJECTS = "no_projects"
    NO_PRIORITY = "no_priority"
    KPI_WITHOUT_DATA = "kpi_without_data"
    GAPS_LITTLE_MONEY = "gaps_little_money"


@dataclass(frozen=True)
class KpiCheck:
    """Whether a priority's KPI has data: ``name`` says which, ``reason`` why it has none."""

    priority: str
    name: str
    has_data: bool
    reason: str = ""


@dataclass(frozen=True)
class Flag:
    """Something the line of sight shows that a reader should look at.

    ``priority`` is the priority's key (``None`` for money with no priority); ``count`` the
    projects (no priority) or indicators worse than England (gaps); ``amount`` the money (no
    priority, gaps) and ``threshold`` the amount a priority's money is compared with (gaps);
    ``subject`` and ``note`` the KPI and why it has no data."""

    kind: FlagKind
    priority: str | None = None
    count: int = 0
    amount: Decimal | None = None
    threshold: Decimal | None = None
    subject: str = ""
    note: str = ""


@dataclass(frozen=True)
class FlagInputs:
    worse: Mapping[str, int] = field(default_factory=dict)
    """By priority, how many of its evidence indicators are worse than England now."""
    kpis: Sequence[KpiCheck] = ()


def little_money_threshold(
    result: LineOfSight, measure: str = "grant", fraction: Decimal = LITTLE_MONEY_FRACTION
) -> Decimal:
    """``fraction`` of an even split, among the priorities, of the money with a priority,
    to the penny (rounded down)."""
    if not result.priorities:
        return ZERO
    even = result.linked_total[measure] / len(result.priorities)
    return (even * fraction).quantize(PENNY, rounding=ROUND_DOWN)


def flags(
    result: LineOfSight,
    inputs: FlagInputs | None = None,
    measure: str = "grant",
    fraction: Decimal = LITTLE_MONEY_FRACTION,
) -> list[Flag]:
    """The flags, in the order of the priorities: for each priority, no projects, then gaps
    with little money, then its KPIs without data; money with no priority last."""
    inputs = inputs or FlagInputs()
    threshold = little_money_threshold(result, measure, fraction)
    found: list[Flag] = []
    for line in result.priorities:
        if line.project_count == 0:
            found.append(Flag(FlagKind.NO_PROJECTS, line.key))
        worse = inputs.worse.get(line.key, 0)
        amount = line.total(measure)
        if worse > 0 and amount < threshold:
            found.append(
                Flag(
                    FlagKind.GAPS_LITTLE_MONEY,
                    line.key,
                    count=worse,
                    amount=amount,
                    threshold=threshold,
                )
            )
        found.extend(
            Flag(FlagKind.KPI_WITHOUT_DATA, line.key, subject=kpi.name, note=kpi.reason)
            for kpi in inputs.kpis
            if kpi.priority == line.key and not kpi.has_data
        )
    if result.unlinked.project_count:
        found.append(
            Flag(
                FlagKind.NO_PRIORITY,
                None,
                count=result.unlinked.project_count,
                amount=result.unlinked.total(measure),
            )
        )
    return found
