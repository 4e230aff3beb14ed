from django.db import migrations

from amo.core.constants import CATEGORIES, ApplicationChoices


def create_categories(apps, schema_editor):
    Category = apps.get_model("addons", "Category")
    for application in ApplicationChoices.values:
        for definition in CATEGORIES:
            Category.objects.update_or_create(
                application=application,
                type=definition.type,
                slug=definition.slug,
                defaults={
                    "name": {"en-US": definition.name},
                    "weight": definition.weight,
                    "misc": definition.slug == "other",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("addons", "0003_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
