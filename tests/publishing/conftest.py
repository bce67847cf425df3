"""The SELEP demo's 138 projects, loaded once for the whole package inside a transaction that
is rolled back at its end, so other packages' tests never see them. Each test runs, as usual,
in its own savepoint within that transaction."""

import pytest
from django.db import transaction
from django.test import override_settings

from localgrowth.demo.services import load_demo


@pytest.fixture(scope="package")
def _demo_in_transaction(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=tmp_path_factory.mktemp("demo")),
        transaction.atomic(),
    ):
        load_demo(lambda message: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_in_transaction, db):
    """The demo projects, for a test with database access."""
