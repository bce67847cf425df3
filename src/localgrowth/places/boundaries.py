"""What the shipped ONS files say England's areas are: read them and plan every Area, no database.

``build_england_plan`` reads the files in ``places/data/`` (see ``data/PROVENANCE.md``) and returns
a ``PlacesPlan``: one ``AreaSpec`` per area with its boundary, centroid, vintage and parents, plus
SELEP's membership and the alias table. ``services.load_england_places`` then makes the database
match the plan. Keeping the reading apart from the writing means every data trap below is checked
before a single row is touched, and the plan can be tested without a database.

Traps handled here (each is documented in ``data/PROVENANCE.md``):
- the combined-authority lookup is the May 2025 vintage and carries 2025 codes for Barnsley and
  Sheffield; the boundary file is December 2023, so those two are mapped back to their 2023 codes;
- the LAD-to-LEP lookup is derived from boundary overlaps, not an official ONS lookup;
- the ONS CSVs start with a UTF-8 byte-order mark.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from localgrowth.domain.geo import (
    GeoJSON,
    representative_point,
    simplify_geometry,
    union_geometries,
)
from localgrowth.places.models import AreaType

DATA_DIR = Path(__file__).resolve().parent / "data"
LAD_BOUNDARIES = DATA_DIR / "LAD_Dec2023_BUC_500m.geojson"
LEP_BOUNDARIES = DATA_DIR / "Local_Enterprise_Partnerships_May_2021_EN_BUC.geojson"
LAD_TO_REGION = DATA_DIR / "Local_Authority_District_to_Region_December_2023_Lookup_in_England.csv"
LAD_TO_COMBINED_AUTHORITY = (
    DATA_DIR / "Local_Authority_District_to_Combined_Authority_May_2025_Lookup_in_EN.csv"
)
LAD_TO_LEP_DERIVED = DATA_DIR / "lad23_lep21_lookup_DERIVED.csv"
LOCAL_AUTHORITIES = DATA_DIR / "uk_local_authorities_future.csv"
AREA_ALIASES = DATA_DIR / "area_aliases.csv"

ENGLISH_DISTRICT_PREFIXES = ("E06", "E07", "E08", "E09")
ENGLAND_CODE = "E92000001"
GSS_CODES_INTRODUCED = date(2011, 1, 1)
"""ONS nine-character GSS codes date from January 2011. A council that started earlier tells us
nothing about when its code started, so only later start dates become ``valid_from``."""

LAD25_TO_LAD23 = {"E08000038": "E08000016", "E08000039": "E08000019"}
"""Barnsley and Sheffield were recoded in 2025 (ONS changes.csv: type new_code, start 2025). The
May 2025 combined-authority lookup uses the new codes; our boundaries are the 2023 vintage."""

SELEP_CODE = "E37000056"
SELEP_FROM = date(2020, 4, 1)
SELEP_BEFORE_2020_CODE = "E37000030"
SELEP_BEFORE_2020_TO = date(2020, 3, 31)

# Simplification tolerances for display, in metres. The BUC source is already generalised to
# 500 m, so districts lose almost nothing at 50 m and still answer point-in-area queries exactly.
DISTRICT_TOLERANCE_M = 50.0
GROUP_TOLERANCE_M = 100.0
REGION_TOLERANCE_M = 250.0
COUNTRY_TOLERANCE_M = 500.0
_GROUP_TOLERANCES_M: dict[str, float] = {
    AreaType.COUNTRY: COUNTRY_TOLERANCE_M,
    AreaType.REGION: REGION_TOLERANCE_M,
}

AreaKey = tuple[str, date | None]
"""An Area is identified by its code and the date its vintage starts (the unique constraint)."""


class PlacesDataError(ValueError):
    """A shipped data file contradicts itself or the code that reads it."""


@dataclass(frozen=True)
class FederatedArea:
    code: str
    name: str
    districts: str
    """District names as in the LAD file, separated by semicolons."""

    @property
    def district_names(self) -> list[str]:
        return [name.strip() for name in self.districts.split(";")]


SELEP_FEDERATED_AREAS = (
    FederatedArea(
        "SELEP-ESX",
        "Essex",
        "Braintree; Brentwood; Chelmsford; Colchester; Epping Forest; Harlow; Maldon; Tendring;"
        " Uttlesford",
    ),
    FederatedArea(
        "SELEP-KM",
        "Kent & Medway",
        "Ashford; Canterbury; Dartford; Dover; Folkestone and Hythe; Gravesham; Maidstone;"
        " Sevenoaks; Swale; Thanet; Tonbridge and Malling; Tunbridge Wells; Medway",
    ),
    FederatedArea("SELEP-ES", "East Sussex", "Eastbourne; Hastings; Lewes; Rother; Wealden"),
    FederatedArea(
        "SELEP-OSE",
        "Opportunity South Essex",
        "Southend-on-Sea; Thurrock; Basildon; Castle Point; Rochford",
    ),
)
"""SELEP's four federated boards, by district name; names are checked against the LAD file."""


