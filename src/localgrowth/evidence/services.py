"""Evidence services: load the shipped official files.

``load_evidence`` imports every file in ``data/`` (see ``data/PROVENANCE.md``) through its source
importer, exactly as ``localgrowth import indicators SOURCE FILE`` would. A file already imported
is recognised by its checksum and skipped, so running it again changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .importers import EvidenceReport, import_indicators
from .sources import SOURCES

DATA = Path(__file__).resolve().parent / "data"
SHIPPED: tuple[tuple[str, str], ...] = (
    ("productivity", "labourproductivitylocalauthorities.xls"),
    ("rgva", "RGVA_LAD.parquet"),
    ("subnational-csv", "machine_readable.csv"),
    ("subnational-xlsx", "subnatindicators.xlsx"),
    ("nomis-aps-employment", "nomis_2023_04_24_143523.xlsx"),
    ("nomis-aps-qualifications", "nomis_2023_04_24_144248.xlsx"),
    ("nomis-ubc-size", "nomis_2023_04_24_151111.xlsx"),
    ("nomis-ubc-industry", "nomis_2023_04_24_152639.xlsx"),
    ("business-demography", "businessdemographyexceltables2024.xlsx"),
    ("iod2019", "IoD2019.csv"),
    ("iod2025", "indices_of_deprivation_2025_lad.csv"),
    ("population", "population-estimates.csv"),
    *(("bres", f"Employment by sector - BRES {year}.csv") for year in range(2016, 2021)),
)
"""(source, file) for each shipped file, in the order they are loaded."""


def load_evidence(say: Callable[[str], Any] | None = None) -> list[EvidenceReport]:
    """Import every shipped evidence file; each in its own transaction. Needs England's places
    and the framework themes loaded first."""
    started = time.perf_counter()
    reports = []
    for source, name in SHIPPED:
        report = import_indicators(SOURCES[source], DATA / name)
        reports.append(report)
        if say is not None:
            say(f"Evidence, {name}: {report.summary()}")
    if say is not None:
        stored = sum(report.stored for report in reports)
        say(
            f"Evidence base: {len(reports)} files, {stored:,} values stored, in "
            f"{time.perf_counter() - started:.1f} s."
        )
    return reports
