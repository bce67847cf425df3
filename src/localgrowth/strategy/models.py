"""A partnership's strategy as it is written: versions, each with a vision, the two core aims,
priorities (their rationale, places, foundations and Grand Challenges, and evidence), actions
and KPIs; and the public's comments on a published draft.

A version is a draft until it is published. Publishing freezes it: its rows are never changed
again (``frozen`` refuses), and editing starts a new draft copied from it. The evidence a
priority rests on is recorded as it stood when the version was published (value, period,
benchmark status and release), so the published page shows what the board saw, and the live
panel can say when newer evidence has moved.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localgrowth.evidence.models import Indicator, Industry, Release
from localgrowth.framework.models import Document, Theme
from localgrowth.places.models import Area
from localgrowth.prioritisation.models import Candidate
from localgrowth.projects.models import Project, money


class Strategy(models.Model):
    """A partnership's strategy across its versions, such as SELEP's economic strategy."""

    slug = models.SlugField("slug", max_length=60, unique=True)
    name = models.CharField("name", max_length=200)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="strategies", verbose_name="partnership area"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSULTATION = "consultation", "Published for consultation"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class Version(models.Model):
    """One version of a strategy. Only a draft can change."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    status = models.CharField(
        "status", max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField("title", max_length=300)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="strategy_versions",
        null=True,
        blank=True,
        verbose_name="framework document",
        help_text="The strategy document in the framework whose priorities projects are tagged to.",
    )
    vision = models.TextField("vision", blank=True)
    objective = models.TextField("overarching objective", blank=True)
    aim_productivity = models.TextField("core aim: productivity", blank=True)
    aim_inclusive = models.TextField("core aim: inclusive growth", blank=True)
    summary = models.TextField("summary", blank=True)
    sources_note = models.TextField(
        "where the sources stop",
        blank=True,
        help_text="What the sources do not say, shown on the page rather than invented.",
    )
    source_url = models.URLField("source", max_length=500, blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, related_name="drafts", null=True, blank=True
    )
    published_on = models.DateField("published on", null=True, blank=True)
    published_at = models.DateTimeField("published at", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    consultation_closes = models.DateField("consultation closes", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="strategy_version_unique")
        ]
        permissions = [("publish_version", "Can publish a strategy version")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT


class Priority(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="priorities")
    code = models.SlugField("code", max_length=60)
    position = models.PositiveSmallIntegerField("position", default=0)
    title = models.CharField("title", max_length=300)
    rationale = models.TextField("rationale", blank=True)
    framework_theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="strategy_priorities",
        null=True,
        blank=True,
        limit_choices_to={"kind": "priority"},
        verbose_name="framework priority",
        help_text="The framework priority projects are tagged to; its projects serve this one.",
    )
    themes = models.ManyToManyField(
        Theme,
        related_name="serving_priorities",
        blank=True,
        verbose_name="foundations and Grand Challenges served",
    )
    places = models.ManyToManyField(
        Area, related_name="targeting_priorities", blank=True, verbose_name="places targeted"
    )
    source_url = models.URLField("source", max_length=500, blank=True)
    history = HistoricalRecords(m2m_fields=[themes, places])

    class Meta:
        ordering = ["version", "position", "code"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="priority_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class PriorityEvidence(models.Model):
    """An indicator a priority rests on, for one area, with the evidence as it stood when the
    version was published (empty while it is a draft)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("why it matters", blank=True)
    position = models.PositiveSmallIntegerField("position", default=0)
    period = models.CharField("period then", max_length=20, blank=True)
    value = models.FloatField("value then", null=True, blank=True)
    status = models.CharField("status against England then", max_length=30, blank=True)
    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    similar_value = models.FloatField(
        "similar places' value then",
        null=True,
        blank=True,
        help_text="The value of the districts most like the area (the evidence base's ten "
        "similar places), for the same period.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "position", "pk"]
        verbose_name_plural = "priority evidence"

    def __str__(self) -> str:
        return f"{self.indicator} for {self.area}"


class PrioritySector(models.Model):
    """A sector strength a priority builds on."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="sectors")
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("why it matters", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "industry__code"]

    def __str__(self) -> str:
        return str(self.industry)


class Action(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField("position", default=0)
    title = models.CharField("action", max_length=300)
    owner = models.CharField("owner", max_length=200, blank=True)
    timescale = models.CharField("timescale", max_length=100, blank=True)
    cost = money("cost (£)", null=True, blank=True)
    funding_source = models.CharField("funding source", max_length=200, blank=True)
    projects = models.ManyToManyField(Project, related_name="strategy_actions", blank=True)
    candidates = models.ManyToManyField(Candidate, related_name="strategy_actions", blank=True)
    history = HistoricalRecords(m2m_fields=[projects, candidates])

    class Meta:
        ordering = ["priority", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    """A key performance indicator: an indicator for an area, its baseline and its target."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="kpis")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    baseline = models.FloatField("baseline", null=True, blank=True)
    baseline_period = models.CharField("baseline period", max_length=20, blank=True)
    target = models.FloatField("target", null=True, blank=True)
    target_date = models.DateField("target date", null=True, blank=True)
    target_note = models.CharField(
        "target in words",
        max_length=300,
        blank=True,
        help_text="Such as 'close the gap to England by 2030' where no figure is published.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "pk"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return f"{self.indicator} for {self.area}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Awaiting moderation"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"


class Comment(models.Model):
    """A comment on a version published for consultation, on the whole or on one priority."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="comments", null=True, blank=True
    )
    name = models.CharField("name", max_length=200)
    organisation = models.CharField("organisation", max_length=200, blank=True)
    email = models.EmailField("email", blank=True)
    text = models.TextField("comment")
    status = models.CharField(
        "status", max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    moderation_note = models.CharField("moderation note", max_length=300, blank=True)
    created_at = models.DateTimeField("sent at", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "created_at", "pk"]
        permissions = [("moderate_comment", "Can moderate consultation comments")]

    def __str__(self) -> str:
        return f"Comment by {self.name}"
