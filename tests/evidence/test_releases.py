"""Releases: a file is imported once; a revised file is a new release beside the old one; a file
mislabelled as another edition is refused; a dry run stores nothing; the command reports."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localgrowth.core.importing import ImportFailed
from localgrowth.evidence.models import Observation, Release, latest_value
from localgrowth.evidence.services import SHIPPED, load_evidence
from localgrowth.evidence.sources import SOURCES

from .damage import copy, csv_edit
from .helpers import stored

pytestmark = pytest.mark.django_db

THANET = "E07000114"


def test_importing_the_shipped_files_again_changes_nothing(shipped_evidence):
    before = stored()
    reports = load_evidence()
    assert stored() == before
    assert all(report.already_imported for report in reports)
    assert len(reports) == len(SHIPPED)
    assert reports[0].summary().startswith("Already imported as release 'ONS Subregional")


def test_every_shipped_file_is_one_release_with_values(shipped_evidence):
    assert Release.objects.filter(file_name__in=shipped_evidence).count() == len(SHIPPED)
    for name, release in shipped_evidence.items():
        assert release.observations.exists(), name
        assert len(release.sha256) == 64


def test_a_revised_file_is_a_new_release_and_the_old_values_stay(
    shipped_evidence, data_dir, tmp_path
):
    """A copy of the IoD 2025 summaries with Thanet's IMD score changed, as a correction would
    arrive: a new release, one value revised, every other value as published before."""
    original = latest_value("imd-average-score", THANET, "2025")
    assert original is not None

    def correct(rows):
        header = rows[0]
        row = next(
            row
            for row in rows
            if row[0] == THANET
            and row[header.index("index_domain")] == "Index of Multiple Deprivation"
        )
        row[header.index("average_score")] = "32.1"

    revised = csv_edit(
        data_dir / "indices_of_deprivation_2025_lad.csv",
        tmp_path / "iod2025-corrected.csv",
        correct,
    )
    releases, observations = Release.objects.count(), Observation.objects.count()
    report = SOURCES["iod2025"].run(revised)
    assert (report.new, report.revised, report.same) == (0, 1, 3551)
    assert Release.objects.count() == releases + 1
    assert Observation.objects.count() == observations + 3552
    assert Observation.objects.filter(pk=original.pk, value=original.value).exists()
    versions = Observation.objects.filter(
        indicator__code="imd-average-score", area__code=THANET, period="2025"
    )
    assert sorted(versions.values_list("value", flat=True)) == sorted([original.value, 32.1])
    # Both releases carry the same publication date, so the later import is the latest value.
    assert latest_value("imd-average-score", THANET, "2025").value == 32.1
    assert SOURCES["iod2025"].run(revised).already_imported


def test_a_file_mislabelled_as_another_year_is_refused(shipped_evidence, data_dir, tmp_path):
    """The shared BRES '2015' file is byte for byte the 2020 file."""
    mislabelled = copy(
        data_dir / "Employment by sector - BRES 2020.csv",
        tmp_path / "Employment by sector - BRES 2015.csv",
    )
    before = stored()
    with pytest.raises(ImportFailed) as caught:
        SOURCES["bres"].run(mislabelled)
    assert stored() == before
    [fault] = caught.value.faults
    assert "byte for byte the file 'Employment by sector - BRES 2020.csv' imported as 2020" in str(
        fault
    )


def test_a_dry_run_reports_and_stores_nothing(shipped_evidence, data_dir, tmp_path):
    copy_of = copy(data_dir / "IoD2019.csv", tmp_path / "IoD2019-copy.csv", lambda b: b + b"\n")
    before = stored()
    report = SOURCES["iod2019"].run(copy_of, dry_run=True)
    assert stored() == before
    assert report.summary().startswith("Dry run, nothing stored: 3,468 values")
    assert report.same == 3468


def test_import_command_takes_a_source(shipped_evidence, data_dir, tmp_path):
    copy_of = copy(data_dir / "IoD2019.csv", tmp_path / "IoD2019-copy.csv", lambda b: b + b"\n")
    out = StringIO()
    call_command("import_data", "indicators", "iod2019", str(copy_of), "--dry-run", stdout=out)
    assert "IoD2019-copy.csv: Dry run, nothing stored: 3,468 values" in out.getvalue()
    assert "councils that no longer exist" in out.getvalue()
    with pytest.raises(CommandError, match="Use: import indicators SOURCE FILE, where SOURCE"):
        call_command("import_data", "indicators", "iod1999", str(copy_of), stdout=StringIO())
    with pytest.raises(CommandError, match="'projects' takes only a file"):
        call_command("import_data", "projects", "iod2019", str(copy_of), stdout=StringIO())
    errors = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_data",
            "indicators",
            "productivity",
            str(copy_of),
            stdout=StringIO(),
            stderr=errors,
        )
    assert "reads the ONS subregional productivity workbook" in errors.getvalue()
