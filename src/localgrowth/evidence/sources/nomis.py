"""Nomis extracts (.xlsx) of the Annual Population Survey and UK Business Counts.

A Nomis extract is one sheet of blocks, one block per date (and per industry): a title line, the
"from Nomis on <date>" line, ``date``/``industry``/``confidence`` lines, a header row starting
``Area`` and one row per area, then footnotes. Areas are named, not coded: ``country:England``,
``lep:South East``, ``ladu:Thanet`` (and user-defined geographies, which are skipped). Names are
matched to stored areas of that type by official name or alias; every name that matches none is
listed in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from localgrowth.domain.tabular import Fault

from ..reading import (
    CHECK_DOWNLOAD,
    IndustrySpec,
    Period,
    Reading,
    ReleaseInfo,
    Value,
    cell_ref,
    month,
    number,
    read_workbook,
    twelve_months,
)

if TYPE_CHECKING:
    from . import Source

SHEET = "Data"
URL = "https://www.nomisweb.co.uk/"
AREA_TYPES = {"country": "country", "lep": "partnership", "ladu": "district"}
_EXTRACTED = re.compile(r"from Nomis on (\d{1,2} \w+ \d{4})")
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_APS_DATE = re.compile(rf"({_MONTHS}) (\d{{4}})-({_MONTHS}) (\d{{4}})")


@dataclass
class Block:
    """One block of an extract: its settings (date, industry…), header row and area rows."""

    settings: dict[str, Any]
    header_row: int
    header: Sequence[Any]
    rows: list[tuple[int, Sequence[Any]]] = field(default_factory=list)


def blocks(rows: Sequence[Sequence[Any]]) -> list[Block]:
    found: list[Block] = []
    settings: dict[str, Any] = {}
    current: Block | None = None
    for number_, row in enumerate(rows, start=1):
        first = row[0] if row else None
        text = str(first).strip() if first is not None else ""
        if current is not None:
            if ":" in text and text.split(":", 1)[0] in _AREA_PREFIXES:
                current.rows.append((number_, row))
                continue
            if not text and not current.rows:
                continue  # the units row under an APS header
        current = None
        if text == "Area":
            current = Block(dict(settings), number_, row)
            found.append(current)
            settings = {}
        elif text in ("date", "industry", "confidence", "legal status") and len(row) > 1:
            settings[text] = row[1]
    return found


_AREA_PREFIXES = {*AREA_TYPES, "User Defined Geography"}


def _release(rows: Sequence[Sequence[Any]], title: str) -> ReleaseInfo:
    lines = " ".join(str(row[0]) for row in rows[:3] if row and row[0])
    match = _EXTRACTED.search(lines)
    published = datetime.strptime(match.group(1), "%d %B %Y").date() if match else None
    return ReleaseInfo(title, "Office for National Statistics (Nomis)", published, URL)


def _columns(block: Block, wanted: Sequence[str], name: str, faults: list[Fault]) -> dict[str, int]:
    """Columns by the cell code their heading starts with ("T01:28", or a heading in full)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(block.header):
        heading = " ".join(str(cell or "").split())
        for code in wanted:
            if heading == code or heading.startswith(f"{code} ("):
                found.setdefault(code, index)
    for code in wanted:
        if code not in found:
            faults.append(
                Fault(
                    name,
                    f"The column '{code}' is missing from this block's header row. Extract the "
                    f"table again from Nomis with the same cells, or {CHECK_DOWNLOAD[0].lower()}"
                    f"{CHECK_DOWNLOAD[1:]}",
                    SHEET,
                    block.header_row,
                    code,
                )
            )
    return found


def _area(text: str) -> tuple[str, str] | None:
    """(name, area type) of an area cell; None for a user-defined geography."""
    prefix, _, area = text.partition(":")
    area_type = AREA_TYPES.get(prefix.strip())
    return (area.strip(), area_type) if area_type else None


