"""When the access log is sealed: every minute by the worker's schedule; and the migration that started it."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string
from django_q.models import Schedule

from schakel.privacy import triggers
from schakel.privacy.audit import GENESIS_HASH, record_access, seal_pending, verify_chain
from schakel.privacy.models import AccessLogEntry
from schakel.privacy.schedules import SCHEDULE_FUNC, SCHEDULE_NAME, SEAL_MINUTES, ensure_seal_schedule

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)
BEFORE = [("privacy", "0003_access_log_append_only_triggers")]
AFTER = [("privacy", "0006_retention_desk_requests")]  # the current model's schema


@pytest.mark.django_db
def test_migrate_leaves_one_schedule_that_seals_every_minute():
    (schedule,) = Schedule.objects.filter(name=SCHEDULE_NAME)
    assert (schedule.func, schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        SCHEDULE_FUNC, Schedule.MINUTES, SEAL_MINUTES, -1)
    assert SEAL_MINUTES == 1
    record_access(user=None, action="login_failed")
    record_access(user=None, action="login_failed")

    assert import_string(schedule.func)() == 2  # what the worker calls, without arguments

    assert not AccessLogEntry.objects.filter(sealed_seq__isnull=True).exists()


@pytest.mark.django_db
def test_a_changed_or_duplicated_sealing_schedule_is_corrected():
    Schedule.objects.filter(name=SCHEDULE_NAME).update(minutes=60, func="elders.taak")
    Schedule.objects.create(name=SCHEDULE_NAME, func=SCHEDULE_FUNC, schedule_type=Schedule.MINUTES, minutes=1)

    assert ensure_seal_schedule() is True
    assert ensure_seal_schedule() is False

    (schedule,) = Schedule.objects.filter(name=SCHEDULE_NAME)
    assert (schedule.func, schedule.minutes) == (SCHEDULE_FUNC, SEAL_MINUTES)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_rows_sealed_before_the_migration_keep_their_chain_and_it_continues():
    old = _migrate(BEFORE)
    try:
        OldEntry = old.get_model("privacy", "AccessLogEntry")
        previous, written = GENESIS_HASH, []
        for number in range(3):
            values = {"at": NOW, "action": "view", "record_type": "signalling.signal", "record_id": str(number),
                      "previous_hash": previous}
            previous = AccessLogEntry(**values).compute_hash()  # linked by the writer, as before 0068
            written.append(OldEntry.objects.create(entry_hash=previous, **values).pk)

        _migrate(AFTER)

        assert list(AccessLogEntry.objects.order_by("id").values_list("id", "sealed_seq")) == [
            (pk, seq) for seq, pk in enumerate(written, start=1)]
        assert triggers.installed(connection)
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE privacy_accesslogentry SET reason = 'anders'")
        added = record_access(user=None, action="login_failed")
        assert seal_pending() == 1
        added = AccessLogEntry.objects.get(pk=added.pk)
        assert (added.sealed_seq, added.previous_hash) == (4, previous)
        assert verify_chain() == []

        record_access(user=None, action="login_failed")
        with pytest.raises(RuntimeError, match="seal_access_log"):
            _migrate(BEFORE)  # the old schema has no place for a row without its seal
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
