"""Every staff action for every kind of person, generated from the permission table: who may
do what comes from ``localgrowth.core.roles.role_permissions()`` and the permission each action
needs, never from a hand-written matrix.

Someone not signed in is sent to sign in; someone without the permission (or not staff) is
refused with 403 and nothing in the database changes; someone with it gets the page or the
action's result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from localgrowth.core.roles import ROLES, role_permissions
from localgrowth.returns import baselines
from localgrowth.staff import returns_urls

from .conftest import (
    OTHER_REFERENCE,
    REFERENCE,
    filled_workbook,
    make_project,
    make_user,
    quick_return,
    snapshot,
    upload_of,
)

pytestmark = pytest.mark.django_db

ANONYMOUS, NOT_STAFF, NO_ROLE = "anonymous", "signed in, not staff", "staff without a role"
PEOPLE = (ANONYMOUS, NOT_STAFF, NO_ROLE, *ROLES)


@dataclass
class World:
    older: Any
    newer: Any
    change: Any
    other: Any
    folder: Path


@pytest.fixture
def world(tmp_path) -> World:
    """A project with two submitted versions of a return and a proposed baseline change, made
    by people other than the one acting; another project to propose a change for."""
    from decimal import Decimal

    project = make_project()
    submitter = make_user("submitter", "editor")
    proposer = make_user("proposer", "editor")
    older = quick_return(project, 1, submitter)
    newer = quick_return(project, 2, submitter)
    change = baselines.propose(project, proposer, "Re-profile", {"2019/20": Decimal("1")}, {})
    other = make_project(OTHER_REFERENCE, "Another scheme")
    return World(older, newer, change, other, tmp_path)


@dataclass(frozen=True)
class Action:
    url_name: str
    permission: str
    allowed: int
    """The status for someone with the permission."""
    method: str = "get"
    args: Callable[[World], list[Any]] = lambda world: []
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})


def _upload(world: World) -> dict[str, Any]:
    return {"file": upload_of(filled_workbook(world.newer.project, world.folder))}


def _proposal(world: World) -> dict[str, Any]:
    return {
        "spend-2019-20": "1900000",
        "spend-2020-21": "1500000.00",
        "reason": "Re-profiled after tender.",
    }


ACTIONS = {
    "list of returns": Action("staff:returns", "returns.view_return", 200),
    "download a workbook": Action(
        "staff:return-workbook",
        "returns.submit_return",
        200,
        data=lambda world: {"workbook-reference": REFERENCE, "workbook-quarter": "2019/20 Q3"},
    ),
    "upload form": Action("staff:return-upload", "returns.submit_return", 200),
    "upload a return": Action(
        "staff:return-upload", "returns.submit_return", 303, "post", data=_upload
    ),
    "a return": Action("staff:return", "returns.view_return", 200, args=lambda w: [w.newer.pk]),
    "approve a return": Action(
        "staff:return-approve", "returns.decide_return", 303, "post", lambda w: [w.newer.pk]
    ),
    "send a return back": Action(
        "staff:return-send-back",
        "returns.decide_return",
        303,
        "post",
        lambda w: [w.newer.pk],
        lambda w: {"reason": "The jobs figure is cumulative."},
    ),
    "compare versions": Action(
        "staff:return-compare",
        "returns.view_return",
        200,
        args=lambda w: [w.newer.pk, w.older.pk],
    ),
    "list of baseline changes": Action(
        "staff:baseline-changes", "returns.view_baselinechange", 200
    ),
    "find a project to propose for": Action(
        "staff:baseline-propose-find",
        "returns.add_baselinechange",
        302,
        data=lambda w: {"reference": OTHER_REFERENCE},
    ),
    "proposal form": Action(
        "staff:baseline-propose",
        "returns.add_baselinechange",
        200,
        args=lambda w: [w.other.reference],
    ),
    "propose a change": Action(
        "staff:baseline-propose",
        "returns.add_baselinechange",
        303,
        "post",
        lambda w: [w.other.reference],
        _proposal,
    ),
    "a baseline change": Action(
        "staff:baseline-change", "returns.view_baselinechange", 200, args=lambda w: [w.change.pk]
    ),
    "approve a change": Action(
        "staff:baseline-approve",
        "returns.decide_baselinechange",
        303,
        "post",
        lambda w: [w.change.pk],
    ),
    "reject a change": Action(
        "staff:baseline-reject",
        "returns.decide_baselinechange",
        303,
        "post",
        lambda w: [w.change.pk],
        lambda w: {"reject-note": "Not agreed."},
    ),
}


def may(person: str, permission: str) -> bool:
    """From the roles' permissions: whether ``person`` holds ``permission``."""
    if person not in ROLES:
        return False
    app_label, codename = permission.split(".")
    return (app_label, codename) in role_permissions()[person]


def sign_in(client, person: str) -> None:
    if person == ANONYMOUS:
        return
    if person == NOT_STAFF:  # every permission, but not staff
        user = make_user("outsider", "admin", staff=False)
    elif person == NO_ROLE:
        user = make_user("newcomer")
    else:
        user = make_user(f"acting-{person}", person)
    client.force_login(user)


def test_every_staff_address_is_in_the_table():
    names = {f"staff:{pattern.name}" for pattern in returns_urls.urlpatterns}
    assert names == {action.url_name for action in ACTIONS.values()}
    methods = {(a.url_name, a.method) for a in ACTIONS.values()}
    assert {("staff:return-upload", "get"), ("staff:return-upload", "post")} <= methods


def test_the_table_agrees_with_the_roles():
    """A sanity check of the generated expectations against what the roles are for."""
    assert may("viewer", "returns.view_return")
    assert not may("viewer", "returns.submit_return")
    assert may("editor", "returns.submit_return")
    assert not may("editor", "returns.decide_return")
    assert may("approver", "returns.decide_return")
    assert not may("approver", "returns.add_baselinechange")
    assert all(may("admin", action.permission) for action in ACTIONS.values())


@pytest.mark.parametrize("action_name", list(ACTIONS))
@pytest.mark.parametrize("person", PEOPLE)
def test_person_and_action(person, action_name, world, client):
    action = ACTIONS[action_name]
    url = reverse(action.url_name, args=action.args(world))
    sign_in(client, person)
    data = action.data(world)
    before = snapshot()
    response = getattr(client, action.method)(url, data)
    if person == ANONYMOUS:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == "/admin/login/"
        assert parse_qs(location.query)["next"] == [response.wsgi_request.get_full_path()]
        assert snapshot() == before
    elif may(person, action.permission) and person in ROLES:
        assert response.status_code == action.allowed, response.content[:2000]
    else:
        assert response.status_code == 403
        assert b"You do not have permission to see this page" in response.content
        assert snapshot() == before
