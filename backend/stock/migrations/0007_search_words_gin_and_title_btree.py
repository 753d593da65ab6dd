"""Smaller catalogue search indexes (issue 21), PostgreSQL only; no data changes.

The GIN index of every word's first one, two and three letters (15 MB at 200,000 records) becomes a GIN index of
their first three letters only, as a ``tsvector`` (about 8 MB): every searched word's bare, the title's once more
tagged "~". A word of three letters or more is one exact term of it ('men' for "mèn"), the rest checked by LIKE; a
shorter one is a prefix query ('m':*). The B-tree on the folded title loses its ``id`` (11 to 8 MB): ties are few and
sorted on the fly. Both together take under 30 % of the table's disk. README, "Catalogue search".
"""

from django.db import migrations

POSTGRESQL_FORWARDS = [
    "DROP INDEX IF EXISTS record_search_terms_idx",
    "DROP INDEX IF EXISTS record_search_words_idx",
    "DROP FUNCTION IF EXISTS catalogue_search_terms(text, text)",
    "DROP INDEX IF EXISTS record_title_key_idx",
    """
    CREATE OR REPLACE FUNCTION catalogue_search_words(title_key text, search_text text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_to_tsvector(array(
            SELECT '~' || left(word, 3) FROM unnest(string_to_array(title_key, ' ')) AS word WHERE word <> ''
            UNION
            SELECT left(word, 3) FROM unnest(string_to_array(search_text, ' ')) AS word WHERE word <> ''
        ))
    $$
    """,
    'CREATE INDEX IF NOT EXISTS record_title_key_idx ON catalogue_record ((title_key COLLATE "C"))',
    # Without a pending list: a search never scans unindexed entries, and records are added a few at a time.
    "CREATE INDEX IF NOT EXISTS record_search_words_idx ON catalogue_record "
    "USING gin (catalogue_search_words(title_key, search_text)) WITH (fastupdate = off)",
    "ANALYZE catalogue_record",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS record_search_words_idx",
    "DROP FUNCTION IF EXISTS catalogue_search_words(text, text)",
    "DROP INDEX IF EXISTS record_title_key_idx",
    'CREATE INDEX IF NOT EXISTS record_title_key_idx ON catalogue_record ((title_key COLLATE "C"), id)',
    """
    CREATE OR REPLACE FUNCTION catalogue_search_terms(title_key text, search_text text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 5000 AS $$
        SELECT coalesce(array_agg(DISTINCT term), '{}') FROM (
            SELECT 't:' || left(word, n) FROM unnest(string_to_array(title_key, ' ')) AS word,
                generate_series(1, least(length(word), 3)) AS n WHERE word <> ''
            UNION ALL
            SELECT left(word, n) FROM unnest(string_to_array(search_text, ' ')) AS word,
                generate_series(1, least(length(word), 3)) AS n WHERE word <> ''
        ) AS terms(term)
    $$
    """,
    "CREATE INDEX IF NOT EXISTS record_search_terms_idx ON catalogue_record "
    "USING gin (catalogue_search_terms(title_key, search_text))",
]


def postgresql_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARDS:
            schema_editor.execute(statement)


def postgresql_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("stock", "0006_merge_catalogue_search")]

    operations = [migrations.RunPython(postgresql_forwards, postgresql_backwards)]
