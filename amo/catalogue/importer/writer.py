"""Writing merged add-ons to the database, in batches, idempotently.

Everything runs in one transaction on the primary database. Existing rows
are loaded once into maps. Then each kind of row is inserted with
bulk_create and changed with bulk_update, and rows whose values did not
change are not written. An add-on is recognised again by its guid, else its AMO
id, else (for add-ons known only by slug) its AMO slug, so a second run
over the same files updates rows and never duplicates them.

The steps, in order: add-ons (with their slugs), licences, versions, files
and compatibility ranges, the current version of each add-on, users and
authors, tags, categories and previews, then the search documents of every
add-on written. Each later step needs the ids of the rows before it.
"""

from collections.abc import Callable

from django.db import transaction

from amo.addons.models import Addon
from amo.catalogue.importer import relations, versions
from amo.catalogue.importer.bulk import assign, save_rows
from amo.catalogue.importer.context import WriteContext, WriteStats
from amo.catalogue.importer.merge import MergedAddon
from amo.catalogue.importer.records import SCALAR_FIELDS, TRANSLATED_FIELDS, Report
from amo.core.cache import invalidation
from amo.core.db.routers import use_primary
from amo.core.models import translate
from amo.ratings import aggregates
from amo.search import documents

ID_HELD = "AMO id is held by a stored add-on with another guid: id left out"

# Fields the importer sets on Addon; others keep what amo has.
ADDON_FIELDS = (
    "guid",
    "guid_key",
    "amo_id",
    "slug",
    "sort_name",
    *SCALAR_FIELDS,
    *TRANSLATED_FIELDS,
)


def write_catalogue(
    addons: list[MergedAddon],
    *,
    using: str = "default",
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> tuple[WriteStats, list[Report]]:
    """Store `addons` with their versions, authors, tags and the rest.

    With `dry_run` the transaction is rolled back at the end.
    """
    context = WriteContext(
        using=using, stats=WriteStats(), reports=[], progress=progress
    )
    with use_primary(), transaction.atomic(using=using):
        write_addons(context, addons)
        # The imported rating figures are the baseline that rows add to.
        aggregates.store_import_baselines(
            {
                row.pk: addon.values
                for addon, row in zip(addons, context.rows, strict=True)
            },
            using=context.using,
        )
        versions.write_versions(context, addons)
        relations.write_authors(context, addons)
        relations.write_tags(context, addons)
        relations.write_categories(context, addons)
        relations.write_previews(context, addons)
        context.progress(f"  search documents: {len(context.rows)}")
        documents.refresh([row.pk for row in context.rows], using=using)
        if dry_run:
            transaction.set_rollback(True, using=using)
        else:
            # Runs once the transaction commits.
            invalidation.invalidate_addons(
                [row.pk for row in context.rows], using=using
            )
    context.stats.listings = sum(1 for row in context.rows if row.is_public)
    return context.stats, context.reports


class _Matcher:
    """Stored rows of the merged add-ons, and free slugs for new ones."""

    def __init__(self, using: str) -> None:
        self.rows = list(Addon.objects.using(using).all())
        self.by_guid = {row.guid_key: row for row in self.rows if row.guid_key}
        self.by_id = {row.amo_id: row for row in self.rows if row.amo_id is not None}
        self.by_slug = {row.slug.lower(): row for row in self.rows}
        self.taken_slugs = set(self.by_slug)
        self.claimed: set[int] = set()

    def match(self, addon: MergedAddon, reports: list[Report]) -> Addon | None:
        guid_key = addon.guid.lower() if addon.guid else None
        row = self.by_guid.get(guid_key) if guid_key else None
        by_id = self.by_id.get(addon.amo_id) if addon.amo_id is not None else None
        if row is None and by_id is not None and by_id.guid_key in (None, guid_key):
            row = by_id
        if by_id is not None and row is not by_id:
            # The id is another stored add-on's: this one goes without it.
            record = addon.records[-1]
            reports.append(
                Report(
                    record.path,
                    record.position,
                    ID_HELD,
                    level="dropped",
                    detail=f"id {addon.amo_id} is add-on {by_id.pk}'s",
                )
            )
            addon.amo_id = None
        if row is None and addon.slug_from_amo and guid_key is None:
            # Known by slug alone: the stored add-on of that AMO slug, unless
            # a guid or AMO id makes it another one.
            candidate = self.by_slug.get(addon.slug_candidates[0])
            if (
                candidate is not None
                and candidate.guid_key is None
                and candidate.amo_id in (None, addon.amo_id)
            ):
                row = candidate
        if row is not None and row.pk in self.claimed:
            # Two merged add-ons found one row; the first keeps it.
            row = None
        if row is not None:
            self.claimed.add(row.pk)
        return row

    def slug_for(self, addon: MergedAddon, row: Addon | None) -> str:
        """Pick the add-on's slug: AMO's own when free, else a free variant."""
        if row is not None:
            current = row.slug
            best = addon.slug_candidates[0]
            if not addon.slug_from_amo or best == current or best in self.taken_slugs:
                return current
            self.taken_slugs.discard(current.lower())
            self.taken_slugs.add(best)
            return best
        for candidate in addon.slug_candidates:
            if candidate not in self.taken_slugs:
                self.taken_slugs.add(candidate)
                return candidate
        base = addon.slug_candidates[-1][:90]
        number = 2
        while f"{base}-{number}" in self.taken_slugs:
            number += 1
        slug = f"{base}-{number}"
        self.taken_slugs.add(slug)
        return slug


def addon_values(addon: MergedAddon, slug: str) -> dict[str, object]:
    """Return the Addon field values the sources give for `addon`."""
    values: dict[str, object] = {"slug": slug}
    # A stored add-on keeps the guid and AMO id that no source contradicts.
    if addon.guid:
        values.update(guid=addon.guid, guid_key=addon.guid.lower())
    if addon.amo_id is not None:
        values["amo_id"] = addon.amo_id
    values.update(addon.values)
    values.update(addon.translations)
    default_locale = str(values["default_locale"])
    name, _ = translate(
        addon.translations.get("name", {}), default_locale, default_locale
    )
    # Addon.save() keeps sort_name; bulk writes bypass save(), so set it here.
    values["sort_name"] = name.lower()[:255]
    return values


def write_addons(context: WriteContext, addons: list[MergedAddon]) -> None:
    """Create or update the Addon row of every merged add-on."""
    matcher = _Matcher(context.using)
    matched = [matcher.match(addon, context.reports) for addon in addons]

    # Add-ons with AMO's own slug pick first, so that a slug made from a
    # name never takes an AMO slug away from the add-on that has it.
    order = sorted(
        range(len(addons)), key=lambda index: not addons[index].slug_from_amo
    )
    slugs: dict[int, str] = {}
    for index in order:
        slugs[index] = matcher.slug_for(addons[index], matched[index])

    new: list[Addon] = []
    changed: list[Addon] = []
    for index, (addon, row) in enumerate(zip(addons, matched, strict=True)):
        values = addon_values(addon, slugs[index])
        if row is None:
            row = Addon(**values)
            new.append(row)
        elif assign(row, values):
            changed.append(row)
        context.rows.append(row)
        if (index + 1) % 5000 == 0:
            context.progress(f"  add-ons: {index + 1} of {len(addons)} prepared")
    save_rows(Addon, new, changed, ADDON_FIELDS, context.using, context.stats.addons)
    context.progress(f"  add-ons: {context.stats.addons}")
