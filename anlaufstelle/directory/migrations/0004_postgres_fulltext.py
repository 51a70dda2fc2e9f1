"""On PostgreSQL: a full-text GIN index over the offers' search index (see decision 0008)."""

from django.db import migrations

from anlaufstelle.core.migration_sql import postgres_only

CREATE = [
    "CREATE INDEX IF NOT EXISTS directory_offer_search_fts ON directory_offer "
    "USING gin (to_tsvector('simple'::regconfig, search_index))",
]
DROP = ["DROP INDEX IF EXISTS directory_offer_search_fts"]


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_postgres_search")]

    operations = [postgres_only(CREATE, DROP)]
