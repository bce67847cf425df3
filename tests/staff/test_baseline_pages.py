"""The staff pages of change control: proposing a change to a project's baseline through the
form (with every kind of mistake), and a change with its decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from localgrowth.returns import baselines
from localgrowth.returns.models import BaselineChange, ChangeStatus

from .conftest import REFERENCE, make_user, page_of, snapshot

pytestmark = pytest.mark.django_db
D = Decimal
PROPOSE = reverse("staff:baseline-propose", args=[REFERENCE])


def current_form(page) -> dict[str, str]:
    """The proposal form's inputs and their values, as a browser would send them."""
    form = page.find(".//main//form[@method='post']")
    data = {}
    for element in form.iter():
        if element.tag == "input" and element.get("type") in ("text", "hidden"):
            data[element.get("name")] = element.get("value", "")
        elif element.tag == "textarea":
            data[element.get("name")] = element.text or ""
        elif element.tag == "select":
            data[element.get("name")] = ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_the_form_shows_the_current_baseline_as_inputs(project, editor, signed_in):
    page = page_of(signed_in(editor).get(PROPOSE))
    assert page.find(".//h1").text.strip() == f"Propose a change to {REFERENCE}'s baseline"
    rows = page.table_rows("spend-table")
    assert [row[:2] for row in rows[:2]] == [["2019/20", "£2,000,000"], ["2020/21", "£1,500,000"]]
    assert current_form(page) == {
        "spend-2019-20": "2000000",
        "spend-2020-21": "1500000",
        "new-spend-year": "",
        "new-spend-amount": "",
        "output-homes-whole-life": "100",
        "output-jobs-whole-life": "250",
        "new-output-type": "",
        "new-output-period": "",
        "new-output-value": "",
        "reason": "",
    }
    label = page.find(".//label[@for='spend-2019-20']")
    assert "Forecast spend in 2019/20" in label.text
    outputs = page.table_rows("outputs-table")
    assert [row[:3] for row in outputs[:2]] == [
        ["Homes (homes)", "Whole life", "100"],
        ["Jobs created (jobs)", "Whole life", "250"],
    ]
    label = page.find(".//label[@for='output-jobs-whole-life']")
    assert label.text == "Forecast of jobs created for the whole life"


def test_a_proposal_through_the_form_changes_nothing_until_approved(
    project, editor, approver, signed_in
):
    client = signed_in(editor)
    data = current_form(page_of(client.get(PROPOSE)))
    data.update(
        {
            "spend-2019-20": "£1,800,000",
            "spend-2020-21": "",  # taken out
            "new-spend-year": "2021-22",
            "new-spend-amount": "1700000.50",
            "output-jobs-whole-life": "300",
            "new-output-type": "homes",
            "new-output-period": "2020/21",
            "new-output-value": "12.5",
            "reason": "Re-profiled after the tender came in late.",
        }
    )
    before = baselines.current_spend(project), baselines.current_outputs(project)
    response = client.post(PROPOSE, data)
    change = BaselineChange.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("staff:baseline-change", args=[change.pk])
    assert (baselines.current_spend(project), baselines.current_outputs(project)) == before
    page = page_of(client.get(response["Location"]))
    assert "was proposed: it changes nothing until an approver approves it" in page.banner()
    assert page.table_rows("spend-table") == [
        ["2019/20", "£2,000,000", "£1,800,000", "−£200,000", "£2,000,000"],
        ["2020/21", "£1,500,000", "Not set", "Removed", "£1,500,000"],
        ["2021/22", "Not set", "£1,700,000.50", "Added", "Not set"],
    ]
    assert page.table_rows("outputs-table") == [
        ["Homes (homes), 2020/21", "Not set", "12.5", "Added", "Not set"],
        ["Jobs created (jobs), whole life", "250", "300", "+50", "250"],
    ]
    assert "Re-profiled after the tender came in late." in page.text()
    # The editor who proposed it may not decide on it; an approver may.
    assert page.by_id("approve-note") is None
    page = page_of(signed_in(approver).get(response["Location"]))
    assert page.by_id("approve-note") is not None
    assert page.by_id("reject-note") is not None
    response = client.post(reverse("staff:baseline-approve", args=[change.pk]), {})
    assert response.status_code == 303
    assert baselines.current_spend(project) == {
        "2019/20": D("1800000.00"),
        "2021/22": D("1700000.50"),
    }
    page = page_of(client.get(response["Location"]))
    assert "was approved" in page.banner()
    assert "Approved" in page.text()


