"""Staff pages need a login and the right role; each role can do what it should and no more."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from localgrowth.core.roles import ADMIN, EDITOR, VIEWER

pytestmark = pytest.mark.django_db


def staff(role: str) -> User:
    user = User.objects.create_user(
        f"{role}-user", password="a long enough password 1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        (VIEWER, "admin:projects_project_changelist", 200),
        (VIEWER, "admin:projects_project_add", 403),
        (VIEWER, "admin:auth_user_changelist", 403),
        (EDITOR, "admin:projects_project_add", 200),
        (EDITOR, "admin:framework_theme_add", 200),
        (EDITOR, "admin:places_area_add", 403),
        (EDITOR, "admin:auth_user_changelist", 403),
        (ADMIN, "admin:places_area_add", 200),
        (ADMIN, "admin:auth_user_changelist", 200),
    ],
)
def test_role_permissions(client, role, url_name, status):
    client.force_login(staff(role))
    assert client.get(reverse(url_name)).status_code == status


def test_a_user_without_staff_status_cannot_sign_in_to_staff_pages(client):
    user = User.objects.create_user("public", password="a long enough password 1")
    user.groups.add(Group.objects.get(name=ADMIN))
    client.force_login(user)
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 302


def test_editing_a_project_in_the_admin_is_kept_in_its_history(client, demo):
    from localgrowth.projects.models import Project

    editor = staff(EDITOR)
    client.force_login(editor)
    project = Project.objects.get(reference="SELEP-001")
    response = client.get(reverse("admin:projects_project_changelist"))
    assert b"138 projects" in response.content

    history = client.get(reverse("admin:projects_project_history", args=[project.pk]))
    assert history.status_code == 200
    project.notes = "Checked against the Accountability Board papers."
    project._history_user = editor
    project.save()
    latest = project.history.latest()
    assert latest.history_user == editor
    assert latest.notes == "Checked against the Accountability Board papers."
