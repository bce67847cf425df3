"""Projects as open data: one record per project for JSON and GeoJSON, one row per project for
CSV and XLSX, and the streamed downloads built from them.

``COLUMNS`` and ``project_row`` are the one flattening every tabular export uses, codes and
labels side by side; ``project_record`` is the one JSON shape, used by the API's list and as
GeoJSON feature properties. Downloads carry every filtered project (never a page of them), read
from the database in chunks, so memory stays flat however many projects there are: CSV and
GeoJSON stream as they are written, XLSX is written row by row to a temporary file that is then
streamed from disk.

A spreadsheet treats a cell beginning ``=``, ``+``, ``-`` or ``@`` as a formula, so text cells
beginning with one are written with a leading apostrophe in CSV and as plain strings in XLSX:
opening a download never runs anything.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from localgrowth.projects.models import Project

CHUNK_SIZE = 2000
CSV_BOM = "\ufeff"
"""Begins every CSV download: without it Excel reads UTF-8 as Windows-1252 and "£" as "Â£"."""
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GEOJSON_TYPE = "application/geo+json"
PROJECT_PAGE = "/projects/{reference}/"
"""The path of a project's page on the public site."""
RESULT_COUNT_HEADER = "X-Result-Count"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def project_path(project: Project) -> str:
    return PROJECT_PAGE.format(reference=quote(project.reference, safe=""))


def money(value: Decimal | None) -> str | None:
    """Pounds with two decimal places as a string: exact, never a float."""
    return None if value is None else f"{value:.2f}"


def _dated(value: date | None, precision: str) -> dict[str, str] | None:
    return None if value is None else {"date": value.isoformat(), "precision": precision}


def _location(project: Project) -> dict[str, Any] | None:
    if project.latitude is None or project.longitude is None:
        return None
    return {
        "lat": float(project.latitude),
        "lon": float(project.longitude),
        "precision": project.location_precision,
        "place": project.place_name,
    }


def project_record(project: Project) -> dict[str, Any]:
    """A project as the API and GeoJSON give it; every value is JSON as it stands."""
    programme, federated = project.programme, project.federated_area
    return {
        "reference": project.reference,
        "title": project.title,
        "summary": project.summary,
        "promoter": project.promoter,
        "status": project.status,
        "status_label": project.get_status_display(),
        "status_as_reported": project.status_detail,
        "category": project.category,
        "category_label": project.get_category_display(),
        "fund": project.fund.code,
        "fund_name": project.fund.name,
        "programme": programme.slug if programme else None,
        "programme_name": programme.name if programme else None,
        "federated_area": federated.code if federated else None,
        "federated_area_name": federated.name if federated else None,
        "grant": money(project.grant),
        "total_cost": money(project.total_cost),
        "start": _dated(project.start_date, project.start_precision),
        "end": _dated(project.end_date, project.end_precision),
        "location": _location(project),
        "areas": [
            {"code": row.area.code, "name": row.area.name, "share": str(row.share)}
            for row in project.area_shares.all()
        ],
        "themes": [
            {"code": tag.theme.code, "title": tag.theme.title, "kind": tag.theme.kind}
            for tag in project.theme_tags.all()
        ],
        "url": project_path(project),
        "sources": [source.url for source in project.sources.all()],
    }


