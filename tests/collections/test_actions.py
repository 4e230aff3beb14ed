"""The collection actions: permissions, every refusal, counts and caches.

They run on the live database through the write thread, as the pages and
the API call them, and read back through the queries and their caches.
"""

import asyncio
import datetime

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser

from amo.collections import actions, queries
from amo.collections.models import Collection, CollectionAddon, CollectionFavourite
from amo.core.constants import AddonStatus
from amo.core.errors import ActionError
from tests.collections.factories import (
    CollectionFactory,
    admin_user,
    reviewer_user,
)
from tests.factories import AddonFactory, UserFactory


def make_user(username: str):
    return sync_to_async(UserFactory)(username=username)


async def refused(status: int, call) -> ActionError:
    with pytest.raises(ActionError) as caught:
        await call
    assert caught.value.status == status, caught.value.errors
    return caught.value


def messages(error: ActionError, field: str) -> str:
    return " ".join(str(message) for message in error.errors[field])


async def reload(collection_id: int) -> Collection:
    return await Collection.objects.aget(pk=collection_id)


# --- Creating -------------------------------------------------------------


async def test_create_stores_a_str_under_the_default_locale(live_db):
    olga = await make_user("olga")

    collection = await actions.create_collection(
        olga,
        name="  Privacy tools ",
        slug="privacy",
        description="Keep your data.",
        default_locale="fr",
        public=False,
    )

    stored = await reload(collection.pk)
    assert stored.name == {"fr": "Privacy tools"}
    assert stored.description == {"fr": "Keep your data."}
    assert stored.default_locale == "fr"
    assert stored.public is False
    assert stored.author_id == olga.pk
    assert stored.addon_count == 0
    assert collection.author.username == "olga"


async def test_create_takes_a_mapping_of_locales(live_db):
    olga = await make_user("olga")

    collection = await actions.create_collection(
        olga,
        name={"en-US": "Tabs", "de": "Tabs", "fr": ""},
        slug="tabs",
    )

    stored = await reload(collection.pk)
    assert stored.name == {"en-US": "Tabs", "de": "Tabs"}
    assert stored.description == {}
    assert stored.public is True


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"name": {"xx": "Tabs"}}, "name", "Unknown locale 'xx'"),
        ({"name": {"en-us": "Tabs"}}, "name", "Unknown locale 'en-us'"),
        ({"default_locale": "klingon"}, "default_locale", "'klingon'"),
        ({"name": ""}, "name", "needs a name"),
        ({"name": None}, "name", "needs a name"),
        ({"name": {"de": "Tabs"}}, "name", "default locale, en-US"),
        ({"name": "x" * 51}, "name", "at most 50 characters (it has 51)"),
        ({"name": 7}, "name", "Send a text"),
        ({"name": {"en-US": 7}}, "name", "must be a string"),
        ({"description": "d" * 281}, "description", "at most 280"),
        ({"slug": ""}, "slug", "needs a slug"),
        ({"slug": "no spaces"}, "slug", "'no spaces' is not valid"),
        ({"slug": "é-accent"}, "slug", "is not valid"),
        ({"slug": "s" * 101}, "slug", "at most 100"),
        ({"slug": "favorites"}, "slug", "'favorites' is reserved"),
        ({"slug": "Favourites"}, "slug", "'Favourites' is reserved"),
        ({"slug": "mobile"}, "slug", "reserved"),
        ({"public": "yes"}, "public", "Send true or false, not 'yes'"),
    ],
)
async def test_create_refuses_bad_input(live_db, fields, field, words):
    olga = await make_user("olga")
    values = {"name": "Tabs", "slug": "tabs", **fields}

    error = await refused(400, actions.create_collection(olga, **values))

    assert words in messages(error, field)
    assert not await Collection.objects.aexists()


async def test_create_refuses_a_slug_the_author_has(live_db):
    olga = await make_user("olga")
    bob = await make_user("bob")
    await actions.create_collection(olga, name="Tabs", slug="tabs")

    error = await refused(
        400, actions.create_collection(olga, name="More tabs", slug="TABS")
    )
    other = await actions.create_collection(bob, name="Tabs", slug="tabs")

    assert messages(error, "slug") == (
        "You already have a collection with the slug 'TABS'."
    )
    assert other.slug == "tabs"
    assert await Collection.objects.acount() == 2


