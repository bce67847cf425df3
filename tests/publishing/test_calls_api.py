"""/api/v1/calls: published funding calls and the board's published scenarios, open to anyone.

Over the SELEP demo (whose LGF3b call is published) with the small call of
tests/call_fixtures.py (published too) and a scenario saved from it; an unpublished call, or an
unpublished scenario, is never shown. The last tests hold the calls' endpoints to their OpenAPI
contract with Schemathesis while a published scenario exists, which the demo alone (over which
the whole API's contract test runs) does not have."""

import json
import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from localgrowth.framework.models import Theme
from localgrowth.places.models import Area
from localgrowth.prioritisation.models import Call, Scenario
from localgrowth.prioritisation.scenarios import save_scenario, totals
from localgrowth.projects.models import Fund

pytestmark = pytest.mark.usefixtures("demo")

API = "/api/v1"
MONEY = re.compile(r"-?\d+\.\d\d")


def get_json(client, path: str, status: int = 200):
    response = client.get(f"{API}{path}")
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def penny(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.fixture
def hidden_call(db):
    """A call not (yet) published, with a published scenario that must not show either."""
    call = Call.objects.create(slug="hidden-call", name="Hidden call", published=False)
    Scenario.objects.create(call=call, name="Leaked?", status="optimal", published=True)
    return call


@pytest.fixture
def published(scenario):
    """The board's published scenario of the small call, saved by a named member of staff."""
    user = get_user_model().objects.create_user(
        username="board.secretary",
        email="secretary@example.org",
        password="not-shown-1234",
        first_name="Philippa",
        last_name="Quennell-Stroud",
    )
    scenario.published = True
    scenario.created_by = user
    scenario.notes = "Discussed privately with Philippa."
    scenario.save()
    return scenario


def test_the_list_shows_only_published_calls(client, small_call, hidden_call):
    Call.objects.create(slug="another-draft", name="Another draft")
    published = list(Call.objects.filter(published=True).order_by("slug"))
    body = get_json(client, "/calls")
    assert [call["slug"] for call in body] == [call.slug for call in published]
    assert "small-call" in [call["slug"] for call in body]
    assert not {"hidden-call", "another-draft"} & {call["slug"] for call in body}
    for shown, stored in zip(body, published, strict=True):
        assert shown["name"] == stored.name
        assert shown["budget_total"] == (
            None if stored.budget_total is None else f"{stored.budget_total:.2f}"
        )
        assert shown["candidate_count"] == stored.candidates.count()
        assert shown["criteria"] == [
            {
                "code": criterion.code,
                "name": criterion.name,
                "weight": str(criterion.weight),
                "direction": criterion.direction,
                "direction_label": criterion.get_direction_display(),
            }
            for criterion in stored.criteria.order_by("code")
        ]
    small_call.published = False
    small_call.save()
    assert "small-call" not in [call["slug"] for call in get_json(client, "/calls")]


def test_one_calls_figures_equal_what_is_stored(client, small_call):
    fund = Fund.objects.order_by("code").first()
    small_call.fund = fund
    small_call.closes = date(2019, 9, 30)
    small_call.min_match_share = Decimal("0.1")
    small_call.description = "Capital grants for the pipeline."
    small_call.source_url = "https://example.org/call"
    small_call.save()
    small_call.budgets.create(financial_year="2020/21", amount=Decimal("250000.50"))
    small_call.criteria.create(code="risk", name="Risk", weight=Decimal("0.5"), direction="cost")
    area = Area.objects.filter(area_type="federated_area").order_by("code").first()
    small_call.area_shares.create(area=area, min_share=Decimal("0.25"))
    foundation = Theme.objects.filter(kind="foundation").order_by("code").first()
    small_call.foundation_covers.create(foundation=foundation, min_count=2)

    body = get_json(client, "/calls/small-call")
    call = Call.objects.get(slug="small-call")
    assert body["slug"] == call.slug
    assert body["name"] == call.name
    assert body["fund"] == {"code": fund.code, "name": fund.name}
    assert (body["opens"], body["closes"]) == ("2019-06-01", "2019-09-30")
    assert body["spend_deadline"] == call.spend_deadline.isoformat()
    assert body["budget_total"] == f"{call.budget_total:.2f}" == "1000000.00"
    assert body["budgets"] == [
        {"financial_year": budget.financial_year, "amount": f"{budget.amount:.2f}"}
        for budget in call.budgets.order_by("financial_year")
    ]
    assert body["budgets"][1]["amount"] == "250000.50"
    assert (body["min_grant"], body["max_grant"]) == ("250000.00", "8000000.00")
    assert Decimal(body["min_match_share"]) == call.min_match_share
    assert (body["objective"], body["objective_label"]) == (
        "net_benefit",
        call.get_objective_display(),
    )
    assert body["criteria"] == [
        {
            "code": criterion.code,
            "name": criterion.name,
            "weight": str(criterion.weight),
            "direction": criterion.direction,
            "direction_label": criterion.get_direction_display(),
        }
        for criterion in call.criteria.order_by("code")
    ]
    assert {item["code"]: item["direction"] for item in body["criteria"]} == {
        "bcr": "benefit",
        "deliverability": "benefit",
        "risk": "cost",
    }
    assert body["area_shares"] == [
        {
            "area": {"code": area.code, "name": area.name, "type": "federated_area"},
            "min_share": "0.2500",
        }
    ]
    assert body["foundation_covers"] == [
        {"foundation": foundation.code, "title": foundation.title, "min_count": 2}
    ]
    assert body["description"] == call.description
    assert body["source_url"] == call.source_url
    assert body["illustrative"] is True
    assert body["candidate_count"] == call.candidates.count() == 4
    assert body["scenario_count"] == 0
    assert body["links"] == {
        "self": "http://testserver/api/v1/calls/small-call",
        "scenarios": "http://testserver/api/v1/calls/small-call/scenarios",
    }
    assert body in get_json(client, "/calls")


def test_a_call_without_a_fund_or_rules_gives_nulls(client, db):
    Call.objects.create(slug="bare", name="Bare call", published=True, objective="score")
    body = get_json(client, "/calls/bare")
    assert body["fund"] is None
    for name in ("opens", "closes", "budget_total", "spend_deadline", "min_grant", "max_grant"):
        assert body[name] is None, name
    assert body["min_match_share"] is None
    assert body["budgets"] == body["criteria"] == body["area_shares"] == []
    assert get_json(client, "/calls/bare/scenarios")["scenarios"] == []


def test_the_scenarios_are_the_published_ones_and_their_lines_are_the_stored_lines(
    client, published, small_call
):
    save_scenario(small_call, name="Officers' draft", time_limit=5)
    body = get_json(client, "/calls/small-call/scenarios")
    assert body["call"] == {
        "slug": "small-call",
        "name": "Small call",
        "url": "http://testserver/api/v1/calls/small-call",
    }
    assert [one["name"] for one in body["scenarios"]] == ["Board choice"]
    assert get_json(client, "/calls/small-call")["scenario_count"] == 1
    shown = body["scenarios"][0]
    scenario = Scenario.objects.get(pk=published.pk)
    assert shown["id"] == scenario.pk
    assert shown["saved_on"] == timezone.localdate(scenario.created_at).isoformat()
    assert (shown["objective"], shown["status"]) == ("net_benefit", scenario.status)
    assert shown["status"] == "optimal"
    assert shown["message"] == scenario.message
    assert shown["objective_value"] == penny(scenario.objective_value) == "1350000.00"
    assert shown["gap"] == scenario.gap
    assert shown["budget_total"] == "1000000.00"
    assert shown["years"] == [
        {"financial_year": "2019/20", "budget": "1000000.00", "grant_funded": "1000000.00"}
    ]
    assert shown["illustrative"] is True

    lines = list(scenario.lines.order_by("reference"))
    assert [line["reference"] for line in shown["lines"]] == ["A", "B", "C", "D"]
    for line, stored in zip(shown["lines"], lines, strict=True):
        assert line == {
            "reference": stored.reference,
            "title": stored.title,
            "area": stored.area,
            "eligible": stored.eligible,
            "funded": stored.funded,
            "share": stored.share,
            "grant": penny(stored.grant),
            "grant_funded": penny(stored.grant_funded),
            "bcr": None if stored.bcr is None else round(stored.bcr, 4),
            "value_for_money": stored.value_for_money,
            "weighted_sum_rank": stored.weighted_sum_rank,
            "topsis_rank": stored.topsis_rank,
            "reason": stored.reason,
            "illustrative": stored.illustrative,
        }
    funded = {line["reference"]: line["funded"] for line in shown["lines"]}
    assert funded == {"A": False, "B": True, "C": True, "D": False}
    assert shown["lines"][3]["eligible"] is False
    assert shown["lines"][3]["reason"].startswith("Not eligible")
    assert shown["lines"][0]["area"]
    assert shown["lines"][3]["bcr"] == 3.0

    summed = totals(scenario, lines)
    assert shown["totals"] == {
        "funded": 2,
        "grant_funded": penny(summed.grant_funded),
        "grant_requested": penny(summed.grant_requested),
        "gross_jobs": "50.00",
        "gross_homes": "20.00",
        "unspent": "0.00",
    }
    assert shown["totals"]["grant_funded"] == "1000000.00"


def test_money_in_the_calls_and_scenarios_is_a_decimal_string_to_the_penny(client, published):
    published.lines.filter(reference="B").update(grant_funded=333333.335, grant=0.1 + 0.2)
    shown = get_json(client, "/calls/small-call/scenarios")["scenarios"][0]
    line = next(one for one in shown["lines"] if one["reference"] == "B")
    assert line["grant"] == "0.30"
    assert line["grant_funded"] == "333333.34"
    values = [
        shown["objective_value"],
        shown["budget_total"],
        *(shown["totals"][name] for name in ("grant_funded", "grant_requested", "unspent")),
        *(year[name] for year in shown["years"] for name in ("budget", "grant_funded")),
        *(one[name] for one in shown["lines"] for name in ("grant", "grant_funded")),
    ]
    call = get_json(client, "/calls/small-call")
    values += [call["budget_total"], call["min_grant"], call["max_grant"]]
    values += [budget["amount"] for budget in call["budgets"]]
    for value in values:
        assert isinstance(value, str), value
        assert MONEY.fullmatch(value), value


def test_a_score_objective_is_given_to_four_places(client, small_call):
    saved = save_scenario(small_call, name="By score", objective="score", time_limit=5)
    Scenario.objects.filter(pk=saved.pk).update(published=True)
    shown = get_json(client, "/calls/small-call/scenarios")["scenarios"][0]
    assert shown["objective"] == "score"
    assert re.fullmatch(r"\d+\.\d{4}", shown["objective_value"])
    assert math.isclose(float(shown["objective_value"]), saved.objective_value, abs_tol=1e-4)


@pytest.mark.parametrize(
    "path",
    [
        "/calls/no-such-call",
        "/calls/no-such-call/scenarios",
        "/calls/hidden-call",
        "/calls/hidden-call/scenarios",
        "/calls/small-call%0A",
        "/calls/" + "x" * 200,
        "/calls/a/b",
    ],
)
def test_unknown_and_unpublished_calls_are_a_json_404(client, small_call, hidden_call, path):
    body = get_json(client, path, status=404)
    assert body["message"].startswith("There is no published call")
    assert body["errors"] == []


def test_an_unpublished_call_is_answered_exactly_as_an_unknown_one(client, hidden_call):
    hidden = get_json(client, "/calls/hidden-call", status=404)
    Call.objects.filter(pk=hidden_call.pk).delete()
    assert get_json(client, "/calls/hidden-call", status=404) == hidden


def test_no_payload_names_who_saved_a_scenario_or_gives_private_notes(client, published):
    texts = [
        json.dumps(get_json(client, path))
        for path in ("/calls", "/calls/small-call", "/calls/small-call/scenarios")
    ]
    for text in texts:
        for secret in (
            "board.secretary",
            "secretary@example.org",
            "Philippa",
            "Quennell",
            "created_by",
            "saved_by",
            "notes",
        ):
            assert secret not in text, secret


def test_the_calls_are_readable_without_signing_in(client, published):
    assert "_auth_user_id" not in client.session
    for path in ("/calls", "/calls/small-call", "/calls/small-call/scenarios"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")


def test_the_openapi_document_describes_the_calls(client):
    schema = get_json(client, "/openapi.json")
    for path in ("/api/v1/calls", "/api/v1/calls/{slug}", "/api/v1/calls/{slug}/scenarios"):
        operation = schema["paths"][path]["get"]
        assert operation["summary"]
        assert "200" in operation["responses"]
    assert "404" in schema["paths"]["/api/v1/calls/{slug}/scenarios"]["get"]["responses"]


# The contract, while a published call and scenario exist ---------------------------------------

CONFIG = """
[checks.positive_data_acceptance]
enabled = false

[checks.negative_data_rejection]
enabled = false
"""

contract = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    WSGIHandler(),
    config=schemathesis.config.SchemathesisConfig.from_str(CONFIG),
).include(path_regex=r"^/api/v1/calls")


@pytest.fixture
def shared_connection(published):
    """As in test_api_contract: the WSGI application uses the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/api/v1/calls", None),
        ("/api/v1/calls/{slug}", "small-call"),
        ("/api/v1/calls/{slug}/scenarios", "small-call"),
        ("/api/v1/calls/{slug}/scenarios", "hidden"),
    ],
)
def test_a_published_call_and_its_scenarios_match_the_contract(shared_connection, path, slug):
    operation = contract[path]["GET"]
    case = operation.Case(path_parameters={"slug": slug} if slug else None)
    response = case.call_and_validate()
    assert response.status_code == (404 if slug == "hidden" else 200)


@contract.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_calls_endpoints_keep_their_contract(case, shared_connection):
    case.call_and_validate()
