from django.urls import URLPattern, URLResolver

from . import (
    call_urls,
    consultation_urls,
    dashboard_urls,
    paper_urls,
    returns_urls,
    strategy_urls,
)

app_name = "staff"

urlpatterns: list[URLPattern | URLResolver] = [
    *returns_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
    *call_urls.urlpatterns,
    *paper_urls.urlpatterns,
    *consultation_urls.urlpatterns,
    *strategy_urls.urlpatterns,
]
