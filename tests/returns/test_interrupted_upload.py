"""An upload killed with SIGKILL in the middle of its transaction leaves the database exactly as
it was, and the same workbook then imports as version 1.

The upload runs in a child process (interrupted_upload_child.py) against this test database,
SQLite or PostgreSQL, whichever DATABASE_URL the suite runs under. The test is transactional so
that its data is committed and the child sees it; pytest-django runs transactional tests after
the others, so the flush that ends it does not take the reference data from them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Model
from openpyxl import load_workbook

from localgrowth.core.models import ImportRun
from localgrowth.domain.returns import Quarter
from localgrowth.projects.models import Fund, OutputLine, OutputType, Project, SpendLine
from localgrowth.returns.importers import import_returns
from localgrowth.returns.models import (
    Return,
    ReturnMilestone,
    ReturnOutput,
    ReturnRisk,
    ReturnSpend,
    ReturnStatus,
)
from localgrowth.returns.workbook import write_quarter_workbook

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = Path(__file__).with_name("interrupted_upload_child.py")
REFERENCE = "KILL-0001"
EARLIER = Quarter(2019, 2)
QUARTER = Quarter(2019, 3)
MARKER_TIMEOUT = 60.0

MODELS: list[type[Model]] = [
    Return,
    ReturnSpend,
    ReturnOutput,
    ReturnMilestone,
    ReturnRisk,
    ImportRun,
    SpendLine,
    OutputLine,
    Project,
]
TABLES: list[type[Model]] = MODELS + [
    model.history.model for model in MODELS if hasattr(model, "history")
]
"""Every table an upload writes or locks, with the history tables of those that keep one."""


def make_project() -> Project:
    """A project with a spend profile and outputs; its fund and output types are made if a
    transactional test before this one flushed the reference data."""
    fund, _ = Fund.objects.get_or_create(
        code="lgf-1", defaults={"name": "Local Growth Fund round 1", "kind": "lgf"}
    )
    project = Project.objects.create(
        reference=REFERENCE,
        title="Colchester station gateway",
        fund=fund,
        status="in_delivery",
        category="transport",
        grant=Decimal("5000000.00"),
    )
    for year, basis, amount in [
        ("2018/19", "actual", "1000000"),
        ("2019/20", "forecast", "2000000"),
        ("2020/21", "forecast", "1500000"),
    ]:
        SpendLine.objects.create(
            project=project, financial_year=year, basis=basis, amount=Decimal(amount)
        )
    for code, name, value in [("jobs", "Jobs created", "250"), ("homes", "Homes", "100")]:
        output_type, _ = OutputType.objects.get_or_create(
            code=code, defaults={"name": name, "unit": code}
        )
        OutputLine.objects.create(
            project=project, output_type=output_type, basis="forecast", value=Decimal(value)
        )
    return project


def filled_workbook(project: Project, quarter: Quarter, path: Path) -> Path:
    """The project's workbook for the quarter, filled in so that it passes every rule."""
    write_quarter_workbook(project, quarter, path)
    workbook = load_workbook(path)
    rows: dict[str, list[list[Any]]] = {
        "Spend": [["2019/20", "actual", 800000]],
        "Outputs": [["jobs", "jobs", "2019/20", "actual", 40]],
        "Milestones": [
            ["Planning consent", datetime(2019, 6, 30), None, datetime(2019, 7, 15), "Complete"],
            ["Construction start", datetime(2019, 10, 1), datetime(2020, 2, 1), None, "On track"],
        ],
        "Risks": [
            ["Contractor cost inflation", 4, 4, "Project board", "Fixed-price contract.", "Open"],
            ["Utility diversions take longer", 2, 3, "Highways team", None, "Open"],
        ],
    }
    for name, values in rows.items():
        sheet = workbook[name]
        last = max(
            (cell.row for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")),
            default=1,
        )
        for offset, row in enumerate(values, start=1):
            for column, value in enumerate(row, start=1):
                sheet.cell(row=last + offset, column=column, value=value)
    sign_off = workbook["Sign-off"]
    sign_off["B3"] = "Jane Smith"
    sign_off["B4"] = "Section 151 officer"
    sign_off["B5"] = datetime(2020, 1, 20)
    sign_off["B6"] = "Works began on site in October; spend is behind profile."
    workbook.save(path)
    return path


def snapshot() -> dict[str, tuple[int, list[tuple[Any, ...]]]]:
    """Each table's row count and every row, every column, in primary key order."""
    return {
        model._meta.label: (
            model._base_manager.count(),
            list(model._base_manager.order_by("pk").values_list()),
        )
        for model in TABLES
    }


def child_environment() -> dict[str, str]:
    """The environment that points the child at this test database (not the one DATABASE_URL
    names: pytest-django made a test database beside it)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        assert ":memory:" not in name, name
        assert not name.startswith("file:"), name
        url = f"sqlite:///{Path(name).resolve()}"
    elif connection.vendor == "postgresql":
        user = quote(db["USER"] or "", safe="")
        password = ":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else ""
        port = f":{db['PORT']}" if db["PORT"] else ""
        host = db["HOST"] or "localhost"
        url = f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"
    else:
        pytest.skip(f"no child database URL for {connection.vendor}")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "localgrowth.settings",
        "LOCALGROWTH_VAR_DIR": str(settings.VAR_DIR),
        "DATABASE_URL": url,
    }


def wait_for_marker(child: subprocess.Popen[bytes], marker: Path, stderr: Path) -> dict[str, Any]:
    deadline = time.monotonic() + MARKER_TIMEOUT
    while not marker.exists():
        if child.poll() is not None:
            pytest.fail(
                f"the child exited ({child.returncode}) before it stalled in the transaction; "
                f"its stderr:\n{stderr.read_text()}"
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"no marker from the child after {MARKER_TIMEOUT:.0f} s; its stderr so far:\n"
                f"{stderr.read_text()}"
            )
        time.sleep(0.05)
    return json.loads(marker.read_text())


def wait_for_server_session_end(backend_pid: int) -> None:
    """PostgreSQL rolls back a dead client's transaction when its session ends."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend_pid])
            if cursor.fetchone()[0] == 0:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"PostgreSQL still has the killed child's session {backend_pid}")
            time.sleep(0.05)


