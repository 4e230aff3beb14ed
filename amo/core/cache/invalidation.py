"""Invalidation: what a change to the catalogue clears from the caches.

Every write path calls one of the two functions here once it has changed
rows: `invalidate(instances)` for the rows an edit saved or deleted (the
admin), `invalidate_addons(ids)` for bulk writers that touch many add-ons
at once (the catalogue importer, the demo loader). Both do four things:

1. delete the object-cache entries that contain the changed rows,
   including the entries of other models that embed them (an add-on's
   entry contains its current version, licence, file, compatibility and
   previews, and its API entry also its authors, categories and tags);
2. bump the generations of the changed models, which turns every
   query-cache entry that read their tables into a miss;
3. bump the site generation, which turns every cached page and fragment
   into a miss, so an edit shows at once in every locale and on every page;
4. bump the update generation of each changed add-on's guid, which turns
   its cached update-check responses into misses (amo.update.cache).

Inside a transaction the work waits until the commit: a reader that ran
between the bump and the commit would store the old rows under the new
generation. Deletes leave tombstones (amo.core.cache.objects), so a read
that began before the write cannot store the old row again.

Sync only: the write paths are sync (the admin, management commands and
the write thread of amo.core.db.writes). Cache calls go through the bridge.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.db import models, transaction
from django.db.models.deletion import Collector

from amo.core.cache import generations
from amo.core.cache.backends import default_cache
from amo.core.cache.objects import new_tombstone, tombstone_seconds
from amo.core.db.routers import use_primary

log = structlog.get_logger(__name__)

# Tombstones written per cache call.
TOMBSTONE_CHUNK = 50
# Ids per query when a bulk change is planned: SQLite allows at most 999
# parameters in a statement before version 3.32.
ID_CHUNK = 500


@dataclass
class Plan:
    """The cache keys that one change clears."""

    object_keys: set[str] = field(default_factory=set)
    changed_models: set[type[models.Model]] = field(default_factory=set)
    # The add-ons whose own rows, versions or files changed.
    addon_ids: set[int] = field(default_factory=set)
    # The update generations of those add-ons' guids, found when planning
    # because a deletion removes the rows that name them.
    update_keys: set[str] = field(default_factory=set)

    def add_models(self, changed: Iterable[type[models.Model]]) -> None:
        self.changed_models.update(changed)

    def generation_keys(self) -> list[str]:
        keys = sorted(generations.model_key(model) for model in self.changed_models)
        return [*keys, generations.SITE_GENERATION_KEY]


def _version_addons(version_ids: Iterable[int]) -> dict[int, int]:
    from amo.versions.models import Version

    ids = sorted(set(version_ids))
    if not ids:
        return {}
    return dict(
        Version.objects.filter(pk__in=ids).values_list("pk", "addon_id").order_by()
    )


def _add_addons(plan: Plan, addon_ids: Iterable[int], *, card: bool = True) -> None:
    """Add the entries of whole add-ons: pages, API objects and cards.

    `card` is False for rows that listing cards leave out (versions).
    """
    from amo.addons.queries import ADDON_CARD_KIND, ADDON_KIND

    addon_ids = list(addon_ids)
    plan.addon_ids.update(addon_ids)
    for pk in addon_ids:
        plan.object_keys.add(ADDON_KIND.key(pk))
        if card:
            plan.object_keys.add(ADDON_CARD_KIND.key(pk))
    _add_api_addons(plan, addon_ids)


def _add_api_addons(plan: Plan, addon_ids: Iterable[int]) -> None:
    """Add the API entries of add-ons, the only ones that embed authors,
    categories and tags."""
    from amo.api.queries import ADDON_API_KIND

    plan.object_keys.update(ADDON_API_KIND.key(pk) for pk in addon_ids)


def _add_versions(plan: Plan, version_addons: dict[int, int | None]) -> None:
    from amo.versions.queries import VERSION_KIND

    for version_id, addon_id in version_addons.items():
        plan.object_keys.add(VERSION_KIND.key(version_id))
        if addon_id is not None:
            _add_addons(plan, [addon_id], card=False)


def _add_instance(plan: Plan, instance: models.Model) -> None:
    """Add the entries that contain `instance`, by its model."""
    from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
    from amo.addons.queries import CATEGORY_KIND
    from amo.collections.models import Collection, CollectionAddon, CollectionFavourite
    from amo.collections.queries import COLLECTION_KIND
    from amo.files.models import File
    from amo.users.models import User
    from amo.users.queries import USER_KIND
    from amo.versions.models import ApplicationsVersions, License, Version

    plan.changed_models.add(type(instance))
    value: Any = instance
    if isinstance(value, Addon):
        _add_addons(plan, [value.pk])
    elif isinstance(value, Version):
        _add_versions(plan, {value.pk: value.addon_id})
    elif isinstance(value, File | ApplicationsVersions):
        addons = _version_addons([value.version_id])
        _add_versions(plan, {value.version_id: addons.get(value.version_id)})
    elif isinstance(value, License):
        used = Version.objects.filter(license=value.pk).values_list("pk", "addon_id")
        _add_versions(plan, dict(used.order_by()))
    elif isinstance(value, Preview):
        _add_addons(plan, [value.addon_id])
    elif isinstance(value, AddonUser):
        _add_api_addons(plan, [value.addon_id])
    elif isinstance(value, User):
        plan.object_keys.add(USER_KIND.key(value.pk))
        authored = AddonUser.objects.filter(user=value.pk).values_list(
            "addon_id", flat=True
        )
        _add_api_addons(plan, authored.order_by())
    elif isinstance(value, Category):
        plan.object_keys.add(CATEGORY_KIND.key(value.pk))
        _add_api_addons(plan, value.addons.values_list("pk", flat=True).order_by())
    elif isinstance(value, Tag):
        _add_api_addons(plan, value.addons.values_list("pk", flat=True).order_by())
    elif isinstance(value, Collection):
        plan.object_keys.add(COLLECTION_KIND.key(value.pk))
    elif isinstance(value, CollectionAddon | CollectionFavourite):
        # A collection's entry holds its add-on and favourite counts.
        plan.object_keys.add(COLLECTION_KIND.key(value.collection_id))
    # Other rows (join tables) are in no object entry; the generation of
    # their model covers the queries that read them, and the add-on whose
    # tags or categories an edit changes is saved with them.


def plan_for(
    instances: Iterable[models.Model],
    *,
    models_changed: Iterable[type[models.Model]] = (),
) -> Plan:
    """Return what changing `instances` (and `models_changed`) clears.

    The rows it reads come from the primary, which has the write.
    """
    plan = Plan()
    with use_primary():
        for instance in instances:
            _add_instance(plan, instance)
        _add_update_keys(plan)
    plan.add_models(models_changed)
    return plan


def plan_for_addons(addon_ids: Iterable[int]) -> Plan:
    """Return what a bulk write to the add-ons `addon_ids` clears.

    The add-ons, their versions, their authors and every category lose
    their entries, and every model of the catalogue its generation.
    """
    from django.apps import apps

    ids = sorted(set(addon_ids))
    plan = Plan()
    with use_primary():
        _add_addon_rows(plan, ids)
        _add_update_keys(plan)
    catalogue_apps = {"addons", "versions", "files", "users"}
    plan.add_models(
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in catalogue_apps
    )
    return plan


def _add_addon_rows(plan: Plan, ids: list[int]) -> None:
    from amo.addons.models import AddonUser, Category
    from amo.addons.queries import CATEGORY_KIND
    from amo.users.queries import USER_KIND
    from amo.versions.models import Version

    _add_addons(plan, ids)
    # Bulk writers change thousands of add-ons at once; the ids are read in
    # chunks so that no query exceeds SQLite's limit on parameters.
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        versions = Version.objects.filter(addon__in=chunk).values_list("pk", "addon")
        _add_versions(plan, dict(versions.order_by()))
        users = AddonUser.objects.filter(addon__in=chunk).values_list("user", flat=True)
        plan.object_keys.update(USER_KIND.key(pk) for pk in users.order_by())
    for pk in Category.objects.values_list("pk", flat=True).order_by():
        plan.object_keys.add(CATEGORY_KIND.key(pk))


def _add_update_keys(plan: Plan) -> None:
    """Add the update generations of the guids of the plan's add-ons."""
    from amo.addons.models import Addon
    from amo.update.cache import generation_key

    ids = sorted(plan.addon_ids)
    for start in range(0, len(ids), ID_CHUNK):
        guids = Addon.objects.filter(
            pk__in=ids[start : start + ID_CHUNK], guid_key__isnull=False
        ).values_list("guid_key", flat=True)
        plan.update_keys.update(
            generation_key(guid) for guid in guids.order_by() if guid
        )


