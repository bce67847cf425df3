"""The evidence base: official indicators, the releases they were published in, and their values
for areas (observations), overall or by industry.

Audit. Programme data (projects, funding, targets) keeps an edit history with
django-simple-history, because people change it. Evidence is reference data copied from official
releases, and its audit trail is the releases themselves: every import of a new file creates a
``Release`` (with the file's name and SHA-256 checksum) and stores that release's values as new
``Observation`` rows. A revised value arrives as a new observation in a newer release; nothing is
ever overwritten, so every figure shown can be traced to the release, file and cell it came from
(``Observation.cell``), and what was shown before a revision can still be reproduced.

Values are stored as IEEE double-precision floats (``FloatField``), not ``Decimal``. Every
binary source (.xls, .xlsx, Parquet) holds its numbers as doubles, so a float stores the source
cell bit for bit, on SQLite and PostgreSQL alike; a decimal would have to be rounded from the
double, and SQLite keeps only 15 significant digits of a decimal. Text sources (CSV) hold at most
17 significant digits, written from doubles, so parsing them to a float gives the publisher's
double back. These are statistical estimates, not money owed: arithmetic on them (sums, ratios)
is done in floating point by the benchmarks too.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from localgrowth.framework.models import Theme, ThemeKind
from localgrowth.places.models import Area, AreaType

OGL_V3 = "Open Government Licence v3.0"
OGL_V3_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
)


class Polarity(models.TextChoices):
    HIGHER_BETTER = "higher_better", "Higher is better"
    LOWER_BETTER = "lower_better", "Lower is better"
    NEITHER = "neither", "Neither higher nor lower is better"


class PeriodType(models.TextChoices):
    YEAR = "year", "Calendar year"
    FINANCIAL_YEAR = "financial_year", "Financial year (April to March)"
    ACADEMIC_YEAR = "academic_year", "Academic year (September to August)"
    ROLLING_12_MONTHS = "rolling_12_months", "12 months ending in the month given"
    MULTI_YEAR = "multi_year", "Several years pooled"
    POINT_IN_TIME = "point_in_time", "Point in time"


class Aggregation(models.TextChoices):
    SUM = "sum", "Sum of the areas' values"
    RATIO = "ratio", "Ratio of the summed numerator to the summed denominator"
    NONE = "none", "Cannot be aggregated"


class Indicator(models.Model):
    """One official statistic, with what it measures and how it may be rolled up.

    Aggregation. ``sum``: a larger area's value is the sum of its districts' values (counts,
    £m). ``ratio``: the value is a ratio (``numerator_title`` ÷ ``denominator_title``, perhaps
    scaled, e.g. per cent); a larger area's value is Σ numerator ÷ Σ denominator, never the mean
    of the districts' ratios. Observations carry the denominator (and the numerator where the
    source gives it); since value = k × numerator ÷ denominator for a fixed k, Σ(value ×
    denominator) ÷ Σ denominator gives the same result when only the denominator is published.
    ``none``: refused, for the reason in ``aggregation_note``.
    """

    code = models.SlugField("code", max_length=80, unique=True)
    title = models.CharField("title", max_length=200)
    unit = models.CharField("unit", max_length=40, help_text="£, £m, %, count, index, score…")
    decimal_places = models.PositiveSmallIntegerField("decimal places shown", default=1)
    polarity = models.CharField("polarity", max_length=20, choices=Polarity.choices)
    theme = models.ForeignKey(
        Theme,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="indicators",
        limit_choices_to={
            "kind__in": [ThemeKind.AIM, ThemeKind.FOUNDATION, ThemeKind.GRAND_CHALLENGE]
        },
        verbose_name="aim, foundation or Grand Challenge",
    )
    position = models.PositiveSmallIntegerField("position within its theme", default=0)
    source_publisher = models.CharField("publisher", max_length=200)
    source_title = models.CharField("source", max_length=300)
    source_url = models.URLField("source web address", max_length=500)
    licence = models.CharField("licence", max_length=100, default=OGL_V3)
    attribution = models.CharField("attribution", max_length=300, default=ONS_ATTRIBUTION)
    geography_level = models.CharField(
        "finest geography", max_length=30, choices=AreaType.choices, default=AreaType.DISTRICT
    )
    period_type = models.CharField("period type", max_length=30, choices=PeriodType.choices)
    aggregation = models.CharField("aggregation", max_length=10, choices=Aggregation.choices)
    numerator_title = models.CharField("numerator", max_length=200, blank=True)
    denominator_title = models.CharField("denominator", max_length=200, blank=True)
    aggregation_note = models.TextField(
        "aggregation note", blank=True, help_text="Why it cannot be aggregated, or how it is."
    )
    method_note = models.TextField("method note", blank=True)
    comparable_over_time = models.BooleanField(
        "comparable over time",
        default=True,
        help_text="False when editions use different methods, so change between them is not "
        "meaningful (e.g. the Indices of Deprivation).",
    )
    by_industry = models.BooleanField(
        "by industry",
        default=False,
        help_text="Observations are broken down by industry (for location quotients).",
    )

    class Meta:
        ordering = ["theme__kind", "theme__position", "position", "code"]

    def __str__(self) -> str:
        return self.title

    def latest_observations(self) -> QuerySet[Observation]:
        return Observation.objects.filter(indicator=self).latest_release()


class Release(models.Model):
    """One imported file of one official release. A file is imported once (its checksum is kept);
    a later or revised file is a new release, and the earlier one stays."""

    source = models.CharField("source importer", max_length=40)
    edition = models.CharField(
        "edition",
        max_length=40,
        blank=True,
        help_text="Tells apart the files of one series that a source reads, e.g. the BRES year.",
    )
    title = models.CharField("title", max_length=300)
    publisher = models.CharField("publisher", max_length=200)
    published = models.DateField(
        "published",
        null=True,
        blank=True,
        help_text="When the publisher released it (for a Nomis extract, when it was taken from "
        "Nomis); empty when the file does not say. Undated releases count as older than dated "
        "ones.",
    )
    url = models.URLField("web address", max_length=500, blank=True)
    file_name = models.CharField("file name", max_length=255)
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    imported_at = models.DateTimeField("imported at", default=timezone.now)
    note = models.TextField("import note", blank=True)

    class Meta:
        ordering = ["source", "published", "imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="release_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.file_name})"


class IndustryClassification(models.TextChoices):
    RGVA = "rgva", "Regional GVA industries (SIC 2007 sections, groups and divisions)"
    SIC_SECTION = "sic_section", "SIC 2007 sections A to U"
    BROAD_GROUP = "broad_group", "ONS broad industry groups 1 to 18"


class IndustryLevel(models.TextChoices):
    TOTAL = "total", "All industries"
    SECTOR = "sector", "Production or services sector"
    SECTION = "section", "Section"
    SUBSECTION = "subsection", "Group of divisions within a section"
    DIVISION = "division", "Division or group of divisions"
    GROUP = "group", "Broad industry group"


class Industry(models.Model):
    """An industry of one classification. Industries of one level of one classification do not
    overlap, and each such level adds up to the total."""

    classification = models.CharField(
        "classification", max_length=20, choices=IndustryClassification.choices
    )
    code = models.CharField("code", max_length=20)
    name = models.CharField("name", max_length=200)
    level = models.CharField("level", max_length=20, choices=IndustryLevel.choices)
    position = models.PositiveSmallIntegerField("position", default=0)

    class Meta:
        ordering = ["classification", "position", "code"]
        verbose_name_plural = "industries"
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "code"], name="industry_code_per_classification"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


NEWEST_RELEASE_FIRST = (F("release__published").desc(nulls_last=True), F("release_id").desc())
"""Orders a value's releases newest first: by publication date (undated releases last), then
by import order. Reading rows in this order and keeping the first of each value picks the
newest release without a window function."""


class ObservationQuerySet(models.QuerySet["Observation"]):
    def latest_release(self) -> ObservationQuerySet:
        """For each indicator, area, industry and period, only the value of the newest release
        (by publication date, undated releases last; then by import order)."""
        ranked = self.annotate(
            release_rank=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), F("area_id"), F("industry_id"), F("period")],
                order_by=list(NEWEST_RELEASE_FIRST),
            )
        )
        return ranked.filter(release_rank=1)


class Observation(models.Model):
    """The value of an indicator for an area and period, as one release published it."""

    # The unique constraints lead with the indicator, so an index of its own would only slow
    # the bulk inserts of large releases; likewise the industry's.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="observations",
        help_text="Only for indicators broken down by industry.",
    )
    period = models.CharField("period", max_length=20, help_text="2018, 2021/22, Apr21-Mar22…")
    period_start = models.DateField("period starts")
    value = models.FloatField("value")
    lower = models.FloatField("lower 95% confidence bound", null=True, blank=True)
    upper = models.FloatField("upper 95% confidence bound", null=True, blank=True)
    numerator = models.FloatField("numerator", null=True, blank=True)
    denominator = models.FloatField("denominator", null=True, blank=True)
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="observations")
    cell = models.CharField(
        "source cell", max_length=60, blank=True, help_text="Where the value is in the file."
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "industry", "period_start", "release"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "release"],
                condition=Q(industry__isnull=True),
                name="observation_once_per_release",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "industry", "period", "release"],
                condition=Q(industry__isnull=False),
                name="industry_observation_once_per_release",
            ),
        ]
        indexes = [
            # One period's values of an indicator (a scorecard, ranks, a year's industries).
            models.Index(fields=["indicator", "period"], name="observation_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period}: {self.value}"


def latest_value(
    indicator: Indicator | str, area: Area | str, period: str, industry: Industry | None = None
) -> Observation | None:
    """The observation of the newest release for one indicator (or its code), area (or its
    current GSS code), period and industry; None if no release gives one."""
    rows = Observation.objects.filter(period=period, industry=industry)
    rows = (
        rows.filter(indicator__code=indicator)
        if isinstance(indicator, str)
        else rows.filter(indicator=indicator)
    )
    if isinstance(area, str):
        rows = rows.filter(area__code=area, area__valid_to__isnull=True)
    else:
        rows = rows.filter(area=area)
    ordered = rows.order_by(*NEWEST_RELEASE_FIRST)
    return ordered.select_related("release").first()
