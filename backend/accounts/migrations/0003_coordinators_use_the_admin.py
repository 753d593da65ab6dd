from django.db import migrations


def coordinators_are_staff(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(role__in=["admin", "coordinator"]).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(coordinators_are_staff, migrations.RunPython.noop)]