def test_upload_killed_mid_transaction_leaves_the_database_as_it_was(tmp_path):
    project = make_project()
    # An earlier quarter's return is stored first, so the returns tables are not empty.
    import_returns(filled_workbook(project, EARLIER, tmp_path / "earlier.xlsx"))
    path = filled_workbook(project, QUARTER, tmp_path / "return.xlsx")
    before = snapshot()
    assert before["returns.Return"][0] == 1
    assert before["core.ImportRun"][0] >= 1

    marker, stderr = tmp_path / "stalled.json", tmp_path / "child.stderr"
    with stderr.open("wb") as errors:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(path), str(marker)],
            env=child_environment(),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    try:
        seen = wait_for_marker(child, marker, stderr)
        # Inside its transaction the child had saved the new Return and a spend row, each
        # with its history row, when it was killed.
        assert seen["vendor"] == connection.vendor
        assert seen["Return"] == before["returns.Return"][0] + 1
        assert seen["HistoricalReturn"] == before["returns.HistoricalReturn"][0] + 1
        assert seen["ReturnSpend"] == before["returns.ReturnSpend"][0] + 1
        assert seen["HistoricalReturnSpend"] == before["returns.HistoricalReturnSpend"][0] + 1
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if connection.vendor == "postgresql":
        wait_for_server_session_end(seen["backend_pid"])

    assert snapshot() == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchall() == [("ok",)]

    # The database is neither locked nor damaged: the same workbook imports, as version 1.
    report = import_returns(path)
    assert report.created == [f"{REFERENCE} 2019/20 Q3 v1"]
    stored = Return.objects.get(project=project, financial_year="2019/20", quarter=3)
    assert (stored.version, stored.status) == (1, ReturnStatus.SUBMITTED)
    assert stored.spend.count() == 4
    assert stored.outputs.count() == 3
    assert stored.milestones.count() == 2
    assert stored.risks.count() == 2
    after = snapshot()
    assert after["returns.Return"][0] == before["returns.Return"][0] + 1
    assert after["core.ImportRun"][0] == before["core.ImportRun"][0] + 1
