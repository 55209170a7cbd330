"""PostgreSQL: keep the 1,000 most common search tokens in the planner's statistics (was 100).

With the default statistics target PostgreSQL knows only the 100 most common tokens of the 24
million at 1M signals; a word just below them (the bench's "matrassen": 103,165 rows, the 37th
most common word) is then estimated at ~120 rows in Amsterdam instead of ~7,400, and the
history search picks a plan that fetches every match and sorts them (99 ms) instead of walking
the municipality's signals newest first until a page is full. At target 1,000 every word
common enough to matter is in the list. Docs: docs/decisions/0032-search-tokens-per-municipality.md.
No model state; SQLite has no such statistics. The ALTER and the ANALYZE take a lock that does
not block reads or writes (SHARE UPDATE EXCLUSIVE); the ANALYZE samples 300,000 rows.
"""

from django.db import migrations

TARGET = 1000


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE signalling_searchtoken ALTER COLUMN token SET STATISTICS {TARGET}")
        schema_editor.execute("ANALYZE signalling_searchtoken")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE signalling_searchtoken ALTER COLUMN token SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("signalling", "0004_searchtoken_municipality")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
