"""Old access-log rows are purged behind a checkpoint; the chain that remains still verifies."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from schakel.privacy.audit import record_access, seal_pending, verify_chain
from schakel.privacy.checkpoint import access_log_cut, purge_access_log
from schakel.privacy.models import AccessLogCheckpoint, AccessLogEntry, PurgeLogEntry
from schakel.privacy.purge import apply_retention

UTC = datetime.timezone.utc
OLD = datetime.datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
RECENT = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NOW = datetime.datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


def write_rows(moment, count):
    with time_machine.travel(moment, tick=False):
        for _ in range(count):
            record_access(user=None, action="login_failed", detail="test")
        seal_pending()


@pytest.mark.django_db
def test_purging_old_rows_leaves_a_chain_that_verifies_from_the_checkpoint():
    write_rows(OLD, 5)
    write_rows(RECENT, 3)

    with time_machine.travel(NOW, tick=False):
        report = apply_retention(now=NOW, dry_run=True)
        assert report.results[-1].count == 5
        assert AccessLogEntry.objects.count() == 8
        report = apply_retention(now=NOW, dry_run=False)
        seal_pending()

        assert report.results[-1].count == 5
        assert AccessLogEntry.objects.filter(at__lt=RECENT).count() == 0
        assert AccessLogEntry.objects.count() == 4  # 3 recent rows and the checkpoint row
        (checkpoint,) = AccessLogCheckpoint.objects.all()
        assert (checkpoint.cut_seq, checkpoint.rows_removed) == (5, 5)
        assert AccessLogEntry.objects.get(action="purge").detail == f"checkpoint 5 {checkpoint.cut_hash}"
        assert verify_chain() == []
        (logged,) = PurgeLogEntry.objects.filter(rule_key="privacy.accesslogentry")
        assert logged.count == 5

        # A second purge later cuts behind a second checkpoint and still verifies.
        write_rows(NOW, 2)
        assert purge_access_log(before=NOW, now=NOW) is not None
        seal_pending()
        assert verify_chain() == []


@pytest.mark.django_db
def test_nothing_to_purge_writes_no_checkpoint():
    write_rows(RECENT, 2)
    assert access_log_cut(before=OLD) is None
    assert purge_access_log(before=OLD, now=NOW) is None
    assert not AccessLogCheckpoint.objects.exists()


@pytest.mark.django_db
def test_rows_cannot_be_deleted_without_a_checkpoint():
    write_rows(OLD, 2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogentry")
    assert AccessLogEntry.objects.count() == 2


@pytest.mark.django_db
def test_a_checkpoint_the_log_does_not_hold_breaks_verification():
    write_rows(OLD, 3)
    head = AccessLogEntry.objects.get(sealed_seq=2).entry_hash
    # Someone with database access forges a cut without the log's own checkpoint row.
    AccessLogCheckpoint.objects.create(cut_seq=2, cut_hash=head, rows_removed=2, before=NOW, at=NOW)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogentry WHERE sealed_seq <= 2")

    with time_machine.travel(OLD, tick=False):
        problems = [b.problem for b in verify_chain()]
    assert problems == ["checkpoint"]
