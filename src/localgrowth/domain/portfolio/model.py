"""The portfolio model: the candidates, the constraints a board sets, each constraint as a
named element, the formulation as a mixed-integer linear programme, and the slack of every
constraint in a given choice.

The formulation is set out in the package's docstring. Everything here is in fixed order:
variables in the order the candidates are given, rows in the order of ``elements`` (years,
areas and foundations sorted by name, projects in the order of the candidates, groups and
dependencies in the order given), so that the same inputs always make the same programme.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from localgrowth.domain.portfolio.wording import money, names, percent

Objective = Literal["value", "net"]
"""``"value"`` maximises the sum of the funded candidates' values (a score or a net benefit);
``"net"`` maximises the sum of value less cost, for values that are gross benefits in pounds."""

Kind = Literal[
    "budget_total",
    "budget_year",
    "must_fund",
    "excluded",
    "exclusive",
    "dependency",
    "area",
    "foundation",
]

TOLERANCE = 1e-6
"""How far a constraint may be missed and still count as met: 1e-6 of the largest figure in it
(a budget, a cost), and never less than 1e-6."""

BUDGET_RELAXATION = 1.10
"""A budget is relaxed by 10% when its cost to the objective is measured."""


@dataclass(frozen=True)
class Candidate:
    """A project the board may fund.

    ``costs`` are by financial year (a label such as ``"2020/21"``). With ``min_share`` set,
    the project may be funded in part, down to that share of its costs; its value and its cost
    in every year scale with the share funded. With ``min_share`` ``None`` it is funded in full
    or not at all.
    """

    id: str
    value: float
    costs: Mapping[str, float]
    area: str | None = None
    foundations: frozenset[str] = frozenset()
    min_share: float | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Every candidate needs an id.")
        if not math.isfinite(self.value):
            raise ValueError(f"The value of {self.id} must be a number; it is {self.value}.")
        for year, cost in self.costs.items():
            if not (math.isfinite(cost) and cost >= 0):
                raise ValueError(
                    f"The cost of {self.id} in {year} must be 0 or more; it is {cost}."
                )
        if self.min_share is not None and not 0 < self.min_share <= 1:
            raise ValueError(
                f"The minimum share of {self.id} must be more than 0 and at most 1; it is "
                f"{self.min_share}."
            )

    @property
    def total_cost(self) -> float:
        return math.fsum(self.costs.values())

    @property
    def lowest_share(self) -> float:
        """The smallest share it can be funded at: ``min_share``, or 1 when all or nothing."""
        return 1.0 if self.min_share is None else self.min_share


@dataclass(frozen=True)
class Constraints:
    """What the board has set. A budget of ``None`` (or a year not in ``budget_by_year``) is
    not limited. ``exclusive_groups`` are alternatives of which at most one may be funded, such
    as the scopes of one project; a dependency ``(a, b)`` means ``a`` can be funded only if
    ``b`` is. ``area_min_share`` is each area's least share of the total funded cost (0.2 is
    20%); ``foundation_min_count`` is the least number of funded projects serving each
    foundation. A must-fund project is funded, at no less than its minimum share."""

    budget_total: float | None = None
    budget_by_year: Mapping[str, float] = field(default_factory=dict)
    must_fund: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    exclusive_groups: Sequence[frozenset[str]] = ()
    dependencies: Sequence[tuple[str, str]] = ()
    area_min_share: Mapping[str, float] = field(default_factory=dict)
    foundation_min_count: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.budget_total is not None and not (
            math.isfinite(self.budget_total) and self.budget_total >= 0
        ):
            raise ValueError(f"The total budget must be 0 or more; it is {self.budget_total}.")
        for year, budget in self.budget_by_year.items():
            if not (math.isfinite(budget) and budget >= 0):
                raise ValueError(f"The budget for {year} must be 0 or more; it is {budget}.")
        for area, share in self.area_min_share.items():
            if not 0 <= share <= 1:
                raise ValueError(
                    f"The minimum share for {area} must be between 0 and 1; it is {share}."
                )
        if math.fsum(self.area_min_share.values()) > 1 + TOLERANCE:
            raise ValueError(
                f"The minimum shares of the areas add up to "
                f"{percent(math.fsum(self.area_min_share.values()))}, more than 100%."
            )
        for foundation, count in self.foundation_min_count.items():
            if count < 0 or count != int(count):
                raise ValueError(
                    f"The minimum count for {foundation} must be a whole number, 0 or more; "
                    f"it is {count}."
                )
        for project, required in self.dependencies:
            if project == required:
                raise ValueError(f"{project} cannot depend on itself.")


@dataclass(frozen=True, order=True)
class ConstraintRef:
    """One element of the constraints: a budget, one project's must-fund or exclusion, one
    exclusive group or dependency (``key`` is its position, from 0), one area's minimum share
    or one foundation's minimum count. ``key`` is empty for the total budget."""

    kind: Kind
    key: str = ""


