"""Bulk writes: rows as the ORM would store them, history rows as simple-history would write them.

Each history record written in SQL is compared, field by field, with the one django-simple-history
writes for the same row saved, updated or deleted through the ORM.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from localgrowth.core.bulk import (
    copy_to_history,
    delete_with_history,
    insert_rows,
    param_limit,
    pks_by,
    update_rows,
)
from localgrowth.projects.importers import import_projects
from localgrowth.projects.models import (
    Fund,
    OutputLine,
    Project,
    ProjectArea,
    ProjectSource,
)

pytestmark = pytest.mark.django_db

IGNORED = {"history_id", "history_date"}
"""Set by the database and the clock: compared separately."""

HEADER = ["reference", "title", "fund", "programme", "status", "category", "start", "end"]
HEADER += ["areas", "grant", "total_cost", "sources", "latitude", "longitude"]
PARKWAY = ["B-001", "Parkway", "lgf", "selep-growth-deal", "completed", "transport", "2019"]
PARKWAY += ["31/03/2023", "E07000114", "£14,000,000", "34,500,000.00"]
PARKWAY += ["https://example.org/a; https://example.org/b", "51.3439", "1.3897"]
MOVEMENT = ["B-002", "Movement", "gbf", "", "in_delivery", "skills", "2015-04-01", "2021-03"]
MOVEMENT += ["E07000062=0.25; E07000064=0.75", "9000000", "", "", "", ""]
ROWS = [PARKWAY, MOVEMENT]
OUTPUTS = [
    ["reference", "output_type", "period", "basis", "value", "note"],
    ["B-001", "jobs", "", "forecast", "1,300", "Direct jobs"],
    ["B-001", "homes", "2020/21", "actual", "25", ""],
]


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def record(historical) -> dict:
    return {
        field.attname: getattr(historical, field.attname)
        for field in type(historical)._meta.concrete_fields
        if field.attname not in IGNORED
    }


def assert_same_history(ours, theirs) -> None:
    assert record(ours) == record(theirs)
    assert timezone.is_aware(ours.history_date)
    assert abs(ours.history_date - theirs.history_date) < datetime.timedelta(minutes=5)


def latest(model, pk):
    return model.history.filter(id=pk).order_by("-history_id").first()


def saved_normally(instance, user):
    """Remove the row without trace, then create it again with save(): simple-history's '+'."""
    model = type(instance)
    values = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
    model.objects.filter(pk=instance.pk)._raw_delete(connection.alias)
    again = model(**values)
    again._history_user = user
    again.save(force_insert=True)
    return latest(model, instance.pk)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create(username="importer")


@pytest.fixture
def imported(tmp_path, user):
    write_csv(tmp_path / "outputs.csv", OUTPUTS)
    import_projects(write_csv(tmp_path / "projects.csv", [HEADER, *ROWS]), user=user)
    import_projects(tmp_path / "outputs.csv", user=user, sheet="Outputs")
    return Project.objects.order_by("reference")


@pytest.mark.parametrize("reference", ["B-001", "B-002"])
def test_an_imported_project_has_the_history_row_a_normal_save_writes(imported, user, reference):
    project = imported.get(reference=reference)
    ours = project.history.get()
    assert (ours.history_type, ours.history_user_id, ours.history_change_reason) == (
        "+",
        user.pk,
        None,
    )

    assert_same_history(ours, saved_normally(project, user))


def test_imported_child_rows_have_the_history_rows_a_normal_save_writes(imported, user):
    project = imported.get(reference="B-002")
    children = [*project.area_shares.all(), *imported.get(reference="B-001").sources.all()]
    children += list(OutputLine.objects.all())
    assert len(children) == 6
    for child in children:
        ours = child.history.get()
        assert_same_history(ours, saved_normally(child, user))


def test_imported_project_history_equals_bulk_create_with_history(imported, user):
    project = imported.get(reference="B-001")
    ours = project.history.get()
    values = {f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields}
    Project.objects.filter(pk=project.pk)._raw_delete(connection.alias)

    bulk_create_with_history([Project(**values)], Project, default_user=user)

    assert_same_history(ours, latest(Project, project.pk))


def test_an_update_and_a_replaced_line_have_the_history_the_orm_writes(tmp_path, imported, user):
    changed = [row[:] for row in ROWS]
    changed[0][1] = "Parkway station"
    import_projects(write_csv(tmp_path / "v2.csv", [HEADER, *changed]), user=user)
    old_lines = {line.pk: line for line in OutputLine.objects.all()}
    outputs = [OUTPUTS[0], ["B-001", "jobs", "2021/22", "actual", "40", ""]]
    import_projects(write_csv(tmp_path / "o2.csv", outputs), user=user, sheet="Outputs")

    project = imported.get(reference="B-001")
    ours = latest(Project, project.pk)
    assert (ours.history_type, ours.title) == ("~", "Parkway station")
    project._history_user = user
    project.save()
    assert_same_history(ours, latest(Project, project.pk))

    assert set(OutputLine.objects.values_list("pk", flat=True)).isdisjoint(old_lines)
    for pk, line in old_lines.items():
        removed = latest(OutputLine, pk)
        assert removed.history_type == "-"
        line._history_user = user
        line.save()  # back, to be deleted by the ORM
        line.delete()
        assert_same_history(removed, latest(OutputLine, pk))


