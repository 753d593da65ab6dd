"""Records' search text now begins with a space, so that searches match the start of words (see ``Record.save``)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def forwards(apps, schema_editor):
    Record = apps.get_model("catalogue", "Record")
    Record.objects.exclude(search_text__startswith=" ").update(search_text=Concat(Value(" "), "search_text"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_record_title_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
