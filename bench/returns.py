"""Return import speed and memory: ``import_returns`` (validate and store) of N generated return
workbooks beside openpyxl read-only iteration of the same files, on the same machine.

Builds a throwaway SQLite database (migrate, the reference output types and funds, then
``--projects`` generated projects with grants, spend profiles and outputs), or reuses
``--database``. Then writes N return workbooks with ``quarter_workbook``, each for a distinct
project and quarter so that each imports as a new return (version 1), and fills in its input
cells with generated values that pass every rule: spend actual and forecast by year within the
grant, output actuals, milestones, risks and the sign-off. Everything is generated: no real
project or return is used.

Measured, in one process, over all N files:

- ours: ``import_returns(path)`` for every file: read the workbook, check every rule, store the
  return with its rows and history in one transaction, record the import run;
- peer: ``openpyxl.load_workbook(path, read_only=True)``, every cell value of every sheet
  (``iter_rows(values_only=True)``), then ``close()``. Reading only: no checks, nothing stored.

Times are taken without tracemalloc, the two sides alternating in blocks of ``--block`` files
(which goes first alternates too), so that a noisy machine slows both alike. Peak memory is then
taken in a second pass of each side under tracemalloc (which counts Python allocations only and
slows both), garbage collected before each file, the database put back as it was before ours
runs again. Last (unless ``--no-breakdown``), on the database put back once more, each file goes
through every stage in turn: the peer; the openpyxl full load that ``read_workbook`` does (not
read-only); ``read_workbook`` (load, grid, parse); ``validate`` (read and every check); and
``import_returns``. The checks are ``validate`` less ``read_workbook``, storing is the import
less ``validate``.

Run: ``.venv/bin/python bench/returns.py [--returns 1000] [--projects 100] [--database FILE]``
(``--database`` keeps the prepared SQLite file, before any return is imported, and reuses it
when it exists; the measurement always runs on a copy of it).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

SEED = 2026
QUARTERS_FROM = 2017  # generated quarters run from 2017/18 Q1 ...
QUARTERS_TO = 2021  # ... to 2021/22 Q4
CATEGORIES = ["transport", "skills", "business_support", "housing_development", "digital"]
FUNDS = ["lgf-1", "lgf-2", "lgf-3", "gbf"]
MILESTONES = [
    "Business case approved",
    "Detailed design complete",
    "Land assembly complete",
    "Planning consent",
    "Contract award",
    "Construction start",
    "Utility diversions complete",
    "Practical completion",
    "Opening to the public",
    "Final grant claim",
]
RISKS = [
    "Contractor cost inflation",
    "Utility diversions take longer than planned",
    "Planning conditions delay the start on site",
    "Match funding from the private partner is withdrawn",
    "Ground conditions worse than surveyed",
    "Demand for the space lower than forecast",
    "Key staff leave the delivery team",
    "Statutory approvals from the highway authority delayed",
]
OWNERS = ["Project board", "Highways team", "Programme manager", "Finance lead", "Contractor"]
NAMES = ["Jane Smith", "Amir Khan", "Olu Adeyemi", "Claire Dawson", "Tomasz Nowak"]
ROLES = ["Section 151 officer", "Deputy section 151 officer", "Head of finance"]
SENTENCES = [
    "Works progressed on site this quarter.",
    "Spend is slightly behind the profile because invoices arrived late.",
    "The contractor reports no new health and safety incidents.",
    "The project board met twice and agreed the revised programme.",
    "Early engagement with local businesses continues.",
    "The forecast for the next year has been moved back to reflect the new programme.",
    "Outputs are on track against the business case.",
]


# Setting up --------------------------------------------------------------------------------------


def setup(working: Path, prepared: Path, projects: int) -> None:
    """Point Django at ``working``: a copy of ``prepared``, which is built first if it is new."""
    os.environ["DATABASE_URL"] = f"sqlite:///{working}"
    os.environ["DEBUG"] = "0"  # no query log: measure the service as it runs
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgrowth.settings")
    if prepared.exists():
        shutil.copyfile(prepared, working)
    import django

    django.setup()
    if prepared.exists():
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    reference_data()
    generate_projects(projects)
    from django.db import connections

    connections.close_all()
    source, target = sqlite3.connect(working), sqlite3.connect(prepared)
    source.backup(target)
    source.close()
    target.close()


def restore(prepared: Path, working: Path) -> None:
    """Put the working database back as it was before any return was imported."""
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{working}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(prepared, working)


def reference_data() -> None:
    """The reference output types and funds (as ``load_programmes`` loads them)."""
    from localgrowth.demo import programme
    from localgrowth.projects.models import Fund, OutputType

    for output_type in programme.OUTPUT_TYPES:
        OutputType.objects.create(
            code=output_type.code,
            name=output_type.name,
            unit=output_type.unit,
            description=output_type.description,
        )
    for fund in programme.FUNDS:
        Fund.objects.create(
            code=fund.code,
            name=fund.name,
            kind=fund.kind,
            round=fund.round,
            description=fund.description,
            source_url=fund.source_url,
        )


def financial_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def generate_projects(count: int) -> None:
    """Projects in delivery, each with a grant, a forecast spend profile over six years within
    the grant, and two or three whole-life output forecasts."""
    from django.db import transaction

    from localgrowth.projects.models import Fund, OutputLine, OutputType, Project, SpendLine

    rng = random.Random(SEED)
    funds = {fund.code: fund for fund in Fund.objects.all()}
    types = list(OutputType.objects.order_by("code"))
    with transaction.atomic():
        for number in range(1, count + 1):
            grant = Decimal(rng.randrange(500_000, 8_000_000))
            project = Project.objects.create(
                reference=f"GEN-{number:04d}",
                title=f"Generated project {number}",
                summary="Generated for the returns benchmark.",
                fund=funds[rng.choice(FUNDS)],
                status="in_delivery",
                category=rng.choice(CATEGORIES),
                grant=grant,
                total_cost=grant * 2,
            )
            start = rng.randrange(2015, 2019)
            weights = [rng.uniform(0.5, 2.0) for _ in range(6)]
            planned = float(grant) * rng.uniform(0.9, 1.0)
            for offset, weight in enumerate(weights):
                amount = int(planned * weight / sum(weights))
                SpendLine.objects.create(
                    project=project,
                    financial_year=financial_year(start + offset),
                    basis="forecast",
                    amount=Decimal(amount),
                )
            for output_type in rng.sample(types, rng.choice([2, 2, 3])):
                OutputLine.objects.create(
                    project=project,
                    output_type=output_type,
                    basis="forecast",
                    value=Decimal(rng.randrange(20, 2000)),
                )


# Generating the workbooks ------------------------------------------------------------------------


def year_of(day: date) -> int:
    """The first calendar year of the financial year ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def fill(workbook: Any, project: Any, quarter: Any, rng: random.Random) -> None:
    """Fill in the input cells of a project's return workbook with values valid for its quarter:
    actual spend for the years begun by the quarter's end, forecast for the current year and
    those to come; actual outputs; milestones, risks and the sign-off."""
    from localgrowth.domain import returns as layout

    end = quarter.end
    current = year_of(end)
    spend: list[tuple[Any, ...]] = []
    for line in project.spend.order_by("financial_year"):
        start = int(line.financial_year[:4])
        profile = float(line.amount)
        if start < current:
            spend.append((line.financial_year, "actual", round(profile * rng.uniform(0.8, 1), 2)))
        elif start == current:
            share = quarter.number / 4 * rng.uniform(0.5, 1.0)
            spend.append((line.financial_year, "actual", round(profile * share, 2)))
            spend.append((line.financial_year, "forecast", int(profile)))
        else:
            spend.append((line.financial_year, "forecast", int(profile)))
    write_rows(workbook[layout.SPEND], spend, clear=True)

    outputs = []
    for line in project.outputs.select_related("output_type"):
        unit = line.output_type.unit
        for year in range(max(current - 2, 2015), current + 1):
            value = round(float(line.value) * rng.uniform(0.02, 0.2), 1 if unit == "km" else 0)
            outputs.append((line.output_type.code, unit, financial_year(year), "actual", value))
    append_rows(workbook[layout.OUTPUTS], outputs)

    milestones = []
    baseline = date(current - 2, 4, 1)
    statuses = [label for code, label in layout.MILESTONE_STATUS.items() if code != "complete"]
    for name in rng.sample(MILESTONES, rng.randrange(4, 8)):
        baseline += timedelta(days=rng.randrange(60, 240))
        if baseline <= end and rng.random() < 0.7:
            actual = min(baseline + timedelta(days=rng.randrange(0, 90)), end)
            milestones.append((name, baseline, None, actual, "Complete"))
        else:
            forecast = max(baseline, end + timedelta(days=rng.randrange(1, 400)))
            milestones.append((name, baseline, forecast, None, rng.choice(statuses)))
    milestones.sort(key=lambda row: row[1])
    append_rows(workbook[layout.MILESTONES], milestones)

    risks = []
    for description in rng.sample(RISKS, rng.randrange(2, 6)):
        likelihood, impact = rng.randrange(1, 6), rng.randrange(1, 6)
        mitigation = None
        if likelihood * impact >= 15 or rng.random() < 0.5:
            mitigation = "Contingency held; monitored monthly by the project board."
        status = "Open" if rng.random() < 0.8 else "Closed"
        risks.append((description, likelihood, impact, rng.choice(OWNERS), mitigation, status))
    append_rows(workbook[layout.RISKS], risks)

    sign_off = workbook[layout.SIGN_OFF]
    sign_off["B3"] = rng.choice(NAMES)
    sign_off["B4"] = rng.choice(ROLES)
    sign_off["B5"] = end + timedelta(days=rng.randrange(1, 40))
    sign_off["B6"] = " ".join(rng.sample(SENTENCES, rng.randrange(2, 5)))