def _aps_period(value: Any) -> Period:
    match = _APS_DATE.fullmatch(" ".join(str(value or "").split()))
    if match is None:
        raise ValueError(f"The date '{value}' is not 12 months such as 'Jan 2018-Dec 2018'.")
    first = list(_MONTHS.split("|")).index(match.group(1)) + 1
    return twelve_months(int(match.group(2)), first)


def _ubc_period(value: Any) -> Period:
    text = str(value or "").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"The date '{value}' is not a year such as 2018.")
    return month(int(text), 3)


Compute = Callable[[dict[str, float | None]], tuple[float, float, float] | None]
"""From the block's cells (by column code): (value, numerator, denominator), or None."""


def _share(numerator: Sequence[str], denominator: Sequence[str]) -> Compute:
    def compute(cells: dict[str, float | None]) -> tuple[float, float, float] | None:
        if any(cells[code] is None for code in (*numerator, *denominator)):
            return None
        top = sum(cells[code] or 0.0 for code in numerator)
        bottom = sum(cells[code] or 0.0 for code in denominator)
        if bottom == 0:
            return None
        return 100 * top / bottom, top, bottom

    return compute


@dataclass(frozen=True)
class Extract:
    """What one kind of Nomis extract holds and how it becomes values."""

    title: str
    period: Callable[[Any], Period]
    columns: tuple[str, ...]
    values: dict[str, Compute | str]
    """Indicator → a computation over the columns, or the column that is its value."""
    industry: bool = False


def read_extract(extract: Extract, path: Path, name: str) -> Reading:
    reading = Reading(ReleaseInfo(extract.title, "Office for National Statistics", None, URL))
    rows: list[tuple[Any, ...]] = []

    def read_sheet(workbook: Any) -> None:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        sheet.reset_dimensions()
        rows.extend(sheet.iter_rows(values_only=True))

    read_workbook(path, name, reading, read_sheet)
    if reading.faults:
        return reading
    reading.release = _release(rows, extract.title)
    found = blocks(rows)
    if not found:
        reading.faults.append(
            Fault(
                name,
                f"The sheet has no block with a header row starting 'Area'. {CHECK_DOWNLOAD}",
                SHEET,
            )
        )
    skipped_user_defined = 0
    industries: dict[str, IndustrySpec] = {}
    for block in found:
        skipped_user_defined += _read_block(extract, block, name, reading, industries)
    reading.industries.extend(industries.values())
    if skipped_user_defined:
        reading.notes.append(
            f"Skipped {skipped_user_defined:,} rows for user-defined geographies (LSIPs and "
            "others made on Nomis), which have no GSS code."
        )
    return reading


def _read_block(
    extract: Extract,
    block: Block,
    name: str,
    reading: Reading,
    industries: dict[str, IndustrySpec],
) -> int:
    try:
        period = extract.period(block.settings.get("date"))
    except ValueError as error:
        reading.faults.append(
            Fault(name, f"{error} {CHECK_DOWNLOAD}", SHEET, block.header_row, "date")
        )
        return 0
    industry = _industry(block, name, reading, industries) if extract.industry else None
    if extract.industry and industry is None:
        return 0
    at = _columns(block, extract.columns, name, reading.faults)
    if len(at) < len(extract.columns):
        return 0
    user_defined = 0
    for number_, row in block.rows:
        area = _area(str(row[0]))
        if area is None:
            user_defined += 1
            continue
        reading.named_rows[area] += 1
        cells = _cells(row, number_, at, name, reading)
        if cells is None:
            continue
        for indicator, rule in extract.values.items():
            _add(reading, indicator, rule, cells, area, period, number_, at, industry)
    return user_defined


def _cells(
    row: Sequence[Any], number_: int, at: dict[str, int], name: str, reading: Reading
) -> dict[str, float | None] | None:
    cells: dict[str, float | None] = {}
    for code, index in at.items():
        raw = row[index] if index < len(row) else None
        try:
            cells[code] = number(raw)
        except ValueError as error:
            reading.faults.append(Fault(name, str(error), SHEET, number_, code, str(raw)))
            return None
    return cells


