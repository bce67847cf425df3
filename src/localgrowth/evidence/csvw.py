"""CSV on the Web (W3C CSVW) metadata for an indicator's observations CSV."""

from __future__ import annotations

from typing import Any

from .models import OGL_V3, OGL_V3_URL, Aggregation, Indicator


def csvw_metadata(indicator: Indicator, csv_url: str) -> dict[str, Any]:
    """CSV on the Web (W3C CSVW) metadata, as JSON-LD, for the observations CSV of one
    indicator: one row per area, period (and industry) and release, with the columns below.
    Reads only the indicator's own fields; touches no database."""
    unit = {"@id": "#unit", "dc:description": indicator.unit}
    columns = [
        _column("area_code", "Area code", "string", "GSS code of the area", required=True),
        _column("area_name", "Area", "string", "Name of the area"),
        *(
            [_column("industry_code", "Industry code", "string", "Industry of the value")]
            if indicator.by_industry
            else []
        ),
        _column(
            "period",
            "Period",
            "string",
            f"{indicator.get_period_type_display()}, as published",
            required=True,
        ),
        _column("period_start", "Period starts", "date", "First day of the period"),
        _column("value", indicator.title, "double", f"Value in {indicator.unit}", required=True),
        _column("lower", "Lower 95% confidence bound", "double", "Where published"),
        _column("upper", "Upper 95% confidence bound", "double", "Where published"),
        *(
            [
                _column("numerator", indicator.numerator_title or "Numerator", "double", ""),
                _column("denominator", indicator.denominator_title, "double", ""),
            ]
            if indicator.aggregation == Aggregation.RATIO
            else []
        ),
        _column("release", "Release", "string", "The release the value was published in"),
        _column("release_date", "Release date", "date", "When the release was published"),
    ]
    for column in columns:
        if column["name"] in ("value", "lower", "upper"):
            column["dc:unit"] = unit
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": csv_url,
        "dc:identifier": indicator.code,
        "dc:title": indicator.title,
        "dc:description": indicator.method_note,
        "dc:publisher": indicator.source_publisher,
        "dc:source": indicator.source_url,
        "dc:license": {"@id": _licence_url(indicator.licence)},
        "dc:rights": indicator.attribution,
        "dcat:theme": indicator.theme_id,
        "tableSchema": {
            "columns": columns,
            "primaryKey": [
                "area_code",
                *(["industry_code"] if indicator.by_industry else []),
                "period",
                "release",
            ],
            "aboutUrl": f"#{indicator.code}-{{area_code}}-{{period}}",
        },
        "notes": [
            {"@type": "oa:Annotation", "oa:motivatedBy": "oa:describing", "rdf:value": note}
            for note in (indicator.aggregation_note, indicator.method_note)
            if note
        ],
    }


def _column(
    name: str, title: str, datatype: str, description: str, *, required: bool = False
) -> dict[str, Any]:
    column: dict[str, Any] = {"name": name, "titles": title, "datatype": datatype}
    if description:
        column["dc:description"] = description
    if required:
        column["required"] = True
    return column


def _licence_url(licence: str) -> str:
    return OGL_V3_URL if licence == OGL_V3 else licence