def validate(candidates: Sequence[Candidate], constraints: Constraints) -> None:
    """Refuse candidates and constraints that cannot be read as a portfolio choice: repeated
    ids, and constraints naming a project or an area that is not among the candidates."""
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.id in seen:
            raise ValueError(f"Two candidates have the id {candidate.id}.")
        seen.add(candidate.id)
    named: list[tuple[str, Collection[str]]] = [
        ("must-fund projects", constraints.must_fund),
        ("excluded projects", constraints.excluded),
        ("exclusive groups", {item for group in constraints.exclusive_groups for item in group}),
        ("dependencies", {item for pair in constraints.dependencies for item in pair}),
    ]
    for what, ids in named:
        unknown = sorted(set(ids) - seen)
        if unknown:
            raise ValueError(f"The {what} name {names(unknown)}, not among the candidates.")
    areas = {candidate.area for candidate in candidates}
    for area, share in sorted(constraints.area_min_share.items()):
        if share > 0 and area not in areas:
            raise ValueError(
                f"No candidate is in {area}, which has a minimum share of {percent(share)}."
            )


def elements(candidates: Sequence[Candidate], constraints: Constraints) -> list[ConstraintRef]:
    """Every element of the constraints, in a fixed order."""
    order = [candidate.id for candidate in candidates]
    refs: list[ConstraintRef] = []
    if constraints.budget_total is not None:
        refs.append(ConstraintRef("budget_total"))
    refs += [ConstraintRef("budget_year", year) for year in sorted(constraints.budget_by_year)]
    refs += [ConstraintRef("must_fund", id) for id in order if id in constraints.must_fund]
    refs += [ConstraintRef("excluded", id) for id in order if id in constraints.excluded]
    refs += [ConstraintRef("exclusive", str(k)) for k in range(len(constraints.exclusive_groups))]
    refs += [ConstraintRef("dependency", str(k)) for k in range(len(constraints.dependencies))]
    refs += [ConstraintRef("area", area) for area in sorted(constraints.area_min_share)]
    refs += [
        ConstraintRef("foundation", foundation)
        for foundation in sorted(constraints.foundation_min_count)
    ]
    return refs


def restrict(constraints: Constraints, keep: Collection[ConstraintRef]) -> Constraints:
    """The constraints with only the elements in ``keep``."""
    kept = set(keep)
    return Constraints(
        budget_total=(constraints.budget_total if ConstraintRef("budget_total") in kept else None),
        budget_by_year={
            year: budget
            for year, budget in constraints.budget_by_year.items()
            if ConstraintRef("budget_year", year) in kept
        },
        must_fund=frozenset(
            id for id in constraints.must_fund if ConstraintRef("must_fund", id) in kept
        ),
        excluded=frozenset(
            id for id in constraints.excluded if ConstraintRef("excluded", id) in kept
        ),
        exclusive_groups=tuple(
            group
            for k, group in enumerate(constraints.exclusive_groups)
            if ConstraintRef("exclusive", str(k)) in kept
        ),
        dependencies=tuple(
            pair
            for k, pair in enumerate(constraints.dependencies)
            if ConstraintRef("dependency", str(k)) in kept
        ),
        area_min_share={
            area: share
            for area, share in constraints.area_min_share.items()
            if ConstraintRef("area", area) in kept
        },
        foundation_min_count={
            foundation: count
            for foundation, count in constraints.foundation_min_count.items()
            if ConstraintRef("foundation", foundation) in kept
        },
    )


def relax(
    candidates: Sequence[Candidate], constraints: Constraints, ref: ConstraintRef
) -> Constraints:
    """The constraints with one element relaxed: a budget raised by 10%, anything else
    dropped."""
    if ref.kind == "budget_total" and constraints.budget_total is not None:
        return replace(constraints, budget_total=constraints.budget_total * BUDGET_RELAXATION)
    if ref.kind == "budget_year":
        budgets = dict(constraints.budget_by_year)
        budgets[ref.key] *= BUDGET_RELAXATION
        return replace(constraints, budget_by_year=budgets)
    return restrict(
        constraints, [item for item in elements(candidates, constraints) if item != ref]
    )


def weights(candidates: Sequence[Candidate], objective: Objective) -> NDArray[np.float64]:
    """Each candidate's contribution to the objective when funded in full."""
    if objective == "value":
        return np.array([candidate.value for candidate in candidates], dtype=float)
    if objective == "net":
        return np.array(
            [candidate.value - candidate.total_cost for candidate in candidates], dtype=float
        )
    raise ValueError(f'The objective must be "value" or "net"; it is {objective!r}.')


