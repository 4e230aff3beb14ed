"""Load the demo catalogue into the database and MEDIA_ROOT.

Each add-on is written in its own transaction, with its icon, screenshots
and packages drawn and built on the way, so an interrupted load leaves
whole add-ons behind and the next load adds the rest. Add-ons are matched
by guid: a load adds the demo add-ons that the database lacks and touches
nothing else, so a second load changes nothing. Every load that adds
add-ons records a DemoLoad row, the marker that `amo demo` checks.

The numbers (users, downloads, ratings), the daily usage rows of the
statistics pages (amo.catalogue.demo.stats) and every drawing come from
generators seeded with SEED and the add-on's slug. Two loads of the same
data into empty databases on the same UTC day therefore write the same
files, byte for byte, and the same rows apart from the times they were
written at (`modified`, and `created` of tags and of DemoLoad). The daily
rows end the day before the load, so a load on another day shifts their
dates.
"""

import datetime
import hashlib
import io
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max
from PIL import Image

from amo.addons.icons import save_icon
from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.catalogue.demo.collections import load_collections
from amo.catalogue.demo.data import ADDONS, USERS
from amo.catalogue.demo.drawing.icons import check_artwork, draw_icon
from amo.catalogue.demo.drawing.screens import (
    PANELS,
    draw_screenshot,
    draw_theme_preview,
)
from amo.catalogue.demo.models import DemoLoad
from amo.catalogue.demo.packages import build_package, compatibility, package_icons
from amo.catalogue.demo.ratings import seed_ratings
from amo.catalogue.demo.schema import DemoAddon, DemoUser, DemoVersion, texts
from amo.catalogue.demo.stats import DAYS, demo_daily_rows, demo_rows_for_days
from amo.core.cache import invalidation
from amo.core.constants import (
    BUILTIN_LICENSES_BY_SLUG,
    PREVIEW_THUMBNAIL_SIZE,
    AddonStatus,
    AddonType,
    ApplicationChoices,
    AuthorRole,
    Channel,
    FileStatus,
    listing_for_type,
)
from amo.core.db import use_primary
from amo.files.models import File
from amo.search import documents
from amo.stats.models import DailyDownloads, DailyUsers
from amo.users.models import User
from amo.versions.models import ApplicationsVersions, License, Version

SEED = 20101103
# Screenshots per theme: the theme on a page, and with a menu open.
THEME_PREVIEWS = 2

Progress = Callable[[str], None]


class DemoDataError(Exception):
    """The demo data or the database it is loaded into is inconsistent."""


@dataclass(frozen=True)
class LoadResult:
    added: int
    present: int
    seconds: float


@dataclass(frozen=True)
class Numbers:
    """The usage numbers of one add-on."""

    weekly_downloads: int
    total_downloads: int
    total_ratings: int
    text_ratings_count: int
    average_rating: float
    bayesian_rating: float


def data_digest(
    addons: Iterable[DemoAddon] = ADDONS, users: Iterable[DemoUser] = USERS
) -> str:
    """Return the sha256 of the demo data, which names its edition."""
    return hashlib.sha256(repr((tuple(users), tuple(addons))).encode()).hexdigest()


def is_loaded() -> bool:
    """Return whether a demo load has run on this database."""
    return DemoLoad.objects.exists()


def load_demo(progress: Progress | None = None) -> LoadResult:
    """Add the demo add-ons that the database lacks; return what was done."""
    started = time.perf_counter()
    report = progress or (lambda message: None)
    check_catalogue(ADDONS, USERS)

    with use_primary():
        present = set(
            Addon.objects.filter(
                guid_key__in=[addon.guid.lower() for addon in ADDONS]
            ).values_list("guid_key", flat=True)
        )
        missing = [addon for addon in ADDONS if addon.guid.lower() not in present]
        if not missing:
            return LoadResult(0, len(present), time.perf_counter() - started)
        _check_slugs_free(missing)

        references = _References.load()
        numbers = catalogue_numbers(ADDONS)
        today = datetime.datetime.now(datetime.UTC).date()
        authors = _ensure_users(missing)
        tags = _ensure_tags(missing)
        for index, addon in enumerate(missing, start=1):
            with transaction.atomic():
                pk = _load_addon(
                    addon, references, numbers[addon.slug], authors, tags, today
                )
                # Runs once the add-on's transaction commits, so the
                # listings show each add-on that is in the database.
                invalidation.invalidate_addons([pk])
            report(f"[{index}/{len(missing)}] {addon.slug}")
        load_collections()

        DemoLoad.objects.create(
            data_digest=data_digest(),
            addons_added=len(missing),
            addons_present=len(present),
        )
    return LoadResult(len(missing), len(present), time.perf_counter() - started)


