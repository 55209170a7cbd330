"""`record_accesses`: one row per record, the same rows as `record_access` would write, sealed later."""

import pytest

from schakel.privacy.audit import record_access, record_accesses, seal_pending, verify_chain
from schakel.privacy.models import AccessLogEntry
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.django_db


def test_many_accesses_are_the_rows_one_access_each_would_write(world):
    officer = world.user("focal_officer")
    signals = [SignalFactory(municipality=world.a1) for _ in range(3)]
    record_accesses(user=officer, action="view", records=signals, reason="agenda gelezen")
    single = record_access(user=officer, action="view", record=signals[0], reason="agenda gelezen")
    rows = list(AccessLogEntry.objects.filter(reason="agenda gelezen").order_by("id"))
    assert [row.record_id for row in rows] == [str(s.pk) for s in signals] + [str(signals[0].pk)]
    fields = ("user_id", "username", "role", "organisation_name", "action", "record_type", "scope_keys")
    assert {tuple(getattr(row, f) for f in fields) for row in rows} == {tuple(getattr(single, f) for f in fields)}


def test_many_accesses_are_sealed_into_the_chain_like_any_other(world):
    record_accesses(user=world.user("focal_officer"), action="view",
                    records=[SignalFactory(municipality=world.a1) for _ in range(2)], reason="agenda gelezen")
    seal_pending()
    assert not AccessLogEntry.objects.filter(sealed_seq__isnull=True).exists()
    assert verify_chain() == []
