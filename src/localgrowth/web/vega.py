"""Charts as Vega-Lite specs, drawn on the server as SVG and upgraded in the browser.

A chart is a Vega-Lite spec (a plain dict) with the figures it shows as a table. The server
renders the spec to SVG with vl-convert, so the page shows the chart with no JavaScript; the
SVG is inlined with ``role="img"`` and the chart's title and description as its accessible
name, and the table (with a CSV download) sits under it. Where scripts run, the bundled
vega-embed (``static/web/build/charts.js``) draws the same spec again with tooltips.

Palette: the Okabe–Ito colours that keep a contrast of 3:1 or more against white (blue,
vermillion, bluish green, reddish purple) and near-black; every series also differs by its
line dash and point shape, and is labelled in text, so no meaning rests on colour alone.
Rendered SVG is cached in-process by the hash of its spec (the first render takes about a
second; the same spec is rendered once).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

VEGA_LITE_VERSION = "6.4"
"""The Vega-Lite version vl-convert renders with: the one bundled for the browser (6.4.1)."""
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
BLUE = "#0072b2"
VERMILLION = "#d55e00"
GREEN = "#009e73"
PURPLE = "#cc79a7"
"""Okabe–Ito colours with at least 3:1 contrast against white."""
SERIES_COLOURS = (BLUE, TEXT, VERMILLION, GREEN, PURPLE)
SERIES_DASHES = ([1, 0], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4])
SERIES_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross")
SEQUENTIAL_SCHEME = "viridis"
"""For maps: perceptually uniform and readable with colour-blindness."""

FONT = "arial, sans-serif"
WIDTH = 600

CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "axis": {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelFontSize": 14,
        "titleFontSize": 14,
        "titleFontWeight": "bold",
        "domainColor": SECONDARY_TEXT,
        "tickColor": SECONDARY_TEXT,
        "gridColor": GRID,
        "labelLimit": 320,
    },
    "legend": {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelFontSize": 14,
        "titleFontSize": 14,
        "labelLimit": 300,
        "orient": "bottom",
        "direction": "vertical",
    },
    "title": {"color": TEXT, "fontSize": 16, "anchor": "start"},
    "text": {"color": TEXT, "fontSize": 13},
    "range": {"category": list(SERIES_COLOURS)},
    "aria": False,
}
"""The chart's own marks carry no ARIA: the chart is one image, named by its title and
description, with the figures in the table under it."""


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    csv_rows: list[list[Any]] = field(default_factory=list)
    """The rows as the CSV gives them: numbers unformatted, in full."""

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Chart:
    """A chart ready for the ``vega_chart`` macro: an id unique in its page, the accessible
    name and description, the spec, the table of the same figures and where its CSV is."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]
    table: Table
    csv_url: str

    @property
    def svg(self) -> Markup:
        return inline_svg(self.spec, self.id, self.title, self.description)


def spec(
    body: dict[str, Any], description: str, width: int = WIDTH, height: int | None = None
) -> dict[str, Any]:
    """A complete Vega-Lite spec: the house config, size and description added to ``body``."""
    full: dict[str, Any] = {
        "$schema": SCHEMA,
        "description": description,
        "width": width,
        "config": CONFIG,
        **body,
    }
    if height is not None:
        full["height"] = height
    return full


# Rendering --------------------------------------------------------------------------------------

_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 256
_LOCK = threading.Lock()


def spec_hash(chart_spec: dict[str, Any]) -> str:
    text = json.dumps(chart_spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_svg(chart_spec: dict[str, Any]) -> str:
    """The spec drawn as SVG by vl-convert, cached by the spec's hash."""
    key = spec_hash(chart_spec)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart_spec, vl_version=VEGA_LITE_VERSION)
    with _LOCK:
        _CACHE[key] = svg
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return svg


_ROOT = re.compile(r"<svg\b[^>]*>")
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_STYLE = re.compile(r'\sstyle="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_SIZE = re.compile(r'\b(width|height)="([\d.]+)"')


def _escape(text: str) -> str:
    return str(Markup.escape(text))


def inline_svg(chart_spec: dict[str, Any], chart_id: str, title: str, description: str) -> Markup:
    """The rendered SVG made fit to inline: one image named by the title and described, its
    inner ARIA and any style attribute removed (the page's CSP allows no inline style), its
    ids prefixed with the chart's id so that several charts can share a page."""
    svg = render_svg(chart_spec)
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg).strip()
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("vl-convert returned no <svg> element")
    sizes = dict(_SIZE.findall(root.group(0)))
    body = svg[root.end() :]
    body = _ARIA.sub("", body)
    body = _STYLE.sub("", body)
    for found in set(_ID.findall(body)):
        new = f"{chart_id}-{found}"
        body = body.replace(f'id="{found}"', f'id="{new}"')
        body = body.replace(f"url(#{found})", f"url(#{new})")
        body = body.replace(f'href="#{found}"', f'href="#{new}"')
    width, height = sizes.get("width", str(WIDTH)), sizes.get("height", "300")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lg-vega__svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" focusable="false">'
        f'<title id="{chart_id}-title">{_escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{_escape(description)}</desc>'
    )
    return Markup(head + body)


# Tables as CSV ----------------------------------------------------------------------------------


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A CSV (RFC 4180, CRLF line ends) of the rows under the headers; numbers in full."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    return value
