from typing import Any

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from localgrowth.core.views import blank_template
from localgrowth.publishing.api import api


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico; the icon lives with the other static files."""

    permanent = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return static("localgrowth/favicon.png")


admin.site.site_header = "localgrowth administration"
admin.site.site_title = "localgrowth"
admin.site.index_title = "Programme data"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconView.as_view()),
    path("api/v1/", api.urls),
    path("templates/<slug:kind>-template.xlsx", blank_template, name="blank-template"),
    path("staff/", include("localgrowth.staff.urls")),
    path("", include("localgrowth.web.urls")),
]

handler400 = "localgrowth.web.views.bad_request"
handler403 = "localgrowth.web.views.permission_denied"
handler404 = "localgrowth.web.views.page_not_found"
handler500 = "localgrowth.web.views.server_error"
