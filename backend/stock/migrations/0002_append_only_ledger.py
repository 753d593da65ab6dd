"""PostgreSQL only: the ledger is append-only, so a trigger refuses UPDATE and DELETE on movements."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION stock_movement_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stock_movement is append-only: record a correcting movement instead';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON stock_movement
FOR EACH ROW EXECUTE FUNCTION stock_movement_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(TRIGGER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS stock_movement_append_only ON stock_movement")
    schema_editor.execute("DROP FUNCTION IF EXISTS stock_movement_append_only()")


class Migration(migrations.Migration):
    dependencies = [("stock", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
