"""Database triggers that make the access log append-only, for SQLite and PostgreSQL.

The model refuses `save()` on an existing row, `delete()` and queryset `update()`/`delete()`;
these triggers refuse the same through raw SQL and any other client. One UPDATE passes: the
sealer filling a row's empty seal columns (decision 0068), which changes nothing else and can
happen once per row. They are created by migrations 0003/0004 and re-checked after every
`migrate` (SQLite drops a table's triggers when a later migration rebuilds the table). See
docs/decisions/0023-append-only-access-log.md and 0068-deferred-sealing-of-the-access-log.md.
"""

from __future__ import annotations

TABLE = "privacy_accesslogentry"
MESSAGE = "access log is append-only"

# The seal (decision 0068): written empty, filled once by the sealer (audit.seal_pending).
SEAL_COLUMNS = ("previous_hash", "entry_hash", "sealed_seq")
# Every other column: what the sealing UPDATE must leave exactly as it was. SQLite's trigger names
# them one by one (a test compares this list with the model); PostgreSQL compares whole rows.
CONTENT_COLUMNS = ("id", "at", "user_id", "username", "organisation_name", "role", "action", "record_type",
                   "record_id", "reason", "detail", "flagged", "scope_keys", "owner_keys")


# Retention (decision 0073): a sealed row at or below a checkpoint's cut may be deleted; nothing else.
CHECKPOINT_TABLE = "privacy_accesslogcheckpoint"
_SQLITE_BELOW_CHECKPOINT = (f"OLD.sealed_seq IS NOT NULL AND EXISTS (SELECT 1 FROM {CHECKPOINT_TABLE} "
                            "WHERE cut_seq >= OLD.sealed_seq)")


def _sqlite_sealing_only(columns=CONTENT_COLUMNS) -> str:
    """The one UPDATE the SQLite trigger lets through: empty seal columns filled, nothing else."""
    filled = " AND ".join(f"(OLD.{c} IS NULL OR NEW.{c} IS OLD.{c}) AND NEW.{c} IS NOT NULL"
                          for c in ("previous_hash", "entry_hash"))
    unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in columns)
    return f"OLD.sealed_seq IS NULL AND NEW.sealed_seq IS NOT NULL AND {filled} AND {unchanged}"


def _sqlite_install(columns=CONTENT_COLUMNS, *, checkpoints: bool = True, seals: bool = True) -> list[str]:
    # Before the checkpoint table exists (older migrations) no DELETE passes at all; before the
    # seal columns exist (migration 0003, run before 0004 when another app's migrations interleave)
    # no UPDATE passes. A trigger naming a missing column breaks every later table rebuild.
    below_checkpoint = f"WHEN NOT ({_SQLITE_BELOW_CHECKPOINT})" if checkpoints and seals else ""
    sealing_only = f"WHEN NOT ({_sqlite_sealing_only(columns)})" if seals else ""
    return [
        f"""CREATE TRIGGER IF NOT EXISTS privacy_accesslog_no_update BEFORE UPDATE ON {TABLE}
            {sealing_only}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS privacy_accesslog_no_delete BEFORE DELETE ON {TABLE}
            {below_checkpoint}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


SQLITE_INSTALL = _sqlite_install()
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accesslog_no_update",
    "DROP TRIGGER IF EXISTS privacy_accesslog_no_delete",
]
SQLITE_NAMES = ("privacy_accesslog_no_update", "privacy_accesslog_no_delete")

_SEAL_ARRAY = "ARRAY[" + ", ".join(f"'{c}'" for c in SEAL_COLUMNS) + "]"
POSTGRES_INSTALL = [
    # A row is compared as jsonb without its seal columns, so a column added later is covered too.
    f"""CREATE OR REPLACE FUNCTION privacy_accesslog_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE'
               AND OLD.sealed_seq IS NULL AND NEW.sealed_seq IS NOT NULL
               AND NEW.previous_hash IS NOT NULL AND NEW.entry_hash IS NOT NULL
               AND (OLD.previous_hash IS NULL OR NEW.previous_hash = OLD.previous_hash)
               AND (OLD.entry_hash IS NULL OR NEW.entry_hash = OLD.entry_hash)
               AND to_jsonb(NEW) - {_SEAL_ARRAY} = to_jsonb(OLD) - {_SEAL_ARRAY}
            THEN
                RETURN NEW;
            END IF;
            IF TG_OP = 'DELETE' AND OLD.sealed_seq IS NOT NULL
               AND EXISTS (SELECT 1 FROM {CHECKPOINT_TABLE} WHERE cut_seq >= OLD.sealed_seq)
            THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END
        $$""",
    f"DROP TRIGGER IF EXISTS privacy_accesslog_no_change ON {TABLE}",
    f"""CREATE TRIGGER privacy_accesslog_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_append_only()""",
    f"DROP TRIGGER IF EXISTS privacy_accesslog_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER privacy_accesslog_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION privacy_accesslog_append_only()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS privacy_accesslog_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS privacy_accesslog_no_truncate ON {TABLE}",
]
POSTGRES_NAMES = ("privacy_accesslog_no_change", "privacy_accesslog_no_truncate")


class UnsupportedDatabase(RuntimeError):
    pass


def _table_columns(connection) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, TABLE)}


def _table_content_columns(connection) -> tuple[str, ...]:
    """The content columns the table has now: a migration of an earlier schema (e.g. before
    owner_keys existed) installs the trigger for the columns of its time."""
    present = _table_columns(connection)
    return tuple(column for column in CONTENT_COLUMNS if column in present)


def _statements(connection, *, install: bool) -> list[str]:
    if connection.vendor == "sqlite":
        if not install:
            return SQLITE_REMOVE
        return _sqlite_install(_table_content_columns(connection),
                               checkpoints=CHECKPOINT_TABLE in connection.introspection.table_names(),
                               seals=set(SEAL_COLUMNS) <= _table_columns(connection))
    if connection.vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    raise UnsupportedDatabase(f"no append-only triggers for {connection.vendor}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, install=True):
            cursor.execute(statement)


def remove(connection) -> None:
    """Drop the triggers. Only the test-suite's flush and tamper tests do this."""
    with connection.cursor() as cursor:
        for statement in _statements(connection, install=False):
            cursor.execute(statement)


def installed(connection) -> bool:
    """Whether every append-only trigger is present on the access-log table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            expected = SQLITE_NAMES
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE])
            expected = POSTGRES_NAMES
        else:
            return False
        present = {row[0] for row in cursor.fetchall()}
    return set(expected) <= present


def ensure_installed(sender=None, *, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: put the triggers back if a migration rebuilt the table."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor not in {"sqlite", "postgresql"}:
        return
    if TABLE not in connection.introspection.table_names():
        return
    if not installed(connection):
        install(connection)
