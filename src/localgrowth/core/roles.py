"""Four roles as Django groups, kept in step with the models after every migration.

viewer    reads all programme data in the staff pages;
editor    also adds, changes and deletes programme data (funds, programmes, projects,
          funding calls and candidates, framework, monitoring rules), uploads monitoring
          returns and proposes baseline changes;
approver  reads all programme data, approves or returns monitoring returns, approves or
          rejects baseline changes (but never their own), and publishes a funding call's
          scenario as the board's decision, publishes a strategy version and moderates
          consultation comments;
admin     may do everything, and also manages places, users and their roles.
Staff need ``is_staff`` as well as a role to sign in to the staff pages.
"""

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

VIEWER, EDITOR, APPROVER, ADMIN = "viewer", "editor", "approver", "admin"
ROLES = (VIEWER, EDITOR, APPROVER, ADMIN)
PROGRAMME_APPS = ("projects", "framework", "prioritisation", "strategy")
SUBMIT_RETURN = ("returns", "submit_return")
DECIDE_RETURN = ("returns", "decide_return")
PROPOSE_BASELINE = ("returns", "add_baselinechange")
DECIDE_BASELINE = ("returns", "decide_baselinechange")
PUBLISH_SCENARIO = ("prioritisation", "publish_scenario")
PUBLISH_VERSION = ("strategy", "publish_version")
MODERATE_COMMENT = ("strategy", "moderate_comment")
RETURNS_SETTINGS = ("monitoringrules", "additionality")
"""Editors keep these returns models; returns and baselines change only through their workflow."""
ALL_APPS = (
    "projects",
    "framework",
    "returns",
    "prioritisation",
    "strategy",
    "places",
    "evidence",
    "core",
)


def role_permissions() -> dict[str, set[tuple[str, str]]]:
    """(app label, codename) pairs for each role."""
    viewer: set[tuple[str, str]] = set()
    editor: set[tuple[str, str]] = set()
    admin: set[tuple[str, str]] = set()
    for label in ALL_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model._meta.model_name
            viewer.add((label, f"view_{name}"))
            every = {(label, f"{action}_{name}") for action in ("add", "change", "delete", "view")}
            admin |= every
            if label in PROGRAMME_APPS:
                editor |= every
            if label == "returns" and name in RETURNS_SETTINGS:
                editor |= every
    editor |= {SUBMIT_RETURN, PROPOSE_BASELINE}
    approver = {
        DECIDE_RETURN,
        DECIDE_BASELINE,
        PUBLISH_SCENARIO,
        PUBLISH_VERSION,
        MODERATE_COMMENT,
    }
    for model in apps.get_app_config("auth").get_models():
        name = model._meta.model_name
        admin |= {("auth", f"{action}_{name}") for action in ("add", "change", "delete", "view")}
    admin |= editor | approver
    return {
        VIEWER: viewer,
        EDITOR: viewer | editor,
        APPROVER: viewer | approver,
        ADMIN: viewer | editor | approver | admin,
    }


def sync_roles(using: str = "default", **_: Any) -> None:
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    for role, wanted in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)


def _after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    if sender.name == "localgrowth.core":
        sync_roles(using=kwargs.get("using", "default"))


def connect() -> None:
    post_migrate.connect(_after_migrate, dispatch_uid="localgrowth-roles")
