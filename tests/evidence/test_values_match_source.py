"""Every source importer, on its real shipped file: the stored values equal the source cells,
read here straight from the files with xlrd, openpyxl, pyarrow and csv."""

import csv
import re
import warnings

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import xlrd
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from localgrowth.evidence.models import Observation, Release, latest_value
from localgrowth.places.models import Area

pytestmark = pytest.mark.django_db

THANET = "E07000114"


def observation(indicator: str, area: str, period: str, release_file: str, industry=None):
    rows = Observation.objects.filter(
        indicator__code=indicator,
        area__code=area,
        period=period,
        release__file_name=release_file,
    )
    rows = rows.filter(industry__code=industry) if industry else rows.filter(industry=None)
    return rows.get()


def test_gva_per_hour_thanet_2018_is_the_productivity_cell(shipped_evidence, data_dir):
    book = xlrd.open_workbook(str(data_dir / "labourproductivitylocalauthorities.xls"))
    sheet, hours = book.sheet_by_name("A3"), book.sheet_by_name("Productivity Hours")
    row = next(r for r in range(sheet.nrows) if sheet.cell_value(r, 0) == THANET)
    column = sheet.row_values(4).index("Pounds_2018")
    hours_row = next(r for r in range(hours.nrows) if hours.cell_value(r, 0) == THANET)
    stored = latest_value("gva-per-hour-worked", THANET, "2018")
    assert stored is not None
    assert stored.value == sheet.cell_value(row, column) == 25.2
    assert stored.denominator == hours.cell_value(
        hours_row, hours.row_values(4).index("Hours_2018")
    )
    assert stored.cell == f"A3!Q{row + 1}"
    assert stored.release.published.isoformat() == "2024-06-17"


def test_every_productivity_value_is_its_cell(shipped_evidence, data_dir):
    book = xlrd.open_workbook(str(data_dir / "labourproductivitylocalauthorities.xls"))
    release = shipped_evidence["labourproductivitylocalauthorities.xls"]
    rows = release.observations.values_list("cell", "value")
    assert len(rows) == 35_520
    for cell, value in rows:
        sheet_name, reference = cell.split("!")
        letters, number = re.fullmatch(r"([A-Z]+)(\d+)", reference).groups()
        source = book.sheet_by_name(sheet_name)
        assert source.cell_value(int(number) - 1, column_index_from_string(letters) - 1) == value


def test_gva_by_industry_equals_the_parquet_rows(shipped_evidence, data_dir):
    table = pq.read_table(data_dir / "RGVA_LAD.parquet")
    table = table.filter(
        pc.and_(
            pc.equal(table["geography.code"], THANET),
            pc.equal(table["variable.name"], "GVA Current Prices £m"),
        )
    )
    rows = [row for row in table.to_pylist() if row["dates.date"].year == 2018]
    by_industry = {row["industry.code"]: row["value"] for row in rows}
    assert len(by_industry) == 49
    for code in ("Total", "C (10-33)", "61-63", "68IMP"):
        assert (
            observation("gva-by-industry", THANET, "2018", "RGVA_LAD.parquet", code).value
            == (by_industry[code])
        )
    total = observation("gva-current-prices", THANET, "2018", "RGVA_LAD.parquet")
    assert total.value == by_industry["Total"] == 2076.0
    stored = Observation.objects.filter(
        indicator__code="gva-by-industry", area__code=THANET, period="2018"
    )
    assert stored.count() == 49
    sections = stored.filter(industry__level="section")
    assert sections.count() == 18


def test_subnational_csv_values_are_the_cp1252_cells(shipped_evidence, data_dir):
    with (data_dir / "machine_readable.csv").open(encoding="cp1252", newline="") as file:
        rows = list(csv.reader(file))
    header = rows[2]
    wanted = {
        "Employment rate (16–64-year olds)": ("employment-rate-16-64", "Apr21-Mar22"),
        "Gross Value Added (GVA) per hour worked": ("gva-per-hour-worked", "2020"),
        "Average life satisfaction ratings": ("life-satisfaction", "Apr20-Mar21"),
    }
    found = 0
    for row in rows[3:]:
        record = dict(zip(header, row, strict=True))
        if record["AREACD"] == THANET and record["Indicator"] in wanted:
            code, period = wanted[record["Indicator"]]
            stored = observation(code, THANET, period, "machine_readable.csv")
            assert stored.value == float(record["Value"])
            found += 1
    assert found == 3


