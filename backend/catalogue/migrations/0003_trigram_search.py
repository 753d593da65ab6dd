"""PostgreSQL only: trigram indexes so that folded substring search stays fast on a large catalogue."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS record_search_trgm ON catalogue_record USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS copy_barcode_trgm ON catalogue_copy USING gin (barcode gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS record_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS copy_barcode_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