@dataclass
class AreaSpec:
    """One Area as the files describe it; ``parents`` and ``successor`` are keys of other specs."""

    code: str
    name: str
    area_type: str
    source: str
    boundary: GeoJSON | None = None
    centroid: tuple[float, float] | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    parents: list[AreaKey] = field(default_factory=list)
    successor: AreaKey | None = None

    @property
    def key(self) -> AreaKey:
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class AliasRow:
    alias: str
    code: str
    note: str


@dataclass
class PlacesPlan:
    areas: list[AreaSpec]
    selep_members: list[AreaKey]
    selep_federated_areas: list[AreaKey]
    aliases: list[AliasRow]
    notes: list[str]


@dataclass(frozen=True)
class _District:
    code: str
    name: str
    lat: float
    lon: float
    geometry: GeoJSON


def _read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: the ONS lookups start with a byte-order mark that would otherwise end up glued
    # to the first column name.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _features(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        features: list[dict[str, Any]] = json.load(handle)["features"]
    return features


@cache
def _english_districts() -> tuple[_District, ...]:
    """The 296 English districts and unitaries of the December 2023 LAD file (cached: 1.4 MB)."""
    districts = []
    for feature in _features(LAD_BOUNDARIES):
        properties = feature["properties"]
        if properties["LAD23CD"].startswith(ENGLISH_DISTRICT_PREFIXES):
            districts.append(
                _District(
                    properties["LAD23CD"],
                    properties["LAD23NM"],
                    float(properties["LAT"]),
                    float(properties["LONG"]),
                    feature["geometry"],
                )
            )
    return tuple(districts)


def district_source_geometries() -> list[tuple[str, GeoJSON]]:
    """(code, unsimplified geometry) for every English district, for tests and checks."""
    return [(district.code, district.geometry) for district in _english_districts()]


def _region_lookup(district_codes: set[str]) -> dict[str, tuple[str, str]]:
    rows = _read_csv(LAD_TO_REGION)
    lookup = {row["LAD23CD"]: (row["RGN23CD"], row["RGN23NM"]) for row in rows}
    if set(lookup) != district_codes:
        raise PlacesDataError(f"{LAD_TO_REGION.name} does not cover exactly the LAD23 districts")
    return lookup


def _local_authority_lookups(
    district_codes: set[str],
) -> tuple[dict[str, tuple[str, str]], dict[str, date]]:
    """From mySociety's council table: each two-tier district's county (GSS code and name), and
    the date each district's code started, where knowable (see GSS_CODES_INTRODUCED)."""
    rows = _read_csv(LOCAL_AUTHORITIES)
    by_council = {row["local-authority-code"]: row for row in rows}
    counties, starts = {}, {}
    for row in rows:
        code = row["gss-code"]
        if code not in district_codes:
            continue
        if row["county-la"]:
            county = by_council[row["county-la"]]
            if not county["gss-code"].startswith("E10"):
                raise PlacesDataError(f"{code}: county {county['gss-code']} is not an E10 code")
            counties[code] = (county["gss-code"], county["nice-name"])
        if row["start-date"] and date.fromisoformat(row["start-date"]) >= GSS_CODES_INTRODUCED:
            starts[code] = date.fromisoformat(row["start-date"])
    return counties, starts


def _combined_authority_lookup(
    district_codes: set[str], notes: list[str]
) -> dict[str, tuple[str, str]]:
    lookup = {}
    for row in _read_csv(LAD_TO_COMBINED_AUTHORITY):
        code = row["LAD25CD"]
        if code in LAD25_TO_LAD23:
            notes.append(
                f"{row['LAD25NM']}: 2025 code {code} read as 2023 code {LAD25_TO_LAD23[code]}"
            )
            code = LAD25_TO_LAD23[code]
        if code not in district_codes:
            raise PlacesDataError(f"{LAD_TO_COMBINED_AUTHORITY.name}: unknown district {code}")
        lookup[code] = (row["CAUTH25CD"], row["CAUTH25NM"])
    return lookup