def test_a_revised_value_is_a_new_release_and_the_newer_one_is_shown(shipped_evidence):
    """Thanet's GVA per hour in 2020: £27.84 in the August 2022 explorer data, £27.6 in the
    June 2024 productivity release. Both are kept; the newer release is the latest value."""
    older = observation("gva-per-hour-worked", THANET, "2020", "machine_readable.csv")
    newer = observation(
        "gva-per-hour-worked", THANET, "2020", "labourproductivitylocalauthorities.xls"
    )
    assert (older.value, newer.value) == (27.84, 27.6)
    assert latest_value("gva-per-hour-worked", THANET, "2020").pk == newer.pk
    latest = Observation.objects.filter(
        indicator__code="gva-per-hour-worked", area__code=THANET, period="2020"
    ).latest_release()
    assert [row.pk for row in latest] == [newer.pk]


def _sheet_rows(path, sheet):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        workbook = load_workbook(path, read_only=True, data_only=True)
    worksheet = workbook[sheet]
    worksheet.reset_dimensions()
    rows = list(worksheet.iter_rows(values_only=True))
    workbook.close()
    return rows


def test_subnational_workbook_weekly_pay_with_confidence_bounds(shipped_evidence, data_dir):
    rows = _sheet_rows(data_dir / "subnatindicators.xlsx", "Weekly pay")
    header = rows[10]
    thanet = dict(zip(header, next(row for row in rows if row[0] == THANET), strict=False))
    stored = observation("median-weekly-pay", THANET, "2023", "subnatindicators.xlsx")
    assert stored.value == thanet["Gross median weekly pay (£)"] == 510.2
    assert stored.lower == thanet["Lower 95% Confidence Interval"]
    assert stored.upper == thanet["Upper 95% Confidence Interval"]
    assert stored.release.published.isoformat() == "2024-03-21"
    employment = observation(
        "employment-rate-16-64", THANET, "Oct22-Sep23", "subnatindicators.xlsx"
    )
    assert (employment.value, employment.lower, employment.upper) == (71.2, 61.5, 80.9)


def test_nomis_employment_rate_is_computed_from_the_count_cells(shipped_evidence, data_dir):
    rows = _sheet_rows(data_dir / "nomis_2023_04_24_143523.xlsx", "Data")
    thanet = next(row for row in rows if row and row[0] == "ladu:Thanet")  # the first block: 2018
    stored = observation(
        "employment-rate-16-64", THANET, "Jan18-Dec18", "nomis_2023_04_24_143523.xlsx"
    )
    all_people, in_employment = thanet[1], thanet[7]
    assert (stored.denominator, stored.numerator) == (all_people, in_employment)
    assert stored.value == 100 * in_employment / all_people
    assert stored.release.published.isoformat() == "2023-04-24"


def test_nomis_business_counts_are_the_cells(shipped_evidence, data_dir):
    rows = _sheet_rows(data_dir / "nomis_2023_04_24_151111.xlsx", "Data")
    thanet = next(row for row in rows if row and row[0] == "ladu:Thanet")
    stored = observation("enterprises", THANET, "Mar 2018", "nomis_2023_04_24_151111.xlsx")
    assert stored.value == thanet[1] == 3865
    large = observation("enterprises-large", THANET, "Mar 2018", "nomis_2023_04_24_151111.xlsx")
    assert large.value == thanet[5]
    rows = _sheet_rows(data_dir / "nomis_2023_04_24_152639.xlsx", "Data")
    thanet = next(row for row in rows if row and row[0] == "ladu:Thanet")  # 2018, industry group 1
    stored = observation(
        "enterprises-by-industry", THANET, "Mar 2018", "nomis_2023_04_24_152639.xlsx", "1"
    )
    assert stored.value == thanet[1]
    assert stored.industry.classification == "broad_group"


