from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "localgrowth.demo"
    verbose_name = "SELEP demonstration data"
