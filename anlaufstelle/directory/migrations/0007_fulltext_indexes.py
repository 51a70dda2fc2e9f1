"""Full-text indexes for the public search on both databases (decision 0021).

SQLite: an FTS5 table over each offer's search and title index strings (external content: it
stores only the index, the texts stay in directory_offer), kept in step by triggers, so bulk
imports and every write action keep it current. The `ascii` tokenizer with `_` as a word
character makes each token exactly one term of the index string (the terms are folded already).

PostgreSQL: stored generated tsvector columns of the same strings with GIN indexes; they
replace the expression index of migration 0004, whose matches had to recompute the vector.
"""

from django.db import migrations

from anlaufstelle.core.migration_sql import postgres_only, sqlite_only

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS directory_offer_fts USING fts5("
    "search_index, title_index, content='directory_offer', content_rowid='id', "
    "tokenize=\"ascii tokenchars '_'\", detail=column)",
    "CREATE TRIGGER IF NOT EXISTS directory_offer_fts_insert AFTER INSERT ON directory_offer BEGIN "
    "INSERT INTO directory_offer_fts(rowid, search_index, title_index) "
    "VALUES (new.id, new.search_index, new.title_index); END",
    "CREATE TRIGGER IF NOT EXISTS directory_offer_fts_delete AFTER DELETE ON directory_offer BEGIN "
    "INSERT INTO directory_offer_fts(directory_offer_fts, rowid, search_index, title_index) "
    "VALUES ('delete', old.id, old.search_index, old.title_index); END",
    "CREATE TRIGGER IF NOT EXISTS directory_offer_fts_update AFTER UPDATE OF search_index, title_index "
    "ON directory_offer BEGIN "
    "INSERT INTO directory_offer_fts(directory_offer_fts, rowid, search_index, title_index) "
    "VALUES ('delete', old.id, old.search_index, old.title_index); "
    "INSERT INTO directory_offer_fts(rowid, search_index, title_index) "
    "VALUES (new.id, new.search_index, new.title_index); END",
    "INSERT INTO directory_offer_fts(directory_offer_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS directory_offer_fts_update",
    "DROP TRIGGER IF EXISTS directory_offer_fts_delete",
    "DROP TRIGGER IF EXISTS directory_offer_fts_insert",
    "DROP TABLE IF EXISTS directory_offer_fts",
]

POSTGRES_CREATE = [
    "ALTER TABLE directory_offer ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_index)) STORED",
    "ALTER TABLE directory_offer ADD COLUMN IF NOT EXISTS title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_index)) STORED",
    "CREATE INDEX IF NOT EXISTS directory_offer_search_vector ON directory_offer USING gin (search_vector)",
    "DROP INDEX IF EXISTS directory_offer_search_fts",
]
POSTGRES_DROP = [
    "CREATE INDEX IF NOT EXISTS directory_offer_search_fts ON directory_offer "
    "USING gin (to_tsvector('simple'::regconfig, search_index))",
    "DROP INDEX IF EXISTS directory_offer_search_vector",
    "ALTER TABLE directory_offer DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE directory_offer DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_proposal_comments_and_edits")]

    operations = [sqlite_only(SQLITE_CREATE, SQLITE_DROP), postgres_only(POSTGRES_CREATE, POSTGRES_DROP)]
