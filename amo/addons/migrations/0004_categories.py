from django.db import migrations

from amo.core.reference import create_categories


def forwards(apps, schema_editor):
    create_categories(apps.get_model("addons", "Category"))


class Migration(migrations.Migration):
    dependencies = [("addons", "0003_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
