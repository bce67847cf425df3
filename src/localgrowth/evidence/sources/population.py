"""ONS mid-year population estimates by single year of age and sex (``population-estimates.csv``).

One row per area and age (0 to 90, where 90 means 90 and over), with a column per year and sex
(``Mid-2022 population (Female)``). The importer sums ages and sexes into the total population,
the population aged 16 to 64 and the share aged 65 and over, and checks that every area has each
age exactly once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    Reading,
    ReleaseInfo,
    Unreadable,
    Value,
    header_index,
    mid_year,
    number,
    read_csv_rows,
    short_row_fault,
)

URL = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland"
)
INDICATORS = ("population", "population-16-64", "population-65-plus-share")
AGES = range(0, 91)
_COLUMN = re.compile(r"Mid-(\d{4}) population \((Female|Male)\)")


@dataclass
class AreaSums:
    first_row: int
    last_row: int = 0
    ages: set[int] = field(default_factory=set)
    total: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    working_age: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    older: dict[int, float] = field(default_factory=lambda: defaultdict(float))


def read(path: Path, name: str) -> Reading:
    reading = Reading(
        ReleaseInfo(
            "ONS Population estimates by single year of age and sex, mid-2011 and mid-2022",
            "Office for National Statistics",
            None,
            URL,
        )
    )
    try:
        rows, _ = read_csv_rows(path)
    except Unreadable as error:
        reading.faults.append(Fault(name, str(error)))
        return reading
    header = rows[0]
    at = header_index(header, ("Area code", "Age"), name, None, 1, reading.faults)
    columns = _year_columns(header, name, reading)
    if len(at) < 2 or not columns:
        return reading
    sums: dict[str, AreaSums] = {}
    for number_, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            reading.faults.append(short_row_fault(name, number_, len(row), len(header)))
            continue
        _add_row(row, number_, at, columns, sums, name, reading)
    for code, area in sums.items():
        _area_values(code, area, name, reading)
    return reading


def _year_columns(
    header: list[str], name: str, reading: Reading
) -> dict[int, list[tuple[int, str]]]:
    """Year → the index and heading of its female and male columns."""
    columns: dict[int, dict[str, int]] = defaultdict(dict)
    for index, heading in enumerate(header):
        match = _COLUMN.fullmatch(heading.strip())
        if match:
            columns[int(match.group(1))][match.group(2)] = index
    for when, sexes in columns.items():
        for sex in ("Female", "Male"):
            if sex not in sexes:
                column = f"Mid-{when} population ({sex})"
                reading.faults.append(
                    Fault(
                        name,
                        f"The column '{column}' is missing: each year needs a female and a male "
                        f"column. {CHECK_DOWNLOAD}",
                        None,
                        1,
                        column,
                    )
                )
    if not columns:
        reading.faults.append(
            Fault(
                name,
                f"There are no columns such as 'Mid-2022 population (Female)'. {CHECK_DOWNLOAD}",
                None,
                1,
            )
        )
    return {
        when: [(index, header[index].strip()) for index in sexes.values()]
        for when, sexes in columns.items()
        if len(sexes) == 2
    }


def _add_row(
    row: list[str],
    number_: int,
    at: dict[str, int],
    columns: dict[int, list[tuple[int, str]]],
    sums: dict[str, AreaSums],
    name: str,
    reading: Reading,
) -> None:
    code = row[at["Area code"]].strip()
    age_text = row[at["Age"]].strip().rstrip("+")
    if not age_text.isdigit() or int(age_text) not in AGES:
        reading.faults.append(
            Fault(
                name,
                f"'{row[at['Age']]}' is not an age from 0 to 90. {CHECK_DOWNLOAD}",
                None,
                number_,
                "Age",
                row[at["Age"]],
            )
        )
        return
    age = int(age_text)
    area = sums.setdefault(code, AreaSums(number_))
    if age in area.ages:
        reading.faults.append(
            Fault(
                name,
                f"Age {age} of area {code} is given twice. {CHECK_DOWNLOAD}",
                None,
                number_,
                "Age",
            )
        )
        return
    area.ages.add(age)
    area.last_row = number_
    for when, indexes in columns.items():
        for index, heading in indexes:
            try:
                count = number(row[index])
            except ValueError as error:
                reading.faults.append(Fault(name, str(error), None, number_, heading, row[index]))
                continue
            if count is None:
                reading.faults.append(
                    Fault(
                        name,
                        f"The count is empty; every age needs a count. {CHECK_DOWNLOAD}",
                        None,
                        number_,
                        heading,
                    )
                )
                continue
            area.total[when] += count
            if 16 <= age <= 64:
                area.working_age[when] += count
            if age >= 65:
                area.older[when] += count


def _area_values(code: str, area: AreaSums, name: str, reading: Reading) -> None:
    missing = sorted(set(AGES) - area.ages)
    if missing:
        shown = ", ".join(str(age) for age in missing[:5]) + ("…" if len(missing) > 5 else "")
        reading.faults.append(
            Fault(
                name,
                f"Area {code} has no rows for ages {shown} ({len(missing)} missing): every area "
                f"needs ages 0 to 90. The file may be cut short. {CHECK_DOWNLOAD}",
                None,
                area.last_row,
                "Age",
            )
        )
        return
    cell = f"rows {area.first_row}-{area.last_row}"
    for when, total in area.total.items():
        period = mid_year(when)
        place = (cell, None, area.first_row, "Area code")
        reading.values.append(Value("population", code, period, total, *place))
        reading.values.append(
            Value("population-16-64", code, period, area.working_age[when], *place)
        )
        if total:
            older = area.older[when]
            reading.values.append(
                Value(
                    "population-65-plus-share",
                    code,
                    period,
                    100 * older / total,
                    *place,
                    numerator=older,
                    denominator=total,
                )
            )
