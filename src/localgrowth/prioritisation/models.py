"""Funding calls and the candidate projects bidding into them.

A call sets the money (in total and by financial year), the eligibility rules and the criteria
candidates are scored on. A candidate carries what its business case says: grant asked, match
funding, costs and monetised benefits by year, forecast outputs, deliverability and risk, the
themes it serves, and the board's flags (must fund, excluded, alternatives, dependencies).
Money is Decimal with two places; every model keeps its history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from localgrowth.framework.models import Theme
from localgrowth.places.models import Area
from localgrowth.projects.assumptions import AdditionalityAssumptions
from localgrowth.projects.models import FINANCIAL_YEAR_HELP, Fund, Project, money

ILLUSTRATIVE_HELP = "Tick when any figure here is invented for illustration, not from a source."


class Objective(models.TextChoices):
    SCORE = "score", "Total weighted score"
    NET_BENEFIT = "net_benefit", "Total net present social value"


class Direction(models.TextChoices):
    BENEFIT = "benefit", "Higher is better"
    COST = "cost", "Lower is better"


def share(verbose_name: str, **options: object) -> models.DecimalField:
    """A share from 0 to 1, such as 0.25 for 25%."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        **options,  # type: ignore[arg-type]
    )


class Call(models.Model):
    """An open call for projects to bid for funding."""

    slug = models.SlugField("slug", max_length=60, unique=True)
    name = models.CharField("name", max_length=200)
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="calls", null=True, blank=True
    )
    opens = models.DateField("opens", null=True, blank=True)
    closes = models.DateField("closes", null=True, blank=True)
    budget_total = money("total budget (£)", null=True, blank=True)
    spend_deadline = models.DateField(
        "spend by", null=True, blank=True, help_text="Grant must be spent by this date."
    )
    min_grant = money("smallest grant (£)", null=True, blank=True)
    max_grant = money("largest grant (£)", null=True, blank=True)
    min_match_share = share(
        "least match funding share",
        null=True,
        blank=True,
        help_text="Match funding as a share of grant plus match, such as 0.1 for 10%.",
    )
    objective = models.CharField(
        "choose the portfolio by", max_length=20, choices=Objective.choices, default="score"
    )
    description = models.TextField("description", blank=True)
    source_url = models.URLField("source", max_length=500, blank=True)
    published = models.BooleanField(
        "published",
        default=False,
        help_text="Show the call (its money, rules and criteria) in the open data API.",
    )
    illustrative = models.BooleanField("illustrative", default=False, help_text=ILLUSTRATIVE_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class CallBudget(models.Model):
    """The money a call has to spend in one financial year."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="budgets")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    amount = money("budget (£)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "financial_year"], name="call_budget_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: £{self.amount:,}"


class CallAreaShare(models.Model):
    """The least share of the funded grant that must go to projects in one area, such as a
    federated area or a community the call has promised to."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="area_shares")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    min_share = share("least share of the funded grant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "area__name"]
        constraints = [models.UniqueConstraint(fields=["call", "area"], name="call_area_unique")]

    def __str__(self) -> str:
        return f"{self.area}: at least {self.min_share:.0%}"


