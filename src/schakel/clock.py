"""The one clock. Code asks `now()` or `today()` here; tests freeze it with time-machine."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """Today's date in Europe/Amsterdam, the calendar deadlines are counted on."""
    return timezone.now().astimezone(AMSTERDAM).date()