def extend_daily_rows(today: datetime.date | None = None) -> int:
    """Add the daily rows of the days since a demo add-on's last row, up to
    the day before `today` (UTC); return how many add-ons got rows.

    `amo demo` runs this on every start, so a demo loaded days ago still
    shows recent statistics, and the popularity job, which averages the
    last complete days, keeps the add-ons' figures. At most the DAYS days
    before `today` are filled. Rows that exist, such as those the roll-up
    wrote from real counts, are kept.
    """
    today = today or datetime.datetime.now(datetime.UTC).date()
    oldest = today - datetime.timedelta(days=DAYS)
    with use_primary():
        ids = dict(
            Addon.objects.filter(
                guid_key__in=[addon.guid.lower() for addon in ADDONS]
            ).values_list("guid_key", "pk")
        )
        last_days = dict(
            DailyUsers.objects.filter(addon_id__in=list(ids.values()))
            .order_by()
            .values("addon_id")
            .annotate(last=Max("date"))
            .values_list("addon_id", "last")
        )
        numbers = catalogue_numbers(ADDONS)
        extended = 0
        for addon in ADDONS:
            pk = ids.get(addon.guid.lower())
            if pk is None:
                continue
            first = max(
                last_days.get(pk, oldest - datetime.timedelta(days=1))
                + datetime.timedelta(days=1),
                oldest,
            )
            days = [
                first + datetime.timedelta(days=offset)
                for offset in range((today - first).days)
            ]
            if not days:
                continue
            user_rows, download_rows = demo_rows_for_days(
                addon, pk, numbers[addon.slug].weekly_downloads, SEED, days
            )
            with transaction.atomic():
                DailyUsers.objects.bulk_create(user_rows, ignore_conflicts=True)
                DailyDownloads.objects.bulk_create(download_rows, ignore_conflicts=True)
            extended += 1
    return extended


# --- Checks ---------------------------------------------------------------


def check_catalogue(addons: Iterable[DemoAddon], users: Iterable[DemoUser]) -> None:
    """Raise DemoDataError on the first inconsistency in the demo data."""
    usernames = {user.username for user in users}
    seen_slugs: set[str] = set()
    seen_guids: set[str] = set()
    for addon in addons:
        where = f"demo add-on {addon.slug!r}"
        if addon.slug in seen_slugs:
            raise DemoDataError(f"{where}: the slug is used twice")
        if addon.guid.lower() in seen_guids:
            raise DemoDataError(f"{where}: guid {addon.guid!r} is used twice")
        seen_slugs.add(addon.slug)
        seen_guids.add(addon.guid.lower())

        unknown = [name for name in addon.authors if name not in usernames]
        if not addon.authors:
            raise DemoDataError(f"{where}: no authors: name one of data/users.py")
        if unknown:
            raise DemoDataError(
                f"{where}: unknown authors {unknown}: add them to data/users.py"
            )
        if addon.default_locale not in texts(addon.name, addon.default_locale):
            raise DemoDataError(
                f"{where}: no name in its default locale {addon.default_locale!r}"
            )
        if not any(version.listed for version in addon.versions):
            raise DemoDataError(f"{where}: no listed version")
        numbers = [version.version for version in addon.versions]
        if len(set(numbers)) != len(numbers):
            raise DemoDataError(f"{where}: a version number is used twice")
        for slug in {addon.license, *(v.license for v in addon.versions)} - {""}:
            if slug not in BUILTIN_LICENSES_BY_SLUG:
                raise DemoDataError(f"{where}: licence {slug!r} is not built in")
        if addon.is_theme and addon.theme is None:
            raise DemoDataError(f"{where}: a theme needs its ThemeLook")
        if not 0 <= addon.rating <= 5:
            raise DemoDataError(f"{where}: rating {addon.rating} is not in 0-5")
        try:
            check_artwork(addon.artwork)
        except ValueError as error:
            raise DemoDataError(f"{where}: {error}") from None


