"""The collections endpoints: every route, field, filter, sort and error."""

import json
from dataclasses import dataclass
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import AsyncClient

from amo.addons.models import Addon
from amo.collections import actions
from amo.collections.models import Collection, CollectionAddon
from amo.core.constants import AddonStatus
from amo.users.models import User
from tests.api.auth_helpers import jwt_headers, make_api_key, make_developer
from tests.api.helpers import get_api
from tests.collections.factories import admin_user
from tests.factories import AddonFactory, UserFactory

API = "/api/v5/accounts/account"
COLLECTION_KEYS = {
    "id",
    "addon_count",
    "author",
    "default_locale",
    "description",
    "modified",
    "name",
    "public",
    "slug",
    "url",
    "uuid",
}


@dataclass
class World:
    olga: User
    bob: User
    adam: User
    popular: Addon
    quiet: Addon
    waiting: Addon
    gone: Addon
    tabs: Collection
    secret: Collection


def build_world() -> World:
    olga = make_developer(username="olga", display_name="Olga K")
    bob = UserFactory(username="bob")
    adam = admin_user()
    popular = AddonFactory(slug="popular", name={"en-US": "Popular"})
    quiet = AddonFactory(slug="quiet", name={"en-US": "Alpha quiet"})
    waiting = AddonFactory(slug="waiting", status=AddonStatus.NOMINATED)
    gone = AddonFactory(slug="gone", status=AddonStatus.DELETED)
    Addon.objects.filter(pk=popular.pk).update(average_daily_users=900)
    Addon.objects.filter(pk=quiet.pk).update(average_daily_users=10)
    tabs = Collection.objects.create(
        author=olga,
        slug="tabs",
        name={"en-US": "Tabs", "fr": "Onglets"},
        description={"en-US": "Tab tools."},
    )
    for position, addon in enumerate([quiet, popular, waiting, gone]):
        CollectionAddon.objects.create(
            collection=tabs,
            addon=addon,
            position=position,
            notes={"en-US": f"Note on {addon.slug}"},
        )
    Collection.objects.filter(pk=tabs.pk).update(addon_count=4)
    secret = Collection.objects.create(
        author=olga, slug="secret", name={"en-US": "Secret"}, public=False
    )
    return World(olga, bob, adam, popular, quiet, waiting, gone, tabs, secret)


@pytest.fixture
async def world(live_db) -> World:
    return await sync_to_async(build_world)()


async def signed_in(user: User) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user)
    return client


def body(response) -> Any:
    return json.loads(response.content) if response.content else None


async def send(client: AsyncClient, method: str, path: str, data: Any = None):
    return await getattr(client, method)(
        path,
        data=json.dumps(data) if data is not None else None,
        content_type="application/json",
    )


# --- The collection object ------------------------------------------------


async def test_detail_has_the_collection_object(world, async_client):
    response = await async_client.get(f"{API}/olga/collections/tabs/")

    data = body(response)
    assert response.status_code == 200
    assert set(data) == COLLECTION_KEYS
    assert data["id"] == world.tabs.pk
    assert data["addon_count"] == 4
    assert set(data["author"]) == {"id", "name", "url", "username"}
    assert data["author"]["id"] == world.olga.pk
    assert data["author"]["name"] == "Olga K"
    assert data["author"]["username"] == "olga"
    assert data["author"]["url"].startswith("http")
    assert data["author"]["url"].endswith(f"/user/{world.olga.pk}/")
    assert data["default_locale"] == "en-US"
    assert data["description"] == {"en-US": "Tab tools."}
    assert data["name"] == {"en-US": "Tabs", "fr": "Onglets"}
    assert data["public"] is True
    assert data["slug"] == "tabs"
    assert data["url"].startswith("http")
    assert data["url"].endswith(f"/en-US/firefox/collections/{world.olga.pk}/tabs/")
    assert data["uuid"] == world.tabs.uuid.hex
    assert data["modified"].endswith("Z")
    assert "private" not in response.get("Cache-Control", "")


async def test_detail_by_user_id(world, async_client):
    response = await async_client.get(f"{API}/{world.olga.pk}/collections/tabs/")

    assert response.status_code == 200
    assert body(response)["slug"] == "tabs"


