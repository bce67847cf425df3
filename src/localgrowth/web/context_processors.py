"""What every public page's layout needs: the body's short name and the navigation."""

import logging
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest

from .services import API_DOCS_PATH, PROJECTS_PATH, partnership_short_name

logger = logging.getLogger(__name__)

NAVIGATION = (
    ("Home", "/", "exact"),
    ("Projects", PROJECTS_PATH, "prefix"),
    ("Our strategy", "/strategy/", "prefix"),
    ("Evidence", "/evidence/", "prefix"),
    ("Open data and API", API_DOCS_PATH, "prefix"),
    ("About the data", "/about-data/", "prefix"),
)


def navigation(path: str) -> list[dict[str, Any]]:
    """The service navigation, marking the current page (or section) for GOV.UK's component."""
    items = []
    for text, href, match in NAVIGATION:
        current = path == href
        active = not current and match == "prefix" and path.startswith(href.rstrip("/") + "/")
        items.append({"text": text, "href": href, "current": current, "active": active})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    try:
        short_name = partnership_short_name()
        signed_in_staff = bool(getattr(request, "user", None) and request.user.is_staff)
    except DatabaseError:  # an error page must still render when the database is down
        logger.exception("Could not read the partnership's name or the user for the page")
        short_name, signed_in_staff = "", False
    return {
        "site": {
            "short_name": short_name,
            "navigation": navigation(request.path),
            "staff_link": "Staff pages" if signed_in_staff else "Staff sign in",
        }
    }
