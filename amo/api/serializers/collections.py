"""Collection objects of the API, and the models that document them.

A collection object has the fields id, addon_count, author (id, name, url,
username), default_locale, description, modified, name, public, slug, url
and uuid. Its add-ons are `{addon, notes}` objects, where `addon` is the
add-on object of amo.api.serializers.addons. Translated fields follow the
`lang` rules of amo.api.fields.translated.
"""

from typing import Any

from pydantic import Field

from amo.addons.models import Addon
from amo.api import schemas
from amo.api.context import ApiContext
from amo.api.fields import absolute, iso_datetime, site_url, translated
from amo.api.serializers.addons import serialize_addon
from amo.collections.models import Collection
from amo.collections.queries import CollectionItem


def collection_path(collection: Collection, context: ApiContext) -> str:
    """Return the site path of the collection's page, by its author's id."""
    return (
        f"/{context.locale}/{context.app.short}/collections/"
        f"{collection.author_id}/{collection.slug}/"
    )


def serialize_author(collection: Collection, context: ApiContext) -> dict[str, Any]:
    author = collection.author
    return {
        "id": author.pk,
        "name": author.name,
        "url": site_url("user-profile", author.pk, context=context),
        "username": author.username,
    }


def serialize_collection(collection: Collection, context: ApiContext) -> dict[str, Any]:
    """Return the collection object; `collection.author` must be loaded."""
    locale = collection.default_locale
    return {
        "id": collection.pk,
        "addon_count": collection.addon_count,
        "author": serialize_author(collection, context),
        "default_locale": locale,
        "description": translated(collection.description, locale, context),
        "modified": iso_datetime(collection.modified),
        "name": translated(collection.name, locale, context),
        "public": collection.public,
        "slug": collection.slug,
        "url": absolute(collection_path(collection, context)),
        "uuid": collection.uuid.hex,
    }


def serialize_collection_addon(
    item: CollectionItem, addon: Addon, collection: Collection, context: ApiContext
) -> dict[str, Any]:
    """Return `{addon, notes}`; the add-on's relations must be loaded."""
    return {
        "addon": serialize_addon(addon, context),
        "notes": translated(item.notes, collection.default_locale, context),
    }


# --- Models of the responses, for the OpenAPI schema ----------------------


class CollectionAuthor(schemas.Model):
    id: int
    name: str
    url: str
    username: str


class CollectionAddon(schemas.Model):
    addon: schemas.Addon
    notes: schemas.Translations | None


class CollectionObject(schemas.Model):
    id: int
    addon_count: int
    author: CollectionAuthor
    default_locale: str
    description: schemas.Translations | None
    modified: str = Field(description="ISO 8601 in UTC, such as 2024-05-01T12:00:00Z.")
    name: schemas.Translations | None
    public: bool
    slug: str
    url: str
    uuid: str
    addons: list[CollectionAddon] | None = Field(
        None, description="With `with_addons`: the first 25 add-ons."
    )


class CollectionPage(schemas.Page):
    results: list[CollectionObject]


class CollectionAddonPage(schemas.Page):
    results: list[CollectionAddon]
