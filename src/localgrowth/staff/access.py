"""Who may open a staff page: signed-in staff holding the page's permission.

Someone not signed in is sent to sign in and brought back; someone signed in without the
permission (or not staff) is refused with 403. A page with no permission of its own (the staff
home page) opens to any active member of staff.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def staff_view(permission: str | None) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = permission is None or user.has_perm(permission)
            if not (user.is_active and user.is_staff and allowed):
                raise PermissionDenied(f"Your role does not allow this ({permission}).")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
