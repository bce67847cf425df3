"""Import speed and memory: localgrowth's project importer beside two peers on the same machine.

Generates N projects (default 100,000) in the import template as CSV and XLSX, then measures,
each in a fresh process:

- ``localgrowth import projects`` of the CSV and of the XLSX into a new SQLite database
  (reference data loaded beforehand, outside the timing);
- ``sqlite-utils insert --csv`` of the same CSV (a plain load: no validation, no history);
- openpyxl read-only iteration over every cell of the same XLSX (reading only).

Prints rows per second and peak resident memory for each, and localgrowth's ratios to its peer.
Run: ``.venv/bin/python bench/import.py [--rows 100000]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

BIN = Path(sys.executable).parent
DISTRICTS = ["E07000114", "E07000062", "E06000035", "E07000070", "E06000033", "E07000110"]
FUNDS = ["lgf", "lgf-1", "lgf-2", "lgf-3", "gbf", "gpf"]
STATUSES = ["completed", "in_delivery", "approved", "pipeline"]
CATEGORIES = ["transport", "skills", "business_support", "housing_development"]
HEADER = [
    "reference",
    "title",
    "summary",
    "fund",
    "programme",
    "status",
    "category",
    "start",
    "end",
    "areas",
    "place",
    "grant",
    "total_cost",
    "sources",
    "notes",
]


def project_rows(count: int, seed: int = 2026):
    rng = random.Random(seed)
    for number in range(1, count + 1):
        grant = rng.randrange(250_000, 8_000_000)
        areas = rng.sample(DISTRICTS, rng.choice([1, 1, 1, 2]))
        start = rng.randrange(2015, 2021)
        yield [
            f"BENCH-{number:06d}",
            f"Illustrative project {number}",
            "Generated for the import benchmark.",
            rng.choice(FUNDS),
            "selep-growth-deal",
            rng.choice(STATUSES),
            rng.choice(CATEGORIES),
            str(start),
            f"31/03/{start + 2}",
            "; ".join(areas),
            f"Place {number % 500}",
            f"£{grant:,}",
            str(grant * 2),
            f"https://example.org/projects/{number}",
            "",
        ]


def write_files(directory: Path, count: int) -> tuple[Path, Path]:
    csv_path, xlsx_path = directory / "projects.csv", directory / "projects.xlsx"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(project_rows(count))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projects")
    sheet.append(HEADER)
    for row in project_rows(count):
        sheet.append(row)
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of a command in its own process."""
    wrapper = [sys.executable, __file__, "--measure", "--", *command]
    output = subprocess.run(wrapper, env=env, check=True, capture_output=True, text=True).stdout
    seconds, peak = output.strip().splitlines()[-1].split()
    return float(seconds), int(peak)


def measure(command: list[str]) -> None:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(completed.returncode)
    print(f"{elapsed:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")


def prepared_database(directory: Path, name: str) -> dict[str, str]:
    env = {
        **os.environ,
        "LOCALGROWTH_VAR_DIR": str(directory),
        "DATABASE_URL": f"sqlite:///{directory / name}",
    }
    localgrowth = str(BIN / "localgrowth")
    subprocess.run([localgrowth, "migrate", "-v0"], env=env, check=True)
    subprocess.run([localgrowth, "load_places"], env=env, check=True, capture_output=True)
    code = "from localgrowth.demo.services import load_programmes; load_programmes()"
    subprocess.run([localgrowth, "shell", "--no-imports", "-c", code], env=env, check=True)
    return env


READ_XLSX = (
    "import sys; from openpyxl import load_workbook\n"
    "wb = load_workbook(sys.argv[1], read_only=True)\n"
    "n = sum(1 for row in wb['Projects'].iter_rows(values_only=True) for _ in row)\n"
    "wb.close()"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        csv_path, xlsx_path = write_files(directory, args.rows)
        localgrowth = str(BIN / "localgrowth")
        results = {}
        for label, path in (("csv", csv_path), ("xlsx", xlsx_path)):
            env = prepared_database(directory, f"{label}.sqlite3")
            results[f"localgrowth import ({label})"] = timed(
                [localgrowth, "import", "projects", str(path)], env
            )
        results["sqlite-utils insert --csv"] = timed(
            [
                str(BIN / "sqlite-utils"),
                "insert",
                str(directory / "peer.db"),
                "projects",
                str(csv_path),
                "--csv",
            ],
            dict(os.environ),
        )
        results["openpyxl read-only iteration"] = timed(
            [sys.executable, "-c", READ_XLSX, str(xlsx_path)], dict(os.environ)
        )
    print(f"{args.rows:,} projects, {len(HEADER)} columns")
    print(f"{'run':<32} {'seconds':>8} {'rows/s':>10} {'peak MiB':>9}")
    for label, (seconds, peak) in results.items():
        print(f"{label:<32} {seconds:>8.2f} {args.rows / seconds:>10,.0f} {peak / 1024:>9.0f}")
    for ours, peer in (
        ("localgrowth import (csv)", "sqlite-utils insert --csv"),
        ("localgrowth import (xlsx)", "openpyxl read-only iteration"),
    ):
        time_ratio = results[ours][0] / results[peer][0]
        memory_ratio = results[ours][1] / results[peer][1]
        print(f"{ours} vs {peer}: {time_ratio:.1f}x the time, {memory_ratio:.1f}x the peak memory")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[3:])
    else:
        main()