async def test_create_needs_a_signed_in_user(live_db):
    error = await refused(
        403, actions.create_collection(AnonymousUser(), name="Tabs", slug="tabs")
    )
    assert "signed in" in str(error)


async def test_create_refuses_a_deleted_user(live_db):
    gone = await sync_to_async(UserFactory)(username="gone", deleted=True)

    await refused(403, actions.create_collection(gone, name="Tabs", slug="tabs"))


# --- Editing and deleting -------------------------------------------------


async def test_edit_changes_only_the_given_locales(live_db):
    olga = await make_user("olga")
    collection = await actions.create_collection(
        olga, name={"en-US": "Tabs", "de": "Reiter"}, slug="tabs"
    )

    edited = await actions.edit_collection(
        olga,
        collection.pk,
        name={"fr": "Onglets", "de": None},
        description="Tab tools.",
        slug="tab-tools",
    )

    stored = await reload(collection.pk)
    assert stored.name == {"en-US": "Tabs", "fr": "Onglets"}
    assert stored.description == {"en-US": "Tab tools."}
    assert stored.slug == "tab-tools"
    assert stored.modified > collection.modified
    assert edited.author.username == "olga"


async def test_edit_without_changes_keeps_modified(live_db):
    olga = await make_user("olga")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    await actions.edit_collection(olga, collection.pk, name="Tabs", slug="tabs")

    assert (await reload(collection.pk)).modified == collection.modified


async def test_edit_may_keep_its_own_slug_in_another_case(live_db):
    olga = await make_user("olga")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    await actions.edit_collection(olga, collection.pk, slug="Tabs")

    assert (await reload(collection.pk)).slug == "Tabs"


async def test_edit_refuses_another_collection_s_slug(live_db):
    olga = await make_user("olga")
    await actions.create_collection(olga, name="Tabs", slug="tabs")
    second = await actions.create_collection(olga, name="Privacy", slug="privacy")

    error = await refused(400, actions.edit_collection(olga, second.pk, slug="tabs"))

    assert "slug 'tabs'" in messages(error, "slug")


async def test_edit_refuses_unknown_fields_and_collections(live_db):
    olga = await make_user("olga")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    error = await refused(400, actions.edit_collection(olga, collection.pk, uuid="x"))
    await refused(404, actions.edit_collection(olga, collection.pk + 100, name="X"))

    assert "Unknown field 'uuid'" in str(error)


async def test_the_default_locale_needs_a_name(live_db):
    olga = await make_user("olga")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    error = await refused(
        400, actions.edit_collection(olga, collection.pk, default_locale="de")
    )
    await actions.edit_collection(
        olga, collection.pk, default_locale="de", name={"de": "Reiter"}
    )

    assert "default locale, de" in messages(error, "name")
    assert (await reload(collection.pk)).default_locale == "de"


async def test_others_may_not_edit_but_admins_may(live_db):
    olga = await make_user("olga")
    bob = await make_user("bob")
    adam = await sync_to_async(admin_user)()
    public = await actions.create_collection(olga, name="Tabs", slug="tabs")
    private = await actions.create_collection(
        olga, name="Secret", slug="secret", public=False
    )

    await refused(403, actions.edit_collection(bob, public.pk, name="Mine"))
    await refused(404, actions.edit_collection(bob, private.pk, name="Mine"))
    await refused(403, actions.delete_collection(bob, public.pk))
    await refused(404, actions.delete_collection(bob, private.pk))
    await actions.edit_collection(adam, private.pk, name="Checked")

    stored = await reload(private.pk)
    assert stored.name == {"en-US": "Checked"}
    assert stored.author_id == olga.pk


async def test_making_a_collection_private_stops_featuring_it(live_db):
    olga = await make_user("olga")
    rita = await sync_to_async(reviewer_user)()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    await actions.set_featured(rita, collection.pk, True)

    await actions.edit_collection(olga, collection.pk, public=False)

    stored = await reload(collection.pk)
    assert stored.featured is False
    assert stored.featured_at is None


