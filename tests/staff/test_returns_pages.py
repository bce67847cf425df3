"""The staff pages of monitoring returns: the list, the workbook download, uploading (valid,
faulty and unreadable files), a return with its decision, and two versions compared."""

from __future__ import annotations

import io
import os
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from localgrowth.projects.models import OutputType
from localgrowth.returns.models import Return, ReturnOutput, ReturnSpend, ReturnStatus

from .conftest import (
    OTHER_REFERENCE,
    REFERENCE,
    XLSX,
    filled_workbook,
    make_project,
    make_user,
    page_of,
    put,
    quick_return,
    snapshot,
    submit,
    upload_of,
)

pytestmark = pytest.mark.django_db


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_every_version_newest_first_with_status_tags(
    project, editor, viewer, signed_in
):
    first = quick_return(project, 1, editor, status=ReturnStatus.RETURNED)
    second = quick_return(project, 2, editor, illustrative=True)
    page = page_of(signed_in(viewer).get(reverse("staff:returns")))
    rows = page.table_rows("returns-table")
    assert [row[2] for row in rows] == ["2", "1"]  # newest first
    assert rows[0][0].startswith(f"{REFERENCE}, 2019/20 Q3, version 2 Harlow Enterprise Zone")
    assert rows[0][1] == "2019/20 Q3"
    assert rows[0][3] == "Submitted Illustrative"
    assert rows[1][3] == "Returned for correction"
    assert "by editor" in rows[0][4]
    links = [a.get("href") for a in page.by_id("returns-table").iter("a")]
    assert links == [f"/staff/returns/{second.pk}/", f"/staff/returns/{first.pk}/"]
    assert "The 2 returns, newest first" in page.text()
    # A viewer may not upload or download workbooks, so is not offered them.
    assert "Upload a return" not in page.text()
    assert page.by_id("workbook-reference") is None


def test_the_list_filters_by_status_and_quarter(project, editor, signed_in):
    quick_return(project, 1, editor, status=ReturnStatus.RETURNED)
    quick_return(project, 2, editor)
    Return.objects.create(
        project=project,
        financial_year="2019/20",
        quarter=2,
        period_end="2019-09-30",
        version=1,
        status=ReturnStatus.APPROVED,
    )
    client = signed_in(editor)
    page = page_of(client.get(reverse("staff:returns"), {"status": "submitted"}))
    assert [row[2] for row in page.table_rows("returns-table")] == ["2"]
    page = page_of(client.get(reverse("staff:returns"), {"quarter": "2019/20 Q2"}))
    assert [row[1] for row in page.table_rows("returns-table")] == ["2019/20 Q2"]
    options = [o.get("value") for o in page.by_id("quarter").iter("option")]
    assert options == ["", "2019/20 Q3", "2019/20 Q2"]
    page = page_of(
        client.get(reverse("staff:returns"), {"status": "approved", "quarter": "2019/20 Q3"})
    )
    assert page.by_id("returns-table") is None
    assert "No returns match these filters" in page.text()
    # The workbook form and upload link are there for an editor.
    assert page.by_id("workbook-reference") is not None
    assert "Upload a return" in page.text()


def test_an_unknown_filter_is_a_form_error(project, editor, signed_in):
    response = signed_in(editor).get(reverse("staff:returns"), {"status": "lost", "page": "x"})
    page = page_of(response, 400)
    assert page.error_summary() == [("Select a status from the list", "#status")]
    assert page.error_messages() == {"status": "Select a status from the list"}


def test_the_list_is_paged_200_at_a_time(project, viewer, signed_in):
    Return.objects.bulk_create(
        Return(
            project=project,
            financial_year="2019/20",
            quarter=3,
            period_end="2019-12-31",
            version=n,
            status=ReturnStatus.RETURNED,
        )
        for n in range(1, 203)
    )
    client = signed_in(viewer)
    page = page_of(client.get(reverse("staff:returns"), {"status": "returned"}))
    assert len(page.table_rows("returns-table")) == 200
    assert "Returns 1 to 200 of the 202 matching the filters" in page.text()
    assert "/staff/returns/?status=returned&page=2" in [a.get("href") for a in page.tree.iter("a")]
    page = page_of(client.get(reverse("staff:returns"), {"status": "returned", "page": "2"}))
    assert len(page.table_rows("returns-table")) == 2


