"""Ranking candidate projects against several criteria at once (multi-criteria decision
analysis), for prioritising future local growth funding, and how far the ranking depends on
the weights chosen.

A programme scores each candidate on criteria such as net additional jobs, benefit-cost ratio,
cost per job or deliverability (a ``Matrix``: one row per candidate, one column per
criterion). Each ``Criterion`` has a weight, its importance relative to the others, and a
direction: for a "benefit" criterion more is better, for a "cost" criterion less is better.
Weights must be 0 or more and not all 0; they are scaled to sum to 1, so only their
proportions matter.

Two methods turn the matrix into one score for each candidate:

- ``weighted_sum``, the linear additive model of the government's *Multi-criteria analysis: a
  manual* (Department for Communities and Local Government, 2009). Each criterion is put on a
  0 to 1 scale between the candidates' worst and best values (min–max normalisation: for a
  benefit ``(x − min) / (max − min)``, for a cost ``(max − x) / (max − min)``), and a
  candidate's score is the weighted sum of its scaled values, from 0 to 1.
- ``topsis``, the Technique for Order of Preference by Similarity to Ideal Solution of Hwang
  and Yoon (*Multiple Attribute Decision Making: Methods and Applications*, Springer, 1981).
  Each criterion is divided by the square root of the sum of its squared values (vector
  normalisation) and multiplied by its weight. The ideal candidate takes the best weighted
  value of each criterion (the highest for a benefit, the lowest for a cost) and the
  anti-ideal the worst. A candidate's score is its relative closeness to the ideal,
  ``d⁻ / (d⁺ + d⁻)``, where ``d⁺`` and ``d⁻`` are its Euclidean distances from the ideal and
  the anti-ideal: 1 at the ideal, 0 at the anti-ideal.

A criterion on which every candidate has the same value cannot tell them apart. In the
weighted sum every candidate is at the best value of it and scores 1 on it; in TOPSIS it adds
nothing to either distance (a column of zeros is left at zero rather than divided by its zero
length). A candidate at the ideal on every criterion scores 1 in TOPSIS, even when every
candidate is.

Ranks run from 1, the highest score. Scores equal to nine decimal places are tied, and tied
candidates are ranked in order of their ids, so the same inputs always give the same ranking.

``rank_stability`` tests how far the ranking rests on the exact weights: it redraws the
weights many times, each multiplied by its own random factor drawn uniformly from ``1 −
spread`` to ``1 + spread`` (then scaled to sum to 1 again; a weight of 0 stays 0), and reports
for each candidate how often its rank was unchanged, how often it stayed in the top ``k`` and
the best and worst ranks it took. The draws come from ``numpy.random.default_rng(seed)``, so a
seed always gives the same answer. ``rank_agreement`` measures how far two rankings of the same
candidates agree, by Spearman's rank correlation and Kendall's tau (``scipy.stats``): 1 for the
same order, −1 for the reverse.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

Direction = Literal["benefit", "cost"]
MethodName = Literal["weighted sum", "TOPSIS"]
_DIRECTIONS = ("benefit", "cost")
_TIE_DECIMALS = 9


@dataclass(frozen=True)
class Criterion:
    """A criterion candidates are scored on: its ``code`` (the matrix column it weights), its
    name, its weight (0 or more) and whether more is better (``"benefit"``) or less
    (``"cost"``)."""

    code: str
    name: str
    weight: float
    direction: Direction = "benefit"

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError(f"A criterion needs a code; the criterion {self.name!r} has none.")
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError(
                f"The weight of criterion {self.code} must be 0 or more; it is {self.weight}."
            )
        if self.direction not in _DIRECTIONS:
            raise ValueError(
                f'The direction of criterion {self.code} must be "benefit" (more is better) or '
                f'"cost" (less is better); it is {self.direction!r}.'
            )


@dataclass(frozen=True, eq=False)
class Matrix:
    """The value of each criterion for each candidate: ``values[i, j]`` is candidate
    ``candidates[i]`` on the criterion coded ``criteria[j]``. The values are copied and cannot
    be changed afterwards."""

    candidates: tuple[str, ...]
    criteria: tuple[str, ...]
    values: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        candidates = tuple(self.candidates)
        criteria = tuple(self.criteria)
        values = np.array(self.values, dtype=np.float64)
        if not candidates:
            raise ValueError("A matrix needs at least one candidate.")
        if not criteria:
            raise ValueError("A matrix needs at least one criterion.")
        for kind, ids in (("candidate", candidates), ("criterion", criteria)):
            repeated = sorted({one for one in ids if ids.count(one) > 1})
            if repeated:
                raise ValueError(f"Each {kind} must appear once; repeated: {', '.join(repeated)}.")
        if values.shape != (len(candidates), len(criteria)):
            shape = " × ".join(map(str, values.shape)) or "a single number"
            raise ValueError(
                f"The values must have one row per candidate and one column per criterion, "
                f"{len(candidates)} × {len(criteria)}; they are {shape}."
            )
        bad = np.argwhere(~np.isfinite(values))
        if bad.size:
            row, column = bad[0]
            raise ValueError(
                f"Candidate {candidates[row]} has no usable value for criterion "
                f"{criteria[column]}: it is {values[row, column]}."
            )
        values.setflags(write=False)
        object.__setattr__(self, "candidates", candidates)
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "values", values)

    @classmethod
    def from_rows(cls, rows: Mapping[str, Mapping[str, float]]) -> Matrix:
        """A matrix from each candidate's values by criterion code. Every candidate must have a
        value for the same criteria; columns follow the first candidate's order."""
        if not rows:
            raise ValueError("A matrix needs at least one candidate.")
        criteria = tuple(next(iter(rows.values())))
        for candidate, row in rows.items():
            if set(row) != set(criteria):
                missing = sorted(set(criteria) - set(row))
                extra = sorted(set(row) - set(criteria))
                raise ValueError(
                    f"Candidate {candidate} must have a value for the same criteria as the "
                    f"others"
                    + (f"; it has none for {', '.join(missing)}" if missing else "")
                    + (f"; it has one for {', '.join(extra)}, which they lack" if extra else "")
                    + "."
                )
        values = np.array([[row[code] for code in criteria] for row in rows.values()], float)
        return cls(tuple(rows), criteria, values)


