"""localgrowth import KIND FILE — import projects, areas or the framework from CSV or XLSX;
localgrowth import indicators SOURCE FILE — import an official statistics file."""

from datetime import date
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from localgrowth.core.importing import IMPORTERS, ImportFailed


def source_kinds() -> dict[str, dict[str, Any]]:
    """Kinds whose files are official publications, each read by a named source importer
    (``localgrowth import indicators SOURCE FILE``). An app offers them as ``import_sources`` on
    its AppConfig, {kind: {source: importer}}, so this command imports no app above core."""
    kinds: dict[str, dict[str, Any]] = {}
    for config in apps.get_app_configs():
        for kind, sources in getattr(config, "import_sources", {}).items():
            kinds.setdefault(kind, {}).update(sources)
    return kinds


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file. Every problem is reported with its place; nothing is stored "
        "unless the whole file is valid. See docs/data-formats.md for the templates, and "
        "docs/evidence-sources.md for 'indicators SOURCE FILE'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = sorted([*IMPORTERS, *source_kinds()])
        parser.add_argument("kind", choices=kinds, help="What the file holds.")
        sources = "; ".join(
            f"{kind}: {', '.join(sorted(found))}" for kind, found in source_kinds().items()
        )
        parser.add_argument(
            "source",
            nargs="?",
            help=f"For an official statistics file, the publication it is ({sources}).",
        )
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; store nothing."
        )
        parser.add_argument("--sheet", help="For a CSV file: which template sheet it holds.")
        parser.add_argument("--user", help="Username to record in the audit history.")
        parser.add_argument(
            "--published",
            type=date.fromisoformat,
            help="For an official statistics file that does not say: its release date "
            "(YYYY-MM-DD).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        importer = self._importer(options["kind"], options.get("source"))
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file. Check the path and try again.")
        user = self._user(options.get("user"))
        extra: dict[str, Any] = {}
        if options.get("source"):
            extra["published"] = options.get("published")
        if options["kind"] == "projects":
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
        lines = report.lines() if hasattr(report, "lines") else [report.summary()]
        self.stdout.write(f"{path.name}: {lines[0]}")
        for line in lines[1:]:
            self.stdout.write(line)

    def _importer(self, kind: str, source: str | None) -> Any:
        sources = source_kinds().get(kind)
        if sources is None:
            if source is not None:
                raise CommandError(f"'{kind}' takes only a file: import {kind} FILE.")
            return IMPORTERS[kind]
        if source not in sources:
            given = f"There is no source '{source}'. " if source else "Name the source. "
            raise CommandError(
                f"{given}Use: import {kind} SOURCE FILE, where SOURCE is one of "
                f"{', '.join(sorted(sources))}."
            )
        return sources[source]

    def _user(self, username: str | None) -> Any:
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user '{username}'. Use an existing username.")
        return user