BASE = {
    "spend-2019-20": "2000000.00",
    "spend-2020-21": "1500000.00",
    "output-homes-whole-life": "100.00",
    "output-jobs-whole-life": "250.00",
    "reason": "A reason",
}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"spend-2019-20": "lots"},
            {"spend-2019-20": "The forecast for 2019/20 must be an amount in pounds"},
        ),
        ({"spend-2019-20": "-5"}, {"spend-2019-20": "The forecast for 2019/20 must be £0 or more"}),
        (
            {"spend-2019-20": "1.234"},
            {"spend-2019-20": "The forecast for 2019/20 must have no more than 2 decimal places"},
        ),
        (
            {"output-jobs-whole-life": "many"},
            {"output-jobs-whole-life": "of jobs created for the whole life must be a number"},
        ),
        (
            {"new-spend-year": "2019", "new-spend-amount": "5"},
            {"new-spend-year": "Enter the new financial year in the form 2019/20"},
        ),
        (
            {"new-spend-year": "2019/21", "new-spend-amount": "5"},
            {"new-spend-year": "Enter the new financial year in the form 2019/20"},
        ),
        (
            {"new-spend-year": "2025/26"},
            {"new-spend-amount": "Enter the forecast spend for 2025/26"},
        ),
        (
            {"new-spend-amount": "5"},
            {"new-spend-year": "Enter the financial year of the new forecast"},
        ),
        (
            {"new-spend-year": "2019/20", "new-spend-amount": "5"},
            {"new-spend-year": "2019/20 is already in the spend profile"},
        ),
        (
            {"new-output-type": "widgets", "new-output-value": "5"},
            {"new-output-type": "Select an output type from the list"},
        ),
        ({"new-output-type": "jobs"}, {"new-output-value": "Enter the new output forecast"}),
        (
            {"new-output-value": "5"},
            {"new-output-type": "Select the output type of the new forecast"},
        ),
        (
            {"new-output-type": "jobs", "new-output-value": "5"},
            {"new-output-type": "There is already a forecast of jobs created for the whole life"},
        ),
        ({}, {"spend-2019-20": "Change at least one figure"}),
        (
            {"spend-2019-20": "1", "reason": "  "},
            {"reason": "Enter the reason for changing the baseline"},
        ),
        (
            {"spend-2019-20": "x", "spend-2020-21": "-1", "reason": ""},
            {
                "spend-2019-20": "must be an amount in pounds",
                "spend-2020-21": "must be £0 or more",
                "reason": "Enter the reason",
            },
        ),
    ],
    ids=[
        "not a number",
        "negative",
        "three decimal places",
        "output not a number",
        "bad year",
        "years not in a row",
        "year without amount",
        "amount without year",
        "year already there",
        "unknown output type",
        "output without value",
        "output without type",
        "output already there",
        "no change",
        "no reason",
        "several at once",
    ],
)
def test_mistakes_are_shown_on_the_form_and_nothing_is_stored(
    changes, errors, project, editor, signed_in
):
    before = snapshot()
    response = signed_in(editor).post(PROPOSE, {**BASE, **changes})
    page = page_of(response, 400)
    assert snapshot() == before
    assert not BaselineChange.objects.exists()
    summary = page.error_summary()
    assert [href for _, href in summary] == [f"#{name}" for name in errors]
    for (text, _), (name, words) in zip(summary, errors.items(), strict=True):
        assert words in text
        field = page.by_id(name)
        assert field is not None
        if name in page.error_messages():  # a field's own error (not "no change")
            assert words in page.error_messages()[name]
            assert f"{name}-error" in field.get("aria-describedby", "")
    # What was typed is kept.
    for name, value in changes.items():
        field = page.by_id(name)
        if field.tag == "input":
            assert field.get("value") == value


def test_a_second_proposal_waits_for_the_first(project, editor, signed_in):
    client = signed_in(editor)
    first = baselines.propose(project, editor, "First", {"2019/20": D("1")}, {})
    page = page_of(client.get(PROPOSE))
    assert "already has a baseline change waiting for a decision" in page.text()
    assert page.find(".//main//form[@method='post']") is None
    link = reverse("staff:baseline-change", args=[first.pk])
    assert link in [a.get("href") for a in page.tree.iter("a")]
    before = snapshot()
    page = page_of(client.post(PROPOSE, {**BASE, "spend-2019-20": "5"}), 409)
    assert "already has a baseline change waiting" in page.error_summary()[0][0]
    assert snapshot() == before


