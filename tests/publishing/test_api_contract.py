"""Contract test: Schemathesis reads the API's own OpenAPI document and, through Hypothesis,
calls every endpoint with valid and invalid data, against the Django WSGI application in this
process (inside the test's transaction, over the SELEP demo). No response may be a server
error, and every response must match what the document declares: its status code, content
type, headers and body schema.

Two of Schemathesis' checks do not apply and are switched off: ``positive_data_acceptance``
expects any schema-valid value to be accepted, but a well-formed code that names no fund or
area is rightly a 400; ``negative_data_rejection`` expects any schema-invalid value to be
refused, but an empty parameter means "not filtered", as an HTML form sends it.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

CONFIG = """
[checks.positive_data_acceptance]
enabled = false

[checks.negative_data_rejection]
enabled = false
"""


# Loaded when the module is collected: the OpenAPI document needs no database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    WSGIHandler(),
    config=schemathesis.config.SchemathesisConfig.from_str(CONFIG),
)


@pytest.fixture
def shared_connection(demo):
    """Let the WSGI application use the test's database connection and transaction: a real
    server closes stale connections at each request's start and end, which would end it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_endpoint_keeps_its_contract(case, shared_connection):
    case.call_and_validate()
