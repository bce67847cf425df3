"""Funding calls and the board's published scenarios as the open data API gives them (see
``call_schemas.CallOut`` and ``call_schemas.CallScenarios``).

Only a call marked published is shown, and of its scenarios only those the board has
published; an unpublished call is found no more than an unknown one. A scenario is shown as it
was saved, so its figures do not move when the call or its candidates are edited later. Who
saved it, and its private notes, are never shown.

A scenario's money is held as floats (the solver's figures); here it is rounded to the penny
and given as a decimal string, like every other sum of money in the API.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from localgrowth.prioritisation.models import Call, Objective, Scenario, ScenarioLine
from localgrowth.prioritisation.scenarios import gap_words, totals

from .exports import money

PENNY = Decimal("0.01")
SCORE_PLACES = Decimal("0.0001")
BCR_PLACES = 4
"""A benefit-cost ratio is given to four decimal places, without the float's noise."""


def decimal_text(value: float | None, places: Decimal = PENNY) -> str | None:
    """A float rounded half up to ``places`` as a decimal string (``"1250000.00"``); None when
    there is no finite value. A value that rounds to nought is never ``-0.00``."""
    if value is None or not math.isfinite(value):
        return None
    rounded = Decimal(repr(float(value))).quantize(places, rounding=ROUND_HALF_UP)
    return str(rounded if rounded else abs(rounded))


def two_places(value: float) -> str:
    """A figure that is always there (a sum of money, or jobs or homes scaled by the share
    funded) to two decimal places."""
    return decimal_text(value) or "0.00"


def published_calls() -> QuerySet[Call]:
    """The published calls, in slug order, with what their records need."""
    return (
        Call.objects.filter(published=True)
        .select_related("fund")
        .prefetch_related(
            "budgets", "criteria", "area_shares__area", "foundation_covers__foundation"
        )
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            scenario_count=Count("scenarios", filter=Q(scenarios__published=True), distinct=True),
        )
        .order_by("slug")
    )


def published_call(slug: str) -> Call | None:
    """The published call with this slug, or None when there is none (or it is unpublished)."""
    return published_calls().filter(slug=slug).first()


def _call_url(request: HttpRequest, call: Call) -> str:
    return request.build_absolute_uri(reverse("api-v1:call", kwargs={"slug": call.slug}))


def call_record(request: HttpRequest, call: Call) -> dict[str, Any]:
    """A published call (from ``published_calls``): its money, rules and criteria."""
    scenarios = reverse("api-v1:call-scenarios", kwargs={"slug": call.slug})
    return {
        "slug": call.slug,
        "name": call.name,
        "fund": {"code": call.fund.code, "name": call.fund.name} if call.fund else None,
        "opens": call.opens,
        "closes": call.closes,
        "budget_total": money(call.budget_total),
        "budgets": [
            {"financial_year": budget.financial_year, "amount": money(budget.amount)}
            for budget in call.budgets.all()
        ],
        "spend_deadline": call.spend_deadline,
        "min_grant": money(call.min_grant),
        "max_grant": money(call.max_grant),
        "min_match_share": None if call.min_match_share is None else str(call.min_match_share),
        "objective": call.objective,
        "objective_label": call.get_objective_display(),
        "criteria": [
            {
                "code": criterion.code,
                "name": criterion.name,
                "weight": str(criterion.weight),
                "direction": criterion.direction,
                "direction_label": criterion.get_direction_display(),
            }
            for criterion in call.criteria.all()
        ],
        "area_shares": [
            {
                "area": {
                    "code": share.area.code,
                    "name": share.area.name,
                    "type": share.area.area_type,
                },
                "min_share": str(share.min_share),
            }
            for share in call.area_shares.all()
        ],
        "foundation_covers": [
            {
                "foundation": cover.foundation.code,
                "title": cover.foundation.title,
                "min_count": cover.min_count,
            }
            for cover in call.foundation_covers.all()
        ],
        "description": call.description,
        "source_url": call.source_url,
        "illustrative": call.illustrative,
        "candidate_count": getattr(call, "candidate_count", 0),
        "scenario_count": getattr(call, "scenario_count", 0),
        "links": {
            "self": _call_url(request, call),
            "scenarios": request.build_absolute_uri(scenarios),
        },
    }


def _objective_value(scenario: Scenario) -> str | None:
    places = SCORE_PLACES if scenario.objective == Objective.SCORE else PENNY
    return decimal_text(scenario.objective_value, places)


def _line(line: ScenarioLine) -> dict[str, Any]:
    return {
        "reference": line.reference,
        "title": line.title,
        "area": line.area,
        "eligible": line.eligible,
        "funded": line.funded,
        "share": line.share,
        "grant": two_places(line.grant),
        "grant_funded": two_places(line.grant_funded),
        "bcr": round(line.bcr, BCR_PLACES)
        if line.bcr is not None and math.isfinite(line.bcr)
        else None,
        "value_for_money": line.value_for_money,
        "weighted_sum_rank": line.weighted_sum_rank,
        "topsis_rank": line.topsis_rank,
        "reason": line.reason,
        "illustrative": line.illustrative,
    }


def _years(scenario: Scenario) -> list[dict[str, Any]]:
    budgets: dict[str, Any] = scenario.budget_by_year or {}
    funded: dict[str, Any] = scenario.cost_by_year or {}
    return [
        {
            "financial_year": year,
            "budget": decimal_text(budgets.get(year)),
            "grant_funded": two_places(funded.get(year) or 0.0),
        }
        for year in sorted(set(budgets) | set(funded))
    ]


def scenario_record(scenario: Scenario) -> dict[str, Any]:
    """A published scenario as it was saved: its settings, status, totals and every line."""
    lines = list(scenario.lines.all())
    summed = totals(scenario, lines)
    gap = scenario.gap if scenario.gap is not None and math.isfinite(scenario.gap) else None
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "saved_on": timezone.localdate(scenario.created_at),
        "objective": scenario.objective,
        "objective_label": scenario.get_objective_display(),
        "status": scenario.status,
        "message": scenario.message,
        "objective_value": _objective_value(scenario),
        "gap": gap,
        "gap_text": gap_words(scenario) if gap is not None else "not known",
        "budget_total": money(scenario.budget_total),
        "years": _years(scenario),
        "totals": {
            "funded": summed.funded,
            "grant_funded": two_places(summed.grant_funded),
            "grant_requested": two_places(summed.grant_requested),
            "gross_jobs": two_places(summed.gross_jobs),
            "gross_homes": two_places(summed.gross_homes),
            "unspent": decimal_text(summed.unspent),
        },
        "illustrative": scenario.illustrative,
        "lines": [_line(line) for line in lines],
    }


def call_scenarios(request: HttpRequest, call: Call) -> dict[str, Any]:
    """A published call's published scenarios, newest first."""
    published = (
        call.scenarios.filter(published=True)
        .prefetch_related(Prefetch("lines", queryset=ScenarioLine.objects.order_by("reference")))
        .order_by("-created_at", "-pk")
    )
    return {
        "call": {"slug": call.slug, "name": call.name, "url": _call_url(request, call)},
        "scenarios": [scenario_record(scenario) for scenario in published],
    }
