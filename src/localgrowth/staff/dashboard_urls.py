"""The programme dashboard and its exports, under /staff/programme/."""

from django.urls import URLPattern, path

from . import dashboard_pages

urlpatterns: list[URLPattern] = [
    path("programme/", dashboard_pages.dashboard, name="dashboard"),
    path("programme/<slug:slug>/report.xlsx", dashboard_pages.report_xlsx, name="dashboard-xlsx"),
    path("programme/<slug:slug>/report.pdf", dashboard_pages.report_pdf, name="dashboard-pdf"),
    path("programme/<slug:slug>/<slug:chart>.csv", dashboard_pages.chart_csv, name="dashboard-csv"),
]
