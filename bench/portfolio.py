"""Portfolio choice at scale: localgrowth's programme solved by HiGHS (through
``scipy.optimize.milp``, as ``localgrowth.domain.portfolio.solve`` does) beside the identical
programme solved by CBC (through PuLP), on the same machine, with the same stopping rules.

For each size N (default 500, 2,000 and 5,000 candidates) one instance is generated from a
seeded ``numpy`` Generator (generated data, not real projects): costs over six financial years
(each project spending over one to four consecutive years), a value of cost × a benefit-cost
ratio, 40 areas each with a minimum share of the funded cost, the five foundations each with a
minimum count of projects, alternative scopes of some projects in exclusive groups, some
dependencies, a few must-fund and excluded projects, partial funding allowed for about a fifth
of the candidates (``--partial``; with none, every project all or nothing, the choice is much
harder), and yearly and total budgets well short of what all candidates would cost.

The programme is built once by ``localgrowth.domain.portfolio.formulate`` and solved as it is by
both: HiGHS reads its arrays; for CBC the same arrays are written into a PuLP model, row by row
and variable by variable, which PuLP hands to CBC as an MPS file. Both are asked for a relative
gap of 0 and an absolute gap of 1e-6, under the same wall-clock time limit (``--time-limit``,
default 60 s), each on one thread: HiGHS' branch and bound is serial and CBC is run without its
threads option. Each solve runs in a fresh process pinned to one CPU (``--cpu``, default the
last one usable; CBC's own process inherits the pinning), one after the other.

Reported for each: the status (optimal, or stopped at the limit), the objective, the bound on
the best possible and the gap between them worked out the same way for both
(``|bound − objective| ÷ |objective|``), the solver's own wall time (HiGHS: the ``milp`` call;
CBC: the wall time it reports) and the time of the whole call (``solve()`` with its re-check;
PuLP's ``solve`` with writing the MPS file and reading the solution back), and memory: the
solver's own peak (HiGHS: the growth in the worker's resident memory during the solve, read
from ``/proc/self/status`` after its peak is reset; CBC: the peak resident memory of its
process, read from ``/proc`` while it runs, since ``getrusage(RUSAGE_CHILDREN)`` would count
the Python worker's memory copied into it before it becomes CBC) and the peak of every process
involved
(HiGHS: the worker, Python and its libraries included; CBC: the worker's peak during the solve
plus CBC's). CBC's answer is put through the same independent check as HiGHS'; when both prove
optimality their objectives must agree. Ratios are HiGHS ÷ CBC.

Run: ``.venv/bin/python bench/portfolio.py [--sizes 500 2000 5000] [--time-limit 60]``. PuLP
(with its bundled CBC) is in the dev extras; Debian's ``/usr/bin/cbc`` is used instead when it
exists. Nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from localgrowth.domain.portfolio import Candidate, Constraints, check, formulate, solve
from localgrowth.domain.portfolio.solve import Solution

YEARS = [f"{year}/{(year + 1) % 100:02d}" for year in range(2025, 2031)]
FOUNDATIONS = [
    "foundation-ideas",
    "foundation-people",
    "foundation-infrastructure",
    "foundation-business-environment",
    "foundation-places",
]
AREAS = [f"Area {number:02d}" for number in range(1, 41)]
DEBIAN_CBC = Path("/usr/bin/cbc")


def instance(count: int, seed: int, partial: float = 0.2) -> tuple[list[Candidate], Constraints]:
    rng = np.random.default_rng([seed, count])
    candidates: list[Candidate] = []
    groups: list[frozenset[str]] = []
    area_weights = rng.dirichlet(np.full(len(AREAS), 4.0))
    number = 0
    while len(candidates) < count:
        number += 1
        total = float(np.round(np.exp(rng.normal(np.log(2e6), 1.0)), -3))
        span = int(rng.integers(1, 5))
        start = int(rng.integers(0, len(YEARS) - span + 1))
        split = rng.dirichlet(np.full(span, 2.0))
        costs = {YEARS[start + k]: float(np.round(total * split[k], -3)) for k in range(span)}
        ratio = float(np.exp(rng.normal(np.log(2.0), 0.5)))
        area = (
            AREAS[number - 1]
            if number <= len(AREAS)
            else AREAS[int(rng.choice(len(AREAS), p=area_weights))]
        )
        serves = frozenset(rng.choice(FOUNDATIONS, size=int(rng.integers(1, 3)), replace=False))
        min_share = float(rng.choice([0.5, 0.6, 0.75])) if rng.random() < partial else None
        base = f"P{number:05d}"
        candidates.append(
            Candidate(base, round(total * ratio / 1e3, 1), costs, area, serves, min_share)
        )
        if rng.random() < 0.06 and len(candidates) < count:
            scale = float(rng.uniform(0.5, 0.8))
            smaller = {year: float(np.round(cost * scale, -3)) for year, cost in costs.items()}
            value = round(total * ratio * scale * float(rng.uniform(0.9, 1.25)) / 1e3, 1)
            variant = Candidate(f"{base}-reduced", value, smaller, area, serves, None)
            candidates.append(variant)
            groups.append(frozenset({base, variant.id}))
    ids = [candidate.id for candidate in candidates]
    grouped = {id for group in groups for id in group}
    free = [id for id in ids if id not in grouped]
    picked = rng.choice(len(free), size=max(2, count // 50), replace=False)
    must = frozenset(free[k] for k in picked[: max(1, count // 200)])
    excluded = frozenset(free[k] for k in picked[max(1, count // 200) :])
    dependencies = []
    for _ in range(count // 50):
        project, required = rng.choice(len(ids), size=2, replace=False)
        if ids[project] not in must and ids[required] not in excluded:
            dependencies.append((ids[project], ids[required]))
    demand = {year: sum(c.costs.get(year, 0.0) for c in candidates) for year in YEARS}
    constraints = Constraints(
        budget_total=round(0.30 * sum(demand.values()), -3),
        budget_by_year={year: round(0.35 * amount, -3) for year, amount in demand.items()},
        must_fund=must,
        excluded=excluded,
        exclusive_groups=groups,
        dependencies=dependencies,
        area_min_share=dict.fromkeys(AREAS, 0.01),
        foundation_min_count=dict.fromkeys(FOUNDATIONS, max(1, count // 25)),
    )
    return candidates, constraints


# Workers: each runs in a fresh process and prints one line of JSON. ----------------------------


def pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def resident() -> dict[str, int]:
    """The process's current and peak resident memory in KiB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            found[line.split(":")[0]] = int(line.split()[1])
    return found


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class ChildPeak:
    """The peak resident memory (KiB) of this process's child processes named ``name``, read
    from ``/proc`` every 5 ms while they run, by a thread on another CPU than the solve's when
    there is one. ``getrusage(RUSAGE_CHILDREN)`` would also count this process's memory, which
    the child holds between being forked and becoming CBC."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def __enter__(self) -> ChildPeak:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def watch(self) -> None:
        if hasattr(os, "sched_setaffinity"):
            usable = set(os.sched_getaffinity(0)) | set(range(os.cpu_count() or 1))
            others = usable - os.sched_getaffinity(0)
            if others:
                os.sched_setaffinity(threading.get_native_id(), {min(others)})
        tasks = Path(f"/proc/{os.getpid()}/task")
        while not self.stop.is_set():
            for children in tasks.glob("*/children"):
                try:
                    pids = children.read_text().split()
                except OSError:
                    continue
                for pid in pids:
                    try:
                        status = Path(f"/proc/{pid}/status").read_text()
                    except OSError:
                        continue
                    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                    if fields.get("Name", "").strip() == self.name and "VmHWM" in fields:
                        self.peak = max(self.peak, int(fields["VmHWM"].split()[0]))
            self.stop.wait(0.005)


def highs_worker(count: int, seed: int, time_limit: float, partial: float) -> dict[str, Any]:
    candidates, constraints = instance(count, seed, partial)
    before = resident()["VmRSS"]
    reset = reset_peak()
    started = time.perf_counter()
    solution = solve(candidates, constraints, time_limit=time_limit)
    call = time.perf_counter() - started
    peak = resident()["VmHWM"] if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.dual_bound,
        "solver_seconds": solution.seconds,
        "call_seconds": call,
        "nodes": solution.nodes,
        "solver_kib": peak - before,
        "processes_kib": peak,
        "violations": [],
    }


def cbc_worker(count: int, seed: int, time_limit: float, partial: float) -> dict[str, Any]:
    import pulp

    candidates, constraints = instance(count, seed, partial)
    model = formulate(candidates, constraints)
    problem = pulp.LpProblem("portfolio", pulp.LpMinimize)
    variables = [
        pulp.LpVariable(
            f"v{k}",
            lowBound=float(model.lower[k]),
            upBound=None if math.isinf(model.upper[k]) else float(model.upper[k]),
            cat="Integer" if model.integrality[k] else "Continuous",
        )
        for k in range(len(model.variables))
    ]
    problem += pulp.LpAffineExpression(
        [(variables[k], float(model.c[k])) for k in np.flatnonzero(model.c)]
    )
    matrix = model.matrix
    for r in range(matrix.shape[0]):
        span = slice(matrix.indptr[r], matrix.indptr[r + 1])
        expression = pulp.LpAffineExpression(
            [
                (variables[k], float(v))
                for k, v in zip(matrix.indices[span], matrix.data[span], strict=True)
            ]
        )
        low, high = float(model.row_lower[r]), float(model.row_upper[r])
        if low == high:
            problem += expression == low, f"r{r}"
        else:
            if not math.isinf(low):
                problem += expression >= low, f"r{r}_lower"
            if not math.isinf(high):
                problem += expression <= high, f"r{r}_upper"
    with tempfile.TemporaryDirectory() as directory:
        log = Path(directory) / "cbc.log"
        options: dict[str, Any] = {
            "msg": False,
            "timeLimit": time_limit,
            "gapRel": 0,
            "gapAbs": 1e-6,
            "timeMode": "elapsed",
            "logPath": str(log),
        }
        solver = (
            pulp.COIN_CMD(path=str(DEBIAN_CBC), **options)
            if DEBIAN_CBC.exists()
            else pulp.PULP_CBC_CMD(**options)
        )
        before = resident()["VmRSS"]
        reset = reset_peak()
        started = time.perf_counter()
        with ChildPeak("cbc") as watched:
            problem.solve(solver)
        call = time.perf_counter() - started
        worker_peak = resident()["VmHWM"] if reset else before
        cbc_peak = watched.peak
        text = log.read_text()
    figures = parse_cbc_log(text)
    z = np.array([variable.value() or 0.0 for variable in variables])
    funded: dict[str, float] = {}
    for i, candidate in enumerate(candidates):
        if round(z[model.select[i]]) == 1:
            share = 1.0 if candidate.min_share is None else float(np.clip(z[i], 0, 1))
            funded[candidate.id] = share
    objective = -float(model.c @ z) if figures["has_solution"] else None
    violations = []
    if objective is not None:
        answer = Solution(
            status="optimal",
            objective_kind="value",
            objective=math.fsum(c.value * funded[c.id] for c in candidates if c.id in funded),
            dual_bound=None,
            gap=None,
            funded=funded,
            cost_by_year={},
            total_cost=0.0,
            message="",
        )
        violations = [v.message for v in check(answer, candidates, constraints)]
    bound = figures["bound"] if figures["bound"] is not None else figures["objective"]
    return {
        "status": "optimal" if figures["optimal"] else "time_limit",
        "objective": objective,
        "bound": None if bound is None else -bound,
        "solver_seconds": figures["wall"],
        "call_seconds": call,
        "nodes": figures["nodes"],
        "solver_kib": cbc_peak,
        "processes_kib": worker_peak + cbc_peak,
        "violations": violations,
        "before_kib": before,
    }


def parse_cbc_log(text: str) -> dict[str, Any]:
    def number(label: str) -> float | None:
        match = re.search(rf"^{re.escape(label)}:?\s+(-?[\d.eE+-]+)", text, re.MULTILINE)
        return float(match.group(1)) if match else None

    result = re.search(r"^Result - (.+)$", text, re.MULTILINE)
    outcome = result.group(1) if result else ""
    return {
        "optimal": outcome.startswith("Optimal solution found"),
        "has_solution": number("Objective value") is not None
        and "infeasible" not in outcome.lower(),
        "objective": number("Objective value"),
        "bound": number("Lower bound"),
        "nodes": None
        if number("Enumerated nodes") is None
        else int(number("Enumerated nodes") or 0),
        "wall": number("Time (Wallclock seconds)"),
    }


# The parent: runs the workers and prints the tables. -------------------------------------------


def run_worker(
    solver: str, count: int, seed: int, time_limit: float, cpu: int, partial: float
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        solver,
        "--size",
        str(count),
        "--seed",
        str(seed),
        "--time-limit",
        str(time_limit),
        "--cpu",
        str(cpu),
        "--partial",
        str(partial),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def versions() -> str:
    import pulp
    import scipy

    try:
        from scipy.optimize._highspy import _core

        highs = (
            f"{_core.HIGHS_VERSION_MAJOR}.{_core.HIGHS_VERSION_MINOR}.{_core.HIGHS_VERSION_PATCH}"
        )
    except (ImportError, AttributeError):
        highs = "unknown"
    cbc_path = str(DEBIAN_CBC) if DEBIAN_CBC.exists() else pulp.PULP_CBC_CMD().path
    banner = subprocess.run([cbc_path, "-quit"], capture_output=True, text=True).stdout
    match = re.search(r"Version:\s*(\S+)", banner)
    which = "Debian's /usr/bin/cbc" if DEBIAN_CBC.exists() else "PuLP's bundled CBC"
    return (
        f"scipy {scipy.__version__} with HiGHS {highs}; PuLP {pulp.__version__} with "
        f"{which} {match.group(1) if match else 'unknown'} ({cbc_path})"
    )


def machine() -> str:
    model = "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f"load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (
        f"machine: {os.cpu_count()} cores ({usable} usable), {model}; {platform.system()} "
        f"{platform.machine()}; Python {platform.python_version()}, numpy {np.__version__}; {load}"
    )


def gap(result: dict[str, Any]) -> float | None:
    objective, bound = result["objective"], result["bound"]
    if objective is None or bound is None:
        return None
    return abs(bound - objective) / max(abs(objective), 1e-9)


def row(label: str, result: dict[str, Any]) -> str:
    def figure(value: float | None, spec: str) -> str:
        return "-" if value is None else format(value, spec)

    found = gap(result)
    return (
        f"{label:<7} {result['status']:<10} {figure(result['objective'], ',.1f'):>14} "
        f"{figure(result['bound'], ',.1f'):>14} {'-' if found is None else f'{found:.2e}':>9} "
        f"{result['solver_seconds']:>9.2f} {result['call_seconds']:>8.2f} "
        f"{figure(result['nodes'], ',d'):>9} {result['solver_kib'] / 1024:>9.1f} "
        f"{result['processes_kib'] / 1024:>10.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=2026)
    usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0]
    parser.add_argument("--cpu", type=int, default=usable[-1])
    parser.add_argument(
        "--partial", type=float, default=0.2, help="the share of candidates that may be part-funded"
    )
    parser.add_argument("--worker", choices=["highs", "cbc"])
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.worker:
        pin(args.cpu)
        work = highs_worker if args.worker == "highs" else cbc_worker
        print(json.dumps(work(args.size, args.seed, args.time_limit, args.partial)))
        return

    print(machine())
    print(versions())
    print(
        f"time limit {args.time_limit:g} s each, relative gap 0, absolute gap 1e-6; each solve "
        f"in a fresh process pinned to CPU {args.cpu}; seed {args.seed}; "
        f"{args.partial:.0%} of candidates may be part-funded"
    )
    for count in args.sizes:
        candidates, constraints = instance(count, args.seed, args.partial)
        model = formulate(candidates, constraints)
        integers = int(model.integrality.sum())
        partial = sum(1 for candidate in candidates if candidate.min_share is not None)
        print()
        print(
            f"N = {count:,} candidates ({partial:,} part-fundable, "
            f"{len(constraints.exclusive_groups)} exclusive groups, "
            f"{len(constraints.dependencies)} dependencies, "
            f"{len(constraints.must_fund)} must-fund, "
            f"{len(constraints.excluded)} excluded): {len(model.variables):,} variables "
            f"({integers:,} whole), {len(model.rows):,} rows, {model.matrix.nnz:,} nonzeros"
        )
        highs = run_worker("highs", count, args.seed, args.time_limit, args.cpu, args.partial)
        cbc = run_worker("cbc", count, args.seed, args.time_limit, args.cpu, args.partial)
        print(
            f"{'solver':<7} {'status':<10} {'objective':>14} {'bound':>14} {'gap':>9} "
            f"{'solver s':>9} {'call s':>8} {'nodes':>9} {'solver MiB':>9} {'procs MiB':>10}"
        )
        print(row("HiGHS", highs))
        print(row("CBC", cbc))
        for label, result in (("HiGHS", highs), ("CBC", cbc)):
            if result["violations"]:
                print(f"{label}'s answer fails the check: " + " ".join(result["violations"]))
        ratios = (
            f"HiGHS ÷ CBC: {highs['solver_seconds'] / cbc['solver_seconds']:.2f}× the solver "
            f"time, {highs['call_seconds'] / cbc['call_seconds']:.2f}× the call time, "
            f"{highs['solver_kib'] / cbc['solver_kib']:.2f}× the solver memory, "
            f"{highs['processes_kib'] / cbc['processes_kib']:.2f}× the memory of all processes"
        )
        print(ratios)
        if highs["status"] == cbc["status"] == "optimal":
            difference = abs(highs["objective"] - cbc["objective"])
            agree = difference <= 1e-6 * max(1.0, abs(highs["objective"]))
            print(
                f"both proved optimality; objectives {'agree' if agree else 'DISAGREE'} "
                f"(difference {difference:.3g})"
            )
        else:
            for label, result in (("HiGHS", highs), ("CBC", cbc)):
                if result["status"] != "optimal":
                    found = gap(result)
                    shown = "no solution" if found is None else f"gap {found:.3%}"
                    print(f"{label} stopped at the time limit with {shown}")
            if highs["objective"] is not None and cbc["objective"] is not None:
                better = "HiGHS" if highs["objective"] > cbc["objective"] else "CBC"
                print(f"best found: {better}, by {abs(highs['objective'] - cbc['objective']):,.1f}")


if __name__ == "__main__":
    main()
