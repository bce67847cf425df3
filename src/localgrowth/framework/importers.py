"""Import the strategy framework: documents, then the themes (aims, foundations, Grand
Challenges, priorities) they define."""

from pathlib import Path
from typing import Any

from localgrowth.core.importing import (
    Faults,
    ImportReport,
    SimpleSheet,
    import_simple,
    parse_choices,
)
from localgrowth.domain import cells
from localgrowth.domain.tabular import Column, Row, SheetSpec

from .models import Document, DocumentKind, DocumentStatus, Theme, ThemeKind

DOCUMENTS = SheetSpec(
    "Documents",
    description="Strategies and plans, national and local.",
    columns=[
        Column("slug", cells.parse_text(50), required=True, example="sep-2014"),
        Column("title", cells.parse_text(300), required=True, example="Strategic Economic Plan"),
        Column(
            "kind",
            parse_choices(DocumentKind),
            required=True,
            description="One of: " + ", ".join(DocumentKind.values) + ".",
            example="strategic_economic_plan",
        ),
        Column(
            "publisher",
            cells.parse_text(200),
            required=True,
            example="South East Local Enterprise Partnership",
        ),
        Column("year", cells.parse_int, required=True, example="2014"),
        Column(
            "status",
            parse_choices(DocumentStatus),
            required=True,
            description="published, draft or superseded.",
            example="superseded",
        ),
        Column("summary", cells.parse_text(5000)),
        Column("url", cells.parse_url, description="Where to read it."),
        Column(
            "source_note",
            cells.parse_text(2000),
            description="Where the facts about it come from, when there is no web address.",
        ),
    ],
)

THEMES = SheetSpec(
    "Themes",
    description="Aims, foundations, Grand Challenges and priorities that projects tag to.",
    columns=[
        Column("code", cells.parse_text(60), required=True, example="foundation-ideas"),
        Column(
            "kind",
            parse_choices(ThemeKind),
            required=True,
            description="aim, foundation, grand_challenge or priority.",
            example="foundation",
        ),
        Column("title", cells.parse_text(200), required=True, example="Ideas"),
        Column("description", cells.parse_text(5000)),
        Column("position", cells.parse_int, description="Order within its kind.", example="1"),
        Column(
            "document",
            cells.parse_text(50),
            description="Slug of the document that defines it.",
            example="nis-2017",
        ),
        Column("source_url", cells.parse_url),
    ],
)


def _document_fields(row: Row, faults: Faults) -> dict[str, Any]:
    values = row.values
    return {
        "title": values["title"],
        "kind": values["kind"],
        "publisher": values["publisher"],
        "year": values["year"],
        "status": values["status"],
        "summary": values.get("summary") or "",
        "url": values.get("url") or "",
        "source_note": values.get("source_note") or "",
    }


def _theme_fields(row: Row, faults: Faults) -> dict[str, Any] | None:
    values = row.values
    document = None
    if slug := values.get("document"):
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            faults.add(
                row,
                "document",
                slug,
                f"There is no document '{slug}'. Add it to the "
                "Documents sheet, or use the slug of a stored document.",
            )
            return None
    return {
        "kind": values["kind"],
        "title": values["title"],
        "description": values.get("description") or "",
        "position": values.get("position") or 0,
        "document": document,
        "source_url": values.get("source_url") or "",
    }


FRAMEWORK_SHEETS = [
    SimpleSheet(DOCUMENTS, Document, "slug", _document_fields),
    SimpleSheet(THEMES, Theme, "code", _theme_fields),
]


def import_framework(path: Path, **options: Any) -> ImportReport:
    return import_simple("framework", path, FRAMEWORK_SHEETS, **options)