@pytest.mark.parametrize(
    ("lang", "name", "description"),
    [
        (
            "fr",
            {"fr": "Onglets"},
            {"en-US": "Tab tools.", "fr": None, "_default": "en-US"},
        ),
        ("en-US", {"en-US": "Tabs"}, {"en-US": "Tab tools."}),
    ],
)
async def test_detail_translates_with_lang(
    world, async_client, lang, name, description
):
    response = await async_client.get(f"{API}/olga/collections/tabs/?lang={lang}")

    data = body(response)
    assert data["name"] == name
    assert data["description"] == description


async def test_detail_with_addons(world, async_client):
    plain = await async_client.get(f"{API}/olga/collections/tabs/?with_addons=true")
    every = await (await signed_in(world.olga)).get(
        f"{API}/olga/collections/tabs/?with_addons=true&filter=all_with_deleted"
    )

    addons = body(plain)["addons"]
    assert [item["addon"]["slug"] for item in addons] == ["popular", "quiet"]
    assert addons[0]["notes"] == {"en-US": "Note on popular"}
    assert addons[0]["addon"]["id"] == world.popular.pk
    assert "current_version" in addons[0]["addon"]
    assert {item["addon"]["slug"] for item in body(every)["addons"]} == {
        "popular",
        "quiet",
        "waiting",
        "gone",
    }


async def test_unknown_collections_and_users_are_404(world, async_client):
    for path in (
        f"{API}/olga/collections/nothing/",
        f"{API}/nobody/collections/tabs/",
        f"{API}/bob/collections/tabs/",
        f"{API}/olga/collections/tabs/addons/nothing/",
        f"{API}/olga/collections/nothing/addons/",
    ):
        response = await async_client.get(path)
        assert response.status_code == 404, path
        assert body(response) == {"detail": "Not found."}


async def test_private_collection_for_owner_and_admin_only(world, async_client):
    path = f"{API}/olga/collections/secret/"

    anonymous = await async_client.get(path)
    stranger = await (await signed_in(world.bob)).get(path)
    owner = await (await signed_in(world.olga)).get(path)
    admin = await (await signed_in(world.adam)).get(path)
    addons = await (await signed_in(world.bob)).get(path + "addons/")

    assert anonymous.status_code == 404
    assert stranger.status_code == 404
    assert addons.status_code == 404
    assert owner.status_code == 200
    assert body(owner)["public"] is False
    assert owner["Cache-Control"] == "private, no-store"
    assert admin.status_code == 200


# --- Listing a user's collections -----------------------------------------


async def test_list_needs_the_user_or_an_admin(world, async_client):
    path = f"{API}/olga/collections/"

    anonymous = await async_client.get(path)
    stranger = await (await signed_in(world.bob)).get(path)
    owner = await (await signed_in(world.olga)).get(path)
    admin = await (await signed_in(world.adam)).get(path)

    assert anonymous.status_code == 401
    assert body(anonymous) == {
        "detail": "Authentication credentials were not provided."
    }
    assert stranger.status_code == 403
    assert "detail" in body(stranger)
    assert owner.status_code == 200
    assert [c["slug"] for c in body(owner)["results"]] == ["secret", "tabs"]
    assert body(admin)["count"] == 2


async def test_list_is_paginated_newest_updated_first(world):
    client = await signed_in(world.olga)
    await actions.edit_collection(world.olga, world.tabs.pk, name={"de": "Reiter"})

    first = await client.get(f"{API}/olga/collections/?page_size=1")
    second = await client.get(f"{API}/olga/collections/?page_size=1&page=2")
    past = await client.get(f"{API}/olga/collections/?page_size=1&page=3")

    data = body(first)
    assert data["count"] == 2
    assert data["page_size"] == 1
    assert data["page_count"] == 2
    assert data["previous"] is None
    assert data["next"].endswith(
        "/api/v5/accounts/account/olga/collections/?page_size=1&page=2"
    )
    assert [c["slug"] for c in data["results"]] == ["tabs"]
    assert [c["slug"] for c in body(second)["results"]] == ["secret"]
    assert past.status_code == 404
    assert body(past) == {"detail": "Invalid page."}


