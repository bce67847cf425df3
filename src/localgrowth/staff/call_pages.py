"""The staff pages of funding calls, under /staff/calls/: the calls, one call's candidates
appraised and ranked with their rank stability, saving a scenario, a saved scenario with why
each candidate is in or out, publishing it, and two scenarios side by side.

A call that cannot be appraised as it stands (a missing assessor score, places served without
deprivation figures) shows why on its page; a scenario form filled in wrongly, or asking for a
choice the call cannot make, is drawn again with 400 and nothing saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from localgrowth.domain import scoring
from localgrowth.prioritisation.models import Call, Scenario
from localgrowth.prioritisation.scenarios import compare, gap_words, save_scenario, totals
from localgrowth.prioritisation.services import (
    CallAppraisal,
    CallProblem,
    CandidateAppraisal,
    appraise_call,
)

from . import call_forms, forms
from .access import staff_view
from .returns_pages import render, see_other

VIEW = "prioritisation.view_scenario"
SAVE = "prioritisation.add_scenario"
PUBLISH = "prioritisation.publish_scenario"


def _call(slug: str) -> Call:
    return get_object_or_404(Call, slug=slug)


def _scenario(call: Call, pk: int) -> Scenario:
    found = Scenario.objects.filter(call=call, pk=pk).select_related("call").first()
    if found is None:
        raise Http404("There is no such scenario of this call.")
    return found


@require_safe
@staff_view(VIEW)
def calls_list(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.select_related("fund").annotate(
        candidate_count=Count("candidates", distinct=True),
        scenario_count=Count("scenarios", distinct=True),
    )
    return render(request, "staff/calls/list.html", {"calls": list(calls)})


@dataclass(frozen=True)
class Row:
    """One candidate on the call page: its appraisal, and its ranks where it was scored."""

    candidate: CandidateAppraisal
    weighted_sum: float | None
    weighted_sum_rank: int | None
    topsis: float | None
    topsis_rank: int | None
    stability: scoring.Stability | None


def _rows(appraised: CallAppraisal) -> list[Row]:
    summed, closeness = appraised.weighted_sum, appraised.topsis
    stability = {one.candidate: one for one in appraised.stability}
    rows = []
    for one in appraised.candidates:
        scored = summed is not None and closeness is not None and one.reference in summed.candidates
        rows.append(
            Row(
                one,
                summed.score(one.reference) if scored and summed else None,
                summed.rank(one.reference) if scored and summed else None,
                closeness.score(one.reference) if scored and closeness else None,
                closeness.rank(one.reference) if scored and closeness else None,
                stability.get(one.reference),
            )
        )
    return sorted(
        rows,
        key=lambda row: (
            row.weighted_sum_rank is None,
            row.weighted_sum_rank or 0,
            row.candidate.reference,
        ),
    )


@require_safe
@staff_view(VIEW)
def call_page(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(slug)
    problem = ""
    appraised = None
    try:
        appraised = appraise_call(call)
    except CallProblem as error:
        problem = str(error)
    scenarios = list(call.scenarios.all())
    context: dict[str, Any] = {
        "call": call,
        "appraised": appraised,
        "rows": _rows(appraised) if appraised else [],
        "problem": problem,
        "scenarios": scenarios,
        "compare_form": call_forms.CompareForm(scenarios=scenarios),
        "can_save": request.user.has_perm(SAVE),
        "candidates": list(call.candidates.select_related("federated_area")),
        "budgets": list(call.budgets.all()),
        "criteria": list(call.criteria.all()),
        "area_shares": list(call.area_shares.select_related("area")),
        "foundation_covers": list(call.foundation_covers.select_related("foundation")),
        "additionality": list(call.additionality.all()),
    }
    return render(request, "staff/calls/call.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(SAVE)
def scenario_new(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(slug)
    references = [
        (candidate.reference, f"{candidate.reference} {candidate.title}")
        for candidate in call.candidates.order_by("reference")
    ]
    data = request.POST if request.method == "POST" else None
    form = call_forms.ScenarioForm(
        data, references=references, initial={"objective": call.objective, "time_limit": 10}
    )
    errors: list[dict[str, str]] = []
    if form.is_bound and form.is_valid():
        try:
            scenario = save_scenario(
                call,
                name=form.cleaned_data["name"],
                objective=form.cleaned_data["objective"],
                also_must_fund=form.cleaned_data["also_must_fund"],
                also_excluded=form.cleaned_data["also_excluded"],
                notes=form.cleaned_data["notes"],
                time_limit=form.cleaned_data["time_limit"],
                user=request.user,
            )
        except CallProblem as problem:
            errors = [{"text": str(problem), "href": "#name"}]
        else:
            messages.success(request, f"Scenario '{scenario.name}' saved: {scenario.message}")
            return see_other(reverse("staff:scenario", args=[call.slug, scenario.pk]))
    elif form.is_bound:
        errors = forms.error_list(form)
    return render(
        request,
        "staff/calls/scenario_new.html",
        {"call": call, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@require_safe
@staff_view(VIEW)
def scenario_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call(slug)
    scenario = _scenario(call, pk)
    lines = list(scenario.lines.all())
    context = {
        "call": call,
        "scenario": scenario,
        "lines": sorted(
            lines,
            key=lambda line: (
                not line.funded,
                not line.eligible,
                line.weighted_sum_rank or 10**9,
                line.reference,
            ),
        ),
        "totals": totals(scenario, lines),
        "gap": gap_words(scenario),
        "years": sorted(set(scenario.budget_by_year) | set(scenario.cost_by_year)),
        "must_fund": list(scenario.also_must_fund.values_list("reference", flat=True)),
        "excluded": list(scenario.also_excluded.values_list("reference", flat=True)),
        "can_publish": request.user.has_perm(PUBLISH),
    }
    return render(request, "staff/calls/scenario.html", context)


@require_POST
@staff_view(PUBLISH)
def scenario_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Publish the scenario in the open data API as the board's decision, or withdraw it."""
    call = _call(slug)
    scenario = _scenario(call, pk)
    publish = request.POST.get("publish") == "yes"
    if publish and not scenario.feasible:
        messages.error(request, "A scenario with no portfolio cannot be published.")
        return see_other(reverse("staff:scenario", args=[call.slug, scenario.pk]))
    scenario.published = publish
    scenario.save(update_fields=["published"])
    messages.success(
        request,
        f"Scenario '{scenario.name}' "
        + ("published in the open data API." if publish else "withdrawn from the open data API."),
    )
    return see_other(reverse("staff:scenario", args=[call.slug, scenario.pk]))


@require_safe
@staff_view(VIEW)
def scenario_compare(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(slug)
    scenarios = list(call.scenarios.all())
    form = call_forms.CompareForm(request.GET or None, scenarios=scenarios)
    if not form.is_bound or not form.is_valid():
        errors = forms.error_list(form) if form.is_bound else []
        return render(
            request,
            "staff/calls/compare.html",
            {"call": call, "form": form, "errors": errors, "comparison": None},
            status=400 if errors else 200,
        )
    first = _scenario(call, form.cleaned_data["first"])
    second = _scenario(call, form.cleaned_data["second"])
    return render(
        request,
        "staff/calls/compare.html",
        {"call": call, "form": form, "errors": [], "comparison": compare(first, second)},
    )
