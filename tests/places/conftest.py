"""Places fixtures: England's areas, loaded once per test session.

The root conftest may already load them while setting up the test database; loading again is a
no-op, so this fixture only loads when SELEP's area is missing and never relies on test order.
"""

import pytest
from pytest_django import DjangoDbBlocker

from localgrowth.places.models import Area
from localgrowth.places.services import load_england_places


@pytest.fixture(scope="session")
def england_places(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    with django_db_blocker.unblock():
        if not Area.objects.filter(code="E37000056").exists():
            load_england_places()