def apply(plan: Plan) -> None:
    """Clear the keys of `plan` now: tombstones, then generation bumps.

    The tombstones go first, so a page rebuilt between the two steps reads
    the new rows, though under the old generation. A cache that fails is
    logged and skipped: the write has committed, and the entries left
    behind expire after CACHE_TIMEOUT at the latest.
    """
    cache = default_cache()
    keys = sorted(plan.object_keys)
    tombstone = new_tombstone()
    failed = False
    try:
        # Chunks keep each call's requests few enough to finish within the
        # cache's call timeout, even for a bulk write's thousands of keys.
        for start in range(0, len(keys), TOMBSTONE_CHUNK):
            chunk = keys[start : start + TOMBSTONE_CHUNK]
            cache.set_many(dict.fromkeys(chunk, tombstone), tombstone_seconds())
    except Exception as error:
        failed = True
        log.error("cache tombstones failed", objects=len(keys), error=repr(error))
    try:
        generations.bump(plan.generation_keys())
    except Exception as error:
        failed = True
        log.error("generation bump failed", models=_labels(plan), error=repr(error))
    update_keys = sorted(plan.update_keys)
    try:
        for start in range(0, len(update_keys), TOMBSTONE_CHUNK):
            generations.bump(update_keys[start : start + TOMBSTONE_CHUNK])
    except Exception as error:
        failed = True
        log.error(
            "update generation bump failed",
            addons=len(plan.addon_ids),
            error=repr(error),
        )
    if not failed:
        log.info(
            "caches invalidated",
            objects=len(keys),
            models=_labels(plan),
            update_generations=len(update_keys),
        )


