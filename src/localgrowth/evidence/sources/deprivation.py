"""English Indices of Deprivation 2019 and 2025: local authority district summaries in long form
(Trafford Data Lab's ``IoD2019.csv`` and ``indices_of_deprivation_2025_lad.csv``).

One row per district and index or domain, with the summary measures as columns. Each edition is
its own source (the columns differ); both fill the same indicators, marked not comparable over
time, with the edition's year as the period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    Reading,
    ReleaseInfo,
    Unreadable,
    Value,
    header_index,
    letter,
    number,
    read_csv_rows,
    short_row_fault,
    year,
)

DOMAINS = {
    "imd": ("Index of Multiple Deprivation",),
    "income": ("Income", "Income Deprivation"),
    "employment": ("Employment", "Employment Deprivation"),
    "education": ("Education, Skills and Training", "Education, Skills and Training Deprivation"),
    "health": ("Health Deprivation and Disability", "Health and Disability"),
    "crime": ("Crime",),
    "barriers": ("Barriers to Housing and Services",),
    "living-environment": ("Living Environment", "Living Environment Deprivation"),
    "idaci": ("Income Deprivation Affecting Children",),
    "idaopi": ("Income Deprivation Affecting Older People",),
}
_DOMAIN_OF = {title: domain for domain, titles in DOMAINS.items() for title in titles}
IMD_MEASURES = {
    "imd-average-score": "average_score",
    "imd-rank-average-score": "rank_average_score",
    "imd-most-deprived-decile": "proportion_bottom_decile",
}
INDICATORS = (
    *IMD_MEASURES,
    *(f"iod-{domain}-average-score" for domain in DOMAINS if domain != "imd"),
)
MEASURES = ("average_score", "rank_average_score", "proportion_bottom_decile")


@dataclass(frozen=True)
class Edition:
    year: int
    code: str
    year_column: str
    title: str
    published: date
    url: str


IOD2019 = Edition(
    2019,
    "lad19cd",
    "year",
    "English Indices of Deprivation 2019: local authority district summaries",
    date(2019, 9, 26),
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
)
IOD2025 = Edition(
    2025,
    "area_code",
    "deprivation_data_year",
    "English Indices of Deprivation 2025: local authority district summaries",
    date(2025, 10, 30),
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025",
)
PUBLISHER = "Ministry of Housing, Communities and Local Government"


def read_2019(path: Path, name: str) -> Reading:
    return _read(IOD2019, path, name)


def read_2025(path: Path, name: str) -> Reading:
    return _read(IOD2025, path, name)


def _read(edition: Edition, path: Path, name: str) -> Reading:
    reading = Reading(ReleaseInfo(edition.title, PUBLISHER, edition.published, edition.url))
    try:
        rows, _ = read_csv_rows(path)
    except Unreadable as error:
        reading.faults.append(Fault(name, str(error)))
        return reading
    if not rows:
        reading.faults.append(Fault(name, f"The file is empty. {CHECK_DOWNLOAD}"))
        return reading
    wanted = (edition.code, "index_domain", edition.year_column, *MEASURES)
    at = header_index(rows[0], wanted, name, None, 1, reading.faults)
    if len(at) < len(wanted):
        return reading
    for number_, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(rows[0]):
            reading.faults.append(short_row_fault(name, number_, len(row), len(rows[0])))
            continue
        _row(edition, row, number_, at, name, reading)
    return reading


def _row(
    edition: Edition,
    row: Sequence[str],
    number_: int,
    at: dict[str, int],
    name: str,
    reading: Reading,
) -> None:
    faults = reading.faults
    domain = _DOMAIN_OF.get(row[at["index_domain"]].strip())
    if domain is None:
        faults.append(
            Fault(
                name,
                f"'{row[at['index_domain']]}' is not one of the ten indices and domains of "
                f"deprivation. {CHECK_DOWNLOAD}",
                None,
                number_,
                "index_domain",
                row[at["index_domain"]],
            )
        )
        return
    if row[at[edition.year_column]].strip() != str(edition.year):
        faults.append(
            Fault(
                name,
                f"The year is '{row[at[edition.year_column]]}', but this importer reads the "
                f"{edition.year} edition. Use the importer for that edition, or "
                f"{CHECK_DOWNLOAD[0].lower()}{CHECK_DOWNLOAD[1:]}",
                None,
                number_,
                edition.year_column,
            )
        )
        return
    measures = IMD_MEASURES if domain == "imd" else {f"iod-{domain}-average-score": "average_score"}
    code = row[at[edition.code]].strip()
    for indicator, column in measures.items():
        try:
            value = number(row[at[column]])
        except ValueError as error:
            faults.append(Fault(name, str(error), None, number_, column, row[at[column]]))
            continue
        if value is None:
            reading.not_available += 1
            continue
        cell = f"{letter(at[column])}{number_}"
        reading.values.append(
            Value(indicator, code, year(edition.year), value, cell, None, number_, edition.code)
        )
