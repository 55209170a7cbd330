"""SearchToken.municipality: a copy of the signal's municipality, so search filters in the index.

A common word is in ~100,000 token rows at 1M signals; without the municipality on the token a
search read all of them and their signals before it could keep a municipality's. Decision record
docs/decisions/0032-search-tokens-per-municipality.md. Model state: the field (NOT NULL) and
the index (kind, token, municipality, signal) replacing (token, kind).

Written to be cheap on a big PostgreSQL table (24 million rows at 1M signals), not atomic:

1. add the column nullable: a catalogue change, no table rewrite, no foreign-key check yet;
2. fill it with one set-based UPDATE ... FROM signalling_signal (re-runnable: only NULL rows);
3. build the new index CONCURRENTLY: intake keeps inserting tokens while it builds (an invalid
   index left by an interrupted earlier run is dropped first, so running migrate again finishes);
4. in one short transaction that blocks token inserts (SHARE ROW EXCLUSIVE, readers go on):
   fill rows inserted meanwhile by processes still running the previous release, SET NOT NULL,
   and add the foreign key NOT VALID (no scan under the lock);
5. VALIDATE the foreign key (a scan that does not block writes), then drop the old index
   CONCURRENTLY.

Processes of the previous release that insert tokens after step 4 fail (NOT NULL) until they
are restarted: restart web servers and workers right after `migrate` (docs/operations.md,
Upgrades). SQLite (small installations) takes Django's own schema operations.
"""

from django.db import migrations, models

TABLE = "signalling_searchtoken"
NEW_INDEX = "searchtoken_kind_token_muni"
OLD_INDEX = "searchtoken_token_kind"
FK_NAME = "signalling_searchtoken_municipality_id_fk"


def _field(null: bool) -> models.ForeignKey:
    return models.ForeignKey("organisations.Municipality", on_delete=models.DO_NOTHING, related_name="+",
                             db_index=False, editable=False, null=null)


def _postgresql_forward(schema_editor) -> None:
    execute = schema_editor.execute
    execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS municipality_id bigint NULL")
    execute(f"UPDATE {TABLE} AS t SET municipality_id = s.municipality_id FROM signalling_signal AS s "
            f"WHERE s.id = t.signal_id AND t.municipality_id IS NULL")
    _drop_if_invalid(schema_editor, NEW_INDEX)
    execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NEW_INDEX} "
            f"ON {TABLE} (kind, token, municipality_id, signal_id)")
    with schema_editor.connection.cursor() as cursor, _transaction(schema_editor):
        cursor.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"UPDATE {TABLE} AS t SET municipality_id = s.municipality_id FROM signalling_signal AS s "
                       f"WHERE s.id = t.signal_id AND t.municipality_id IS NULL")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN municipality_id SET NOT NULL")
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {FK_NAME}")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {FK_NAME} FOREIGN KEY (municipality_id) "
                       f"REFERENCES organisations_municipality (id) DEFERRABLE INITIALLY DEFERRED NOT VALID")
    execute(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {FK_NAME}")
    execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX}")


def _drop_if_invalid(schema_editor, name: str) -> None:
    """An interrupted CREATE INDEX CONCURRENTLY leaves an invalid index behind; IF NOT EXISTS would keep it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s AND NOT i.indisvalid", [name])
        invalid = cursor.fetchone() is not None
    if invalid:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def _postgresql_backward(schema_editor) -> None:
    execute = schema_editor.execute
    _drop_if_invalid(schema_editor, OLD_INDEX)
    execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX} ON {TABLE} (token, kind)")
    execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NEW_INDEX}")
    execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS municipality_id")


def _transaction(schema_editor):
    from django.db import transaction

    return transaction.atomic(using=schema_editor.connection.alias)


def postgresql_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _postgresql_forward(schema_editor)


def postgresql_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _postgresql_backward(schema_editor)


def backfill(apps, schema_editor):
    schema_editor.execute(f"UPDATE {TABLE} SET municipality_id = (SELECT s.municipality_id FROM signalling_signal "
                          f"AS s WHERE s.id = {TABLE}.signal_id)")


class NotOnPostgreSQL(migrations.operations.base.Operation):
    """Run Django's own operation on other databases (SQLite); PostgreSQL takes the SQL above."""

    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return self.__class__.__name__, [self.operation], {}

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (not on PostgreSQL)"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("organisations", "0001_initial"),
        ("signalling", "0003_bench_signal_municipality_due"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchtoken",
                    name="municipality",
                    field=_field(null=False),
                    preserve_default=False,
                ),
                migrations.RemoveIndex(model_name="searchtoken", name=OLD_INDEX),
                migrations.AddIndex(
                    model_name="searchtoken",
                    index=models.Index(fields=["kind", "token", "municipality", "signal"], name=NEW_INDEX),
                ),
            ],
            database_operations=[
                migrations.RunPython(postgresql_forward, postgresql_backward, elidable=False),
                NotOnPostgreSQL(migrations.AddField(model_name="searchtoken", name="municipality",
                                                    field=_field(null=True))),
                NotOnPostgreSQL(migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False)),
                NotOnPostgreSQL(migrations.AlterField(model_name="searchtoken", name="municipality",
                                                      field=_field(null=False))),
                NotOnPostgreSQL(migrations.RemoveIndex(model_name="searchtoken", name=OLD_INDEX)),
                NotOnPostgreSQL(migrations.AddIndex(
                    model_name="searchtoken",
                    index=models.Index(fields=["kind", "token", "municipality", "signal"], name=NEW_INDEX))),
            ],
        ),
    ]
