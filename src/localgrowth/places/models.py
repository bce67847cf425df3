"""Places: areas identified by GSS code and vintage, their hierarchy and boundaries."""

from django.db import models
from simple_history.models import HistoricalRecords


class AreaType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    ITL = "itl", "International Territorial Level area"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    PARTNERSHIP = "partnership", "Local enterprise partnership"
    COUNTY = "county", "County"
    FEDERATED_AREA = "federated_area", "Federated area"
    DISTRICT = "district", "District or unitary authority"


class Area(models.Model):
    """An area at one vintage. A code reused across vintages is one row per vintage.

    Areas with no GSS code of their own (a partnership's federated areas) carry a code the
    partnership defines, such as ``SELEP-KM``.
    """

    code = models.CharField("code", max_length=20, help_text="GSS code, e.g. E07000114")
    name = models.CharField("name", max_length=200)
    area_type = models.CharField("type", max_length=30, choices=AreaType.choices)
    valid_from = models.DateField("valid from", null=True, blank=True)
    valid_to = models.DateField("valid to", null=True, blank=True)
    parents = models.ManyToManyField(
        "self", symmetrical=False, related_name="children", blank=True, verbose_name="parents"
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The area that replaced this one when its code or boundary changed.",
    )
    boundary = models.JSONField(
        "boundary", null=True, blank=True, help_text="GeoJSON geometry, simplified for display."
    )
    centroid_lat = models.FloatField("centroid latitude", null=True, blank=True)
    centroid_lon = models.FloatField("centroid longitude", null=True, blank=True)
    source = models.CharField("source", max_length=300, blank=True)

    class Meta:
        ordering = ["area_type", "name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="area_code_vintage_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(valid_from__isnull=True),
                name="area_code_undated_unique",
            ),
        ]
        indexes = [models.Index(fields=["code"]), models.Index(fields=["area_type", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AreaAlias(models.Model):
    """A name people write for an area ("Southend", "Kent (countywide)") and the area it means."""

    alias = models.CharField("alias", max_length=200, unique=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="aliases")
    note = models.CharField("note", max_length=300, blank=True)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "area aliases"

    def __str__(self) -> str:
        return f"{self.alias} → {self.area.code}"


class Partnership(models.Model):
    """The growth body: its statistical area, member districts and federated areas."""

    slug = models.SlugField("slug", unique=True)
    name = models.CharField("name", max_length=200)
    short_name = models.CharField("short name", max_length=30)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="partnerships", verbose_name="area"
    )
    members = models.ManyToManyField(
        Area, related_name="member_of_partnerships", verbose_name="member districts"
    )
    federated_areas = models.ManyToManyField(
        Area, related_name="federated_in", blank=True, verbose_name="federated areas"
    )
    website = models.URLField("website", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
