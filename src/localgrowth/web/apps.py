from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "localgrowth.web"
    label = "web"
    verbose_name = "Public site"
