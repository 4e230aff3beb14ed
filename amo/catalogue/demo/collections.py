"""Collections of the demo users, for the collection pages and shelves.

Each demo collection belongs to a demo author and lists demo add-ons with
notes. Two are featured, so the home page shows them, and one is private,
so its owner sees what others do not. The load adds the collections the
database lacks, matched by author and slug, and skips add-ons and authors
that are not there, so a second load changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from amo.addons.models import Addon
from amo.collections.models import Collection, CollectionAddon
from amo.core.cache import invalidation
from amo.core.db import use_primary
from amo.users.models import User


@dataclass(frozen=True)
class DemoCollection:
    author: str
    slug: str
    name: dict[str, str]
    description: dict[str, str]
    # Add-on slugs with the owner's notes, in the owner's order.
    addons: tuple[tuple[str, dict[str, str]], ...]
    public: bool = True
    featured: bool = False
    default_locale: str = "en-US"


# When the two featured collections were featured: the newer shows first.
FEATURED_AT = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)

COLLECTIONS = (
    DemoCollection(
        author="mira-okafor",
        slug="tidy-browsing",
        name={"en-US": "Tidy browsing", "fr": "Navigation bien rangée"},
        description={
            "en-US": "Tabs, bookmarks and reading lists that stay in order.",
            "fr": "Des onglets, des marque-pages et des listes de lecture en ordre.",
        },
        addons=(
            ("tab-tamer", {"en-US": "Groups my tabs by site every morning."}),
            ("bookmark-garden", {"en-US": "Old bookmarks, pruned and sorted."}),
            ("reading-lamp", {"en-US": "For long articles at night."}),
            ("download-dock", {}),
        ),
        featured=True,
    ),
    DemoCollection(
        author="jonas-lindqvist",
        slug="privacy-kit",
        name={"en-US": "Privacy kit", "de": "Privatsphäre-Set"},
        description={
            "en-US": "What I install first on a new profile.",
            "de": "Was ich in einem neuen Profil zuerst installiere.",
        },
        addons=(
            ("quiet-corner", {"en-US": "Blocks trackers without breaking sites."}),
            ("cookie-crumbs", {"en-US": "Clears cookies when a tab closes."}),
            ("header-peek", {"en-US": "See what a site sends and receives."}),
        ),
        featured=True,
    ),
    DemoCollection(
        author="tomasz-nowak",
        slug="web-dev-toolbox",
        name={"en-US": "Web developer's toolbox"},
        description={"en-US": "Small tools for looking inside pages."},
        addons=(
            ("json-lens", {"en-US": "Readable API responses."}),
            ("pixel-ruler", {}),
            ("colour-dropper", {"en-US": "Picks colours from any page."}),
            ("full-page-snap", {}),
        ),
    ),
    DemoCollection(
        author="ada-kowalska",
        slug="coffee-break",
        name={"en-US": "Coffee break games"},
        description={},
        addons=(
            ("pocket-sudoku", {"en-US": "One puzzle per break."}),
            ("tiny-dungeon", {}),
        ),
    ),
    DemoCollection(
        author="tessellate-studio",
        slug="night-themes",
        name={"en-US": "Themes for the night"},
        description={"en-US": "Dark themes we are still trying out."},
        addons=(
            ("midnight-tide", {"en-US": "Our favourite so far."}),
            ("starfield", {}),
            ("graphite", {}),
        ),
        public=False,
    ),
)


def load_collections() -> int:
    """Add the demo collections the database lacks; return how many."""
    # The rows it reads were just written, so a replica may lack them.
    with use_primary():
        return _load_collections()


def _load_collections() -> int:
    authors = {
        user.username: user
        for user in User.objects.filter(
            username__in={collection.author for collection in COLLECTIONS}
        )
    }
    slugs = {slug for collection in COLLECTIONS for slug, _ in collection.addons}
    addons = {
        addon.slug: addon
        for addon in Addon.objects.listed().filter(slug__in=slugs).only("id", "slug")
    }
    added = 0
    for index, spec in enumerate(COLLECTIONS):
        author = authors.get(spec.author)
        if author is None:
            continue
        if Collection.objects.filter(author=author, slug=spec.slug).exists():
            continue
        with transaction.atomic():
            _create(spec, author, addons, FEATURED_AT - datetime.timedelta(days=index))
        added += 1
    return added


def _create(
    spec: DemoCollection,
    author: User,
    addons: dict[str, Addon],
    featured_at: datetime.datetime,
) -> None:
    collection = Collection.objects.create(
        author=author,
        slug=spec.slug,
        name=spec.name,
        description=spec.description,
        default_locale=spec.default_locale,
        public=spec.public,
        featured=spec.featured and spec.public,
        featured_at=featured_at if spec.featured and spec.public else None,
    )
    entries = [
        CollectionAddon(
            collection=collection,
            addon=addons[slug],
            notes=notes,
            position=position,
        )
        for position, (slug, notes) in enumerate(spec.addons)
        if slug in addons
    ]
    CollectionAddon.objects.bulk_create(entries)
    collection.addon_count = len(entries)
    collection.save(update_fields=["addon_count", "modified"])
    invalidation.invalidate([collection], models_changed=[CollectionAddon])