async def test_delete_takes_the_entries_and_favourites(live_db):
    olga = await make_user("olga")
    bob = await make_user("bob")
    addon = await sync_to_async(AddonFactory)()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    await actions.add_addon(olga, collection.pk, addon.pk)
    await actions.favourite_collection(bob, collection.pk)

    await actions.delete_collection(olga, collection.pk)

    assert not await Collection.objects.aexists()
    assert not await CollectionAddon.objects.aexists()
    assert not await CollectionFavourite.objects.aexists()
    await refused(404, actions.delete_collection(olga, collection.pk))


async def test_an_admin_deletes_any_collection(live_db):
    olga = await make_user("olga")
    adam = await sync_to_async(admin_user)()
    collection = await actions.create_collection(
        olga, name="Tabs", slug="tabs", public=False
    )

    await actions.delete_collection(adam, collection.pk)

    assert not await Collection.objects.aexists()


# --- Add-ons --------------------------------------------------------------


async def test_add_appends_and_counts(live_db):
    olga = await make_user("olga")
    first, _second = await sync_to_async(
        lambda: [AddonFactory(slug="first"), AddonFactory(slug="second")]
    )()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    one = await actions.add_addon(olga, collection.pk, first.pk, notes="Great")
    two = await actions.add_addon(
        olga, collection.pk, "second", notes={"de": "Gut", "en-US": "Good"}
    )

    stored = await reload(collection.pk)
    assert (one.position, two.position) == (0, 1)
    assert one.notes == {"en-US": "Great"}
    assert two.notes == {"de": "Gut", "en-US": "Good"}
    assert stored.addon_count == 2
    assert stored.modified > collection.modified


@pytest.mark.parametrize(
    ("status", "disabled"),
    [
        (AddonStatus.NOMINATED, False),
        (AddonStatus.DISABLED, False),
        (AddonStatus.DELETED, False),
        (AddonStatus.PUBLIC, True),
    ],
)
async def test_add_refuses_add_ons_that_are_not_public(live_db, status, disabled):
    olga = await make_user("olga")
    addon = await sync_to_async(AddonFactory)(
        slug="hidden", status=status, disabled_by_user=disabled
    )
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    error = await refused(400, actions.add_addon(olga, collection.pk, addon.pk))

    assert messages(error, "addon") == (
        f"The add-on {addon.pk} does not exist or is not public."
    )
    assert (await reload(collection.pk)).addon_count == 0


async def test_add_refuses_unknown_and_repeated_add_ons(live_db):
    olga = await make_user("olga")
    addon = await sync_to_async(AddonFactory)(slug="tabby")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    await actions.add_addon(olga, collection.pk, addon.pk)

    unknown = await refused(400, actions.add_addon(olga, collection.pk, "nope"))
    again = await refused(400, actions.add_addon(olga, collection.pk, "tabby"))
    bad_notes = await refused(
        400,
        actions.add_addon(
            olga, collection.pk, (await sync_to_async(AddonFactory)()).pk, notes=[1]
        ),
    )

    assert "'nope' does not exist" in messages(unknown, "addon")
    assert "'tabby' is already in this collection" in messages(again, "addon")
    assert "Send a text" in messages(bad_notes, "notes")
    assert (await reload(collection.pk)).addon_count == 1


async def test_others_may_not_change_the_add_ons(live_db):
    olga = await make_user("olga")
    bob = await make_user("bob")
    addon = await sync_to_async(AddonFactory)()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    await actions.add_addon(olga, collection.pk, addon.pk)

    await refused(403, actions.add_addon(bob, collection.pk, addon.pk))
    await refused(403, actions.remove_addon(bob, collection.pk, addon.pk))
    await refused(
        403, actions.edit_addon_notes(bob, collection.pk, addon.pk, notes="x")
    )
    await refused(403, actions.reorder_addons(bob, collection.pk, [addon.pk]))
    await refused(403, actions.add_addon(AnonymousUser(), collection.pk, addon.pk))