def test_rejecting_needs_a_note(project, editor, approver, signed_in):
    change = baselines.propose(project, editor, "First", {"2019/20": D("1")}, {})
    client = signed_in(approver)
    url = reverse("staff:baseline-reject", args=[change.pk])
    before = snapshot()
    page = page_of(client.post(url, {"reject-note": ""}), 400)
    assert page.error_summary() == [("Enter why the change is rejected", "#reject-note")]
    assert page.error_messages() == {"reject-note": "Enter why the change is rejected"}
    assert snapshot() == before
    response = client.post(url, {"reject-note": "Not agreed by the board."})
    assert response.status_code == 303
    change.refresh_from_db()
    assert (change.status, change.decision_note) == (
        ChangeStatus.REJECTED,
        "Not agreed by the board.",
    )
    page = page_of(client.get(response["Location"]))
    assert "was rejected" in page.banner()
    assert "Not agreed by the board." in page.text()
    # Deciding again is refused.
    page = page_of(client.post(reverse("staff:baseline-approve", args=[change.pk])), 409)
    assert page.error_summary() == [("This change was rejected already.", "#decision")]


def test_a_stale_change_is_shown_and_cannot_be_approved(project, editor, approver, signed_in):
    change = baselines.propose(project, editor, "First", {"2019/20": D("1")}, {})
    project.spend.filter(financial_year="2019/20", basis="forecast").update(amount=D("7"))
    client = signed_in(approver)
    page = page_of(client.get(reverse("staff:baseline-change", args=[change.pk])))
    assert "The baseline has changed since this was proposed" in page.text()
    assert page.table_rows("spend-table") == [
        ["2019/20", "£2,000,000", "£1", "−£1,999,999", "£7 Moved since"]
    ]
    before = snapshot()
    page = page_of(client.post(reverse("staff:baseline-approve", args=[change.pk])), 409)
    assert "'before' figures are out of date" in page.error_summary()[0][0]
    assert snapshot() == before


def test_own_proposal_is_refused(project, signed_in):
    administrator = make_user("administrator", "admin")
    change = baselines.propose(project, administrator, "Mine", {"2019/20": D("1")}, {})
    client = signed_in(administrator)
    page = page_of(client.get(reverse("staff:baseline-change", args=[change.pk])))
    assert "You proposed this change, so another approver must decide on it" in page.text()
    assert page.by_id("approve-note") is None
    before = snapshot()
    page = page_of(client.post(reverse("staff:baseline-approve", args=[change.pk])), 409)
    assert "You proposed this yourself" in page.error_summary()[0][0]
    assert snapshot() == before


def test_the_list_of_changes(project, editor, approver, viewer, signed_in):
    first = baselines.propose(project, editor, "First", {"2019/20": D("1")}, {})
    baselines.reject_change(first.pk, approver, "No")
    second = baselines.propose(project, editor, "Second", {"2019/20": D("2")}, {})
    page = page_of(signed_in(viewer).get(reverse("staff:baseline-changes")))
    rows = page.table_rows("changes-table")
    assert [row[2] for row in rows] == ["Proposed", "Rejected"]
    assert "by editor" in rows[0][1]
    assert "by approver" in rows[1][3]
    links = [a.get("href") for a in page.by_id("changes-table").iter("a")]
    assert links == [
        reverse("staff:baseline-change", args=[second.pk]),
        reverse("staff:baseline-change", args=[first.pk]),
    ]
    assert page.by_id("reference") is None  # a viewer cannot propose
    page = page_of(signed_in(editor).get(reverse("staff:baseline-changes")))
    assert page.by_id("reference") is not None


def test_finding_the_project_to_propose_for(project, editor, signed_in):
    client = signed_in(editor)
    page_of(client.get(reverse("staff:baseline-propose-find")))
    response = client.get(reverse("staff:baseline-propose-find"), {"reference": REFERENCE.lower()})
    assert response.status_code == 302
    assert response["Location"] == PROPOSE
    page = page_of(client.get(reverse("staff:baseline-propose-find"), {"reference": "NOPE"}), 400)
    assert page.error_summary() == [
        ("There is no project with that reference: check it in the project register", "#reference")
    ]
    assert client.get(reverse("staff:baseline-propose", args=["NOPE"])).status_code == 404