def new_projects(count: int, prefix: str = "N") -> list[tuple]:
    fund = Fund.objects.get(code="lgf").pk
    return [
        (f"{prefix}-{number:05d}", f"Project {number}", fund, "pipeline", "skills")
        for number in range(count)
    ]


FIELDS = ["reference", "title", "fund_id", "status", "category"]


def test_insert_rows_gives_unnamed_columns_the_model_defaults():
    insert_rows(Project, FIELDS, new_projects(1))

    stored = Project.objects.get(reference="N-00000")
    fresh = Project(**dict(zip(FIELDS, new_projects(1)[0], strict=True)))
    for field in Project._meta.concrete_fields:
        if not field.primary_key:
            assert getattr(stored, field.attname) == getattr(fresh, field.attname), field.name


def test_insert_rows_prepares_dates_and_decimals():
    fields = [*FIELDS, "start_date", "grant", "latitude"]
    row = (*new_projects(1)[0], datetime.date(2019, 4, 1), Decimal("1250000.50"), Decimal("51.5"))
    assert insert_rows(Project, fields, [row]) == 1
    stored = Project.objects.get(reference="N-00000")
    assert stored.start_date == datetime.date(2019, 4, 1)
    assert stored.grant == Decimal("1250000.50")
    assert stored.latitude == Decimal("51.5")


def test_more_keys_than_one_query_may_bind_are_chunked(user):
    count = param_limit() + 20
    insert_rows(Project, FIELDS, new_projects(count))
    keys = pks_by(Project, "reference", [row[0] for row in new_projects(count)])
    assert len(keys) == count

    assert copy_to_history(Project, "pk", list(keys.values()), "+", user) == count
    assert Project.history.filter(history_type="+", history_user=user).count() == count


def test_update_rows_sets_only_the_named_fields():
    insert_rows(Project, FIELDS, new_projects(2))
    keys = pks_by(Project, "reference", ["N-00000", "N-00001"])
    update_rows(
        Project, ["title", "end_date"], [(keys["N-00001"], "Renamed", datetime.date(2024, 3, 31))]
    )
    assert Project.objects.get(reference="N-00000").title == "Project 0"
    renamed = Project.objects.get(reference="N-00001")
    assert (renamed.title, renamed.end_date) == ("Renamed", datetime.date(2024, 3, 31))


def test_without_a_user_history_records_the_requests_user_except_on_delete(user):
    insert_rows(Project, FIELDS, new_projects(1))
    pk = Project.objects.get().pk
    insert_rows(ProjectSource, ["project_id", "url", "position"], [(pk, "https://e.org", 0)])
    request = SimpleNamespace(user=user)
    HistoricalRecords.context.request = request
    try:
        copy_to_history(Project, "pk", [pk], "+")
        delete_with_history(ProjectSource, "project_id", [pk])
    finally:
        del HistoricalRecords.context.request
    assert latest(Project, pk).history_user == user
    assert ProjectSource.history.get().history_user is None
    assert not ProjectSource.objects.exists()


def test_history_can_be_switched_off(settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    insert_rows(Project, FIELDS, new_projects(1))
    assert copy_to_history(Project, "reference", ["N-00000"], "+") == 0
    assert not Project.history.exists()


def test_rows_other_rows_refer_to_are_not_deleted_in_bulk():
    with pytest.raises(ValueError, match="referred to"):
        delete_with_history(Project, "reference", ["N-00000"])
    assert ProjectArea.objects.count() == 0


def test_reimporting_some_projects_compares_only_their_lines(tmp_path, user):
    rows = [[f"S-{number}", *PARKWAY[1:]] for number in range(1, 6)]
    import_projects(write_csv(tmp_path / "all.csv", [HEADER, *rows]), user=user)
    some = [rows[0], [*rows[4][:1], "Renamed", *rows[4][2:]]]
    some[0][8] = "E07000062"

    report = import_projects(write_csv(tmp_path / "some.csv", [HEADER, *some]), user=user)

    assert report.summary() == "0 created, 2 updated, 0 unchanged"
    areas = ProjectArea.objects.order_by("project__reference")
    assert [area.area.code for area in areas] == ["E07000062", *["E07000114"] * 4]
    assert ProjectArea.history.filter(history_type="-").count() == 1
    assert Project.history.filter(history_type="~").get().title == "Renamed"


def test_one_import_is_one_moment_in_every_records_history(tmp_path, user, monkeypatch):
    """However slowly an import runs, the history it writes carries one date, so a project's
    lines are its first state, never a change after it."""
    import itertools

    from localgrowth.core import bulk

    ticks = itertools.count()
    start = timezone.now()
    monkeypatch.setattr(
        bulk.timezone, "now", lambda: start + datetime.timedelta(seconds=10 * next(ticks))
    )
    import_projects(write_csv(tmp_path / "projects.csv", [HEADER, *ROWS]), user=user)
    dates = {row.history_date for row in Project.history.all()}
    dates |= {row.history_date for row in ProjectArea.history.all()}
    dates |= {row.history_date for row in ProjectSource.history.all()}
    assert len(dates) == 1
    with bulk.one_moment() as moment:
        assert bulk._MOMENT.get() == moment
    assert bulk._MOMENT.get() is None
