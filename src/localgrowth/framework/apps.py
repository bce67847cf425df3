from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "localgrowth.framework"
    default_auto_field = "django.db.models.BigAutoField"
