from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "localgrowth.projects"
    verbose_name = "Programmes and projects"

    def ready(self) -> None:
        from localgrowth.core.importing import Importer, register

        from .importers import import_projects
        from .template import PROJECT_SHEETS

        register(
            Importer(
                "projects",
                import_projects,
                PROJECT_SHEETS,
                "The project register: projects, match funding, spend, outputs and themes.",
            )
        )