async def test_list_with_jwt(world, async_client):
    key = await sync_to_async(make_api_key)(world.olga)

    response = await async_client.get(
        f"{API}/olga/collections/", headers=jwt_headers(key)
    )

    assert response.status_code == 200
    assert body(response)["count"] == 2


# --- Creating, editing and deleting ---------------------------------------


async def test_create_returns_201_and_the_object(world):
    client = await signed_in(world.bob)

    response = await send(
        client,
        "post",
        f"{API}/bob/collections/",
        {
            "name": {"en-US": "Reading", "de": "Lesen"},
            "slug": "reading",
            "description": {"en-US": "Books."},
            "public": False,
            "default_locale": "en-US",
        },
    )

    data = body(response)
    assert response.status_code == 201
    assert set(data) == COLLECTION_KEYS
    assert data["name"] == {"en-US": "Reading", "de": "Lesen"}
    assert data["public"] is False
    assert data["author"]["username"] == "bob"
    stored = await Collection.objects.aget(pk=data["id"])
    assert stored.author_id == world.bob.pk


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"slug": "x"}, {"name": ["This field is required."]}),
        ({"name": {"en-US": "X"}}, {"slug": ["This field is required."]}),
        (
            {"name": "Plain", "slug": "x"},
            {"name": ["You must provide an object of {lang-code:value}."]},
        ),
        (
            {"name": {"en-US": "X"}, "slug": "x", "description": "Plain"},
            {"description": ["You must provide an object of {lang-code:value}."]},
        ),
        (
            {"name": {"xx": "X"}, "slug": "x"},
            {
                "name": [
                    "Unknown locale 'xx': use one of the site's locales, such as "
                    "en-US or fr."
                ]
            },
        ),
        (
            {"name": {"en-US": "X"}, "slug": "tabs"},
            {"slug": ["You already have a collection with the slug 'tabs'."]},
        ),
        (
            {"name": {"en-US": "X"}, "slug": "favorites"},
            {"slug": ["The slug 'favorites' is reserved: choose another one."]},
        ),
        (
            {"name": {"en-US": "X"}, "slug": "x", "public": "no"},
            {"public": ["Send true or false, not 'no'."]},
        ),
        (
            {"name": {"en-US": "X"}, "slug": 5},
            {
                "slug": [
                    "The slug 5 is not valid: use at most 100 letters, numbers, "
                    "underscores or hyphens."
                ]
            },
        ),
    ],
)
async def test_create_errors(world, payload, errors):
    client = await signed_in(world.olga)

    response = await send(client, "post", f"{API}/olga/collections/", payload)

    assert response.status_code == 400
    assert body(response) == errors


async def test_create_bad_json(world):
    client = await signed_in(world.olga)

    broken = await client.post(
        f"{API}/olga/collections/", data="{", content_type="application/json"
    )
    listed = await send(client, "post", f"{API}/olga/collections/", [1])

    assert broken.status_code == 400
    assert body(broken)["detail"].startswith("JSON parse error")
    assert listed.status_code == 400
    assert "non_field_errors" in body(listed)


async def test_create_too_large_body_is_413(world):
    client = await signed_in(world.olga)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    payload = {
        "name": {"en-US": "Big"},
        "slug": "big",
        "description": {"en-US": "x" * (limit + 1)},
    }

    response = await send(client, "post", f"{API}/olga/collections/", payload)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert str(limit) in body(response)["detail"]
    assert not await Collection.objects.filter(slug="big").aexists()


async def test_create_for_another_user_is_403(world, async_client):
    client = await signed_in(world.bob)

    response = await send(
        client,
        "post",
        f"{API}/olga/collections/",
        {"name": {"en-US": "X"}, "slug": "x"},
    )
    anonymous = await send(
        async_client, "post", f"{API}/olga/collections/", {"name": {"en-US": "X"}}
    )

    assert response.status_code == 403
    assert body(response) == {
        "detail": "You can only create collections of your own account."
    }
    assert anonymous.status_code == 401


