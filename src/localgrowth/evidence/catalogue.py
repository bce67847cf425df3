"""The indicator catalogue: what each indicator measures, its source and how it may be rolled up.

``data/indicators.csv`` is the catalogue, read with the same sheet specification and faults as
every import; ``sync_catalogue`` makes the stored indicators match it. The source importers call
it first, so the indicators they fill always exist and carry the catalogue's metadata.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from localgrowth.core.importing import ImportFailed, parse_choices
from localgrowth.domain import cells
from localgrowth.domain.tabular import Column, Fault, SheetSpec, read_tabular
from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.places.models import AreaType

from .models import Aggregation, Indicator, PeriodType, Polarity

CATALOGUE = Path(__file__).resolve().parent / "data" / "indicators.csv"
_YES_NO = cells.parse_choice({"yes": "yes", "no": "no", "true": "yes", "false": "no"})

INDICATORS = SheetSpec(
    "Indicators",
    description="One row per indicator.",
    columns=[
        Column("code", cells.parse_text(80), required=True, example="gva-per-hour-worked"),
        Column("title", cells.parse_text(200), required=True),
        Column("unit", cells.parse_text(40), required=True, example="£"),
        Column("decimal_places", cells.parse_int, required=True, example="1"),
        Column("polarity", parse_choices(Polarity), required=True),
        Column("theme", cells.parse_text(60), required=True, example="foundation-people"),
        Column("position", cells.parse_int, required=True),
        Column("source_publisher", cells.parse_text(200), required=True),
        Column("source_title", cells.parse_text(300), required=True),
        Column("source_url", cells.parse_url, required=True),
        Column("attribution", cells.parse_text(300), required=True),
        Column("geography_level", parse_choices(AreaType), required=True),
        Column("period_type", parse_choices(PeriodType), required=True),
        Column("aggregation", parse_choices(Aggregation), required=True),
        Column("numerator_title", cells.parse_text(200)),
        Column("denominator_title", cells.parse_text(200)),
        Column("aggregation_note", cells.parse_text(2000)),
        Column("method_note", cells.parse_text(4000)),
        Column("comparable_over_time", _YES_NO, required=True),
        Column("by_industry", _YES_NO, required=True),
    ],
)


@cache
def catalogue_rows() -> tuple[dict[str, Any], ...]:
    """The catalogue's rows as model field values; the file is read once per process."""
    table = read_tabular(CATALOGUE, [INDICATORS], max_bytes=settings.LOCALGROWTH_MAX_UPLOAD_BYTES)
    faults = list(table.faults)
    rows = []
    for row in table.rows[INDICATORS.name]:
        values = dict(row.values)
        for name in ("numerator_title", "denominator_title", "aggregation_note", "method_note"):
            values[name] = values.get(name) or ""
        values["comparable_over_time"] = values["comparable_over_time"] == "yes"
        values["by_industry"] = values["by_industry"] == "yes"
        values["theme_id"] = values.pop("theme")
        if values["aggregation"] == Aggregation.RATIO and not values["denominator_title"]:
            faults.append(
                Fault(
                    CATALOGUE.name,
                    "A ratio indicator needs a denominator: name it in 'denominator_title'.",
                    INDICATORS.name,
                    row.number,
                    "denominator_title",
                )
            )
        rows.append(values)
    if faults:
        raise ImportFailed(faults)
    return tuple(rows)


def catalogue_codes() -> set[str]:
    return {row["code"] for row in catalogue_rows()}


def sync_catalogue(codes: set[str] | None = None) -> dict[str, int]:
    """Create or update the catalogue's indicators (those in ``codes``, or all); returns their
    primary keys by code. Unchanged indicators are not written. Run inside the caller's
    transaction."""
    rows = [row for row in catalogue_rows() if codes is None or row["code"] in codes]
    themes = set(
        Theme.objects.filter(
            kind__in=[ThemeKind.AIM, ThemeKind.FOUNDATION, ThemeKind.GRAND_CHALLENGE]
        ).values_list("code", flat=True)
    )
    missing = sorted({row["theme_id"] for row in rows} - themes)
    if missing:
        raise ImportFailed(
            [
                Fault(
                    CATALOGUE.name,
                    f"The framework theme '{code}' is not loaded. Import the framework first "
                    "(localgrowth import framework framework-themes.csv --sheet Themes), then "
                    "import this file again.",
                )
                for code in missing
            ]
        )
    existing = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=[row["code"] for row in rows])
    }
    for row in rows:
        indicator = existing.get(row["code"])
        if indicator is None:
            existing[row["code"]] = Indicator.objects.create(**row)
            continue
        changed = [name for name, value in row.items() if getattr(indicator, name) != value]
        if changed:
            for name in changed:
                setattr(indicator, name, row[name])
            indicator.save(update_fields=[name.removesuffix("_id") for name in changed])
    return {code: indicator.pk for code, indicator in existing.items()}
