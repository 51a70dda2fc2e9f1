"""On PostgreSQL: a full-text GIN index over the offers' search index (see decision 0008)."""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS directory_offer_search_fts ON directory_offer "
    "USING gin (to_tsvector('simple'::regconfig, search_index))",
]
DROP = ["DROP INDEX IF EXISTS directory_offer_search_fts"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_postgres_search")]

    operations = [migrations.RunPython(forwards, backwards)]