async def test_session_writes_need_csrf(world):
    client = AsyncClient(enforce_csrf_checks=True)
    await client.aforce_login(world.olga)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    payload = json.dumps({"name": {"en-US": "X"}, "slug": "x"})

    without = await client.post(
        f"{API}/olga/collections/", data=payload, content_type="application/json"
    )
    with_token = await client.post(
        f"{API}/olga/collections/",
        data=payload,
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )

    assert without.status_code == 403
    assert body(without)["detail"].startswith("CSRF Failed:")
    assert with_token.status_code == 201


async def test_create_with_jwt(world, async_client):
    key = await sync_to_async(make_api_key)(world.olga)

    response = await async_client.post(
        f"{API}/olga/collections/",
        data=json.dumps({"name": {"en-US": "Mine"}, "slug": "mine"}),
        content_type="application/json",
        headers=jwt_headers(key),
    )

    assert response.status_code == 201


async def test_patch_changes_the_given_fields(world):
    client = await signed_in(world.olga)

    response = await send(
        client,
        "patch",
        f"{API}/olga/collections/tabs/?lang=de",
        {"name": {"de": "Reiter", "fr": None}, "slug": "reiter"},
    )

    data = body(response)
    assert response.status_code == 200
    assert data["name"] == {"de": "Reiter"}
    assert data["slug"] == "reiter"
    stored = await Collection.objects.aget(pk=world.tabs.pk)
    assert stored.name == {"en-US": "Tabs", "de": "Reiter"}
    after = await client.get(f"{API}/olga/collections/reiter/")
    assert body(after)["name"] == {"en-US": "Tabs", "de": "Reiter"}


async def test_patch_and_delete_permissions(world, async_client):
    bob = await signed_in(world.bob)
    admin = await signed_in(world.adam)

    patched = await send(
        bob, "patch", f"{API}/olga/collections/tabs/", {"public": False}
    )
    deleted = await bob.delete(f"{API}/olga/collections/tabs/")
    hidden = await send(bob, "patch", f"{API}/olga/collections/secret/", {})
    anonymous = await async_client.delete(f"{API}/olga/collections/tabs/")
    by_admin = await send(
        admin, "patch", f"{API}/olga/collections/secret/", {"public": True}
    )

    assert patched.status_code == 403
    assert body(patched) == {"detail": "You may not change this collection."}
    assert deleted.status_code == 403
    assert hidden.status_code == 404
    assert anonymous.status_code == 401
    assert by_admin.status_code == 200
    assert body(by_admin)["public"] is True


async def test_delete_is_204(world):
    client = await signed_in(world.olga)

    response = await client.delete(f"{API}/olga/collections/tabs/")
    again = await client.get(f"{API}/olga/collections/tabs/")

    assert response.status_code == 204
    assert response.content == b""
    assert again.status_code == 404
    assert not await CollectionAddon.objects.filter(collection=world.tabs.pk).aexists()


# --- The add-ons of a collection ------------------------------------------


@pytest.mark.parametrize(
    ("sort", "slugs"),
    [
        ("", ["popular", "quiet"]),
        ("-popularity", ["popular", "quiet"]),
        ("popularity", ["quiet", "popular"]),
        ("name", ["quiet", "popular"]),
        ("-name", ["popular", "quiet"]),
        ("added", ["quiet", "popular"]),
        ("-added", ["popular", "quiet"]),
    ],
)
async def test_addons_sorts(world, async_client, sort, slugs):
    response = await async_client.get(
        f"{API}/olga/collections/tabs/addons/?sort={sort}"
    )

    data = body(response)
    assert response.status_code == 200
    assert [item["addon"]["slug"] for item in data["results"]] == slugs
    assert data["count"] == 2


@pytest.mark.parametrize("sort", ["rating", "name,added", "--name", "position"])
async def test_addons_bad_sort_is_400(world, async_client, sort):
    response = await async_client.get(
        f"{API}/olga/collections/tabs/addons/?sort={sort}"
    )

    assert response.status_code == 400
    assert list(body(response)) == ["sort"]