def _add(
    reading: Reading,
    indicator: str,
    rule: Compute | str,
    cells: dict[str, float | None],
    area: tuple[str, str],
    period: Period,
    number_: int,
    at: dict[str, int],
    industry: str | None,
) -> None:
    if isinstance(rule, str):
        value = cells[rule]
        if value is None:
            reading.not_available += 1
            return
        numerator = denominator = None
        cell = cell_ref(SHEET, number_, at[rule])
        column = rule
    else:
        computed = rule(cells)
        if computed is None:
            reading.not_available += 1
            return
        value, numerator, denominator = computed
        cell = f"{SHEET}!row {number_}"
        column = "Area"
    reading.values.append(
        Value(
            indicator,
            area[0],
            period,
            value,
            cell,
            SHEET,
            number_,
            column,
            numerator=numerator,
            denominator=denominator,
            industry=industry,
            area_type=area[1],
        )
    )


def _industry(
    block: Block, name: str, reading: Reading, industries: dict[str, IndustrySpec]
) -> str | None:
    text = " ".join(str(block.settings.get("industry") or "").split())
    match = re.fullmatch(r"(\d{1,2}) : (.+)", text)
    if match is None:
        reading.faults.append(
            Fault(
                name,
                f"The industry '{text}' is not a broad industry group such as "
                f"'1 : Agriculture, forestry & fishing (A)'. {CHECK_DOWNLOAD}",
                SHEET,
                block.header_row,
                "industry",
            )
        )
        return None
    code = match.group(1)
    industries.setdefault(
        code, IndustrySpec("broad_group", code, match.group(2), "group", int(code))
    )
    return code


APS_EMPLOYMENT = Extract(
    "Annual Population Survey, table T01: economic activity of people aged 16 to 64 (Nomis)",
    _aps_period,
    ("T01:22", "T01:28"),
    {"employment-rate-16-64": _share(["T01:28"], ["T01:22"])},
)
_QUALIFICATIONS = [f"T19:{number_}" for number_ in range(1, 8)]
APS_QUALIFICATIONS = Extract(
    "Annual Population Survey, table T19: highest qualification of people aged 16 to 64 (Nomis)",
    _aps_period,
    tuple(_QUALIFICATIONS),
    {"level-4-qualifications-16-64": _share(["T19:6"], _QUALIFICATIONS)},
)
_BANDS = {
    "enterprises": "Total",
    "enterprises-micro": "Micro (0 to 9)",
    "enterprises-small": "Small (10 to 49)",
    "enterprises-medium": "Medium-sized (50 to 249)",
    "enterprises-large": "Large (250+)",
}
UBC_SIZE = Extract(
    "UK Business Counts: enterprises by employment size band (Nomis)",
    _ubc_period,
    tuple(_BANDS.values()),
    dict(_BANDS),
)
UBC_INDUSTRY = Extract(
    "UK Business Counts: enterprises by broad industry group (Nomis)",
    _ubc_period,
    ("Total",),
    {"enterprises-by-industry": "Total"},
    industry=True,
)


def _source(key: str, extract: Extract, description: str) -> Source:
    from . import Source

    return Source(
        key,
        f"a Nomis extract ({extract.title})",
        (".xlsx",),
        lambda path, name: read_extract(extract, path, name),
        tuple(extract.values),
        description,
    )


def sources() -> list[Source]:
    return [
        _source(
            "nomis-aps-employment",
            APS_EMPLOYMENT,
            "Nomis APS T01: people aged 16 to 64 in employment, and the employment rate.",
        ),
        _source(
            "nomis-aps-qualifications",
            APS_QUALIFICATIONS,
            "Nomis APS T19: highest qualification of people aged 16 to 64 (NVQ4+ share).",
        ),
        _source(
            "nomis-ubc-size",
            UBC_SIZE,
            "Nomis UK Business Counts: enterprises by employment size band.",
        ),
        _source(
            "nomis-ubc-industry",
            UBC_INDUSTRY,
            "Nomis UK Business Counts: enterprises by broad industry group.",
        ),
    ]
