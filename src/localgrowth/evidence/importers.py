"""``localgrowth import indicators SOURCE FILE``: store one official file as a release.

The same rules as every importer: the whole file is read and every fault is reported at once,
each with its place and what to do; nothing is stored unless the whole file is good, and then it
is stored in one transaction. A file is imported once: importing the same file again (same
SHA-256) changes nothing. A different file of the same source is a new release: its values are
stored beside the earlier release's, which stay, and the report counts the values that are new,
revised or as published before.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from localgrowth.core.bulk import insert_rows
from localgrowth.core.importing import ImportFailed
from localgrowth.domain.tabular import Fault

from .areas import AreaIndex, Skipped
from .catalogue import sync_catalogue
from .models import Industry, Observation, Release
from .reading import CHECK_DOWNLOAD, Reading, Value

if TYPE_CHECKING:
    from .sources import Source

OBSERVATION_FIELDS = (
    "indicator_id",
    "area_id",
    "industry_id",
    "period",
    "period_start",
    "value",
    "lower",
    "upper",
    "numerator",
    "denominator",
    "release_id",
    "cell",
)
CHUNK = 20_000
"""Observations written per statement batch, which bounds the memory a large release needs."""
Key = tuple[int, int, int | None, str]
Stored = tuple[float, float | None, float | None, float | None, float | None]


@dataclass
class EvidenceReport:
    """What an import of one file did."""

    file: str
    source: str
    release: str = ""
    dry_run: bool = False
    already_imported: bool = False
    new: int = 0
    revised: int = 0
    same: int = 0
    by_indicator: Counter[str] = field(default_factory=Counter)
    not_available: int = 0
    notes: list[str] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return self.new + self.revised + self.same

    def summary(self) -> str:
        if self.already_imported:
            return f"Already imported as release '{self.release}': nothing changed."
        counts = (
            f"{self.stored:,} values stored as release '{self.release}' ({self.new:,} new, "
            f"{self.revised:,} revised, {self.same:,} as published before)"
        )
        return f"Dry run, nothing stored: {counts}" if self.dry_run else counts

    def lines(self) -> list[str]:
        lines = [self.summary()]
        if self.already_imported:
            return lines
        lines.extend(f"  {code}: {count:,}" for code, count in sorted(self.by_indicator.items()))
        if self.not_available:
            lines.append(
                f"Cells marked by the publisher as suppressed or not available: "
                f"{self.not_available:,} (no value stored)."
            )
        lines.extend(self.notes)
        lines.extend(self.skipped.lines())
        return lines


def file_faults(source: Source, path: Path, name: str) -> list[Fault]:
    """Why the file cannot be taken at all, judged before reading it."""
    suffix = Path(name).suffix.lower()
    if suffix not in source.suffixes:
        expected = " or ".join(source.suffixes)
        return [
            Fault(
                name,
                f"The '{source.key}' importer reads {source.title}, a {expected} file; this file "
                f"is {suffix or 'without an extension'}. Choose the right source "
                "(localgrowth import indicators --help lists them) or the right file.",
            )
        ]
    size = path.stat().st_size
    if size == 0:
        return [Fault(name, f"The file is empty. {CHECK_DOWNLOAD}")]
    if size > settings.LOCALGROWTH_MAX_UPLOAD_BYTES:
        limit = settings.LOCALGROWTH_MAX_UPLOAD_BYTES // (1024 * 1024)
        return [
            Fault(
                name,
                f"The file is larger than the {limit} MB allowed. Raise "
                "LOCALGROWTH_MAX_UPLOAD_MB for this import, or use a smaller extract.",
            )
        ]
    return []


def import_indicators(
    source: Source,
    path: Path,
    *,
    user: Any = None,
    dry_run: bool = False,
    display_name: str | None = None,
    published: date | None = None,
    **_: Any,
) -> EvidenceReport:
    """Import one file of ``source``; raise ``ImportFailed`` with every fault, storing nothing.
    ``published`` sets the release date where the file does not state it."""
    started = time.perf_counter()
    name = display_name or path.name
    report = EvidenceReport(file=name, source=source.key, dry_run=dry_run)
    faults = file_faults(source, path, name)
    if faults:
        raise ImportFailed(faults)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    edition = source.edition_of(name) if source.edition_of else ""
    earlier = Release.objects.filter(source=source.key, sha256=checksum).first()
    if earlier is not None and (edition or source.edition_of is None):
        if edition and earlier.edition != edition:
            raise ImportFailed([_same_file_other_edition(name, earlier, edition)])
        report.release, report.already_imported = earlier.title, True
        return report
    reading = source.read(path, name)
    if not reading.faults and not reading.values:
        reading.faults.append(_nothing_to_import(source, name))
    if reading.faults:
        raise ImportFailed(reading.faults)
    reading.release.edition = edition or reading.release.edition
    if published is not None:
        reading.release.published = published
    resolved = _resolve(reading, name, report.skipped)
    if not resolved:
        raise ImportFailed([_nothing_to_import(source, name, held=False)])
    with transaction.atomic():
        release = _store(source, reading, resolved, name, checksum, report)
        if dry_run:
            transaction.set_rollback(True)
    report.release = release.title
    report.not_available = reading.not_available
    report.notes = list(reading.notes)
    report.seconds = time.perf_counter() - started
    return report


def _nothing_to_import(source: Source, name: str, held: bool = True) -> Fault:
    what = "values" if held else "values for areas localgrowth holds"
    return Fault(
        name,
        f"The file holds no {what}, so it is not {source.title}, or it is empty of data. "
        "Check that the source named is the one this file comes from.",
    )


def _same_file_other_edition(name: str, earlier: Release, edition: str) -> Fault:
    return Fault(
        name,
        f"This file is byte for byte the file '{earlier.file_name}' imported as {earlier.edition} "
        f"('{earlier.title}'), so it cannot also be {edition}: one of the two is mislabelled. "
        "Check which year the figures are for, and import the file with the right name.",
    )


# Areas ------------------------------------------------------------------------------------------


def _resolve(reading: Reading, name: str, skipped: Skipped) -> list[tuple[Value, int]]:
    """Each value with the id of its area; values for areas not held are left out and counted.
    A code that should be known but is not is a fault (raised with every other)."""
    index = AreaIndex()
    found: dict[tuple[str, str | None], int | None] = {}
    unknown: dict[str, tuple[Value, int]] = {}
    resolved = []
    for value in reading.values:
        key = (value.area, value.area_type)
        if key not in found:
            found[key] = _area_id(index, value)
        area_id = found[key]
        if area_id is not None:
            resolved.append((value, area_id))
        elif value.area_type is None:
            _count_skipped(index, value, skipped, unknown)
    for (area_name, area_type), rows in reading.named_rows.items():
        if index.name(area_name, area_type) is None:
            skipped.unmatched_names[index.why_unmatched(area_name, area_type)] = rows
    faults = [_unknown_code(name, value, rows) for value, rows in unknown.values()]
    faults.extend(_repeats(name, resolved))
    if faults:
        raise ImportFailed(faults)
    return resolved


def _repeats(name: str, resolved: list[tuple[Value, int]]) -> list[Fault]:
    """A value given twice for the same indicator, area, industry and period."""
    seen: dict[tuple[str, int, str | None, str], str] = {}
    faults = []
    for value, area_id in resolved:
        key = (value.indicator, area_id, value.industry, value.period.label)
        if key in seen:
            faults.append(_repeated(name, value, seen[key]))
        else:
            seen[key] = value.cell
    return faults


def _area_id(index: AreaIndex, value: Value) -> int | None:
    if value.area_type is not None:
        return index.name(value.area, value.area_type)
    return index.code(value.area)


def _count_skipped(
    index: AreaIndex, value: Value, skipped: Skipped, unknown: dict[str, tuple[Value, int]]
) -> None:
    outcome, label = index.classify_code(value.area)
    if outcome == "outside":
        skipped.outside[label] += 1
    elif outcome == "former":
        skipped.former[label] = skipped.former.get(label, 0) + 1
    else:
        first, rows = unknown.get(value.area, (value, 0))
        unknown[value.area] = (first, rows + 1)


def _unknown_code(name: str, value: Value, rows: int) -> Fault:
    more = f" It is on {rows:,} rows; this is the first." if rows > 1 else ""
    return Fault(
        name,
        f"There is no area with the code '{value.area}': it is not an English district, county, "
        f"region or country, now or formerly.{more} Correct the code (look it up on the ONS Open "
        f"Geography Portal), or {CHECK_DOWNLOAD[0].lower()}{CHECK_DOWNLOAD[1:]}",
        value.sheet,
        value.row,
        value.column,
        value.area,
    )


# Storing ----------------------------------------------------------------------------------------


def _store(
    source: Source,
    reading: Reading,
    resolved: list[tuple[Value, int]],
    name: str,
    checksum: str,
    report: EvidenceReport,
) -> Release:
    indicator_ids = sync_catalogue({value.indicator for value, _ in resolved})
    industry_ids = _sync_industries(reading)
    info = reading.release
    release = Release.objects.create(
        source=source.key,
        edition=info.edition,
        title=info.title,
        publisher=info.publisher,
        published=info.published,
        url=info.url,
        file_name=name,
        sha256=checksum,
        note="\n".join([*reading.notes, *report.skipped.lines()]),
    )
    rows: list[tuple[Any, ...]] = []
    previous = _latest_stored({indicator_ids[value.indicator] for value, _ in resolved})
    for value, area_id in resolved:
        indicator_id = indicator_ids[value.indicator]
        industry_id = industry_ids[value.industry] if value.industry else None
        key = (indicator_id, area_id, industry_id, value.period.label)
        stored: Stored = (value.value, value.lower, value.upper, value.numerator, value.denominator)
        before = previous.get(key)
        if before is None:
            report.new += 1
        elif before == stored:
            report.same += 1
        else:
            report.revised += 1
        report.by_indicator[value.indicator] += 1
        rows.append(
            (
                indicator_id,
                area_id,
                industry_id,
                value.period.label,
                value.period.start,
                *stored,
                release.pk,
                value.cell,
            )
        )
        if len(rows) == CHUNK:
            insert_rows(Observation, OBSERVATION_FIELDS, rows)
            rows = []
    insert_rows(Observation, OBSERVATION_FIELDS, rows)
    return release


def _repeated(name: str, value: Value, first: str) -> Fault:
    industry = f", industry {value.industry}" if value.industry else ""
    return Fault(
        name,
        f"'{value.indicator}' for {value.area}{industry}, {value.period.label} is given twice: "
        f"at {first} and here. Remove the repeated row, or {CHECK_DOWNLOAD[0].lower()}"
        f"{CHECK_DOWNLOAD[1:]}",
        value.sheet,
        value.row,
        value.column,
    )


def _latest_stored(indicator_ids: Iterable[int]) -> dict[Key, Stored]:
    """The newest stored value of each key of these indicators, as the report compares them."""
    rows = (
        Observation.objects.filter(indicator_id__in=list(indicator_ids))
        .latest_release()
        .values_list(
            "indicator_id",
            "area_id",
            "industry_id",
            "period",
            "value",
            "lower",
            "upper",
            "numerator",
            "denominator",
        )
    )
    return {(row[0], row[1], row[2], row[3]): row[4:] for row in rows.iterator(chunk_size=5000)}


def _sync_industries(reading: Reading) -> dict[str, int]:
    """Industry ids by code for the reading's industries, creating those not yet stored."""
    if not reading.industries:
        return {}
    classifications = {spec.classification for spec in reading.industries}
    existing = {
        (industry.classification, industry.code): industry
        for industry in Industry.objects.filter(classification__in=classifications)
    }
    ids: dict[str, int] = {}
    for spec in reading.industries:
        industry = existing.get((spec.classification, spec.code))
        wanted = {"name": spec.name, "level": spec.level, "position": spec.position}
        if industry is None:
            industry = Industry.objects.create(
                classification=spec.classification, code=spec.code, **wanted
            )
        elif any(getattr(industry, key) != item for key, item in wanted.items()):
            Industry.objects.filter(pk=industry.pk).update(**wanted)
        ids[spec.code] = industry.pk
    return ids