# The workbook -----------------------------------------------------------------------------------


def test_an_editor_downloads_a_projects_prefilled_workbook(project, editor, signed_in):
    response = signed_in(editor).get(
        reverse("staff:return-workbook"),
        {"workbook-reference": REFERENCE, "workbook-quarter": "2019/20 Q3"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{REFERENCE}-2019-20-Q3.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["About"]["B3"].value == REFERENCE
    assert workbook["About"]["B6"].value == "2019/20 Q3"


def test_the_workbook_form_says_what_is_wrong(project, editor, signed_in):
    client = signed_in(editor)
    page = page_of(client.get(reverse("staff:return-workbook")))
    assert page.error_summary() == []
    response = client.get(
        reverse("staff:return-workbook"), {"workbook-reference": "NOPE", "workbook-quarter": "Q3"}
    )
    page = page_of(response, 400)
    assert page.error_summary() == [
        (
            "There is no project with that reference: check it in the project register",
            "#workbook-reference",
        ),
        (
            "Enter the quarter as its financial year and quarter, like 2019/20 Q3",
            "#workbook-quarter",
        ),
    ]
    assert set(page.error_messages()) == {"workbook-reference", "workbook-quarter"}
    field = page.by_id("workbook-reference")
    assert field.get("aria-describedby") == "workbook-reference-hint workbook-reference-error"
    assert field.get("value") == "NOPE"


# Uploading ----------------------------------------------------------------------------------------


def test_a_valid_upload_stores_version_1_and_says_so(project, editor, signed_in, tmp_path):
    client = signed_in(editor)
    page_of(client.get(reverse("staff:return-upload")))
    path = filled_workbook(project, tmp_path)
    response = client.post(reverse("staff:return-upload"), {"file": upload_of(path, "Q3.xlsx")})
    stored = Return.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("staff:return", args=[stored.pk])
    assert (stored.version, stored.status, stored.submitted_by) == (1, "submitted", editor)
    assert stored.source_file == "Q3.xlsx"
    page = page_of(client.get(response["Location"]))
    assert "Version 1 of STAFF-0001's return for 2019/20 Q3 was submitted" in page.banner()
    # The banner is shown once.
    assert page_of(client.get(response["Location"])).banner() == ""
    # Uploading again adds version 2.
    client.post(reverse("staff:return-upload"), {"file": upload_of(path, "Q3 again.xlsx")})
    assert list(Return.objects.values_list("version", flat=True)) == [1, 2]


FAULTY = {
    "two type faults": (
        [put("Spend", "C5", "lots"), put("Risks", "B2", 9)],
        [("Spend", "C5", "T02", "not an amount of money"), ("Risks", "B2", "T07", "1 to 5")],
    ),
    "over the grant and unsigned": (
        [put("Spend", "C5", 4500000), put("Sign-off", "B3", None)],
        [
            ("Spend", "C5", "X02", "more than the grant"),
            ("Sign-off", "B3", "X15", "signed off"),
        ],
    ),
    "another project and a formula": (
        [put("About", "B3", "NOPE-1"), put("Outputs", "E4", "=1+1")],
        [("About", "B3", "R01", "no project with"), ("Outputs", "E4", "S05", "formula")],
    ),
    "a sheet missing": (
        [lambda workbook: workbook.remove(workbook["Risks"])],
        [("Risks", "", "S01", "no sheet named 'Risks'")],
    ),
}


@pytest.mark.parametrize("case", FAULTY, ids=list(FAULTY))
def test_a_faulty_upload_lists_every_fault_and_stores_nothing(
    case, project, editor, signed_in, tmp_path
):
    changes, expected = FAULTY[case]

    def change(workbook):
        for each in changes:
            each(workbook)

    path = filled_workbook(project, tmp_path, "faulty.xlsx", change)
    before = snapshot()
    response = signed_in(editor).post(reverse("staff:return-upload"), {"file": upload_of(path)})
    page = page_of(response, 400)
    assert snapshot() == before
    assert not Return.objects.exists()
    summary = page.error_summary()
    table = page.table_rows("faults-table")
    assert len(summary) == len(table) >= len(expected)
    for index, (text, href) in enumerate(summary, start=1):
        assert href == f"#fault-{index}"
        assert page.by_id(f"fault-{index}") is not None
        assert text.endswith("]")
    for sheet, cell, rule, words in expected:
        place = f"Sheet {sheet}, cell {cell}: " if cell else f"Sheet {sheet}: "
        found = [
            text for text, _ in summary if text.startswith(place) and text.endswith(f"[{rule}]")
        ]
        assert found, (place, rule, summary)
        assert words in found[0]
        assert [sheet, cell or "–"] in [row[:2] for row in table if row[4] == rule]
    assert "There is a problem with faulty.xlsx" in page.text()
    assert "Nothing was stored" in page.text()


def _random_bytes() -> bytes:
    return os.urandom(4096)


def _wrong_shape() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Not a return"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "status", "field_error", "rule"),
    [
        ("random.xlsx", _random_bytes(), 400, "", "S06"),
        ("random.csv", _random_bytes(), 400, "", ""),
        ("notes.txt", b"some notes", 400, "must be an Excel workbook (.xlsx) or a CSV file", ""),
        ("shape.xlsx", _wrong_shape(), 400, "", "S01"),
        ("empty.xlsx", b"", 400, "The selected file is empty", ""),
        ("", None, 400, "Select a return workbook", ""),
    ],
    ids=["random bytes", "random csv", "a .txt", "wrong shape", "empty", "no file"],
)
def test_bad_files_are_refused_without_an_error_page(
    name, content, status, field_error, rule, project, editor, signed_in
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {} if content is None else {"file": SimpleUploadedFile(name, content)}
    before = snapshot()
    page = page_of(signed_in(editor).post(reverse("staff:return-upload"), data), status)
    assert snapshot() == before
    summary = page.error_summary()
    assert summary
    if field_error:
        assert field_error in page.error_messages()["file"]
        assert summary[0][1] == "#file"
    else:
        assert page.table_rows("faults-table")
    if rule:
        assert any(text.endswith(f"[{rule}]") for text, _ in summary), summary


def test_a_file_too_large_is_refused(project, editor, signed_in, settings, tmp_path):
    settings.LOCALGROWTH_MAX_UPLOAD_BYTES = 1024 * 1024
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    page = page_of(
        signed_in(editor).post(reverse("staff:return-upload"), {"file": upload_of(path)}), 400
    )
    assert page.error_messages() == {"file": "The selected file must be smaller than 1MB"}
    assert not Return.objects.exists()


# A return ---------------------------------------------------------------------------------------


def test_the_return_page_shows_the_whole_return(project, editor, approver, signed_in, tmp_path):
    stored = submit(project, tmp_path, editor)
    page = page_of(signed_in(approver).get(reverse("staff:return", args=[stored.pk])))
    assert page.find(".//h1").text.strip() == f"{REFERENCE} return for 2019/20 Q3, version 1"
    summary = page.text()
    for words in (
        "Quarter 2019/20 Q3, ending 31 December 2019",
        "Version 1 of 1",
        "by editor",
        "Jane Smith, Section 151 officer, on 20 January 2020",
        "Works began on site in October",
        "return.xlsx",
        stored.source_sha256,
    ):
        assert words in summary, words
    assert ["2019/20", "Actual", "£800,000"] in page.table_rows("spend-table")
    assert ["Jobs created", "2019/20", "Actual", "40", "jobs"] in page.table_rows("outputs-table")
    risks = page.table_rows("risks-table")
    assert risks[0][:4] == ["Contractor cost inflation", "4", "4", "16"]
    assert risks[1][:4] == ["Utility diversions take longer", "2", "3", "6"]
    milestones = page.table_rows("milestones-table")
    assert milestones[0] == [
        "Planning consent",
        "30 June 2019",
        "Not recorded",
        "15 July 2019",
        "Complete",
    ]
    # An approver who did not submit it may decide.
    assert page.by_id("approve") is not None
    assert page.by_id("reason") is not None
    assert "This is the only version" in page.text()


def test_the_decision_is_offered_only_to_an_approver_who_did_not_submit(
    project, editor, approver, signed_in, tmp_path
):
    administrator = make_user("administrator", "admin")
    own = quick_return(project, 1, administrator)
    page = page_of(signed_in(editor).get(reverse("staff:return", args=[own.pk])))
    assert page.by_id("approve") is None
    assert "waiting for an approver" in page.text()
    page = page_of(signed_in(administrator).get(reverse("staff:return", args=[own.pk])))
    assert page.by_id("approve") is None
    assert "You submitted this version, so another approver must decide on it" in page.text()


def test_approving_through_the_page(project, editor, approver, signed_in, tmp_path):
    stored = submit(project, tmp_path, editor)
    client = signed_in(approver)
    response = client.post(reverse("staff:return-approve", args=[stored.pk]))
    assert response.status_code == 303
    assert response["Location"] == reverse("staff:return", args=[stored.pk])
    stored.refresh_from_db()
    assert (stored.status, stored.decided_by) == (ReturnStatus.APPROVED, approver)
    page = page_of(client.get(response["Location"]))
    assert "Version 1 of STAFF-0001's return for 2019/20 Q3 was approved" in page.banner()
    assert page.by_id("approve") is None
    # Deciding twice is refused, and said so.
    before = snapshot()
    response = client.post(reverse("staff:return-approve", args=[stored.pk]))
    page = page_of(response, 409)
    assert page.error_summary() == [
        ("This return is approved, so it cannot be decided again.", "#decision")
    ]
    assert snapshot() == before


def test_get_on_a_decision_is_not_allowed(project, editor, approver, signed_in):
    stored = quick_return(project, 1, editor)
    client = signed_in(approver)
    assert client.get(reverse("staff:return-approve", args=[stored.pk])).status_code == 405
    assert client.get(reverse("staff:return-send-back", args=[stored.pk])).status_code == 405
    stored.refresh_from_db()
    assert stored.status == ReturnStatus.SUBMITTED


def test_sending_back_needs_a_reason(project, editor, approver, signed_in):
    stored = quick_return(project, 1, editor)
    client = signed_in(approver)
    before = snapshot()
    response = client.post(reverse("staff:return-send-back", args=[stored.pk]), {"reason": "  "})
    page = page_of(response, 400)
    message = "Enter why the return is being sent back, so the project can correct it"
    assert page.error_summary() == [(message, "#reason")]
    assert page.error_messages() == {"reason": message}
    assert snapshot() == before
    response = client.post(
        reverse("staff:return-send-back", args=[stored.pk]),
        {"reason": "The 2019/20 actual does not match the claim."},
    )
    assert response.status_code == 303
    stored.refresh_from_db()
    assert stored.status == ReturnStatus.RETURNED
    page = page_of(client.get(response["Location"]))
    assert "was returned for correction" in page.banner()
    assert "Reason for returning The 2019/20 actual does not match the claim." in page.text()


def test_an_older_version_cannot_be_decided(project, editor, approver, signed_in):
    older = quick_return(project, 1, editor)
    newer = quick_return(project, 2, editor)
    client = signed_in(approver)
    page = page_of(client.get(reverse("staff:return", args=[older.pk])))
    assert page.by_id("approve") is None
    assert "Version 2 of this return has been submitted since" in page.text()
    before = snapshot()
    page = page_of(client.post(reverse("staff:return-approve", args=[older.pk])), 409)
    assert page.error_summary() == [
        ("Version 2 of this return has been submitted since; decide on that version.", "#decision")
    ]
    assert snapshot() == before
    # The newer one links to the older for comparison.
    page = page_of(client.get(reverse("staff:return", args=[newer.pk])))
    link = page.by_id("compare-link")
    assert link.get("href") == reverse("staff:return-compare", args=[newer.pk, older.pk])
    assert "Compare with version 1" in link.text


def test_approving_your_own_submission_is_refused(project, signed_in):
    administrator = make_user("administrator", "admin")
    stored = quick_return(project, 1, administrator)
    before = snapshot()
    page = page_of(
        signed_in(administrator).post(reverse("staff:return-approve", args=[stored.pk])), 409
    )
    assert "You submitted this yourself" in page.error_summary()[0][0]
    assert snapshot() == before


def test_a_missing_return_is_404(viewer, signed_in):
    assert signed_in(viewer).get(reverse("staff:return", args=[999999])).status_code == 404


# Two versions compared --------------------------------------------------------------------------


def test_compare_marks_lines_added_removed_changed_and_unchanged(
    project, editor, viewer, signed_in, tmp_path
):
    first = submit(project, tmp_path, editor, name="v1.xlsx")

    def revise(workbook):
        workbook["Spend"]["C5"] = 850000  # 2019/20 actual: changed
        workbook["Milestones"]["A3"] = None  # 'Construction start' removed...
        for column in "BCDE":
            workbook["Milestones"][f"{column}3"] = None
        workbook["Milestones"]["A3"] = "Road opens"  # ...and another added in its place
        workbook["Milestones"]["B3"] = datetime(2020, 6, 1)
        workbook["Milestones"]["C3"] = datetime(2020, 6, 1)
        workbook["Milestones"]["E3"] = "On track"
        workbook["Risks"]["B3"] = 3  # likelihood 2 → 3
        workbook["Sign-off"]["B6"] = "Works continue."

    second = submit(project, tmp_path, editor, revise, name="v2.xlsx")
    page = page_of(
        signed_in(viewer).get(reverse("staff:return-compare", args=[second.pk, first.pk]))
    )
    assert page.find(".//h1").text.strip() == (
        f"Compare versions 1 and 2 of {REFERENCE}'s return for 2019/20 Q3"
    )
    spend = page.table_rows("spend-table")
    assert ["2019/20", "Actual", "Changed", "£800,000", "£850,000"] in spend
    assert ["2018/19", "Actual", "Unchanged", "£1,000,000", "£1,000,000"] in spend
    milestones = {row[0]: row for row in page.table_rows("milestones-table")}
    assert milestones["Construction start"][1] == "Removed"
    assert milestones["Road opens"][1] == "Added"
    assert milestones["Planning consent"][1] == "Unchanged"
    risks = {row[0]: row for row in page.table_rows("risks-table")}
    assert risks["Utility diversions take longer"][1:3] == ["Changed", "From: 2 To: 3"]
    assert risks["Utility diversions take longer"][4] == "From: 6 To: 9"  # the score
    sign_off = {row[0]: row for row in page.table_rows("sign-off-table")}
    assert sign_off["Narrative"][1:] == [
        "Changed",
        "Works began on site in October; spend is behind profile by £200,000.",
        "Works continue.",
    ]
    assert "1 added, 1 removed, 1 unchanged" in page.text()  # milestones
    # The order of the two in the address does not matter.
    again = page_of(
        signed_in(viewer).get(reverse("staff:return-compare", args=[first.pk, second.pk]))
    )
    assert again.table_rows("spend-table") == spend


def test_compare_only_versions_of_one_return(project, editor, viewer, signed_in):
    other = make_project(OTHER_REFERENCE, "Another scheme")
    mine = quick_return(project, 1, editor)
    theirs = quick_return(other, 1, editor)
    earlier = Return.objects.create(
        project=project, financial_year="2019/20", quarter=2, period_end="2019-09-30", version=1
    )
    client = signed_in(viewer)
    for a, b in ((mine, theirs), (mine, earlier), (mine, mine), (mine, 999999)):
        b_pk = b if isinstance(b, int) else b.pk
        assert client.get(reverse("staff:return-compare", args=[a.pk, b_pk])).status_code == 404


def test_compare_shows_outputs_added_and_removed(project, editor, viewer, signed_in):
    first = quick_return(project, 1, editor)
    second = quick_return(project, 2, editor)
    ReturnOutput.objects.filter(quarterly_return=second).delete()
    ReturnOutput.objects.create(
        quarterly_return=second,
        output_type=OutputType.objects.get(code="homes"),
        period="",
        basis="forecast",
        value=Decimal("120.5"),
    )
    ReturnSpend.objects.filter(quarterly_return=second).delete()
    page = page_of(
        signed_in(viewer).get(reverse("staff:return-compare", args=[first.pk, second.pk]))
    )
    assert page.table_rows("outputs-table") == [
        ["Jobs created", "jobs", "2019/20", "Actual", "Removed", "40", "Not in this version"],
        ["Homes", "homes", "Whole life", "Forecast", "Added", "Not in this version", "120.5"],
    ]
    assert "Outputs 1 added, 1 removed" in page.text()
    spend = page.table_rows("spend-table")
    assert spend == [["2019/20", "Actual", "Removed", "£801,000", "Not in this version"]]