@dataclass(frozen=True, eq=False)
class Formulation:
    """The programme as arrays: minimise ``c @ z`` subject to ``row_lower ≤ matrix @ z ≤
    row_upper`` and ``lower ≤ z ≤ upper``, with ``z[k]`` whole where ``integrality[k]`` is 1.
    Money is in units of ``money_scale`` (the largest candidate's total cost) so that every
    cost coefficient is at most 1 in size."""

    c: NDArray[np.float64]
    matrix: sparse.csr_array
    row_lower: NDArray[np.float64]
    row_upper: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    integrality: NDArray[np.int_]
    variables: tuple[str, ...]
    rows: tuple[str, ...]
    select: NDArray[np.int_]
    """The index of each candidate's selection variable (its share, when all or nothing)."""
    money_scale: float


def formulate(
    candidates: Sequence[Candidate], constraints: Constraints, objective: Objective = "value"
) -> Formulation:
    """The mixed-integer programme of the package's docstring, in fixed order."""
    n = len(candidates)
    position = {candidate.id: i for i, candidate in enumerate(candidates)}
    partial = [i for i, candidate in enumerate(candidates) if candidate.min_share is not None]
    select = np.arange(n)
    for k, i in enumerate(partial):
        select[i] = n + k
    total = n + len(partial)
    count = total + 1
    scale = max([candidate.total_cost for candidate in candidates] + [1.0])
    cost = np.array([candidate.total_cost for candidate in candidates]) / scale

    c = np.zeros(count)
    c[:n] = -weights(candidates, objective)
    lower, upper = np.zeros(count), np.ones(count)
    upper[total] = np.inf if constraints.budget_total is None else constraints.budget_total / scale
    integrality = np.ones(count, dtype=int)
    integrality[partial] = 0
    integrality[total] = 0
    for id in constraints.must_fund:
        lower[select[position[id]]] = 1
    for id in constraints.excluded:
        upper[select[position[id]]] = 0
        upper[position[id]] = 0

    entries: list[tuple[int, int, float]] = []
    bounds: list[tuple[float, float]] = []
    rows: list[str] = []

    def row(name: str, terms: Sequence[tuple[int, float]], low: float, high: float) -> None:
        entries.extend((len(rows), column, value) for column, value in terms)
        bounds.append((low, high))
        rows.append(name)

    for i in partial:
        candidate = candidates[i]
        row(f"funded within selected {candidate.id}", [(i, 1.0), (select[i], -1.0)], -np.inf, 0)
        row(
            f"minimum share {candidate.id}",
            [(i, 1.0), (select[i], -candidate.lowest_share)],
            0,
            np.inf,
        )
    row("total cost", [(total, 1.0)] + [(i, -cost[i]) for i in range(n) if cost[i]], 0, 0)
    for year in sorted(constraints.budget_by_year):
        terms = [
            (i, candidate.costs[year] / scale)
            for i, candidate in enumerate(candidates)
            if candidate.costs.get(year)
        ]
        row(f"budget {year}", terms, -np.inf, constraints.budget_by_year[year] / scale)
    for k, group in enumerate(constraints.exclusive_groups):
        members = sorted(position[id] for id in group)
        row(f"exclusive group {k}", [(select[i], 1.0) for i in members], -np.inf, 1)
    for k, (project, required) in enumerate(constraints.dependencies):
        terms = [(select[position[project]], 1.0), (select[position[required]], -1.0)]
        row(f"dependency {k}", terms, -np.inf, 0)
    for area in sorted(constraints.area_min_share):
        share = constraints.area_min_share[area]
        terms = [(i, cost[i]) for i, item in enumerate(candidates) if item.area == area and cost[i]]
        row(f"area {area}", [*terms, (total, -share)], 0, np.inf)
    for foundation in sorted(constraints.foundation_min_count):
        members = [i for i, item in enumerate(candidates) if foundation in item.foundations]
        needed = constraints.foundation_min_count[foundation]
        row(f"foundation {foundation}", [(select[i], 1.0) for i in members], needed, np.inf)

    matrix = sparse.csr_array(
        (
            [value for _, _, value in entries],
            ([r for r, _, _ in entries], [column for _, column, _ in entries]),
        ),
        shape=(len(rows), count),
    )
    matrix.sum_duplicates()
    names = [f"share {candidate.id}" for candidate in candidates]
    names += [f"selected {candidates[i].id}" for i in partial]
    names.append("total cost")
    return Formulation(
        c=c,
        matrix=matrix,
        row_lower=np.array([low for low, _ in bounds], dtype=float),
        row_upper=np.array([high for _, high in bounds], dtype=float),
        lower=lower,
        upper=upper,
        integrality=integrality,
        variables=tuple(names),
        rows=tuple(rows),
        select=select,
        money_scale=scale,
    )


