"""The shared rate-limit counters: fixed windows, one count per request, old salts forgotten."""

import datetime

import pytest
import time_machine

from schakel.web import ratelimit
from schakel.web.models import RateSalt, RateWindow

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


def test_hits_count_up_within_a_window_and_start_again_in_the_next():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        assert [ratelimit.hit("b", "s", window_seconds=60) for _ in range(3)] == [1, 2, 3]
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 1, 0, tzinfo=UTC), tick=False):
        assert ratelimit.hit("b", "s", window_seconds=60) == 1
        assert ratelimit.current("b", "s", window_seconds=60) == 1


def test_the_pseudonym_is_the_same_for_a_day_and_changes_the_next(rf):
    request = rf.get("/", REMOTE_ADDR="198.51.100.4")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        monday = ratelimit.client_key(request)
        assert ratelimit.client_key(request) == monday
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=UTC), tick=False):
        assert ratelimit.client_key(request) != monday
    assert "198.51.100.4" not in monday


def test_purge_forgets_ended_windows_and_salts_before_yesterday(rf):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        ratelimit.hit("b", "s", window_seconds=60)
        ratelimit.client_key(rf.get("/"))
    with time_machine.travel(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=UTC), tick=False):
        assert ratelimit.purge() == 2
    assert not RateWindow.objects.exists() and not RateSalt.objects.exists()
