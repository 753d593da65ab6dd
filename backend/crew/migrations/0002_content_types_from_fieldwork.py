"""The models of the ``fieldwork`` app, now ``crew``, take their content types (and so permissions) along."""

from django.db import migrations

from backend.core.model_moves import content_types_move


class Migration(migrations.Migration):
    dependencies = [("crew", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [
        content_types_move(
            old_label="fieldwork", new_label="crew", models=["visitreport", "positionping", "syncconflict"]
        ),
    ]
