"""Approving a return, or returning it for correction: only an approved return reaches the
project's figures (and so its public page); nobody decides their own submission; only the
latest submitted version is decided, once; every decision is in the audit history."""

import re
from decimal import Decimal

import pytest
import test_returns
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from test_returns import REFERENCE, filled_workbook

from localgrowth.core.importing import ImportFailed
from localgrowth.projects.models import Basis, OutputLine, SpendLine
from localgrowth.returns import approval
from localgrowth.returns.decisions import Refused
from localgrowth.returns.importers import import_returns
from localgrowth.returns.models import Return, ReturnStatus

pytestmark = pytest.mark.django_db
project = test_returns.project  # the fixture: a project in delivery with its profile


def person(name: str, role: str | None) -> User:
    user = User.objects.create_user(name, is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # fresh, so permissions are not cached from before


@pytest.fixture
def editor():
    return person("editor", "editor")


@pytest.fixture
def approver():
    return person("approver", "approver")


def submit(project, tmp_path, user, name="return.xlsx") -> Return:
    folder = tmp_path / name.replace(".", "-")
    folder.mkdir()
    import_returns(filled_workbook(project, folder), user=user, display_name=name)
    return Return.objects.filter(project=project).latest("pk")


def actuals(project) -> dict:
    spend = {
        line.financial_year: (line.amount, line.note)
        for line in SpendLine.objects.filter(project=project, basis=Basis.ACTUAL)
    }
    outputs = {
        (line.output_type.code, line.period): (line.value, line.note)
        for line in OutputLine.objects.filter(project=project, basis=Basis.ACTUAL)
    }
    return {"spend": spend, "outputs": outputs}


def public_spend(client) -> dict[str, list[str]]:
    """The public project page's spend table: financial year -> forecast, actual, note."""
    response = client.get(f"/projects/{REFERENCE}/")
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index("Spend by financial year</caption>") :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells and cells[0] != "Financial year":
            rows[cells[0]] = cells[1:]
    return rows


def test_approval_makes_the_actuals_the_projects_figures(
    project, editor, approver, tmp_path, client
):
    stored = submit(project, tmp_path, editor)
    before = actuals(project)
    page_before = public_spend(client)
    # Submitted, not approved: nothing outside the return has changed, on the public page either.
    assert before["spend"] == {"2018/19": (Decimal("1000000.00"), "")}
    assert before["outputs"] == {}
    assert page_before["2019/20"][:2] == ["£2,000,000", "Not recorded"]

    approved = approval.approve(stored.pk, approver)
    assert (approved.status, approved.decided_by) == (ReturnStatus.APPROVED, approver)
    assert approved.decided_at is not None
    note = approval.source_note(approved)
    assert note == "From the approved monitoring return for 2019/20 Q3"
    after = actuals(project)
    assert after["spend"]["2019/20"] == (Decimal("800000.00"), note)
    # The return repeats 2018/19's £1,000,000 actual, so that line now cites the return too.
    assert after["spend"]["2018/19"] == (Decimal("1000000.00"), note)
    assert after["outputs"] == {("jobs", "2019/20"): (Decimal("40.00"), note)}
    # Forecasts are the baseline's, untouched by a return.
    forecasts = SpendLine.objects.filter(project=project, basis=Basis.FORECAST)
    assert {line.financial_year: line.amount for line in forecasts} == {
        "2019/20": Decimal("2000000.00"),
        "2020/21": Decimal("1500000.00"),
    }
    page_after = public_spend(client)
    assert page_after["2019/20"] == ["£2,000,000", "£800,000", note]


def test_the_decisions_are_in_the_audit_history(project, editor, approver, tmp_path):
    stored = submit(project, tmp_path, editor)
    approval.approve(stored.pk, approver)
    latest = stored.history.order_by("-history_date").first()
    assert (latest.status, latest.history_user) == ("approved", approver)
    assert stored.history.earliest("history_date").history_user == editor
    line = SpendLine.objects.get(project=project, financial_year="2019/20", basis=Basis.ACTUAL)
    record = line.history.latest("history_date")
    assert record.history_user == approver
    assert record.history_change_reason == "Approved return 2019/20 Q3 v1"


def test_a_submitted_or_returned_return_changes_nothing(project, editor, approver, tmp_path):
    before = actuals(project)
    stored = submit(project, tmp_path, editor)
    assert actuals(project) == before
    returned = approval.send_back(stored.pk, approver, "  The jobs figure is cumulative.  ")
    assert returned.status == ReturnStatus.RETURNED
    assert returned.returned_reason == "The jobs figure is cumulative."
    assert returned.decided_by == approver
    assert actuals(project) == before


def test_nobody_approves_their_own_submission(project, tmp_path):
    administrator = person("administrator", "admin")
    stored = submit(project, tmp_path, administrator)
    with pytest.raises(Refused, match="You submitted this yourself"):
        approval.approve(stored.pk, administrator)
    with pytest.raises(Refused, match="You submitted this yourself"):
        approval.send_back(stored.pk, administrator, "A reason")
    stored.refresh_from_db()
    assert stored.status == ReturnStatus.SUBMITTED


def test_only_the_latest_version_is_decided(project, editor, approver, tmp_path):
    older = submit(project, tmp_path, editor, "v1.xlsx")
    newer = submit(project, tmp_path, editor, "v2.xlsx")
    with pytest.raises(Refused, match="Version 2 of this return has been submitted since"):
        approval.approve(older.pk, approver)
    with pytest.raises(Refused, match="Version 2"):
        approval.send_back(older.pk, approver, "Old")
    approval.approve(newer.pk, approver)
    older.refresh_from_db()
    assert older.status == ReturnStatus.SUBMITTED


def test_a_reason_is_needed_to_send_back(project, editor, approver, tmp_path):
    stored = submit(project, tmp_path, editor)
    with pytest.raises(Refused, match="Enter why the return is being sent back"):
        approval.send_back(stored.pk, approver, "   ")
    stored.refresh_from_db()
    assert stored.status == ReturnStatus.SUBMITTED


def test_a_return_is_decided_once(project, editor, approver, tmp_path):
    stored = submit(project, tmp_path, editor)
    approval.approve(stored.pk, approver)
    with pytest.raises(Refused, match="approved, so it cannot be decided again"):
        approval.approve(stored.pk, approver)
    with pytest.raises(Refused, match="cannot be decided again"):
        approval.send_back(stored.pk, approver, "Too late")
    with pytest.raises(Refused, match="cannot be decided again"):
        approval.approve(stored.pk, person("approver2", "approver"))
    # No further version of an approved return is accepted (R04).
    with pytest.raises(ImportFailed):
        submit(project, tmp_path, editor, "again.xlsx")


def test_a_returned_version_is_not_decided_again(project, editor, approver, tmp_path):
    stored = submit(project, tmp_path, editor)
    approval.send_back(stored.pk, approver, "Fix the jobs")
    with pytest.raises(Refused, match="returned for correction, so it cannot be decided again"):
        approval.approve(stored.pk, approver)


def test_only_approvers_decide(project, editor, tmp_path):
    stored = submit(project, tmp_path, editor)
    for user in (editor, person("viewer", "viewer"), person("nobody", None)):
        with pytest.raises(PermissionDenied):
            approval.approve(stored.pk, user)
        with pytest.raises(PermissionDenied):
            approval.send_back(stored.pk, user, "No")
    with pytest.raises(Refused, match="There is no such return"):
        approval.approve(999999, person("approver", "approver"))
