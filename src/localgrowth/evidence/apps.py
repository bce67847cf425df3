from typing import Any

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "localgrowth.evidence"
    verbose_name = "Evidence base"

    import_sources: dict[str, dict[str, Any]]
    """``localgrowth import indicators SOURCE FILE``: the import command finds the source
    importers here, so core needs no import of this app."""

    def ready(self) -> None:
        from .sources import SOURCES

        self.import_sources = {"indicators": dict(SOURCES)}
