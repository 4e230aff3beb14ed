"""Collections: lists of add-ons that users put together and share.

A collection belongs to one user, who names it, describes it and orders
its add-ons, each with an optional note. A private collection is seen by
its owner alone. Users favourite collections; reviewers feature them on
the home page.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from amo.core.models import FALLBACK_LOCALE, TimestampedModel, TranslatedField

# Slugs a user may not give a collection: AMO kept them for the special
# collections it made for each user.
RESERVED_SLUGS = frozenset({"favorites", "favourites", "mobile"})


class Collection(TimestampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="collections",
    )
    # Unique per author; the URL is /collections/<author>/<slug>/.
    slug = models.SlugField(max_length=100)
    name = TranslatedField()
    description = TranslatedField()
    default_locale = models.CharField(max_length=10, default=FALLBACK_LOCALE)
    # Whether anyone may see it; a private collection is its owner's alone.
    public = models.BooleanField(default=True)
    # Denormalised counts, kept by the actions that change them.
    addon_count = models.PositiveIntegerField(default=0)
    favourite_count = models.PositiveIntegerField(default=0)
    # Set by a reviewer: the home page shows featured public collections.
    featured = models.BooleanField(default=False)
    featured_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "collections"
        constraints = [
            models.UniqueConstraint(
                fields=["author", "slug"], name="collection_author_slug"
            )
        ]
        indexes = [
            # A user's collections, most recently changed first.
            models.Index(fields=["author", "-modified"], name="collection_author"),
            # The home page's featured collections.
            models.Index(
                fields=["featured", "public", "-featured_at"],
                name="collection_featured",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_id}/{self.slug}"


class CollectionAddon(models.Model):
    """One add-on in a collection, with the owner's note on it."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="collection_addons"
    )
    addon = models.ForeignKey(
        "addons.Addon", on_delete=models.CASCADE, related_name="collection_addons"
    )
    notes = TranslatedField()
    # Order on the collection's page, smallest first.
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "collection_addons"
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "addon"], name="collectionaddon_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["collection", "position", "id"],
                name="collectionaddon_order",
            )
        ]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Add-on {self.addon_id} in collection {self.collection_id}"


class CollectionFavourite(models.Model):
    """A user's favourite collection, listed on their profile."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favourite_collections",
    )
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="favourites"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "collection_favourites"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collection"], name="collectionfavourite_unique"
            )
        ]

    def __str__(self) -> str:
        return f"User {self.user_id} likes collection {self.collection_id}"
