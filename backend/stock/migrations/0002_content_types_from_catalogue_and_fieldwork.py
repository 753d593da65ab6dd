"""The models moved here from ``catalogue`` and ``fieldwork`` take their content types (and so permissions) along."""

from django.db import migrations

from backend.core.model_moves import content_types_move


class Migration(migrations.Migration):
    dependencies = [("stock", "0001_squashed_0004_stocktake"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [
        content_types_move(old_label="catalogue", new_label="stock", models=["record", "copy"]),
        content_types_move(old_label="fieldwork", new_label="stock", models=["reservation"]),
    ]
