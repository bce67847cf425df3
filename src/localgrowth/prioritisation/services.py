"""A call's candidates appraised, scored and chosen between, from what is stored.

The pure work is in the domain: ``eligibility`` (the call's rules), ``appraisal`` (Green Book
present values, optimism bias, BCR, value for money, cost per output), ``scoring`` (weighted
sum, TOPSIS, rank agreement) and ``portfolio`` (the exact choice, its check and explanation).
This module reads the call and hands each the figures it needs.

Assumptions, stated once:

- Year 0 of the appraisal is the financial year the call opens in (or, with no opening date,
  the earliest year of any candidate's costs or benefits).
- A candidate's costs are its total cost, all funders. What it asks of the call's budgets in a
  year is that year's cost times grant ÷ total cost: the grant is drawn in step with spend.
- Net additional outputs need the programme's additionality assumptions. They live in
  ``returns``, which this app may not import; a caller that has them passes them in
  (``additionality``), and without them the net cost per job and home is not given.
- Criteria coded ``bcr``, ``deliverability``, ``risk``, ``leverage`` (match ÷ grant) and
  ``strategic_fit`` (number of themes served) are worked out from the candidate; any other
  criterion is scored by assessors and every eligible candidate needs a score on it.
- Only eligible candidates are scored and can be chosen.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from localgrowth.domain import eligibility, portfolio, scoring
from localgrowth.domain.additionality import NO_ADJUSTMENT, Additionality
from localgrowth.domain.appraisal import Appraisal, appraise

from .models import Call, Candidate

DERIVED_CRITERIA = ("bcr", "deliverability", "risk", "leverage", "strategic_fit")


class CallProblem(Exception):
    """The call cannot be appraised or chosen between as it stands; the message says why and
    what to do."""


@dataclass(frozen=True)
class CandidateAppraisal:
    reference: str
    title: str
    illustrative: bool
    grant: float
    failures: tuple[eligibility.Failure, ...]
    appraisal: Appraisal | None
    """None for a candidate with no costs."""
    grant_by_year: dict[str, float]

    @property
    def eligible(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class CallAppraisal:
    call: Call
    candidates: tuple[CandidateAppraisal, ...]
    criteria: tuple[scoring.Criterion, ...]
    matrix: scoring.Matrix | None
    weighted_sum: scoring.Scores | None
    topsis: scoring.Scores | None
    agreement: scoring.Agreement | None
    net_outputs: bool
    """Whether net cost per output was worked out (additionality assumptions were given)."""

    @property
    def eligible(self) -> tuple[CandidateAppraisal, ...]:
        return tuple(candidate for candidate in self.candidates if candidate.eligible)

    def by_reference(self, reference: str) -> CandidateAppraisal:
        return next(one for one in self.candidates if one.reference == reference)


def _year(financial_year: str) -> int:
    return int(financial_year[:4])


def _candidates(call: Call) -> list[Candidate]:
    return list(
        call.candidates.order_by("reference")
        .select_related("federated_area", "depends_on")
        .prefetch_related("costs", "benefits", "scores__criterion", "themes")
    )


def appraise_call(call: Call, *, additionality: Additionality | None = None) -> CallAppraisal:
    """Each candidate's eligibility and appraisal, and the eligible candidates scored."""
    candidates = _candidates(call)
    rules = eligibility.Rules(
        min_grant=call.min_grant,
        max_grant=call.max_grant,
        spend_deadline=call.spend_deadline,
        min_match_share=call.min_match_share,
    )
    years = [
        _year(year)
        for candidate in candidates
        for year in [
            *(line.financial_year for line in candidate.costs.all()),
            *(line.financial_year for line in candidate.benefits.all()),
        ]
    ]
    if call.opens is not None:
        years.append(_year(eligibility.financial_year_of(call.opens)))
    base = min(years) if years else 0
    assumptions = additionality or NO_ADJUSTMENT
    appraised: list[CandidateAppraisal] = []
    for candidate in candidates:
        costs = {line.financial_year: line.amount for line in candidate.costs.all()}
        failures = eligibility.check(
            eligibility.Bid(candidate.grant, candidate.match_funding, costs), rules
        )
        total = sum(costs.values(), Decimal(0))
        result = None
        grant_by_year: dict[str, float] = {}
        if total > 0:
            result = appraise(
                {_year(year) - base: float(amount) for year, amount in costs.items()},
                {
                    _year(line.financial_year) - base: float(line.amount)
                    for line in candidate.benefits.all()
                },
                optimism_bias=float(candidate.optimism_bias),
                gross_jobs=float(candidate.gross_jobs),
                gross_homes=float(candidate.gross_homes),
                additionality_jobs=assumptions,
                additionality_homes=assumptions,
                public_cost=float(candidate.grant),
            )
            grant_by_year = {
                year: float(amount * candidate.grant / total)
                for year, amount in sorted(costs.items())
            }
        appraised.append(
            CandidateAppraisal(
                reference=candidate.reference,
                title=candidate.title,
                illustrative=candidate.illustrative,
                grant=float(candidate.grant),
                failures=failures,
                appraisal=result,
                grant_by_year=grant_by_year,
            )
        )
    criteria = tuple(
        scoring.Criterion(
            code=criterion.code,
            name=criterion.name,
            weight=float(criterion.weight),
            direction="cost" if criterion.direction == "cost" else "benefit",
        )
        for criterion in call.criteria.all()
    )
    matrix = _matrix(candidates, appraised, criteria)
    if matrix is None:
        return CallAppraisal(call, tuple(appraised), criteria, None, None, None, None, False)
    summed = scoring.weighted_sum(matrix, criteria)
    closeness = scoring.topsis(matrix, criteria)
    agreement = scoring.rank_agreement(summed, closeness) if len(matrix.candidates) >= 2 else None
    return CallAppraisal(
        call,
        tuple(appraised),
        criteria,
        matrix,
        summed,
        closeness,
        agreement,
        additionality is not None,
    )


