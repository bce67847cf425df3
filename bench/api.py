"""API speed: localgrowth's open data API beside Datasette, serving the same SQLite file.

Builds one SQLite database through localgrowth (migrate, then the SELEP demo: places,
programmes, the framework's themes and 138 real projects), then adds illustrative projects up
to N (default 100,000) with a bulk insert: generated, not real, with areas served (shares) and
theme tags so that filters and facets have work to do. Then serves that one file with

- localgrowth under gunicorn (``localgrowth serve --workers 2``), and
- Datasette (``datasette serve --immutable``, time limits raised so no query is cut short,
  facet suggestions off: our list does not suggest facets either),

and times equivalent requests with a small load generator (threads, one keep-alive
``http.client`` connection each; a warm-up first), at concurrency 1 and 10:

- list: completed LGF projects, a page of 50 in reference order;
- facets: counts by status, category and fund over every project (the same three facets);
- detail: one project by reference, spread over many references.

Prints median and 95th percentile latency (ms) and requests per second for each case and side,
the ratios ours ÷ Datasette, and the size of the map's data for the default view.
Run: ``.venv/bin/python bench/api.py [--projects 100000] [--requests 300] [--seconds 60]
[--database FILE]`` (``--database`` keeps the built file, and reuses it when it exists).
Datasette must be installed in the same environment (``datasette`` is pinned in the dev
extras); nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
STATUSES = ["completed", "in_delivery", "approved", "pipeline"]
CATEGORIES = ["transport", "skills", "business_support", "housing_development"]
WARM_UP = 20


# Building the database (run in its own process, with Django set up) ----------------------------


def generate(count: int, seed: int = 2026) -> None:
    """Migrate, load the demo, then bulk-insert illustrative projects up to ``count``."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgrowth.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from localgrowth.demo.services import load_demo

    call_command("migrate", verbosity=0)
    load_demo(lambda message: None)
    _add_projects(count, random.Random(seed))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _add_projects(count: int, rng: random.Random) -> None:
    from decimal import Decimal

    from localgrowth.framework.models import Theme
    from localgrowth.places.models import AreaType, Partnership
    from localgrowth.projects.models import Fund, Programme, Project, ProjectArea, ProjectTheme

    selep = Partnership.objects.get(slug="selep")
    districts = list(selep.members.filter(area_type=AreaType.DISTRICT, valid_to__isnull=True))
    federated = list(selep.federated_areas.all())
    funds, themes = list(Fund.objects.all()), list(Theme.objects.all())
    programme = Programme.objects.first()
    start = Project.objects.count()
    batch = 5_000
    for first in range(start, count, batch):
        projects = Project.objects.bulk_create(
            [
                Project(
                    reference=f"BENCH-{number:06d}",
                    title=f"Illustrative project {number}",
                    summary="Generated for the API benchmark: not a real project.",
                    fund=rng.choice(funds),
                    programme=programme,
                    federated_area=rng.choice(federated),
                    status=rng.choice(STATUSES),
                    category=rng.choice(CATEGORIES),
                    latitude=Decimal(f"{rng.uniform(50.75, 52.05):.6f}"),
                    longitude=Decimal(f"{rng.uniform(-0.45, 1.75):.6f}"),
                    location_precision="exact",
                    grant=Decimal(rng.randrange(250_000, 8_000_000)),
                    total_cost=Decimal(rng.randrange(8_000_000, 16_000_000)),
                )
                for number in range(first, min(first + batch, count))
            ]
        )
        shares, tags = [], []
        for project in projects:
            served = rng.sample(districts, rng.choice([1, 1, 1, 2]))
            share = Decimal(1) / len(served)
            shares += [ProjectArea(project=project, area=area, share=share) for area in served]
            tags += [ProjectTheme(project=project, theme=t) for t in rng.sample(themes, 2)]
        ProjectArea.objects.bulk_create(shares)
        ProjectTheme.objects.bulk_create(tags)


# Servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server for {path} stopped (exit code {process.returncode}).")
        try:
            status, _ = fetch(port, path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"No answer from port {port} within {seconds:.0f} s.")


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int, ready: str) -> Any:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(port, ready, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# The load generator ----------------------------------------------------------------------------


def load(
    port: int, paths: Callable[[int], str], requests: int, concurrency: int, seconds: float
) -> dict:
    """Latencies of ``requests`` GETs of ``paths(i)``, ``concurrency`` at a time; no new
    request is started after ``seconds`` (so a slow side is measured on fewer requests)."""
    latencies: list[float] = []
    failures: list[str] = []
    counter = iter(range(requests))
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                number = next(counter, None)
            if number is None or time.perf_counter() > deadline:
                break
            started = time.perf_counter()
            connection.request("GET", paths(number))
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(f"{response.status} {paths(number)}")
        connection.close()

    for number in range(WARM_UP):
        fetch(port, paths(number))
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, such as: {failures[0]}")
    latencies.sort()
    return {
        "requests": len(latencies),
        "median": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "rps": len(latencies) / wall,
    }


# The comparison --------------------------------------------------------------------------------


def datasette_command() -> list[str]:
    if importlib.util.find_spec("datasette") is None:
        sys.stderr.write(
            "Datasette is not installed in this environment, so there is nothing to compare "
            "with.\nIt is pinned in the dev extras (datasette==0.65.5): install them with\n"
            "  .venv/bin/pip install -e '.[dev]' -c requirements/lock.txt\n"
            "and run this benchmark again.\n"
        )
        raise SystemExit(2)
    return [sys.executable, "-m", "datasette", "serve"]


def fund_id(database: Path, code: str) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT id FROM projects_fund WHERE code = ?", [code]).fetchone()
    return int(row[0])


def cases(database: Path, projects: int) -> dict[str, tuple[Callable, Callable]]:
    """For each case, the paths of ours and of Datasette's request number ``i``."""
    lgf = fund_id(database, "lgf")
    rng = random.Random(1)
    references = [f"BENCH-{rng.randrange(138, projects):06d}" for _ in range(5000)]
    table = f"/{database.stem}/projects_project.json"
    return {
        "list": (
            lambda i: "/api/v1/projects?status=completed&fund=lgf&page_size=50",
            lambda i: f"{table}?status=completed&fund_id={lgf}&_size=50&_sort=reference",
        ),
        "facets": (
            lambda i: "/api/v1/projects/facets?facet=status&facet=category&facet=fund",
            lambda i: f"{table}?_facet=status&_facet=category&_facet=fund_id&_size=0",
        ),
        "detail": (
            lambda i: f"/api/v1/projects/{references[i % len(references)]}",
            lambda i: f"{table}?reference={references[i % len(references)]}",
        ),
    }


def run(
    directory: Path, projects: int, requests: int, seconds: float, database: Path | None
) -> None:
    datasette = datasette_command()
    reuse = database is not None and database.exists()
    database = database or directory / "bench.db"
    env = {
        **os.environ,
        "LOCALGROWTH_VAR_DIR": str(directory),
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "",
    }
    if reuse:
        print(f"Using the database built before: {database}")
    else:
        started = time.perf_counter()
        command = [sys.executable, __file__, "--generate", str(projects)]
        subprocess.run(command, env=env, check=True)
        print(f"Built {projects:,} projects in {time.perf_counter() - started:.0f} s: {database}")
    ours_port, theirs_port = free_port(), free_port()
    ours = [str(BIN / "localgrowth"), "serve", "--port", str(ours_port), "--workers", "2"]
    theirs = [
        *datasette,
        "--immutable",
        str(database),
        "--port",
        str(theirs_port),
        "--setting",
        "sql_time_limit_ms",
        "30000",
        "--setting",
        "facet_time_limit_ms",
        "30000",
        "--setting",
        "max_returned_rows",
        "1000",
        "--setting",
        "suggest_facets",
        "off",
    ]
    results: dict[tuple[str, str, int], dict] = {}
    with (
        serving(ours, env, ours_port, "/api/v1/framework"),
        serving(theirs, env, theirs_port, "/-/versions.json"),
    ):
        _, body = fetch(ours_port, "/api/v1/projects/map?zoom=8")
        map_size = len(body)
        for name, (our_path, their_path) in cases(database, projects).items():
            for concurrency in (1, 10):
                for side, port, paths in (
                    ("localgrowth", ours_port, our_path),
                    ("datasette", theirs_port, their_path),
                ):
                    results[name, side, concurrency] = load(
                        port, paths, requests, concurrency, seconds
                    )
    report(results, projects, requests, map_size)


def report(results: dict, projects: int, requests: int, map_size: int) -> None:
    print(f"{projects:,} projects; {requests} requests per case after {WARM_UP} to warm up")
    print(
        f"{'case':<8} {'conc':>4} {'side':<12} {'requests':>8} {'median ms':>10} {'p95 ms':>8} "
        f"{'req/s':>8}"
    )
    for (name, side, concurrency), row in results.items():
        print(
            f"{name:<8} {concurrency:>4} {side:<12} {row['requests']:>8} {row['median']:>10.1f} "
            f"{row['p95']:>8.1f} {row['rps']:>8.1f}"
        )
    print("ours ÷ Datasette (latency: lower is better; req/s: higher is better)")
    for name, side, concurrency in results:
        if side != "localgrowth":
            continue
        ours, theirs = results[name, side, concurrency], results[name, "datasette", concurrency]
        print(
            f"{name:<8} c={concurrency:<3} median {ours['median'] / theirs['median']:.2f}x  "
            f"p95 {ours['p95'] / theirs['p95']:.2f}x  req/s {ours['rps'] / theirs['rps']:.2f}x"
        )
    print(f"Map data for the default view (/api/v1/projects/map?zoom=8): {map_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--seconds", type=float, default=60, help="the most time for one case on one side"
    )
    parser.add_argument(
        "--database",
        type=Path,
        help="keep the built SQLite file here, and use it as it is if it exists already",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        run(Path(temp), args.projects, args.requests, args.seconds, args.database)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--generate":
        generate(int(sys.argv[2]))
    else:
        main()
