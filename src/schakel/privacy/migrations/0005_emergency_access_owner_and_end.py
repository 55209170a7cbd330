"""The owner's side of emergency access (issue 18): the access log keeps the record's own
organisation, municipality and region (`owner_keys`) so that the owner's privacy officer sees the
row; a grant can be ended early. The SQLite trigger names every content column, so it is
recreated with the new one (PostgreSQL compares whole rows and needs no change).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def remove_triggers(apps, schema_editor):
    from schakel.privacy import triggers

    triggers.remove(schema_editor.connection)


def install_triggers(apps, schema_editor):
    from schakel.privacy import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0004_access_log_deferred_sealing'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_triggers, install_triggers),
        migrations.AddField(
            model_name='accesslogentry',
            name='owner_keys',
            field=models.CharField(blank=True, editable=False, help_text='Organisatie, gemeente en regio van het gegeven zelf (bij noodtoegang en rolwijzigingen), zodat ook de privacyfunctionaris van de eigenaar de regel ziet.', max_length=200, verbose_name='organisaties van het gegeven'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='ended_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='vroegtijdig beëindigd op'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='ended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='beëindigd door'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='owner_keys',
            field=models.CharField(blank=True, max_length=200, verbose_name='organisaties van het gegeven'),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
