"""The staff pages of quarterly monitoring returns: the list, a return's workbook to download,
uploading a filled workbook, a return with its decision, and two versions compared.

Status codes: a form that is not filled in correctly is redrawn with 400; a decision the
return's state does not allow (already decided, a newer version exists, your own submission) is
redrawn with 409; a missing permission is 403 and someone not signed in is sent to sign in.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from localgrowth.core.importing import ImportFailed
from localgrowth.domain.returns import Quarter
from localgrowth.returns import approval
from localgrowth.returns.comparison import NotVersionsOfOneReturn, compare_versions
from localgrowth.returns.decisions import Refused
from localgrowth.returns.importers import import_returns
from localgrowth.returns.models import Return, ReturnStatus
from localgrowth.returns.workbook import quarter_workbook
from localgrowth.web.project_list import Pagination, page_number, paginate

from . import forms
from .access import staff_view
from .pages import render as render_staff

VIEW = "returns.view_return"
SUBMIT = "returns.submit_return"
DECIDE = "returns.decide_return"
CONFLICT = 409
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_TAGS = {
    ReturnStatus.DRAFT: "govuk-tag--grey",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.APPROVED: "govuk-tag--green",
    ReturnStatus.RETURNED: "govuk-tag--orange",
}


# Shared by the staff pages ----------------------------------------------------------------------


def when(value: datetime | None) -> str:
    """A moment in UK time, GOV.UK style: "20 January 2020 at 3:04pm"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A staff page, with the banners of what was just done and the helpers the templates use."""
    banners = [str(message) for message in messages.get_messages(request)]
    extra = {"banners": banners, "when": when, "status_tags": STATUS_TAGS}
    return render_staff(request, template, {**extra, **context}, status)


def see_other(url: str) -> HttpResponseRedirect:
    """After a successful POST: 303, so reloading the next page does not send the form again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# The list ---------------------------------------------------------------------------------------


def _filtered(form: forms.ReturnFilterForm) -> QuerySet[Return]:
    found = Return.objects.select_related("project", "submitted_by", "decided_by")
    if form.is_valid():
        if form.cleaned_data["status"]:
            found = found.filter(status=form.cleaned_data["status"])
        quarter: Quarter | None = form.cleaned_data["quarter"]
        if quarter is not None:
            found = found.filter(financial_year=quarter.financial_year, quarter=quarter.number)
    return found.order_by(F("submitted_at").desc(nulls_last=True), "-pk")


def _page_url(form: forms.ReturnFilterForm) -> Callable[[int], str]:
    base = reverse("staff:returns")
    kept = {
        name: form.data.get(name, "")
        for name in ("status", "quarter")
        if isinstance(form.data.get(name), str) and form.data.get(name)
    }

    def url(number: int) -> str:
        query = {**kept, "page": str(number)} if number > 1 else kept
        return f"{base}?{urlencode(query)}" if query else base

    return url


@require_safe
@staff_view(VIEW)
def returns_list(request: HttpRequest) -> HttpResponse:
    form = forms.ReturnFilterForm(request.GET or None)
    bad = form.is_bound and not form.is_valid()
    returns: QuerySet[Return] = Return.objects.none() if bad else _filtered(form)
    count = returns.count()
    pagination: Pagination = paginate(count, page_number(request.GET), _page_url(form))
    rows = list(returns[pagination.first - 1 : pagination.last]) if count else []
    context = {
        "form": form,
        "errors": forms.error_list(form) if bad else [],
        "rows": rows,
        "pagination": pagination,
        "filtered": form.is_bound and not bad and any(form.cleaned_data.values()),
        "workbook_form": forms.WorkbookForm(),
        "can_submit": request.user.has_perm(SUBMIT),
    }
    return render(request, "staff/returns/list.html", context, status=400 if bad else 200)


# The workbook to download -----------------------------------------------------------------------


