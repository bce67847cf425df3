from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "localgrowth.returns"
    verbose_name = "Quarterly monitoring returns"

    def ready(self) -> None:
        from localgrowth.core.importing import Importer, register

        from .importers import RETURN_SHEETS, import_returns

        register(
            Importer(
                "returns",
                import_returns,
                RETURN_SHEETS,
                "A project's quarterly monitoring return, in the workbook made by "
                "`localgrowth return-workbook` (see docs/returns.md). Each import stores a new "
                "submitted version of the return.",
                blank_template=False,
            )
        )
