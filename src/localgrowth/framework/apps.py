from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "localgrowth.framework"
    verbose_name = "Strategy framework"

    def ready(self) -> None:
        from localgrowth.core.importing import Importer, register

        from .importers import DOCUMENTS, THEMES, import_framework

        register(
            Importer(
                "framework",
                import_framework,
                [DOCUMENTS, THEMES],
                "Strategy documents and the themes they define.",
            )
        )
