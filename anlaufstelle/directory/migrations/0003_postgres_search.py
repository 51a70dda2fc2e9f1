"""On PostgreSQL: pg_trgm and a trigram GIN index so the word-prefix search uses an index."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS directory_offer_search_trgm ON directory_offer USING gin (search_index gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS directory_offer_search_trgm"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_offer_proposal")]

    operations = [migrations.RunPython(forwards, backwards)]
