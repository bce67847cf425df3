"""Change control of a project's baseline: its spend profile (forecast spend by financial year)
and its output forecasts.

A change is proposed with a reason and the new figures; what they replace is recorded beside
them. It changes nothing until someone else approves it; then the project's forecast lines take
the new figures, each change in the audit history. The original baseline stays known: it is the
figure before the first approved change of each line, so totals can show it beside the current.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from localgrowth.projects.models import Basis, OutputLine, OutputType, Project, SpendLine

from .decisions import Refused, not_own, reason_text, require
from .models import BaselineChange, BaselineOutput, BaselineSpend, ChangeStatus

PROPOSE = "returns.add_baselinechange"
DECIDE = "returns.decide_baselinechange"

SpendProfile = dict[str, Decimal]
"""Forecast spend by financial year."""
OutputForecasts = dict[tuple[str, str], Decimal]
"""Forecast outputs by (output type code, period); an empty period is the whole life."""


def current_spend(project: Project) -> SpendProfile:
    return {line.financial_year: line.amount for line in project.spend.filter(basis=Basis.FORECAST)}


def current_outputs(project: Project) -> OutputForecasts:
    return {
        (line.output_type.code, line.period): line.value
        for line in project.outputs.filter(basis=Basis.FORECAST).select_related("output_type")
    }


def _differences(
    before: Mapping[Any, Decimal], after: Mapping[Any, Decimal | None]
) -> dict[Any, tuple[Decimal | None, Decimal | None]]:
    changed = {}
    for key, new in after.items():
        old = before.get(key)
        if new != old:
            changed[key] = (old, new)
    return changed


def propose(
    project: Project,
    user: Any,
    reason: str,
    spend: Mapping[str, Decimal | None],
    outputs: Mapping[tuple[str, str], Decimal | None],
) -> BaselineChange:
    """Record a proposed change; keys left out stay as they are, None removes a line."""
    require(user, PROPOSE)
    text = reason_text(reason, "the reason for changing the baseline")
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        if project.baseline_changes.filter(status=ChangeStatus.PROPOSED).exists():
            raise Refused(
                f"{project.reference} already has a baseline change waiting for a decision. "
                "Wait for it to be decided, or ask an approver to reject it."
            )
        spend_changes = _differences(current_spend(project), spend)
        output_changes = _differences(current_outputs(project), outputs)
        if not spend_changes and not output_changes:
            raise Refused("The new figures are the same as the current baseline: change a figure.")
        types = {t.code: t for t in OutputType.objects.filter(code__in={k[0] for k in outputs})}
        unknown = sorted({code for code, _ in output_changes} - set(types))
        if unknown:
            raise Refused(f"There is no output type called {', '.join(unknown)}.")
        change = BaselineChange(
            project=project, reason=text, proposed_at=timezone.now(), proposed_by=user
        )
        rows: list[Any] = [change]
        rows += [
            BaselineSpend(change=change, financial_year=year, before=old, after=new)
            for year, (old, new) in sorted(spend_changes.items())
        ]
        rows += [
            BaselineOutput(
                change=change, output_type=types[code], period=period, before=old, after=new
            )
            for (code, period), (old, new) in sorted(output_changes.items())
        ]
        for row in rows:
            row._history_user = user
            row.save()
    return change


def _open_change(change_id: int) -> BaselineChange:
    found = BaselineChange.objects.filter(pk=change_id).first()
    if found is None:
        raise Refused("There is no such baseline change.")
    Project.objects.select_for_update().filter(pk=found.project_id).first()
    found = BaselineChange.objects.select_related("project").get(pk=change_id)
    if found.status != ChangeStatus.PROPOSED:
        raise Refused(f"This change was {found.get_status_display().lower()} already.")
    return found


def _decide(found: BaselineChange, user: Any, status: str, note: str) -> None:
    found.status = status
    found.decided_at = timezone.now()
    found.decided_by = user
    found.decision_note = note
    found._history_user = user  # type: ignore[attr-defined]
    found.save()


def approve_change(change_id: int, user: Any, note: str = "") -> BaselineChange:
    """Apply the proposed figures to the project's forecast lines."""
    require(user, DECIDE)
    with transaction.atomic():
        found = _open_change(change_id)
        not_own(user, found.proposed_by, "proposed")
        project = found.project
        spend_now = current_spend(project)
        outputs_now = current_outputs(project)
        moved = [s for s in found.spend.all() if spend_now.get(s.financial_year) != s.before] + [
            o
            for o in found.outputs.select_related("output_type")
            if outputs_now.get((o.output_type.code, o.period)) != o.before
        ]
        if moved:
            raise Refused(
                "The baseline has changed since this was proposed, so its 'before' figures are "
                "out of date. Reject it and propose the change again."
            )
        reason = f"Baseline change {found.pk} approved"
        for spend in found.spend.all():
            _apply(
                SpendLine.objects.filter(
                    project=project, financial_year=spend.financial_year, basis=Basis.FORECAST
                ).first()
                or SpendLine(
                    project=project, financial_year=spend.financial_year, basis=Basis.FORECAST
                ),
                "amount",
                spend.after,
                user,
                reason,
            )
        for output in found.outputs.all():
            _apply(
                OutputLine.objects.filter(
                    project=project,
                    output_type_id=output.output_type_id,
                    period=output.period,
                    basis=Basis.FORECAST,
                ).first()
                or OutputLine(
                    project=project,
                    output_type_id=output.output_type_id,
                    period=output.period,
                    basis=Basis.FORECAST,
                ),
                "value",
                output.after,
                user,
                reason,
            )
        _decide(found, user, ChangeStatus.APPROVED, note.strip())
    return found


