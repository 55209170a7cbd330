"""Unusual access from the access log: searches without a follow-up are flagged for the privacy officer."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.privacy.audit import record_access
from schakel.privacy.flags import SEARCHES_WITHOUT_FOLLOW_UP, detect_unusual_access
from schakel.privacy.models import AccessFlag, FlagKind

UTC = datetime.timezone.utc
MORNING = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # a Tuesday, 09:00 in Amsterdam
EVENING = datetime.datetime(2026, 3, 3, 17, 0, tzinfo=UTC)


def search(user, at, record_type="signalling.signal"):
    with time_machine.travel(at, tick=False):
        record_access(user=user, action="search", record_type=record_type, reason="inbox: zoeken op naam")


def view(user, at, record_id="17"):
    with time_machine.travel(at, tick=False):
        record_access(user=user, action="view", record_type="signalling.signal", record_id=record_id)


def searches_flags():
    return AccessFlag.objects.filter(kind=FlagKind.SEARCH_WITHOUT_FOLLOW_UP)


@pytest.mark.django_db
def test_many_searches_without_opening_a_record_are_flagged_once(world):
    officer = world.user("focal_officer")
    for minute in range(SEARCHES_WITHOUT_FOLLOW_UP):
        search(officer, MORNING + datetime.timedelta(minutes=minute))

    assert detect_unusual_access(now=EVENING) == 1
    assert detect_unusual_access(now=EVENING) == 0  # running again adds nothing twice

    (flag,) = searches_flags()
    assert (flag.user, flag.count) == (officer, SEARCHES_WITHOUT_FOLLOW_UP)
    assert AccessFlag.objects.visible_to(world.user("privacy_officer")).filter(pk=flag.pk).exists()


@pytest.mark.django_db
def test_a_search_followed_by_opening_a_record_is_ordinary_work(world):
    officer = world.user("focal_officer")
    for minute in range(0, SEARCHES_WITHOUT_FOLLOW_UP * 10, 10):
        search(officer, MORNING + datetime.timedelta(minutes=minute))
        view(officer, MORNING + datetime.timedelta(minutes=minute + 2), record_id=str(minute))

    detect_unusual_access(now=EVENING)

    assert not searches_flags().exists()


@pytest.mark.django_db
def test_fewer_searches_than_the_threshold_are_not_flagged(world):
    officer = world.user("focal_officer")
    for minute in range(SEARCHES_WITHOUT_FOLLOW_UP - 1):
        search(officer, MORNING + datetime.timedelta(minutes=minute))

    detect_unusual_access(now=EVENING)

    assert not searches_flags().exists()


@pytest.mark.django_db
def test_searches_whose_follow_up_may_still_come_wait_for_the_next_run(world):
    officer = world.user("focal_officer")
    for minute in range(SEARCHES_WITHOUT_FOLLOW_UP):
        search(officer, MORNING + datetime.timedelta(minutes=minute))

    assert detect_unusual_access(now=MORNING + datetime.timedelta(minutes=10)) == 0
    assert detect_unusual_access(now=EVENING) == 1
