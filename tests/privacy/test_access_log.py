"""The access log: who, what, which organisation; append-only in the model and the database; tamper-evident.

Requests write rows unsealed; the sealer links them into the hash chain (decision 0068).
"""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from schakel.privacy import audit, triggers
from schakel.privacy.audit import GENESIS_HASH, ChainBreak, record_access, seal_pending, verify_chain
from schakel.privacy.models import AccessLogEntry, AppendOnlyError

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def write(count: int, user=None) -> list[AccessLogEntry]:
    return [record_access(user=user, action="view", record_type="signalling.signal", record_id=n,
                          reason=f"triage {n}") for n in range(1, count + 1)]


def fresh(entries) -> list[AccessLogEntry]:
    by_id = AccessLogEntry.objects.in_bulk([entry.pk for entry in entries])
    return [by_id[entry.pk] for entry in entries]


@pytest.fixture
def five_rows(world):
    """Five rows of the focal officer, sealed."""
    rows = write(5, world.user("focal_officer"))
    assert seal_pending() == 5
    return fresh(rows)


def verify(*options) -> str:
    out = StringIO()
    call_command("verify_access_log", *options, stdout=out, stderr=out)
    return out.getvalue()


def verify_failure(*options) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_access_log", *options, stdout=out, stderr=out)
    return str(failed.value), out.getvalue()


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


class TriggersLifted:
    """Drop the append-only triggers for a moment, as an attacker with database rights could."""

    def __enter__(self):
        triggers.remove(connection)

    def __exit__(self, *exc):
        triggers.install(connection)


def test_rows_record_who_with_which_role_and_organisation(world):
    officer = world.user("focal_officer")
    entry = record_access(user=officer, action="view", record_type="signalling.signal", record_id=7, reason="triage")
    organisation = world.organisations["a1"]
    assert (entry.username, entry.role, entry.organisation_name) == ("focal_officer", "focal_officer", organisation.name)
    region_id = world.region_a.pk
    assert entry.scope_keys == f" m{world.a1.pk} o{organisation.pk} r{region_id} "
    assert (entry.record_type, entry.record_id, entry.reason, entry.flagged) == ("signalling.signal", "7", "triage",
                                                                                  False)


def test_anonymous_rows_have_no_user_and_unknown_actions_are_refused():
    entry = record_access(user=None, action="login_failed", record_type="accounts.user", reason="onbekende naam")
    assert entry.user is None and entry.username == "" and entry.scope_keys == ""
    with pytest.raises(ValueError):
        record_access(user=None, action="peek")


def test_a_request_writes_its_row_in_one_insert_without_lock_or_chain_head(world):
    officer = world.user("focal_officer")
    record_access(user=officer, action="view", record_type="signalling.signal", record_id=1)  # identity cached

    with CaptureQueriesContext(connection) as queries:
        entry = record_access(user=officer, action="view", record_type="signalling.signal", record_id=2)

    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"]
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert (stored.previous_hash, stored.entry_hash, stored.sealed_seq) == (None, None, None)


def test_each_row_links_to_the_previous_one(five_rows):
    assert five_rows[0].previous_hash == GENESIS_HASH
    assert [row.sealed_seq for row in five_rows] == [1, 2, 3, 4, 5]
    for before, after in zip(five_rows, five_rows[1:]):
        assert after.previous_hash == before.entry_hash
    for row in five_rows:
        assert row.entry_hash == row.compute_hash()
    assert verify_chain() == []


def test_sealing_in_batches_links_every_row_to_its_predecessor(world):
    rows = write(7)

    assert seal_pending(batch_size=3) == 7

    rows = fresh(rows)
    assert [row.sealed_seq for row in rows] == list(range(1, 8))
    assert [row.previous_hash for row in rows] == [GENESIS_HASH] + [row.entry_hash for row in rows[:-1]]
    assert verify_chain() == []


def test_a_later_run_continues_from_the_head_and_an_idle_run_seals_nothing(world):
    first = write(3)
    seal_pending()
    assert seal_pending() == 0
    second = write(2)

    assert seal_pending() == 2

    head, *_ = fresh(first[-1:])
    added = fresh(second)
    assert (added[0].sealed_seq, added[0].previous_hash) == (4, head.entry_hash)
    assert verify_chain() == []


def test_a_row_whose_transaction_commits_late_is_sealed_after_the_rows_sealed_meanwhile(world):
    # Ids are handed out at INSERT, rows become visible at COMMIT: a slow request's row (a lower id)
    # can appear after rows with higher ids were sealed. Here it is inserted late with its early id.
    early = AccessLogEntry(at=audit.now(), action="view", record_type="signalling.signal", record_id="slow")
    rows = write(3)
    early.pk = AccessLogEntry.objects.order_by("id").values_list("id", flat=True).first() - 1
    assert seal_pending() == 3

    early.save()
    assert verify_chain() == []  # young and unsealed: waiting is not a break

    assert seal_pending() == 1
    early, last = fresh([early, rows[-1]])
    assert (early.sealed_seq, early.previous_hash) == (4, last.entry_hash)
    assert verify_chain() == []


