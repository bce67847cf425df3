"""The shipped evidence files, imported once per test database (as the demo loads them)."""

import pytest

from localgrowth.evidence.models import Release
from localgrowth.evidence.services import DATA, SHIPPED, load_evidence


@pytest.fixture(scope="session")
def shipped_evidence(django_db_setup, django_db_blocker) -> dict[str, Release]:
    """The release of every shipped file, by file name. Loading is idempotent, so this holds
    whether or not the files were loaded before."""
    with django_db_blocker.unblock():
        load_evidence()
        return {name: Release.objects.get(file_name=name) for _, name in SHIPPED}


@pytest.fixture
def data_dir():
    return DATA
