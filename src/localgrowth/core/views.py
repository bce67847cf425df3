"""Blank import templates, downloadable by anyone preparing data for localgrowth."""

import io
import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest

from .importing import templated_importers
from .templates import write_template


def blank_template(request: HttpRequest, kind: str) -> FileResponse:
    importer = templated_importers().get(kind)
    if importer is None:
        raise Http404(f"There is no import template called '{kind}'.")
    with tempfile.TemporaryDirectory() as directory:
        path = write_template(importer, Path(directory) / f"{kind}-template.xlsx")
        content = path.read_bytes()
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"localgrowth-{kind}-template.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
