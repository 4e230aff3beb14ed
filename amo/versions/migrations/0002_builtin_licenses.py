from django.db import migrations

from amo.core.constants import BUILTIN_LICENSES


def create_licenses(apps, schema_editor):
    License = apps.get_model("versions", "License")
    for builtin in BUILTIN_LICENSES:
        License.objects.update_or_create(
            slug=builtin.slug,
            defaults={"name": {"en-US": builtin.name}, "url": builtin.url},
        )


class Migration(migrations.Migration):
    dependencies = [("versions", "0001_initial")]

    operations = [migrations.RunPython(create_licenses, migrations.RunPython.noop)]