def test_nomis_nvq4_share_is_computed_from_the_seven_levels(shipped_evidence, data_dir):
    rows = _sheet_rows(data_dir / "nomis_2023_04_24_144248.xlsx", "Data")
    thanet = next(row for row in rows if row and row[0] == "ladu:Thanet")  # Jan-Dec 2017
    levels = [thanet[1 + 3 * index] for index in range(7)]
    stored = observation(
        "level-4-qualifications-16-64", THANET, "Jan17-Dec17", "nomis_2023_04_24_144248.xlsx"
    )
    assert (stored.numerator, stored.denominator) == (levels[5], sum(levels))


def test_business_demography_counts_are_the_cells(shipped_evidence, data_dir):
    path = data_dir / "businessdemographyexceltables2024.xlsx"
    table_d = _sheet_rows(path, "Table 1.1d")
    table_c = _sheet_rows(path, "Table 1.1c")
    births_2024 = next(row for row in table_d if row[0] and row[0].strip() == THANET)[2]
    births_2021 = next(row for row in table_c if row[0] and row[0].strip() == THANET)[2]
    name = "businessdemographyexceltables2024.xlsx"
    assert observation("business-births", THANET, "2024", name).value == births_2024 == 650
    assert observation("business-births", THANET, "2021", name).value == births_2021
    assert Release.objects.get(file_name=name).published.isoformat() == "2025-11-20"


@pytest.mark.parametrize(
    ("file", "code_column"),
    [("IoD2019.csv", "lad19cd"), ("indices_of_deprivation_2025_lad.csv", "area_code")],
)
def test_deprivation_values_are_the_text_cells(shipped_evidence, data_dir, file, code_column):
    with (data_dir / file).open(encoding="utf-8", newline="") as source:
        rows = [row for row in csv.DictReader(source) if row[code_column] == THANET]
    imd = next(row for row in rows if row["index_domain"] == "Index of Multiple Deprivation")
    period = "2019" if "2019" in file else "2025"
    measures = {
        "imd-average-score": "average_score",
        "imd-rank-average-score": "rank_average_score",
        "imd-most-deprived-decile": "proportion_bottom_decile",
    }
    for indicator, column in measures.items():
        assert observation(indicator, THANET, period, file).value == float(imd[column])
    assert not observation("imd-average-score", THANET, period, file).indicator.comparable_over_time


def test_population_sums_ages_and_sexes(shipped_evidence, data_dir):
    with (data_dir / "population-estimates.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["Area code"] == THANET]
    assert len(rows) == 91
    female, male = "Mid-2022 population (Female)", "Mid-2022 population (Male)"
    total = sum(int(row[female]) + int(row[male]) for row in rows)
    older = sum(int(row[female]) + int(row[male]) for row in rows if int(row["Age"]) >= 65)
    name = "population-estimates.csv"
    assert observation("population", THANET, "mid-2022", name).value == total
    share = observation("population-65-plus-share", THANET, "mid-2022", name)
    assert (share.numerator, share.denominator) == (older, total)
    assert share.value == 100 * older / total


def test_bres_lep_rows_are_matched_by_name(shipped_evidence, data_dir):
    name = "Employment by sector - BRES 2020.csv"
    with (data_dir / name).open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    south_east = next(row for row in rows if row[0] == "lep:South East")
    manufacturing = south_east[header.index("C : Manufacturing")]
    selep = Area.objects.get(code="E37000056")
    stored = Observation.objects.get(
        indicator__code="employees-by-section", area=selep, industry__code="C", period="2020"
    )
    assert stored.value == float(manufacturing)
    england = Observation.objects.filter(
        indicator__code="employees-by-section", area__code="E92000001", period="2020"
    )
    assert sum(england.values_list("value", flat=True)) == 26_673_000
    assert "Skipped 168 rows for NUTS3 areas" in shipped_evidence[name].note
