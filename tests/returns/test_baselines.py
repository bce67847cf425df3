"""Change control of a project's baseline: a proposal changes nothing until someone else approves
it; approval applies it unless the baseline moved meanwhile; rejection needs a note; the
original baseline stays known."""

from decimal import Decimal

import pytest
import test_returns
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied

from localgrowth.projects.models import Basis, OutputLine, SpendLine
from localgrowth.returns import baselines
from localgrowth.returns.decisions import Refused
from localgrowth.returns.models import BaselineChange, ChangeStatus

pytestmark = pytest.mark.django_db
project = test_returns.project  # the fixture: a project in delivery with its profile
D = Decimal


def person(name: str, role: str | None) -> User:
    user = User.objects.create_user(name, is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor():
    return person("editor", "editor")


@pytest.fixture
def approver():
    return person("approver", "approver")


def baseline(project) -> tuple[dict, dict]:
    return baselines.current_spend(project), baselines.current_outputs(project)


NEW_SPEND = {"2019/20": D("1800000.00"), "2020/21": None, "2021/22": D("1700000.00")}
NEW_OUTPUTS = {("jobs", ""): D("300"), ("homes", ""): D("100")}


def test_a_proposal_changes_nothing_until_approved(project, editor, approver):
    before = baseline(project)
    change = baselines.propose(
        project, editor, " Re-profiled after tender. ", NEW_SPEND, NEW_OUTPUTS
    )
    assert baseline(project) == before
    assert (change.status, change.proposed_by, change.reason) == (
        ChangeStatus.PROPOSED,
        editor,
        "Re-profiled after tender.",
    )
    spend = {s.financial_year: (s.before, s.after) for s in change.spend.all()}
    assert spend == {
        "2019/20": (D("2000000.00"), D("1800000.00")),
        "2020/21": (D("1500000.00"), None),
        "2021/22": (None, D("1700000.00")),
    }
    outputs = {(o.output_type.code, o.period): (o.before, o.after) for o in change.outputs.all()}
    assert outputs == {("jobs", ""): (D("250.00"), D("300.00"))}  # homes did not change

    approved = baselines.approve_change(change.pk, approver, " Agreed at board. ")
    assert (approved.status, approved.decided_by, approved.decision_note) == (
        ChangeStatus.APPROVED,
        approver,
        "Agreed at board.",
    )
    spend_now, outputs_now = baseline(project)
    assert spend_now == {"2019/20": D("1800000.00"), "2021/22": D("1700000.00")}
    assert outputs_now == {("jobs", ""): D("300.00"), ("homes", ""): D("100.00")}
    # Actuals are not the baseline: untouched.
    assert SpendLine.objects.get(project=project, basis=Basis.ACTUAL).amount == D("1000000.00")
    line = SpendLine.objects.get(project=project, financial_year="2019/20", basis=Basis.FORECAST)
    record = line.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (
        approver,
        f"Baseline change {change.pk} approved",
    )


def test_a_rejection_needs_a_note_and_changes_nothing(project, editor, approver):
    before = baseline(project)
    change = baselines.propose(project, editor, "Slower build", NEW_SPEND, {})
    with pytest.raises(Refused, match="Enter why the change is rejected"):
        baselines.reject_change(change.pk, approver, "  ")
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED
    rejected = baselines.reject_change(change.pk, approver, "No evidence of the tender.")
    assert (rejected.status, rejected.decision_note) == (
        ChangeStatus.REJECTED,
        "No evidence of the tender.",
    )
    assert baseline(project) == before
    with pytest.raises(Refused, match="This change was rejected already"):
        baselines.approve_change(change.pk, approver)


def test_a_stale_before_is_refused(project, editor, approver):
    change = baselines.propose(project, editor, "Re-profile", NEW_SPEND, {})
    SpendLine.objects.filter(project=project, financial_year="2019/20", basis="forecast").update(
        amount=D("1900000")
    )
    moved = baseline(project)
    with pytest.raises(Refused, match="'before' figures are out of date"):
        baselines.approve_change(change.pk, approver)
    assert baseline(project) == moved
    change.refresh_from_db()
    assert change.status == ChangeStatus.PROPOSED


def test_nobody_decides_their_own_proposal(project):
    administrator = person("administrator", "admin")
    change = baselines.propose(project, administrator, "Mine", NEW_SPEND, {})
    with pytest.raises(Refused, match="You proposed this yourself"):
        baselines.approve_change(change.pk, administrator)
    with pytest.raises(Refused, match="You proposed this yourself"):
        baselines.reject_change(change.pk, administrator, "Mine")


def test_what_a_proposal_needs(project, editor):
    with pytest.raises(Refused, match="Enter the reason"):
        baselines.propose(project, editor, " ", NEW_SPEND, {})
    with pytest.raises(Refused, match="same as the current baseline"):
        baselines.propose(project, editor, "Nothing", {"2019/20": D("2000000.00")}, {})
    with pytest.raises(Refused, match="no output type called widgets"):
        baselines.propose(project, editor, "Widgets", {}, {("widgets", ""): D("1")})
    baselines.propose(project, editor, "First", NEW_SPEND, {})
    with pytest.raises(Refused, match="already has a baseline change waiting"):
        baselines.propose(project, editor, "Second", {"2019/20": D("1")}, {})
    assert BaselineChange.objects.count() == 1


def test_only_editors_propose_and_approvers_decide(project, editor, approver):
    for user in (approver, person("viewer", "viewer")):
        with pytest.raises(PermissionDenied):
            baselines.propose(project, user, "No", NEW_SPEND, {})
    change = baselines.propose(project, editor, "Yes", NEW_SPEND, {})
    with pytest.raises(PermissionDenied):
        baselines.approve_change(change.pk, editor)
    with pytest.raises(PermissionDenied):
        baselines.reject_change(change.pk, editor, "No")


def test_the_original_baseline_is_the_one_before_the_first_change(project, editor, approver):
    first = baselines.propose(
        project,
        editor,
        "First re-profile",
        {"2019/20": D("1800000"), "2021/22": D("500000")},
        {("jobs", ""): D("300")},
    )
    baselines.approve_change(first.pk, approver)
    second = baselines.propose(
        project,
        editor,
        "Second re-profile",
        {"2019/20": D("1600000"), "2020/21": None},
        {("jobs", ""): D("320"), ("homes", "2020/21"): D("10")},
    )
    baselines.approve_change(second.pk, approver)
    # A third, rejected, is not part of any baseline.
    third = baselines.propose(project, editor, "Third", {"2019/20": D("1")}, {})
    baselines.reject_change(third.pk, approver, "No")
    spend, outputs = baselines.original_baselines([project.pk])
    assert spend[project.pk] == {"2019/20": D("2000000.00"), "2020/21": D("1500000.00")}
    assert outputs[project.pk] == {("jobs", ""): D("250.00"), ("homes", ""): D("100.00")}
    # The current baseline has both changes.
    assert baseline(project) == (
        {"2019/20": D("1600000.00"), "2021/22": D("500000.00")},
        {("jobs", ""): D("320.00"), ("homes", ""): D("100.00"), ("homes", "2020/21"): D("10.00")},
    )
    assert OutputLine.objects.filter(project=project, basis="forecast").count() == 3
