"""localgrowth import KIND FILE — import projects, areas or the framework from CSV or XLSX."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from localgrowth.core.importing import IMPORTERS, ImportFailed


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file. Every problem is reported with its place; nothing is stored "
        "unless the whole file is valid. See docs/data-formats.md for the templates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="What the file holds.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; store nothing."
        )
        parser.add_argument("--sheet", help="For a CSV file: which template sheet it holds.")
        parser.add_argument("--user", help="Username to record in the audit history.")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = IMPORTERS[options["kind"]]
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file. Check the path and try again.")
        user = self._user(options.get("user"))
        extra: dict[str, Any] = {}
        if importer.kind == "projects":
            bar = tqdm(desc="Projects", unit=" rows", disable=None, file=self.stderr)
            extra["progress"] = bar.update
        try:
            report = importer.run(
                path, user=user, dry_run=options["dry_run"], sheet=options.get("sheet"), **extra
            )
        except ImportFailed as failure:
            for fault in failure.faults:
                self.stderr.write(f"- {fault}")
            raise CommandError(
                f"{path.name}: {len(failure.faults)} problem(s) found; nothing was imported. "
                "Correct them and import the file again."
            ) from None
        finally:
            if "progress" in extra:
                bar.close()
        self.stdout.write(f"{path.name}: {report.summary()}")

    def _user(self, username: str | None) -> Any:
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user '{username}'. Use an existing username.")
        return user
