"""Gross outputs turned into net additional outputs: what a programme caused, beyond what would
have happened anyway.

A project reports *gross* outputs (jobs created, homes built, learners trained). Not all of
them are its doing. Standard UK appraisal practice (the Homes and Communities Agency's
*Additionality Guide*, fourth edition, 2014, and HM Treasury's *Green Book*) takes the gross
figure down by four shares and up by a multiplier:

- leakage: the share of the benefit going to people or places outside the target area;
- displacement: the share taken from other firms or places in the target area (a new shop's
  trade won from the shop down the road);
- substitution: the share where a firm swaps one activity for a like one to get the support
  (taking on a subsidised worker in place of one it would have hired);
- deadweight: the share that would have happened without the intervention;
- multiplier: the further activity in the area from the spending of the new firms and their
  workers (1 when none is claimed).

``net additional = gross × (1 − leakage) × (1 − displacement) × (1 − substitution) ×
(1 − deadweight) × multiplier``

The levels are assumptions: each programme sets its own and justifies them from evidence for
its kind of intervention and its area (evaluations of like interventions, the Guide's
discussion of each factor). This module holds no default levels but ``NO_ADJUSTMENT``, which
counts gross outputs as net.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_SHARES = ("deadweight", "displacement", "leakage", "substitution")


@dataclass(frozen=True)
class Additionality:
    """The assumptions that turn gross outputs into net additional outputs.

    Each share is a fraction, at least 0 and less than 1 (a share of 1 would leave nothing
    additional, so no intervention would be appraised on it). The multiplier is at least 1.
    """

    deadweight: float
    displacement: float
    leakage: float
    substitution: float = 0.0
    multiplier: float = 1.0

    def __post_init__(self) -> None:
        for name in _SHARES:
            value = getattr(self, name)
            if not 0 <= value < 1:
                raise ValueError(
                    f"{name.capitalize()} must be a share from 0 up to but not including 1, "
                    f"such as 0.25 for 25%; it is {value}."
                )
        if not (math.isfinite(self.multiplier) and self.multiplier >= 1):
            raise ValueError(
                f"The multiplier must be 1 or more (1 when no multiplier effect is claimed); "
                f"it is {self.multiplier}."
            )

    @property
    def factor(self) -> float:
        """The share of gross outputs counted as net additional, times the multiplier:
        ``(1 − leakage) × (1 − displacement) × (1 − substitution) × (1 − deadweight) ×
        multiplier``."""
        return (
            (1 - self.leakage)
            * (1 - self.displacement)
            * (1 - self.substitution)
            * (1 - self.deadweight)
            * self.multiplier
        )

    def net(self, gross: float) -> float:
        """The net additional outputs from ``gross`` outputs: ``gross × factor``."""
        return gross * self.factor


NO_ADJUSTMENT = Additionality(deadweight=0, displacement=0, leakage=0, substitution=0, multiplier=1)
"""Gross outputs counted as net: no leakage, displacement, substitution or deadweight, and no
multiplier."""
