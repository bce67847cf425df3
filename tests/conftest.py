"""Shared fixtures. The reference data every test needs (England's places, the strategy
framework, the SELEP funds and programmes, the evidence base) is loaded once per test
database; the SELEP demo, for the tests that ask for it, once per test process (see
shared_demo.py)."""

import pytest

pytest_plugins = ["call_fixtures", "shared_demo"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from localgrowth.demo.services import DATA, load_programmes
    from localgrowth.evidence.services import load_evidence
    from localgrowth.framework.importers import import_framework
    from localgrowth.places.services import load_england_places

    with django_db_blocker.unblock():
        load_england_places()
        import_framework(DATA / "framework-documents.csv", sheet="Documents")
        import_framework(DATA / "framework-themes.csv", sheet="Themes")
        load_programmes()
        load_evidence(lambda message: None)


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Pages render in tests without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(items):
    """Tests under tests/browser drive a real browser against a live server; they carry the
    `browser` marker so `make test` can run them in a process of their own."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