async def test_edit_notes_and_remove(live_db):
    olga = await make_user("olga")
    addon = await sync_to_async(AddonFactory)(slug="tabby")
    other = await sync_to_async(AddonFactory)(slug="other")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    await actions.add_addon(olga, collection.pk, addon.pk, notes={"de": "Gut"})

    entry = await actions.edit_addon_notes(
        olga, collection.pk, "tabby", notes={"en-US": "Good"}
    )
    missing = await refused(
        404, actions.edit_addon_notes(olga, collection.pk, other.pk, notes="x")
    )
    await actions.remove_addon(olga, collection.pk, addon.pk)
    gone = await refused(404, actions.remove_addon(olga, collection.pk, addon.pk))

    assert entry.notes == {"de": "Gut", "en-US": "Good"}
    assert f"add-on {other.pk} is not in this collection" in str(missing)
    assert "is not in this collection" in str(gone)
    assert (await reload(collection.pk)).addon_count == 0


async def test_notes_none_clears_them(live_db):
    olga = await make_user("olga")
    addon = await sync_to_async(AddonFactory)()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    await actions.add_addon(olga, collection.pk, addon.pk, notes="Good")

    entry = await actions.edit_addon_notes(olga, collection.pk, addon.pk, notes=None)

    assert entry.notes == {}


async def test_reorder_sets_the_positions(live_db):
    olga = await make_user("olga")
    addons = await sync_to_async(lambda: [AddonFactory() for _ in range(3)])()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    for addon in addons:
        await actions.add_addon(olga, collection.pk, addon.pk)
    wanted = [addons[2].pk, addons[0].pk, addons[1].pk]

    await actions.reorder_addons(olga, collection.pk, wanted)

    page = await queries.collection_entries(collection.pk, sort="position")
    assert [item.addon_id for item in page.items] == wanted
    assert [item.position for item in page.items] == [0, 1, 2]


async def test_reorder_names_missing_extra_and_repeated_ids(live_db):
    olga = await make_user("olga")
    addons = await sync_to_async(lambda: [AddonFactory() for _ in range(3)])()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    for addon in addons[:2]:
        await actions.add_addon(olga, collection.pk, addon.pk)
    first, second, outside = (addon.pk for addon in addons)

    error = await refused(
        400,
        actions.reorder_addons(olga, collection.pk, [first, first, outside]),
    )
    wrong_type = await refused(
        400, actions.reorder_addons(olga, collection.pk, [str(first), second])
    )

    text = messages(error, "addons")
    assert f"listed twice: {first}." in text
    assert f"missing: {second}." in text
    assert f"not in the collection: {outside}." in text
    assert "list of add-on ids" in messages(wrong_type, "addons")


# --- Concurrency ----------------------------------------------------------


async def test_concurrent_adds_keep_count_and_positions(live_db):
    olga = await make_user("olga")
    addons = await sync_to_async(lambda: [AddonFactory() for _ in range(8)])()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    await asyncio.gather(
        *(actions.add_addon(olga, collection.pk, addon.pk) for addon in addons)
    )
    results = await asyncio.gather(
        *(actions.add_addon(olga, collection.pk, addons[0].pk) for _ in range(3)),
        return_exceptions=True,
    )

    stored = await reload(collection.pk)
    positions = [
        entry.position
        async for entry in CollectionAddon.objects.filter(collection=collection)
    ]
    assert stored.addon_count == 8
    assert sorted(positions) == list(range(8))
    assert all(isinstance(result, ActionError) for result in results)


async def test_concurrent_favourites_count_each_user_once(live_db):
    olga = await make_user("olga")
    fans = await sync_to_async(
        lambda: [UserFactory(username=f"fan{index}") for index in range(10)]
    )()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    await asyncio.gather(
        *(actions.favourite_collection(fan, collection.pk) for fan in fans),
        *(actions.favourite_collection(fan, collection.pk) for fan in fans[:5]),
    )
    assert (await reload(collection.pk)).favourite_count == 10

    await asyncio.gather(
        *(actions.unfavourite_collection(fan, collection.pk) for fan in fans[:4]),
        *(actions.unfavourite_collection(fan, collection.pk) for fan in fans[:4]),
    )
    stored = await reload(collection.pk)
    assert stored.favourite_count == 6
    assert await CollectionFavourite.objects.acount() == 6
    assert stored.modified == collection.modified


# --- Favourites and featuring ---------------------------------------------