@dataclass(frozen=True)
class Slack:
    """How far a choice is inside one constraint (negative when it breaks it), in the
    constraint's own units: pounds for budgets and area shares (funded cost in the area above
    its minimum), projects for the rest. ``tolerance`` is how far it may be missed."""

    slack: float
    tolerance: float

    @property
    def met(self) -> bool:
        return self.slack >= -self.tolerance

    @property
    def tight(self) -> bool:
        return abs(self.slack) <= self.tolerance


def slacks(
    funded: Mapping[str, float], candidates: Sequence[Candidate], constraints: Constraints
) -> dict[ConstraintRef, Slack]:
    """The slack of every element of the constraints for a choice (id → share funded)."""
    by_id = {candidate.id: candidate for candidate in candidates}
    chosen = [(by_id[id], share) for id, share in funded.items() if id in by_id and share > 0]
    largest = max([candidate.total_cost for candidate in candidates] + [1.0])
    spend = math.fsum(candidate.total_cost * share for candidate, share in chosen)
    found: dict[ConstraintRef, Slack] = {}

    def money(budget: float) -> float:
        return TOLERANCE * max(1.0, abs(budget), largest)

    for ref in elements(candidates, constraints):
        if ref.kind == "budget_total" and constraints.budget_total is not None:
            budget = constraints.budget_total
            found[ref] = Slack(budget - spend, money(budget))
        elif ref.kind == "budget_year":
            budget = constraints.budget_by_year[ref.key]
            used = math.fsum(item.costs.get(ref.key, 0.0) * share for item, share in chosen)
            found[ref] = Slack(budget - used, money(budget))
        elif ref.kind == "must_fund":
            found[ref] = Slack(0.0 if ref.key in funded else -1.0, TOLERANCE)
        elif ref.kind == "excluded":
            found[ref] = Slack(-1.0 if ref.key in funded else 0.0, TOLERANCE)
        elif ref.kind == "exclusive":
            group = constraints.exclusive_groups[int(ref.key)]
            found[ref] = Slack(1.0 - sum(1 for id in group if id in funded), TOLERANCE)
        elif ref.kind == "dependency":
            project, required = constraints.dependencies[int(ref.key)]
            found[ref] = Slack(float(required in funded) - float(project in funded), TOLERANCE)
        elif ref.kind == "area":
            inside = math.fsum(
                item.total_cost * share for item, share in chosen if item.area == ref.key
            )
            minimum = constraints.area_min_share[ref.key] * spend
            found[ref] = Slack(inside - minimum, money(spend))
        elif ref.kind == "foundation":
            serving = sum(1 for item, _ in chosen if ref.key in item.foundations)
            found[ref] = Slack(
                float(serving - constraints.foundation_min_count[ref.key]), TOLERANCE
            )
    return found


def describe(ref: ConstraintRef, candidates: Sequence[Candidate], constraints: Constraints) -> str:
    """One element of the constraints as a sentence."""
    by_id = {candidate.id: candidate for candidate in candidates}
    if ref.kind == "budget_total":
        return f"The total budget is {money(constraints.budget_total or 0.0)}."
    if ref.kind == "budget_year":
        return f"The budget for {ref.key} is {money(constraints.budget_by_year[ref.key])}."
    if ref.kind == "must_fund":
        return f"{ref.key} must be funded."
    if ref.kind == "excluded":
        return f"{ref.key} is excluded."
    if ref.kind == "exclusive":
        group = in_order(constraints.exclusive_groups[int(ref.key)], candidates)
        return f"At most one of {names(group)} can be funded: they are alternatives."
    if ref.kind == "dependency":
        project, required = constraints.dependencies[int(ref.key)]
        return f"{project} can be funded only if {required} is."
    if ref.kind == "area":
        share = constraints.area_min_share[ref.key]
        return f"At least {percent(share)} of the funded cost must go to {ref.key}."
    count = constraints.foundation_min_count[ref.key]
    serving = sum(1 for candidate in by_id.values() if ref.key in candidate.foundations)
    projects = "project" if count == 1 else "projects"
    return (
        f"At least {count} funded {projects} must serve {ref.key} ({serving} of the candidates do)."
    )


def in_order(ids: Collection[str], candidates: Sequence[Candidate]) -> list[str]:
    """The ids in the order of the candidates."""
    return [candidate.id for candidate in candidates if candidate.id in ids]
