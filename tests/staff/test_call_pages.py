"""The funding call pages: who may see and do what (from the roles' permissions), a scenario
saved from the form with why each candidate is in or out, bad forms refused with 400 and
nothing saved, publishing, and two scenarios side by side."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from localgrowth.core.roles import ROLES, role_permissions
from localgrowth.prioritisation.models import Scenario
from localgrowth.prioritisation.scenarios import save_scenario
from localgrowth.staff import call_urls

from .conftest import make_user, page_of, text_of

pytestmark = pytest.mark.django_db

VIEW, SAVE, PUBLISH = (
    "prioritisation.view_scenario",
    "prioritisation.add_scenario",
    "prioritisation.publish_scenario",
)


def may(role: str, permission: str) -> bool:
    label, codename = permission.split(".")
    return (label, codename) in role_permissions()[role]


def actions(call, scenario, other):
    """(url name, args, method, data, permission, status for someone allowed)."""
    slug = call.slug
    return {
        "calls": ("staff:calls", [], "get", {}, VIEW, 200),
        "call": ("staff:call", [slug], "get", {}, VIEW, 200),
        "scenario form": ("staff:scenario-new", [slug], "get", {}, SAVE, 200),
        "save scenario": (
            "staff:scenario-new",
            [slug],
            "post",
            {"name": "Another", "objective": "net_benefit", "time_limit": "5"},
            SAVE,
            303,
        ),
        "scenario": ("staff:scenario", [slug, scenario.pk], "get", {}, VIEW, 200),
        "publish": (
            "staff:scenario-publish",
            [slug, scenario.pk],
            "post",
            {"publish": "yes"},
            PUBLISH,
            303,
        ),
        "compare": (
            "staff:scenario-compare",
            [slug],
            "get",
            {"first": scenario.pk, "second": other.pk},
            VIEW,
            200,
        ),
    }


def rows_of(page, table_id):
    return list(page.by_id(table_id).find("tbody").iter("tr"))


def state():
    return sorted(Scenario.objects.values_list("pk", "name", "published"))


def test_every_call_address_is_covered(small_call, scenario):
    named = {f"staff:{pattern.name}" for pattern in call_urls.urlpatterns}
    covered = {action[0] for action in actions(small_call, scenario, scenario).values()}
    assert named == covered
    assert may("viewer", VIEW)
    assert not may("viewer", SAVE)
    assert not may("viewer", PUBLISH)
    assert may("editor", SAVE)
    assert not may("editor", PUBLISH)
    assert may("approver", PUBLISH)
    assert not may("approver", SAVE)


@pytest.mark.parametrize("person", ["anonymous", "no role", *ROLES])
def test_who_may_do_what(person, small_call, scenario, client):
    other = save_scenario(small_call, name="Fund A", also_must_fund=["A"], time_limit=5)
    if person == "no role":
        client.force_login(make_user("newcomer"))
    elif person != "anonymous":
        client.force_login(make_user(f"acting-{person}", person))
    for name, (url_name, args, method, data, permission, allowed) in actions(
        small_call, scenario, other
    ).items():
        before = state()
        response = getattr(client, method)(reverse(url_name, args=args), data)
        if person == "anonymous":
            assert response.status_code == 302, name
            assert urlsplit(response["Location"]).path == "/admin/login/"
            assert state() == before
        elif person in ROLES and may(person, permission):
            assert response.status_code == allowed, (name, response.content[:1500])
        else:
            assert response.status_code == 403, name
            assert state() == before


@pytest.fixture
def editor(client):
    client.force_login(make_user("ed", "editor"))
    return client


def test_the_call_page_shows_eligibility_appraisal_rankings_and_stability(small_call, editor):
    page = page_of(editor.get(reverse("staff:call", args=[small_call.slug])))
    rows = {row.get("data-candidate"): text_of(row) for row in rows_of(page, "candidates-table")}
    assert set(rows) == {"A", "B", "C", "D"}
    assert "Not eligible" in rows["D"]
    assert "2021/22" in rows["D"]
    assert "Not scored" in rows["D"]
    assert "%" in rows["A"]  # rank held under weight changes
    assert "Spearman" in text_of(page.by_id("agreement"))


def test_a_scenario_saved_from_the_form_says_why_each_is_in_or_out(small_call, editor):
    response = editor.post(
        reverse("staff:scenario-new", args=[small_call.slug]),
        {
            "name": "Officers' recommendation",
            "objective": "net_benefit",
            "also_excluded": ["C"],
            "time_limit": "5",
        },
    )
    assert response.status_code == 303
    saved = Scenario.objects.get(name="Officers' recommendation")
    assert saved.created_by.username == "ed"
    page = page_of(editor.get(response["Location"]))
    rows = {row.get("data-line"): row for row in rows_of(page, "lines-table")}
    assert rows["C"].get("data-funded") == "no"
    assert "the board excluded it" in text_of(rows["C"])
    funded = sorted(ref for ref, row in rows.items() if row.get("data-funded") == "yes")
    assert funded == sorted(line.reference for line in saved.lines.all() if line.funded)
    assert "saved" in page.banner()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"objective": "score", "time_limit": "5"}, "Enter a name for the scenario"),
        ({"name": "x", "objective": "best", "time_limit": "5"}, "Select what to choose"),
        ({"name": "x", "objective": "score", "time_limit": "soon"}, "Time limit must be a number"),
        ({"name": "x", "objective": "score", "time_limit": "0"}, "at least 1 second"),
        (
            {"name": "x", "objective": "score", "time_limit": "5", "also_must_fund": ["Z"]},
            "Select must-fund candidates from the list",
        ),
        (
            {
                "name": "x",
                "objective": "score",
                "time_limit": "5",
                "also_must_fund": ["A"],
                "also_excluded": ["A"],
            },
            "cannot be both must fund and excluded",
        ),
        (
            {"name": "x", "objective": "score", "time_limit": "5", "also_must_fund": ["D"]},
            "D must be funded but is not eligible",
        ),
    ],
)
def test_a_bad_scenario_form_is_refused_with_400_and_nothing_saved(
    small_call, editor, data, message
):
    before = state()
    response = editor.post(reverse("staff:scenario-new", args=[small_call.slug]), data)
    page = page_of(response, 400)
    assert message in " ".join(text for text, _ in page.error_summary())
    assert state() == before


def test_publishing_needs_a_portfolio_and_is_in_the_history(small_call, scenario, client):
    client.force_login(make_user("app", "approver"))
    url = reverse("staff:scenario-publish", args=[small_call.slug, scenario.pk])
    assert client.post(url, {"publish": "yes"}).status_code == 303
    scenario.refresh_from_db()
    assert scenario.published
    assert scenario.history.filter(published=True).exists()
    infeasible = save_scenario(small_call, name="All", also_must_fund=["A", "B", "C"], time_limit=5)
    url = reverse("staff:scenario-publish", args=[small_call.slug, infeasible.pk])
    client.post(url, {"publish": "yes"})
    infeasible.refresh_from_db()
    assert not infeasible.published
    page = page_of(client.get(reverse("staff:scenario", args=[small_call.slug, infeasible.pk])))
    assert "budget" in text_of(page.by_id("conflicts"))


def test_two_scenarios_side_by_side(small_call, scenario, editor):
    other = save_scenario(small_call, name="Fund A", also_must_fund=["A"], time_limit=5)
    url = reverse("staff:scenario-compare", args=[small_call.slug])
    page = page_of(editor.get(url, {"first": scenario.pk, "second": other.pk}))
    changes = {
        row.get("data-candidate"): row.get("data-change")
        for row in rows_of(page, "differences-table")
    }
    assert changes == {"A": "joins", "B": "leaves", "C": "leaves", "D": "out of both"}
    totals = text_of(page.by_id("totals-table"))
    assert "£1,000,000" in totals
    assert "£600,000" in totals


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"first": "x", "second": "1"}, "Select the first scenario from the list"),
        ({"first": "same", "second": "same"}, "Select a different scenario"),
        ({"first": "999999", "second": "1"}, "Select the first scenario from the list"),
    ],
)
def test_a_bad_comparison_is_refused_with_400(small_call, scenario, editor, query, message):
    query = {k: (str(scenario.pk) if v == "same" else v) for k, v in query.items()}
    response = editor.get(reverse("staff:scenario-compare", args=[small_call.slug]), query)
    assert message in " ".join(text for text, _ in page_of(response, 400).error_summary())


def test_unknown_calls_and_scenarios_are_404(small_call, scenario, editor):
    assert editor.get(reverse("staff:call", args=["no-such-call"])).status_code == 404
    assert editor.get(reverse("staff:scenario", args=[small_call.slug, 999999])).status_code == 404