class CallFoundationCover(models.Model):
    """The least number of funded projects that must serve one foundation of productivity."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="foundation_covers")
    foundation = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "foundation"}
    )
    min_count = models.PositiveSmallIntegerField("least number of funded projects")
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "foundation__code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "foundation"], name="call_foundation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.foundation}: at least {self.min_count}"


class CallAdditionality(AdditionalityAssumptions):
    """The assumptions a call's appraisal uses to turn candidates' gross jobs or homes into
    net additional ones."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="additionality")
    output = models.CharField(
        "output", max_length=10, choices=[("jobs", "Jobs"), ("homes", "Homes")]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "additionality assumption"
        ordering = ["call", "output"]
        constraints = [
            models.UniqueConstraint(fields=["call", "output"], name="call_additionality_unique")
        ]

    def __str__(self) -> str:
        return f"Additionality of {self.output} in {self.call}"


class CallCriterion(models.Model):
    """A criterion candidates are scored on, with its weight.

    The codes ``bcr``, ``deliverability``, ``risk``, ``leverage`` and ``strategic_fit`` are
    worked out from the candidate; any other code is scored by assessors (the Scores sheet)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField("code", max_length=40)
    name = models.CharField("name", max_length=200)
    weight = models.DecimalField(
        "weight", max_digits=8, decimal_places=4, validators=[MinValueValidator(0)]
    )
    direction = models.CharField(
        "direction", max_length=10, choices=Direction.choices, default="benefit"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "code"]
        verbose_name_plural = "call criteria"
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="call_criterion_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A project bidding into a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="candidates")
    reference = models.CharField("reference", max_length=40)
    title = models.CharField("title", max_length=300)
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, related_name="candidacies", null=True, blank=True
    )
    promoter = models.CharField("promoter", max_length=200, blank=True)
    federated_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="candidates",
        null=True,
        blank=True,
        limit_choices_to={"area_type": "federated_area"},
    )
    grant = money("grant requested (£)")
    match_funding = money("match funding (£)", default=0)
    optimism_bias = models.DecimalField(
        "optimism bias uplift",
        max_digits=6,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="The uplift to costs, such as 0.44 for 44%.",
    )
    gross_jobs = models.DecimalField(
        "forecast gross jobs", max_digits=12, decimal_places=2, default=0
    )
    gross_homes = models.DecimalField(
        "forecast gross homes", max_digits=12, decimal_places=2, default=0
    )
    deliverability = models.PositiveSmallIntegerField(
        "deliverability (1–5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    risk = models.PositiveSmallIntegerField(
        "risk (1–5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    themes = models.ManyToManyField(Theme, related_name="candidates", blank=True)
    places = models.ManyToManyField(
        Area,
        related_name="candidates_serving",
        blank=True,
        verbose_name="places served",
        help_text="The districts the project serves; their deprivation scores inclusive growth.",
    )
    min_share = share(
        "least share it can be funded at",
        null=True,
        blank=True,
        help_text="Empty when it must be funded in full or not at all.",
    )
    exclusive_group = models.CharField(
        "alternatives group",
        max_length=60,
        blank=True,
        help_text="Candidates with the same group are alternatives: at most one is funded.",
    )
    depends_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, related_name="needed_by", null=True, blank=True
    )
    must_fund = models.BooleanField("must fund", default=False)
    excluded = models.BooleanField("excluded", default=False)
    illustrative = models.BooleanField("illustrative", default=False, help_text=ILLUSTRATIVE_HELP)
    history = HistoricalRecords(m2m_fields=[themes, places])

    class Meta:
        ordering = ["call", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["call", "reference"], name="candidate_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class CandidateCost(models.Model):
    """A candidate's total cost (all funders) in one financial year, in real prices."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="costs")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    amount = money("cost (£)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "financial_year"], name="candidate_cost_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: £{self.amount:,}"


class CandidateBenefit(models.Model):
    """A candidate's monetised benefits in one financial year, in real prices."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="benefits")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    amount = money("benefits (£)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "financial_year"], name="candidate_benefit_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: £{self.amount:,}"


class CandidateScore(models.Model):
    """An assessor's score of a candidate on one of the call's criteria."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CallCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField("score", max_digits=12, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion"], name="candidate_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Scenario(models.Model):
    """One choice of portfolio for a call, saved with everything it was worked out from and
    everything it found, so that it can be compared, explained and published as it was."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField("name", max_length=200)
    notes = models.TextField("notes", blank=True)
    objective = models.CharField(
        "choose the portfolio by", max_length=20, choices=Objective.choices, default="score"
    )
    also_must_fund = models.ManyToManyField(
        Candidate, related_name="+", blank=True, verbose_name="also must fund"
    )
    also_excluded = models.ManyToManyField(
        Candidate, related_name="+", blank=True, verbose_name="also excluded"
    )
    time_limit = models.FloatField("time limit (seconds)", default=10)
    seed = models.PositiveIntegerField("seed", default=0)
    status = models.CharField("solver status", max_length=20)
    message = models.TextField("solver message", blank=True)
    objective_value = models.FloatField("objective", null=True, blank=True)
    gap = models.FloatField("optimality gap", null=True, blank=True)
    budget_total = money("total budget (£)", null=True, blank=True)
    budget_by_year = models.JSONField("budget by year (£)", default=dict)
    cost_by_year = models.JSONField("funded grant by year (£)", default=dict)
    conflicts = models.JSONField("conflicting constraints", default=list)
    constraint_costs = models.JSONField("what each constraint costs", default=list)
    greedy = models.JSONField("greedy comparison", default=dict)
    agreement = models.JSONField("agreement between rankings", default=dict)
    net_outputs = models.BooleanField("net outputs worked out", default=False)
    illustrative = models.BooleanField("illustrative", default=False, help_text=ILLUSTRATIVE_HELP)
    published = models.BooleanField(
        "published",
        default=False,
        help_text="Publish the scenario (the board's decision) in the open data API.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="saved by",
    )
    created_at = models.DateTimeField("saved at", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[also_must_fund, also_excluded])

    class Meta:
        ordering = ["call", "-created_at", "-pk"]
        permissions = [("publish_scenario", "Can publish a scenario")]

    def __str__(self) -> str:
        return self.name

    @property
    def feasible(self) -> bool:
        return self.objective_value is not None


class ScenarioLine(models.Model):
    """One candidate in a saved scenario: its figures then, whether it was funded and why."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="lines")
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    reference = models.CharField("reference", max_length=40)
    title = models.CharField("title", max_length=300)
    area = models.CharField("federated area", max_length=200, blank=True)
    eligible = models.BooleanField("eligible")
    share = models.FloatField("share funded", default=0)
    grant = models.FloatField("grant requested (£)")
    grant_funded = models.FloatField("grant funded (£)", default=0)
    grant_by_year = models.JSONField("grant requested by year (£)", default=dict)
    value = models.FloatField("value to the objective", null=True, blank=True)
    weighted_sum = models.FloatField("weighted sum", null=True, blank=True)
    weighted_sum_rank = models.PositiveIntegerField("weighted sum rank", null=True, blank=True)
    topsis = models.FloatField("TOPSIS closeness", null=True, blank=True)
    topsis_rank = models.PositiveIntegerField("TOPSIS rank", null=True, blank=True)
    rank_held = models.FloatField("rank held under weight changes", null=True, blank=True)
    pv_costs = models.FloatField("present value of costs (£)", null=True, blank=True)
    pv_benefits = models.FloatField("present value of benefits (£)", null=True, blank=True)
    bcr = models.FloatField("benefit-cost ratio", null=True, blank=True)
    value_for_money = models.CharField("value for money", max_length=20, blank=True)
    gross_jobs = models.FloatField("gross jobs", default=0)
    gross_homes = models.FloatField("gross homes", default=0)
    cost_per_job_gross = models.FloatField("grant per gross job (£)", null=True, blank=True)
    cost_per_home_gross = models.FloatField("grant per gross home (£)", null=True, blank=True)
    cost_per_job_net = models.FloatField("grant per net job (£)", null=True, blank=True)
    cost_per_home_net = models.FloatField("grant per net home (£)", null=True, blank=True)
    reason = models.TextField("why in or out")
    illustrative = models.BooleanField("illustrative", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "reference"], name="scenario_line_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} in {self.scenario}"

    @property
    def funded(self) -> bool:
        return self.share > 0
