"""en-GB formatting, chart geometry, the Jinja2 environment and the static files."""

from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.template import engines

from localgrowth.web.charts import BarSeries, bar_chart, nice_step
from localgrowth.web.formatting import (
    long_date,
    money,
    money_short,
    money_total,
    number,
    percent,
)
from localgrowth.web.headlines import Figure, Source


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250000, "£1,250,000"),
        (Decimal("1250000.50"), "£1,250,000.50"),
        (Decimal("0.5"), "£0.50"),
        (0, "£0"),
        (-2500, "−£2,500"),
        (None, ""),
    ],
)
def test_money(value, expected):
    assert money(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("3749985.4167"), "£3,749,985"),
        (Decimal("3750165.50"), "£3,750,166"),
        (Decimal("45000000.00"), "£45,000,000"),
        (Decimal("-0.4"), "£0"),
        (None, ""),
    ],
)
def test_money_total_is_to_the_pound(value, expected):
    assert money_total(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250000, "£1.3m"),
        (600_000_000, "£600m"),
        (Decimal("454263000"), "£454.3m"),
        (Decimal("999960000"), "£1bn"),
        (1_500_000_000, "£1.5bn"),
        (250000, "£250,000"),
        (Decimal("999.6"), "£1,000"),
        (999_999, "£999,999"),
        (-1_250_000, "−£1.3m"),
    ],
)
def test_money_short(value, expected):
    assert money_short(value) == expected


def test_numbers_percentages_and_dates():
    import datetime

    assert number(Decimal("78000.00")) == "78,000"
    assert number(Decimal("1234.56"), places=1) == "1,234.6"
    assert number(None) == ""
    assert percent(Decimal("31.79")) == "32%"
    assert percent(Decimal("96.5")) == "97%"
    assert long_date(datetime.date(2021, 3, 1)) == "1 March 2021"


def test_an_undated_figure_says_its_date_is_not_recorded():
    source = Source("https://example.org/a", "")
    assert Figure("jobs", Decimal(1), None, "2018 page", source).as_at_text == (
        "2018 page (date not recorded)"
    )
    assert Figure("jobs", Decimal(1), None, "", source).as_at_text == "Date not recorded"
    assert (
        Figure("jobs", Decimal(1), None, "Latest (date not recorded)", source).as_at_text
        == "Latest (date not recorded)"
    )


def test_nice_steps():
    assert nice_step(78000) == 20000
    assert nice_step(9) == 2.5
    assert nice_step(0) == 1


def test_bar_chart_geometry():
    chart = bar_chart(
        "t",
        "d",
        [
            (
                "Jobs",
                [
                    BarSeries("target", "Target", Decimal(78000)),
                    BarSeries("delivered", "Delivered", Decimal(24800)),
                ],
            ),
            (
                "Homes",
                [
                    BarSeries("target", "Target", Decimal(29000)),
                    BarSeries("delivered", "Delivered", Decimal(25200)),
                ],
            ),
        ],
    )
    jobs_target, jobs_delivered = chart.groups[0].bars
    assert jobs_target.width / jobs_delivered.width == pytest.approx(78000 / 24800, rel=0.01)
    assert [tick.label for tick in chart.ticks] == ["0", "20,000", "40,000", "60,000", "80,000"]
    assert jobs_target.label_inside
    assert not jobs_delivered.label_inside
    assert jobs_delivered.label == "Delivered 24,800"
    assert all(bar.y + bar.height <= chart.plot_bottom for g in chart.groups for bar in g.bars)


def test_govuk_frontend_macros_and_filters_are_available():
    template = engines["jinja2"].from_string(
        '{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}'
        '{{ govukTag({"text": "Beta"}) }} {{ 1250000 | money }} {{ 1250000 | money_short }}'
    )
    output = template.render()
    assert 'class="govuk-tag"' in output
    assert "£1,250,000 £1.3m" in output


@pytest.mark.parametrize(
    "path",
    [
        "govuk/govuk-frontend.min.css",
        "govuk/govuk-frontend.min.js",
        "govuk/assets/images/favicon.ico",
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet.markercluster/leaflet.markercluster.js",
        "leaflet.markercluster/MarkerCluster.Default.css",
        "web/localgrowth.css",
    ],
)
def test_front_end_libraries_are_our_own_static_files(path):
    assert finders.find(path), f"{path} is not found: run `npm ci` (make browser)"
