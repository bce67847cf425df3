from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "localgrowth.projects"
    default_auto_field = "django.db.models.BigAutoField"
