from django.apps import AppConfig


class StrategyConfig(AppConfig):
    """The Local Industrial Strategy itself: its versions, priorities with their evidence,
    actions and KPIs, its consultation and its published document."""

    name = "localgrowth.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from .versions import connect_guard

        connect_guard()
