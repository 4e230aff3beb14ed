"""The demo collections: their data and their load."""

from amo.catalogue.demo.collections import COLLECTIONS, load_collections
from amo.catalogue.demo.data import ADDONS, USERS
from amo.collections.models import Collection, CollectionAddon
from tests.factories import AddonFactory, UserFactory


def test_demo_collections_name_demo_authors_and_add_ons():
    usernames = {user.username for user in USERS}
    slugs = {addon.slug for addon in ADDONS}

    for collection in COLLECTIONS:
        assert collection.author in usernames, collection.slug
        for slug, _ in collection.addons:
            assert slug in slugs, (collection.slug, slug)


def test_demo_has_two_featured_and_a_private_collection():
    featured = [c for c in COLLECTIONS if c.featured and c.public]
    private = [c for c in COLLECTIONS if not c.public]

    assert len(featured) == 2
    assert len(private) == 1
    assert all(c.description for c in featured)


def test_load_collections_adds_what_is_missing(db):
    for collection in COLLECTIONS:
        UserFactory(username=collection.author)
    for slug in {slug for c in COLLECTIONS for slug, _ in c.addons} - {"graphite"}:
        AddonFactory(slug=slug, search_document=False)

    added = load_collections()
    again = load_collections()

    # The test's rows are uncommitted, so they are read on its connection.
    collections = Collection.objects.using("default")

    assert added == len(COLLECTIONS)
    assert again == 0
    featured = collections.filter(featured=True).order_by("-featured_at")
    assert [c.slug for c in featured] == ["tidy-browsing", "privacy-kit"]
    night = collections.get(slug="night-themes")
    assert night.public is False
    # The add-on that is missing from the database is skipped.
    assert night.addon_count == 2
    tidy = collections.get(slug="tidy-browsing")
    entries = (
        CollectionAddon.objects.using("default")
        .filter(collection=tidy)
        .order_by("position")
        .select_related("addon")
    )
    assert [e.addon.slug for e in entries] == [
        "tab-tamer",
        "bookmark-garden",
        "reading-lamp",
        "download-dock",
    ]
    assert entries[0].notes == {"en-US": "Groups my tabs by site every morning."}
    assert tidy.addon_count == 4
