"""ONS regional gross value added (balanced) by industry for local authorities, in the long
Parquet form of the economic-analytics/edd project (``RGVA_LAD.parquet``).

Only "GVA Current Prices £m" is kept: current prices add up across areas and industries (chained
volume measures do not), which is what location quotients and totals need. Every English
district, all 49 industries and every year are stored; the all-industries total is also stored
as the ``gva-current-prices`` indicator.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from localgrowth.domain.tabular import Fault

from ..reading import CHECK_DOWNLOAD, IndustrySpec, Reading, ReleaseInfo, Value, number, year

URL = (
    "https://www.ons.gov.uk/economy/grossdomesticproductgdp/datasets/"
    "regionalgrossvalueaddedbalancedbyindustrylocalauthoritiesbyitl1region"
)
MEASURE = "GVA Current Prices £m"
COLUMNS = (
    "dates.date",
    "variable.name",
    "geography.code",
    "industry.code",
    "industry.name",
    "value",
)
TOTAL = "Total"
INDICATORS = ("gva-current-prices", "gva-by-industry")
PUBLISHED = date(2025, 4, 17)
"""The ONS release the file holds (its 1998 to 2023 series)."""
_SECTION = re.compile(r"([A-Z]|AB|DE) \(")
_SUBSECTION = re.compile(r"C[A-Z](-C[A-Z])? \(")


def industry_level(code: str) -> str:
    if code == TOTAL:
        return "total"
    if code in ("A-E", "G-T"):
        return "sector"
    if _SECTION.match(code):
        return "section"
    if _SUBSECTION.match(code):
        return "subsection"
    return "division"


DICTIONARY = ("variable.name", "geography.code", "industry.code", "industry.name")


def read(path: Path, name: str) -> Reading:
    import pyarrow.parquet as pq

    release = ReleaseInfo(
        "ONS Regional gross value added (balanced) by industry: local authorities by ITL1 "
        "region, April 2025",
        "Office for National Statistics",
        PUBLISHED,
        URL,
    )
    reading = Reading(release)
    try:
        schema = pq.read_schema(path)
    except Exception:  # pyarrow raises several kinds of error for a damaged file
        reading.faults.append(Fault(name, _NOT_PARQUET))
        return reading
    missing = [column for column in COLUMNS if column not in schema.names]
    for column in missing:
        reading.faults.append(
            Fault(
                name,
                f"The column '{column}' is missing. The file needs the columns "
                f"{', '.join(COLUMNS)}. {CHECK_DOWNLOAD}",
                column=column,
            )
        )
    for column in DICTIONARY:
        if column not in missing and str(schema.field(column).type) not in (
            "string",
            "large_string",
        ):
            reading.faults.append(
                Fault(
                    name,
                    f"The column '{column}' should hold text, not {schema.field(column).type}. "
                    f"{CHECK_DOWNLOAD}",
                    column=column,
                )
            )
    if reading.faults:
        return reading
    try:
        table = pq.read_table(path, columns=list(COLUMNS), read_dictionary=list(DICTIONARY))
    except Exception:  # pyarrow raises several kinds of error for a damaged file
        reading.faults.append(Fault(name, _NOT_PARQUET))
        return reading
    _values(table, name, reading)
    return reading


_NOT_PARQUET = (
    "The file could not be read as Parquet: it is damaged, cut short or another kind of file. "
    f"{CHECK_DOWNLOAD}"
)


def _decoded(column: Any) -> tuple[Any, list[Any]]:
    """A dictionary-encoded column as (indices, distinct values)."""
    array = column.combine_chunks()
    return array.indices.to_numpy(zero_copy_only=False), array.dictionary.to_pylist()


def _values(table: Any, name: str, reading: Reading) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    measures = pc.equal(table["variable.name"], MEASURE)
    english = pc.starts_with(table["geography.code"].cast(pa.string()), "E")
    mask = pc.and_(measures, english)
    if not pc.any(measures).as_py():
        reading.faults.append(
            Fault(
                name,
                f"No rows have variable.name '{MEASURE}': this is not the regional GVA by "
                f"industry file. {CHECK_DOWNLOAD}",
                column="variable.name",
            )
        )
        return
    rows = (pc.indices_nonzero(mask).to_numpy() + 1).tolist()
    table = table.filter(mask)
    values = _numbers(table["value"], rows, name, reading)
    if values is None:
        return
    code_at, codes = _decoded(table["geography.code"])
    industry_at, industries = _decoded(table["industry.code"])
    name_at, industry_names = _decoded(table["industry.name"])
    periods = {when: year(when.year) for when in pc.unique(table["dates.date"]).to_pylist() if when}
    dates = table["dates.date"].to_pylist()
    specs: dict[str, IndustrySpec] = {}
    for index, value in enumerate(values):
        industry = industries[industry_at[index]]
        if industry not in specs:
            specs[industry] = IndustrySpec(
                "rgva",
                industry,
                industry_names[name_at[index]],
                industry_level(industry),
                len(specs) + 1,
            )
        if value is None:
            reading.not_available += 1
            continue
        row = rows[index]
        period = periods.get(dates[index])
        if period is None:
            reading.faults.append(
                Fault(name, f"The date is empty. {CHECK_DOWNLOAD}", None, row, "dates.date")
            )
            continue
        code, cell = codes[code_at[index]], f"row {row}"
        reading.values.append(
            Value(
                "gva-by-industry", code, period, value, cell, None, row, "value", industry=industry
            )
        )
        if industry == TOTAL:
            reading.values.append(
                Value("gva-current-prices", code, period, value, cell, None, row, "value")
            )
    reading.industries.extend(specs.values())


def _numbers(
    column: Any, rows: list[int], name: str, reading: Reading
) -> list[float | None] | None:
    """The value column as floats (None where missing); text in it is a fault for each cell."""
    import pyarrow as pa

    if pa.types.is_floating(column.type) or pa.types.is_integer(column.type):
        return [None if value is None else float(value) for value in column.to_pylist()]
    values: list[float | None] = []
    for value, row in zip(column.to_pylist(), rows, strict=True):
        try:
            values.append(number(value))
        except ValueError as error:
            reading.faults.append(Fault(name, str(error), None, row, "value", str(value)))
    return None if reading.faults else values
