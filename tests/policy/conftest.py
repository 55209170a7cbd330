import datetime

import pytest

from schakel.organisations.models import PopulationFigure

REFERENCE_DATE = datetime.date(2026, 1, 1)


@pytest.fixture
def figures(world):
    """Inhabitants of region A's municipalities on 1 January 2026 (A1 30,000; A2 10,000)."""
    PopulationFigure.objects.create(municipality=world.a1, reference_date=REFERENCE_DATE, inhabitants=30_000,
                                    source="test")
    PopulationFigure.objects.create(municipality=world.a2, reference_date=REFERENCE_DATE, inhabitants=10_000,
                                    source="test")
    return world
