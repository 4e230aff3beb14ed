"""Rows every installation has: the categories and the built-in licences.

Migrations create them; tests that flush the database call
`create_reference_data()` to put them back.
"""

from typing import Any

from django.conf import settings
from django.utils import translation

from amo.core.constants import BUILTIN_LICENSES, CATEGORIES, ApplicationChoices


def translated_names(english: str) -> dict[str, str]:
    """Return `english` in every locale, as the message catalogues have it.

    The tests keep every catalogue complete, so a text equal to the
    English one is the locale's own word for it (German "Tabs").
    """
    names = {}
    for code in settings.AMO_LANGUAGES:
        with translation.override(code):
            names[code] = translation.gettext(english)
    return names


def create_categories(category_model: Any) -> None:
    names = {
        definition.name: translated_names(definition.name) for definition in CATEGORIES
    }
    for application in ApplicationChoices.values:
        for definition in CATEGORIES:
            category_model.objects.update_or_create(
                application=application,
                type=definition.type,
                slug=definition.slug,
                defaults={
                    "name": names[definition.name],
                    "weight": definition.weight,
                    "misc": definition.slug == "other",
                },
            )


def create_licenses(license_model: Any) -> None:
    for builtin in BUILTIN_LICENSES:
        license_model.objects.update_or_create(
            slug=builtin.slug,
            defaults={"name": {"en-US": builtin.name}, "url": builtin.url},
        )


def create_reference_data() -> None:
    from amo.addons.models import Category
    from amo.versions.models import License

    create_categories(Category)
    create_licenses(License)
