"""The models moved here from ``tours`` and ``visits`` take their content types (and so permissions) along."""

from django.db import migrations

from backend.core.model_moves import content_types_move


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [
        content_types_move(
            old_label="tours",
            new_label="planning",
            models=["networkrevision", "planningrun", "plan", "planroute", "plannedvisit", "leftoutvisit"],
        ),
        content_types_move(old_label="visits", new_label="planning", models=["visitrequest"]),
    ]
