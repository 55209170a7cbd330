"""Make the access log append-only in the database itself (SQLite and PostgreSQL triggers).

The SQL lives in schakel.privacy.triggers so the post_migrate check and the test-suite's
flush use the very same statements.
"""

from django.db import migrations


def install(apps, schema_editor):
    from schakel.privacy import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from schakel.privacy import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0002_access_log_scope_files_emergency_access"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
