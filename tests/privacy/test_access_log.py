"""The access log: who, what, which organisation; append-only in the model and the database; tamper-evident."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from schakel.privacy import audit, triggers
from schakel.privacy.audit import GENESIS_HASH, ChainBreak, record_access, verify_chain
from schakel.privacy.models import AccessLogEntry, AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_rows(world):
    officer = world.user("focal_officer")
    return [record_access(user=officer, action="view", record_type="signalling.signal", record_id=n,
                          reason=f"triage {n}") for n in range(1, 6)]


def verify() -> str:
    out = StringIO()
    call_command("verify_access_log", stdout=out, stderr=out)
    return out.getvalue()


def verify_failure() -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_access_log", stdout=out, stderr=out)
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


def test_each_row_links_to_the_previous_one(five_rows):
    assert five_rows[0].previous_hash == GENESIS_HASH
    for before, after in zip(five_rows, five_rows[1:]):
        assert after.previous_hash == before.entry_hash
    assert verify_chain() == []


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


def test_an_intact_log_verifies(five_rows):
    output = verify()
    assert f"Access log intact: 5 rows, head hash {five_rows[-1].entry_hash}" in output


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


def test_a_writer_that_raced_for_the_same_predecessor_retries_on_the_new_head(world, monkeypatch):
    first = record_access(user=None, action="login_failed")
    real_head = audit._head_hash
    stale = iter([GENESIS_HASH])  # the head as a racing writer saw it before `first` committed

    monkeypatch.setattr(audit, "_head_hash", lambda using: next(stale, None) or real_head(using))
    second = record_access(user=None, action="login_failed")
    assert second.previous_hash == first.entry_hash
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
