"""Evidence speed: localgrowth's benchmarks, location quotients and neighbours beside the same
computations written ad hoc in DuckDB SQL, over the same data.

Builds one SQLite database through localgrowth (migrate, England's places, the framework's
themes, then every shipped evidence file with ``load_evidence``), or reuses ``--database``. The
newest release's observations are exported once from that database to CSV files (not timed),
which DuckDB reads into its own tables (not timed). Then three computations are timed on each
side, every district × every year, each with its peak memory (``tracemalloc`` for ours, which
counts Python allocations; DuckDB's ``memory_usage`` peak is not exposed, so its side reports
the process's peak resident set growth from ``resource``, which includes DuckDB's own buffers):

- benchmarks: for every indicator not by industry and every period, every district's rank
  among all districts (competition ranking, polarity-aware), quintile and gap to England
  (England's published value, else aggregated from all districts: a sum, or Σ(value ×
  denominator) ÷ Σ denominator for a ratio);
- location quotients: for every district and every year of regional GVA by industry (sections),
  LQ = (industry ÷ district total) ÷ (England's industry ÷ England's total), England being the
  sum of the districts;
- neighbours: for every year of GVA per hour worked, the ten nearest districts to every district
  on the documented neighbour indicators (``analysis.NEIGHBOUR_INDICATORS``, GVA per hour worked
  at that year, the others at their latest period, population on a log scale): z-scores, then
  Euclidean distance, districts lacking a value left out.

Ours reads through ``localgrowth.evidence.analysis`` (the ORM, newest release of each value
kept as rows arrive newest first) and computes with ``localgrowth.domain.evidence``, so its
time includes reading from SQLite; DuckDB runs SQL over the exported tables already in its
memory, so its time does not. Each side is run ``--repeat`` times and the fastest run is kept.
The results are compared (ranks, LQs and neighbour sets must agree) and the ratios
ours ÷ DuckDB are printed.

Run: ``.venv/bin/python bench/evidence.py [--database FILE] [--repeat 3]`` (``--database``
keeps the built file and reuses it when it exists). DuckDB must be installed in the same
environment (``duckdb`` is pinned in the dev extras); nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

NEIGHBOURS_K = 10


def setup(database: Path) -> None:
    """Point Django at the database file, set it up, and build it if it is new."""
    fresh = not database.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgrowth.settings")
    import django

    django.setup()
    if not fresh:
        return
    from django.core.management import call_command

    from localgrowth.demo.services import DATA
    from localgrowth.evidence.services import load_evidence
    from localgrowth.framework.importers import import_framework
    from localgrowth.places.services import load_england_places

    call_command("migrate", verbosity=0)
    load_england_places()
    import_framework(DATA / "framework-documents.csv", sheet="Documents")
    import_framework(DATA / "framework-themes.csv", sheet="Themes")
    load_evidence(print)


# Ours --------------------------------------------------------------------------------------------


def ours_benchmarks() -> dict[tuple[str, str, str], tuple[int, int, float | None]]:
    """(indicator, period, district) → (rank, quintile, gap to England)."""
    from localgrowth.domain.evidence import benchmarks
    from localgrowth.domain.evidence.errors import EvidenceError
    from localgrowth.domain.evidence.polarity import Polarity
    from localgrowth.evidence import analysis
    from localgrowth.evidence.models import Indicator

    places = analysis.Places()
    england = analysis.current_area(analysis.ENGLAND)
    assert england is not None
    found: dict[tuple[str, str, str], tuple[int, int, float | None]] = {}
    for indicator in Indicator.objects.filter(by_industry=False):
        polarity = Polarity(indicator.polarity)
        for period in analysis.periods(indicator):
            reading = analysis.IndicatorPeriod(indicator, period, places)
            values = reading.district_values
            if not values:
                continue
            try:
                at_england: float | None = reading.value(england).value
            except EvidenceError:
                at_england = None
            for code, rank in benchmarks.ranks(values, polarity).items():
                gap = None if at_england is None else benchmarks.gap(values[code], at_england)
                found[indicator.code, period, code] = (
                    rank.position,
                    rank.quintile,
                    None if gap is None else gap.absolute,
                )
    return found


def ours_location_quotients() -> dict[tuple[str, str, str], float]:
    """(year, district, industry) → LQ."""
    from localgrowth.domain.evidence import sectors
    from localgrowth.evidence import analysis
    from localgrowth.evidence.models import Indicator, IndustryLevel

    places = analysis.Places()
    indicator = Indicator.objects.get(code="gva-by-industry")
    codes = places.district_codes
    found: dict[tuple[str, str, str], float] = {}
    for period in analysis.periods(indicator):
        values = analysis._by_industry(indicator, period, "rgva", IndustryLevel.SECTION)
        england: dict[str, float] = {}
        for pk in codes:
            for industry, value in values.get(pk, {}).items():
                england[industry] = england.get(industry, 0.0) + value
        for pk, code in codes.items():
            if not values.get(pk):
                continue
            for industry, quotient in sectors.location_quotients(values[pk], england).items():
                if quotient.lq is not None:
                    found[period, code, industry] = quotient.lq
    return found


def neighbour_profiles() -> tuple[dict[str, dict[str, dict[str, float | None]]], list[str]]:
    """For each year of GVA per hour worked: every district's neighbour indicator values."""
    from localgrowth.evidence import analysis
    from localgrowth.evidence.models import Indicator

    places = analysis.Places()
    base, _ = analysis._neighbour_profiles(places)
    gva = Indicator.objects.get(code="gva-per-hour-worked")
    years = [period for period in analysis.periods(gva) if period.isdigit()]
    by_year: dict[str, dict[str, dict[str, float | None]]] = {}
    for year in years:
        values = analysis.IndicatorPeriod(gva, year, places).district_values
        by_year[year] = {
            code: {**profile, gva.code: values.get(code)} for code, profile in base.items()
        }
    return by_year, years


