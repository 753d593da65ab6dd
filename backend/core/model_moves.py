"""Moving models between apps without touching their tables: their content types follow them, so permissions,
admin history and anything else keyed on a content type keep pointing at the same rows."""

from django.db import migrations


def content_types_move(*, old_label: str, new_label: str, models: list[str]) -> migrations.RunPython:
    """A migration step that relabels ``old_label``'s content types of ``models`` (lowercase names) as ``new_label``'s.

    A content type the new app already has (made by an earlier ``migrate``) is left alone, with the old one kept.
    """

    def forwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        taken = set(content_types.filter(app_label=new_label, model__in=models).values_list("model", flat=True))
        content_types.filter(app_label=old_label, model__in=set(models) - taken).update(app_label=new_label)

    def backwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        content_types.filter(app_label=new_label, model__in=models).update(app_label=old_label)

    return migrations.RunPython(forwards, backwards)
