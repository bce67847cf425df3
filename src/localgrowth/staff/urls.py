from django.urls import URLPattern, URLResolver, path

from . import (
    call_urls,
    consultation_urls,
    dashboard_urls,
    pages,
    paper_urls,
    returns_urls,
    strategy_urls,
)

app_name = "staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.home, name="home"),
    *returns_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
    *call_urls.urlpatterns,
    *paper_urls.urlpatterns,
    *consultation_urls.urlpatterns,
    *strategy_urls.urlpatterns,
]
