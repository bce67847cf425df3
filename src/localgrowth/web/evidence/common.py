"""What the evidence pages share: their paths, the partnership's area and the links to its
scorecard, the formatting of values in an indicator's unit, and the choice of areas.

The figures come from ``localgrowth.evidence.analysis``; the pages only arrange them.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote, urlencode

from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator
from localgrowth.framework.models import ThemeKind
from localgrowth.places.models import Area, AreaType, Partnership
from localgrowth.web.formatting import number
from localgrowth.web.project_list import Option, OptionGroup

EVIDENCE_PATH = "/evidence/"
PROFILE_TYPES = {
    AreaType.COUNTRY,
    AreaType.REGION,
    AreaType.COMBINED_AUTHORITY,
    AreaType.PARTNERSHIP,
    AreaType.COUNTY,
    AreaType.FEDERATED_AREA,
    AreaType.DISTRICT,
}
KIND_HEADINGS = {
    ThemeKind.AIM: "The core aim",
    ThemeKind.FOUNDATION: "Foundations of productivity",
    ThemeKind.GRAND_CHALLENGE: "Grand Challenges",
}
ENGLAND = analysis.ENGLAND
NOT_COMPARED = "Not compared: a total"
"""The status of a total (a count or a sum): it grows with the size of the area."""


class EvidenceNotFound(LookupError):
    pass


def indicator_path(code: str, **query: str) -> str:
    path = f"{EVIDENCE_PATH}indicators/{quote(code, safe='')}/"
    return path + ("?" + urlencode(query) if query else "")


def profile_path(code: str) -> str:
    return f"{EVIDENCE_PATH}areas/{quote(code, safe='')}/"


def strengths_path(code: str) -> str:
    return profile_path(code) + "strengths/"


def partnership_area_code() -> str:
    """The GSS code of the body's partnership (the first), or England's."""
    partnership = Partnership.objects.select_related("area").order_by("name").first()
    return partnership.area.code if partnership else ENGLAND


def scorecard_links() -> dict[str, str]:
    """For each theme the scorecard shows (one with indicators), the link to its section of
    the partnership's scorecard: ``/evidence/areas/E37000056/#foundation-people``."""
    themes = (
        Indicator.objects.filter(by_industry=False)
        .values_list("theme_id", flat=True)
        .distinct()
        .order_by()
    )
    path = profile_path(partnership_area_code())
    return {str(code): f"{path}#{code}" for code in themes}


# Formatting -------------------------------------------------------------------------------------


def format_value(value: float | None, indicator: Indicator, places: int | None = None) -> str:
    """A value in the indicator's unit, to its decimal places: "£36.31", "45.2%", "1,234"."""
    if value is None or not math.isfinite(value):
        return ""
    digits = indicator.decimal_places if places is None else places
    text = fixed(value, digits)
    sign = ""
    if text.startswith("-"):
        sign, text = "−", text[1:]
    if indicator.unit == "£":
        return f"{sign}£{text}"
    if indicator.unit == "£m":
        return f"{sign}£{text}m"
    if indicator.unit == "%":
        return f"{sign}{text}%"
    return sign + text


def fixed(value: float, places: int) -> str:
    """The value to exactly ``places`` decimal places, halves rounded away from zero, with
    thousands separated: 28.4 → "28.40" for pounds and pence."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def signed(value: float | None, indicator: Indicator) -> str:
    if value is None:
        return ""
    text = format_value(abs(value), indicator)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def signed_percent(value: float | None, places: int = 1) -> str:
    if value is None or not math.isfinite(value):
        return ""
    text = number(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "") + text + "%"


def unit_label(indicator: Indicator) -> str:
    return "" if indicator.unit in ("£", "£m", "%", "count") else indicator.unit


# Areas ------------------------------------------------------------------------------------------


def find_area(code: str) -> Area | None:
    if not code or len(code) > 20:
        return None
    found = analysis.current_area(code.strip().upper())
    if found is None or found.area_type not in PROFILE_TYPES:
        return None
    return found


AREA_GROUPS = (
    (AreaType.PARTNERSHIP, "Local enterprise partnerships"),
    (AreaType.FEDERATED_AREA, "Federated areas"),
    (AreaType.COMBINED_AUTHORITY, "Combined authorities"),
    (AreaType.COUNTY, "Counties"),
    (AreaType.REGION, "Regions"),
    (AreaType.COUNTRY, "Country"),
    (AreaType.DISTRICT, "Districts and unitary authorities"),
)


def area_options() -> list[OptionGroup]:
    rows = Area.objects.filter(valid_to__isnull=True, area_type__in=PROFILE_TYPES).defer("boundary")
    names = dict(Partnership.objects.values_list("area__code", "name"))
    by_type: dict[str, list[Option]] = {}
    for area in rows.order_by("name", "code"):
        text = f"{names.get(area.code, area.name)} ({area.code})"
        by_type.setdefault(area.area_type, []).append(Option(area.code, text))
    return [OptionGroup(label, by_type[kind]) for kind, label in AREA_GROUPS if by_type.get(kind)]


def area_name(area: Area) -> str:
    partnership = Partnership.objects.filter(area=area).order_by("name").first()
    return partnership.name if partnership else area.name
