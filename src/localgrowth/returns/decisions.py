"""What every decision in the returns workflow checks: the person's role, and that nobody
decides on their own submission or proposal."""

from typing import Any

from django.core.exceptions import PermissionDenied


class Refused(Exception):
    """A decision the record's state does not allow; the message says why and what to do."""


def require(user: Any, permission: str) -> None:
    """Refuse with PermissionDenied (403) unless the user holds the permission."""
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"Your role does not allow this ({permission}).")


def not_own(user: Any, author: Any, what: str) -> None:
    """Segregation of duties: the person who submitted or proposed cannot decide."""
    if author is not None and getattr(user, "pk", None) == author.pk:
        raise Refused(
            f"You {what} this yourself, so someone else must decide on it. Ask another approver."
        )


def reason_text(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise Refused(f"Enter {what}.")
    return text
