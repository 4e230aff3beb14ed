"""Collections in the admin: counts, featuring and caches stay right."""

import json

import pytest
from asgiref.sync import sync_to_async

from amo.collections import queries
from amo.collections.models import Collection, CollectionAddon
from amo.users.models import User
from tests.collections.factories import CollectionFactory
from tests.factories import AddonFactory, UserFactory


@pytest.fixture
async def staff_client(live_db, async_client):
    user = await sync_to_async(User.objects.create_superuser)(
        email="staff@example.com", username="staff", password="correct horse"
    )
    await async_client.aforce_login(user)
    return async_client


def build():
    olga = UserFactory(username="olga")
    collection = CollectionFactory(author=olga, slug="tabs", name={"en-US": "Tabs"})
    first, second = AddonFactory(slug="first"), AddonFactory(slug="second")
    CollectionAddon.objects.create(collection=collection, addon=first, position=0)
    Collection.objects.filter(pk=collection.pk).update(addon_count=1)
    return collection, first, second


def change_form(collection, entry, addon_id: int, **fields) -> dict[str, str]:
    data = {
        "author": str(collection.author_id),
        "slug": collection.slug,
        "name": json.dumps(collection.name),
        "description": json.dumps(collection.description),
        "default_locale": collection.default_locale,
        "collection_addons-TOTAL_FORMS": "2",
        "collection_addons-INITIAL_FORMS": "1",
        "collection_addons-MIN_NUM_FORMS": "0",
        "collection_addons-MAX_NUM_FORMS": "1000",
        "collection_addons-0-id": str(entry.pk),
        "collection_addons-0-collection": str(collection.pk),
        "collection_addons-0-addon": str(entry.addon_id),
        "collection_addons-0-position": "0",
        "collection_addons-0-notes": "{}",
        "collection_addons-1-collection": str(collection.pk),
        "collection_addons-1-addon": str(addon_id),
        "collection_addons-1-position": "1",
        "collection_addons-1-notes": json.dumps({"en-US": "Added by staff"}),
    }
    for name, value in fields.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    return data


async def test_admin_save_recounts_and_features(staff_client):
    collection, _first, second = await sync_to_async(build)()
    entry = await CollectionAddon.objects.aget(collection=collection)
    assert (await queries.get_collection("olga", "tabs")).addon_count == 1

    response = await staff_client.post(
        f"/admin/collections/collection/{collection.pk}/change/",
        change_form(collection, entry, second.pk, public=True, featured=True),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = await Collection.objects.aget(pk=collection.pk)
    assert stored.addon_count == 2
    assert stored.featured is True
    assert stored.featured_at is not None
    shown = await queries.get_collection("olga", "tabs")
    assert shown.addon_count == 2
    assert [c.pk for c in await queries.featured_collections()] == [collection.pk]


async def test_admin_does_not_feature_a_private_collection(staff_client):
    collection, _first, second = await sync_to_async(build)()
    entry = await CollectionAddon.objects.aget(collection=collection)

    response = await staff_client.post(
        f"/admin/collections/collection/{collection.pk}/change/",
        change_form(collection, entry, second.pk, public=False, featured=True),
    )

    assert response.status_code == 302
    stored = await Collection.objects.aget(pk=collection.pk)
    assert stored.public is False
    assert stored.featured is False
    assert stored.featured_at is None


async def test_entry_and_favourite_lists_are_read_only(staff_client):
    await sync_to_async(build)()

    for model in ("collectionaddon", "collectionfavourite"):
        listed = await staff_client.get(f"/admin/collections/{model}/")
        added = await staff_client.get(f"/admin/collections/{model}/add/")
        assert listed.status_code == 200, model
        assert added.status_code == 403, model
