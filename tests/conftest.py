"""Shared fixtures. The reference data every test needs (England's places, the strategy
framework, the SELEP funds and programmes, the evidence base) is built into a prepared database
once and copied for each test session and worker (see reference_db.py); the SELEP demo, for the
tests that ask for it, is loaded once per test process (see shared_demo.py)."""

import time

import pytest

import reference_db

pytest_plugins = ["call_fixtures", "shared_demo"]


def load_reference_data() -> None:
    from localgrowth.demo.services import DATA, load_programmes
    from localgrowth.evidence.services import load_evidence
    from localgrowth.framework.importers import import_framework
    from localgrowth.places.services import load_england_places

    load_england_places()
    import_framework(DATA / "framework-documents.csv", sheet="Documents")
    import_framework(DATA / "framework-themes.csv", sheet="Themes")
    load_programmes()
    load_evidence(lambda message: None)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """On a checkout without the prepared reference database (or with `--create-db`), build it
    once, before any test runs and before parallel workers start, so no test's setup waits for
    it. Workers only copy it."""
    config = session.config
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    from pytest_django.plugin import blocking_manager_key

    started = time.monotonic()
    with config.stash[blocking_manager_key].unblock():
        built = reference_db.prepare(load_reference_data, rebuild=config.getvalue("create_db"))
    if built:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        seconds = time.monotonic() - started
        reporter.write_line(f"Built the prepared reference database in {seconds:.0f} s")


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """The test database, holding the reference data: a copy of the prepared one (see
    reference_db.py and pytest_sessionstart)."""
    from django.test.utils import teardown_databases

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        config = reference_db.set_up(load_reference_data, rebuild=False, verbosity=verbosity)
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=verbosity)


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Hashing a password the production way takes most of a second here; tests that sign in
    need a hash that checks, not its strength."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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
