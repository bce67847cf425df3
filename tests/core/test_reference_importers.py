"""The areas and framework importers follow the same rules as the project importer."""

from pathlib import Path

import pytest

from localgrowth.core.importing import ImportFailed
from localgrowth.framework.importers import import_framework
from localgrowth.framework.models import Document, Theme
from localgrowth.places.importers import import_areas
from localgrowth.places.models import Area

pytestmark = pytest.mark.django_db


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_areas_import_creates_then_changes_nothing(tmp_path):
    path = write(
        tmp_path / "areas.csv",
        "code,name,type,valid_from,parents\n"
        "X-NORTH,North Kent growth corridor,federated_area,01/04/2020,E10000016\n",
    )
    assert import_areas(path).summary() == "1 created, 0 updated, 0 unchanged"
    assert import_areas(path).summary() == "0 created, 0 updated, 1 unchanged"
    area = Area.objects.get(code="X-NORTH")
    assert area.valid_from.isoformat() == "2020-04-01"
    assert [parent.code for parent in area.parents.all()] == ["E10000016"]


def test_areas_import_reports_every_fault_and_stores_nothing(tmp_path):
    path = write(
        tmp_path / "areas.csv",
        "code,name,type,valid_from,parents\n"
        "X-ONE,One,federated_area,31/02/2020,\n"
        "X-TWO,Two,planet,,\n"
        "X-THREE,Three,district,,E99999999\n",
    )
    with pytest.raises(ImportFailed) as caught:
        import_areas(path)
    places = {(fault.row, fault.column) for fault in caught.value.faults}
    assert places >= {(2, "valid_from"), (3, "type")}
    assert not Area.objects.filter(code__startswith="X-").exists()

    fixed = write(
        tmp_path / "areas2.csv",
        "code,name,type,valid_from,parents\nX-THREE,Three,district,,E99999999\n",
    )
    with pytest.raises(ImportFailed) as caught:
        import_areas(fixed)
    assert [(f.row, f.column, f.value) for f in caught.value.faults] == [
        (2, "parents", "E99999999")
    ]
    assert not Area.objects.filter(code__startswith="X-").exists()


def test_framework_import_updates_a_changed_theme_with_history(tmp_path):
    header = "code,kind,title,description,position,document,source_url\n"
    row = "lis-2019-coastal,priority,Coastal Catalyst,{text},3,lis-2019,\n"
    versions_before = Theme.objects.get(code="lis-2019-coastal").history.count()
    path = write(tmp_path / "themes.csv", header + row.format(text="Coastal and rural economies."))
    report = import_framework(path, sheet="Themes")
    assert report.updated == ["lis-2019-coastal"]
    theme = Theme.objects.get(code="lis-2019-coastal")
    assert theme.description == "Coastal and rural economies."
    assert theme.history.count() == versions_before + 1


def test_framework_import_refuses_an_unknown_document(tmp_path):
    path = write(
        tmp_path / "themes.csv",
        "code,kind,title,document\nnew-theme,priority,New,no-such-document\n",
    )
    with pytest.raises(ImportFailed) as caught:
        import_framework(path, sheet="Themes")
    (fault,) = caught.value.faults
    assert (fault.row, fault.column, fault.value) == (2, "document", "no-such-document")
    assert not Theme.objects.filter(code="new-theme").exists()
    assert Document.objects.count() == 5


def test_csv_sheet_must_be_one_of_the_template(tmp_path):
    path = write(tmp_path / "themes.csv", "code\nx\n")
    with pytest.raises(ImportFailed) as caught:
        import_framework(path, sheet="Chapters")
    assert "'Documents', 'Themes'" in caught.value.faults[0].message
