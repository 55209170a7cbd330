"""Database triggers that make the access log append-only, for SQLite and PostgreSQL.

The model refuses `save()` on an existing row, `delete()` and queryset `update()`/`delete()`;
these triggers refuse the same through raw SQL and any other client. They are created by
migration 0003 and re-checked after every `migrate` (SQLite drops a table's triggers when a
later migration rebuilds the table). See docs/decisions/0023-append-only-access-log.md.
"""

from __future__ import annotations

TABLE = "privacy_accesslogentry"
MESSAGE = "access log is append-only"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS privacy_accesslog_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS privacy_accesslog_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accesslog_no_update",
    "DROP TRIGGER IF EXISTS privacy_accesslog_no_delete",
]
SQLITE_NAMES = ("privacy_accesslog_no_update", "privacy_accesslog_no_delete")

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION privacy_accesslog_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
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


def _statements(connection, *, install: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
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
