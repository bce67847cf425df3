"""The official files localgrowth can import, one source importer each:
``localgrowth import indicators SOURCE FILE``. ``docs/evidence-sources.md`` describes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reading import Reading
from . import (
    bres,
    business_demography,
    deprivation,
    nomis,
    population,
    productivity,
    rgva,
    subnational_csv,
    subnational_xlsx,
)

if TYPE_CHECKING:
    from ..importers import EvidenceReport


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    """What file it reads, for messages: "the ONS subregional productivity workbook"."""
    suffixes: tuple[str, ...]
    read: Callable[[Path, str], Reading]
    indicators: tuple[str, ...]
    description: str
    edition_of: Callable[[str], str] | None = None
    """The edition a file is, from its name, when the file itself does not say (BRES year)."""

    def run(
        self,
        path: Path,
        *,
        user: Any = None,
        dry_run: bool = False,
        display_name: str | None = None,
        published: date | None = None,
        **options: Any,
    ) -> EvidenceReport:
        from ..importers import import_indicators

        return import_indicators(
            self,
            path,
            user=user,
            dry_run=dry_run,
            display_name=display_name,
            published=published,
        )


SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source(
            "productivity",
            "the ONS subregional productivity workbook (labourproductivitylocalauthorities.xls)",
            (".xls",),
            productivity.read,
            productivity.INDICATORS,
            "ONS subregional productivity by local authority district: GVA per hour worked and "
            "per filled job (£ and UK = 100), with the hours and jobs they are divided by.",
        ),
        Source(
            "rgva",
            "ONS regional GVA by industry for local authorities, in Parquet (RGVA_LAD.parquet)",
            (".parquet",),
            rgva.read,
            rgva.INDICATORS,
            "ONS regional gross value added (balanced) by industry, current prices, for every "
            "English district, industry and year.",
        ),
        Source(
            "subnational-csv",
            "the ONS Subnational indicators explorer data download (machine_readable.csv)",
            (".csv",),
            subnational_csv.read,
            subnational_csv.CODES,
            "ONS Subnational indicators explorer data download (August 2022 update).",
        ),
        Source(
            "subnational-xlsx",
            "the ONS Subnational indicators explorer workbook (subnatindicators.xlsx)",
            (".xlsx",),
            subnational_xlsx.read,
            subnational_xlsx.CODES,
            "ONS Subnational indicators explorer underlying datasets workbook.",
        ),
        *nomis.sources(),
        Source(
            "business-demography",
            "the ONS business demography reference tables (businessdemographyexceltables*.xlsx)",
            (".xlsx",),
            business_demography.read,
            business_demography.INDICATORS,
            "ONS business demography: births, deaths, active and high-growth enterprises by "
            "district, county and unitary authority.",
        ),
        Source(
            "iod2019",
            "the English Indices of Deprivation 2019 district summaries in long form (CSV)",
            (".csv",),
            deprivation.read_2019,
            deprivation.INDICATORS,
            "English Indices of Deprivation 2019, local authority district summaries.",
        ),
        Source(
            "iod2025",
            "the English Indices of Deprivation 2025 district summaries in long form (CSV)",
            (".csv",),
            deprivation.read_2025,
            deprivation.INDICATORS,
            "English Indices of Deprivation 2025, local authority district summaries.",
        ),
        Source(
            "population",
            "ONS population estimates by single year of age and sex (population-estimates.csv)",
            (".csv",),
            population.read,
            population.INDICATORS,
            "ONS mid-year population estimates, summed over ages and sexes.",
        ),
        Source(
            "bres",
            "a Nomis BRES extract of employees by industry ('Employment by sector - BRES "
            "<year>.csv')",
            (".csv",),
            bres.read,
            bres.INDICATORS,
            "Business Register and Employment Survey: employees by industry section and broad "
            "group, for England and the local enterprise partnerships.",
            edition_of=bres.edition_of,
        ),
    )
}
