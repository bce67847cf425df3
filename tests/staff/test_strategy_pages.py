"""The staff strategy pages: the list, a version with its live evidence, comparing two versions,
publishing (approvers) and a new draft (editors); 403 without the role, sign-in when signed
out, 400 with a GOV.UK error summary for bad input, 404 for what does not exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from localgrowth.strategy.models import Priority, Version, VersionStatus
from localgrowth.strategy.versions import new_draft, publish
from strategy import ENGLAND, GVA_PER_HOUR, THANET, make_draft, newer_release

from .conftest import make_user, page_of, text_of

pytestmark = pytest.mark.django_db

SLUG = "test-lis"


def version_url(number: int) -> str:
    return reverse("staff:strategy-version", args=[SLUG, number])


def publish_url(number: int) -> str:
    return reverse("staff:strategy-publish", args=[SLUG, number])


def draft_url(number: int) -> str:
    return reverse("staff:strategy-new-draft", args=[SLUG, number])


def compare_url() -> str:
    return reverse("staff:strategy-compare", args=[SLUG])


@pytest.fixture
def draft(db):
    return make_draft()


@pytest.fixture
def published(approver):
    version = make_draft()
    publish(version, approver)
    return version


# Who may see and do what ------------------------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in(client, draft):
    for url in (reverse("staff:strategy"), version_url(1), compare_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    for url in (publish_url(1), draft_url(1)):
        response = client.post(url, {"how": "published"})
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert Version.objects.get().status == VersionStatus.DRAFT


def test_staff_without_a_role_are_refused(client, draft):
    client.force_login(make_user("nobody"))
    for url in (reverse("staff:strategy"), version_url(1), compare_url()):
        assert client.get(url).status_code == 403


def test_only_approvers_publish_and_only_editors_draft(client, draft, viewer, editor, approver):
    for user in (viewer, editor):
        client.force_login(user)
        assert client.post(publish_url(1), {"how": "published"}).status_code == 403
    for user in (viewer, approver):
        client.force_login(user)
        assert client.post(draft_url(1)).status_code == 403
    assert Version.objects.get().status == VersionStatus.DRAFT
    assert Version.objects.count() == 1


def test_publishing_and_drafting_are_posts_only(client, draft, approver, editor):
    client.force_login(approver)
    assert client.get(publish_url(1)).status_code == 405
    client.force_login(editor)
    assert client.get(draft_url(1)).status_code == 405


# The list and a version -------------------------------------------------------------------------


def test_the_list_shows_each_version_with_its_status(client, published, approver, viewer):
    new_draft(published, approver)
    client.force_login(viewer)
    page = page_of(client.get(reverse("staff:strategy")))
    rows = page.table_rows(f"versions-{SLUG}")
    assert [row[0] for row in rows] == ["2", "1"]
    assert rows[0][2] == "Draft"
    assert rows[1][2] == "Published"
    assert rows[0][4] == "Version 1"
    assert "Strategy" in [text_of(a) for a in page.all(".//nav[@aria-label='Staff']//a")]


def similar_now() -> str:
    """Thanet's similar places' GVA per hour worked, as the evidence base holds it now."""
    from localgrowth.evidence.models import Indicator
    from localgrowth.places.models import Area
    from localgrowth.strategy.evidence import current_reading

    thanet = Area.objects.get(code="E07000114", valid_to__isnull=True)
    return current_reading(Indicator.objects.get(code="gva-per-hour-worked"), thanet).similar_text


def test_a_draft_page_shows_current_evidence_and_who_may_do_what(client, draft, editor, viewer):
    client.force_login(editor)
    page = page_of(client.get(version_url(1)))
    text = page.text()
    assert "This is a draft" in text
    assert "Edit this draft in the admin" in text
    assert page.by_id("new-draft-form") is not None
    assert page.by_id("publish-form") is None  # editors do not publish
    evidence = page.table_rows("evidence-productivity")
    assert evidence == [
        [
            "GVA per hour worked Thanet: The gap to England.",
            f"£28.40 in 2022, worse than England; similar places {similar_now()} 'ONS "
            "Subregional productivity: labour "
            "productivity indices by local authority district, June 2024'",
        ]
    ]
    kpis = page.table_rows("kpis-productivity")
    assert kpis[0][3] == "£28.40 in 2022"
    assert kpis[1][3].startswith("No data No data for this KPI")
    actions = page.table_rows("actions-productivity")
    assert actions[0][0] == "Open an innovation centre"
    assert actions[0][3] == "£2,500,000 Local Growth Fund"
    client.force_login(viewer)
    page = page_of(client.get(version_url(1)))
    assert "Edit this draft in the admin" not in page.text()
    assert page.by_id("new-draft-form") is None
    assert page.by_id("publish-form") is None


def test_a_published_version_flags_a_priority_whose_evidence_has_moved(client, published, viewer):
    client.force_login(viewer)
    page = page_of(client.get(version_url(1)))
    assert "stands as it did when this version was published" in page.text()
    assert page.by_id("priority-productivity").get("data-moved") == "no"
    newer_release(GVA_PER_HOUR, {THANET: 40.0, ENGLAND: 41.0}, period="2023")
    page = page_of(client.get(version_url(1)))
    warning = page.by_id("evidence-moved")
    assert "The evidence behind 1 priority has moved" in "".join(warning.itertext())
    assert page.by_id("priority-productivity").get("data-moved") == "yes"
    assert page.by_id("priority-skills").get("data-moved") == "no"
    (row,) = page.table_rows("evidence-productivity")
    assert row[1].startswith("£28.40 in 2022, worse than England")
    assert row[2].startswith("£40.00 in 2023, similar to England")
    assert row[3].startswith("Moved It was worse than England")
    assert "Edit this draft in the admin" not in page.text()


def test_missing_strategies_and_versions_are_404(client, published, viewer):
    client.force_login(viewer)
    assert client.get(reverse("staff:strategy-version", args=["nope", 1])).status_code == 404
    assert client.get(version_url(7)).status_code == 404
    assert client.get(f"/staff/strategy/{SLUG}/versions/99999999999999999999999/").status_code == (
        404
    )
    assert client.get(reverse("staff:strategy-compare", args=["nope"])).status_code == 404


# Publishing -------------------------------------------------------------------------------------


def test_an_approver_publishes_a_draft(client, draft, approver):
    client.force_login(approver)
    page = page_of(client.get(version_url(1)))
    assert page.by_id("publish-form") is not None
    response = client.post(publish_url(1), {"how": "published"})
    assert response.status_code == 303
    assert response["Location"] == version_url(1)
    version = Version.objects.get()
    assert (version.status, version.published_by) == (VersionStatus.PUBLISHED, approver)
    page = page_of(client.get(response["Location"]))
    assert page.banner().endswith(
        "Version 1 published. The evidence its priorities rest on is recorded as it stands today."
    )
    assert page.by_id("publish-form") is None


def test_an_approver_opens_a_consultation_with_a_closing_date(client, draft, approver):
    client.force_login(approver)
    closes = timezone.localdate() + timedelta(days=28)
    response = client.post(
        publish_url(1),
        {
            "how": "consultation",
            "closes_day": str(closes.day),
            "closes_month": str(closes.month),
            "closes_year": str(closes.year),
        },
    )
    assert response.status_code == 303
    version = Version.objects.get()
    assert (version.status, version.consultation_closes) == (VersionStatus.CONSULTATION, closes)
    page = page_of(client.get(response["Location"]))
    assert "published for consultation, closing on" in page.banner()


@pytest.mark.parametrize(
    ("sent", "message", "href"),
    [
        ({}, "Select how to publish the version", "#how"),
        ({"how": "withdrawn"}, "Select how to publish the version", "#how"),
        (
            {"how": "consultation", "closes_day": "31", "closes_month": "2", "closes_year": "2030"},
            "The closing date must be a real date",
            "#closes_day",
        ),
        (
            {"how": "consultation", "closes_day": "1", "closes_year": "2030"},
            "The closing date must include a month",
            "#closes_month",
        ),
        (
            {"how": "consultation", "closes_day": "1", "closes_month": "1", "closes_year": "2001"},
            "The closing date must be today or in the future",
            "#closes_day",
        ),
        (
            {"how": "consultation", "closes_day": "x", "closes_month": "1", "closes_year": "2030"},
            "The closing date must be a real date",
            "#closes_day",
        ),
        (
            {"how": "consultation", "closes_day": "1", "closes_month": "1", "closes_year": "30"},
            "Year must include 4 numbers",
            "#closes_year",
        ),
        (
            {"how": "consultation", "closes_day": "1" * 50, "closes_month": "1"},
            "The closing date must be a real date",
            "#closes_day",
        ),
    ],
)
def test_a_wrong_publish_form_is_refused_with_an_error_summary(
    client, draft, approver, sent, message, href
):
    client.force_login(approver)
    page = page_of(client.post(publish_url(1), sent), status=400)
    assert (message, href) in page.error_summary()
    assert Version.objects.get().status == VersionStatus.DRAFT


def test_publishing_a_version_that_is_not_a_draft_is_a_conflict(client, published, approver):
    client.force_login(approver)
    page = page_of(client.post(publish_url(1), {"how": "published"}), status=409)
    ((text, href),) = page.error_summary()
    assert text.startswith("Version 1 is published: only a draft can be published")
    assert href == "#how"


# New drafts -------------------------------------------------------------------------------------


def test_an_editor_makes_a_new_draft(client, published, editor):
    client.force_login(editor)
    response = client.post(draft_url(1))
    assert response.status_code == 303
    assert response["Location"] == version_url(2)
    draft = Version.objects.get(number=2)
    assert (draft.status, draft.based_on.number) == (VersionStatus.DRAFT, 1)
    assert list(draft.priorities.values_list("code", flat=True)) == ["productivity", "skills"]
    page = page_of(client.get(response["Location"]))
    assert page.banner().endswith(
        "Version 2 drafted from version 1: edit it in the admin, then publish it."
    )
    assert "Edit this draft in the admin" in page.text()


# Comparing --------------------------------------------------------------------------------------


def test_two_versions_compared_side_by_side(client, published, approver, viewer):
    draft = new_draft(published, approver)
    priority = Priority.objects.get(version=draft, code="productivity")
    priority.title = "Raise productivity and pay"
    priority.save()
    Priority.objects.get(version=draft, code="skills").delete()
    Priority.objects.create(version=draft, code="housing", position=3, title="Homes")
    client.force_login(viewer)
    page = page_of(client.get(compare_url()))
    assert page.by_id("priority-changes") is None
    page = page_of(client.get(compare_url(), {"first": "1", "second": "2"}))
    rows = {
        row.get("data-code"): row.get("data-change")
        for row in page.by_id("priority-changes").find("tbody").iter("tr")
    }
    assert rows == {"productivity": "changed", "skills": "removed", "housing": "added"}
    assert "Title: Raise productivity → Raise productivity and pay" in page.text()
    assert "priorities 1 added, 1 removed, 1 changed and 0 unchanged" in page.text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"first": "1"}, [("Select the second version", "#second")]),
        (
            {"first": "abc", "second": "99"},
            [
                ("Select the first version from the list", "#first"),
                ("Select the second version from the list", "#second"),
            ],
        ),
        ({"first": "1", "second": "1"}, [("Select two different versions to compare", "#second")]),
        (
            {"first": "1" * 400, "second": "2"},
            [("Select the first version from the list", "#first")],
        ),
    ],
)
def test_a_wrong_comparison_is_refused_with_an_error_summary(
    client, published, approver, viewer, query, expected
):
    new_draft(published, approver)
    client.force_login(viewer)
    page = page_of(client.get(compare_url(), query), status=400)
    assert page.error_summary() == expected
    assert page.by_id("priority-changes") is None
