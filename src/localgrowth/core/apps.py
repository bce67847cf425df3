from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localgrowth.core"
    verbose_name = "localgrowth core"

    def ready(self) -> None:
        from . import roles

        roles.connect()
