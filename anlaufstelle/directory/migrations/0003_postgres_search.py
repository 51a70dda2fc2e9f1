"""On PostgreSQL: pg_trgm and a trigram GIN index so the word-prefix search uses an index."""

from django.db import migrations

from anlaufstelle.core.migration_sql import postgres_only

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS directory_offer_search_trgm ON directory_offer USING gin (search_index gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS directory_offer_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_offer_proposal")]

    operations = [postgres_only(CREATE, DROP)]