def _lep_lookup(district_codes: set[str]) -> dict[str, list[str]]:
    lookup = {}
    for row in _read_csv(LAD_TO_LEP_DERIVED):
        lookup[row["LAD23CD"]] = [code for code in (row["LEP21CD1"], row["LEP21CD2"]) if code]
    if set(lookup) != district_codes:
        raise PlacesDataError(
            f"{LAD_TO_LEP_DERIVED.name} does not cover exactly the LAD23 districts"
        )
    return lookup


def read_aliases() -> list[AliasRow]:
    rows = _read_csv(AREA_ALIASES)
    return [AliasRow(row["alias"], row["code"], row["note"]) for row in rows if row["alias"]]


# What each Area's ``source`` says; places/data/PROVENANCE.md has the full story.
SOURCE_LAD = "ONS LAD Dec 2023 BUC (places/data/LAD_Dec2023_BUC_500m.geojson)"
SOURCE_LEP = "ONS LEP May 2021 BUC (places/data/Local_Enterprise_Partnerships_May_2021_EN_BUC…)"
_UNION = "Union of LAD Dec 2023 BUC districts"
SOURCE_REGION = f"{_UNION}; ONS LAD to region Dec 2023 lookup"
SOURCE_COUNTY = f"{_UNION}; county per mySociety uk_local_authorities_future"
SOURCE_CA = f"{_UNION}; ONS LAD to combined authority May 2025 lookup"
SOURCE_FEDERATED = f"{_UNION}; SELEP federated boards"
SOURCE_COUNTRY = f"{_UNION} (England)"
SOURCE_SELEP_2014 = "E37000030: 2014-2019 LEP code (see PROVENANCE); boundary of E37000056"

_COUNTRY_KEY: AreaKey = (ENGLAND_CODE, None)


def _lep_key(code: str) -> AreaKey:
    return (code, SELEP_FROM if code == SELEP_CODE else None)


def _group_spec(
    code: str,
    name: str,
    area_type: str,
    members: Iterable[_District],
    source: str,
    parents: Sequence[AreaKey],
) -> AreaSpec:
    """An area made of whole districts: its boundary is their union, its pin a point inside."""
    union = union_geometries(district.geometry for district in members)
    tolerance = _GROUP_TOLERANCES_M.get(area_type, GROUP_TOLERANCE_M)
    return AreaSpec(
        code,
        name,
        area_type,
        source,
        boundary=simplify_geometry(union, tolerance),
        centroid=representative_point(union),
        parents=list(parents),
    )


def _grouped(
    districts: Iterable[_District], lookup: dict[str, tuple[str, str]]
) -> dict[tuple[str, str], list[_District]]:
    groups: dict[tuple[str, str], list[_District]] = defaultdict(list)
    for district in districts:
        if district.code in lookup:
            groups[lookup[district.code]].append(district)
    return dict(sorted(groups.items()))


def _county_specs(
    districts: Iterable[_District],
    counties: dict[str, tuple[str, str]],
    regions: dict[str, tuple[str, str]],
) -> list[AreaSpec]:
    specs = []
    for (code, name), members in _grouped(districts, counties).items():
        member_regions = {regions[district.code][0] for district in members}
        if len(member_regions) != 1:
            raise PlacesDataError(f"county {code} spans regions {sorted(member_regions)}")
        parents = [(member_regions.pop(), None)]
        specs.append(_group_spec(code, name, AreaType.COUNTY, members, SOURCE_COUNTY, parents))
    return specs


def _lep_specs(lep_codes_in_lookup: set[str]) -> list[AreaSpec]:
    """The 38 LEPs of May 2021, and SELEP's pre-April-2020 code as a separate, ended vintage."""
    specs = []
    for feature in _features(LEP_BOUNDARIES):
        properties = feature["properties"]
        code = properties["LEP21CD"]
        specs.append(
            AreaSpec(
                code,
                properties["LEP21NM"],
                AreaType.PARTNERSHIP,
                SOURCE_LEP,
                boundary=simplify_geometry(feature["geometry"], GROUP_TOLERANCE_M),
                centroid=(float(properties["LAT"]), float(properties["LONG"])),
                valid_from=_lep_key(code)[1],
                parents=[_COUNTRY_KEY],
            )
        )
    missing = lep_codes_in_lookup - {spec.code for spec in specs}
    if missing:
        raise PlacesDataError(f"{LAD_TO_LEP_DERIVED.name} names LEPs with no boundary: {missing}")
    selep = next(spec for spec in specs if spec.code == SELEP_CODE)
    before_2020 = AreaSpec(
        SELEP_BEFORE_2020_CODE,
        selep.name,
        AreaType.PARTNERSHIP,
        SOURCE_SELEP_2014,
        boundary=selep.boundary,
        centroid=selep.centroid,
        valid_to=SELEP_BEFORE_2020_TO,
        parents=[_COUNTRY_KEY],
        successor=selep.key,
    )
    return [*specs, before_2020]


