"""The collection queries: visibility, order, pages, filters and sorts."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser

from amo.addons.models import Addon
from amo.collections import actions, queries
from amo.collections.models import Collection, CollectionFavourite
from amo.core.constants import AddonStatus
from tests.collections.factories import (
    CollectionAddonFactory,
    CollectionFactory,
    admin_user,
)
from tests.factories import AddonFactory, UserFactory

DAY = datetime.timedelta(days=1)


def build_people():
    olga = UserFactory(username="olga")
    return olga, UserFactory(username="bob"), admin_user()


async def test_get_collection_by_username_or_id(live_db):
    olga, _bob, _ = await sync_to_async(build_people)()
    collection = await sync_to_async(CollectionFactory)(author=olga, slug="tabs")

    by_name = await queries.get_collection("olga", "tabs")
    by_id = await queries.get_collection(olga.pk, "tabs")
    by_id_text = await queries.get_collection(str(olga.pk), "tabs")

    assert by_name.pk == by_id.pk == by_id_text.pk == collection.pk
    assert by_name.author.username == "olga"
    assert await queries.get_collection("bob", "tabs") is None
    assert await queries.get_collection("nobody", "tabs") is None
    assert await queries.get_collection("olga", "") is None
    assert await queries.get_collection("olga", "other") is None


async def test_private_collections_show_to_owner_and_admin_only(live_db):
    olga, bob, adam = await sync_to_async(build_people)()
    collection = await sync_to_async(CollectionFactory)(
        author=olga, slug="secret", public=False
    )

    for viewer in (None, AnonymousUser(), bob):
        assert await queries.get_collection("olga", "secret", viewer) is None
        assert await queries.get_collection_by_id(collection.pk, viewer) is None
    assert (await queries.get_collection("olga", "secret", olga)).pk == collection.pk
    assert (await queries.get_collection("olga", "secret", adam)).pk == collection.pk
    assert (await queries.get_collection_by_id(collection.pk, olga)).pk == (
        collection.pk
    )


async def test_deleted_authors_hide_their_collections(live_db):
    gone = await sync_to_async(UserFactory)(username="gone", deleted=True)
    collection = await sync_to_async(CollectionFactory)(author=gone, slug="tabs")

    assert await queries.get_collection("gone", "tabs") is None
    assert await queries.get_collection_by_id(collection.pk) is None
    assert await queries.get_collection_by_id(10**30) is None


async def test_user_collections_newest_changed_first_with_pages(live_db):
    olga, bob, adam = await sync_to_async(build_people)()
    now = datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)

    def build():
        for index, public in enumerate([True, False, True, True]):
            collection = CollectionFactory(author=olga, slug=f"c{index}", public=public)
            Collection.objects.filter(pk=collection.pk).update(
                modified=now - index * DAY
            )
        CollectionFactory(author=bob, slug="bobs")

    await sync_to_async(build)()

    mine = await queries.user_collections(olga.pk, viewer=olga)
    theirs = await queries.user_collections(olga.pk, viewer=bob)
    anonymous = await queries.user_collections(olga.pk)
    admins = await queries.user_collections(olga.pk, viewer=adam)
    second = await queries.user_collections(olga.pk, viewer=olga, page=2, page_size=3)

    assert [c.slug for c in mine.items] == ["c0", "c1", "c2", "c3"]
    assert [c.slug for c in theirs.items] == ["c0", "c2", "c3"]
    assert [c.slug for c in anonymous.items] == ["c0", "c2", "c3"]
    assert admins.total == 4
    assert (second.total, second.number, second.per_page) == (4, 2, 3)
    assert [c.slug for c in second.items] == ["c3"]
    assert all(c.author.username == "olga" for c in mine.items)


@pytest.mark.parametrize(
    ("page", "page_size", "words"),
    [(0, 20, "Page 0"), (1, 0, "Page size 0"), (1, 51, "1 to 50")],
)
async def test_bad_pages_are_refused(live_db, page, page_size, words):
    with pytest.raises(ValueError, match=words):
        await queries.user_collections(1, page=page, page_size=page_size)


def build_collection_with_addons():
    olga = UserFactory(username="olga")
    collection = CollectionFactory(author=olga, slug="tabs")
    base = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    specs = [
        # slug, name, users, status, position
        ("zeta", "Zeta", 500, AddonStatus.PUBLIC, 2),
        ("alpha", "alpha", 100, AddonStatus.PUBLIC, 0),
        ("mid", "Mid", 900, AddonStatus.PUBLIC, 1),
        ("waiting", "Waiting", 50, AddonStatus.NOMINATED, 3),
        ("gone", "Gone", 10, AddonStatus.DELETED, 4),
    ]
    for index, (slug, name, users, status, position) in enumerate(specs):
        addon = AddonFactory(
            slug=slug,
            name={"en-US": name},
            average_daily_users=users,
            status=status,
        )
        CollectionAddonFactory(
            collection=collection,
            addon=addon,
            position=position,
            notes={"en-US": f"Note on {name}"},
            created=base + index * DAY,
        )
    return olga, collection


@pytest.mark.parametrize(
    ("sort", "slugs"),
    [
        ("-popularity", ["mid", "zeta", "alpha"]),
        ("popularity", ["alpha", "zeta", "mid"]),
        ("added", ["zeta", "alpha", "mid"]),
        ("-added", ["mid", "alpha", "zeta"]),
        ("name", ["alpha", "mid", "zeta"]),
        ("-name", ["zeta", "mid", "alpha"]),
        ("position", ["alpha", "mid", "zeta"]),
    ],
)
async def test_collection_addons_sorts(live_db, sort, slugs):
    _, collection = await sync_to_async(build_collection_with_addons)()

    page = await queries.collection_addons(collection.pk, sort=sort)

    assert [item.addon.slug for item in page.items] == slugs
    assert page.total == 3


async def test_collection_addons_default_and_filters(live_db):
    _, collection = await sync_to_async(build_collection_with_addons)()

    default = await queries.collection_addons(collection.pk)
    every = await queries.collection_addons(collection.pk, include_all=True)
    deleted = await queries.collection_addons(
        collection.pk, include_all=True, with_deleted=True, sort="added"
    )
    paged = await queries.collection_addons(collection.pk, page=2, page_size=2)

    assert [item.addon.slug for item in default.items] == ["mid", "zeta", "alpha"]
    assert default.items[0].notes == {"en-US": "Note on Mid"}
    assert default.items[0].added.tzinfo is not None
    assert every.total == 4
    assert "waiting" in [item.addon.slug for item in every.items]
    assert [item.addon.slug for item in deleted.items] == [
        "zeta",
        "alpha",
        "mid",
        "waiting",
        "gone",
    ]
    assert [item.addon.slug for item in paged.items] == ["alpha"]


async def test_unknown_sort_is_refused(live_db):
    with pytest.raises(ValueError, match="Unknown sort 'rating'"):
        await queries.collection_entries(1, sort="rating")
    with pytest.raises(ValueError, match="Unknown sort '--name'"):
        await queries.collection_entries(1, sort="--name")


async def test_get_entry_by_id_or_slug(live_db):
    _, collection = await sync_to_async(build_collection_with_addons)()
    waiting = await Addon.objects.aget(slug="waiting")

    by_slug = await queries.get_entry(collection.pk, "zeta")
    by_id = await queries.get_entry(collection.pk, by_slug.addon_id)
    by_id_text = await queries.get_entry(collection.pk, str(by_slug.addon_id))

    assert by_slug == by_id == by_id_text
    assert by_slug.notes == {"en-US": "Note on Zeta"}
    assert await queries.get_entry(collection.pk, "waiting") is None
    assert (await queries.get_entry(collection.pk, waiting.pk, include_all=True)).notes
    assert await queries.get_entry(collection.pk, "gone", include_all=True) is None
    assert await queries.get_entry(collection.pk, "nothing") is None
    assert await queries.get_entry(collection.pk, 0) is None
    assert await queries.get_entry(collection.pk, "") is None


async def test_featured_collections_newest_featured_first(live_db):
    olga = await sync_to_async(UserFactory)(username="olga")
    now = datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)

    def build():
        for index in range(6):
            CollectionFactory(
                author=olga,
                slug=f"f{index}",
                featured=True,
                featured_at=now - index * DAY,
                public=index != 1,
            )
        CollectionFactory(author=olga, slug="plain")

    await sync_to_async(build)()

    featured = await queries.featured_collections()
    two = await queries.featured_collections(limit=2)

    assert [c.slug for c in featured] == ["f0", "f2", "f3", "f4"]
    assert [c.slug for c in two] == ["f0", "f2"]
    assert featured[0].author.username == "olga"


async def test_favourite_collections_and_membership(live_db):
    olga, bob, _ = await sync_to_async(build_people)()
    addon = await sync_to_async(AddonFactory)()

    def build():
        public = CollectionFactory(author=olga, slug="public")
        hidden = CollectionFactory(author=olga, slug="hidden", public=False)
        own = CollectionFactory(author=bob, slug="own", public=False)
        for collection in (public, hidden, own):
            CollectionFavourite.objects.create(user=bob, collection=collection)
        CollectionAddonFactory(collection=own, addon=addon)
        CollectionAddonFactory(collection=public, addon=addon)
        return public, own

    public, own = await sync_to_async(build)()

    favourites = await queries.favourite_collections(bob.pk)

    assert [c.slug for c in favourites.items] == ["own", "public"]
    assert favourites.total == 2
    assert await queries.collections_with_addon(bob.pk, addon.pk) == {own.pk}
    assert await queries.collections_with_addon(olga.pk, addon.pk) == {public.pk}
    assert await queries.is_favourite(bob.pk, public.pk)
    assert not await queries.is_favourite(olga.pk, public.pk)


async def test_actions_and_queries_agree_on_counts(live_db):
    olga = await sync_to_async(UserFactory)(username="olga")
    addons = await sync_to_async(lambda: [AddonFactory() for _ in range(3)])()
    collection = await actions.create_collection(olga, name="Tabs", slug="tabs")
    for addon in addons:
        await actions.add_addon(olga, collection.pk, addon.pk)
    await actions.remove_addon(olga, collection.pk, addons[1].pk)

    shown = await queries.get_collection("olga", "tabs")
    page = await queries.collection_addons(collection.pk, sort="position")

    assert shown.addon_count == page.total == 2
    assert [item.addon_id for item in page.items] == [addons[0].pk, addons[2].pk]
