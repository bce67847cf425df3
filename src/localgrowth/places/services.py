"""Places services: load England's areas from the shipped files, locate points, resolve names.

``load_england_places`` makes the database match ``boundaries.build_england_plan()``: it creates
what is missing, updates what differs and leaves the rest alone, in one transaction, with bulk
queries (about 400 areas and 1,000 parent links). Running it twice changes nothing, and its
``LoadReport`` says so, which is how the demo set-up and the tests know it is safe to re-run.

The loader owns the areas it plans: their fields, their parent links to one another, SELEP's
``Partnership`` row and the aliases in ``data/area_aliases.csv``. It never deletes an area, and
never removes a parent link or alias that points outside what it loaded, so data added by hand or
by another loader survives a reload.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol

from django.db import transaction

from localgrowth.domain.geo import DEFAULT_TOLERANCE_M, PointLocator

from .boundaries import (
    SELEP_CODE,
    SELEP_FROM,
    AliasRow,
    AreaKey,
    AreaSpec,
    PlacesDataError,
    PlacesPlan,
    build_england_plan,
)
from .models import Area, AreaAlias, AreaType, Partnership

SELEP_SLUG = "selep"
SELEP_DETAILS = {
    "name": "South East Local Enterprise Partnership",
    "short_name": "SELEP",
    "website": "https://www.southeastlep.com/",
}
PARTNERSHIP_ROW = "partnership row"
"""Report kind for the Partnership record, apart from the "partnership" area type (LEP areas)."""
ALIAS = "alias"
_AREA_FIELDS = (
    "name",
    "area_type",
    "valid_to",
    "boundary",
    "centroid_lat",
    "centroid_lon",
    "source",
)


class _Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass
class LoadReport:
    """What a load did. ``created`` and ``updated`` count rows by kind: an area type, ``ALIAS``
    or ``PARTNERSHIP_ROW``; ``totals`` counts what the files describe, by the same kinds."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    links_added: int = 0
    links_removed: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def created_count(self) -> int:
        return sum(self.created.values())

    @property
    def changed_count(self) -> int:
        """Rows updated plus parent links added or removed: zero when the load was a no-op."""
        return sum(self.updated.values()) + self.links_added + self.links_removed

    def lines(self) -> list[str]:
        lines = [f"Places loaded in {self.seconds:.1f} s."]
        labels = {**dict(AreaType.choices), PARTNERSHIP_ROW: "SELEP partnership record"}
        for kind, label in {**labels, ALIAS: "Area aliases"}.items():
            if kind in self.totals or kind in self.created or kind in self.updated:
                lines.append(
                    f"  {label}: {self.totals.get(kind, 0)} in files, "
                    f"{self.created[kind]} created, {self.updated[kind]} updated"
                )
        lines.append(f"  parent links: {self.links_added} added, {self.links_removed} removed")
        lines.extend(f"  note: {note}" for note in self.notes)
        return lines


def load_england_places(stdout: _Writer | None = None) -> LoadReport:
    """Create or update England's districts, counties, regions, combined authorities, LEPs,
    SELEP's federated areas, the SELEP partnership and the area aliases, in one transaction."""
    started = time.perf_counter()
    plan = build_england_plan()
    report = LoadReport(notes=list(plan.notes))
    report.totals.update(spec.area_type for spec in plan.areas)
    report.totals.update({PARTNERSHIP_ROW: 1, ALIAS: len(plan.aliases)})
    with transaction.atomic():
        areas, created = _sync_areas(plan.areas, report)
        _sync_successors(plan.areas, areas, created, report)
        _sync_parents(plan.areas, areas, report)
        _sync_partnership(plan, areas, report)
        _sync_aliases(plan.aliases, report)
    report.seconds = time.perf_counter() - started
    if stdout is not None:
        for line in report.lines():
            stdout.write(line)
    return report


def _field_values(spec: AreaSpec) -> dict[str, Any]:
    lat, lon = spec.centroid if spec.centroid else (None, None)
    return {
        "name": spec.name,
        "area_type": str(spec.area_type),
        "valid_to": spec.valid_to,
        "boundary": spec.boundary,
        "centroid_lat": lat,
        "centroid_lon": lon,
        "source": spec.source,
    }


def _existing_areas(codes: Iterable[str]) -> dict[AreaKey, Area]:
    return {(area.code, area.valid_from): area for area in Area.objects.filter(code__in=codes)}


