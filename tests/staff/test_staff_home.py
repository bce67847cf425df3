"""/staff/: the staff home page lists the sections a person's role opens, and the same sections
make the staff navigation; the public pages link to it for signing in."""

import pytest
from django.urls import reverse

from localgrowth.core.roles import ROLES
from localgrowth.staff.pages import SECTIONS

from .conftest import make_user, page_of, text_of

pytestmark = pytest.mark.django_db


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=/staff/" in response["Location"]


def test_someone_not_staff_is_refused(client):
    client.force_login(make_user("member", "viewer", staff=False))
    assert client.get("/staff/").status_code == 403


def test_staff_without_a_role_are_told_to_ask_for_one(client):
    client.force_login(make_user("newcomer"))
    page = page_of(client.get("/staff/"))
    assert "Your account has no role yet" in page.text()
    navigation = page.by_id("staff-navigation")
    assert navigation is None or navigation.findall(".//a") == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_sections_it_may_open_and_they_open(client, role):
    user = make_user(f"{role}-person", role)
    client.force_login(user)
    page = page_of(client.get("/staff/"))
    listed = {text_of(link): link.get("href") for link in page.all(".//main//h2/a")}
    expected = {s.title: reverse(s.url_name) for s in SECTIONS if user.has_perm(s.permission)}
    assert listed == expected
    assert listed, role  # every role opens something
    navigation = page.by_id("staff-navigation")
    assert {text_of(a): a.get("href") for a in navigation.iter("a")} == expected
    for section in SECTIONS:
        status = client.get(reverse(section.url_name)).status_code
        assert status == (200 if section.title in listed else 403), (role, section.title)


def test_the_public_pages_link_to_staff_sign_in(client):
    page = page_of_public(client.get("/about-data/"))
    link = next(a for a in page.iter("a") if a.get("href") == "/staff/")
    assert text_of(link) == "Staff sign in"
    client.force_login(make_user("viewer", "viewer"))
    page = page_of_public(client.get("/about-data/"))
    link = next(a for a in page.iter("a") if a.get("href") == "/staff/")
    assert text_of(link) == "Staff pages"


def page_of_public(response):
    import html5lib

    assert response.status_code == 200
    return html5lib.parse(response.content, treebuilder="etree", namespaceHTMLElements=False)
