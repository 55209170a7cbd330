"""The trend bulletin: small counts suppressed, none recoverable from totals; published once, mailed as a link."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.network.models import Bulletin
from schakel.network.services.bulletin import SMALL, open_draft, publish, suppress
from tests.signalling.triage_factories import SignalFactory

from .helpers import UTC

pytestmark = pytest.mark.django_db
APRIL = datetime.datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def test_counts_below_five_show_as_less_than_five():
    cells, total = suppress({"a": 12, "b": 3, "c": 4, "d": 0}, 19)
    assert cells == {"a": "12", "b": SMALL, "c": SMALL, "d": "0"} and total == "19"


def test_one_suppressed_cell_takes_the_next_smallest_with_it():
    cells, total = suppress({"a": 12, "b": 3, "c": 7}, 22)
    assert cells == {"a": "12", "b": SMALL, "c": SMALL} and total == "22"


def test_a_lone_small_cell_without_partner_hides_the_total():
    cells, total = suppress({"a": 3, "b": 0}, 3)
    assert total == SMALL and cells["a"] == SMALL


def _numbers(tables):
    for table in tables["tables"]:
        for row in table["rows"]:
            for column in ("now", "before"):
                yield table, column, row[column]


@time_machine.travel(APRIL, tick=False)
def test_a_published_bulletin_has_no_count_below_five_and_no_lone_suppressed_cell(world, mailoutbox,
                                                                                  django_capture_on_commit_callbacks):
    march = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    for n in range(9):
        SignalFactory(municipality=world.a1, received_at=march, sector="agriculture" if n < 7 else "hospitality",
                      forms=["labour"])
    SignalFactory(municipality=world.a1, received_at=march, sector="", forms=["sexual"])
    draft = open_draft(actor=world.user("chain_director"), region_id=world.region_a.pk,
                       month=datetime.date(2026, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        sent = publish(actor=world.user("chain_director"), bulletin=draft, text="Meer signalen in de landbouw.",
                       expected_version=draft.version)
    for _table, _column, value in _numbers(sent.tables):
        assert value in (SMALL, "0") or int(value) >= 5
    for table in sent.tables["tables"]:
        for column in ("now", "before"):
            hidden = [row for row in table["rows"] if row[column] == SMALL]
            assert len(hidden) != 1 or sent.tables["total"][column] == SMALL
    assert sent.tables["total"]["now"] == "10"
    assert sent.mailed >= 2 and all("/netwerk/trendbulletins/" in m.body for m in mailoutbox)
    assert "landbouw" not in mailoutbox[0].body
    # Sending again is the same bulletin, not a second mail.
    assert publish(actor=world.user("chain_director"), bulletin=draft, text="x", expected_version=1).pk == sent.pk
    assert Bulletin.objects.count() == 1


def test_the_monthly_job_prepares_last_months_draft_and_tells_the_chain_director(world, mailoutbox):
    from schakel.jobs import registry

    assert registry.get("network.prepare_bulletins").period == "monthly"
    from schakel.network.services.bulletin import prepare_monthly_drafts

    assert prepare_monthly_drafts(today=datetime.date(2026, 4, 1)) == 1  # only region A has a chain director
    draft = Bulletin.objects.get()
    assert (draft.month, draft.published_at) == (datetime.date(2026, 3, 1), None)
    assert [m.to for m in mailoutbox] == [[world.user("chain_director").email]]
    assert "maand=2026-03" in mailoutbox[0].body
    assert prepare_monthly_drafts(today=datetime.date(2026, 4, 1)) == 0
