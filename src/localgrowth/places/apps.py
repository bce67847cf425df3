from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "localgrowth.places"
    verbose_name = "Places"

    def ready(self) -> None:
        from localgrowth.core.importing import Importer, register

        from .importers import AREAS, import_areas

        register(Importer("areas", import_areas, [AREAS], "Areas, their types and parents."))
