from django.db import migrations

from amo.core.reference import create_categories


def forwards(apps, schema_editor):
    # Stores the names of the categories in every locale the message
    # catalogues translate them into.
    create_categories(apps.get_model("addons", "Category"))


class Migration(migrations.Migration):
    dependencies = [("addons", "0004_categories")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
