"""A strategy version as a PDF: its document drawn by WeasyPrint on A4, in numbered sections
with a contents list, the charts and the map as SVG (their text stays text, so it can be
selected, searched and read aloud), every chart followed by its table, the "data as at" stamp
and the page number on every page, and the sources and their licences at the end.

The PDF is tagged (PDF/UA-1), so its headings and tables are marked as such, with its title
and language. WeasyPrint fetches nothing while drawing it: the page holds its styles and
charts inline, and any address other than a ``data:`` one is refused.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .strategy_document import StrategyDocument

TEMPLATE = "strategy/version.html"


def document_html(document: StrategyDocument) -> str:
    return render_to_string(TEMPLATE, {"doc": document}, using="jinja2")


def document_pdf(document: StrategyDocument) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    assert document.for_print
    html = HTML(
        string=document_html(document),
        url_fetcher=URLFetcher(allowed_protocols=["data"]),
        base_url="about:blank",
    )
    rendered = html.render()
    rendered.metadata.title = document.document_title
    rendered.metadata.authors = [document.strategy.name]
    rendered.metadata.lang = "en-GB"
    pdf: bytes = rendered.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