def _matrix(
    candidates: list[Candidate],
    appraised: list[CandidateAppraisal],
    criteria: tuple[scoring.Criterion, ...],
) -> scoring.Matrix | None:
    if not criteria:
        return None
    rows: dict[str, dict[str, float]] = {}
    missing: list[str] = []
    for candidate, result in zip(candidates, appraised, strict=True):
        if not result.eligible or result.appraisal is None:
            continue
        scores = {score.criterion.code: float(score.value) for score in candidate.scores.all()}
        derived = {
            "bcr": result.appraisal.bcr.value,
            "deliverability": float(candidate.deliverability),
            "risk": float(candidate.risk),
            "leverage": float(candidate.match_funding / candidate.grant)
            if candidate.grant
            else 0.0,
            "strategic_fit": float(len(candidate.themes.all())),
        }
        row: dict[str, float] = {}
        for criterion in criteria:
            if criterion.code in DERIVED_CRITERIA:
                row[criterion.code] = derived[criterion.code]
            elif criterion.code in scores:
                row[criterion.code] = scores[criterion.code]
            else:
                missing.append(f"{candidate.reference} has no score on '{criterion.code}'")
        rows[candidate.reference] = row
    if missing:
        raise CallProblem(
            "Every eligible candidate needs a score on each assessed criterion: "
            + "; ".join(missing)
            + ". Add the scores on the Scores sheet and import it again."
        )
    if not rows:
        return None
    return scoring.Matrix.from_rows(rows)


def _area_code(candidate: Candidate) -> str | None:
    area = candidate.federated_area
    return area.code if area is not None else None


@dataclass(frozen=True)
class Choice:
    candidates: tuple[portfolio.Candidate, ...]
    constraints: portfolio.Constraints
    solution: portfolio.Solution
    explanation: portfolio.Explanation | None
    """None when no portfolio was found."""
    left_aside: tuple[str, ...]
    """Why candidates that might otherwise be chosen were held out (a dependency on an
    ineligible candidate)."""


def choose_portfolio(
    call: Call,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    appraised: CallAppraisal | None = None,
) -> Choice:
    """The best set of eligible candidates under the call's budgets and the board's flags."""
    appraised = appraised or appraise_call(call)
    eligible = {one.reference: one for one in appraised.eligible if one.appraisal is not None}
    if not eligible:
        raise CallProblem(f"No candidate in '{call.slug}' is eligible, so there is none to choose.")
    stored = {candidate.reference: candidate for candidate in _candidates(call)}
    problems = [
        f"{reference} must be funded but is not eligible: "
        + " ".join(failure.reason for failure in appraised.by_reference(reference).failures)
        for reference, candidate in stored.items()
        if candidate.must_fund and reference not in eligible
    ]
    if problems:
        raise CallProblem(" ".join(problems))
    if call.objective == "net_benefit":
        values = {
            reference: one.appraisal.pv_benefits.value - one.appraisal.pv_costs.value
            for reference, one in eligible.items()
            if one.appraisal is not None
        }
    elif appraised.weighted_sum is not None:
        summed = appraised.weighted_sum
        values = {reference: summed.score(reference) for reference in eligible}
    else:
        raise CallProblem(
            f"The call '{call.slug}' chooses by score but has no criteria. Add criteria with "
            "weights to the call in the admin, or choose by net benefit."
        )
    chosen = [
        portfolio.Candidate(
            id=reference,
            value=values[reference],
            costs=one.grant_by_year,
            area=_area_code(stored[reference]),
            foundations=frozenset(
                theme.code for theme in stored[reference].themes.all() if theme.kind == "foundation"
            ),
            min_share=float(stored[reference].min_share)
            if stored[reference].min_share is not None
            else None,
        )
        for reference, one in eligible.items()
    ]
    excluded = {reference for reference in eligible if stored[reference].excluded}
    dependencies: list[tuple[str, str]] = []
    left_aside: list[str] = []
    for reference in eligible:
        needed = stored[reference].depends_on
        if needed is None:
            continue
        if needed.reference in eligible:
            dependencies.append((reference, needed.reference))
        else:
            excluded.add(reference)
            left_aside.append(
                f"{reference} depends on {needed.reference}, which is not eligible, so it "
                "cannot be funded."
            )
    groups: dict[str, set[str]] = defaultdict(set)
    for reference in eligible:
        if group := stored[reference].exclusive_group:
            groups[group].add(reference)
    constraints = portfolio.Constraints(
        budget_total=float(call.budget_total) if call.budget_total is not None else None,
        budget_by_year={
            budget.financial_year: float(budget.amount) for budget in call.budgets.all()
        },
        must_fund=frozenset(reference for reference in eligible if stored[reference].must_fund),
        excluded=frozenset(excluded),
        exclusive_groups=[frozenset(members) for _, members in sorted(groups.items())],
        dependencies=dependencies,
    )
    solution = portfolio.solve(
        chosen, constraints, objective="value", time_limit=time_limit, seed=seed
    )
    explanation = None
    if solution.objective is not None and not math.isnan(solution.objective):
        explanation = portfolio.explain(
            solution, chosen, constraints, time_limit=time_limit, seed=seed
        )
    return Choice(tuple(chosen), constraints, solution, explanation, tuple(left_aside))
