"""Quarterly monitoring returns, change control of baselines, and the programme's monitoring rules.

A return is one project's report for a quarter, every version kept. It is submitted, then
approved or returned with a reason; only an approved return changes the project's figures.
A change to a project's baseline (its spend profile or output forecasts) is proposed with a
reason and applied only when approved. Money is Decimal with two places; every model keeps its
history.
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from localgrowth.domain.returns import MILESTONE_STATUS, RISK_STATUS, Quarter
from localgrowth.projects.assumptions import AdditionalityAssumptions
from localgrowth.projects.models import (
    FINANCIAL_YEAR_HELP,
    Basis,
    OutputType,
    Programme,
    Project,
    money,
)


def person(verbose_name: str) -> "models.ForeignKey[Any, Any]":
    """Who did something to a record; kept as empty if their account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


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
    submitted_by = person("submitted by")
    decided_at = models.DateTimeField("decided at", null=True, blank=True)
    decided_by = person("decided by")
    sign_off_name = models.CharField("signed off by", max_length=200, blank=True)
    sign_off_role = models.CharField("role of the signatory", max_length=200, blank=True)
    sign_off_date = models.DateField("signed off on", null=True, blank=True)
    narrative = models.TextField("narrative", blank=True)
    source_file = models.CharField("file", max_length=300, blank=True)
    source_sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    illustrative = models.BooleanField(
        "illustrative",
        default=False,
        help_text="Generated for a demonstration; not reported by the project.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "financial_year", "quarter", "version"]
        permissions = [
            ("submit_return", "Can upload a monitoring return"),
            ("decide_return", "Can approve a monitoring return or return it for correction"),
        ]
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


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class BaselineChange(models.Model):
    """A proposed re-baselining of one project's spend profile or output forecasts."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="baseline_changes")
    reason = models.TextField("reason for the change")
    status = models.CharField(
        "status", max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED
    )
    proposed_at = models.DateTimeField("proposed at")
    proposed_by = person("proposed by")
    decided_at = models.DateTimeField("decided at", null=True, blank=True)
    decided_by = person("decided by")
    decision_note = models.TextField("note on the decision", blank=True)
    illustrative = models.BooleanField(
        "illustrative",
        default=False,
        help_text="Generated for a demonstration; not proposed by the project.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        permissions = [
            ("decide_baselinechange", "Can approve or reject a change to a project's baseline"),
        ]

    def __str__(self) -> str:
        return f"{self.project.reference} baseline change of {self.proposed_at:%d %B %Y}"


class BaselineSpend(models.Model):
    """One financial year of the spend profile, before and after a change; empty is none."""

    change = models.ForeignKey(BaselineChange, on_delete=models.CASCADE, related_name="spend")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    before = money("before (£)", null=True, blank=True)
    after = money("after (£)", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["change", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "financial_year"], name="baseline_spend_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: {self.before} to {self.after}"


class BaselineOutput(models.Model):
    """One output forecast before and after a change; an empty period is the whole life."""

    change = models.ForeignKey(BaselineChange, on_delete=models.CASCADE, related_name="outputs")
    output_type = models.ForeignKey(
        OutputType, on_delete=models.PROTECT, related_name="baseline_changes"
    )
    period = models.CharField("period", max_length=7, blank=True, help_text=FINANCIAL_YEAR_HELP)
    before = models.DecimalField("before", max_digits=14, decimal_places=2, null=True, blank=True)
    after = models.DecimalField("after", max_digits=14, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["change", "output_type__code", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "output_type", "period"], name="baseline_output_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.output_type} ({self.period or 'whole life'}): {self.before} to {self.after}"


SHARE = [MinValueValidator(0), MaxValueValidator(0.99)]


class MonitoringRules(models.Model):
    """A programme's thresholds for rating projects red, amber or green, and when returns are
    due. The rules are described in full on the programme dashboard."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="monitoring_rules"
    )
    return_due_days = models.PositiveSmallIntegerField(
        "days after the quarter's end that its return is due", default=30
    )
    spend_amber = models.FloatField(
        "spend behind profile: amber from (share)", default=0.10, validators=SHARE
    )
    spend_red = models.FloatField(
        "spend behind profile: red from (share)", default=0.25, validators=SHARE
    )
    output_amber = models.FloatField(
        "outputs below baseline: amber from (share)", default=0.10, validators=SHARE
    )
    output_red = models.FloatField(
        "outputs below baseline: red from (share)", default=0.25, validators=SHARE
    )
    milestone_amber_days = models.PositiveSmallIntegerField(
        "milestone slip: amber from (days)", default=30
    )
    milestone_red_days = models.PositiveSmallIntegerField(
        "milestone slip: red from (days)", default=90
    )
    risk_amber_score = models.PositiveSmallIntegerField(
        "open risk score (likelihood × impact): amber from",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
    )
    risk_red_score = models.PositiveSmallIntegerField(
        "open risk score (likelihood × impact): red from",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
    )
    late_amber_days = models.PositiveSmallIntegerField(
        "return overdue: amber from (days)", default=0
    )
    late_red_days = models.PositiveSmallIntegerField("return overdue: red from (days)", default=60)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "monitoring rules"
        verbose_name_plural = "monitoring rules"

    def __str__(self) -> str:
        return f"Monitoring rules for {self.programme}"


class Additionality(AdditionalityAssumptions):
    """The assumptions that turn a programme's gross outputs of one type into net additional
    outputs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="additionality")
    output_type = models.ForeignKey(OutputType, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "additionality assumption"
        ordering = ["programme", "output_type__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "output_type"], name="additionality_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Additionality of {self.output_type} in {self.programme}"
