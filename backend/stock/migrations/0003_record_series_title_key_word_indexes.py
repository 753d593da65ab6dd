"""Catalogue search ranked and fast enough to search as you type (issue 21).

Records get a ``series`` and a ``title_key`` (the title's folded words), both "" by default in the database too, for
raw inserts; ``search_text`` is refolded to the words of the title, subtitle, authors, series and subjects. On PostgreSQL the trigram index over ``search_text`` is replaced by
a GIN index of the words' first one to three letters (those of the title also tagged "t:"), and the B-tree on
``title`` by one on ``title_key`` in byte order (exact titles, title starts, and the walk in title order). README,
"Catalogue search".
"""

from django.db import migrations, models

from backend.core.text import search_key

SEARCH_SOURCE_FIELDS = ("title", "subtitle", "authors", "series", "subjects")

POSTGRESQL_FORWARDS = [
    "DROP INDEX IF EXISTS record_search_trgm",
    # Each word gives its first one, two and three letters ("nguyen": n, ng, ngu), and a title word the same tagged
    # "t:" (t:n, t:ng, t:ngu): a prefix of up to three letters is then one exact key of the index, and a longer one
    # its first three letters, the rest checked by LIKE.
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
    'CREATE INDEX IF NOT EXISTS record_title_key_idx ON catalogue_record ((title_key COLLATE "C"), id)',
    "CREATE INDEX IF NOT EXISTS record_search_terms_idx ON catalogue_record "
    "USING gin (catalogue_search_terms(title_key, search_text))",
    "ANALYZE catalogue_record",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS record_search_terms_idx",
    "DROP INDEX IF EXISTS record_title_key_idx",
    "DROP FUNCTION IF EXISTS catalogue_search_terms(text, text)",
    "CREATE INDEX IF NOT EXISTS record_search_trgm ON catalogue_record USING gin (search_text gin_trgm_ops)",
]


def refold_records(apps, schema_editor):
    Record = apps.get_model("stock", "Record")
    batch = []
    for record in Record.objects.only("id", *SEARCH_SOURCE_FIELDS).iterator(chunk_size=2000):
        record.title_key = search_key(record.title)
        record.search_text = " " + search_key(" ".join(str(getattr(record, f) or "") for f in SEARCH_SOURCE_FIELDS))
        batch.append(record)
        if len(batch) == 2000:
            Record.objects.bulk_update(batch, ["title_key", "search_text"])
            batch = []
    Record.objects.bulk_update(batch, ["title_key", "search_text"])


def postgresql_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARDS:
            schema_editor.execute(statement)


def postgresql_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("stock", "0002_content_types_from_catalogue_and_fieldwork")]

    operations = [
        migrations.AddField(
            model_name="record",
            name="series",
            field=models.CharField(blank=True, db_default="", default="", max_length=300, verbose_name="series"),
        ),
        migrations.AddField(
            model_name="record",
            name="title_key",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        # Searches walk record_title_key_idx instead.
        migrations.RemoveIndex(model_name="record", name="record_title_idx"),
        migrations.RunPython(refold_records, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(postgresql_forwards, postgresql_backwards),
    ]
