"""localgrowth demo — load the SELEP Growth Deal demonstration (safe to run again)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgrowth.core.importing import ImportFailed
from localgrowth.demo.services import ensure_demo_admin, load_demo


class Command(BaseCommand):
    help = "Load the SELEP demonstration data and create the demo administrator."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-admin", action="store_true", help="Do not create the admin user.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            load_demo(self.stdout.write)
        except ImportFailed as failure:
            for fault in failure.faults:
                self.stderr.write(f"- {fault}")
            raise CommandError("The demo data did not load; nothing was stored.") from None
        if not options["no_admin"]:
            ensure_demo_admin(self.stdout.write)
