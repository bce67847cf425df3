"""localgrowth serve — serve the site with gunicorn on 127.0.0.1 (PORT, default 8000)."""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve localgrowth with gunicorn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"localgrowth is serving at http://{bind}/ (Ctrl+C to stop)")
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "localgrowth.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
            ],
        )
