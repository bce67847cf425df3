"""The additionality assumptions of one output type, as a programme or a funding call sets them.

``localgrowth.domain.additionality`` explains each factor and does the arithmetic; this is the
stored form, shared by every model that holds a set of assumptions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from localgrowth.domain.additionality import Additionality

SHARE = [MinValueValidator(0), MaxValueValidator(0.99)]


class AdditionalityAssumptions(models.Model):
    """net = gross × (1 − leakage) × (1 − displacement) × (1 − substitution) × (1 − deadweight)
    × multiplier."""

    deadweight = models.FloatField("deadweight (share)", validators=SHARE)
    displacement = models.FloatField("displacement (share)", validators=SHARE)
    leakage = models.FloatField("leakage (share)", validators=SHARE)
    substitution = models.FloatField("substitution (share)", default=0, validators=SHARE)
    multiplier = models.FloatField(
        "multiplier", default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    basis = models.TextField(
        "basis", help_text="Where the assumptions come from, e.g. the appraisal or guide used."
    )

    class Meta:
        abstract = True

    def as_domain(self) -> Additionality:
        return Additionality(
            deadweight=self.deadweight,
            displacement=self.displacement,
            leakage=self.leakage,
            substitution=self.substitution,
            multiplier=self.multiplier,
        )