def _labels(plan: Plan) -> list[str]:
    return sorted(model._meta.label_lower for model in plan.changed_models)


def _apply_on_commit(plan: Plan, using: str | None) -> None:
    # on_commit runs the function at once outside a transaction.
    transaction.on_commit(lambda: apply(plan), using=using)


def invalidate(
    instances: Iterable[models.Model],
    *,
    models_changed: Iterable[type[models.Model]] = (),
    using: str | None = None,
) -> None:
    """Clear what contains `instances`, once the current transaction commits.

    Call it after saving rows and before deleting them: the entries to
    clear are found now, through the rows' foreign keys and the rows that
    refer to them, and a delete may take those rows with it.
    `models_changed` adds models whose rows changed without an instance at
    hand, such as the join table of a many-to-many field.
    """
    _apply_on_commit(plan_for(instances, models_changed=models_changed), using)


def invalidate_deletion(
    instances: Iterable[models.Model],
    *,
    models_changed: Iterable[type[models.Model]] = (),
    using: str = "default",
) -> None:
    """Clear what contains `instances` and the rows their deletion removes.

    Call it before the delete. Django's deletion collector finds the rows
    that cascade with `instances` and those whose foreign keys it sets to
    NULL, as the delete itself will.
    """
    collector = Collector(using=using)
    collector.collect(list(instances))
    rows: list[models.Model] = [
        row for collected in collector.data.values() for row in collected
    ]
    changed = set(models_changed)
    for queryset in collector.fast_deletes:
        rows.extend(queryset)
    for (updated_field, _), updated in collector.field_updates.items():
        changed.add(updated_field.model)
        batch: Any
        for batch in updated:
            rows.extend(batch)
    _apply_on_commit(plan_for(rows, models_changed=changed), using)


def invalidate_addons(addon_ids: Iterable[int], *, using: str | None = None) -> None:
    """Clear what contains the add-ons `addon_ids`, after the commit.

    For writers that change many rows of many add-ons at once.
    """
    _apply_on_commit(plan_for_addons(addon_ids), using)