def last_row(sheet: Any) -> int:
    return max(
        (cell.row for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")),
        default=1,
    )


def write_rows(sheet: Any, rows: list[tuple[Any, ...]], *, clear: bool = False) -> None:
    if clear:
        for row in sheet.iter_rows(min_row=2, max_row=last_row(sheet)):
            for cell in row:
                cell.value = None
    for offset, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=offset, column=column, value=_excel(value))


def append_rows(sheet: Any, rows: list[tuple[Any, ...]]) -> None:
    first = last_row(sheet) + 1
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=first + offset, column=column, value=_excel(value))


def _excel(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def generate_workbooks(directory: Path, count: int) -> list[Path]:
    """``count`` filled return workbooks, each for a distinct project and quarter."""
    from localgrowth.domain.returns import Quarter
    from localgrowth.projects.models import Project
    from localgrowth.returns.workbook import quarter_workbook

    rng = random.Random(SEED + 1)
    projects = list(Project.objects.filter(reference__startswith="GEN-").order_by("reference"))
    quarters = [
        Quarter(year, number)
        for year in range(QUARTERS_FROM, QUARTERS_TO + 1)
        for number in range(1, 5)
    ]
    if count > len(projects) * len(quarters):
        raise SystemExit(
            f"{len(projects)} projects × {len(quarters)} quarters make at most "
            f"{len(projects) * len(quarters)} distinct returns; ask for more --projects."
        )
    per_project = -(-count // len(projects))
    pairs = [
        (project, quarter)
        for project in projects
        for quarter in sorted(
            rng.sample(quarters, per_project), key=lambda q: (q.start_year, q.number)
        )
    ][:count]
    rng.shuffle(pairs)
    paths = []
    for project, quarter in pairs:
        workbook = quarter_workbook(project, quarter)
        fill(workbook, project, quarter, rng)
        label = quarter.label.replace("/", "-").replace(" ", "-")
        path = directory / f"{project.reference}-{label}.xlsx"
        workbook.save(path)
        paths.append(path)
    return paths


# The two sides -----------------------------------------------------------------------------------


def ours(path: Path) -> None:
    from localgrowth.core.importing import ImportFailed
    from localgrowth.returns.importers import import_returns

    try:
        import_returns(path)
    except ImportFailed as failure:
        faults = "; ".join(str(fault) for fault in failure.faults[:5])
        raise SystemExit(f"{path.name} did not import: {faults}") from None


def peer(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for _value in row:
                pass
    workbook.close()


def full_load(path: Path) -> None:
    """The load ``read_workbook`` does (not read-only), and every cell of every sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=False, keep_links=False)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for _cell in row:
                pass
    workbook.close()


def read_only_workbook(path: Path) -> None:
    from localgrowth.domain.returns import Faults
    from localgrowth.returns.importers import read_workbook

    faults = Faults(path.name)
    if read_workbook(path, path.name, faults) is None or faults.items:
        raise SystemExit(f"{path.name}: {faults.items[:3]}")


def validate_only(path: Path) -> None:
    from localgrowth.returns.importers import validate

    validate(path, path.name)


# Measuring ---------------------------------------------------------------------------------------


@dataclass
class Side:
    label: str
    run: Callable[[Path], None]
    seconds: float = 0.0
    traced_seconds: float = 0.0
    peak_mib: float = 0.0
    file_peak_mib: float = 0.0


def timed_alternating(sides: list[Side], paths: list[Path], block: int) -> None:
    """Each side over every file, without tracemalloc, in alternating blocks."""
    for number, first in enumerate(range(0, len(paths), block)):
        chunk = paths[first : first + block]
        order = sides if number % 2 == 0 else sides[::-1]
        for side in order:
            started = time.perf_counter()
            for path in chunk:
                side.run(path)
            side.seconds += time.perf_counter() - started


def traced(side: Side, paths: list[Path]) -> None:
    """One side over every file under tracemalloc, garbage collected before each file (not
    timed): the peak over the pass, and the largest peak of one file above what was held when
    it started."""
    tracemalloc.start()
    for path in paths:
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        started = time.perf_counter()
        side.run(path)
        side.traced_seconds += time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        side.peak_mib = max(side.peak_mib, peak / 2**20)
        side.file_peak_mib = max(side.file_peak_mib, (peak - held) / 2**20)
    tracemalloc.stop()


STAGES: dict[str, Callable[[Path], None]] = {
    "peer": peer,
    "full load": full_load,
    "read_workbook": read_only_workbook,
    "validate": validate_only,
    "import_returns": ours,
}


def breakdown(paths: list[Path]) -> dict[str, float]:
    """Seconds over every file in each stage of ours, and the peer's, each file through every
    stage in turn (the first stage turning with each file), so that all run under the same
    conditions. Call with the database as it was before any import."""
    totals = dict.fromkeys(STAGES, 0.0)
    names = list(STAGES)
    for number, path in enumerate(paths):
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            started = time.perf_counter()
            STAGES[name](path)
            totals[name] += time.perf_counter() - started
    return totals


def machine() -> str:
    import django
    import openpyxl

    model = "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {os.cpu_count()} cores ({usable} usable), {model}; {platform.system()} "
        f"{platform.machine()}; Python {platform.python_version()}, Django {django.__version__}, "
        f"openpyxl {openpyxl.__version__}, SQLite {sqlite3.sqlite_version}; {load()}"
    )


def load() -> str:
    """The 1-minute load average: other work on the machine slows both sides."""
    return f"load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""


def run(prepared: Path, directory: Path, count: int, projects: int, block: int, parts: bool):
    os.environ.setdefault("LOCALGROWTH_VAR_DIR", str(directory / "var"))
    working = directory / "working.sqlite3"
    started = time.perf_counter()
    setup(working, prepared, projects)
    print(machine())
    print(f"prepared the database in {time.perf_counter() - started:.1f} s")

    files = directory / "returns"
    files.mkdir()
    started = time.perf_counter()
    paths = generate_workbooks(files, count)
    size = sum(path.stat().st_size for path in paths) / len(paths) / 1024
    print(
        f"generated {len(paths):,} return workbooks (generated data, not real returns; "
        f"{size:.0f} KiB each on average) in {time.perf_counter() - started:.1f} s"
    )

    sides = [Side("peer: openpyxl read-only iteration", peer), Side("ours: import_returns", ours)]
    timed_alternating(sides, paths, block)
    from localgrowth.returns.models import Return

    stored = Return.objects.filter(version=1).count()
    if stored != len(paths):
        raise SystemExit(f"{stored} returns stored for {len(paths)} files")
    print(f"timed: {len(paths):,} files each side, in alternating blocks of {block}; {load()}")

    traced(sides[0], paths)
    restore(prepared, working)
    traced(sides[1], paths)
    print(f"traced: each side over every file again under tracemalloc; {load()}")

    print()
    print(
        f"{'side':<36} {'files':>6} {'seconds':>8} {'files/s':>8} {'ms/file':>8} "
        f"{'traced s':>9} {'peak MiB':>9} {'file MiB':>9}"
    )
    for side in sides:
        print(
            f"{side.label:<36} {len(paths):>6,} {side.seconds:>8.2f} "
            f"{len(paths) / side.seconds:>8.1f} {1000 * side.seconds / len(paths):>8.1f} "
            f"{side.traced_seconds:>9.2f} {side.peak_mib:>9.1f} {side.file_peak_mib:>9.1f}"
        )
    theirs, mine = sides
    print(
        f"ratio ours ÷ peer: {mine.seconds / theirs.seconds:.1f}x the time, "
        f"{mine.peak_mib / theirs.peak_mib:.1f}x the peak memory "
        f"({mine.file_peak_mib / theirs.file_peak_mib:.1f}x the largest one-file peak)"
    )
    print(
        "seconds: without tracemalloc; traced s: the same files under tracemalloc. peak MiB: "
        "tracemalloc's peak over that pass (Python allocations only; garbage collected before "
        "each file); file MiB: the largest peak of one file above what was held when it "
        "started."
    )
    if not parts:
        return
    restore(prepared, working)
    totals = breakdown(paths)
    print(f"breakdown: each file through every stage in turn; {load()}")
    print()
    stages = [
        ("peer: openpyxl read-only iteration", totals["peer"]),
        ("openpyxl full load (as read_workbook loads)", totals["full load"]),
        ("read_workbook (load + grid + parse)", totals["read_workbook"]),
        ("checks (validate less read_workbook)", totals["validate"] - totals["read_workbook"]),
        ("validate (read + every check)", totals["validate"]),
        ("storing (import_returns less validate)", totals["import_returns"] - totals["validate"]),
        ("import_returns", totals["import_returns"]),
    ]
    whole = totals["import_returns"]
    print(f"{'ours, stage by stage':<44} {'seconds':>8} {'ms/file':>8} {'of import':>9}")
    for label, seconds in stages:
        print(
            f"{label:<44} {seconds:>8.2f} {1000 * seconds / len(paths):>8.1f} "
            f"{seconds / whole:>9.0%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--returns", type=int, default=1000, help="return workbooks to import")
    parser.add_argument("--projects", type=int, default=100, help="generated projects")
    parser.add_argument("--block", type=int, default=50, help="files per alternating block")
    parser.add_argument(
        "--database",
        type=Path,
        help="keep the prepared SQLite file here (before any import), and reuse it if it exists",
    )
    parser.add_argument(
        "--no-breakdown", action="store_true", help="skip the stage-by-stage timing of ours"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        prepared = args.database.resolve() if args.database else directory / "prepared.sqlite3"
        run(prepared, directory, args.returns, args.projects, args.block, not args.no_breakdown)


if __name__ == "__main__":
    main()
