"""Deferred sealing of the access log (docs/decisions/0068-deferred-sealing-of-the-access-log.md).

Rows are written with an empty seal (previous_hash, entry_hash, sealed_seq) that the sealer
fills later; the triggers let exactly that one UPDATE through. Rows written before this
migration are sealed already: they get their place in the chain, sealed_seq, in id order (the
order the serialised writers linked them in), so the chain continues unbroken.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "privacy_accesslogentry"

# The triggers as migration 0003 installed them, for migrating back.
LEGACY_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS privacy_accesslog_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS privacy_accesslog_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
]
LEGACY_POSTGRES = [
    """CREATE OR REPLACE FUNCTION privacy_accesslog_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'access log is append-only' USING ERRCODE = 'integrity_constraint_violation';
        END
        $$""",
    f"DROP TRIGGER IF EXISTS privacy_accesslog_no_change ON {TABLE}",
    f"""CREATE TRIGGER privacy_accesslog_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_append_only()""",
    f"DROP TRIGGER IF EXISTS privacy_accesslog_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER privacy_accesslog_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION privacy_accesslog_append_only()""",
]


def remove_triggers(apps, schema_editor):
    from schakel.privacy import triggers

    triggers.remove(schema_editor.connection)


def install_legacy_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = {"sqlite": LEGACY_SQLITE, "postgresql": LEGACY_POSTGRES}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def number_sealed_rows_and_install_triggers(apps, schema_editor):
    from schakel.privacy import triggers

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"""UPDATE {TABLE} SET sealed_seq = numbered.seq
                           FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM {TABLE}) AS numbered
                           WHERE {TABLE}.id = numbered.id""")
    triggers.install(schema_editor.connection)


def refuse_unsealed_rows_and_remove_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE sealed_seq IS NULL")
        if cursor.fetchone()[0]:
            raise RuntimeError("the access log has unsealed rows: run `manage.py seal_access_log` before "
                               "migrating back")
    remove_triggers(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0003_access_log_append_only_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_triggers, install_legacy_triggers, elidable=False),
        migrations.AddField(
            model_name='accesslogentry',
            name='sealed_seq',
            field=models.BigIntegerField(editable=False, null=True, unique=True, verbose_name='volgnummer in de keten'),
        ),
        migrations.AlterField(
            model_name='accesslogentry',
            name='entry_hash',
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='accesslogentry',
            name='previous_hash',
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(number_sealed_rows_and_install_triggers, refuse_unsealed_rows_and_remove_triggers,
                             elidable=False),
        # After the numbering, so the index of waiting rows starts empty.
        migrations.AddIndex(
            model_name='accesslogentry',
            index=models.Index(condition=models.Q(('sealed_seq__isnull', True)), fields=['id'], name='privacy_accesslog_unsealed'),
        ),
    ]
