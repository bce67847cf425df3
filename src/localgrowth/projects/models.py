"""Funds, programmes and projects with their funding, spend, outputs, areas and sources.

Money is stored as Decimal with two places: pence exact. Every model of programme data keeps an
audit history (who, when, what) through django-simple-history.
"""

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

from localgrowth.framework.models import Theme
from localgrowth.places.models import Area, Partnership


def money(verbose_name: str, **options: Any) -> models.DecimalField:
    """Pounds, pence exact."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **options)


FINANCIAL_YEAR_HELP = "Financial year April–March, written 2019/20."


class FundKind(models.TextChoices):
    LOCAL_GROWTH_FUND = "lgf", "Local Growth Fund"
    GETTING_BUILDING_FUND = "gbf", "Getting Building Fund"
    GROWING_PLACES_FUND = "gpf", "Growing Places Fund"
    SKILLS_CAPITAL = "skills_capital", "Skills Capital Fund"
    OTHER = "other", "Other"


class Fund(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("name", max_length=200)
    kind = models.CharField("kind", max_length=20, choices=FundKind.choices)
    round = models.CharField("round", max_length=40, blank=True)
    provider = models.CharField("provided by", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    source_url = models.URLField("source", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    slug = models.SlugField("slug", unique=True)
    name = models.CharField("name", max_length=200)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="programmes"
    )
    funds = models.ManyToManyField(Fund, related_name="programmes", blank=True)
    start_date = models.DateField("starts", null=True, blank=True)
    end_date = models.DateField("ends", null=True, blank=True)
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "name"]

    def __str__(self) -> str:
        return self.name


class Measure(models.TextChoices):
    INVESTMENT = "investment_gbp", "Investment (£)"
    SPEND = "spend_gbp", "Spend to date (£)"
    JOBS = "jobs", "Jobs"
    HOMES = "homes", "Homes"
    PROJECTS = "projects", "Projects"
    PROJECTS_APPROVED = "projects_approved", "Projects approved"
    PROJECTS_COMPLETED = "projects_completed", "Projects completed"
    PRIVATE_INVESTMENT = "private_investment_gbp", "Private investment (£)"


class HeadlineTarget(models.Model):
    """A programme target such as 78,000 jobs by 31 March 2021, as set at a given time."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField("measure", max_length=30, choices=Measure.choices)
    value = models.DecimalField("value", max_digits=16, decimal_places=2)
    deadline = models.DateField("deadline")
    set_on = models.DateField("set on", null=True, blank=True)
    is_current = models.BooleanField("current target", default=True)
    wording = models.CharField("wording in the source", max_length=300, blank=True)
    source_url = models.URLField("source", max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "measure", "-is_current", "set_on"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: {self.value} by {self.deadline:%d %B %Y}"


class ProgressSnapshot(models.Model):
    """A dated progress figure as the body reported it, with its source."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="snapshots")
    as_at = models.DateField(
        "as at",
        null=True,
        blank=True,
        help_text="The date the figure describes; empty when the source gives no date.",
    )
    as_at_label = models.CharField(
        "as at (as the source states it)", max_length=100, help_text="e.g. 7 Dec 2017; 2017/18"
    )
    measure = models.CharField("measure", max_length=30, choices=Measure.choices)
    value = models.DecimalField("value", max_digits=16, decimal_places=2)
    wording = models.CharField("wording in the source", max_length=300, blank=True)
    source_url = models.URLField("source", max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", models.F("as_at").asc(nulls_last=True), "measure"]

    def __str__(self) -> str:
        return f"{self.as_at_label}: {self.get_measure_display()} {self.value}"


class ProjectStatus(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline"
    APPROVED = "approved", "Approved"
    IN_DELIVERY = "in_delivery", "In delivery"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNKNOWN = "unknown", "Not recorded"


class ProjectCategory(models.TextChoices):
    TRANSPORT = "transport", "Transport"
    BUSINESS_SUPPORT = "business_support", "Business support"
    SKILLS = "skills", "Skills"
    HOUSING = "housing_development", "Housing and development"
    PLACE = "place_regeneration", "Place and regeneration"
    DIGITAL = "digital", "Digital"
    FLOOD = "flood", "Flood defence"
    ENERGY = "energy", "Energy"
    OTHER = "other", "Other"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class LocationPrecision(models.TextChoices):
    EXACT = "exact", "Exact point"
    PLACE = "place", "Named place"
    DISTRICT_CENTROID = "district_centroid", "District centroid"
    AREA_CENTROID = "area_centroid", "Centroid of a larger area"
    NONE = "none", "Not located"


class LocationMatch(models.TextChoices):
    WITHIN = "within", "Inside a district boundary"
    NEAREST = "nearest", "Outside every boundary: nearest district within tolerance"
    NONE = "none", "No district found"


class Project(models.Model):
    reference = models.CharField("reference", max_length=40, unique=True)
    title = models.CharField("title", max_length=300)
    summary = models.TextField("summary", blank=True)
    promoter = models.CharField("promoter", max_length=200, blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", null=True, blank=True
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="projects")
    federated_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="federated_projects",
        null=True,
        blank=True,
        limit_choices_to={"area_type": "federated_area"},
    )
    status = models.CharField("status", max_length=20, choices=ProjectStatus.choices)
    status_detail = models.CharField("status as reported", max_length=500, blank=True)
    category = models.CharField("category", max_length=30, choices=ProjectCategory.choices)
    start_date = models.DateField("start", null=True, blank=True)
    start_precision = models.CharField(
        "start precision", max_length=10, choices=DatePrecision.choices, blank=True
    )
    end_date = models.DateField("end", null=True, blank=True)
    end_precision = models.CharField(
        "end precision", max_length=10, choices=DatePrecision.choices, blank=True
    )
    place_name = models.CharField("place", max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location_precision = models.CharField(
        "location precision",
        max_length=20,
        choices=LocationPrecision.choices,
        default=LocationPrecision.NONE,
    )
    location_district = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="located_projects",
        null=True,
        blank=True,
        verbose_name="district of the point",
    )
    location_match = models.CharField(
        "how the district was found",
        max_length=10,
        choices=LocationMatch.choices,
        default=LocationMatch.NONE,
    )
    location_distance_m = models.PositiveIntegerField(
        "distance to the district (m)", null=True, blank=True
    )
    grant = money("grant (£)", null=True, blank=True)
    total_cost = money("total cost (£)", null=True, blank=True)
    notes = models.TextField("notes", blank=True)
    areas = models.ManyToManyField(Area, through="ProjectArea", related_name="projects")
    themes = models.ManyToManyField(Theme, through="ProjectTheme", related_name="projects")
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]
        indexes = [
            # The list's filters and the facet counts group and filter by these; ending in
            # the reference, a filtered page in reference order is read without a sort.
            models.Index(fields=["status", "reference"], name="project_status_idx"),
            models.Index(fields=["category"], name="project_category_idx"),
            models.Index(fields=["fund", "status", "reference"], name="project_fund_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ProjectArea(models.Model):
    """An area a project serves, with its share (shares of a project sum to 1)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="area_shares")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="project_shares")
    share = models.DecimalField("share", max_digits=7, decimal_places=6)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "area"], name="project_area_unique"),
            models.CheckConstraint(
                condition=models.Q(share__gt=0) & models.Q(share__lte=1),
                name="project_area_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.share:.2%})"


class FundingType(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private"
    NOT_KNOWN = "not_known", "Not known"


class MatchFunding(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="match_funding")
    source_name = models.CharField("source", max_length=300)
    funding_type = models.CharField(
        "type", max_length=10, choices=FundingType.choices, default=FundingType.NOT_KNOWN
    )
    amount = money("amount (£)", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "source_name"]
        verbose_name_plural = "match funding"

    def __str__(self) -> str:
        amount = "amount not known" if self.amount is None else f"£{self.amount:,}"
        return f"{self.source_name}: {amount}"


MONITORING_NOTE = "From the approved monitoring return"
"""How the note of an actual figure carried from an approved monitoring return begins."""


class Basis(models.TextChoices):
    FORECAST = "forecast", "Forecast"
    ACTUAL = "actual", "Actual"


class SpendLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="spend")
    financial_year = models.CharField("financial year", max_length=7, help_text=FINANCIAL_YEAR_HELP)
    basis = models.CharField("forecast or actual", max_length=10, choices=Basis.choices)
    amount = money("amount (£)")
    note = models.CharField("note", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "financial_year", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "financial_year", "basis"], name="spend_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.basis}: £{self.amount:,}"


class OutputType(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("name", max_length=100)
    unit = models.CharField("unit", max_length=30)
    description = models.TextField("description", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OutputLine(models.Model):
    """An output figure; an empty period means the whole life of the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    output_type = models.ForeignKey(OutputType, on_delete=models.PROTECT, related_name="lines")
    period = models.CharField("period", max_length=7, blank=True, help_text=FINANCIAL_YEAR_HELP)
    basis = models.CharField("forecast or actual", max_length=10, choices=Basis.choices)
    value = models.DecimalField("value", max_digits=14, decimal_places=2)
    note = models.CharField("note", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "output_type__code", "period", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "output_type", "period", "basis"], name="output_line_unique"
            )
        ]

    def __str__(self) -> str:
        period = self.period or "whole life"
        return f"{self.output_type} ({period}, {self.basis}): {self.value:,}"


class ProjectSource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField("web address", max_length=500)
    position = models.PositiveSmallIntegerField("position", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "url"], name="project_source_unique")
        ]

    def __str__(self) -> str:
        return self.url


class ProjectTheme(models.Model):
    """A project's tag to the strategy framework, with the basis for it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="theme_tags")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="project_tags")
    basis = models.CharField("basis", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "theme__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "theme"], name="project_theme_unique")
        ]

    def __str__(self) -> str:
        return str(self.theme)