def _check_slugs_free(addons: list[DemoAddon]) -> None:
    slug_owners = dict(
        Addon.objects.filter(slug__in=[addon.slug for addon in addons]).values_list(
            "slug", "guid"
        )
    )
    for addon in addons:
        if addon.slug in slug_owners:
            raise DemoDataError(
                f"slug {addon.slug!r} of demo add-on {addon.guid} is taken by the "
                f"add-on with guid {slug_owners[addon.slug]!r}: rename or delete that "
                "add-on, then load the demo again"
            )


# --- Shared rows ----------------------------------------------------------


@dataclass(frozen=True)
class _References:
    categories: dict[tuple[int, int, str], Category]
    licenses: dict[str, License]

    @classmethod
    def load(cls) -> "_References":
        categories = {
            (category.application, category.type, category.slug): category
            for category in Category.objects.all()
        }
        licenses = {
            license.slug: license
            for license in License.objects.filter(slug__isnull=False)
            if license.slug
        }
        return cls(categories, licenses)

    def category(self, application: int, addon: DemoAddon, slug: str) -> Category:
        category_type = listing_for_type(addon.type).category_type
        try:
            return self.categories[(application, category_type, slug)]
        except KeyError:
            raise DemoDataError(
                f"demo add-on {addon.slug!r}: category {slug!r} does not exist for "
                f"type {category_type} on application {application}; run "
                "`amo migrate`, or pick a category of amo.core.constants.CATEGORIES"
            ) from None

    def license(self, slug: str) -> License:
        try:
            return self.licenses[slug]
        except KeyError:
            raise DemoDataError(
                f"licence {slug!r} is missing from the database: run `amo migrate`"
            ) from None


