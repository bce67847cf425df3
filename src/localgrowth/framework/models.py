"""The strategy framework as data: documents, aims, foundations, Grand Challenges, priorities."""

from django.db import models
from simple_history.models import HistoricalRecords


class DocumentKind(models.TextChoices):
    NATIONAL_INDUSTRIAL_STRATEGY = "national_industrial_strategy", "National industrial strategy"
    STRATEGIC_ECONOMIC_PLAN = "strategic_economic_plan", "Strategic economic plan"
    ECONOMIC_STRATEGY_STATEMENT = "economic_strategy_statement", "Economic strategy statement"
    LOCAL_INDUSTRIAL_STRATEGY = "local_industrial_strategy", "Local industrial strategy"
    RECOVERY_STRATEGY = "recovery_strategy", "Recovery strategy"


class DocumentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    DRAFT = "draft", "Draft"
    SUPERSEDED = "superseded", "Superseded"


class Document(models.Model):
    slug = models.SlugField("slug", unique=True)
    title = models.CharField("title", max_length=300)
    kind = models.CharField("kind", max_length=40, choices=DocumentKind.choices)
    publisher = models.CharField("publisher", max_length=200)
    year = models.PositiveSmallIntegerField("year")
    status = models.CharField("status", max_length=20, choices=DocumentStatus.choices)
    summary = models.TextField("summary", blank=True)
    url = models.URLField("web address", max_length=500, blank=True)
    source_note = models.TextField("source note", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ThemeKind(models.TextChoices):
    AIM = "aim", "Core aim"
    FOUNDATION = "foundation", "Foundation of productivity"
    GRAND_CHALLENGE = "grand_challenge", "Grand Challenge"
    PRIORITY = "priority", "Priority"


class Theme(models.Model):
    """One element of a strategy framework that projects can be tagged to."""

    code = models.SlugField("code", max_length=60, unique=True)
    kind = models.CharField("kind", max_length=20, choices=ThemeKind.choices)
    title = models.CharField("title", max_length=200)
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField("position", default=0)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="themes",
        null=True,
        blank=True,
        verbose_name="defined in",
    )
    source_url = models.URLField("source", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "document__year", "position", "code"]

    def __str__(self) -> str:
        return self.title
