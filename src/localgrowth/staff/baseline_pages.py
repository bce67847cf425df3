"""The staff pages of change control: the baseline changes, proposing a change to a project's
spend profile and output forecasts, and a change with its decision.

As on the returns pages: a form not filled in correctly is redrawn with 400, a decision or
proposal the records' state does not allow with 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from localgrowth.projects.models import OutputType, Project
from localgrowth.returns import baselines
from localgrowth.returns.decisions import Refused
from localgrowth.returns.models import BaselineChange, ChangeStatus
from localgrowth.web.project_list import page_number, paginate

from . import forms
from .access import staff_view
from .returns_pages import CONFLICT, own, render, see_other

VIEW = "returns.view_baselinechange"
PROPOSE = "returns.add_baselinechange"
DECIDE = "returns.decide_baselinechange"
CHANGE_TAGS = {
    ChangeStatus.PROPOSED: "govuk-tag--blue",
    ChangeStatus.APPROVED: "govuk-tag--green",
    ChangeStatus.REJECTED: "govuk-tag--red",
}


# The list ---------------------------------------------------------------------------------------


@require_safe
@staff_view(VIEW)
def changes_list(request: HttpRequest) -> HttpResponse:
    changes = BaselineChange.objects.select_related("project", "proposed_by", "decided_by")
    count = changes.count()
    base = reverse("staff:baseline-changes")
    pagination = paginate(
        count, page_number(request.GET), lambda n: f"{base}?page={n}" if n > 1 else base
    )
    rows = list(changes[pagination.first - 1 : pagination.last]) if count else []
    context = {
        "rows": rows,
        "pagination": pagination,
        "tags": CHANGE_TAGS,
        "can_propose": request.user.has_perm(PROPOSE),
        "find_form": forms.ProposeFindForm(),
    }
    return render(request, "staff/baselines/list.html", context)


@require_safe
@staff_view(PROPOSE)
def propose_find(request: HttpRequest) -> HttpResponse:
    """Which project to propose a change for: the form, or on to that project's proposal."""
    form = forms.ProposeFindForm(request.GET or None)
    if form.is_bound and form.is_valid():
        project: Project = form.cleaned_data["reference"]
        return HttpResponseRedirect(reverse("staff:baseline-propose", args=[project.reference]))
    errors = forms.error_list(form) if form.is_bound else []
    return render(
        request,
        "staff/baselines/find.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


# Proposing a change ----------------------------------------------------------------------------


def _project_or_404(reference: str) -> Project:
    project = Project.objects.filter(reference=reference).first()
    if project is None:
        raise Http404("There is no project with that reference.")
    return project


def _propose_form(project: Project, data: Any = None) -> forms.ProposeForm:
    return forms.ProposeForm(
        data,
        spend=baselines.current_spend(project),
        outputs=baselines.current_outputs(project),
    )


def _propose_context(project: Project, form: forms.ProposeForm, **extra: Any) -> dict[str, Any]:
    names = {t.code: t for t in OutputType.objects.all()}
    pending = project.baseline_changes.filter(status=ChangeStatus.PROPOSED).first()
    return {
        "project": project,
        "form": form,
        "output_types": names,
        "pending": pending,
        "errors": [],
        **extra,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(PROPOSE)
def propose(request: HttpRequest, reference: str) -> HttpResponse:
    project = _project_or_404(reference)
    if request.method != "POST":
        context = _propose_context(project, _propose_form(project))
        return render(request, "staff/baselines/propose.html", context)
    form = _propose_form(project, request.POST)
    if not form.is_valid():
        context = _propose_context(project, form, errors=forms.error_list(form, form.first_field))
        return render(request, "staff/baselines/propose.html", context, status=400)
    try:
        change = baselines.propose(
            project, request.user, form.cleaned_data["reason"], form.spend, form.outputs
        )
    except Refused as refusal:
        errors = [{"text": str(refusal), "href": f"#{form.first_field}"}]
        context = _propose_context(project, form, errors=errors)
        return render(request, "staff/baselines/propose.html", context, status=CONFLICT)
    messages.success(
        request,
        f"The change to {project.reference}'s baseline was proposed: it changes nothing until "
        "an approver approves it",
    )
    return see_other(reverse("staff:baseline-change", args=[change.pk]))


# A change ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeLine:
    """One line of a change: what it was, what it would be, and what it is now."""

    what: str
    before: Decimal | None
    after: Decimal | None
    now: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def kind(self) -> str:
        if self.before is None:
            return "Added"
        if self.after is None:
            return "Removed"
        return "Changed"

    @property
    def moved(self) -> bool:
        """The baseline has changed since the proposal: its 'before' is out of date."""
        return self.now != self.before


def change_lines(change: BaselineChange) -> tuple[list[ChangeLine], list[ChangeLine]]:
    spend_now = baselines.current_spend(change.project)
    outputs_now = baselines.current_outputs(change.project)
    spend = [
        ChangeLine(line.financial_year, line.before, line.after, spend_now.get(line.financial_year))
        for line in change.spend.all()
    ]
    outputs = [
        ChangeLine(
            f"{line.output_type.name} ({line.output_type.unit}), {line.period or 'whole life'}",
            line.before,
            line.after,
            outputs_now.get((line.output_type.code, line.period)),
        )
        for line in change.outputs.select_related("output_type")
    ]
    return spend, outputs


def _change_or_404(pk: int) -> BaselineChange:
    change = (
        BaselineChange.objects.select_related("project", "proposed_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise Http404("There is no such baseline change.")
    return change


def change_context(request: HttpRequest, change: BaselineChange, **extra: Any) -> dict[str, Any]:
    spend, outputs = change_lines(change)
    is_open = change.status == ChangeStatus.PROPOSED
    return {
        "change": change,
        "spend": spend,
        "outputs": outputs,
        "stale": is_open and any(line.moved for line in spend + outputs),
        "tags": CHANGE_TAGS,
        "may_decide": is_open and request.user.has_perm(DECIDE),
        "own": own(request.user, change.proposed_by_id),
        "approve_form": forms.ApproveChangeForm(prefix="approve"),
        "reject_form": forms.RejectChangeForm(prefix="reject"),
        "errors": [],
        **extra,
    }


@require_safe
@staff_view(VIEW)
def change_page(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change_or_404(pk)
    return render(request, "staff/baselines/change.html", change_context(request, change))


def _refused(request: HttpRequest, change: BaselineChange, refusal: Refused) -> HttpResponse:
    errors = [{"text": str(refusal), "href": "#decision"}]
    context = change_context(request, change, errors=errors, refused=True)
    return render(request, "staff/baselines/change.html", context, status=CONFLICT)


@require_POST
@staff_view(DECIDE)
def change_approve(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change_or_404(pk)
    form = forms.ApproveChangeForm(request.POST, prefix="approve")
    if not form.is_valid():
        context = change_context(request, change, approve_form=form, errors=forms.error_list(form))
        return render(request, "staff/baselines/change.html", context, status=400)
    try:
        baselines.approve_change(change.pk, request.user, form.cleaned_data["note"])
    except Refused as refusal:
        return _refused(request, change, refusal)
    messages.success(
        request,
        f"The change to {change.project.reference}'s baseline was approved: the project's "
        "forecasts now have the new figures",
    )
    return see_other(reverse("staff:baseline-change", args=[change.pk]))


@require_POST
@staff_view(DECIDE)
def change_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change_or_404(pk)
    form = forms.RejectChangeForm(request.POST, prefix="reject")
    if not form.is_valid():
        context = change_context(request, change, reject_form=form, errors=forms.error_list(form))
        return render(request, "staff/baselines/change.html", context, status=400)
    try:
        baselines.reject_change(change.pk, request.user, form.cleaned_data["note"])
    except Refused as refusal:
        return _refused(request, change, refusal)
    messages.success(
        request,
        f"The change to {change.project.reference}'s baseline was rejected: the baseline is "
        "unchanged",
    )
    return see_other(reverse("staff:baseline-change", args=[change.pk]))
