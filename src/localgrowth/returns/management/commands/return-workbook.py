"""localgrowth return-workbook PROJECT_REFERENCE QUARTER FILE.xlsx — write a project's quarterly
return workbook, pre-filled with its reference data and current profile."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localgrowth.domain.returns import parse_quarter
from localgrowth.projects.models import Project
from localgrowth.returns.workbook import write_quarter_workbook


class Command(BaseCommand):
    help = "Write a project's quarterly monitoring return workbook (see docs/returns.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The project's reference, such as SELEP-0001.")
        parser.add_argument("quarter", help="The quarter, such as '2019/20 Q3'.")
        parser.add_argument("file", type=Path, help="The workbook to write (.xlsx).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path}: the return is a workbook; end the file name in .xlsx.")
        try:
            quarter = parse_quarter(options["quarter"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        project = Project.objects.filter(reference=options["reference"]).first()
        if project is None:
            raise CommandError(
                f"There is no project with the reference '{options['reference']}'. "
                "Check the reference in the project register."
            )
        write_quarter_workbook(project, quarter, path)
        self.stdout.write(f"Wrote {path}: {project.reference} {quarter.label}")
