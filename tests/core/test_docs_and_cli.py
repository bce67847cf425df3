"""The documented templates match what the importers accept; the CLI reports faults."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from localgrowth.core.importing import IMPORTERS, templated_importers
from localgrowth.core.templates import data_formats_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def test_docs_data_formats_is_generated_from_the_importers():
    assert DOCS.read_text() == data_formats_markdown(templated_importers().values()), (
        "docs/data-formats.md is out of date: run "
        "`localgrowth template --markdown > docs/data-formats.md`"
    )


@pytest.mark.django_db
def test_blank_template_has_every_sheet_and_column(tmp_path):
    path = tmp_path / "projects.xlsx"
    call_command("template", "projects", str(path), stdout=StringIO())
    workbook = load_workbook(path)
    for spec in IMPORTERS["projects"].sheets:
        header = [cell.value for cell in workbook[spec.name][1]]
        assert header == [column.name for column in spec.columns]


@pytest.mark.django_db
def test_blank_template_imports_as_an_empty_file(tmp_path):
    path = tmp_path / "projects.xlsx"
    call_command("template", "projects", str(path), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("import_data", "projects", str(path), stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_import_command_lists_every_fault_and_stores_nothing(tmp_path):
    from localgrowth.projects.models import Project

    path = tmp_path / "bad.csv"
    path.write_text(
        "reference,title,fund,status,category,areas,grant\n"
        "A-1,One,lgf,completed,transport,E07000114,lots\n"
        "A-2,Two,lgf,completed,transport,E07000000,1000\n",
        encoding="utf-8",
    )
    errors = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_data", "projects", str(path), stdout=StringIO(), stderr=errors)
    assert "row 2, column 'grant'" in errors.getvalue()
    assert "row 3, column 'areas'" in errors.getvalue()
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_import_command_reports_counts_and_dry_run(tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(
        "reference,title,fund,status,category,areas\nA-1,One,lgf,completed,transport,E07000114\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_data", "projects", str(path), "--dry-run", stdout=out, stderr=StringIO())
    assert "Dry run, nothing stored: 1 created, 0 updated, 0 unchanged" in out.getvalue()
    out = StringIO()
    call_command("import_data", "projects", str(path), stdout=out, stderr=StringIO())
    call_command("import_data", "projects", str(path), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["projects", "areas", "framework"])
def test_blank_templates_download(client, kind, tmp_path):
    response = client.get(f"/templates/{kind}-template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "download.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheets = [spec.name for spec in IMPORTERS[kind].sheets]
    assert load_workbook(path).sheetnames == sheets


@pytest.mark.django_db
def test_unknown_template_is_not_found(client):
    assert client.get("/templates/nothing-template.xlsx").status_code == 404


@pytest.mark.django_db
def test_a_workbook_made_for_one_record_has_no_blank_template(client):
    assert "returns" in IMPORTERS
    assert "returns" not in templated_importers()
    assert client.get("/templates/returns-template.xlsx").status_code == 404
    with pytest.raises(CommandError):
        call_command("template", "returns", "returns.xlsx", stdout=StringIO())