@dataclass(frozen=True)
class Scores:
    """Each candidate's score by one method, and its rank (1 for the highest score)."""

    method: MethodName
    candidates: tuple[str, ...]
    scores: tuple[float, ...]
    ranks: tuple[int, ...]

    def score(self, candidate: str) -> float:
        return self.scores[self._index(candidate)]

    def rank(self, candidate: str) -> int:
        return self.ranks[self._index(candidate)]

    def ranking(self) -> tuple[str, ...]:
        """The candidates from first to last."""
        return tuple(sorted(self.candidates, key=self.rank))

    def _index(self, candidate: str) -> int:
        try:
            return self.candidates.index(candidate)
        except ValueError:
            raise ValueError(f"{candidate} is not one of the candidates scored.") from None


Method = Callable[[Matrix, Sequence[Criterion]], Scores]


def _weights(
    matrix: Matrix, criteria: Sequence[Criterion]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The weights, scaled to sum to 1, and whether each is a benefit, in the matrix's column
    order."""
    by_code: dict[str, Criterion] = {}
    for criterion in criteria:
        if criterion.code in by_code:
            raise ValueError(f"Criterion {criterion.code} is given more than once.")
        by_code[criterion.code] = criterion
    missing = [code for code in matrix.criteria if code not in by_code]
    extra = [code for code in by_code if code not in matrix.criteria]
    if missing or extra:
        raise ValueError(
            "The criteria must be the matrix's columns"
            + (f"; there is no criterion for {', '.join(missing)}" if missing else "")
            + (f"; the matrix has no column for {', '.join(extra)}" if extra else "")
            + "."
        )
    ordered = [by_code[code] for code in matrix.criteria]
    weights = np.array([criterion.weight for criterion in ordered], dtype=np.float64)
    total = float(weights.sum())
    if total <= 0:
        raise ValueError("At least one criterion must have a weight above 0; every weight is 0.")
    benefit = np.array([criterion.direction == "benefit" for criterion in ordered])
    return weights / total, benefit


def _ranked(method: MethodName, matrix: Matrix, values: npt.NDArray[np.float64]) -> Scores:
    scores = tuple(float(value) for value in values)
    order = sorted(
        range(len(scores)),
        key=lambda i: (-round(scores[i], _TIE_DECIMALS), matrix.candidates[i]),
    )
    ranks = [0] * len(scores)
    for position, index in enumerate(order, start=1):
        ranks[index] = position
    return Scores(method, matrix.candidates, scores, tuple(ranks))


def weighted_sum(matrix: Matrix, criteria: Sequence[Criterion]) -> Scores:
    """Each candidate's weighted sum of its min–max scaled values, from 0 to 1."""
    weights, benefit = _weights(matrix, criteria)
    values = matrix.values
    low = values.min(axis=0)
    high = values.max(axis=0)
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    scaled = np.where(benefit, (values - low) / safe, (high - values) / safe)
    scaled[:, span == 0] = 1.0
    return _ranked("weighted sum", matrix, scaled @ weights)


def topsis(matrix: Matrix, criteria: Sequence[Criterion]) -> Scores:
    """Each candidate's TOPSIS relative closeness to the ideal, from 0 to 1."""
    weights, benefit = _weights(matrix, criteria)
    largest = np.abs(matrix.values).max(axis=0)
    values = matrix.values / np.where(largest > 0, largest, 1.0)
    lengths = np.sqrt((values**2).sum(axis=0))
    weighted = values / np.where(lengths > 0, lengths, 1.0) * weights
    ideal = np.where(benefit, weighted.max(axis=0), weighted.min(axis=0))
    anti_ideal = np.where(benefit, weighted.min(axis=0), weighted.max(axis=0))
    to_ideal = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    to_anti_ideal = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    total = to_ideal + to_anti_ideal
    closeness = np.where(to_ideal > 0, to_anti_ideal / np.where(total > 0, total, 1.0), 1.0)
    return _ranked("TOPSIS", matrix, closeness)


@dataclass(frozen=True)
class Stability:
    """How one candidate's rank held up when the weights were redrawn."""

    candidate: str
    rank: int
    """Its rank with the weights as given."""
    unchanged: float
    """The share of draws (0 to 1) in which its rank was ``rank``."""
    in_top: float
    """The share of draws in which it ranked in the top ``top_k``."""
    top_k: int
    best_rank: int
    worst_rank: int


def rank_stability(
    matrix: Matrix,
    criteria: Sequence[Criterion],
    method: Method,
    *,
    top_k: int,
    draws: int = 1000,
    spread: float = 0.2,
    seed: int = 0,
) -> list[Stability]:
    """How stable each candidate's rank by ``method`` (``weighted_sum`` or ``topsis``) is to
    the weights: ``draws`` redraws, each weight multiplied by a factor drawn uniformly from
    ``1 − spread`` to ``1 + spread``. Candidates come in order of their rank as given."""
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise ValueError(f"draws must be a whole number, 1 or more; it is {draws!r}.")
    if not (math.isfinite(spread) and 0 <= spread < 1):
        raise ValueError(
            f"spread must be a share from 0 up to but not including 1, such as 0.2 for ±20%; "
            f"it is {spread}."
        )
    count = len(matrix.candidates)
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= count:
        raise ValueError(
            f"top_k must be a whole number from 1 to the number of candidates, {count}; "
            f"it is {top_k!r}."
        )
    weights, _ = _weights(matrix, criteria)
    by_code = {criterion.code: criterion for criterion in criteria}
    ordered = [by_code[code] for code in matrix.criteria]
    base = method(matrix, ordered)
    factors = np.random.default_rng(seed).uniform(
        1 - spread, 1 + spread, size=(draws, len(ordered))
    )
    ranks = np.empty((draws, count), dtype=np.int64)
    for draw in range(draws):
        redrawn = [
            replace(criterion, weight=float(weight * factor))
            for criterion, weight, factor in zip(ordered, weights, factors[draw], strict=True)
        ]
        ranks[draw] = method(matrix, redrawn).ranks
    base_ranks = np.array(base.ranks)
    unchanged = (ranks == base_ranks).mean(axis=0)
    in_top = (ranks <= top_k).mean(axis=0)
    best = ranks.min(axis=0)
    worst = ranks.max(axis=0)
    results = [
        Stability(
            candidate=candidate,
            rank=base.ranks[i],
            unchanged=float(unchanged[i]),
            in_top=float(in_top[i]),
            top_k=top_k,
            best_rank=int(best[i]),
            worst_rank=int(worst[i]),
        )
        for i, candidate in enumerate(matrix.candidates)
    ]
    return sorted(results, key=lambda stability: stability.rank)


@dataclass(frozen=True)
class Agreement:
    """How far two rankings of the same candidates agree: from 1 (the same order) through 0 to
    −1 (the reverse)."""

    spearman_rho: float
    kendall_tau: float
    candidates: int


def rank_agreement(a: Scores, b: Scores) -> Agreement:
    """Spearman's rho and Kendall's tau between the ranks of the same candidates in ``a`` and
    ``b`` (ties having been broken by candidate id, the ranks are all different)."""
    only = sorted(set(a.candidates) ^ set(b.candidates))
    if only:
        raise ValueError(
            f"The two rankings must be of the same candidates; only one has {', '.join(only)}."
        )
    if len(a.candidates) < 2:
        raise ValueError("Comparing two rankings needs at least two candidates.")
    ranks_a = [a.rank(candidate) for candidate in a.candidates]
    ranks_b = [b.rank(candidate) for candidate in a.candidates]
    return Agreement(
        spearman_rho=float(stats.spearmanr(ranks_a, ranks_b).statistic),
        kendall_tau=float(stats.kendalltau(ranks_a, ranks_b).statistic),
        candidates=len(a.candidates),
    )
