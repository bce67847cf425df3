from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "localgrowth.publishing"
    verbose_name = "Publishing: open data API and exports"
