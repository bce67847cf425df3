from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    """A record of each successful import: which file, who ran it and what changed."""

    kind = models.CharField("kind", max_length=20)
    file_name = models.CharField("file", max_length=300)
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    started_at = models.DateTimeField("run at", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    dry_run = models.BooleanField("dry run", default=False)
    created = models.PositiveIntegerField("created", default=0)
    updated = models.PositiveIntegerField("updated", default=0)
    unchanged = models.PositiveIntegerField("unchanged", default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"
