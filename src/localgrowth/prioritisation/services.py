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
- Net additional outputs use the call's additionality assumptions for jobs and for homes
  (``CallAdditionality``). Without them the net cost per job or home is not given, never
  silently equal to the gross.
- Criteria coded ``bcr``, ``deliverability``, ``risk``, ``leverage`` (match ÷ grant),
  ``strategic_fit`` (number of themes served) and ``inclusive_growth`` (the deprivation of the
  places served: the mean Index of Multiple Deprivation average score of the districts, from
  the evidence base's newest edition, so more deprived places score higher) are worked out
  from the candidate; any other criterion is scored by assessors and every eligible candidate
  needs a score on it.
- Only eligible candidates are scored and can be chosen.
- Rank stability redraws every weight 1,000 times within ±20% (seeded, so it repeats) and
  counts how often each candidate's weighted-sum rank holds and stays in the top five.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from localgrowth.domain import eligibility, portfolio, scoring
from localgrowth.domain.additionality import NO_ADJUSTMENT, Additionality
from localgrowth.domain.appraisal import Appraisal, appraise
from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator

from .models import Call, Candidate

DERIVED_CRITERIA = (
    "bcr",
    "deliverability",
    "risk",
    "leverage",
    "strategic_fit",
    "inclusive_growth",
)
DEPRIVATION_INDICATOR = "imd-average-score"
STABILITY_TOP = 5
STABILITY_DRAWS = 1000
STABILITY_SPREAD = 0.2
NEXT_BEST_MOST = 25
"""Up to this many candidates left out are each given what funding them would cost; past it,
the rest are said to be outweighed by the funded projects."""


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
    stability: tuple[scoring.Stability, ...]
    """How each candidate's weighted-sum rank held when the weights were redrawn."""
    net_outputs: frozenset[str]
    """The outputs (``jobs``, ``homes``) whose net cost was worked out: those the call has
    additionality assumptions for."""
    deprivation: Mapping[str, float]
    """Each eligible candidate's inclusive-growth figure, when the call scores it."""

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
        .prefetch_related("costs", "benefits", "scores__criterion", "themes", "places")
    )


def call_additionality(call: Call) -> dict[str, Additionality]:
    """The call's additionality assumptions, by output (``jobs``, ``homes``)."""
    return {row.output: row.as_domain() for row in call.additionality.all()}


def appraise_call(call: Call) -> CallAppraisal:
    """Each candidate's eligibility and appraisal, and the eligible candidates scored."""
    candidates = _candidates(call)
    additionality = call_additionality(call)
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
                additionality_jobs=additionality.get("jobs", NO_ADJUSTMENT),
                additionality_homes=additionality.get("homes", NO_ADJUSTMENT),
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
    net = frozenset(additionality)
    deprivation = (
        _deprivation(candidates, appraised)
        if any(criterion.code == "inclusive_growth" for criterion in criteria)
        else {}
    )
    matrix = _matrix(candidates, appraised, criteria, deprivation)
    if matrix is None:
        return CallAppraisal(
            call, tuple(appraised), criteria, None, None, None, None, (), net, deprivation
        )
    summed = scoring.weighted_sum(matrix, criteria)
    closeness = scoring.topsis(matrix, criteria)
    count = len(matrix.candidates)
    agreement = scoring.rank_agreement(summed, closeness) if count >= 2 else None
    stability = scoring.rank_stability(
        matrix,
        criteria,
        scoring.weighted_sum,
        top_k=min(STABILITY_TOP, count),
        draws=STABILITY_DRAWS,
        spread=STABILITY_SPREAD,
        seed=0,
    )
    return CallAppraisal(
        call,
        tuple(appraised),
        criteria,
        matrix,
        summed,
        closeness,
        agreement,
        tuple(stability),
        net,
        deprivation,
    )


def _deprivation(
    candidates: list[Candidate], appraised: list[CandidateAppraisal]
) -> dict[str, float]:
    """The mean IMD average score of each eligible candidate's places served."""
    indicator = Indicator.objects.filter(code=DEPRIVATION_INDICATOR).first()
    period = analysis.latest_period(indicator) if indicator is not None else None
    if indicator is None or period is None:
        raise CallProblem(
            "The inclusive growth criterion needs the Index of Multiple Deprivation in the "
            f"evidence base (indicator '{DEPRIVATION_INDICATOR}'). Import the English Indices "
            "of Deprivation with 'localgrowth import indicators', or take the criterion off "
            "the call."
        )
    scores = analysis.indicator_values(indicator, period)
    found: dict[str, float] = {}
    problems: list[str] = []
    for candidate, result in zip(candidates, appraised, strict=True):
        if not result.eligible or result.appraisal is None:
            continue
        places = sorted(candidate.places.all(), key=lambda place: place.code)
        if not places:
            problems.append(f"{candidate.reference} has no places served")
            continue
        missing = [place.name for place in places if place.code not in scores]
        if missing:
            problems.append(
                f"{candidate.reference} serves {', '.join(missing)}, with no {period} score"
            )
            continue
        found[candidate.reference] = math.fsum(scores[place.code] for place in places) / len(places)
    if problems:
        raise CallProblem(
            "The inclusive growth criterion scores the deprivation of the places each "
            "candidate serves: "
            + "; ".join(problems)
            + ". Give current districts on the Places sheet and import it again."
        )
    return found


