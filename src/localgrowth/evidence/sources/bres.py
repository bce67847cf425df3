"""Nomis extracts of the Business Register and Employment Survey: employees by industry
(``Employment by sector - BRES <year>.csv``).

One file per year; the year is in the file's name only, so the name must carry it. The header
row pairs each industry (SIC 2007 sections ``A : …`` to ``U : …``, then the 18 broad groups
``1 : …``) with a ``Flags`` column; the second row gives units. Rows are England
(``country:England``), the local enterprise partnerships (``lep:South East``) and NUTS3 areas
(``nuts316:UKJ41 Medway``). England and the partnerships are stored, matched by name; localgrowth
holds no NUTS3 areas, so those rows are counted and skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    IndustrySpec,
    Reading,
    ReleaseInfo,
    Unreadable,
    Value,
    letter,
    number,
    read_csv_rows,
    short_row_fault,
    year,
)

INDICATORS = ("employees-by-section", "employees-by-broad-group")
AREA_TYPES = {"country": "country", "lep": "partnership"}
_YEAR = re.compile(r"BRES (\d{4})")
_INDUSTRY = re.compile(r"([A-U]|\d{1,2}) : (.+)")


def edition_of(name: str) -> str:
    match = _YEAR.search(name)
    return match.group(1) if match else ""


def read(path: Path, name: str) -> Reading:
    edition = edition_of(name)
    reading = Reading(
        ReleaseInfo(
            f"Business Register and Employment Survey {edition or ''}: employees by industry "
            "(Nomis extract)".replace("  ", " "),
            "Office for National Statistics (Nomis)",
            None,
            "https://www.nomisweb.co.uk/",
            edition,
        )
    )
    if not edition:
        reading.faults.append(
            Fault(
                name,
                "The file's name must give the year of the estimates, as in 'Employment by "
                "sector - BRES 2020.csv': the file itself does not say. Rename the file.",
            )
        )
        return reading
    try:
        rows, _ = read_csv_rows(path)
    except Unreadable as error:
        reading.faults.append(Fault(name, str(error)))
        return reading
    header = rows[0]
    columns = _industries(header, name, reading)
    if not columns:
        return reading
    period = year(int(edition))
    nuts = 0
    for number_, row in enumerate(rows[2:], start=3):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            reading.faults.append(short_row_fault(name, number_, len(row), len(header)))
            continue
        prefix, _, area = row[0].partition(":")
        area_type = AREA_TYPES.get(prefix.strip())
        if area_type is None:
            if prefix.strip().startswith("nuts"):
                nuts += 1
                continue
            reading.faults.append(
                Fault(
                    name,
                    f"'{row[0]}' is not an area such as 'lep:South East'. {CHECK_DOWNLOAD}",
                    None,
                    number_,
                    "Area",
                    row[0],
                )
            )
            continue
        reading.named_rows[(area.strip(), area_type)] += 1
        for index, (indicator, code) in columns.items():
            try:
                value = number(row[index])
            except ValueError as error:
                reading.faults.append(
                    Fault(name, str(error), None, number_, header[index], row[index])
                )
                continue
            if value is None:
                reading.not_available += 1
                continue
            reading.values.append(
                Value(
                    indicator,
                    area.strip(),
                    period,
                    value,
                    f"{letter(index)}{number_}",
                    None,
                    number_,
                    "Area",
                    industry=code,
                    area_type=area_type,
                )
            )
    if nuts:
        reading.notes.append(
            f"Skipped {nuts} rows for NUTS3 areas, which localgrowth does not hold."
        )
    return reading


def _industries(header: list[str], name: str, reading: Reading) -> dict[int, tuple[str, str]]:
    """Column index → (indicator, industry code); the industries go to the reading."""
    if not header or header[0].strip() != "Area":
        reading.faults.append(
            Fault(
                name,
                f"The first column must be headed 'Area'. {CHECK_DOWNLOAD}",
                None,
                1,
                "Area",
            )
        )
        return {}
    columns: dict[int, tuple[str, str]] = {}
    sections = groups = 0
    for index, heading in enumerate(header[1:], start=1):
        match = _INDUSTRY.fullmatch(heading.strip())
        if match is None:
            continue
        code, title = match.groups()
        if code.isdigit():
            groups += 1
            spec = IndustrySpec("broad_group", code, title.strip(), "group", int(code))
            columns[index] = ("employees-by-broad-group", code)
        else:
            sections += 1
            spec = IndustrySpec("sic_section", code, title.strip(), "section", ord(code) - 64)
            columns[index] = ("employees-by-section", code)
        reading.industries.append(spec)
    for count, kind, expected in (
        (sections, "SIC sections (A to U)", 21),
        (groups, "broad groups", 18),
    ):
        if count != expected:
            reading.faults.append(
                Fault(
                    name,
                    f"The header has {count} {kind}; a BRES extract has {expected}. Restore the "
                    f"missing columns. {CHECK_DOWNLOAD}",
                    None,
                    1,
                )
            )
    return columns if not reading.faults else {}
