"""The test database with the reference data every test needs, built once and copied for each
test session and each parallel worker (a plugin of tests/conftest.py).

Building it (migrating, then loading England's places, the framework, the programmes and the
evidence base) takes about half a minute; copying it takes well under a second. The prepared copy
is a database file beside the test database on SQLite and a template database on PostgreSQL. Its
name carries a hash of the package's code and data, these test files and the installed
distributions, so any change to what the reference data is made from builds it again. A lock
file keeps parallel workers from building it twice."""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import localgrowth

MADE_FROM = [
    Path(localgrowth.__file__).parent,
    Path(__file__),
    Path(__file__).with_name("conftest.py"),
]


def reference_key() -> str:
    """A hash of everything the reference data is made from."""
    digest = hashlib.sha256()
    for root in MADE_FROM:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    for distribution in sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    ):
        digest.update(distribution.encode())
    return digest.hexdigest()[:16]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def test_database_name(settings_dict: dict[str, Any]) -> str:
    """The name Django gives the test database (its TEST NAME, or test_ and its NAME)."""
    return settings_dict.get("TEST", {}).get("NAME") or f"test_{settings_dict['NAME']}"


def set_up(build: Callable[[], None], *, rebuild: bool, verbosity: int) -> Any:
    """Create the test database from the prepared copy, building that first when it is missing
    (or when `rebuild` is asked); returns what `teardown_databases` needs."""
    return _copies().set_up(build, rebuild, verbosity)


def prepare(build: Callable[[], None], *, rebuild: bool) -> bool:
    """Build the prepared copy if it is missing (or if `rebuild` is asked), in a test database
    made for the purpose and dropped after; returns whether it built it."""
    from django.test.utils import teardown_databases

    prepared = _copies()
    with locked(prepared.lock_path):
        if prepared.exists() and not rebuild:
            return False
        config = _setup_databases(0, keepdb=False)
        build()
        prepared.save()
        teardown_databases(config, verbosity=0)
    return True


def _copies() -> Copies:
    """The prepared copies on the default database's server."""
    from django.db import connection

    copies = {"sqlite": SQLiteCopies, "postgresql": PostgreSQLCopies}[connection.vendor]
    return copies(connection.settings_dict, reference_key())


def _setup_databases(verbosity: int, *, keepdb: bool) -> Any:
    from django.test.utils import setup_databases

    return setup_databases(
        verbosity=verbosity,
        interactive=False,
        keepdb=keepdb,
        aliases={"default"},
        serialized_aliases=set(),
    )


class Copies:
    """Prepared copies of the reference database on one database server."""

    def __init__(self, settings_dict: dict[str, Any], key: str) -> None:
        self.settings_dict = settings_dict
        self.key = key
        self.test_name = test_database_name(settings_dict)

    lock_path: Path

    def exists(self) -> bool:
        raise NotImplementedError

    def save(self) -> None:
        """Keep the test database, as built, as the prepared copy; drop older copies."""
        raise NotImplementedError

    def restore(self) -> None:
        """Put a copy of the prepared database where the test database goes."""
        raise NotImplementedError

    def set_up(self, build: Callable[[], None], rebuild: bool, verbosity: int) -> Any:
        with locked(self.lock_path):
            if rebuild or not self.exists():
                config = _setup_databases(verbosity, keepdb=False)
                build()
                self.save()
                return config
            self.restore()
        return _setup_databases(verbosity, keepdb=True)


class SQLiteCopies(Copies):
    def __init__(self, settings_dict: dict[str, Any], key: str) -> None:
        super().__init__(settings_dict, key)
        test_file = Path(self.test_name)
        self.prepared = test_file.with_name(f"test-reference-{key}.sqlite3")
        self.lock_path = test_file.with_name("test-reference.lock")

    def exists(self) -> bool:
        return self.prepared.exists()

    def save(self) -> None:
        from django.db import connection

        partial = self.prepared.with_suffix(".partial")
        with sqlite3.connect(partial) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        target.close()
        for older in self.prepared.parent.glob("test-reference-*.sqlite3"):
            older.unlink()
        partial.rename(self.prepared)

    def restore(self) -> None:
        test_file = Path(self.test_name)
        for suffix in ("-wal", "-shm"):
            Path(f"{test_file}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.prepared, test_file)


class PostgreSQLCopies(Copies):
    def __init__(self, settings_dict: dict[str, Any], key: str) -> None:
        super().__init__(settings_dict, key)
        self.prefix = f"{settings_dict['NAME']}_reference_"
        self.template = f"{self.prefix}{key}"
        self.lock_path = Path(tempfile.gettempdir()) / f"localgrowth-{self.template}.lock"

    @contextmanager
    def _server(self) -> Iterator[Any]:
        import psycopg

        settings = self.settings_dict
        with psycopg.connect(
            dbname="postgres",
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            autocommit=True,
        ) as server:
            yield server

    def _databases(self, server: Any) -> list[str]:
        rows = server.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [self.prefix]
        )
        return [name for (name,) in rows]

    def exists(self) -> bool:
        with self._server() as server:
            return self.template in self._databases(server)

    def save(self) -> None:
        from django.db import connection
        from psycopg import sql

        connection.close()
        with self._server() as server:
            for older in self._databases(server):
                server.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(older)))
            server.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(self.template), sql.Identifier(self.test_name)
                )
            )

    def restore(self) -> None:
        from psycopg import sql

        with self._server() as server:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.test_name))
            )
            server.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(self.test_name), sql.Identifier(self.template)
                )
            )