def reject_change(change_id: int, user: Any, note: str) -> BaselineChange:
    require(user, DECIDE)
    text = reason_text(note, "why the change is rejected")
    with transaction.atomic():
        found = _open_change(change_id)
        not_own(user, found.proposed_by, "proposed")
        _decide(found, user, ChangeStatus.REJECTED, text)
    return found


def _apply(line: Any, field: str, value: Decimal | None, user: Any, reason: str) -> None:
    line._history_user = user
    line._change_reason = reason
    if value is None:
        if line.pk is not None:
            line.delete()
        return
    setattr(line, field, value)
    line.save()


def original_baselines(
    projects: Any,
) -> tuple[dict[int, SpendProfile], dict[int, OutputForecasts]]:
    """Each project's original baseline: its current forecasts, with every line that an
    approved change touched put back to its value before the first such change."""
    spend: dict[int, SpendProfile] = {}
    outputs: dict[int, OutputForecasts] = {}
    for line in SpendLine.objects.filter(project__in=projects, basis=Basis.FORECAST):
        spend.setdefault(line.project_id, {})[line.financial_year] = line.amount
    for output in OutputLine.objects.filter(
        project__in=projects, basis=Basis.FORECAST
    ).select_related("output_type"):
        outputs.setdefault(output.project_id, {})[(output.output_type.code, output.period)] = (
            output.value
        )
    approved = BaselineChange.objects.filter(
        project__in=projects, status=ChangeStatus.APPROVED
    ).order_by("-decided_at", "-pk")
    for change in approved.prefetch_related("spend", "outputs__output_type"):
        profile = spend.setdefault(change.project_id, {})
        for s in change.spend.all():
            _restore(profile, s.financial_year, s.before)
        forecasts = outputs.setdefault(change.project_id, {})
        for o in change.outputs.all():
            _restore(forecasts, (o.output_type.code, o.period), o.before)
    return spend, outputs


def _restore(values: dict[Any, Decimal], key: Any, before: Decimal | None) -> None:
    """Undo one approved change of one line (newest first, so the oldest 'before' wins)."""
    if before is None:
        values.pop(key, None)
    else:
        values[key] = before
