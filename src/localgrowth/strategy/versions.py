"""Versions of a strategy: publishing a draft, starting a new draft from any version, comparing
two versions, and the guard that keeps a published version as it was published.

Publishing. Only a draft is published. Publishing records, for each indicator a priority rests
on, the evidence as it stands at that moment (period, value, status against England and the
release it comes from: ``evidence.current_reading``), and marks the version published (or
published for consultation), when and by whom. Publishing a version (not opening one for
consultation) supersedes the strategy's earlier published versions and those published for
consultation. It is all one transaction, and each row changed is kept in the audit history
with who did it.

Frozen. A version that is not a draft never changes again: saving or deleting the version, any
of its priorities, their evidence, sector strengths, actions or KPIs, or changing a priority's
themes and places or an action's projects and candidates, is refused with
``FrozenVersionError`` everywhere (the admin, the shell, imports), except by ``publish`` itself.
A project or funding candidate an action of a frozen version names cannot be deleted either.
A version is made non-draft only by ``publish``. Later edits start a new draft (``new_draft``),
a copy of every row, numbered after the strategy's newest version. Consultation comments are
not part of the version and are not frozen. Bulk ``QuerySet.update`` bypasses the guard, as it
bypasses every model signal; nothing in localgrowth uses it on these rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils import timezone

from localgrowth.domain import strategy_versions as diff
from localgrowth.evidence.analysis import Places
from localgrowth.prioritisation.models import Candidate
from localgrowth.projects.models import Project

from .evidence import current_reading
from .models import (
    Action,
    Kpi,
    Priority,
    PriorityEvidence,
    PrioritySector,
    Version,
    VersionStatus,
)

FROZEN = (VersionStatus.CONSULTATION, VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
_PUBLISHING: ContextVar[bool] = ContextVar("strategy_publishing", default=False)


class FrozenVersionError(Exception):
    """A row of a version that is not a draft was to be saved or deleted."""


class PublishRefused(Exception):
    """The version cannot be published as asked; the message says why."""


# The guard --------------------------------------------------------------------------------------


@contextmanager
def _publishing() -> Iterator[None]:
    token = _PUBLISHING.set(True)
    try:
        yield
    finally:
        _PUBLISHING.reset(token)


def _refusal(status: str, what: str) -> FrozenVersionError:
    label = VersionStatus(status).label.lower()
    return FrozenVersionError(
        f"This {what} belongs to a version that is {label}, and a version that is not a draft "
        "cannot change. Make a new draft from it and edit that."
    )


def _version_status(version_id: int | None) -> str | None:
    if version_id is None:
        return None
    return Version.objects.filter(pk=version_id).values_list("status", flat=True).first()


def _priority_status(priority_id: int | None) -> str | None:
    if priority_id is None:
        return None
    return Priority.objects.filter(pk=priority_id).values_list("version__status", flat=True).first()


def _stored(model: type[models.Model], pk: Any, field: str) -> Any:
    if pk is None:
        return None
    return model._default_manager.filter(pk=pk).values_list(field, flat=True).first()


def _statuses(instance: models.Model) -> list[str | None]:
    """The status of the version the row belongs to, and of the one it belonged to as stored."""
    if isinstance(instance, Version):
        return [_version_status(instance.pk)]
    if isinstance(instance, Priority):
        stored = _stored(Priority, instance.pk, "version_id")
        return [_version_status(instance.version_id), _version_status(stored)]
    priority_id = instance.priority_id  # type: ignore[attr-defined]
    stored = _stored(type(instance), instance.pk, "priority_id")
    return [_priority_status(priority_id), _priority_status(stored)]


WHAT = {
    Version: "version",
    Priority: "priority",
    PriorityEvidence: "evidence line",
    PrioritySector: "sector strength",
    Action: "action",
    Kpi: "KPI",
}


def _refuse_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _PUBLISHING.get() or kwargs.get("raw"):
        return
    for status in _statuses(instance):
        if status in FROZEN:
            raise _refusal(status, WHAT[sender])
    if isinstance(instance, Version) and instance.status != VersionStatus.DRAFT:
        raise FrozenVersionError(
            "A version becomes published only by publishing a draft, which records the "
            "evidence its priorities rest on as it stands. Save it as a draft and publish it."
        )


def _refuse_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _PUBLISHING.get():
        return
    for status in _statuses(instance):
        if status in FROZEN:
            raise _refusal(status, WHAT[sender])


def _refuse_links(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action not in ("pre_add", "pre_remove", "pre_clear") or _PUBLISHING.get():
        return
    if not reverse:
        for status in _statuses(instance):
            if status in FROZEN:
                raise _refusal(status, WHAT[type(instance)])
        return
    # From the other side: a theme, place, project or candidate linked to priorities or actions.
    owners = model._default_manager.all()
    if pk_set is not None:
        owners = owners.filter(pk__in=pk_set)
    else:
        accessor = {
            Priority.themes.through: "serving_priorities",
            Priority.places.through: "targeting_priorities",
        }.get(sender, "strategy_actions")
        owners = getattr(instance, accessor).all()
    field = "version__status" if model is Priority else "priority__version__status"
    found = owners.filter(**{f"{field}__in": FROZEN}).values_list(field, flat=True).first()
    if found:
        raise _refusal(found, WHAT[model])


def _refuse_unlinking(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """A project or candidate named by an action of a frozen version stays."""
    found = (
        instance.strategy_actions.filter(  # type: ignore[attr-defined]
            priority__version__status__in=FROZEN
        )
        .values_list("priority__version__status", flat=True)
        .first()
    )
    if found:
        what = "project" if isinstance(instance, Project) else "funding candidate"
        raise FrozenVersionError(
            f"This {what} is named by an action of a strategy version that is "
            f"{VersionStatus(found).label.lower()}, which cannot change: it cannot be deleted."
        )


def connect_guard() -> None:
    """Connect the signals that refuse changes to frozen versions (from ``apps.ready``)."""
    for model in WHAT:
        uid = f"strategy-frozen-{model._meta.model_name}"
        pre_save.connect(_refuse_save, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(_refuse_delete, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (
        Priority.themes.through,
        Priority.places.through,
        Action.projects.through,
        Action.candidates.through,
    ):
        m2m_changed.connect(
            _refuse_links, sender=through, dispatch_uid=f"strategy-frozen-{through.__name__}"
        )
    for model in (Project, Candidate):
        pre_delete.connect(
            _refuse_unlinking,
            sender=model,
            dispatch_uid=f"strategy-frozen-{model._meta.model_name}-delete",
        )


# Publishing -------------------------------------------------------------------------------------


def _by(row: models.Model, user: Any, reason: str) -> models.Model:
    row._history_user = user  # type: ignore[attr-defined]
    row._change_reason = reason  # type: ignore[attr-defined]
    return row


def publish(
    version: Version,
    user: Any,
    *,
    for_consultation: bool = False,
    closes: date | None = None,
    on: date | None = None,
) -> Version:
    """Publish a draft (see the module's description); for consultation, open until
    ``closes`` (a date from today on, or none). ``on`` records the day a version was published
    when it is entered after the event (no later than today); by default, today. Raises
    ``PublishRefused`` saying why."""
    if not for_consultation and closes is not None:
        raise PublishRefused("Only a version published for consultation has a closing date.")
    today = timezone.localdate()
    if closes is not None and closes < today:
        raise PublishRefused("The consultation's closing date must be today or later.")
    if on is not None and on > today:
        raise PublishRefused("A version cannot be published on a day still to come.")
    with transaction.atomic(), _publishing():
        found = Version.objects.select_for_update().filter(pk=version.pk).first()
        if found is None:
            raise PublishRefused("There is no such version.")
        if found.status != VersionStatus.DRAFT:
            raise PublishRefused(
                f"Version {found.number} is {found.get_status_display().lower()}: only a "
                "draft can be published. Make a new draft from it."
            )
        places = Places()
        reason = "Evidence recorded on publishing"
        rows = PriorityEvidence.objects.filter(priority__version=found).select_related(
            "indicator", "area"
        )
        for row in rows:
            reading = current_reading(row.indicator, row.area, places)
            row.period = (reading.period or "") if reading.has_value else ""
            row.value = reading.value
            row.status = reading.status if reading.has_value else ""
            row.release = reading.release if reading.has_value else None
            row.similar_value = reading.similar if reading.has_value else None
            _by(row, user, reason).save()
        if not for_consultation:
            earlier = Version.objects.filter(
                strategy_id=found.strategy_id,
                status__in=[VersionStatus.PUBLISHED, VersionStatus.CONSULTATION],
            ).exclude(pk=found.pk)
            for old in earlier.select_for_update():
                old.status = VersionStatus.SUPERSEDED
                _by(old, user, f"Superseded by version {found.number}").save()
        found.status = VersionStatus.CONSULTATION if for_consultation else VersionStatus.PUBLISHED
        found.published_at = timezone.now()
        found.published_on = on or today
        found.published_by = user
        found.consultation_closes = closes if for_consultation else None
        _by(found, user, "Published for consultation" if for_consultation else "Published").save()
    version.refresh_from_db()
    return found


def new_draft(version: Version, user: Any) -> Version:
    """A new draft copied from ``version`` (any status): every priority with its themes and
    places, evidence lines (without the evidence recorded at publication), sector strengths,
    actions with their projects and candidates, and KPIs. It takes the number after the
    strategy's newest version and is based on ``version``."""
    reason = f"Drafted from version {version.number}"
    with transaction.atomic():
        newest = Version.objects.filter(strategy_id=version.strategy_id).aggregate(Max("number"))
        draft = Version(
            strategy_id=version.strategy_id,
            number=(newest["number__max"] or 0) + 1,
            status=VersionStatus.DRAFT,
            title=version.title,
            document_id=version.document_id,
            vision=version.vision,
            objective=version.objective,
            aim_productivity=version.aim_productivity,
            aim_inclusive=version.aim_inclusive,
            summary=version.summary,
            sources_note=version.sources_note,
            source_url=version.source_url,
            based_on=version,
        )
        _by(draft, user, reason).save()
        priorities = version.priorities.prefetch_related(
            "themes",
            "places",
            "evidence",
            "sectors",
            "actions__projects",
            "actions__candidates",
            "kpis",
        )
        for old in priorities:
            _copy_priority(old, draft, user, reason)
    return draft


def _copy_priority(old: Priority, draft: Version, user: Any, reason: str) -> Priority:
    priority = Priority(
        version=draft,
        code=old.code,
        position=old.position,
        title=old.title,
        rationale=old.rationale,
        framework_theme_id=old.framework_theme_id,
        source_url=old.source_url,
    )
    _by(priority, user, reason).save()
    priority.themes.set(old.themes.all())
    priority.places.set(old.places.all())
    for line in old.evidence.all():
        evidence = PriorityEvidence(
            priority=priority,
            indicator_id=line.indicator_id,
            area_id=line.area_id,
            note=line.note,
            position=line.position,
        )
        _by(evidence, user, reason).save()
    for sector in old.sectors.all():
        copied = PrioritySector(priority=priority, industry_id=sector.industry_id, note=sector.note)
        _by(copied, user, reason).save()
    for one in old.actions.all():
        action = Action(
            priority=priority,
            position=one.position,
            title=one.title,
            owner=one.owner,
            timescale=one.timescale,
            cost=one.cost,
            funding_source=one.funding_source,
        )
        _by(action, user, reason).save()
        action.projects.set(one.projects.all())
        action.candidates.set(one.candidates.all())
    for kpi in old.kpis.all():
        copied_kpi = Kpi(
            priority=priority,
            indicator_id=kpi.indicator_id,
            area_id=kpi.area_id,
            baseline=kpi.baseline,
            baseline_period=kpi.baseline_period,
            target=kpi.target,
            target_date=kpi.target_date,
            target_note=kpi.target_note,
        )
        _by(copied_kpi, user, reason).save()
    return priority


# Comparing --------------------------------------------------------------------------------------


class NotOneStrategy(Exception):
    """The two versions are not versions of one strategy."""


VERSION_FIELDS = (
    ("title", "Title"),
    ("document", "Framework document"),
    ("vision", "Vision"),
    ("objective", "Overarching objective"),
    ("aim_productivity", "Core aim: productivity"),
    ("aim_inclusive", "Core aim: inclusive growth"),
    ("summary", "Summary"),
    ("sources_note", "Where the sources stop"),
    ("source_url", "Source"),
)


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    return value


def version_fields(version: Version) -> dict[str, Any]:
    return {label: _text(getattr(version, name)) for name, label in VERSION_FIELDS}


def _evidence_record(row: PriorityEvidence) -> diff.Record:
    return diff.Record(
        (row.indicator.code, row.area.code),
        f"{row.indicator.title} for {row.area.name}",
        {"Why it matters": row.note},
    )


def _sector_record(row: PrioritySector) -> diff.Record:
    return diff.Record(
        (row.industry.classification, row.industry.code),
        str(row.industry),
        {"Why it matters": row.note},
    )


def _action_record(row: Action) -> diff.Record:
    return diff.Record(
        (row.title,),
        row.title,
        {
            "Owner": row.owner,
            "Timescale": row.timescale,
            "Cost": row.cost,
            "Funding source": row.funding_source,
            "Projects": tuple(
                f"{project.reference} {project.title}"
                for project in sorted(row.projects.all(), key=lambda p: p.reference)
            ),
            "Funding candidates": tuple(
                f"{candidate.reference} {candidate.title}"
                for candidate in sorted(row.candidates.all(), key=lambda c: c.reference)
            ),
        },
    )


def _kpi_record(row: Kpi) -> diff.Record:
    return diff.Record(
        (row.indicator.code, row.area.code),
        f"{row.indicator.title} for {row.area.name}",
        {
            "Baseline": row.baseline,
            "Baseline period": row.baseline_period,
            "Target": row.target,
            "Target date": row.target_date,
            "Target in words": row.target_note,
        },
    )


def priority_record(priority: Priority) -> diff.PriorityRecord:
    return diff.PriorityRecord(
        priority.code,
        priority.title,
        {
            "Title": priority.title,
            "Position": priority.position,
            "Rationale": priority.rationale,
            "Framework priority": _text(priority.framework_theme),
            "Foundations and Grand Challenges served": tuple(
                theme.title for theme in sorted(priority.themes.all(), key=lambda t: t.code)
            ),
            "Places targeted": tuple(
                area.name for area in sorted(priority.places.all(), key=lambda a: a.code)
            ),
            "Source": priority.source_url,
        },
        {
            "Evidence": [_evidence_record(row) for row in priority.evidence.all()],
            "Sector strengths": [_sector_record(row) for row in priority.sectors.all()],
            "Actions": [_action_record(row) for row in priority.actions.all()],
            "KPIs": [_kpi_record(row) for row in priority.kpis.all()],
        },
    )


def _priorities(version: Version) -> list[Priority]:
    return list(
        version.priorities.select_related("framework_theme").prefetch_related(
            "themes",
            "places",
            "evidence__indicator",
            "evidence__area",
            "sectors__industry",
            "actions__projects",
            "actions__candidates",
            "kpis__indicator",
            "kpis__area",
        )
    )


@dataclass(frozen=True)
class VersionComparison:
    first: Version
    second: Version
    fields: tuple[diff.FieldChange, ...]
    priorities: tuple[diff.PriorityDiff, ...]

    @property
    def counts(self) -> diff.Counts:
        return diff.count(self.priorities)

    @property
    def changed_fields(self) -> tuple[diff.FieldChange, ...]:
        return tuple(one for one in self.fields if one.changed)

    @property
    def any_difference(self) -> bool:
        return bool(self.changed_fields) or self.counts.any_difference


def compare(first: Version, second: Version) -> VersionComparison:
    """Two versions of one strategy side by side: the version's own fields, and every
    priority matched by code, added, removed, changed or unchanged, with its evidence, sector
    strengths, actions and KPIs (``domain.strategy_versions``). Raises ``NotOneStrategy``."""
    if first.strategy_id != second.strategy_id:
        raise NotOneStrategy("Choose two versions of the same strategy.")
    before = [priority_record(one) for one in _priorities(first)]
    after = [priority_record(one) for one in _priorities(second)]
    return VersionComparison(
        first,
        second,
        diff.compare_fields(version_fields(first), version_fields(second)),
        diff.compare_priorities(before, after),
    )
