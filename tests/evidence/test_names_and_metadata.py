"""Nomis names matched to areas (every name that fails is listed), the indicator catalogue, the
latest-release helpers and the CSVW metadata."""

import re
import warnings

import pytest
from openpyxl import load_workbook

from localgrowth.evidence.catalogue import catalogue_rows, sync_catalogue
from localgrowth.evidence.csvw import csvw_metadata
from localgrowth.evidence.models import Aggregation, Indicator, Observation
from localgrowth.evidence.sources import SOURCES
from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.places.models import Area

from .damage import replace_everywhere

pytestmark = pytest.mark.django_db

NOMIS_T01 = "nomis_2023_04_24_143523.xlsx"


def test_every_nomis_name_is_matched_or_listed(shipped_evidence, data_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        workbook = load_workbook(data_dir / NOMIS_T01, read_only=True)
    sheet = workbook["Data"]
    sheet.reset_dimensions()
    names = {
        str(row[0]).partition(":")[2].strip()
        for row in sheet.iter_rows(values_only=True)
        if row and str(row[0] or "").startswith(("ladu:", "lep:"))
    }
    workbook.close()
    matched = set(
        Area.objects.filter(observations__release__file_name=NOMIS_T01).values_list(
            "name", flat=True
        )
    )
    note = shipped_evidence[NOMIS_T01].note
    reasons = {
        match.group(1) for match in re.finditer(r"^  (.+) \(\d+ rows\)$", note, re.MULTILINE)
    }
    listed = {reason.split(":")[0] for reason in reasons}
    held = set(
        Area.objects.filter(
            area_type__in=["district", "partnership"], valid_to__isnull=True
        ).values_list("name", flat=True)
    )
    assert names - listed <= held  # each name not listed is an area's name
    assert names & listed & held == set()
    assert len(names - listed) > 300
    assert {
        "Allerdale",
        "Buckinghamshire Thames Valley",
        "Hull and East Riding",
        "Cardiff",
    } <= listed
    assert "Allerdale: a council abolished 2023-04-01, now Cumberland" in reasons
    assert "Cardiff: a council in Wales, outside England" in reasons
    assert "Hull and East Riding: no local enterprise partnership of this name or alias" in reasons
    # SELEP's LEP row is the current partnership area, not the South East region.
    selep = Observation.objects.filter(release__file_name=NOMIS_T01, area__code="E37000056")
    assert selep.count() == 5
    # Southend-on-Sea is named in full; Folkestone and Hythe by its current name.
    assert {"Southend-on-Sea", "Folkestone and Hythe", "Thanet"} <= matched


def test_a_misspelt_nomis_name_is_listed_not_guessed(shipped_evidence, data_dir, tmp_path):
    damaged = replace_everywhere(
        b"ladu:Thanet", b"ladu:Thannet", data_dir / NOMIS_T01, tmp_path / "nomis.xlsx"
    )
    report = SOURCES["nomis-aps-employment"].run(damaged)
    assert (
        report.skipped.unmatched_names[
            "Thannet: no district or unitary authority of this name or alias"
        ]
        == 5
    )
    assert any("Thannet" in line for line in report.lines())


def test_catalogue_is_loaded_and_sync_is_idempotent(shipped_evidence):
    rows = catalogue_rows()
    assert Indicator.objects.count() >= len({row["code"] for row in rows}) - 5
    sync_catalogue()
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert codes == {row["code"] for row in rows}
    before = list(Indicator.objects.order_by("code").values())
    sync_catalogue()
    assert list(Indicator.objects.order_by("code").values()) == before
    kinds = set(Theme.objects.filter(indicators__isnull=False).values_list("kind", flat=True))
    assert kinds <= {ThemeKind.AIM, ThemeKind.FOUNDATION, ThemeKind.GRAND_CHALLENGE}
    for indicator in Indicator.objects.all():
        if indicator.aggregation == Aggregation.RATIO:
            assert indicator.denominator_title, indicator.code
        if indicator.aggregation == Aggregation.NONE:
            assert indicator.aggregation_note, indicator.code


def test_every_shipped_indicator_has_values(shipped_evidence):
    empty = Indicator.objects.filter(observations__isnull=True).values_list("code", flat=True)
    assert list(empty) == []


def test_latest_release_keeps_one_value_per_key(shipped_evidence):
    indicator = Indicator.objects.get(code="gva-per-hour-worked")
    latest = indicator.latest_observations().filter(area__code="E07000114")
    periods = list(latest.values_list("period", flat=True))
    assert len(periods) == len(set(periods)) == 19  # 2004 to 2022, once each
    by_period = {row.period: row.release.file_name for row in latest.select_related("release")}
    assert by_period["2021"] == "labourproductivitylocalauthorities.xls"


def test_csvw_metadata_describes_the_observations_csv():
    indicator = Indicator(
        code="gva-per-hour-worked",
        title="GVA per hour worked",
        unit="£",
        theme_id="aim-productivity",
        source_publisher="Office for National Statistics",
        source_url="https://www.ons.gov.uk/",
        period_type="year",
        aggregation="ratio",
        numerator_title="Gross value added",
        denominator_title="Hours worked per week",
        method_note="Current prices.",
    )
    metadata = csvw_metadata(indicator, "gva-per-hour-worked.csv")
    assert metadata["@context"][0] == "http://www.w3.org/ns/csvw"
    assert metadata["url"] == "gva-per-hour-worked.csv"
    assert metadata["dc:license"]["@id"].startswith("https://www.nationalarchives.gov.uk/doc/open")
    assert metadata["dc:rights"].startswith("Source: Office for National Statistics")
    columns = {column["name"]: column for column in metadata["tableSchema"]["columns"]}
    assert columns["value"]["datatype"] == "double"
    assert columns["value"]["titles"] == "GVA per hour worked"
    assert columns["value"]["dc:unit"]["dc:description"] == "£"
    assert columns["denominator"]["titles"] == "Hours worked per week"
    assert columns["period_start"]["datatype"] == "date"
    assert "industry_code" not in columns
    assert metadata["tableSchema"]["primaryKey"] == ["area_code", "period", "release"]


def test_evidence_sources_doc_covers_every_source_and_indicator():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "evidence-sources.md").read_text()
    for key, source in SOURCES.items():
        assert f"`{key}`" in doc, key
        for code in source.indicators:
            short = code.rsplit("-", 1)[-1]
            assert f"`{code}`" in doc or f"`-{short}`" in doc, code
