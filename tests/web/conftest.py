import pytest

from localgrowth.evidence.models import Indicator, Observation
from localgrowth.framework.models import Document, Theme
from localgrowth.places.models import Partnership
from localgrowth.projects.models import Programme, Project

PAGES = ["/", "/strategy/", "/accessibility/", "/about-data/"]


@pytest.fixture
def empty_database(db):
    """No projects, programmes, targets, progress, strategy documents or themes."""
    Project.objects.all().delete()
    Programme.objects.all().delete()  # its targets and snapshots go with it
    Observation.objects.all().delete()  # the evidence base's indicators belong to themes
    Indicator.objects.all().delete()
    Theme.objects.all().delete()
    Document.objects.all().delete()
    Partnership.objects.all().delete()
