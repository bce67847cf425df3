"""Which stored area an official file means, by GSS code or (for Nomis extracts) by name.

Official files cover the UK and geographies localgrowth does not hold (ITL regions, police force
areas, Welsh health boards). Rows for those are skipped and counted in the import report. Rows for
English councils that no longer exist (or do not exist yet) are skipped and listed by name. A code
that looks like an English council, county, region or country but is none of these is a fault:
the file has been damaged or mistyped.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from localgrowth.places.boundaries import LOCAL_AUTHORITIES
from localgrowth.places.models import Area, AreaAlias, AreaType
from localgrowth.places.services import normalise_area_name

CHECKED_PREFIXES = ("E06", "E07", "E08", "E09", "E10", "E12", "E92")
"""English districts, counties, regions and England: every real code of these is known, so an
unknown one is an error in the file."""

OUTSIDE_LABELS = {
    "K": "UK, Great Britain and England and Wales",
    "UKX": "UK less extra-regio",
    "W": "Wales",
    "S": "Scotland",
    "N": "Northern Ireland",
    "TL": "ITL regions",
    "UK": "NUTS regions",
    "E11": "metropolitan counties",
    "E13": "Inner and Outer London",
    "E23": "police force areas",
    "E37": "local enterprise partnerships no longer defined",
    "E45": "Public Health England centres",
    "E47": "combined authorities not held",
}


@dataclass(frozen=True)
class Council:
    code: str
    name: str
    end: str
    replaced_by: str
    nation: str = ""
    current_code: str = ""
    """For a former code of a council that was recoded: the code it has now."""

    def describe(self) -> str:
        if self.current_code:
            return f"{self.code}, a former code of {self.name} (now {self.current_code})"
        if self.end:
            now = f", now {self.replaced_by}" if self.replaced_by else ""
            return f"{self.code} {self.name}, abolished {self.end}{now}"
        return ""


@cache
def _councils() -> dict[str, Council]:
    """Every council in mySociety's register (current, former and future), by GSS code, and
    the former codes of recoded councils."""
    with LOCAL_AUTHORITIES.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    names = {row["local-authority-code"]: row["nice-name"] for row in rows}
    councils = {}
    for row in rows:
        successors = [
            names.get(code.strip(), code.strip()) for code in row["replaced-by"].split(",")
        ]
        councils[row["gss-code"]] = Council(
            row["gss-code"],
            row["nice-name"],
            row["end-date"],
            " and ".join(filter(None, successors)),
            row["nation"],
        )
    for row in rows:
        for former in filter(None, (code.strip() for code in row["former-gss-codes"].split(","))):
            councils.setdefault(
                former,
                Council(former, row["nice-name"], "", "", row["nation"], row["gss-code"]),
            )
    return councils


@cache
def _councils_by_name() -> dict[str, Council]:
    """Councils by their names as people write them (nice, official and alternative names)."""
    with LOCAL_AUTHORITIES.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    councils = _councils()
    by_name: dict[str, Council] = {}
    for row in rows:
        council = councils[row["gss-code"]]
        names = [row["nice-name"], row["official-name"], *row["alt-names"].split(",")]
        for name in filter(None, (normalise_area_name(name) for name in names)):
            known = by_name.get(name)
            if known is None or (known.end and not council.end):
                by_name[name] = council
    return by_name


def _outside_label(code: str) -> str | None:
    for prefix in (code[:3], code[:2], code[:1]):
        if prefix in OUTSIDE_LABELS:
            return OUTSIDE_LABELS[prefix]
    return None


@dataclass
class Skipped:
    """Rows of a file for areas localgrowth does not hold."""

    outside: Counter[str] = field(default_factory=Counter)
    """Values by kind of geography (Wales, ITL regions…)."""
    former: dict[str, int] = field(default_factory=dict)
    """Values by council ("E07000026 Allerdale, abolished 2023-04-01, now Cumberland")."""
    unmatched_names: dict[str, int] = field(default_factory=dict)
    """Rows by name that matched no area, with the reason."""

    def lines(self) -> list[str]:
        lines = []
        if self.outside:
            parts = ", ".join(f"{label} ({rows:,})" for label, rows in sorted(self.outside.items()))
            lines.append(f"Skipped values for areas localgrowth does not hold: {parts}.")
        if self.former:
            lines.append(
                f"Skipped values for {len(self.former)} councils that no longer exist, or codes "
                "that are no longer used (their areas are held under today's codes):"
            )
            lines.extend(
                f"  {name} ({values:,} values)" for name, values in sorted(self.former.items())
            )
        if self.unmatched_names:
            lines.append(f"Names that match no area ({len(self.unmatched_names)}), rows skipped:")
            lines.extend(
                f"  {name} ({rows:,} rows)" for name, rows in sorted(self.unmatched_names.items())
            )
        return lines


class AreaIndex:
    """Stored areas by code and by name, loaded once per import."""

    def __init__(self) -> None:
        by_code: dict[str, tuple[int, bool]] = {}
        self._names: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self._ended_names: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for pk, code, name, area_type, valid_to in Area.objects.values_list(
            "pk", "code", "name", "area_type", "valid_to"
        ):
            current = valid_to is None
            if code not in by_code or (current and not by_code[code][1]):
                by_code[code] = (pk, current)
            names = self._names if current else self._ended_names
            names[area_type][normalise_area_name(name)].add(pk)
        self._codes = {code: pk for code, (pk, _) in by_code.items()}
        self._aliases: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for alias, pk, area_type in AreaAlias.objects.values_list(
            "alias", "area_id", "area__area_type"
        ):
            self._aliases[area_type][normalise_area_name(alias)].add(pk)

    def code(self, code: str) -> int | None:
        return self._codes.get(code.strip().upper())

    def classify_code(self, code: str) -> tuple[str, str]:
        """For a code not held: ("outside", kind of geography), ("former", description) or
        ("unknown", "")."""
        code = code.strip().upper()
        council = _councils().get(code)
        if council is not None and code.startswith("E"):
            described = council.describe()
            if described:
                return "former", described
            return "outside", "other councils whose areas localgrowth does not hold"
        if code.startswith(CHECKED_PREFIXES):
            return "unknown", ""
        label = _outside_label(code)
        return ("outside", label) if label else ("unknown", "")

    def name(self, name: str, area_type: str) -> int | None:
        """The current area of this type with this official name (or alias); None when there is
        none, or more than one."""
        wanted = normalise_area_name(name)
        for table in (self._names, self._aliases):
            found = table[area_type].get(wanted)
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def why_unmatched(self, name: str, area_type: str) -> str:
        wanted = normalise_area_name(name)
        council = _councils_by_name().get(wanted)
        if council is not None and council.nation and council.nation != "England":
            return f"{name}: a council in {council.nation}, outside England"
        if council is not None and council.end:
            now = f", now {council.replaced_by}" if council.replaced_by else ""
            return f"{name}: a council abolished {council.end}{now}"
        if self._ended_names[area_type].get(wanted):
            return f"{name}: held only as an area that has ended"
        kind = AreaType(area_type).label.lower() if area_type in AreaType.values else area_type
        return f"{name}: no {kind} of this name or alias"
