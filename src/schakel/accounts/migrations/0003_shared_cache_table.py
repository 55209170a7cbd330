"""The table of the shared database cache (settings CACHES): one-time codes used once, login throttles.

`createcachetable` is idempotent; running it from a migration means `migrate` is the only
deployment step, on SQLite and PostgreSQL alike.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_service_account")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