def _sync_areas(
    specs: list[AreaSpec], report: LoadReport
) -> tuple[dict[AreaKey, Area], set[AreaKey]]:
    """Insert missing areas and update differing ones, in bulk.

    Returns every planned area by key, and the keys of those created now."""
    codes = {spec.code for spec in specs}
    existing = _existing_areas(codes)
    to_create, to_update = [], []
    created: set[AreaKey] = set()
    for spec in specs:
        values = _field_values(spec)
        area = existing.get(spec.key)
        if area is None:
            to_create.append(Area(code=spec.code, valid_from=spec.valid_from, **values))
            created.add(spec.key)
            report.created[spec.area_type] += 1
        elif any(getattr(area, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(area, name, value)
            to_update.append(area)
            report.updated[spec.area_type] += 1
    Area.objects.bulk_create(to_create, batch_size=200)
    Area.objects.bulk_update(to_update, _AREA_FIELDS, batch_size=100)
    # Re-read rather than trust bulk_create to set primary keys on every database backend.
    return (_existing_areas(codes) if to_create else existing), created


def _sync_successors(
    specs: list[AreaSpec], areas: dict[AreaKey, Area], created: set[AreaKey], report: LoadReport
) -> None:
    """Point ended vintages at the area that replaced them. A successor set elsewhere on an
    area the files give none for is left as it is."""
    changed = []
    for spec in specs:
        if spec.successor is None:
            continue
        area, successor = areas[spec.key], areas[spec.successor]
        if area.successor_id != successor.pk:
            area.successor = successor
            changed.append(area)
            if spec.key not in created:
                report.updated[spec.area_type] += 1
    Area.objects.bulk_update(changed, ["successor"])


def _sync_parents(specs: list[AreaSpec], areas: dict[AreaKey, Area], report: LoadReport) -> None:
    """Add missing parent links; remove links between two planned areas that the files drop."""
    through = Area.parents.through
    managed_ids = {area.pk for area in areas.values()}
    wanted = {(areas[spec.key].pk, areas[parent].pk) for spec in specs for parent in spec.parents}
    existing = set(
        through.objects.filter(from_area_id__in=managed_ids).values_list(
            "from_area_id", "to_area_id"
        )
    )
    missing = wanted - existing
    stale = {link for link in existing - wanted if link[1] in managed_ids}
    through.objects.bulk_create(
        [through(from_area_id=child, to_area_id=parent) for child, parent in missing],
        batch_size=500,
    )
    for child, parent in stale:
        through.objects.filter(from_area_id=child, to_area_id=parent).delete()
    report.links_added += len(missing)
    report.links_removed += len(stale)


def _sync_partnership(plan: PlacesPlan, areas: dict[AreaKey, Area], report: LoadReport) -> None:
    """SELEP's Partnership row: its LEP area, 32 member districts and four federated areas.

    Saved only when something differs, so a reload adds no simple_history record."""
    values: dict[str, Any] = {**SELEP_DETAILS, "area_id": areas[(SELEP_CODE, SELEP_FROM)].pk}
    partnership = Partnership.objects.filter(slug=SELEP_SLUG).first()
    is_new = partnership is None
    changed = False
    if partnership is None:
        partnership = Partnership.objects.create(slug=SELEP_SLUG, **values)
    elif any(getattr(partnership, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(partnership, name, value)
        partnership.save()
        changed = True
    for relation, keys in (
        (partnership.members, plan.selep_members),
        (partnership.federated_areas, plan.selep_federated_areas),
    ):
        wanted = {areas[key].pk for key in keys}
        if set(relation.values_list("pk", flat=True)) != wanted:
            relation.set(wanted)
            changed = True
    if is_new:
        report.created[PARTNERSHIP_ROW] += 1
    elif changed:
        report.updated[PARTNERSHIP_ROW] += 1


def _current_area_ids(codes: Iterable[str]) -> dict[str, int]:
    """Code → the id of its current vintage (no end date), else of its latest vintage."""
    ids: dict[str, int] = {}
    rows = Area.objects.filter(code__in=set(codes)).order_by("code", "valid_from")
    for area_id, code, valid_to in rows.values_list("id", "code", "valid_to"):
        if valid_to is None or code not in ids:
            ids[code] = area_id
    return ids


def _sync_aliases(rows: list[AliasRow], report: LoadReport) -> None:
    """Create or update the aliases in ``data/area_aliases.csv``; an unknown code is an error."""
    area_ids = _current_area_ids(row.code for row in rows)
    unknown = [f"{row.alias!r} → {row.code}" for row in rows if row.code not in area_ids]
    if unknown:
        raise PlacesDataError(f"area_aliases.csv names codes with no area: {', '.join(unknown)}")
    meanings: dict[str, set[str]] = {}
    for row in rows:
        meanings.setdefault(normalise_area_name(row.alias), set()).add(row.code)
    if clashes := {alias: codes for alias, codes in meanings.items() if len(codes) > 1}:
        raise PlacesDataError(f"area_aliases.csv gives one alias several codes: {clashes}")
    existing = {alias.alias: alias for alias in AreaAlias.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        alias = existing.get(row.alias)
        if alias is None:
            to_create.append(AreaAlias(alias=row.alias, area_id=area_ids[row.code], note=row.note))
        elif (alias.area_id, alias.note) != (area_ids[row.code], row.note):
            alias.area_id, alias.note = area_ids[row.code], row.note
            to_update.append(alias)
    AreaAlias.objects.bulk_create(to_create)
    AreaAlias.objects.bulk_update(to_update, ["area", "note"])
    report.created[ALIAS] += len(to_create)
    report.updated[ALIAS] += len(to_update)


def district_locator(tolerance_m: float = DEFAULT_TOLERANCE_M) -> PointLocator:
    """A point locator over the current districts' stored boundaries.

    The stored boundaries are the BUC source simplified at 50 m and rounded to about 1 m, which
    leaves point lookups as the source file would give them. Building takes a few tens of
    milliseconds, so build one per batch of lookups, not one per point."""
    rows = Area.objects.filter(area_type=AreaType.DISTRICT, valid_to__isnull=True)
    boundaries = [(code, shape) for code, shape in rows.values_list("code", "boundary") if shape]
    return PointLocator(boundaries, tolerance_m=tolerance_m)


_NAME_PREFERENCE = (AreaType.DISTRICT, AreaType.COUNTY, AreaType.FEDERATED_AREA)


class _Candidate(NamedTuple):
    pk: int
    area_type: str
    valid_to: date | None


def normalise_area_name(name: str) -> str:
    """Compare names as people write them: case-insensitive, '&' as 'and', spaces collapsed."""
    return " ".join(name.replace("&", " and ").casefold().split())


def _preferred(candidates: list[_Candidate]) -> int | None:
    """The one area a name means: current vintages first, then districts, counties, federated
    areas, then any other type. Two matches at the same step are ambiguous: no answer."""
    current = [area for area in candidates if area.valid_to is None] or candidates
    for area_type in (*_NAME_PREFERENCE, None):
        if area_type is None:
            step = {area.pk for area in current if area.area_type not in _NAME_PREFERENCE}
        else:
            step = {area.pk for area in current if area.area_type == area_type}
        if step:
            return step.pop() if len(step) == 1 else None
    return None


def _named(wanted: str) -> list[_Candidate]:
    rows = Area.objects.values_list("pk", "name", "area_type", "valid_to")
    return [
        _Candidate(pk, area_type, valid_to)
        for pk, name, area_type, valid_to in rows
        if normalise_area_name(name) == wanted
    ]


def _aliased(wanted: str) -> list[_Candidate]:
    rows = AreaAlias.objects.values_list("alias", "area_id", "area__area_type", "area__valid_to")
    return [
        _Candidate(pk, area_type, valid_to)
        for alias, pk, area_type, valid_to in rows
        if normalise_area_name(alias) == wanted
    ]


def resolve_area_name(name: str) -> Area | None:
    """The Area a written name means: by official name, else by alias (an alias also settles a
    name that two areas share). None if nothing matches or the match stays ambiguous: it never
    guesses from a partial or fuzzy match."""
    wanted = normalise_area_name(name)
    if not wanted:
        return None
    found = _preferred(_named(wanted)) or _preferred(_aliased(wanted))
    return Area.objects.get(pk=found) if found else None


def child_links() -> dict[int, list[int]]:
    """Every area's children, by id: the parent links read once (an area with none is absent)."""
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in Area.parents.through.objects.values_list("from_area_id", "to_area_id"):
        children[parent].append(child)
    return children
