"""Counting what is stored, and running an import expected to fail."""

from pathlib import Path

import pytest

from localgrowth.core.importing import ImportFailed
from localgrowth.domain.tabular import Fault
from localgrowth.evidence.models import Indicator, Industry, Observation, Release
from localgrowth.evidence.sources import SOURCES


def stored() -> tuple[int, int, int, int]:
    return (
        Observation.objects.count(),
        Release.objects.count(),
        Indicator.objects.count(),
        Industry.objects.count(),
    )


def refused(source: str, path: Path) -> list[Fault]:
    """Import a file that must be refused; check nothing changed; return the faults."""
    before = stored()
    with pytest.raises(ImportFailed) as caught:
        SOURCES[source].run(path)
    assert stored() == before
    faults = caught.value.faults
    assert faults, "a refused import names at least one fault"
    for fault in faults:
        assert fault.file == path.name
        assert fault.message.endswith((".", ")")), fault.message
    return faults


def text(faults: list[Fault]) -> str:
    return "\n".join(str(fault) for fault in faults)
