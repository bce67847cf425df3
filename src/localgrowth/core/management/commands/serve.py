"""localgrowth serve — serve the site with gunicorn on 127.0.0.1 (PORT, default 8000).

Each instance keeps gunicorn's control socket in its own data directory, named by its port, so
two instances on one machine never contend for one socket."""

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

# A Unix socket's path holds at most 107 bytes on Linux.
LONGEST_SOCKET_PATH = 107


def gunicorn_arguments(host: str, port: int, workers: int, var_dir: Path) -> list[str]:
    socket = var_dir / f"gunicorn-{port}.ctl"
    control = (
        ["--control-socket", str(socket)]
        if len(os.fsencode(socket)) <= LONGEST_SOCKET_PATH
        else ["--no-control-socket"]
    )
    return [
        "localgrowth.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        *control,
    ]


class Command(BaseCommand):
    help = "Serve localgrowth with gunicorn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        arguments = gunicorn_arguments(host, port, options["workers"], settings.VAR_DIR)
        self.stdout.write(f"localgrowth is serving at http://{host}:{port}/ (Ctrl+C to stop)")
        os.execv(sys.executable, [sys.executable, "-m", "gunicorn", *arguments])