def test_a_row_written_with_its_link_by_an_older_version_joins_the_chain_where_it_links(five_rows):
    # During an upgrade, web workers of before decision 0068 still link their rows themselves.
    waiting = write(1)[0]
    legacy = AccessLogEntry(at=audit.now(), action="view", record_type="signalling.signal", record_id="old",
                            previous_hash=five_rows[-1].entry_hash)
    legacy.entry_hash = legacy.compute_hash()
    legacy.save()
    stray = AccessLogEntry(at=audit.now(), action="view", record_type="signalling.signal", record_id="stray",
                           previous_hash="f" * 64, entry_hash="e" * 64)
    stray.save()

    assert seal_pending() == 2

    legacy, waiting, stray = fresh([legacy, waiting, stray])
    assert (legacy.sealed_seq, waiting.sealed_seq, waiting.previous_hash) == (6, 7, legacy.entry_hash)
    assert stray.sealed_seq is None  # it links nowhere: left out of the chain, reported once overdue
    assert verify_chain() == []
    with time_machine.travel(NOW + audit.UNSEALED_LIMIT + datetime.timedelta(seconds=1), tick=False):
        assert verify_chain() == [ChainBreak(stray.pk, "unsealed")]


def test_changing_or_deleting_a_row_through_the_model_is_refused(five_rows):
    entry = AccessLogEntry.objects.get(pk=five_rows[2].pk)
    entry.reason = "anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="anders")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(reason="anders")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_update([entry], ["reason"])
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == "triage 3"


@pytest.mark.parametrize("statement", [
    "UPDATE privacy_accesslogentry SET reason = 'anders'",
    "DELETE FROM privacy_accesslogentry",
    "DELETE FROM privacy_accesslogentry WHERE id = (SELECT MAX(id) FROM privacy_accesslogentry)",
])
def test_raw_sql_changes_are_refused_by_the_database_trigger(five_rows, statement):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        execute(statement)
    assert AccessLogEntry.objects.count() == 5
    assert verify_chain() == []


def test_emptying_the_table_is_refused_by_the_database_trigger(five_rows):
    # PostgreSQL: a statement-level TRUNCATE trigger; SQLite has no TRUNCATE, its DELETE trigger covers it.
    statement = ("TRUNCATE privacy_accesslogentry" if connection.vendor == "postgresql"
                 else "DELETE FROM privacy_accesslogentry")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        if connection.vendor == "postgresql":
            execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred foreign-key checks
        execute(statement)
    assert AccessLogEntry.objects.count() == 5


SEAL = "UPDATE privacy_accesslogentry SET previous_hash = %s, entry_hash = %s, sealed_seq = %s"


def test_the_trigger_lets_the_sealer_fill_an_empty_seal(world):
    row = write(1)[0]
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        execute("UPDATE privacy_accesslogentry SET sealed_seq = 1 WHERE id = %s", [row.pk])  # no hashes
    execute(SEAL + " WHERE id = %s", ["a" * 64, "b" * 64, 1, row.pk])
    assert AccessLogEntry.objects.get(pk=row.pk).sealed_seq == 1


@pytest.mark.parametrize("column, value", [
    ("reason", "anders"), ("flagged", True), ("username", "iemand"), ("scope_keys", " o1 "),
    ("at", "2026-01-01 00:00:00+00:00"), ("id", 999999),
])
def test_the_trigger_refuses_a_seal_that_changes_anything_else(world, column, value):
    row = write(1)[0]
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        execute(SEAL + f", {column} = %s WHERE id = %s", ["a" * 64, "b" * 64, 1, value, row.pk])
    assert AccessLogEntry.objects.get(pk=row.pk).sealed_seq is None


@pytest.mark.parametrize("statement, params", [
    (SEAL + " WHERE id = %s", ["a" * 64, "b" * 64, 99]),  # sealed again, elsewhere in the chain
    ("UPDATE privacy_accesslogentry SET sealed_seq = %s WHERE id = %s", [99]),
    ("UPDATE privacy_accesslogentry SET sealed_seq = NULL, previous_hash = NULL, entry_hash = NULL "
     "WHERE id = %s", []),  # unsealed, to be sealed anew
])
def test_the_trigger_refuses_to_change_the_seal_of_a_sealed_row(five_rows, statement, params):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        execute(statement, [*params, five_rows[2].pk])
    assert verify_chain() == []


def test_the_sqlite_trigger_compares_every_column_of_the_access_log():
    columns = {field.column for field in AccessLogEntry._meta.concrete_fields}
    assert columns == set(triggers.CONTENT_COLUMNS) | set(triggers.SEAL_COLUMNS)


