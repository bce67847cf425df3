"""The Places sheet of the candidates workbook: the districts each candidate serves, by GSS code
or exact name; a place that is not one district is a fault, and a faulty file stores nothing."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from localgrowth.prioritisation.models import Call, Candidate

pytestmark = pytest.mark.django_db

CALL = "places-call"


@pytest.fixture
def call():
    return Call.objects.create(
        slug=CALL,
        name="Places test call",
        opens=date(2018, 7, 1),
        budget_total=D("2000000"),
        spend_deadline=date(2021, 3, 31),
        illustrative=True,
    )


def workbook(tmp_path, places, titles=None, name="candidates.xlsx"):
    """A filled-in template: candidates A and B, and the Places rows given as (reference,
    place) pairs."""
    path = tmp_path / name
    call_command("template", "candidates", str(path), stdout=StringIO())
    book = load_workbook(path)
    sheets = {
        "Candidates": [
            {
                "call": CALL,
                "reference": reference,
                "title": (titles or {}).get(reference, f"Scheme {reference}"),
                "grant": 500000,
                "deliverability": 4,
                "risk": 2,
            }
            for reference in ("A", "B")
        ],
        "Places": [
            {"call": CALL, "reference": reference, "place": place} for reference, place in places
        ],
    }
    for sheet_name, rows in sheets.items():
        sheet = book[sheet_name]
        header = [cell.value for cell in sheet[1]]
        for row in rows:
            sheet.append([row.get(column) for column in header])
    book.save(path)
    return path


def import_file(path):
    out = StringIO()
    call_command("import_data", "candidates", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def faults_of(path):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_data", "candidates", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue()


def places_of(reference):
    candidate = Candidate.objects.get(call__slug=CALL, reference=reference)
    return sorted(candidate.places.values_list("code", flat=True))


def places_history():
    return apps.get_model("prioritisation", "HistoricalCandidate_places").objects.count()


def test_the_blank_template_has_the_places_sheet(tmp_path):
    path = tmp_path / "blank.xlsx"
    call_command("template", "candidates", str(path), stdout=StringIO())
    assert [cell.value for cell in load_workbook(path)["Places"][1]] == [
        "call",
        "reference",
        "place",
    ]


def test_places_by_code_or_exact_name_are_stored_and_reimport_is_unchanged(call, tmp_path):
    path = workbook(
        tmp_path,
        [("A", "E07000114"), ("A", "swale"), ("B", "Southend-on-Sea"), ("B", "e06000034")],
    )
    assert "2 created, 0 updated, 0 unchanged" in import_file(path)
    assert places_of("A") == ["E07000113", "E07000114"]
    assert places_of("B") == ["E06000033", "E06000034"]
    history = Candidate.history.count()
    assert "0 created, 0 updated, 2 unchanged" in import_file(path)
    assert Candidate.history.count() == history


def test_places_given_again_replace_the_stored_ones(call, tmp_path):
    import_file(workbook(tmp_path, [("A", "Thanet"), ("A", "Swale"), ("B", "Hastings")]))
    again = workbook(tmp_path, [("A", "Canterbury")], name="again.xlsx")
    assert "0 created, 1 updated, 1 unchanged" in import_file(again)
    assert places_of("A") == ["E07000106"]
    # A candidate with no rows on the sheet keeps its places.
    assert places_of("B") == ["E07000062"]


def test_an_unknown_place_is_a_fault_and_nothing_is_stored(call, tmp_path):
    errors = faults_of(workbook(tmp_path, [("A", "Thanet"), ("B", "Atlantis")]))
    assert (
        "sheet 'Places', row 3, column 'place': There is no district "
        "'Atlantis'. Give a district's GSS code, such as E07000114, or its exact name"
    ) in errors
    assert not Candidate.objects.exists()


def test_a_county_where_a_district_is_expected_is_a_fault(call, tmp_path):
    errors = faults_of(workbook(tmp_path, [("A", "E10000016"), ("B", "SELEP-KM")]))
    assert (
        "sheet 'Places', row 2, column 'place': 'E10000016' is Kent "
        "(E10000016), a county, not a district. Give each district, unitary or metropolitan "
        "authority the candidate serves, one row each."
    ) in errors
    assert "row 3, column 'place': 'SELEP-KM' is" in errors
    assert "a federated area, not a district" in errors
    assert not Candidate.objects.exists()


def test_a_place_given_twice_and_an_unknown_candidate_are_faults(call, tmp_path):
    path = workbook(tmp_path, [("A", "E07000114"), ("A", "Thanet"), ("Z", "Swale")])
    errors = faults_of(path)
    assert (
        "sheet 'Places', row 3, column 'place': A already has Thanet "
        "(E07000114) on row 2. Give each place once."
    ) in errors
    assert "sheet 'Places', row 4, column 'reference': There is no candidate 'Z'" in (errors)


def test_a_faulty_file_leaves_the_stored_data_untouched(call, tmp_path):
    import_file(workbook(tmp_path, [("A", "Thanet"), ("B", "Hastings")]))
    before = {
        "titles": dict(Candidate.objects.values_list("reference", "title")),
        "A": places_of("A"),
        "B": places_of("B"),
        "history": Candidate.history.count(),
        "places": Candidate.places.through.objects.count(),
        "places history": places_history(),
    }
    faulty = workbook(
        tmp_path,
        [("A", "Canterbury"), ("B", "Kent")],
        titles={"A": "Renamed", "B": "Renamed too"},
        name="faulty.xlsx",
    )
    errors = faults_of(faulty)
    assert "row 3, column 'place': 'Kent' is Kent (E10000016), a county, not a district" in errors
    after = {
        "titles": dict(Candidate.objects.values_list("reference", "title")),
        "A": places_of("A"),
        "B": places_of("B"),
        "history": Candidate.history.count(),
        "places": Candidate.places.through.objects.count(),
        "places history": places_history(),
    }
    assert after == before
    assert before["A"] == ["E07000114"]