def _federated_membership(
    districts: Iterable[_District], leps: dict[str, list[str]]
) -> dict[str, tuple[str, str]]:
    """District code → its SELEP federated area (code, name), checked against the derived LEP
    lookup: the four areas must share out exactly its 32 SELEP districts."""
    code_by_name = {district.name: district.code for district in districts}
    membership = {}
    for federated in SELEP_FEDERATED_AREAS:
        for name in federated.district_names:
            if name not in code_by_name:
                raise PlacesDataError(f"{federated.code}: no district called {name!r}")
            membership[code_by_name[name]] = (federated.code, federated.name)
    selep_districts = {code for code, lep_codes in leps.items() if SELEP_CODE in lep_codes}
    if set(membership) != selep_districts or len(membership) != 32:
        raise PlacesDataError(
            "SELEP federated areas do not partition the derived lookup's SELEP districts: "
            f"{sorted(set(membership) ^ selep_districts)}"
        )
    return membership


@dataclass(frozen=True)
class _Lookups:
    regions: dict[str, tuple[str, str]]
    counties: dict[str, tuple[str, str]]
    combined_authorities: dict[str, tuple[str, str]]
    leps: dict[str, list[str]]
    federated: dict[str, tuple[str, str]]
    code_starts: dict[str, date]


def _district_specs(districts: Iterable[_District], lookups: _Lookups) -> list[AreaSpec]:
    specs = []
    for district in districts:
        code = district.code
        parents: list[AreaKey] = [(lookups.regions[code][0], None)]
        for lookup in (lookups.counties, lookups.combined_authorities):
            if code in lookup:
                parents.append((lookup[code][0], None))
        parents.extend(_lep_key(lep_code) for lep_code in lookups.leps[code])
        if code in lookups.federated:
            parents.append((lookups.federated[code][0], None))
        specs.append(
            AreaSpec(
                code,
                district.name,
                AreaType.DISTRICT,
                SOURCE_LAD,
                boundary=simplify_geometry(district.geometry, DISTRICT_TOLERANCE_M),
                centroid=(district.lat, district.lon),
                valid_from=lookups.code_starts.get(code),
                parents=parents,
            )
        )
    return specs


def _read_lookups(districts: tuple[_District, ...], notes: list[str]) -> _Lookups:
    codes = {district.code for district in districts}
    leps = _lep_lookup(codes)
    counties, code_starts = _local_authority_lookups(codes)
    return _Lookups(
        regions=_region_lookup(codes),
        counties=counties,
        combined_authorities=_combined_authority_lookup(codes, notes),
        leps=leps,
        federated=_federated_membership(districts, leps),
        code_starts=code_starts,
    )


def build_england_plan() -> PlacesPlan:
    """Read every shipped file, check them against each other, and plan England's areas."""
    notes: list[str] = ["LAD→LEP links come from a derived lookup, not an official ONS one"]
    districts = _english_districts()
    lookups = _read_lookups(districts, notes)
    country = _group_spec(
        ENGLAND_CODE, "England", AreaType.COUNTRY, districts, SOURCE_COUNTRY, parents=[]
    )
    regions = [
        _group_spec(code, name, AreaType.REGION, members, SOURCE_REGION, [_COUNTRY_KEY])
        for (code, name), members in _grouped(districts, lookups.regions).items()
    ]
    combined_authorities = [
        _group_spec(code, name, AreaType.COMBINED_AUTHORITY, members, SOURCE_CA, [_COUNTRY_KEY])
        for (code, name), members in _grouped(districts, lookups.combined_authorities).items()
    ]
    federated = [
        _group_spec(
            code, name, AreaType.FEDERATED_AREA, members, SOURCE_FEDERATED, [_lep_key(SELEP_CODE)]
        )
        for (code, name), members in _grouped(districts, lookups.federated).items()
    ]
    lep_codes = {code for codes in lookups.leps.values() for code in codes}
    areas = [
        country,
        *regions,
        *_county_specs(districts, lookups.counties, lookups.regions),
        *combined_authorities,
        *_lep_specs(lep_codes),
        *federated,
        *_district_specs(districts, lookups),
    ]
    by_code = {spec.code: spec for spec in areas}
    return PlacesPlan(
        areas=areas,
        selep_members=[by_code[code].key for code in sorted(lookups.federated)],
        selep_federated_areas=[spec.key for spec in federated],
        aliases=read_aliases(),
        notes=notes,
    )
