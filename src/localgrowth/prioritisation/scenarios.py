"""Scenarios: a call's portfolio chosen under one set of settings, saved as it was found, and
compared side by side.

A scenario keeps everything it was worked out from (the objective, the candidates the board
added to must fund or to excluded, the time limit and seed) and everything it found (status,
objective, gap, each candidate's figures, share funded and the reason it is in or out, what
each constraint costs, the greedy comparison). Its figures do not change when the call or its
candidates are edited later: the decision paper and the API show the scenario as the board saw
it. Saving is all or nothing.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from localgrowth.domain.portfolio.solve import gap_text

from .models import Call, Candidate, Scenario, ScenarioLine
from .services import CallAppraisal, Choice, appraise_call, choose_portfolio


@transaction.atomic
def save_scenario(
    call: Call,
    *,
    name: str,
    objective: str | None = None,
    also_must_fund: Collection[str] = (),
    also_excluded: Collection[str] = (),
    notes: str = "",
    time_limit: float = 10.0,
    seed: int = 0,
    user: Any = None,
) -> Scenario:
    """Choose the call's portfolio under these settings and save it. Raises ``CallProblem``
    (nothing saved) when the call cannot be appraised or chosen between as it stands; a choice
    with no feasible portfolio is saved, with the conflicting constraints."""
    appraised = appraise_call(call)
    chosen_by = objective or call.objective
    choice = choose_portfolio(
        call,
        time_limit=time_limit,
        seed=seed,
        appraised=appraised,
        objective=chosen_by,
        also_must_fund=also_must_fund,
        also_excluded=also_excluded,
    )
    solution = choice.solution
    candidates = {candidate.reference: candidate for candidate in call.candidates.all()}
    scenario = Scenario.objects.create(
        call=call,
        name=name,
        notes=notes,
        objective=chosen_by,
        time_limit=time_limit,
        seed=seed,
        status=solution.status,
        message=solution.message,
        objective_value=solution.objective,
        gap=solution.gap,
        budget_total=call.budget_total,
        budget_by_year=dict(choice.constraints.budget_by_year),
        cost_by_year=dict(solution.cost_by_year),
        conflicts=list(solution.conflicts),
        constraint_costs=_constraint_costs(choice),
        greedy=_greedy(choice),
        agreement=_agreement(appraised),
        net_outputs=bool(appraised.net_outputs),
        illustrative=call.illustrative or any(one.illustrative for one in candidates.values()),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    scenario.also_must_fund.set([candidates[reference] for reference in sorted(also_must_fund)])
    scenario.also_excluded.set([candidates[reference] for reference in sorted(also_excluded)])
    ScenarioLine.objects.bulk_create(_lines(scenario, appraised, choice, candidates))
    return scenario


def _constraint_costs(choice: Choice) -> list[dict[str, Any]]:
    if choice.explanation is None:
        return []
    return [
        {
            "constraint": cost.description,
            "binds": cost.binds,
            "gain": cost.gain,
            "proven": cost.proven,
            "relaxation": cost.relaxation,
            "sentence": cost.sentence,
        }
        for cost in choice.explanation.constraints
    ]


def _greedy(choice: Choice) -> dict[str, Any]:
    if choice.explanation is None:
        return {}
    greedy = choice.explanation.greedy
    return {
        "funded": dict(greedy.funded),
        "objective": greedy.objective,
        "lost": greedy.lost,
        "sentence": greedy.sentence,
        "rule": greedy.rule,
    }


def _agreement(appraised: CallAppraisal) -> dict[str, float]:
    if appraised.agreement is None:
        return {}
    return {
        "spearman_rho": appraised.agreement.spearman_rho,
        "kendall_tau": appraised.agreement.kendall_tau,
    }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _lines(
    scenario: Scenario,
    appraised: CallAppraisal,
    choice: Choice,
    candidates: dict[str, Candidate],
) -> list[ScenarioLine]:
    values = {one.id: one.value for one in choice.candidates}
    stability = {one.candidate: one.unchanged for one in appraised.stability}
    lines = []
    for one in appraised.candidates:
        stored = candidates[one.reference]
        share = choice.solution.funded.get(one.reference, 0.0)
        figures = one.appraisal
        summed, closeness = appraised.weighted_sum, appraised.topsis
        scored = summed is not None and one.reference in summed.candidates
        if one.eligible:
            reason = choice.reasons.get(one.reference, "Not funded.")
        else:
            reason = "Not eligible: " + " ".join(failure.reason for failure in one.failures)
        lines.append(
            ScenarioLine(
                scenario=scenario,
                candidate=stored,
                reference=one.reference,
                title=one.title,
                area=stored.federated_area.name if stored.federated_area else "",
                eligible=one.eligible,
                share=share,
                grant=one.grant,
                grant_funded=one.grant * share,
                grant_by_year=one.grant_by_year,
                value=values.get(one.reference),
                weighted_sum=summed.score(one.reference) if scored and summed else None,
                weighted_sum_rank=summed.rank(one.reference) if scored and summed else None,
                topsis=closeness.score(one.reference) if scored and closeness else None,
                topsis_rank=closeness.rank(one.reference) if scored and closeness else None,
                rank_held=stability.get(one.reference),
                pv_costs=figures.pv_costs.value if figures else None,
                pv_benefits=figures.pv_benefits.value if figures else None,
                bcr=_finite(figures.bcr.value) if figures else None,
                value_for_money=str(figures.vfm_category.value) if figures else "",
                gross_jobs=float(stored.gross_jobs),
                gross_homes=float(stored.gross_homes),
                cost_per_job_gross=figures.cost_per_job_gross.value if figures else None,
                cost_per_home_gross=figures.cost_per_home_gross.value if figures else None,
                cost_per_job_net=figures.cost_per_job_net.value
                if figures and "jobs" in appraised.net_outputs
                else None,
                cost_per_home_net=figures.cost_per_home_net.value
                if figures and "homes" in appraised.net_outputs
                else None,
                reason=reason,
                illustrative=stored.illustrative,
            )
        )
    return lines


# Figures of a saved scenario ------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """What a scenario funds, in total. Jobs and homes are the funded candidates' forecast
    gross outputs, scaled by the share funded."""

    funded: int
    grant_funded: float
    grant_requested: float
    gross_jobs: float
    gross_homes: float
    unspent: float | None
    """The total budget less the grant funded; None with no total budget."""


def totals(scenario: Scenario, lines: Sequence[ScenarioLine] | None = None) -> Totals:
    lines = list(scenario.lines.all()) if lines is None else lines
    funded = [line for line in lines if line.funded]
    grant = math.fsum(line.grant_funded for line in funded)
    budget = float(scenario.budget_total) if scenario.budget_total is not None else None
    return Totals(
        funded=len(funded),
        grant_funded=grant,
        grant_requested=math.fsum(line.grant for line in lines if line.eligible),
        gross_jobs=math.fsum(line.gross_jobs * line.share for line in funded),
        gross_homes=math.fsum(line.gross_homes * line.share for line in funded),
        unspent=None if budget is None else budget - grant,
    )


def gap_words(scenario: Scenario) -> str:
    """The optimality gap as the pages and papers give it."""
    return "not known" if scenario.gap is None else gap_text(scenario.gap)


@dataclass(frozen=True)
class Difference:
    """One candidate in two scenarios."""

    reference: str
    title: str
    first: ScenarioLine | None
    second: ScenarioLine | None

    @property
    def change(self) -> str:
        """``joins``, ``leaves``, ``share changed``, ``same`` (funded in both at the same
        share) or ``out of both``."""
        first = self.first.share if self.first else 0.0
        second = self.second.share if self.second else 0.0
        if first <= 0 and second <= 0:
            return "out of both"
        if first <= 0:
            return "joins"
        if second <= 0:
            return "leaves"
        return "same" if math.isclose(first, second, abs_tol=1e-9) else "share changed"


@dataclass(frozen=True)
class Comparison:
    first: Scenario
    second: Scenario
    first_totals: Totals
    second_totals: Totals
    differences: tuple[Difference, ...]
    """Every candidate in either scenario, those whose funding differs first."""

    @property
    def changed(self) -> tuple[Difference, ...]:
        return tuple(one for one in self.differences if one.change not in ("same", "out of both"))


def compare(first: Scenario, second: Scenario) -> Comparison:
    """Two scenarios side by side, candidate by candidate (matched by reference)."""
    first_lines = {line.reference: line for line in first.lines.all()}
    second_lines = {line.reference: line for line in second.lines.all()}
    differences = []
    for reference in sorted(set(first_lines) | set(second_lines)):
        one, other = first_lines.get(reference), second_lines.get(reference)
        either = one if one is not None else other
        differences.append(Difference(reference, either.title if either else reference, one, other))
    order = {"joins": 0, "leaves": 1, "share changed": 2, "same": 3, "out of both": 4}
    differences.sort(key=lambda difference: (order[difference.change], difference.reference))
    return Comparison(
        first,
        second,
        totals(first, list(first_lines.values())),
        totals(second, list(second_lines.values())),
        tuple(differences),
    )
