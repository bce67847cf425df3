"""One rule for "the latest figure": the home page, its chart table, the open data API and the
staff dashboard (as at today) all give the same jobs-delivered figure with the same date, and
all say that the 2021 deadline has passed with no figure dated after it."""

import re

import pytest

from localgrowth.domain.latest_figure import as_at_text
from localgrowth.projects.models import ProgressSnapshot

from .conftest import make_user, text_of
from .conftest import page_of as staff_page_of

pytestmark = pytest.mark.django_db
GROWTH_DEAL = "selep-growth-deal"
NOT_RECORDED = "so whether the target was met is not recorded"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_jobs_delivered_is_one_figure_with_one_date_everywhere(client, demo):
    from web.html import assert_html_response

    dated = ProgressSnapshot.objects.filter(
        programme__slug=GROWTH_DEAL, measure="jobs", as_at__isnull=False
    ).order_by("as_at", "pk")
    latest = dated.last()
    assert ProgressSnapshot.objects.filter(  # an undated, larger figure exists beside it
        programme__slug=GROWTH_DEAL, measure="jobs", as_at__isnull=True, value__gt=latest.value
    ).exists()
    value, date = f"{latest.value:,.0f}", as_at_text(latest.as_at, "")
    seen: dict[str, tuple[str, str]] = {}

    home = assert_html_response(client.get("/"))
    card = home.tree.find(".//div[@id='figure-jobs']")
    seen["home"] = (
        text_of(card.find(".//p[@class='lg-figure__value']")),
        text_of(card.find(".//span[@data-as-at]")),
    )
    assert NOT_RECORDED in squash(text_of(card))
    row = next(tr for tr in home.all(".//table/tbody/tr") if text_of(tr.find("th")) == "Jobs")
    cells = [text_of(td) for td in row.iter("td")]
    seen["home chart table"] = (cells[0], cells[1])

    body = client.get(f"/api/v1/programmes/{GROWTH_DEAL}/progress").json()
    jobs = next(h for h in body["headlines"] if h["key"] == "jobs")
    assert jobs["outcome"] == "not known"
    seen["API"] = (f"{float(jobs['value']):,.0f}", as_at_text(_date(jobs["as_at"]), ""))

    client.force_login(make_user("viewer", "viewer"))
    dashboard = staff_page_of(client.get(f"/staff/programme/?programme={GROWTH_DEAL}"))
    headline = dashboard.find(".//div[@data-headline='jobs-delivered']")
    detail = squash(text_of(headline))
    match = re.search(r"latest dated published figure, (\d+ \w+ \d{4})", detail)
    seen["dashboard"] = (text_of(headline.find("dd")).split()[0], match.group(1))
    assert NOT_RECORDED in detail

    assert set(seen.values()) == {(value, date)}, seen
    assert (value, date) == ("3,571", "7 December 2017")


def _date(iso: str):
    from datetime import date

    return date.fromisoformat(iso)
