"""A small funding call solvable by hand, made directly in the database, and a scenario saved
from it; fixtures for every test package (a plugin of tests/conftest.py)."""

from datetime import date
from decimal import Decimal as D

import pytest

from localgrowth.places.models import Area
from localgrowth.prioritisation.models import Call, Candidate
from localgrowth.prioritisation.scenarios import save_scenario


def add_candidate(call, reference, grant, cost_year, benefit, **fields):
    candidate = Candidate.objects.create(
        call=call,
        reference=reference,
        title=fields.pop("title", f"Scheme {reference}"),
        grant=D(grant),
        deliverability=fields.pop("deliverability", 4),
        risk=fields.pop("risk", 2),
        **fields,
    )
    candidate.costs.create(financial_year=cost_year, amount=D(grant))
    candidate.benefits.create(financial_year=cost_year, amount=D(benefit))
    return candidate


def make_small_call():
    """A (£600k, net £900k), B (£500k, net £700k) and C (£500k, net £650k) for a budget of £1m
    in 2019/20; D spends after the deadline and is not eligible. The best portfolio is B + C
    (net £1,350,000); greedy by ratio takes A alone (£900,000)."""
    call = Call.objects.create(
        slug="small-call",
        name="Small call",
        opens=date(2019, 6, 1),
        budget_total=D("1000000"),
        spend_deadline=date(2021, 3, 31),
        min_grant=D("250000"),
        max_grant=D("8000000"),
        min_match_share=D("0"),
        objective="net_benefit",
        illustrative=True,
        published=True,
    )
    call.budgets.create(financial_year="2019/20", amount=D("1000000"))
    call.criteria.create(code="bcr", name="Value for money", weight=D("2"))
    call.criteria.create(code="deliverability", name="Deliverability", weight=D("1"))
    area = Area.objects.filter(area_type="federated_area").order_by("code").first()
    add_candidate(call, "A", "600000", "2019/20", "1500000", federated_area=area)
    add_candidate(call, "B", "500000", "2019/20", "1200000", gross_jobs=D("50"))
    add_candidate(call, "C", "500000", "2019/20", "1150000", gross_homes=D("20"))
    add_candidate(call, "D", "300000", "2021/22", "900000")
    return call


@pytest.fixture
def small_call(db):
    return make_small_call()


@pytest.fixture
def scenario(small_call):
    return save_scenario(small_call, name="Board choice", time_limit=5)
