"""Statistical nearest neighbours: the districts most like an area on a set of indicators.

The method:

1. Standardise. Each indicator is turned into z-scores across all districts, ``z = (x − mean)
   ÷ standard deviation`` (the population standard deviation, over the districts in the
   field), so that indicators in different units count alike and a change of unit or origin
   changes nothing.
2. Missing values, by one of two documented rules (``MissingValues``):
   - ``DROP_INDICATORS`` (the default): an indicator without a value for any district is
     dropped for everyone, so every district is compared on the same indicators;
   - ``DROP_AREAS``: indicators with values for fewer than two districts are dropped, then
     every district lacking a value of a remaining indicator is excluded from the field (it is
     no one's neighbour, though it still gets neighbours of its own, on the indicators it has).
   Either way, an indicator that has the same value for every district in the field is
   dropped, as it cannot tell districts apart. Everything dropped or excluded is listed with
   the reason.
3. Distance. The Euclidean distance between standardised values, ``√Σ wᵢ (zᵢ − z′ᵢ)²``,
   with a weight ``wᵢ`` of 1 for each indicator unless weights are given (a weight of 0 leaves
   the indicator out). Distance has no polarity: being better or worse is alike.
4. The ``k`` nearest (10 by default), closest first. Distances are rounded to
   ``DISTANCE_DECIMALS`` (9) decimal places, far finer than any real difference between
   standardised values, so that distances equal but for floating-point rounding are equal;
   equal distances are then ordered by area code, and the result never depends on the order
   of the input.

A larger area (the partnership) is compared by its own profile (its indicator values, each
aggregated by its indicator's rule), standardised with the districts' means and standard
deviations, against the districts: ``nearest_to_profile``. An indicator the compared area
lacks is left out of its comparison and listed.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from .values import Value, as_number

DEFAULT_K = 10
DISTANCE_DECIMALS = 9


class MissingValues(StrEnum):
    DROP_INDICATORS = "drop_indicators"
    DROP_AREAS = "drop_areas"


@dataclass(frozen=True)
class Neighbour:
    code: str
    distance: float


@dataclass(frozen=True)
class Neighbours:
    """The nearest areas to ``area``, closest first, on the ``indicators`` used. ``dropped``
    names each indicator left out and why; ``excluded`` each area that could not be a
    neighbour and why."""

    area: str
    nearest: tuple[Neighbour, ...]
    indicators: tuple[str, ...]
    dropped: dict[str, str]
    excluded: dict[str, str]


@dataclass(frozen=True, eq=False)
class StandardisedField:
    """The districts' indicator values as z-scores, one row per area of ``areas`` and one
    column per indicator of ``indicators``, with the ``means`` and standard ``deviations``
    used. ``profiles`` keeps every area's values as given, ``dropped`` the indicators left
    out and ``excluded`` the areas left out of the field, each with the reason."""

    areas: tuple[str, ...]
    indicators: tuple[str, ...]
    means: dict[str, float]
    deviations: dict[str, float]
    z: NDArray[np.float64]
    profiles: dict[str, dict[str, float | None]]
    dropped: dict[str, str]
    excluded: dict[str, str]

    def z_scores(self, profile: Mapping[str, Value]) -> dict[str, float]:
        """The profile's values of the field's indicators as z-scores on the field's scale;
        indicators without a value are left out."""
        scores: dict[str, float] = {}
        for indicator in self.indicators:
            number = as_number(profile.get(indicator))
            if number is not None:
                mean, deviation = self.means[indicator], self.deviations[indicator]
                scores[indicator] = (number - mean) / deviation
        return scores


def _listed(codes: list[str]) -> str:
    return ", ".join(codes)


def standardise(
    values: Mapping[str, Mapping[str, Value]],
    *,
    missing: MissingValues = MissingValues.DROP_INDICATORS,
) -> StandardisedField:
    """The field of districts for comparison: ``values`` maps each district's code to its
    indicator values (indicator code to value). Indicators and districts are dropped by the
    ``missing`` rule and constant indicators dropped (see the module's description); refused
    when fewer than two districts or no indicators remain."""
    profiles = {
        area: {indicator: as_number(value) for indicator, value in profile.items()}
        for area, profile in sorted(values.items())
    }
    all_areas = list(profiles)
    indicators = sorted({indicator for profile in profiles.values() for indicator in profile})
    lacking = {
        indicator: [area for area in all_areas if profiles[area].get(indicator) is None]
        for indicator in indicators
    }
    dropped: dict[str, str] = {}
    excluded: dict[str, str] = {}
    if missing is MissingValues.DROP_INDICATORS:
        for indicator in indicators:
            if lacking[indicator]:
                dropped[indicator] = f"No value for {_listed(lacking[indicator])}."
    else:
        for indicator in indicators:
            if len(all_areas) - len(lacking[indicator]) < 2:
                dropped[indicator] = "Values for fewer than two areas."
        kept = [indicator for indicator in indicators if indicator not in dropped]
        for area in all_areas:
            gaps = [indicator for indicator in kept if profiles[area].get(indicator) is None]
            if gaps:
                excluded[area] = f"No value for {_listed(gaps)}."
    areas = [area for area in all_areas if area not in excluded]
    if len(areas) < 2:
        raise ValueError("Nearest neighbours need at least two areas with values to compare.")
    kept = [indicator for indicator in indicators if indicator not in dropped]
    matrix = np.array(
        [[profiles[area][indicator] for indicator in kept] for area in areas], dtype=np.float64
    ).reshape(len(areas), len(kept))
    constant = matrix.max(axis=0) == matrix.min(axis=0) if kept else np.zeros(0, dtype=bool)
    for column, indicator in enumerate(kept):
        if constant[column]:
            dropped[indicator] = "The same value for every area, so it does not tell them apart."
    matrix = matrix[:, ~constant]
    kept = [indicator for column, indicator in enumerate(kept) if not constant[column]]
    if not kept:
        reasons = "; ".join(f"{code}: {reason}" for code, reason in sorted(dropped.items()))
        raise ValueError(f"No indicator is left to compare areas on ({reasons}).")
    means = matrix.mean(axis=0)
    deviations = matrix.std(axis=0)
    z = (matrix - means) / deviations
    z.flags.writeable = False
    return StandardisedField(
        areas=tuple(areas),
        indicators=tuple(kept),
        means={indicator: float(mean) for indicator, mean in zip(kept, means, strict=True)},
        deviations={
            indicator: float(deviation)
            for indicator, deviation in zip(kept, deviations, strict=True)
        },
        z=z,
        profiles=profiles,
        dropped=dict(sorted(dropped.items())),
        excluded=excluded,
    )


def _weights(field: StandardisedField, weights: Mapping[str, float] | None) -> dict[str, float]:
    """A weight for each of the field's indicators: as given, else 1."""
    given = dict(weights or {})
    known = set(field.indicators) | set(field.dropped)
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(f"Weights are given for indicators not compared: {_listed(unknown)}.")
    for indicator, weight in given.items():
        if not (math.isfinite(weight) and weight >= 0):
            raise ValueError(f"The weight of {indicator} must be a number of 0 or more.")
    return {indicator: float(given.get(indicator, 1.0)) for indicator in field.indicators}


def nearest_to_profile(
    field: StandardisedField,
    profile: Mapping[str, Value],
    *,
    area: str = "",
    k: int = DEFAULT_K,
    weights: Mapping[str, float] | None = None,
    exclude: Collection[str] = (),
) -> Neighbours:
    """The ``k`` districts of the field nearest to an area whose indicator values are
    ``profile`` (indicator code to value), leaving out the areas in ``exclude``. ``area``
    names the area in the result and in the reasons given."""
    if k < 1:
        raise ValueError("Ask for at least one neighbour.")
    weight_of = _weights(field, weights)
    scores = field.z_scores(profile)
    name = area or "the area compared"
    dropped = dict(field.dropped)
    for indicator in field.indicators:
        if indicator not in scores:
            dropped[indicator] = f"No value for {name}."
    used = [indicator for indicator in field.indicators if indicator in scores]
    used = [indicator for indicator in used if weight_of[indicator] > 0]
    if not used:
        raise ValueError(f"No indicator with a value and a weight is left to compare {name} on.")
    columns = [field.indicators.index(indicator) for indicator in used]
    target = np.array([scores[indicator] for indicator in used], dtype=np.float64)
    weight = np.array([weight_of[indicator] for indicator in used], dtype=np.float64)
    squares = ((field.z[:, columns] - target) ** 2) * weight
    distances = np.round(np.sqrt(squares.sum(axis=1)), DISTANCE_DECIMALS)
    left_out = set(exclude) | {area}
    order = np.lexsort((np.arange(len(field.areas)), distances))
    nearest: list[Neighbour] = []
    for index in order:
        code = field.areas[index]
        if code in left_out:
            continue
        nearest.append(Neighbour(code=code, distance=float(distances[index])))
        if len(nearest) == k:
            break
    return Neighbours(
        area=area,
        nearest=tuple(nearest),
        indicators=tuple(used),
        dropped=dict(sorted(dropped.items())),
        excluded=dict(field.excluded),
    )


def nearest_neighbours(
    field: StandardisedField,
    area: str,
    *,
    k: int = DEFAULT_K,
    weights: Mapping[str, float] | None = None,
) -> Neighbours:
    """The ``k`` districts nearest to the district ``area``, itself excluded."""
    if area not in field.profiles:
        raise KeyError(f"{area} is not among the areas compared.")
    return nearest_to_profile(field, field.profiles[area], area=area, k=k, weights=weights)


def all_nearest_neighbours(
    field: StandardisedField,
    *,
    k: int = DEFAULT_K,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Neighbours]:
    """The ``k`` nearest districts to every district given to ``standardise``, by code."""
    return {area: nearest_neighbours(field, area, k=k, weights=weights) for area in field.profiles}