async def test_favourites_of_private_collections(live_db):
    olga = await make_user("olga")
    bob = await make_user("bob")
    private = await actions.create_collection(
        olga, name="Secret", slug="secret", public=False
    )

    await refused(404, actions.favourite_collection(bob, private.pk))
    await refused(404, actions.favourite_collection(bob, private.pk + 100))
    await refused(403, actions.favourite_collection(AnonymousUser(), private.pk))
    await actions.favourite_collection(olga, private.pk)

    assert await queries.is_favourite(olga.pk, private.pk)
    assert not await queries.is_favourite(bob.pk, private.pk)


async def test_only_reviewers_and_admins_feature(live_db):
    olga = await make_user("olga")
    rita = await sync_to_async(reviewer_user)()
    adam = await sync_to_async(admin_user)()
    public = await actions.create_collection(olga, name="Tabs", slug="tabs")
    private = await actions.create_collection(
        olga, name="Secret", slug="secret", public=False
    )

    await refused(403, actions.set_featured(olga, public.pk, True))
    conflict = await refused(409, actions.set_featured(rita, private.pk, True))
    featured = await actions.set_featured(rita, public.pk, True)
    stored = await reload(public.pk)
    await actions.set_featured(adam, public.pk, False)

    assert "Only public collections" in messages(conflict, "featured")
    assert featured.featured is True
    assert stored.featured_at is not None
    assert stored.modified == public.modified
    assert (await reload(public.pk)).featured is False
    await refused(404, actions.set_featured(rita, public.pk + 100, True))


# --- Caches ---------------------------------------------------------------


async def test_changes_show_at_once_through_the_cached_queries(live_db):
    olga = await make_user("olga")
    addon = await sync_to_async(AddonFactory)(slug="tabby")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")

    # Fill the object and query caches.
    assert (await queries.get_collection("olga", "tabs")).name == {"en-US": "Tabs"}
    assert (await queries.user_collections(olga.pk)).total == 1
    assert (await queries.collection_addons(collection.pk)).items == []
    assert await queries.collections_with_addon(olga.pk, addon.pk) == set()

    await actions.edit_collection(olga, collection.pk, name="Tab tools")
    await actions.add_addon(olga, collection.pk, addon.pk, notes="Good")

    shown = await queries.get_collection("olga", "tabs")
    assert shown.name == {"en-US": "Tab tools"}
    assert shown.addon_count == 1
    page = await queries.collection_addons(collection.pk)
    assert [(item.addon.slug, item.notes) for item in page.items] == [
        ("tabby", {"en-US": "Good"})
    ]
    assert await queries.collections_with_addon(olga.pk, addon.pk) == {collection.pk}

    await actions.edit_collection(olga, collection.pk, slug="tools", public=False)
    assert await queries.get_collection("olga", "tabs") is None
    assert await queries.get_collection("olga", "tools") is None
    assert (await queries.get_collection("olga", "tools", viewer=olga)).public is False
    assert (await queries.user_collections(olga.pk)).total == 0

    await actions.delete_collection(olga, collection.pk)
    assert await queries.get_collection("olga", "tools", viewer=olga) is None
    assert (await queries.user_collections(olga.pk, viewer=olga)).total == 0


async def test_featuring_shows_at_once(live_db):
    olga = await make_user("olga")
    rita = await sync_to_async(reviewer_user)()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    assert await queries.featured_collections() == []

    await actions.set_featured(rita, collection.pk, True)

    assert [c.pk for c in await queries.featured_collections()] == [collection.pk]


async def test_favourites_show_at_once(live_db):
    olga = await make_user("olga")
    bob = await make_user("bob")
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    assert (await queries.favourite_collections(bob.pk)).total == 0

    await actions.favourite_collection(bob, collection.pk)

    page = await queries.favourite_collections(bob.pk)
    assert [c.pk for c in page.items] == [collection.pk]
    assert (await queries.get_collection_by_id(collection.pk)).favourite_count == 1


async def test_modified_moves_on_with_each_add_on_change(live_db):
    olga = await make_user("olga")
    addon = await sync_to_async(AddonFactory)()
    collection = await sync_to_async(CollectionFactory)(
        author=olga,
        slug="tabs",
        modified=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    await Collection.objects.filter(pk=collection.pk).aupdate(
        modified=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )

    await actions.add_addon(olga, collection.pk, addon.pk)

    assert (await reload(collection.pk)).modified.year > 2020
