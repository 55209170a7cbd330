"""Index for the API's signal list: a municipality's signals in deadline order, all statuses.

`GET /api/v1/signals` orders a focal officer's signals by (triage_due, id). Without this index
PostgreSQL reads and sorts every signal of the municipality for each first page (Amsterdam at
1M signals: ~70,000 rows); with it the first 100 rows come straight from the index. Found by
`make bench` (docs/performance.md). Index-only migration by the performance engineer: plain SQL
so the model state is unchanged (no autodetector change); CONCURRENTLY on PostgreSQL so a live
installation keeps accepting signals while it builds.
"""

from django.db import migrations

INDEX = "signal_municipality_due"


def create(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON signalling_signal (municipality_id, triage_due, id)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("signalling", "0002_signalattachment")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