def ours_neighbours(
    profiles: dict[str, dict[str, dict[str, float | None]]],
) -> dict[tuple[str, str], tuple[str, ...]]:
    """(year, district) → its ten nearest districts."""
    from localgrowth.domain.evidence import neighbours

    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for year, profile in profiles.items():
        field = neighbours.standardise(profile, missing=neighbours.MissingValues.DROP_AREAS)
        for area, result in neighbours.all_nearest_neighbours(field, k=NEIGHBOURS_K).items():
            found[year, area] = tuple(item.code for item in result.nearest)
    return found


# Export and DuckDB -------------------------------------------------------------------------------


def export(directory: Path, profiles: dict[str, dict[str, dict[str, float | None]]]) -> None:
    """The newest release's observations of current districts and England, with their
    indicators, to CSV; and the neighbour profiles (long form)."""
    from localgrowth.evidence.models import Indicator, Observation
    from localgrowth.places.models import AreaType

    with (directory / "indicators.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["code", "polarity", "aggregation", "by_industry"])
        for row in Indicator.objects.values_list("code", "polarity", "aggregation", "by_industry"):
            writer.writerow(row)
    rows = (
        Observation.objects.filter(
            area__valid_to__isnull=True,
            area__area_type__in=[AreaType.DISTRICT, AreaType.COUNTRY],
        )
        .filter(industry__isnull=True)
        .latest_release()
        .values_list("indicator__code", "period", "area__code", "area__area_type", "value")
    )
    with (directory / "observations.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["indicator", "period", "area", "area_type", "value", "denominator"])
        for indicator, period, area, area_type, value in rows:
            writer.writerow([indicator, period, area, area_type, repr(value), ""])
    denominators = (
        Observation.objects.filter(
            area__valid_to__isnull=True, area__area_type=AreaType.DISTRICT, industry__isnull=True
        )
        .latest_release()
        .values_list("indicator__code", "period", "area__code", "denominator")
    )
    with (directory / "denominators.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["indicator", "period", "area", "denominator"])
        for indicator, period, area, denominator in denominators:
            if denominator is not None:
                writer.writerow([indicator, period, area, repr(denominator)])
    industry = (
        Observation.objects.filter(
            indicator__code="gva-by-industry",
            area__valid_to__isnull=True,
            area__area_type=AreaType.DISTRICT,
            industry__level__in=["section", "total"],
        )
        .latest_release()
        .values_list("period", "area__code", "industry__code", "value")
    )
    with (directory / "industry.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["period", "area", "industry", "value"])
        for period, area, code, value in industry:
            writer.writerow([period, area, code, repr(value)])
    with (directory / "profiles.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["year", "area", "indicator", "value"])
        for year, by_area in profiles.items():
            for area, values in by_area.items():
                for indicator, value in values.items():
                    writer.writerow([year, area, indicator, "" if value is None else repr(value)])


TABLES = {
    "indicators": {
        "code": "VARCHAR",
        "polarity": "VARCHAR",
        "aggregation": "VARCHAR",
        "by_industry": "BOOLEAN",
    },
    "observations": {
        "indicator": "VARCHAR",
        "period": "VARCHAR",
        "area": "VARCHAR",
        "area_type": "VARCHAR",
        "value": "DOUBLE",
        "denominator": "DOUBLE",
    },
    "denominators": {
        "indicator": "VARCHAR",
        "period": "VARCHAR",
        "area": "VARCHAR",
        "denominator": "DOUBLE",
    },
    "industry": {"period": "VARCHAR", "area": "VARCHAR", "industry": "VARCHAR", "value": "DOUBLE"},
    "profiles": {"year": "VARCHAR", "area": "VARCHAR", "indicator": "VARCHAR", "value": "DOUBLE"},
}
"""The exported tables and their column types, given so that DuckDB guesses nothing."""


def duckdb_load(directory: Path) -> Any:
    import duckdb

    connection = duckdb.connect()
    for name, columns in TABLES.items():
        connection.read_csv(str(directory / f"{name}.csv"), header=True, columns=columns).create(
            name
        )
    return connection


DUCKDB_BENCHMARKS = """
WITH d AS (
    SELECT o.indicator, o.period, o.area, o.value, i.polarity, i.aggregation, n.denominator
    FROM observations o JOIN indicators i ON i.code = o.indicator AND NOT i.by_industry
    LEFT JOIN denominators n USING (indicator, period, area)
    WHERE o.area_type = 'district'
),
published AS (
    SELECT indicator, period, value FROM observations WHERE area = 'E92000001'
),
counts AS (SELECT indicator, period, count(*) AS districts FROM d GROUP BY ALL),
aggregated AS (
    SELECT d.indicator, d.period,
        CASE any_value(d.aggregation)
            WHEN 'sum' THEN sum(d.value)
            WHEN 'ratio' THEN sum(d.value * d.denominator) / sum(d.denominator)
        END AS value,
        count(*) AS n, count(d.denominator) AS with_denominator, any_value(d.aggregation) AS rule
    FROM d GROUP BY d.indicator, d.period
),
all_districts AS (SELECT count(*) AS total FROM (SELECT DISTINCT area FROM observations
    WHERE area_type = 'district')),
england AS (
    SELECT a.indicator, a.period, coalesce(p.value,
        CASE WHEN a.n = (SELECT total FROM all_districts)
             AND (a.rule = 'sum' OR (a.rule = 'ratio' AND a.with_denominator = a.n))
        THEN a.value END) AS value
    FROM aggregated a LEFT JOIN published p USING (indicator, period)
),
ranked AS (
    SELECT d.indicator, d.period, d.area, d.value,
        rank() OVER (PARTITION BY d.indicator, d.period
            ORDER BY CASE WHEN d.polarity = 'lower_better' THEN d.value ELSE -d.value END)
            AS position,
        count(*) OVER (PARTITION BY d.indicator, d.period) AS field
    FROM d
)
SELECT r.indicator, r.period, r.area, r.position,
    1 + (5 * (r.position - 1)) // r.field AS quintile,
    r.value - e.value AS gap
FROM ranked r LEFT JOIN england e USING (indicator, period)
"""

DUCKDB_LQ = """
WITH totals AS (SELECT period, area, sum(value) AS total FROM industry
        WHERE industry <> 'Total' GROUP BY ALL),
    given AS (SELECT period, area, value AS total FROM industry WHERE industry = 'Total'),
    local_total AS (SELECT t.period, t.area, coalesce(g.total, t.total) AS total
        FROM totals t LEFT JOIN given g USING (period, area)),
    nation AS (SELECT period, industry, sum(value) AS value FROM industry GROUP BY ALL),
    nation_total AS (SELECT period, value AS total FROM nation WHERE industry = 'Total')
SELECT i.period, i.area, i.industry,
    (i.value / l.total) / (n.value / nt.total) AS lq
FROM industry i
JOIN local_total l USING (period, area)
JOIN nation n USING (period, industry)
JOIN nation_total nt USING (period)
WHERE i.industry <> 'Total' AND n.value <> 0
"""

DUCKDB_NEIGHBOURS = """
WITH kept AS (
    SELECT year, indicator FROM profiles GROUP BY ALL
    HAVING count(value) >= 2 AND min(value) <> max(value)
),
kept_count AS (SELECT year, count(*) AS n FROM kept GROUP BY year),
complete AS (
    SELECT p.year, p.area FROM profiles p JOIN kept k USING (year, indicator)
    JOIN kept_count c USING (year)
    WHERE p.value IS NOT NULL
    GROUP BY p.year, p.area, c.n HAVING count(*) = c.n
),
stats AS (
    SELECT p.year, p.indicator, avg(p.value) AS mean, stddev_pop(p.value) AS sd
    FROM profiles p JOIN kept USING (year, indicator) JOIN complete USING (year, area)
    GROUP BY ALL
),
z AS (
    SELECT p.year, p.area, p.indicator, (p.value - s.mean) / s.sd AS z
    FROM profiles p JOIN stats s USING (year, indicator)
    WHERE p.value IS NOT NULL
),
distances AS (
    SELECT a.year, a.area AS area, b.area AS other,
        round(sqrt(sum((a.z - b.z) * (a.z - b.z))), 9) AS distance
    FROM z a JOIN z b ON a.year = b.year AND a.indicator = b.indicator AND a.area <> b.area
    JOIN complete c ON c.year = b.year AND c.area = b.area
    GROUP BY a.year, a.area, b.area
)
SELECT year, area, other, distance,
    row_number() OVER (PARTITION BY year, area ORDER BY distance, other) AS position
FROM distances QUALIFY position <= 10
"""


# Timing -----------------------------------------------------------------------------------------


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def timed_ours(function: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    """The result, the fastest time in seconds and the peak traced memory in MiB."""
    best, peak, result = math.inf, 0.0, None
    for _ in range(repeat):
        tracemalloc.start()
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        peak = max(peak, tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
        best = min(best, elapsed)
    return result, best, peak


def timed_duckdb(connection: Any, sql: str, repeat: int) -> tuple[list[Any], float, float]:
    best, rows = math.inf, []
    before = peak_rss_kib()
    for _ in range(repeat):
        started = time.perf_counter()
        rows = connection.execute(sql).fetchall()
        best = min(best, time.perf_counter() - started)
    return rows, best, max(0, peak_rss_kib() - before) / 1024


def run(database: Path, repeat: int) -> None:
    setup(database)
    profiles, years = neighbour_profiles()
    with tempfile.TemporaryDirectory() as temp:
        export(Path(temp), profiles)
        connection = duckdb_load(Path(temp))
    results: dict[str, tuple[float, float, float, float, int]] = {}

    ours, our_time, our_peak = timed_ours(ours_benchmarks, repeat)
    theirs, their_time, their_peak = timed_duckdb(connection, DUCKDB_BENCHMARKS, repeat)
    theirs_by_key = {(i, p, a): (pos, q, gap) for i, p, a, pos, q, gap in theirs}
    differ = sum(
        1
        for key, (position, quintile, gap) in ours.items()
        if theirs_by_key.get(key, (None, None))[:2] != (position, quintile)
        or (gap is None) != (theirs_by_key[key][2] is None)
        or (
            gap is not None
            and not math.isclose(gap, theirs_by_key[key][2], rel_tol=1e-9, abs_tol=1e-9)
        )
    )
    results["benchmarks"] = (our_time, their_time, our_peak, their_peak, len(ours))
    print(f"benchmarks: {len(ours):,} district values ranked; {differ} differ from DuckDB")

    ours_lq, our_time, our_peak = timed_ours(ours_location_quotients, repeat)
    theirs, their_time, their_peak = timed_duckdb(connection, DUCKDB_LQ, repeat)
    theirs_lq = {(p, a, i): lq for p, a, i, lq in theirs}
    differ = sum(
        1
        for key, lq in ours_lq.items()
        if not math.isclose(lq, theirs_lq.get(key, math.nan), rel_tol=1e-9)
    )
    results["location quotients"] = (our_time, their_time, our_peak, their_peak, len(ours_lq))
    print(f"location quotients: {len(ours_lq):,}; {differ} differ from DuckDB")

    ours_nn, our_time, our_peak = timed_ours(lambda: ours_neighbours(profiles), repeat)
    theirs, their_time, their_peak = timed_duckdb(connection, DUCKDB_NEIGHBOURS, repeat)
    theirs_nn: dict[tuple[str, str], list[str]] = {}
    for year, area, other, _distance, _position in sorted(
        theirs, key=lambda row: (row[0], row[1], row[4])
    ):
        theirs_nn.setdefault((str(year), area), []).append(other)
    differ = sum(
        1 for key, nearest in ours_nn.items() if set(nearest) != set(theirs_nn.get(key, []))
    )
    results["neighbours"] = (our_time, their_time, our_peak, their_peak, len(ours_nn))
    print(
        f"neighbours: {len(ours_nn):,} districts × years ({len(years)} years); "
        f"{differ} neighbour sets differ from DuckDB"
    )

    print()
    print(
        f"{'computation':<20} {'items':>9} {'ours s':>9} {'DuckDB s':>9} {'ratio':>7} "
        f"{'ours MiB':>9} {'DuckDB MiB':>11}"
    )
    for name, (ours_s, theirs_s, ours_mib, theirs_mib, items) in results.items():
        print(
            f"{name:<20} {items:>9,} {ours_s:>9.3f} {theirs_s:>9.3f} {ours_s / theirs_s:>6.1f}x "
            f"{ours_mib:>9.1f} {theirs_mib:>11.1f}"
        )
    print(
        "ratio = ours ÷ DuckDB (time: lower is better). Ours' memory is the tracemalloc peak; "
        "DuckDB's the growth of the process's peak resident set while its queries ran."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; fastest kept")
    parser.add_argument(
        "--database",
        type=Path,
        help="keep the built SQLite file here, and use it as it is if it exists already",
    )
    args = parser.parse_args()
    if args.database is not None:
        run(args.database.resolve(), args.repeat)
        return
    with tempfile.TemporaryDirectory() as temp:
        run(Path(temp) / "evidence.sqlite3", args.repeat)


if __name__ == "__main__":
    sys.exit(main())