def _matrix(
    candidates: list[Candidate],
    appraised: list[CandidateAppraisal],
    criteria: tuple[scoring.Criterion, ...],
    deprivation: Mapping[str, float],
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
            "inclusive_growth": deprivation.get(candidate.reference, 0.0),
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
    reasons: Mapping[str, str]
    """Why each eligible candidate is in or out, in plain words."""


def choose_portfolio(
    call: Call,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    appraised: CallAppraisal | None = None,
    objective: str | None = None,
    also_must_fund: Collection[str] = (),
    also_excluded: Collection[str] = (),
) -> Choice:
    """The best set of eligible candidates under the call's budgets, its promises to areas and
    foundations, and the board's flags. ``objective`` (``score`` or ``net_benefit``) and the
    candidates ``also_must_fund`` and ``also_excluded`` (by reference) vary the call's own
    settings for a scenario."""
    appraised = appraised or appraise_call(call)
    eligible = {one.reference: one for one in appraised.eligible if one.appraisal is not None}
    if not eligible:
        raise CallProblem(f"No candidate in '{call.slug}' is eligible, so there is none to choose.")
    stored = {candidate.reference: candidate for candidate in _candidates(call)}
    unknown = sorted((set(also_must_fund) | set(also_excluded)) - set(stored))
    if unknown:
        raise CallProblem(f"{', '.join(unknown)} is not a candidate in '{call.slug}'.")
    both = sorted(set(also_must_fund) & set(also_excluded))
    if both:
        raise CallProblem(f"{', '.join(both)} cannot be both must fund and excluded.")
    must = {reference for reference, one in stored.items() if one.must_fund}
    must |= set(also_must_fund)
    problems = [
        f"{reference} must be funded but is not eligible: "
        + " ".join(failure.reason for failure in appraised.by_reference(reference).failures)
        for reference in sorted(must)
        if reference not in eligible
    ]
    if problems:
        raise CallProblem(" ".join(problems))
    if (objective or call.objective) == "net_benefit":
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
    excluded = {
        reference
        for reference in eligible
        if (stored[reference].excluded or reference in also_excluded) and reference not in must
    }
    dependencies: list[tuple[str, str]] = []
    left_aside: list[str] = []
    left_aside_by: dict[str, str] = {}
    for reference in eligible:
        needed = stored[reference].depends_on
        if needed is None:
            continue
        if needed.reference in eligible:
            dependencies.append((reference, needed.reference))
        else:
            excluded.add(reference)
            left_aside_by[reference] = (
                f"it depends on {needed.reference}, which is not eligible, so it cannot be funded."
            )
            left_aside.append(f"{reference} {left_aside_by[reference]}")
    groups: dict[str, set[str]] = defaultdict(set)
    for reference in eligible:
        if group := stored[reference].exclusive_group:
            groups[group].add(reference)
    constraints = portfolio.Constraints(
        budget_total=float(call.budget_total) if call.budget_total is not None else None,
        budget_by_year={
            budget.financial_year: float(budget.amount) for budget in call.budgets.all()
        },
        must_fund=frozenset(must),
        excluded=frozenset(excluded),
        exclusive_groups=[frozenset(members) for _, members in sorted(groups.items())],
        dependencies=dependencies,
        area_min_share=_area_shares(call, chosen),
        foundation_min_count={
            cover.foundation.code: cover.min_count
            for cover in call.foundation_covers.select_related("foundation")
        },
    )
    solution = portfolio.solve(
        chosen, constraints, objective="value", time_limit=time_limit, seed=seed
    )
    explanation = None
    if solution.objective is not None and not math.isnan(solution.objective):
        explanation = portfolio.explain(
            solution,
            chosen,
            constraints,
            time_limit=time_limit,
            seed=seed,
            next_best=min(len(chosen), NEXT_BEST_MOST),
        )
    said = portfolio.reasons(solution, chosen, constraints, explanation)
    for reference in left_aside_by:
        said[reference] = f"Not funded: {left_aside_by[reference]}"
    return Choice(tuple(chosen), constraints, solution, explanation, tuple(left_aside), said)


def _area_shares(call: Call, chosen: list[portfolio.Candidate]) -> dict[str, float]:
    """The call's least share of the funded grant for each area, by area code."""
    shares = {
        row.area.code: (row.area.name, float(row.min_share))
        for row in call.area_shares.select_related("area")
    }
    served = {candidate.area for candidate in chosen}
    empty = [
        f"at least {share:.0%} of the funded grant for {name}"
        for code, (name, share) in sorted(shares.items())
        if share > 0 and code not in served
    ]
    if empty:
        raise CallProblem(
            f"The call '{call.slug}' promises {'; '.join(empty)}, but no eligible candidate is "
            "in that area. Lower the promise in the admin or add candidates there."
        )
    return {code: share for code, (_, share) in shares.items()}
