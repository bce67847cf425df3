"""localgrowth template KIND FILE.xlsx — write a blank import template; --markdown prints the
documentation of every template (docs/data-formats.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgrowth.core.importing import templated_importers
from localgrowth.core.templates import data_formats_markdown, write_template


class Command(BaseCommand):
    help = "Write a blank import template, or print the templates' documentation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", nargs="?", choices=sorted(templated_importers()))
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--markdown", action="store_true", help="Print docs/data-formats.md.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["markdown"]:
            self.stdout.write(data_formats_markdown(templated_importers().values()), ending="")
            return
        if not options["kind"] or not options["file"]:
            raise CommandError("Give a kind and a file name, e.g. template projects projects.xlsx.")
        path = options["file"]
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path}: the template is a workbook; end the file name in .xlsx.")
        write_template(templated_importers()[options["kind"]], path)
        self.stdout.write(f"Wrote {path}")