def test_an_intact_log_verifies(five_rows):
    output = verify()
    assert f"Access log intact: 5 rows, head hash {five_rows[-1].entry_hash}" in output


def test_verification_seals_the_waiting_rows_first(world):
    write(3)

    output = verify()

    assert "Sealed 3 rows." in output
    assert "Access log intact: 3 rows, head hash " in output
    assert not AccessLogEntry.objects.filter(sealed_seq__isnull=True).exists()


def test_young_unsealed_rows_are_not_a_break(five_rows):
    write(2)

    output = verify("--no-seal")

    assert (f"Access log intact: 7 rows, head hash {five_rows[-1].entry_hash} (sealed row 5); "
            "2 recent rows wait for their seal") in output
    assert AccessLogEntry.objects.filter(sealed_seq__isnull=True).count() == 2


def test_rows_left_unsealed_too_long_fail_verification(five_rows, time_machine):
    waiting = write(2)
    time_machine.move_to(NOW + audit.UNSEALED_LIMIT + datetime.timedelta(seconds=1), tick=False)

    assert verify_chain() == [ChainBreak(entry.pk, "unsealed") for entry in waiting]
    message, output = verify_failure("--no-seal")
    assert f"2 rows not sealed 10 minutes after they were written (first: row {waiting[0].pk})" in message
    assert f"Unsealed row: row {waiting[0].pk}: not sealed into the chain 10 minutes after it was written" in output
    assert "hash chain broken" not in message

    assert "Sealed 2 rows." in verify()


def test_the_seal_command_seals_what_waits(world):
    write(4)
    out = StringIO()

    call_command("seal_access_log", stdout=out)

    assert out.getvalue().strip() == "Sealed 4 rows."
    assert not AccessLogEntry.objects.filter(sealed_seq__isnull=True).exists()
    assert verify_chain() == []


def test_a_row_changed_behind_the_triggers_is_found_exactly_at_that_row(five_rows):
    tampered = five_rows[2]
    with TriggersLifted():
        execute("UPDATE privacy_accesslogentry SET reason = %s WHERE id = %s", ["niets aan de hand", tampered.pk])
    assert verify_chain() == [ChainBreak(tampered.pk, "hash")]
    message, output = verify_failure()
    assert f"hash chain broken at row {tampered.pk}" in message
    assert f"First broken row: row {tampered.pk}: its content does not match its hash" in output
    assert "user=focal_officer action=view record=signalling.signal:3" in output


def test_a_changed_row_with_a_recomputed_hash_is_found_at_the_next_row(five_rows):
    tampered = AccessLogEntry.objects.get(pk=five_rows[2].pk)
    tampered.flagged = True
    with TriggersLifted():
        execute("UPDATE privacy_accesslogentry SET flagged = %s, entry_hash = %s WHERE id = %s",
                [True, tampered.compute_hash(), tampered.pk])
    assert verify_chain() == [ChainBreak(five_rows[3].pk, "link")]


def test_a_deleted_middle_row_is_found_at_the_row_after_it(five_rows):
    with TriggersLifted():
        execute("DELETE FROM privacy_accesslogentry WHERE id = %s", [five_rows[2].pk])
    assert verify_chain() == [ChainBreak(five_rows[3].pk, "link")]
    message, output = verify_failure()
    assert f"row {five_rows[3].pk}: it does not link to the row before it" in output


def test_missing_triggers_fail_verification_and_come_back_after_migrate(five_rows):
    triggers.remove(connection)
    try:
        assert not triggers.installed(connection)
        message, _ = verify_failure()
        assert "append-only triggers on the access log are missing" in message
        triggers.ensure_installed(using="default")
        assert triggers.installed(connection)
    finally:
        triggers.install(connection)


def test_a_sealer_working_from_a_stale_head_cannot_fork_the_chain(five_rows, monkeypatch):
    # Two sealers are serialised by the chain lock; should one ever read an old head anyway, the
    # unique sequence number and predecessor refuse its seals and the chain stays as it was.
    write(2)
    monkeypatch.setattr(audit, "chain_head", lambda using: (0, GENESIS_HASH))

    with pytest.raises(IntegrityError):
        seal_pending()

    monkeypatch.undo()
    assert AccessLogEntry.objects.filter(sealed_seq__isnull=True).count() == 2
    assert seal_pending() == 2
    assert verify_chain() == []


def test_no_two_rows_can_share_a_predecessor(five_rows):
    forged = AccessLogEntry(at=five_rows[0].at, action="view", previous_hash=five_rows[1].previous_hash)
    forged.entry_hash = forged.compute_hash()
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()


@pytest.mark.django_db(transaction=True)
def test_the_test_suites_flush_may_empty_the_log_and_restores_the_triggers():
    record_access(user=None, action="login_failed")
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessLogEntry.objects.exists()
    assert triggers.installed(connection)
