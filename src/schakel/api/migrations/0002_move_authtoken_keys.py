"""Keys issued by DRF's authtoken (stored as issued) become hashed ApiToken rows; the plain keys go.

On a database that never had rest_framework.authtoken this does nothing. Moved keys keep working
until SCHAKEL_API_TOKEN_VALID_DAYS after the migration (counted as issued then); the old table is emptied, so no usable key
is left in the database.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def move_keys(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("api", "ApiToken")
    moment = timezone.now()
    expires = moment + datetime.timedelta(days=settings.API_TOKEN_VALID_DAYS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
        ApiToken.objects.bulk_create([
            ApiToken(user_id=user_id, digest=hashlib.sha256(key.encode("utf-8")).hexdigest(), prefix=key[:8],
                     created_at=moment, expires_at=expires)
            for key, user_id in rows])
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(move_keys, migrations.RunPython.noop)]
