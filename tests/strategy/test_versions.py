"""Versions of a strategy: publishing records the evidence and freezes the version (the guard
refuses every change to it, from any side, outside ``publish``); a new draft copies every row
and can be edited without touching the published version; two versions compared mark what was
added, removed and changed; the admin shows a frozen version read-only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from localgrowth.domain import strategy_versions as diff
from localgrowth.framework.models import Theme
from localgrowth.strategy.evidence import current_reading
from localgrowth.strategy.models import (
    Action,
    Kpi,
    Priority,
    PriorityEvidence,
    PrioritySector,
    Version,
    VersionStatus,
)
from localgrowth.strategy.versions import (
    FrozenVersionError,
    NotOneStrategy,
    PublishRefused,
    compare,
    new_draft,
    publish,
)
from staff.conftest import make_user

from . import (
    MEDWAY,
    OTHER_PROJECT,
    PROJECT,
    area,
    make_draft,
    make_strategy,
    project,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(db):
    return make_user("approver", "approver")


def rows_of(version: Version) -> dict[str, list]:
    """Everything a version holds, as plain values."""
    priorities = Priority.objects.filter(version=version)
    return {
        "version": list(
            Version.objects.filter(pk=version.pk).values_list(
                "status", "title", "vision", "published_on", "published_by"
            )
        ),
        "priorities": list(
            priorities.order_by("code").values_list("code", "title", "position", "rationale")
        ),
        "themes": sorted(priorities.values_list("code", "themes__code")),
        "places": sorted(priorities.values_list("code", "places__code")),
        "evidence": sorted(
            PriorityEvidence.objects.filter(priority__version=version).values_list(
                "priority__code", "indicator__code", "note", "period", "value", "status", "release"
            )
        ),
        "sectors": sorted(
            PrioritySector.objects.filter(priority__version=version).values_list(
                "priority__code", "industry_id", "note"
            )
        ),
        "actions": sorted(
            Action.objects.filter(priority__version=version).values_list(
                "priority__code", "title", "owner", "cost", "projects__reference"
            )
        ),
        "kpis": sorted(
            Kpi.objects.filter(priority__version=version).values_list(
                "priority__code", "indicator__code", "baseline", "target", "target_note"
            ),
            key=repr,
        ),
    }


# Publishing -------------------------------------------------------------------------------------


def test_publishing_records_the_evidence_as_it_stands_and_who_published(approver):
    version = make_draft()
    publish(version, approver)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.frozen
    assert version.published_by == approver
    assert version.published_on == timezone.localdate()
    assert version.published_at is not None
    line = PriorityEvidence.objects.get(priority__code="productivity", priority__version=version)
    reading = current_reading(line.indicator, line.area)
    assert (line.period, line.value, line.status, line.release) == (
        reading.period,
        reading.value,
        reading.status,
        reading.release,
    )
    assert (line.period, line.value, line.status) == ("2022", 28.4, "red")
    assert line.release.source == "productivity"
    latest = version.history.latest()
    assert (latest.history_user, latest.status) == (approver, VersionStatus.PUBLISHED)
    assert latest.history_change_reason == "Published"
    assert line.history.latest().history_user == approver


def test_a_draft_has_no_evidence_recorded():
    version = make_draft()
    assert not PriorityEvidence.objects.filter(priority__version=version, release__isnull=False)
    assert set(
        PriorityEvidence.objects.filter(priority__version=version).values_list("period", flat=True)
    ) == {""}


def test_publishing_supersedes_the_version_published_before_but_a_consultation_does_not(
    approver,
):
    strategy = make_strategy()
    first = make_draft(strategy, 1)
    publish(first, approver)
    second = new_draft(first, approver)
    closes = timezone.localdate() + timedelta(days=30)
    publish(second, approver, for_consultation=True, closes=closes)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED
    assert (second.status, second.consultation_closes) == (VersionStatus.CONSULTATION, closes)
    third = new_draft(second, approver)
    publish(third, approver)
    statuses = dict(strategy.versions.values_list("number", "status"))
    assert statuses == {
        1: VersionStatus.SUPERSEDED,
        2: VersionStatus.SUPERSEDED,
        3: VersionStatus.PUBLISHED,
    }
    assert first.history.latest().history_change_reason == "Superseded by version 3"


def test_only_a_draft_is_published(approver):
    version = make_draft()
    publish(version, approver)
    before = rows_of(version)
    with pytest.raises(PublishRefused, match="only a draft can be published"):
        publish(version, approver)
    assert rows_of(version) == before


def test_publishing_refuses_a_closing_date_in_the_past_or_without_a_consultation(approver):
    version = make_draft()
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(PublishRefused, match="today or later"):
        publish(version, approver, for_consultation=True, closes=yesterday)
    with pytest.raises(PublishRefused, match="Only a version published for consultation"):
        publish(version, approver, closes=timezone.localdate())
    with pytest.raises(PublishRefused, match="still to come"):
        publish(version, approver, on=timezone.localdate() + timedelta(days=1))
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_a_version_published_before_keeps_its_day(approver):
    version = make_draft()
    publish(version, approver, on=date(2019, 11, 29))
    version.refresh_from_db()
    assert version.published_on == date(2019, 11, 29)


# The guard --------------------------------------------------------------------------------------


@pytest.fixture
def published(approver):
    version = make_draft()
    publish(version, approver)
    return version


def test_editing_a_published_priority_is_refused_and_nothing_changes(published):
    before = rows_of(published)
    priority = Priority.objects.get(version=published, code="productivity")
    priority.title = "Something else"
    with pytest.raises(FrozenVersionError, match="published, and a version that is not a draft"):
        priority.save()
    assert rows_of(published) == before
    assert Priority.objects.get(pk=priority.pk).title == "Raise productivity"


@pytest.mark.parametrize(
    "change",
    [
        "version",
        "evidence",
        "sector",
        "action",
        "kpi",
        "new priority",
        "delete priority",
        "delete evidence",
        "delete version",
        "theme added",
        "places cleared",
        "project added to action",
        "action added to project",
        "project deleted",
        "status by hand",
        "move priority to a draft",
    ],
)
def test_every_change_to_a_frozen_version_is_refused(published, change):
    before = rows_of(published)
    priority = Priority.objects.get(version=published, code="productivity")
    action = Action.objects.get(priority=priority)
    evidence = PriorityEvidence.objects.get(priority=priority)

    def attempt() -> None:
        if change == "version":
            published.vision = "Another vision"
            published.save()
        elif change == "evidence":
            evidence.value = 99.0
            evidence.save()
        elif change == "sector":
            sector = PrioritySector.objects.get(priority=priority)
            sector.note = "Changed"
            sector.save()
        elif change == "action":
            action.owner = "Someone else"
            action.save()
        elif change == "kpi":
            kpi = Kpi.objects.filter(priority=priority).first()
            kpi.target = 40.0
            kpi.save()
        elif change == "new priority":
            Priority.objects.create(version=published, code="new", title="New")
        elif change == "delete priority":
            priority.delete()
        elif change == "delete evidence":
            evidence.delete()
        elif change == "delete version":
            published.delete()
        elif change == "theme added":
            priority.themes.add(Theme.objects.get(code="challenge-clean-growth"))
        elif change == "places cleared":
            priority.places.clear()
        elif change == "project added to action":
            action.projects.add(project(OTHER_PROJECT))
        elif change == "action added to project":
            project(OTHER_PROJECT).strategy_actions.add(action)
        elif change == "project deleted":
            action.projects.first().delete()
        elif change == "status by hand":
            Version.objects.filter(pk=published.pk).first().save()
        elif change == "move priority to a draft":
            draft = make_draft(published.strategy, 2)
            priority.version = draft
            priority.save()

    with pytest.raises(FrozenVersionError), transaction.atomic():
        attempt()
    assert rows_of(published) == before


def test_a_draft_cannot_be_made_published_by_hand():
    version = make_draft()
    version.status = VersionStatus.PUBLISHED
    with pytest.raises(FrozenVersionError, match="only by publishing a draft"):
        version.save()
    assert Version.objects.get(pk=version.pk).status == VersionStatus.DRAFT


def test_a_draft_changes_freely():
    version = make_draft()
    priority = Priority.objects.get(version=version, code="skills")
    priority.title = "Skills"
    priority.save()
    priority.places.add(area(MEDWAY))
    project(OTHER_PROJECT).strategy_actions.add(Action.objects.get(priority__version=version))
    priority.delete()
    assert list(version.priorities.values_list("code", flat=True)) == ["productivity"]
    version.delete()
    assert not Version.objects.filter(pk=version.pk).exists()


# New drafts -------------------------------------------------------------------------------------


def test_a_new_draft_copies_every_row_and_can_be_edited(published, approver, small_call):
    candidate = small_call.candidates.get(reference="A")
    Priority.objects.filter(version=published)  # the published version as it is
    before = rows_of(published)
    draft = new_draft(published, approver)
    assert (draft.number, draft.status, draft.based_on) == (2, VersionStatus.DRAFT, published)
    copied, original = rows_of(draft), rows_of(published)
    for kind in ("priorities", "themes", "places", "sectors", "actions", "kpis"):
        assert copied[kind] == original[kind], kind
    # Evidence lines are copied without the evidence recorded at publication.
    assert [row[:3] for row in copied["evidence"]] == [row[:3] for row in original["evidence"]]
    assert {row[3:] for row in copied["evidence"]} == {("", None, "", None)}
    assert draft.history.latest().history_user == approver

    priority = Priority.objects.get(version=draft, code="productivity")
    priority.title = "Raise productivity and pay"
    priority.save()
    priority.places.add(area(MEDWAY))
    action = Action.objects.get(priority=priority)
    action.owner = "Medway Council"
    action.save()
    action.candidates.add(candidate)
    PriorityEvidence.objects.filter(priority=priority).first().delete()
    Priority.objects.get(version=draft, code="skills").delete()
    assert rows_of(published) == before


def test_a_new_draft_copies_candidates(approver, small_call):
    candidate = small_call.candidates.get(reference="B")
    version = make_draft(candidate=candidate)
    publish(version, approver)
    draft = new_draft(version, approver)
    action = Action.objects.get(priority__version=draft)
    assert list(action.candidates.all()) == [candidate]
    assert list(action.projects.values_list("reference", flat=True)) == [PROJECT]


def test_a_new_draft_is_numbered_after_the_newest_version(published, approver):
    second = new_draft(published, approver)
    third = new_draft(published, approver)
    assert (second.number, third.number) == (2, 3)
    assert third.based_on == published


# Comparing --------------------------------------------------------------------------------------


def test_compare_marks_added_removed_and_changed(published, approver):
    draft = new_draft(published, approver)
    draft.vision = "A productive, inclusive coast."
    draft.save()
    productivity = Priority.objects.get(version=draft, code="productivity")
    productivity.title = "Raise productivity and pay"
    productivity.save()
    productivity.places.add(area(MEDWAY))
    action = Action.objects.get(priority=productivity)
    action.owner = "Medway Council"
    action.save()
    Action.objects.create(priority=productivity, position=2, title="Fund a skills bootcamp")
    Kpi.objects.filter(priority=productivity, baseline__isnull=True).delete()
    Priority.objects.get(version=draft, code="skills").delete()
    Priority.objects.create(version=draft, code="housing", position=3, title="Homes")

    comparison = compare(published, draft)
    fields = {change.label: change for change in comparison.changed_fields}
    assert set(fields) == {"Vision"}
    assert (fields["Vision"].before, fields["Vision"].after) == (
        "A productive coast.",
        "A productive, inclusive coast.",
    )
    by_code = {priority.code: priority for priority in comparison.priorities}
    assert [p.code for p in comparison.priorities] == ["productivity", "skills", "housing"]
    assert by_code["skills"].status == diff.REMOVED
    assert by_code["housing"].status == diff.ADDED
    changed = by_code["productivity"]
    assert changed.status == diff.CHANGED
    changes = {change.label: change for change in changed.changes}
    assert set(changes) == {"Title", "Places targeted"}
    assert (changes["Title"].before, changes["Title"].after) == (
        "Raise productivity",
        "Raise productivity and pay",
    )
    assert changes["Places targeted"].added == ("Medway",)
    assert changes["Places targeted"].removed == ()
    groups = {group.kind: group for group in changed.children}
    actions = {row.label: row for row in groups["Actions"].rows}
    assert actions["Open an innovation centre"].status == diff.CHANGED
    assert [(c.label, c.before, c.after) for c in actions["Open an innovation centre"].changes] == [
        ("Owner", "Kent County Council", "Medway Council")
    ]
    assert actions["Fund a skills bootcamp"].status == diff.ADDED
    assert [row.status for row in groups["KPIs"].rows] == [diff.UNCHANGED, diff.REMOVED]
    assert not groups["Evidence"].any_difference
    assert (comparison.counts.added, comparison.counts.removed, comparison.counts.changed) == (
        1,
        1,
        1,
    )


def test_a_version_compared_with_its_copy_has_no_differences(published, approver):
    draft = new_draft(published, approver)
    comparison = compare(published, draft)
    assert not comparison.any_difference
    assert {p.status for p in comparison.priorities} == {diff.UNCHANGED}


def test_versions_of_two_strategies_are_not_compared(published):
    other = make_draft(make_strategy("other", "Other strategy"))
    with pytest.raises(NotOneStrategy):
        compare(published, other)


def test_pure_matching_by_key_and_occurrence():
    before = [
        diff.Record(("gva", "E1"), "GVA", {"Note": "a"}),
        diff.Record(("Jobs ", "E1"), "Jobs", {"Note": "b"}),
        diff.Record(("gva", "E1"), "GVA again", {"Note": "c"}),
    ]
    after = [
        diff.Record(("GVA", "e1"), "GVA", {"Note": "a"}),
        diff.Record(("pay", "E1"), "Pay", {"Note": "d"}),
    ]
    rows = diff.compare_records(before, after)
    assert [(row.label, row.status) for row in rows] == [
        ("GVA", diff.UNCHANGED),
        ("Jobs", diff.REMOVED),
        ("GVA again", diff.REMOVED),
        ("Pay", diff.ADDED),
    ]
    sets = diff.FieldChange("Places", ("A", "B"), ("B", "C"))
    assert (sets.changed, sets.added, sets.removed) == (True, ("C",), ("A",))
    assert not diff.FieldChange("Places", ("A", "B"), ("B", "A")).changed


# The admin --------------------------------------------------------------------------------------


def test_the_admin_shows_a_frozen_version_read_only(published, client):
    editor = make_user("editor", "editor")
    client.force_login(editor)
    priority = Priority.objects.get(version=published, code="productivity")
    for url in (
        f"/admin/strategy/version/{published.pk}/change/",
        f"/admin/strategy/priority/{priority.pk}/change/",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert b'name="_save"' not in page.content
        assert client.post(url, {"title": "Changed"}).status_code == 403
    assert client.get(f"/admin/strategy/version/{published.pk}/delete/").status_code == 403
    assert Priority.objects.get(pk=priority.pk).title == "Raise productivity"


def test_the_admin_lets_an_editor_change_a_draft_and_a_viewer_only_read(client):
    version = make_draft()
    priority = Priority.objects.get(version=version, code="productivity")
    url = f"/admin/strategy/priority/{priority.pk}/change/"
    client.force_login(make_user("editor", "editor"))
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' in page.content
    assert b'name="evidence-0-period"' not in page.content  # recorded at publication only
    for kind in ("strategy", "version", "priority"):
        assert client.get(f"/admin/strategy/{kind}/add/").status_code == 200
    assert client.get(f"/admin/strategy/version/{version.pk}/change/").status_code == 200
    client.force_login(make_user("viewer", "viewer"))
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get("/admin/strategy/comment/add/").status_code == 403