async def test_addons_filters(world, async_client):
    owner = await signed_in(world.olga)
    path = f"{API}/olga/collections/tabs/addons/?sort=added"

    every = await owner.get(path + "&filter=all")
    deleted = await owner.get(path + "&filter=all_with_deleted")
    stranger = await async_client.get(path + "&filter=all")
    bad = await owner.get(path + "&filter=everything")

    assert [i["addon"]["slug"] for i in body(every)["results"]] == [
        "quiet",
        "popular",
        "waiting",
    ]
    assert body(deleted)["count"] == 4
    assert body(deleted)["results"][3]["addon"]["status"] == "deleted"
    assert stranger.status_code == 403
    assert "leave out the filter" in body(stranger)["detail"]
    assert bad.status_code == 400
    assert list(body(bad)) == ["filter"]


async def test_addons_pages_and_notes_with_lang(world, async_client):
    first = await async_client.get(
        f"{API}/olga/collections/tabs/addons/?page_size=1&lang=fr"
    )
    past = await async_client.get(f"{API}/olga/collections/tabs/addons/?page=3")

    data = body(first)
    assert data["count"] == 2
    assert data["page_count"] == 2
    assert data["next"].endswith("page=2")
    assert set(data["results"][0]) == {"addon", "notes"}
    assert data["results"][0]["notes"] == {
        "en-US": "Note on popular",
        "fr": None,
        "_default": "en-US",
    }
    assert past.status_code == 404


async def test_addon_detail_by_id_or_slug(world, async_client):
    base = f"{API}/olga/collections/tabs/addons/"

    by_slug = await async_client.get(base + "quiet/")
    by_id = await async_client.get(base + f"{world.quiet.pk}/")
    waiting = await async_client.get(base + "waiting/")
    waiting_owner = await (await signed_in(world.olga)).get(base + "waiting/")

    assert by_slug.status_code == 200
    assert body(by_slug) == body(by_id)
    assert body(by_slug)["notes"] == {"en-US": "Note on quiet"}
    assert body(by_slug)["addon"]["slug"] == "quiet"
    assert waiting.status_code == 404
    assert waiting_owner.status_code == 200


async def test_add_addon(world):
    client = await signed_in(world.bob)
    extra = await sync_to_async(AddonFactory)(slug="extra")
    created = await send(
        client, "post", f"{API}/bob/collections/", {"name": {"en-US": "B"}, "slug": "b"}
    )
    assert created.status_code == 201

    by_slug = await send(
        client,
        "post",
        f"{API}/bob/collections/b/addons/",
        {"addon": "extra", "notes": {"en-US": "Read it"}},
    )
    by_id = await send(
        client, "post", f"{API}/bob/collections/b/addons/", {"addon": world.quiet.pk}
    )
    detail = await client.get(f"{API}/bob/collections/b/")

    assert by_slug.status_code == 201
    assert body(by_slug)["addon"]["id"] == extra.pk
    assert body(by_slug)["notes"] == {"en-US": "Read it"}
    assert by_id.status_code == 201
    assert body(by_id)["notes"] is None
    assert body(detail)["addon_count"] == 2


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"addon": ["This field is required."]}),
        ({"addon": ""}, {"addon": ["This field is required."]}),
        (
            {"addon": [1]},
            {"addon": ["Send the add-on's id or slug, such as 3006 or ublock."]},
        ),
        (
            {"addon": "nothing"},
            {"addon": ["The add-on 'nothing' does not exist or is not public."]},
        ),
        (
            {"addon": "waiting"},
            {"addon": ["The add-on 'waiting' does not exist or is not public."]},
        ),
        (
            {"addon": "popular"},
            {"addon": ["The add-on 'popular' is already in this collection."]},
        ),
        (
            {"addon": "fresh", "notes": "Plain"},
            {"notes": ["You must provide an object of {lang-code:value}."]},
        ),
    ],
)
async def test_add_addon_errors(world, payload, errors):
    await sync_to_async(AddonFactory)(slug="fresh")
    client = await signed_in(world.olga)

    response = await send(
        client, "post", f"{API}/olga/collections/tabs/addons/", payload
    )

    assert response.status_code == 400
    assert body(response) == errors


