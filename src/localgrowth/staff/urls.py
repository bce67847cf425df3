from django.urls import URLPattern, URLResolver

from . import dashboard_urls, returns_urls

app_name = "staff"

urlpatterns: list[URLPattern | URLResolver] = [
    *returns_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
]