def _ensure_users(addons: list[DemoAddon]) -> dict[str, User]:
    needed = {name for addon in addons for name in addon.authors}
    users = {}
    with transaction.atomic():
        for record in USERS:
            if record.username not in needed:
                continue
            user, created = User.objects.get_or_create(
                email=record.email,
                defaults={
                    "username": record.username,
                    "display_name": record.display_name,
                    "homepage": record.homepage,
                    "biography": record.biography,
                    "created": _midday(record.joined),
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            users[record.username] = user
    return users


def _ensure_tags(addons: list[DemoAddon]) -> dict[str, Tag]:
    with transaction.atomic():
        return {
            text: Tag.objects.get_or_create(tag_text=text)[0]
            for text in sorted({tag for addon in addons for tag in addon.tags})
        }


# --- Numbers --------------------------------------------------------------


def catalogue_numbers(addons: Iterable[DemoAddon]) -> dict[str, Numbers]:
    """Return the usage numbers of every demo add-on, keyed by slug.

    The bayesian rating counts, beside the add-on's own ratings, as many
    ratings at the catalogue's mean as an add-on gets on average, so an
    add-on with few ratings sits near the mean.
    """
    addons = list(addons)
    drafts = {}
    for addon in addons:
        rng = random.Random(f"{SEED}:numbers:{addon.slug}")
        weekly = max(1, round(addon.users * rng.uniform(0.015, 0.09)))
        first, last = _first_and_last(addon)
        years = (last - first).days / 365 + 0.5
        total = round(weekly * 52 * years * rng.uniform(0.8, 1.6))
        ratings = round(addon.users**0.68 * rng.uniform(0.2, 0.4))
        text_ratings = round(ratings * rng.uniform(0.35, 0.6))
        drafts[addon.slug] = (weekly, total, ratings, text_ratings, addon.rating)

    rated = [draft for draft in drafts.values() if draft[2]]
    mean_count = sum(draft[2] for draft in rated) / max(1, len(rated))
    mean_rating = sum(draft[4] for draft in rated) / max(1, len(rated))
    numbers = {}
    for slug, (weekly, total, ratings, text_ratings, average) in drafts.items():
        if not ratings:
            average = 0.0
        bayesian = (mean_count * mean_rating + ratings * average) / (
            mean_count + ratings
        )
        numbers[slug] = Numbers(
            weekly, total, ratings, text_ratings, average, round(bayesian, 4)
        )
    return numbers


def _first_and_last(addon: DemoAddon) -> tuple[datetime.datetime, datetime.datetime]:
    dates = [version.released for version in addon.versions]
    listed = [version.released for version in addon.versions if version.listed]
    return min(dates), max(listed)


def _midday(day: str) -> datetime.datetime:
    parsed = datetime.date.fromisoformat(day)
    return datetime.datetime(
        parsed.year, parsed.month, parsed.day, 12, tzinfo=datetime.UTC
    )


# --- One add-on -----------------------------------------------------------


def _load_addon(
    addon: DemoAddon,
    references: _References,
    numbers: Numbers,
    authors: dict[str, User],
    tags: dict[str, Tag],
    today: datetime.date,
) -> int:
    """Write one demo add-on with everything it owns; return its id.

    `today` is the UTC day of the load, which the daily rows end before.
    """
    locale = addon.default_locale
    created, last_updated = _first_and_last(addon)
    record = Addon(
        guid=addon.guid,
        slug=addon.slug,
        type=addon.type,
        status=AddonStatus.PUBLIC,
        default_locale=locale,
        target_locale=addon.target_locale,
        name=texts(addon.name, locale),
        summary=texts(addon.summary, locale),
        description=texts(addon.description, locale),
        developer_comments=texts(addon.developer_comments, locale),
        homepage=texts(addon.homepage, locale),
        support_url=texts(addon.support_url, locale),
        support_email=texts(addon.support_email, locale),
        eula=texts(addon.eula, locale),
        privacy_policy=texts(addon.privacy_policy, locale),
        contributions_url=addon.contributions_url,
        promoted=addon.promoted,
        requires_payment=addon.requires_payment,
        is_experimental=addon.is_experimental,
        average_daily_users=addon.users,
        # Public, so visitors of the demo see the statistics without signing
        # in. Only one demo author can sign in (`amo demo` prints how).
        public_stats=True,
        weekly_downloads=numbers.weekly_downloads,
        total_downloads=numbers.total_downloads,
        total_ratings=numbers.total_ratings,
        text_ratings_count=numbers.text_ratings_count,
        average_rating=numbers.average_rating,
        bayesian_rating=numbers.bayesian_rating,
        created=created,
        last_updated=last_updated,
    )
    record.save()

    icon = draw_icon(addon.artwork)
    record.icon_hash = save_icon(record, icon)

    for position, username in enumerate(addon.authors):
        AddonUser.objects.create(
            addon=record,
            user=authors[username],
            role=AuthorRole.OWNER if position == 0 else AuthorRole.DEVELOPER,
            position=position,
        )
    categories = [
        references.category(ApplicationChoices.FIREFOX, addon, slug)
        for slug in addon.categories
    ] + [
        references.category(ApplicationChoices.ANDROID, addon, slug)
        for slug in addon.android_categories
    ]
    record.categories.set(categories)
    record.tags.set([tags[text] for text in addon.tags])

    icons = package_icons(icon)
    current = None
    for version in sorted(addon.versions, key=lambda version: version.released):
        stored = _load_version(addon, version, record, references, icons)
        if version.listed:
            current = stored
    record.current_version = current
    record.save(update_fields=["icon_hash", "current_version"])

    _load_previews(addon, record, icon)
    user_rows, download_rows = demo_daily_rows(
        addon, record.pk, numbers.weekly_downloads, SEED, today
    )
    DailyUsers.objects.bulk_create(user_rows)
    DailyDownloads.objects.bulk_create(download_rows)
    seed_ratings(record, addon, ADDONS)
    documents.refresh([record.pk])
    return record.pk


def _load_version(
    addon: DemoAddon,
    version: DemoVersion,
    record: Addon,
    references: _References,
    icons: dict[int, bytes],
) -> Version:
    released = version.released
    stored = Version.objects.create(
        addon=record,
        version=version.version,
        channel=Channel.LISTED if version.listed else Channel.UNLISTED,
        release_notes=texts(version.notes, addon.default_locale),
        license=references.license(version.license or addon.license),
        reviewed=released + datetime.timedelta(hours=20),
        created=released,
    )
    ranges = compatibility(addon, version)
    ApplicationsVersions.objects.create(
        version=stored,
        application=ApplicationChoices.FIREFOX,
        min=ranges.firefox[0],
        max=ranges.firefox[1],
    )
    if ranges.android is not None:
        ApplicationsVersions.objects.create(
            version=stored,
            application=ApplicationChoices.ANDROID,
            min=ranges.android[0],
            max=ranges.android[1],
        )

    package = build_package(addon, version, icons)
    manifest = package.manifest
    file = File(
        version=stored,
        filename=package.filename,
        hash="sha256:" + hashlib.sha256(package.data).hexdigest(),
        size=len(package.data),
        status=FileStatus.PUBLIC,
        created=released,
        strict_compatibility=addon.type == AddonType.LANGUAGE,
        manifest_version=manifest["manifest_version"],
        # As the manifest lists them: Manifest V2 puts host patterns among
        # the permissions, V3 in host_permissions.
        permissions=list(manifest.get("permissions", ())),
        host_permissions=list(manifest.get("host_permissions", ())),
    )
    _save_file(file, file.file, package.filename, package.data)
    file.save()
    return stored


@dataclass(frozen=True)
class _Screenshot:
    image: bytes
    thumbnail: bytes
    sizes: dict[str, list[int]]


def _draw_screenshot(addon: DemoAddon, position: int, icon: Image.Image) -> _Screenshot:
    if addon.is_theme:
        image = draw_theme_preview(addon, position)
    else:
        image = draw_screenshot(addon, position, icon)
    thumbnail = image.resize(PREVIEW_THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    sizes = {"image": list(image.size), "thumbnail": list(thumbnail.size)}
    return _Screenshot(_png(image), _png(thumbnail), sizes)


def _load_previews(addon: DemoAddon, record: Addon, icon: Image.Image) -> None:
    count = THEME_PREVIEWS if addon.is_theme else len(PANELS[addon.type])
    button_icon = icon.resize((32, 32), Image.Resampling.LANCZOS)
    # Pillow releases the GIL while it resizes and encodes, so the
    # screenshots of an add-on are drawn in parallel.
    with ThreadPoolExecutor(max_workers=count) as executor:
        screenshots = list(
            executor.map(
                lambda position: _draw_screenshot(addon, position, button_icon),
                range(count),
            )
        )
    for position, screenshot in enumerate(screenshots):
        caption = (
            addon.screenshots[position] if position < len(addon.screenshots) else ""
        )
        preview = Preview(
            addon=record,
            caption=texts(caption, addon.default_locale),
            position=position,
            sizes=screenshot.sizes,
            created=record.created,
        )
        name = f"{position + 1}.png"
        _save_file(preview, preview.image, name, screenshot.image)
        name = f"{position + 1}-thumb.png"
        _save_file(preview, preview.thumbnail, name, screenshot.thumbnail)
        preview.save()


def _save_file(
    instance: models.Model, field: models.fields.files.FieldFile, name: str, data: bytes
) -> None:
    """Store `data` through `field` under its deterministic name.

    A file left at that name by an interrupted load is replaced, where the
    storage would otherwise pick a new, random name.
    """
    target = field.field.generate_filename(instance, name)
    if field.storage.exists(target):
        field.storage.delete(target)
    field.save(name, ContentFile(data), save=False)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