async def test_edit_notes_and_remove_addon(world, async_client):
    owner = await signed_in(world.olga)
    stranger = await signed_in(world.bob)
    path = f"{API}/olga/collections/tabs/addons/quiet/"

    edited = await send(owner, "patch", path, {"notes": {"de": "Leise"}})
    unchanged = await send(owner, "patch", path, {})
    refused = await send(stranger, "patch", path, {"notes": {"de": "x"}})
    refused_delete = await stranger.delete(path)
    anonymous = await async_client.delete(path)
    removed = await owner.delete(path)
    again = await owner.delete(path)

    assert edited.status_code == 200
    assert body(edited)["notes"] == {"en-US": "Note on quiet", "de": "Leise"}
    assert body(unchanged)["notes"] == body(edited)["notes"]
    assert refused.status_code == 403
    assert refused_delete.status_code == 403
    assert anonymous.status_code == 401
    assert removed.status_code == 204
    assert again.status_code == 404
    assert "detail" in body(again)
    stored = await Collection.objects.aget(pk=world.tabs.pk)
    assert stored.addon_count == 3


async def test_writes_show_at_once_in_reads(world, async_client):
    owner = await signed_in(world.olga)
    await async_client.get(f"{API}/olga/collections/tabs/addons/")
    await async_client.get(f"{API}/olga/collections/tabs/")

    await owner.delete(f"{API}/olga/collections/tabs/addons/popular/")
    await send(
        owner, "patch", f"{API}/olga/collections/tabs/", {"name": {"en-US": "New"}}
    )

    listed = await async_client.get(f"{API}/olga/collections/tabs/addons/")
    detail = await async_client.get(f"{API}/olga/collections/tabs/")
    assert [i["addon"]["slug"] for i in body(listed)["results"]] == ["quiet"]
    assert body(detail)["name"] == {"en-US": "New", "fr": "Onglets"}
    assert body(detail)["addon_count"] == 3


# --- Shelves of featured collections --------------------------------------


async def test_featured_collections_get_shelves(world, async_client):
    rita = await sync_to_async(admin_user)("rita")
    await actions.set_featured(rita, world.tabs.pk, True)

    result = await async_client.get("/api/v5/shelves/?lang=fr")

    shelves = body(result)["results"]
    collection_shelves = [s for s in shelves if s["endpoint"] == "collections"]
    assert len(collection_shelves) == 1
    shelf = collection_shelves[0]
    assert shelf["title"] == {"fr": "Onglets"}
    assert shelf["criteria"] == "tabs"
    assert shelf["addon_type"] == "extension"
    assert shelf["url"].endswith(
        f"/api/v5/accounts/account/{world.olga.pk}/collections/tabs/addons/"
    )
    assert shelf["footer"]["url"].endswith(f"/collections/{world.olga.pk}/tabs/")
    assert shelf["footer"]["text"] == {
        "fr": "Voir plus de modules complémentaires de cette collection"
    }
    listed = await async_client.get(shelf["url"].removeprefix(settings.SITE_URL))
    assert [a["slug"] for a in shelf["addons"]] == [
        item["addon"]["slug"] for item in body(listed)["results"]
    ]
    assert all("_score" in addon for addon in shelf["addons"])


async def test_private_collections_get_no_shelf(world, async_client):
    await Collection.objects.filter(pk=world.secret.pk).aupdate(featured=True)

    result = await async_client.get("/api/v5/shelves/")

    assert all(s["endpoint"] == "search" for s in body(result)["results"])


# --- Query budgets ----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "cold_budget"),
    [
        # The user, the collection's id, its row.
        ("tabs/", 3),
        # The same, the page of entries, their count, the add-on rows and
        # their five relations.
        ("tabs/addons/", 11),
        ("tabs/addons/quiet/", 10),
    ],
)
async def test_reads_are_served_from_the_caches(world, async_client, path, cold_budget):
    url = f"{API}/olga/collections/{path}"

    cold = await get_api(async_client, url)
    warm = await get_api(async_client, url)

    assert cold.status == 200
    assert cold.query_count <= cold_budget
    assert warm.data == cold.data
    assert warm.query_count == 0
