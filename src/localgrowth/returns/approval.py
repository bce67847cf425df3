"""Approving a submitted return, or returning it for correction with a reason.

Approval is the only way a return reaches the project's figures: the return's actual spend by
financial year and its actual outputs become the project's actual lines, each change recorded in
the audit history with the return it came from. Submitted and returned versions change nothing
outside themselves.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from localgrowth.projects.models import MONITORING_NOTE, Basis, OutputLine, Project, SpendLine

from .decisions import Refused, not_own, reason_text, require
from .models import Return, ReturnStatus

DECIDE = "returns.decide_return"


def _open_return(return_id: int) -> Return:
    """The return, locked with its project, if it may still be decided."""
    found = Return.objects.select_related("project").filter(pk=return_id).first()
    if found is None:
        raise Refused("There is no such return.")
    Project.objects.select_for_update().filter(pk=found.project_id).first()
    found = Return.objects.select_related("project").get(pk=return_id)
    if found.status != ReturnStatus.SUBMITTED:
        raise Refused(
            f"This return is {found.get_status_display().lower()}, so it cannot be decided again."
        )
    newer = (
        Return.objects.filter(
            project_id=found.project_id,
            financial_year=found.financial_year,
            quarter=found.quarter,
            version__gt=found.version,
        )
        .values_list("version", flat=True)
        .last()
    )
    if newer is not None:
        raise Refused(
            f"Version {newer} of this return has been submitted since; decide on that version."
        )
    return found


def approve(return_id: int, user: Any) -> Return:
    """Approve the latest submitted version and carry its actuals into the project's figures."""
    require(user, DECIDE)
    with transaction.atomic():
        found = _open_return(return_id)
        not_own(user, found.submitted_by, "submitted")
        found.status = ReturnStatus.APPROVED
        found.decided_at = timezone.now()
        found.decided_by = user
        found._history_user = user  # type: ignore[attr-defined]
        found.save()
        apply_actuals(found, user)
    return found


def send_back(return_id: int, user: Any, reason: str) -> Return:
    """Return the latest submitted version for correction, saying why."""
    require(user, DECIDE)
    text = reason_text(reason, "why the return is being sent back, so the project can correct it")
    with transaction.atomic():
        found = _open_return(return_id)
        not_own(user, found.submitted_by, "submitted")
        found.status = ReturnStatus.RETURNED
        found.returned_reason = text
        found.decided_at = timezone.now()
        found.decided_by = user
        found._history_user = user  # type: ignore[attr-defined]
        found.save()
    return found


def apply_actuals(approved: Return, user: Any) -> None:
    """The approved return's actual spend and outputs become the project's actual lines."""
    reason = f"Approved return {approved.quarter_label} v{approved.version}"[:100]
    note = source_note(approved)
    project = approved.project
    spend = {line.financial_year: line for line in project.spend.filter(basis=Basis.ACTUAL)}
    for item in approved.spend.filter(basis=Basis.ACTUAL):
        line = spend.get(item.financial_year) or SpendLine(
            project=project, financial_year=item.financial_year, basis=Basis.ACTUAL
        )
        if line.pk is None or line.amount != item.amount or line.note != note:
            line.amount = item.amount
            line.note = note
            _save(line, user, reason)
    outputs = {
        (line.output_type_id, line.period): line
        for line in project.outputs.filter(basis=Basis.ACTUAL)
    }
    for output in approved.outputs.filter(basis=Basis.ACTUAL):
        key = (output.output_type_id, output.period)
        existing = outputs.get(key) or OutputLine(
            project=project,
            output_type_id=output.output_type_id,
            period=output.period,
            basis=Basis.ACTUAL,
        )
        if existing.pk is None or existing.value != output.value or existing.note != note:
            existing.value = output.value
            existing.note = note
            _save(existing, user, reason)


def source_note(approved: Return) -> str:
    """Where an actual figure came from, shown beside it wherever it is published."""
    note = f"{MONITORING_NOTE} for {approved.quarter_label}"
    if approved.illustrative:
        note += " (illustrative: generated for the demo, not reported by the project)"
    return note


def _save(instance: Any, user: Any, reason: str) -> None:
    instance._history_user = user
    instance._change_reason = reason
    instance.save()
