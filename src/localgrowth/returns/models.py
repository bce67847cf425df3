"""Quarterly monitoring returns: one project's report for a quarter, every version kept.

A return is submitted, then approved or returned with a reason. Only approved returns will
change programme figures. Money is Decimal with two places; every model keeps its history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from localgrowth.domain.returns import MILESTONE_STATUS, RISK_STATUS, Quarter
from localgrowth.projects.models import FINANCIAL_YEAR_HELP, Basis, OutputType, Project, money


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for correction"


class QuarterNumber(models.IntegerChoices):
    Q1 = 1, "Q1 (April–June)"
    Q2 = 2, "Q2 (July–September)"
    Q3 = 3, "Q3 (October–December)"
    Q4 = 4, "Q4 (January–March)"


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", MILESTONE_STATUS["not_started"]
    ON_TRACK = "on_track", MILESTONE_STATUS["on_track"]
    AT_RISK = "at_risk", MILESTONE_STATUS["at_risk"]
    DELAYED = "delayed", MILESTONE_STATUS["delayed"]
    COMPLETE = "complete", MILESTONE_STATUS["complete"]


class RiskStatus(models.TextChoices):
    OPEN = "open", RISK_STATUS["open"]
    CLOSED = "closed", RISK_STATUS["closed"]


class Return(models.Model):
    """One version of a project's return for a quarter."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="returns")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    quarter = models.PositiveSmallIntegerField("quarter", choices=QuarterNumber.choices)
    period_end = models.DateField("quarter ends")
    version = models.PositiveSmallIntegerField("version")
    status = models.CharField(
        "status", max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    returned_reason = models.TextField("reason for returning", blank=True)
    submitted_at = models.DateTimeField("submitted at", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="submitted by",
    )
    decided_at = models.DateTimeField("decided at", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="decided by",
    )
    sign_off_name = models.CharField("signed off by", max_length=200, blank=True)
    sign_off_role = models.CharField("role of the signatory", max_length=200, blank=True)
    sign_off_date = models.DateField("signed off on", null=True, blank=True)
    narrative = models.TextField("narrative", blank=True)
    source_file = models.CharField("file", max_length=300, blank=True)
    source_sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "financial_year", "quarter", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "financial_year", "quarter", "version"],
                name="return_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.reference} {self.quarter_label} v{self.version}"

    @property
    def quarter_of_year(self) -> Quarter:
        return Quarter(int(self.financial_year[:4]), self.quarter)

    @property
    def quarter_label(self) -> str:
        return self.quarter_of_year.label


class ReturnSpend(models.Model):
    quarterly_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="spend")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    basis = models.CharField("forecast or actual", max_length=10, choices=Basis.choices)
    amount = money("amount (£)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "financial_year", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "financial_year", "basis"],
                name="return_spend_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.basis}: £{self.amount:,}"


class ReturnOutput(models.Model):
    """An output figure in a return; an empty period means the whole life of the project."""

    quarterly_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="outputs")
    output_type = models.ForeignKey(
        OutputType, on_delete=models.PROTECT, related_name="return_lines"
    )
    period = models.CharField("period", max_length=7, blank=True, help_text=FINANCIAL_YEAR_HELP)
    basis = models.CharField("forecast or actual", max_length=10, choices=Basis.choices)
    value = models.DecimalField("value", max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "output_type__code", "period", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "output_type", "period", "basis"],
                name="return_output_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.output_type} ({self.period or 'whole life'}, {self.basis}): {self.value:,}"


class ReturnMilestone(models.Model):
    quarterly_return = models.ForeignKey(
        Return, on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField("position")
    name = models.CharField("milestone", max_length=300)
    baseline_date = models.DateField("baseline date")
    forecast_date = models.DateField("forecast date", null=True, blank=True)
    actual_date = models.DateField("actual date", null=True, blank=True)
    status = models.CharField("status", max_length=12, choices=MilestoneStatus.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "position"]

    def __str__(self) -> str:
        return self.name


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ReturnRisk(models.Model):
    quarterly_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="risks")
    position = models.PositiveSmallIntegerField("position")
    description = models.TextField("risk")
    likelihood = models.PositiveSmallIntegerField("likelihood (1–5)", validators=SCORE)
    impact = models.PositiveSmallIntegerField("impact (1–5)", validators=SCORE)
    owner = models.CharField("owner", max_length=200, blank=True)
    mitigation = models.TextField("mitigation", blank=True)
    status = models.CharField("status", max_length=10, choices=RiskStatus.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(impact__gte=1, impact__lte=5),
                name="return_risk_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]
