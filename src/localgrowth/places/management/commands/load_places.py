"""``localgrowth load_places``: load or refresh England's areas from the files in places/data.

Safe to run again: a second run creates and changes nothing, and its report says so.
"""

from typing import Any

from django.core.management.base import BaseCommand

from localgrowth.places.services import load_england_places


class Command(BaseCommand):
    help = (
        "Load England's districts, counties, regions, combined authorities and LEPs, SELEP's "
        "federated areas and partnership, and the area aliases, from places/data. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_england_places()
        for line in report.lines():
            self.stdout.write(line)
        if report.created_count == 0 and report.changed_count == 0:
            self.stdout.write(self.style.SUCCESS("Nothing to change: places were up to date."))
        else:
            self.stdout.write(self.style.SUCCESS("Places loaded."))