# Tabular rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the CSV and XLSX downloads. ``kind`` is text, money, date, number or
    link (a path on this site, written as a full web address)."""

    name: str
    value: Callable[[Project], Any]
    kind: str = "text"
    width: int = 14


def _joined(values: Any) -> str:
    return "; ".join(str(value) for value in values)


COLUMNS: tuple[Column, ...] = (
    Column("reference", lambda p: p.reference, width=12),
    Column("title", lambda p: p.title, width=50),
    Column("summary", lambda p: p.summary, width=50),
    Column("promoter", lambda p: p.promoter, width=30),
    Column("status", lambda p: p.status),
    Column("status_label", lambda p: p.get_status_display()),
    Column("status_as_reported", lambda p: p.status_detail, width=30),
    Column("category", lambda p: p.category),
    Column("category_label", lambda p: p.get_category_display(), width=22),
    Column("fund", lambda p: p.fund.code),
    Column("fund_name", lambda p: p.fund.name, width=30),
    Column("programme", lambda p: p.programme and p.programme.slug, width=22),
    Column("programme_name", lambda p: p.programme and p.programme.name, width=30),
    Column("federated_area", lambda p: p.federated_area and p.federated_area.code),
    Column("federated_area_name", lambda p: p.federated_area and p.federated_area.name),
    Column("grant", lambda p: p.grant, "money"),
    Column("total_cost", lambda p: p.total_cost, "money"),
    Column("start_date", lambda p: p.start_date, "date"),
    Column("start_precision", lambda p: p.start_precision),
    Column("end_date", lambda p: p.end_date, "date"),
    Column("end_precision", lambda p: p.end_precision),
    Column("place", lambda p: p.place_name, width=22),
    Column("latitude", lambda p: p.latitude, "number"),
    Column("longitude", lambda p: p.longitude, "number"),
    Column("location_precision", lambda p: p.location_precision),
    Column("area_codes", lambda p: _joined(row.area.code for row in p.area_shares.all())),
    Column("area_names", lambda p: _joined(row.area.name for row in p.area_shares.all())),
    Column("area_shares", lambda p: _joined(row.share for row in p.area_shares.all())),
    Column("theme_codes", lambda p: _joined(tag.theme.code for tag in p.theme_tags.all())),
    Column("theme_titles", lambda p: _joined(tag.theme.title for tag in p.theme_tags.all())),
    Column("url", project_path, "link", width=40),
    Column("sources", lambda p: _joined(source.url for source in p.sources.all()), width=50),
)
HEADINGS = [column.name for column in COLUMNS]


def project_row(project: Project, site: str = "") -> list[Any]:
    """A project as one row of ``COLUMNS``: Decimals for money, dates for dates, None where
    nothing is recorded. ``site`` (such as ``https://example.org``) prefixes link columns."""
    return [
        site + column.value(project) if column.kind == "link" else column.value(project)
        for column in COLUMNS
    ]


# Downloads -------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the text: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if kind in ("text", "link") and str(value).startswith(FORMULA_STARTS):
        return "'" + str(value)
    return value


def _download(response: StreamingHttpResponse, count: int, filename: str) -> Any:
    response[RESULT_COUNT_HEADER] = str(count)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def download_name(extension: str) -> str:
    return f"localgrowth-projects-{date.today().isoformat()}.{extension}"


def csv_response(projects: QuerySet[Project], site: str = "") -> StreamingHttpResponse:
    """Every project in ``projects`` (already filtered and ordered) as a streamed CSV file,
    UTF-8 with a byte-order mark so that spreadsheet programs read it as UTF-8."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield CSV_BOM + writer.writerow(HEADINGS)
        for project in projects.iterator(chunk_size=CHUNK_SIZE):
            cells = zip(project_row(project, site), COLUMNS, strict=True)
            yield writer.writerow([_csv_cell(value, column.kind) for value, column in cells])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    return _download(response, projects.count(), download_name("csv"))


def geojson_response(projects: QuerySet[Project]) -> StreamingHttpResponse:
    """Every project in ``projects`` as a streamed GeoJSON FeatureCollection. A project with no
    location is a feature with a null geometry, as GeoJSON allows, so nothing is left out."""

    def chunks() -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": ['
        for number, project in enumerate(projects.iterator(chunk_size=CHUNK_SIZE)):
            record = project_record(project)
            location = record["location"]
            geometry = location and {
                "type": "Point",
                "coordinates": [location["lon"], location["lat"]],
            }
            feature = {
                "type": "Feature",
                "id": project.reference,
                "geometry": geometry,
                "properties": record,
            }
            yield ("," if number else "") + "\n" + json.dumps(feature, ensure_ascii=False)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type=GEOJSON_TYPE)
    return _download(response, projects.count(), download_name("geojson"))


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any, kind: str) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value.startswith("="):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if kind == "money" and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    if kind == "date" and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def xlsx_response(
    projects: QuerySet[Project], site: str = "", about: list[str] | None = None
) -> FileResponse:
    """Every project in ``projects`` as an Excel workbook, written row by row (openpyxl's
    write-only mode) to a temporary file that the response then streams and deletes.
    ``about`` lines go on a second sheet (what was filtered, where it came from)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projects")
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "B2"
    sheet.append(HEADINGS)
    count = 0
    for project in projects.iterator(chunk_size=CHUNK_SIZE):
        cells = zip(project_row(project, site), COLUMNS, strict=True)
        sheet.append([_xlsx_cell(sheet, value, column.kind) for value, column in cells])
        count += 1
    notes = workbook.create_sheet("About")
    for line in about or []:
        notes.append([ILLEGAL_CHARACTERS_RE.sub("", line)])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=download_name("xlsx"), content_type=XLSX_TYPE
    )
    response[RESULT_COUNT_HEADER] = str(count)
    return response
