"""Each source importer, fed a damaged copy of its real file (a column missing or renamed, text in
a number, an unknown area code, the file cut short, the wrong encoding or format), names the
file, sheet, row and column and what to do, and stores nothing."""

import csv
import io
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from .damage import (
    copy,
    csv_edit,
    cut_in_row,
    replace_everywhere,
    set_cell,
    text_in_cell,
    xls_text_in_number,
    xlsx_edit,
)
from .helpers import refused, text

pytestmark = pytest.mark.django_db

THANET = "E07000114"
FIX = "Download the file again from the publisher, or restore the original."


def only(faults, **place):
    assert len(faults) == 1, text(faults)
    fault = faults[0]
    for name, value in place.items():
        assert getattr(fault, name) == value, (name, str(fault))
    return fault


def row_of(path: Path, sheet: str, first_cell: str) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        workbook = load_workbook(path, read_only=True)
    worksheet = workbook[sheet]
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if row and str(row[0] or "").strip() == first_cell:
            workbook.close()
            return number
    raise AssertionError(first_cell)


# The legacy .xls productivity workbook --------------------------------------------------------


def test_productivity_damaged(shipped_evidence, data_dir, tmp_path):
    source = data_dir / "labourproductivitylocalauthorities.xls"
    data = source.read_bytes()

    renamed = copy(source, tmp_path / "renamed.xls", lambda b: b.replace(b"LAD_Code", b"LAD_Cxde"))
    faults = refused("productivity", renamed)
    assert {(fault.sheet, fault.column) for fault in faults} == {
        (sheet, "LAD_Code")
        for sheet in ("A1", "A3", "B1", "B3", "Productivity Hours", "Productivity Jobs")
    }
    assert "Restore the header row" in faults[0].message

    changed, column = xls_text_in_number(data, "A3", 139, source)
    fault = only(refused("productivity", copy(source, tmp_path / "text.xls", lambda _: changed)))
    assert (fault.sheet, fault.row, fault.column, fault.value) == (
        "A3",
        140,
        f"Pounds_{2004 + column - 2}",
        "Thanet",
    )
    assert "'Thanet' is not a number" in fault.message

    unknown = copy(
        source, tmp_path / "unknown.xls", lambda b: b.replace(b"E07000114", b"E07000999")
    )
    fault = only(refused("productivity", unknown), value="E07000999", sheet="A1", row=140)
    assert "There is no area with the code 'E07000999'" in fault.message

    cut = copy(source, tmp_path / "cut.xls", lambda b: b[: len(b) // 2])
    assert (
        "could not be opened as an Excel 97-2003 workbook"
        in only(refused("productivity", cut)).message
    )

    wrong = copy(data_dir / "IoD2019.csv", tmp_path / "labourproductivity.xls")
    only(refused("productivity", wrong))
    other_kind = copy(source, tmp_path / "productivity.xlsx")
    assert (
        "reads the ONS subregional productivity workbook"
        in only(refused("productivity", other_kind)).message
    )


# Parquet ----------------------------------------------------------------------------------------


@pytest.fixture
def rgva_slice(data_dir, tmp_path):
    """Thanet, Medway and Hastings from the real RGVA file, every variable, industry and year."""
    table = pq.read_table(data_dir / "RGVA_LAD.parquet")
    keep = pc.is_in(table["geography.code"], pa.array([THANET, "E06000035", "E07000062"]))
    return table.filter(keep)


def test_rgva_damaged(shipped_evidence, rgva_slice, tmp_path, data_dir):
    def write(table, name):
        path = tmp_path / name
        pq.write_table(table, path)
        return path

    faults = refused("rgva", write(rgva_slice.drop_columns(["value"]), "missing.parquet"))
    assert only(faults, column="value").message.startswith("The column 'value' is missing")

    values = rgva_slice["value"].cast(pa.string()).to_pylist()
    first = rgva_slice["variable.name"].to_pylist().index("GVA Current Prices £m")
    values[first] = "abc"
    damaged = rgva_slice.set_column(
        rgva_slice.schema.get_field_index("value"), "value", pa.array(values)
    )
    faults = refused("rgva", write(damaged, "text.parquet"))
    fault = only(faults, column="value", value="abc")
    assert fault.row is not None
    assert "is not a number" in fault.message

    codes = rgva_slice["geography.code"].to_pylist()
    codes = ["E07000999" if code == THANET else code for code in codes]
    damaged = rgva_slice.set_column(
        rgva_slice.schema.get_field_index("geography.code"), "geography.code", pa.array(codes)
    )
    only(refused("rgva", write(damaged, "unknown.parquet")), value="E07000999")

    whole = write(rgva_slice, "slice.parquet")
    cut = copy(whole, tmp_path / "cut.parquet", lambda b: b[: len(b) // 2])
    assert "could not be read as Parquet" in only(refused("rgva", cut)).message
    wrong = copy(data_dir / "IoD2019.csv", tmp_path / "rgva.parquet")
    assert "could not be read as Parquet" in only(refused("rgva", wrong)).message


# CSV files --------------------------------------------------------------------------------------


def test_subnational_csv_damaged(shipped_evidence, data_dir, tmp_path):
    source = data_dir / "machine_readable.csv"

    def thanet_gva(row):
        return row[0] == THANET and row[3] == "Gross Value Added (GVA) per hour worked"

    def rename_value(rows):
        rows[2][8] = "Amount"

    fault = only(
        refused("subnational-csv", csv_edit(source, tmp_path / "m.csv", rename_value, "cp1252"))
    )
    assert (fault.row, fault.column) == (3, "Value")

    text_file = csv_edit(source, tmp_path / "t.csv", set_cell(thanet_gva, 8, "abc"), "cp1252")
    fault = only(refused("subnational-csv", text_file), column="Value", value="abc")
    assert fault.row is not None
    assert FIX.split(",")[0].lower() in fault.message.lower()

    unknown = csv_edit(source, tmp_path / "u.csv", set_cell(thanet_gva, 0, "E07000999"), "cp1252")
    only(refused("subnational-csv", unknown), column="AREACD", value="E07000999")

    cut = copy(source, tmp_path / "c.csv", lambda b: cut_in_row(b, THANET.encode()))
    assert "looks cut short" in only(refused("subnational-csv", cut)).message

    utf16 = copy(source, tmp_path / "w.csv", lambda b: b.decode("cp1252").encode("utf-16"))
    assert "UTF-16" in only(refused("subnational-csv", utf16)).message
    garbled = copy(
        source, tmp_path / "g.csv", lambda b: b.replace(b"Hartlepool", b"Hartle\x81pool", 1)
    )
    message = only(refused("subnational-csv", garbled)).message
    assert "is not a character in UTF-8 or Windows-1252" in message
    assert "line 4" in message


@pytest.mark.parametrize(
    ("source", "file", "code_column", "value_column"),
    [
        ("iod2019", "IoD2019.csv", 0, 5),
        ("iod2025", "indices_of_deprivation_2025_lad.csv", 0, 7),
    ],
)
def test_deprivation_damaged(
    shipped_evidence, data_dir, tmp_path, source, file, code_column, value_column
):
    path = data_dir / file

    def thanet(row):
        return row[code_column] == THANET

    def rename(rows):
        rows[0][value_column] = "score"

    fault = only(refused(source, csv_edit(path, tmp_path / "m.csv", rename)))
    assert (fault.row, fault.column) == (1, "average_score")

    fault = only(
        refused(source, csv_edit(path, tmp_path / "t.csv", set_cell(thanet, value_column, "n.a.")))
    )
    assert (fault.column, fault.value) == ("average_score", "n.a.")

    only(
        refused(
            source, csv_edit(path, tmp_path / "u.csv", set_cell(thanet, code_column, "E07000999"))
        )
    )
    cut = copy(path, tmp_path / "c.csv", lambda b: cut_in_row(b, THANET.encode()))
    assert "looks cut short" in only(refused(source, cut)).message
    utf16 = copy(path, tmp_path / "w.csv", lambda b: b.decode("utf-8").encode("utf-16"))
    assert "UTF-16" in only(refused(source, utf16)).message


def test_population_damaged(shipped_evidence, data_dir, tmp_path):
    path = data_dir / "population-estimates.csv"

    def rename(rows):
        rows[0][6] = "Mid-2022 (Male)"

    fault = only(refused("population", csv_edit(path, tmp_path / "m.csv", rename)))
    assert fault.column == "Mid-2022 population (Male)"
    assert "is missing" in fault.message

    def thanet_age_40(row):
        return row[0] == THANET and row[2] == "40"

    faults = refused(
        "population", csv_edit(path, tmp_path / "t.csv", set_cell(thanet_age_40, 4, "1 234x"))
    )
    assert faults[0].column == "Mid-2022 population (Female)"
    assert faults[0].value == "1 234x"

    unknown = csv_edit(
        path,
        tmp_path / "u.csv",
        lambda rows: [row.__setitem__(0, "E07000999") for row in rows if row[0] == THANET],
    )
    only(refused("population", unknown), value="E07000999")

    cut = copy(path, tmp_path / "c.csv", lambda b: cut_in_row(b, THANET.encode()))
    faults = refused("population", cut)
    assert "looks cut short" in faults[0].message
    utf16 = copy(path, tmp_path / "w.csv", lambda b: b.decode("utf-8-sig").encode("utf-16"))
    assert "UTF-16" in only(refused("population", utf16)).message


def test_bres_damaged(shipped_evidence, data_dir, tmp_path):
    path = data_dir / "Employment by sector - BRES 2019.csv"

    def rename(rows):
        rows[0][5] = "Manufacturing"

    target = tmp_path / "Employment by sector - BRES 2019.csv"
    assert "has 20 SIC sections" in only(refused("bres", csv_edit(path, target, rename))).message

    def south_east(row):
        return row[0] == "lep:South East"

    fault = only(refused("bres", csv_edit(path, target, set_cell(south_east, 5, "101k"))))
    assert (fault.row, fault.column, fault.value) == (
        next(
            i
            for i, row in enumerate(csv.reader(io.StringIO(path.read_text("utf-8-sig"))), 1)
            if south_east(row)
        ),
        "C : Manufacturing",
        "101k",
    )
    fault = only(
        refused("bres", csv_edit(path, target, set_cell(south_east, 0, "region:South East")))
    )
    assert fault.column == "Area"
    assert "is not an area" in fault.message

    copy(path, target, lambda b: cut_in_row(b, b"lep:South East"))
    assert "looks cut short" in only(refused("bres", target)).message
    copy(path, target, lambda b: b.decode("utf-8-sig").encode("utf-16"))
    assert "UTF-16" in only(refused("bres", target)).message

    unnamed = copy(path, tmp_path / "employment.csv")
    assert "must give the year" in only(refused("bres", unnamed)).message


# Workbooks --------------------------------------------------------------------------------------


def test_subnational_workbook_damaged(shipped_evidence, data_dir, tmp_path):
    path = data_dir / "subnatindicators.xlsx"
    renamed = replace_everywhere(
        b"Gross median weekly pay (", b"Gross median weekly wage (", path, tmp_path / "m.xlsx"
    )
    fault = only(refused("subnational-xlsx", renamed), sheet="Weekly pay", row=11)
    assert fault.column == "Gross median weekly pay (£)"

    row = row_of(path, "Weekly pay", THANET)
    damaged = xlsx_edit(path, tmp_path / "t.xlsx", {"sheet:Weekly pay": text_in_cell(f"G{row}")})
    fault = only(refused("subnational-xlsx", damaged), sheet="Weekly pay", row=row, value="abc")
    assert fault.column == "Gross median weekly pay (£)"

    unknown = replace_everywhere(b"E07000114", b"E07000999", path, tmp_path / "u.xlsx")
    assert only(refused("subnational-xlsx", unknown)).value == "E07000999"

    cut = copy(path, tmp_path / "c.xlsx", lambda b: b[: len(b) // 2])
    assert (
        "could not be opened as an Excel workbook" in only(refused("subnational-xlsx", cut)).message
    )
    wrong = copy(data_dir / "machine_readable.csv", tmp_path / "w.xlsx")
    only(refused("subnational-xlsx", wrong))


def test_business_demography_damaged(shipped_evidence, data_dir, tmp_path):
    path = data_dir / "businessdemographyexceltables2024.xlsx"
    header = xlsx_edit(path, tmp_path / "m.xlsx", {"sheet:Table 1.1d": text_in_cell("C4", "Year")})
    fault = only(refused("business-demography", header), sheet="Table 1.1d", row=4)
    assert "head the value columns with years" in fault.message

    row = row_of(path, "Table 1.1d", THANET)
    damaged = xlsx_edit(
        path, tmp_path / "t.xlsx", {"sheet:Table 1.1d": text_in_cell(f"C{row}", "c. 650")}
    )
    only(refused("business-demography", damaged), sheet="Table 1.1d", row=row, column="2024")

    unknown = xlsx_edit(
        path, tmp_path / "u.xlsx", {"sheet:Table 1.1d": text_in_cell(f"A{row}", "E07000999")}
    )
    only(refused("business-demography", unknown), sheet="Table 1.1d", row=row, value="E07000999")

    cut = copy(path, tmp_path / "c.xlsx", lambda b: b[: len(b) // 2])
    only(refused("business-demography", cut))
    wrong = copy(data_dir / "labourproductivitylocalauthorities.xls", tmp_path / "w.xlsx")
    only(refused("business-demography", wrong))


def test_nomis_damaged(shipped_evidence, data_dir, tmp_path):
    path = data_dir / "nomis_2023_04_24_143523.xlsx"
    missing = replace_everywhere(b"T01:28 ", b"T01:99 ", path, tmp_path / "m.xlsx")
    faults = refused("nomis-aps-employment", missing)
    assert len(faults) == 5  # one per block (year)
    assert {(fault.sheet, fault.column) for fault in faults} == {("Data", "T01:28")}
    assert "Extract the table again from Nomis" in faults[0].message

    row = row_of(path, "Data", "ladu:Thanet")
    damaged = xlsx_edit(
        path, tmp_path / "t.xlsx", {"sheet:Data": text_in_cell(f"B{row}", "83,1OO")}
    )
    only(refused("nomis-aps-employment", damaged), sheet="Data", row=row, column="T01:22")

    cut = copy(path, tmp_path / "c.xlsx", lambda b: b[: len(b) // 2])
    only(refused("nomis-aps-employment", cut))
    wrong = copy(data_dir / "population-estimates.csv", tmp_path / "w.xlsx")
    only(refused("nomis-aps-employment", wrong))
