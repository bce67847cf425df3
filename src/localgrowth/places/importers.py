"""Import areas: codes, names, types, vintages and their parents. Boundaries come with the
shipped ONS files (``localgrowth load_places``), not through this template."""

from pathlib import Path
from typing import Any

from django.db import models

from localgrowth.core.importing import (
    Faults,
    ImportReport,
    SimpleSheet,
    import_simple,
    parse_choices,
)
from localgrowth.domain import cells
from localgrowth.domain.tabular import Column, Row, SheetSpec

from .models import Area, AreaType

AREAS = SheetSpec(
    "Areas",
    description="One row per area. A row whose code is stored already updates that area.",
    columns=[
        Column(
            "code",
            cells.parse_text(20),
            required=True,
            description="GSS code, or a code of the partnership's own for an area with none.",
            example="E07000114",
        ),
        Column("name", cells.parse_text(200), required=True, example="Thanet"),
        Column(
            "type",
            parse_choices(AreaType),
            required=True,
            description="One of: " + ", ".join(AreaType.values) + ".",
            example="district",
        ),
        Column(
            "valid_from",
            cells.parse_date,
            description="First day of this vintage.",
            example="2023-12-01",
        ),
        Column(
            "valid_to",
            cells.parse_date,
            description="Last day of this vintage.",
            example="2020-03-31",
        ),
        Column(
            "parents",
            cells.parse_list(cells.parse_text(20)),
            description="Codes of the areas it lies in, separated by ';'.",
            example="E10000016; E12000008",
        ),
        Column("centroid_latitude", cells.parse_latitude, example="51.3485"),
        Column("centroid_longitude", cells.parse_longitude, example="1.3463"),
        Column("source", cells.parse_text(300), example="ONS LAD December 2023"),
    ],
)


def _area_fields(row: Row, faults: Faults) -> dict[str, Any] | None:
    values = row.values
    unknown = [
        code for code in values.get("parents") or [] if not Area.objects.filter(code=code).exists()
    ]
    for code in unknown:
        faults.add(
            row,
            "parents",
            code,
            f"There is no area '{code}'. List the parent above this row, or import it first.",
        )
    if unknown:
        return None
    lat, lon = values.get("centroid_latitude"), values.get("centroid_longitude")
    return {
        "name": values["name"],
        "area_type": values["type"],
        "valid_from": (values.get("valid_from") or (None,))[0],
        "valid_to": (values.get("valid_to") or (None,))[0],
        "centroid_lat": float(lat) if lat is not None else None,
        "centroid_lon": float(lon) if lon is not None else None,
        "source": values.get("source") or "",
    }


def _set_parents(area: models.Model, row: Row) -> bool:
    assert isinstance(area, Area)
    codes = row.values.get("parents") or []
    wanted = set(Area.objects.filter(code__in=codes).values_list("pk", flat=True))
    current = set(area.parents.values_list("pk", flat=True))
    if wanted == current:
        return False
    area.parents.set(wanted)
    return True


AREA_SHEETS = [SimpleSheet(AREAS, Area, "code", _area_fields, after_save=_set_parents)]


def import_areas(path: Path, **options: Any) -> ImportReport:
    return import_simple("areas", path, AREA_SHEETS, **options)