@require_safe
@staff_view(SUBMIT)
def return_workbook(request: HttpRequest) -> HttpResponse:
    """A project's pre-filled return workbook for a quarter; the form again if either is wrong."""
    form = forms.WorkbookForm(request.GET or None)
    if form.is_bound and form.is_valid():
        project, quarter = form.cleaned_data["reference"], form.cleaned_data["quarter"]
        buffer = io.BytesIO()
        quarter_workbook(project, quarter).save(buffer)
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{project.reference}-{quarter.label}") + ".xlsx"
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    errors = forms.error_list(form) if form.is_bound else []
    return render(
        request,
        "staff/returns/workbook.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


# Uploading a return -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultRow:
    sheet: str
    cell: str
    """A cell such as "C4", or "column B" or "row 3" where the fault has only one of them."""
    message: str
    rule: str
    value: str

    @property
    def summary(self) -> str:
        place = ", ".join(
            part
            for part in (
                f"Sheet {self.sheet}" if self.sheet else "",
                self.cell if " " in self.cell else self.cell and f"cell {self.cell}",
            )
            if part
        )
        text = f"{place}: {self.message}" if place else self.message
        return f"{text} [{self.rule}]" if self.rule else text


def fault_rows(failure: ImportFailed) -> list[FaultRow]:
    rows = []
    for fault in failure.faults:
        cell = ""
        if fault.column and fault.row:
            cell = f"{fault.column}{fault.row}"
        elif fault.column:
            cell = f"column {fault.column}"
        elif fault.row:
            cell = f"row {fault.row}"
        rows.append(
            FaultRow(
                fault.sheet or "",
                cell,
                fault.message,
                getattr(fault, "rule", "") or "",
                fault.value or "",
            )
        )
    return rows


def _import_upload(upload: Any, user: Any) -> Return:
    """Store the upload as the next version of its return. The file is kept only while it is
    read, in a folder of its own."""
    name = Path(upload.name or "return.xlsx").name
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="localgrowth-upload-") as folder:
        path = Path(folder) / f"upload{Path(name).suffix.lower()}"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                digest.update(chunk)
                target.write(chunk)
        import_returns(path, user=user, display_name=name)
    return Return.objects.filter(submitted_by=user, source_sha256=digest.hexdigest()).latest("pk")


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view(SUBMIT)
def return_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "staff/returns/upload.html", {"form": forms.UploadForm()})
    form = forms.UploadForm(request.POST, request.FILES)
    context: dict[str, Any] = {"form": form, "errors": [], "faults": []}
    if not form.is_valid():
        context["errors"] = forms.error_list(form)
        return render(request, "staff/returns/upload.html", context, status=400)
    upload = form.cleaned_data["file"]
    try:
        stored = _import_upload(upload, request.user)
    except ImportFailed as failure:
        context["faults"] = faults = fault_rows(failure)
        context["fault_errors"] = [
            {"text": fault.summary, "href": f"#fault-{index}"}
            for index, fault in enumerate(faults, start=1)
        ]
        context["file_name"] = Path(upload.name or "").name
        return render(request, "staff/returns/upload.html", context, status=400)
    messages.success(
        request,
        f"Version {stored.version} of {stored.project.reference}'s return for "
        f"{stored.quarter_label} was submitted",
    )
    return see_other(reverse("staff:return", args=[stored.pk]))


# A return ---------------------------------------------------------------------------------------


def _return_or_404(pk: int) -> Return:
    found = (
        Return.objects.select_related("project", "submitted_by", "decided_by").filter(pk=pk).first()
    )
    if found is None:
        raise Http404("There is no such return.")
    return found


def versions_of(found: Return) -> list[Return]:
    return list(
        Return.objects.filter(
            project_id=found.project_id,
            financial_year=found.financial_year,
            quarter=found.quarter,
        ).order_by("version")
    )


def open_for_decision(found: Return, versions: list[Return]) -> bool:
    """The latest version, still submitted."""
    return found.status == ReturnStatus.SUBMITTED and found.version == versions[-1].version


def own(user: Any, author_id: int | None) -> bool:
    return author_id is not None and author_id == getattr(user, "pk", None)


def return_context(request: HttpRequest, found: Return, **extra: Any) -> dict[str, Any]:
    versions = versions_of(found)
    others = [version for version in versions if version.pk != found.pk]
    previous = [version for version in others if version.version < found.version]
    compare_with = previous[-1] if previous else (others[0] if others else None)
    return {
        "ret": found,
        "versions": versions,
        "compare_with": compare_with,
        "spend": list(found.spend.all()),
        "outputs": list(found.outputs.select_related("output_type")),
        "milestones": list(found.milestones.all()),
        "risks": list(found.risks.all()),
        "may_decide": request.user.has_perm(DECIDE) and open_for_decision(found, versions),
        "own": own(request.user, found.submitted_by_id),
        "send_back_form": forms.SendBackForm(),
        "errors": [],
        **extra,
    }


@require_safe
@staff_view(VIEW)
def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = _return_or_404(pk)
    return render(request, "staff/returns/return.html", return_context(request, found))


def _refused(request: HttpRequest, found: Return, refusal: Refused) -> HttpResponse:
    context = return_context(
        request, found, errors=[{"text": str(refusal), "href": "#decision"}], refused=True
    )
    return render(request, "staff/returns/return.html", context, status=CONFLICT)


@require_POST
@staff_view(DECIDE)
def return_approve(request: HttpRequest, pk: int) -> HttpResponse:
    found = _return_or_404(pk)
    try:
        decided = approval.approve(found.pk, request.user)
    except Refused as refusal:
        return _refused(request, found, refusal)
    messages.success(
        request,
        f"Version {decided.version} of {decided.project.reference}'s return for "
        f"{decided.quarter_label} was approved: its actual spend and outputs are now the "
        "project's figures",
    )
    return see_other(reverse("staff:return", args=[decided.pk]))


@require_POST
@staff_view(DECIDE)
def return_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    found = _return_or_404(pk)
    form = forms.SendBackForm(request.POST)
    if not form.is_valid():
        context = return_context(request, found, send_back_form=form, errors=forms.error_list(form))
        return render(request, "staff/returns/return.html", context, status=400)
    try:
        decided = approval.send_back(found.pk, request.user, form.cleaned_data["reason"])
    except Refused as refusal:
        return _refused(request, found, refusal)
    messages.success(
        request,
        f"Version {decided.version} of {decided.project.reference}'s return for "
        f"{decided.quarter_label} was returned for correction",
    )
    return see_other(reverse("staff:return", args=[decided.pk]))


# Two versions compared --------------------------------------------------------------------------


@require_safe
@staff_view(VIEW)
def return_compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    first, second = _return_or_404(pk), _return_or_404(other)
    try:
        comparison = compare_versions(first, second)
    except NotVersionsOfOneReturn as error:
        raise Http404(str(error)) from error
    context = {"comparison": comparison, "ret": comparison.newer, "versions": versions_of(first)}
    return render(request, "staff/returns/compare.html", context)
