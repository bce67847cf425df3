"""The programme report as a PDF: the dashboard's position drawn by WeasyPrint on A4, in
numbered sections, with the charts as SVG (their text stays text, so it can be selected,
searched and read aloud), every chart followed by its table, the "data as at" stamp on every
page and the sources and their licence at the end.

The PDF is tagged (PDF/UA-1) with its title and language. WeasyPrint fetches nothing while
drawing it: the page holds its styles and charts inline, and any other address is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from localgrowth.web.formatting import long_date

if TYPE_CHECKING:
    from .dashboard_pages import DashboardPage

TEMPLATE = "staff/report/report.html"


def report_html(page: DashboardPage) -> str:
    return render_to_string(TEMPLATE, {"page": page}, using="jinja2")


def programme_pdf(page: DashboardPage) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    assert page.programme is not None
    assert page.as_at is not None
    html = HTML(
        string=report_html(page),
        url_fetcher=URLFetcher(allowed_protocols=["data"]),
        base_url="about:blank",
    )
    document = html.render()
    document.metadata.title = (
        f"{page.programme.name}: programme report, position as at {long_date(page.as_at)}"
    )
    document.metadata.authors = ["localgrowth"]
    document.metadata.lang = "en-GB"
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
