from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The staff pages: monitoring returns, change control and the programme dashboard."""

    name = "localgrowth.staff"
    label = "staff"
    verbose_name = "Staff pages"
