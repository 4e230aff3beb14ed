from django.db import migrations

from amo.core.reference import create_licenses


def forwards(apps, schema_editor):
    create_licenses(apps.get_model("versions", "License"))


class Migration(migrations.Migration):
    dependencies = [("versions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
