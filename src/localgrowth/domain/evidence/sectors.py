"""Sector strengths: location quotients, shift-share and distinctive strengths.

The values are a place's and the nation's (England's) values by industry, in GVA (regional
GVA by industry) or in employment (BRES), as mappings of industry code to value. A code that
names the total of all industries (``is_total``: "Total", "All industries") is never treated
as an industry; when it has a value it is the total that shares are taken of, so an industry
whose value is suppressed leaves the others' shares intact. Without it the total is the sum of
the industries given, which must then all have values and be one level of the classification
(sections, or divisions, not both). Every other code is an industry, so pass the level wanted.

- Location quotient: ``LQ = (local value ÷ local total) ÷ (national value ÷ national total)``,
  the industry's share of the place's economy over its share of the nation's. Above 1 the
  place is more specialised in the industry than the nation. A place equal to the nation has
  an LQ of 1 in every industry.
- Shift-share: the change of each industry's local value from the base year to the end year,
  ``e₁ − e₀``, split into
  - the national growth effect ``e₀ × G``, the change had the industry grown as the whole
    national economy did (``G = N₁ ÷ N₀ − 1``, from the national totals);
  - the industry-mix effect ``e₀ × (gᵢ − G)``, what the industry's own national growth
    (``gᵢ = Nᵢ₁ ÷ Nᵢ₀ − 1``) added to or took from that;
  - the local (competitive) effect ``(e₁ − e₀) − e₀ × gᵢ = e₁ − e₀ × Nᵢ₁ ÷ Nᵢ₀``, the change
    not explained by the industry's national growth: positive when the industry grew faster
    locally than nationally.
  The three add up to the change (to floating-point rounding). Over places that partition the
  nation, the local effects of an industry add up to zero.
- Distinctive strength: an industry whose LQ in the end year is at least ``lq_threshold``
  (1.25 by default) and that grew faster locally than in the nation over the period, which is
  a positive local effect (``e₁ > e₀ × (1 + gᵢ)``; from a local base of zero, any growth).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from .errors import IncompleteDataError, ZeroDenominatorError
from .values import Value, as_number, lacking, present

TOTAL_CODES: frozenset[str] = frozenset({"total", "all industries", "total : all industries"})
"""Industry codes, compared ignoring case and surrounding spaces, that name all industries."""

DEFAULT_LQ_THRESHOLD = 1.25


def is_total(code: str, totals: Collection[str] = TOTAL_CODES) -> bool:
    """Whether ``code`` names the total of all industries rather than an industry."""
    return code.strip().casefold() in {total.strip().casefold() for total in totals}


def industries_of(*series: Mapping[str, Value], totals: Collection[str] = TOTAL_CODES) -> list[str]:
    """The industry codes of ``series``, sorted, without the totals."""
    codes = {code for values in series for code in values}
    return sorted(code for code in codes if not is_total(code, totals))


def industry_total(
    values: Mapping[str, Value],
    industries: Iterable[str],
    totals: Collection[str] = TOTAL_CODES,
    what: str = "The total of all industries",
) -> float:
    """The total of all industries: the value of the total code in ``values`` when it has
    one, else the sum of ``industries``, refused if any lacks a value."""
    given = {
        number
        for code, value in values.items()
        if is_total(code, totals) and (number := as_number(value)) is not None
    }
    if len(given) > 1:
        raise ValueError(f"{what} is given twice, with different values: {sorted(given)}.")
    if given:
        total = given.pop()
    else:
        codes = list(industries)
        missing = lacking(codes, values)
        if missing:
            raise IncompleteDataError(f"{what}, as the sum of the industries,", missing)
        total = math.fsum(present(values, codes).values())
    return total


def _denominator(total: float, what: str) -> float:
    """The total, refused when it is zero since nothing can be taken as a part of it."""
    if total == 0:
        raise ZeroDenominatorError(f"{what} is zero, so nothing can be measured against it.")
    return total


@dataclass(frozen=True)
class LocationQuotient:
    """An industry's share of the place's and the nation's totals and their quotient;
    ``lq`` is ``None`` when it has no value, and ``note`` then says why."""

    industry: str
    local: float | None
    national: float | None
    local_share: float | None
    national_share: float | None
    lq: float | None
    note: str = ""


def location_quotients(
    local: Mapping[str, Value],
    national: Mapping[str, Value],
    *,
    totals: Collection[str] = TOTAL_CODES,
) -> dict[str, LocationQuotient]:
    """The location quotient of every industry in ``local`` or ``national``, by industry
    code in order. An industry without a value in either has no LQ; so has one without
    activity in the nation."""
    industries = industries_of(local, national, totals=totals)
    here_what, there_what = "The place's total", "The nation's total"
    local_total = _denominator(industry_total(local, industries, totals, here_what), here_what)
    national_total = _denominator(
        industry_total(national, industries, totals, there_what), there_what
    )
    quotients: dict[str, LocationQuotient] = {}
    for industry in industries:
        here, there = as_number(local.get(industry)), as_number(national.get(industry))
        local_share = None if here is None else here / local_total
        national_share = None if there is None else there / national_total
        lq, note = None, ""
        if here is None:
            note = "No value for the place."
        elif there is None:
            note = "No value for the nation."
        elif there == 0:
            note = "No activity in the nation, so there is no share to compare with."
        else:
            lq = (here * national_total) / (local_total * there)
        quotients[industry] = LocationQuotient(
            industry=industry,
            local=here,
            national=there,
            local_share=local_share,
            national_share=national_share,
            lq=lq,
            note=note,
        )
    return quotients


@dataclass(frozen=True)
class ShiftShare:
    """The change of an industry's local value split into its national growth, industry-mix
    and local effects, which add up to ``change``. ``growth_percent`` is the local growth
    (``None`` from a base of zero); ``national_growth_percent`` is the industry's growth in the
    nation (for all industries together, the nation's overall growth)."""

    industry: str
    base: float
    end: float
    change: float
    national: float
    industry_mix: float
    local: float
    growth_percent: float | None
    national_growth_percent: float


@dataclass(frozen=True)
class ShiftShareAnalysis:
    """The shift-share of each industry that has every value it needs, and of those
    industries together (``total``). ``left_out`` names each industry that could not be
    decomposed and why; ``total`` covers only the others."""

    industries: dict[str, ShiftShare]
    total: ShiftShare
    national_growth_percent: float
    left_out: dict[str, str]

    @property
    def complete(self) -> bool:
        """Whether every industry was decomposed, so that ``total`` covers them all."""
        return not self.left_out


def _growth(base: float, end: float) -> float | None:
    return None if base == 0 else (end - base) / base


def _why_left_out(values: dict[str, float | None], national_base: float | None) -> str:
    labels = {
        "local_base": "the place in the base year",
        "local_end": "the place in the end year",
        "national_base": "the nation in the base year",
        "national_end": "the nation in the end year",
    }
    missing = [label for key, label in labels.items() if values[key] is None]
    if missing:
        return "No value for " + " or ".join(missing) + "."
    if national_base == 0:
        return "No activity in the nation in the base year, so its national growth has no value."
    return ""


def shift_share(
    local_base: Mapping[str, Value],
    local_end: Mapping[str, Value],
    national_base: Mapping[str, Value],
    national_end: Mapping[str, Value],
    *,
    totals: Collection[str] = TOTAL_CODES,
) -> ShiftShareAnalysis:
    """The shift-share decomposition of the place's change by industry from the base year to
    the end year (see the module's description)."""
    industries = industries_of(local_base, local_end, national_base, national_end, totals=totals)
    what = "The nation's total in the base year"
    nation_base = _denominator(industry_total(national_base, industries, totals, what), what)
    nation_end = industry_total(national_end, industries, totals, "The nation's end-year total")
    overall = (nation_end - nation_base) / nation_base
    decomposed: dict[str, ShiftShare] = {}
    left_out: dict[str, str] = {}
    for industry in industries:
        values = {
            "local_base": as_number(local_base.get(industry)),
            "local_end": as_number(local_end.get(industry)),
            "national_base": as_number(national_base.get(industry)),
            "national_end": as_number(national_end.get(industry)),
        }
        e0, e1 = values["local_base"], values["local_end"]
        n0, n1 = values["national_base"], values["national_end"]
        if e0 is None or e1 is None or n0 is None or n1 is None or n0 == 0:
            left_out[industry] = _why_left_out(values, n0)
            continue
        industry_growth = (n1 - n0) / n0
        local_growth = _growth(e0, e1)
        decomposed[industry] = ShiftShare(
            industry=industry,
            base=e0,
            end=e1,
            change=e1 - e0,
            national=e0 * overall,
            industry_mix=e0 * (industry_growth - overall),
            local=e1 - e0 * n1 / n0,
            growth_percent=None if local_growth is None else 100 * local_growth,
            national_growth_percent=100 * industry_growth,
        )
    parts = decomposed.values()
    base = math.fsum(part.base for part in parts)
    end = math.fsum(part.end for part in parts)
    total_growth = _growth(base, end)
    total = ShiftShare(
        industry="",
        base=base,
        end=end,
        change=math.fsum(part.change for part in parts),
        national=math.fsum(part.national for part in parts),
        industry_mix=math.fsum(part.industry_mix for part in parts),
        local=math.fsum(part.local for part in parts),
        growth_percent=None if total_growth is None else 100 * total_growth,
        national_growth_percent=100 * overall,
    )
    return ShiftShareAnalysis(
        industries=decomposed,
        total=total,
        national_growth_percent=100 * overall,
        left_out=left_out,
    )


@dataclass(frozen=True)
class SectorStrength:
    """An industry's location quotient in the end year, its local and national growth over
    the period, its local (competitive) effect, and whether it is a distinctive strength.
    ``note`` says what is missing when it could not be assessed."""

    industry: str
    lq: float | None
    growth_percent: float | None
    national_growth_percent: float | None
    local_effect: float | None
    distinctive: bool
    note: str = ""


def sector_strengths(
    local_base: Mapping[str, Value],
    local_end: Mapping[str, Value],
    national_base: Mapping[str, Value],
    national_end: Mapping[str, Value],
    *,
    lq_threshold: float = DEFAULT_LQ_THRESHOLD,
    totals: Collection[str] = TOTAL_CODES,
) -> list[SectorStrength]:
    """Every industry assessed by the rule for a distinctive strength: an LQ in the end year
    of at least ``lq_threshold`` and faster growth locally than in the nation over the
    period. Ordered by LQ, highest first (those without one last), then by code."""
    if not (math.isfinite(lq_threshold) and lq_threshold > 0):
        raise ValueError("The location quotient threshold must be a number above 0.")
    quotients = location_quotients(local_end, national_end, totals=totals)
    analysis = shift_share(local_base, local_end, national_base, national_end, totals=totals)
    industries = industries_of(local_base, local_end, national_base, national_end, totals=totals)
    assessed: list[SectorStrength] = []
    for industry in industries:
        quotient = quotients.get(industry)
        lq = None if quotient is None else quotient.lq
        part = analysis.industries.get(industry)
        notes = [quotient.note if quotient else "", analysis.left_out.get(industry, "")]
        faster = part is not None and part.local > 0
        assessed.append(
            SectorStrength(
                industry=industry,
                lq=lq,
                growth_percent=None if part is None else part.growth_percent,
                national_growth_percent=None if part is None else part.national_growth_percent,
                local_effect=None if part is None else part.local,
                distinctive=lq is not None and lq >= lq_threshold and faster,
                note=" ".join(note for note in notes if note),
            )
        )
    return sorted(assessed, key=lambda row: (row.lq is None, -(row.lq or 0.0), row.industry))


def distinctive_strengths(
    local_base: Mapping[str, Value],
    local_end: Mapping[str, Value],
    national_base: Mapping[str, Value],
    national_end: Mapping[str, Value],
    *,
    lq_threshold: float = DEFAULT_LQ_THRESHOLD,
    totals: Collection[str] = TOTAL_CODES,
) -> list[SectorStrength]:
    """Only the industries that are distinctive strengths, as ``sector_strengths`` orders
    them."""
    rows = sector_strengths(
        local_base,
        local_end,
        national_base,
        national_end,
        lq_threshold=lq_threshold,
        totals=totals,
    )
    return [row for row in rows if row.distinctive]
