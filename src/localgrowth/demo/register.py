"""Turn the SELEP project register, as compiled from public pages, into the import template.

The register names areas as people write them ("Tonbridge & Malling", "Southend", "Kent
(countywide)", "Basildon; Brentwood; Rochford", blanks). Each name is matched to a code through
the official names and the documented alias table (places/data/area_aliases.csv); several areas
share a project equally; a name that matches nothing is listed, never guessed. A project with no
local authority serves its federated area, which the register always records.

Rules, in the order they apply, are documented beside each function; docs/demo-data.md
summarises them for readers of the demo.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from localgrowth.places.services import resolve_area_name

REGISTER = Path(__file__).parent / "data" / "selep-projects.csv"

FEDERATED_AREAS = {
    "Essex": "SELEP-ESX",
    "Kent & Medway": "SELEP-KM",
    "East Sussex": "SELEP-ES",
    "Opportunity South Essex": "SELEP-OSE",
}

# Funding stream as written in the register → fund code. Streams that name two funds go to the
# first; the register's wording is kept in the project's notes.
FUNDS = {
    "LGF": "lgf",
    "LGF round 1/2": "lgf",
    "LGF (DfT-retained scheme)": "lgf",
    "LGF (plus additional LGF via COVID-19 response)": "lgf",
    "LGF plus developer funding": "lgf",
    "LGF round 1": "lgf-1",
    "LGF (round 1 tag)": "lgf-1",
    "LGF round 2": "lgf-2",
    "LGF round 3": "lgf-3",
    "LGF round 3 (plus earlier LGF £2m)": "lgf-3",
    "LGF3b": "lgf-3b",
    "LGF (LGF3b) + GBF": "lgf-3b",
    "GBF": "gbf",
    "GBF (round 2 pipeline)": "gbf",
    "GPF": "gpf",
    "GPF (reported as SELEP growing fund)": "gpf",
    "GPF + GBF": "gpf",
    "Skills Capital Fund": "skills-capital",
    "Skills Capital Fund round 1": "skills-capital",
    "Skills Capital Fund (Growth Deal 2014)": "skills-capital",
}

PROGRAMMES = {
    "lgf": "selep-growth-deal",
    "lgf-1": "selep-growth-deal",
    "lgf-2": "selep-growth-deal",
    "lgf-3": "selep-growth-deal",
    "lgf-3b": "selep-growth-deal",
    "skills-capital": "selep-growth-deal",
    "gbf": "selep-getting-building-fund",
    "gpf": "selep-growing-places-fund",
}

CATEGORIES = {
    "transport": "transport",
    "business support": "business_support",
    "skills": "skills",
    "housing/development": "housing_development",
    "place/regeneration": "place_regeneration",
    "digital": "digital",
    "flood": "flood",
    "energy": "energy",
}

# Status wording → status, first match wins. "delivered by <someone>" names a delivery body,
# not a state, so it is removed before matching.
STATUS_RULES = [
    ("withdrawn", re.compile(r"\bremoved\b|\breallocated to\b", re.I)),
    (
        "completed",
        re.compile(r"\bcompleted\b|\bopened\b(?! to)|\bdelivered\b|opened to traffic", re.I),
    ),
    (
        "in_delivery",
        re.compile(
            r"construction|\bworks\b|in progress|ground-breaking|turf cut|"
            r"on hold|\bpaid\b|due to (finish|complete)|phase one due",
            re.I,
        ),
    ),
    ("approved", re.compile(r"approv|awarded|ring-fenced|agreed|decision|reallocated from", re.I)),
    ("pipeline", re.compile(r"\bbid\b|named among|provisional|planned", re.I)),
]

# Category → framework themes, with the basis recorded on each tag. Only tags the sources
# support: the 2017 Industrial Strategy defines what each foundation covers, and the 2014
# Strategic Economic Plan's four Growth Deal priority areas match the register's categories.
NIS = (
    "the 2017 Industrial Strategy's Infrastructure foundation covers transport, housing, "
    "digital and energy"
)
THEME_RULES: dict[str, list[tuple[str, str]]] = {
    "transport": [
        ("foundation-infrastructure", f"Transport scheme: {NIS}."),
        (
            "sep-2014-transport",
            "Transport scheme: SEP 2014 priority 'Enhancing transport connectivity'.",
        ),
    ],
    "housing_development": [
        ("foundation-infrastructure", f"Housing and development: {NIS}."),
        (
            "sep-2014-housing",
            "Housing scheme: SEP 2014 priority 'Supporting housing and development'.",
        ),
    ],
    "digital": [("foundation-infrastructure", f"Digital infrastructure: {NIS}.")],
    "energy": [
        ("foundation-infrastructure", f"Energy scheme: {NIS}."),
        (
            "challenge-clean-growth",
            "Energy scheme: the Clean Growth Grand Challenge covers the shift to clean energy.",
        ),
    ],
    "skills": [
        (
            "foundation-people",
            "Skills capital project: the People foundation covers skills and education.",
        ),
        ("sep-2014-skills", "Skills project: SEP 2014 priority 'Raising local skill levels'."),
    ],
    "business_support": [
        (
            "foundation-business-environment",
            "Business support: the Business Environment foundation covers starting and "
            "growing businesses.",
        ),
        (
            "sep-2014-business",
            "Business support: SEP 2014 priority 'Increasing business support and productivity'.",
        ),
    ],
    "place_regeneration": [
        (
            "foundation-places",
            "Regeneration scheme: the Place foundation covers prosperous communities.",
        )
    ],
}


@dataclass
class Conversion:
    projects: list[dict[str, str]] = field(default_factory=list)
    match_funding: list[dict[str, str]] = field(default_factory=list)
    outputs: list[dict[str, str]] = field(default_factory=list)
    themes: list[dict[str, str]] = field(default_factory=list)
    unmatched_areas: list[tuple[str, str]] = field(default_factory=list)
    """(reference, name) for each area name that matched no code."""


def read_register(path: Path = REGISTER) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference(number: int) -> str:
    """Register rows are numbered in file order: row 1 is SELEP-001."""
    return f"SELEP-{number:03d}"


def convert(rows: list[dict[str, str]]) -> Conversion:
    result = Conversion()
    for number, row in enumerate(rows, start=1):
        ref = reference(number)
        fund = FUNDS[row["funding_stream"]]
        category = CATEGORIES[row["category"]]
        result.projects.append(_project(ref, row, fund, category, result))
        result.match_funding += [
            {"reference": ref, "source": source, "type": kind, "amount": amount}
            for source, kind, amount in match_funding(row["match_funding"])
        ]
        result.outputs += _outputs(ref, row)
        result.themes += [
            {"reference": ref, "theme": theme, "basis": basis}
            for theme, basis in THEME_RULES.get(category, [])
        ]
    return result


def _project(ref: str, row: dict[str, str], fund: str, category: str, result: Conversion) -> dict:
    notes = [row["notes"]] if row["notes"] else []
    if row["funding_stream"] not in {"LGF", "GBF", "GPF"}:
        notes.append(f"Funding stream as recorded: {row['funding_stream']}.")
    codes = area_codes(row["local_authority"], row["federated_area"], ref, result)
    return {
        "reference": ref,
        "title": row["name"],
        "summary": row["other_outputs"],
        "fund": fund,
        "programme": PROGRAMMES[fund],
        "federated_area": FEDERATED_AREAS[row["federated_area"]],
        "status": status(row["status"]),
        "status_detail": row["status"],
        "category": category,
        "start": row["start_year"],
        "end": row["end_year"],
        "areas": "; ".join(codes),
        "place": row["place"],
        "grant": row["lgf_gbf_amount_gbp"],
        "total_cost": row["total_project_cost_gbp"],
        "sources": "; ".join(url.strip() for url in row["source_url"].split("|") if url.strip()),
        "notes": " ".join(notes),
    }


def area_codes(written: str, federated_area: str, ref: str, result: Conversion) -> list[str]:
    """Codes for the local authorities written; the federated area when none is written or none
    matches (each unmatched name is recorded)."""
    codes: list[str] = []
    for name in (part.strip() for part in written.split(";")):
        if not name:
            continue
        area = resolve_area_name(name)
        if area is None:
            result.unmatched_areas.append((ref, name))
        elif area.code not in codes:
            codes.append(area.code)
    return codes or [FEDERATED_AREAS[federated_area]]


def status(text: str) -> str:
    cleaned = re.sub(r"delivered by \w+( \w+)?", "", text, flags=re.I)
    for code, pattern in STATUS_RULES:
        if pattern.search(cleaned):
            return code
    return "unknown"


_MONEY_SOURCE = re.compile(
    r"^(?P<name>[A-Za-z][^£]*?) £(?P<number>\d[\d,]*(?:\.\d+)?)(?P<unit>[mk]?)$"
)
_HEDGES = re.compile(r"\b(about|up to|to|by|reduced|redirected|further|other)\s*$", re.I)
_PUBLIC = re.compile(
    r"council|\b(KCC|CC|BC|DC|MBC|TWBC|TMBC)\b|environment agency|arts council|highways england|"
    r"skills funding agency|HEFCE|lottery|LEP\b|levelling up|\bDfT\b|\bHCA\b|"
    r"housing infrastructure",
    re.I,
)
_PRIVATE = re.compile(r"\bLtd\b|developer|private|developments", re.I)


def match_funding(text: str) -> Iterator[tuple[str, str, str]]:
    """(source, type, amount) for each ';'-separated part. An amount is taken only when the part
    is exactly "<source> £<amount>[m|k]" with no hedge ("about", "up to"); otherwise the whole
    part is the source and the amount is left empty."""
    for part in (piece.strip() for piece in text.split(";")):
        if not part:
            continue
        match = _MONEY_SOURCE.match(part)
        amount = ""
        source = part
        if match and not _HEDGES.search(match["name"]):
            source = match["name"].strip()
            amount = str(_pounds(match["number"], match["unit"]))
        yield source, _funding_type(source), amount


def _pounds(number: str, unit: str) -> Decimal:
    value = Decimal(number.replace(",", ""))
    return (value * {"m": 1_000_000, "k": 1_000, "": 1}[unit]).quantize(Decimal("0.01"))


def _funding_type(source: str) -> str:
    if _PUBLIC.search(source):
        return "public"
    if _PRIVATE.search(source):
        return "private"
    return "not_known"


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_JOBS_SPLIT = re.compile(r"\(plus|[;,)]")
_JOBS_PART = re.compile(r"\s*(?P<number>\d+)(?:-(?P<upper>\d+))?\s*(?P<label>[a-z ]*)", re.I)


def jobs(text: str) -> dict[str, tuple[int, str]]:
    """Split a jobs cell into output types. "37 (plus 25 safeguarded)" is 37 jobs and 25 jobs
    safeguarded; "16 construction jobs; 51 safeguarded" is 16 construction jobs and 51
    safeguarded; a range "400-800" records its lower bound with a note; indirect or
    associated jobs are kept as a note only."""
    found: dict[str, tuple[int, str]] = {}
    notes: list[str] = []
    for part in _JOBS_SPLIT.split(_THOUSANDS.sub("", text)):
        match = _JOBS_PART.match(part)
        if match is None:
            continue
        number, label = int(match["number"]), match["label"].strip().lower()
        note = (
            f"Range {number}–{match['upper']} stated; lower bound recorded."
            if match["upper"]
            else ""
        )
        if "safeguard" in label:
            found["jobs_safeguarded"] = (number, note)
        elif "construction" in label:
            found["construction_jobs"] = (number, note)
        elif label.startswith(("indirect", "associated")):
            notes.append(f"{number:,} {label} jobs also stated.")
        elif "jobs" not in found:
            found["jobs"] = (number, note)
    if notes and "jobs" in found:
        number, note = found["jobs"]
        found["jobs"] = (number, " ".join(filter(None, [note, *notes])))
    return found


def _outputs(ref: str, row: dict[str, str]) -> list[dict[str, str]]:
    lines = [
        {
            "reference": ref,
            "output_type": kind,
            "period": "",
            "basis": "forecast",
            "value": str(value),
            "note": note,
        }
        for kind, (value, note) in jobs(row["forecast_jobs"]).items()
    ]
    if row["forecast_homes"]:
        lines.append(
            {
                "reference": ref,
                "output_type": "homes",
                "period": "",
                "basis": "forecast",
                "value": row["forecast_homes"],
                "note": "",
            }
        )
    return lines
