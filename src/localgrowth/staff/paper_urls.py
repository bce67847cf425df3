"""A saved scenario's decision paper (page and PDF) and workbook, under /staff/calls/."""

from django.urls import URLPattern, path

from . import paper_pages

urlpatterns: list[URLPattern] = [
    path(
        "calls/<slug:slug>/scenarios/<int:pk>/paper/",
        paper_pages.paper,
        name="scenario-paper",
    ),
    path(
        "calls/<slug:slug>/scenarios/<int:pk>/paper.pdf",
        paper_pages.paper_pdf,
        name="scenario-paper-pdf",
    ),
    path(
        "calls/<slug:slug>/scenarios/<int:pk>/workbook.xlsx",
        paper_pages.workbook,
        name="scenario-workbook",
    ),
]
