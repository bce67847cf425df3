"""The SELEP demo, loaded once per test process and database and shared by every test that asks
for it (a plugin of tests/conftest.py).

The demo is loaded inside a transaction that stays open while the tests asking for `demo` run,
each in its own savepoint within it, so what a test writes is undone after it. Before any other
test that uses the database, the transaction is rolled back: those tests never see the demo.
The tests asking for it are run together, last among the tests that use the database, so the
demo is loaded once; in any other order each test still gets what it asks for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


class SharedDemo:
    """The demo in an open transaction, loaded on demand and rolled back on demand."""

    def __init__(self, blocker, var_dir: Path) -> None:
        self._blocker = blocker
        self._var_dir = var_dir
        self._transaction: transaction.Atomic | None = None
        self.messages: list[str] = []
        self.conversion = None

    @property
    def loaded(self) -> bool:
        return self._transaction is not None

    def load(self) -> None:
        if self.loaded:
            return
        from django.db import connection

        from localgrowth.demo.services import load_demo

        assert not connection.in_atomic_block, "the shared demo must be loaded outside any test"
        with self._blocker.unblock():
            self._transaction = transaction.atomic()
            self._transaction.__enter__()
            self.messages = []
            with override_settings(VAR_DIR=self._var_dir):
                self.conversion = load_demo(self.messages.append)

    def roll_back(self) -> None:
        if not self.loaded:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._transaction.__exit__(None, None, None)
        self._transaction = None


def uses_demo(item: pytest.Item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


def uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DB_FIXTURES) or item.get_closest_marker("django_db") is not None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests asking for the demo go after the other tests; pytest-django's own ordering
    (tests in a transaction, then transactional tests, then tests without a database) keeps
    this order within each of its groups."""
    items.sort(key=uses_demo)


SHARED = pytest.StashKey[SharedDemo]()


@pytest.fixture(scope="session")
def _shared_demo(
    request: pytest.FixtureRequest, django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[SharedDemo]:
    shared = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("shared-demo"))
    request.config.stash[SHARED] = shared
    yield shared
    shared.roll_back()


@pytest.fixture(autouse=True)
def _demo_only_where_asked(request: pytest.FixtureRequest) -> None:
    """Load the shared demo for a test that asks for it; roll it back before any other test
    that uses the database. Runs before the test's database fixtures."""
    if uses_demo(request.node):
        request.getfixturevalue("_shared_demo").load()
    elif uses_database(request.node) and SHARED in request.config.stash:
        request.config.stash[SHARED].roll_back()


@pytest.fixture(autouse=True)
def _django_db_marker(_demo_only_where_asked, _django_db_marker) -> None:
    """pytest-django's fixture that opens the database for a test marked `django_db`, run
    after the shared demo is settled, so that the test's transaction nests inside the demo's."""


@pytest.fixture
def demo(_shared_demo: SharedDemo, db):
    """The SELEP demo, as `localgrowth demo` loads it; returns the register's conversion."""
    return _shared_demo.conversion


@pytest.fixture
def demo_messages(demo, _shared_demo: SharedDemo) -> list[str]:
    """What loading the shared demo said."""
    return _shared_demo.messages
