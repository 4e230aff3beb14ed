"""A synthetic add-on catalogue, written to MariaDB with multi-row INSERTs.

Add-on `i` is generated from its own random generator, seeded with
"SEED:i", so a catalogue of 10,000 add-ons contains the same first 10,000
add-ons as one of 100,000 with the same seed. Each add-on gets a name and
a summary in its default locale (sometimes in English and a third locale
too), categories for each application it supports, tags, one or two
authors, and one listed version with its file and compatibility ranges.
Users, daily users, downloads and ratings follow long-tailed
distributions: a few add-ons and authors have most of them.

The rows get explicit ids above the highest stored ones, so the rows of one
add-on reference each other without reading ids back. Foreign key checks
are off for the session while the rows go in, because an add-on and its
current version reference each other.
"""

import datetime
import hashlib
import json
import math
import random
import re
import string
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.bench.words import (
    FIRST_NAMES,
    LANGUAGES,
    LAST_NAMES,
    LOCALE_WEIGHTS,
    Language,
)

# Bump when the generated rows change, so stored catalogues are rebuilt.
GENERATOR_VERSION = 1

# Dates are spread back from this fixed time, not from today, so the same
# seed always gives the same rows.
REFERENCE_TIME = datetime.datetime(2025, 6, 1, 12, 0, 0)
OLDEST = datetime.datetime(2006, 1, 1)

# The stored values of amo.core.constants, spelled out here because this
# module runs without Django's settings.
FIREFOX, ANDROID = 1, 61
EXTENSION, DICTIONARY, SEARCH, LANGUAGE_PACK, STATIC_THEME = 1, 3, 4, 5, 10
STATUS_PUBLIC, STATUS_NOMINATED, STATUS_DISABLED = 4, 3, 5
FILE_PUBLIC, FILE_UNREVIEWED = 4, 1
CHANNEL_LISTED = 2
ROLE_OWNER, ROLE_DEVELOPER = 5, 4

TYPE_WEIGHTS = {
    EXTENSION: 72,
    STATIC_THEME: 20,
    SEARCH: 4,
    DICTIONARY: 2,
    LANGUAGE_PACK: 2,
}
# Share of add-ons of each type that also run on Firefox for Android.
ANDROID_SHARE = {EXTENSION: 0.3, STATIC_THEME: 0.15}
FIREFOX_MINIMUMS = ("48.0", "57.0", "68.0", "78.0", "91.0", "102.0", "115.0", "128.0")
ANDROID_MINIMUMS = ("68.0", "79.0", "113.0", "120.0")
PERMISSIONS = (
    "tabs",
    "storage",
    "activeTab",
    "contextMenus",
    "notifications",
    "webRequest",
    "downloads",
    "bookmarks",
    "history",
    "cookies",
    "clipboardWrite",
    "scripting",
)
TAG_COUNT = 400
# Rows of one table per executemany call; pymysql folds them into
# multi-row INSERT statements of at most about 1 MB each.
CHUNK = 2000


@dataclass(frozen=True)
class Reference:
    """Rows the catalogue links to, and the first free id of each table."""

    # (application, category type) to the ids of its categories.
    categories: dict[tuple[int, int], list[int]]
    licence_ids: list[int]
    theme_licence_ids: list[int]
    taken_slugs: set[str]
    first_addon: int
    first_version: int
    first_file: int
    first_user: int


@dataclass
class Rows:
    """The rows of a batch of add-ons, by table."""

    addons: list[tuple[Any, ...]] = field(default_factory=list)
    versions: list[tuple[Any, ...]] = field(default_factory=list)
    files: list[tuple[Any, ...]] = field(default_factory=list)
    compatibility: list[tuple[Any, ...]] = field(default_factory=list)
    categories: list[tuple[Any, ...]] = field(default_factory=list)
    tags: list[tuple[Any, ...]] = field(default_factory=list)
    authors: list[tuple[Any, ...]] = field(default_factory=list)


ADDON_COLUMNS = (
    "id",
    "created",
    "modified",
    "guid",
    "guid_key",
    "slug",
    "type",
    "status",
    "disabled_by_user",
    "default_locale",
    "name",
    "summary",
    "description",
    "developer_comments",
    "homepage",
    "support_url",
    "support_email",
    "eula",
    "privacy_policy",
    "sort_name",
    "contributions_url",
    "target_locale",
    "icon_hash",
    "icon_source_url",
    "average_daily_users",
    "weekly_downloads",
    "total_downloads",
    "public_stats",
    "total_ratings",
    "text_ratings_count",
    "average_rating",
    "bayesian_rating",
    "last_updated",
    "promoted",
    "requires_payment",
    "is_experimental",
    "current_version_id",
)
VERSION_COLUMNS = (
    "id",
    "created",
    "modified",
    "version",
    "channel",
    "release_notes",
    "approval_notes",
    "reviewed",
    "deleted",
    "addon_id",
    "license_id",
    "auto_approved",
    "source",
)
FILE_COLUMNS = (
    "id",
    "created",
    "modified",
    "filename",
    "hash",
    "size",
    "status",
    "file",
    "source_url",
    "strict_compatibility",
    "is_mozilla_signed_extension",
    "manifest_version",
    "permissions",
    "optional_permissions",
    "host_permissions",
    "version_id",
)
USER_COLUMNS = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "email",
    "username",
    "display_name",
    "homepage",
    "biography",
    "is_staff",
    "is_active",
    "deleted",
    "created",
    "modified",
    "email_confirmed",
    "picture_hash",
)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f"`{name}`" for name in columns)
    values = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO `{table}` ({names}) VALUES ({values})"


def user_count(size: int) -> int:
    """Return how many users author a catalogue of `size` add-ons."""
    return max(20, size // 3)


def slugify(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def base36(number: int) -> str:
    digits = string.digits + string.ascii_lowercase
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if number == 0:
            return text


class _Weighted:
    """Values with weights, drawn with one random number each."""

    def __init__(self, weights: dict[Any, float]) -> None:
        self.values = list(weights)
        self.cumulative: list[float] = []
        total = 0.0
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


_LOCALES = _Weighted({locale: float(w) for locale, w in LOCALE_WEIGHTS.items()})
_TYPES = _Weighted({t: float(w) for t, w in TYPE_WEIGHTS.items()})


def _capitalised(language: Language, text: str) -> str:
    return text[:1].upper() + text[1:] if language.joiner else text


@dataclass(frozen=True)
class Concept:
    """The parts of a name, as indexes that any language can spell."""

    adjective: int | None
    noun: int
    tool: int | None

    def spell(self, language: Language) -> str:
        words = []
        if self.adjective is not None:
            words.append(language.adjectives[self.adjective % len(language.adjectives)])
        words.append(language.nouns[self.noun % len(language.nouns)])
        if self.tool is not None:
            words.append(language.tools[self.tool % len(language.tools)])
        if language.locale == "en-US":
            words = [word.capitalize() for word in words]
        return _capitalised(language, language.joiner.join(words))


def _concept(rng: random.Random) -> Concept:
    shape = rng.random()
    # Nouns are drawn with a tail, so some names ("Tab Manager") repeat
    # often, as they do on addons.mozilla.org.
    noun = int(64 * rng.random() ** 1.6)
    if shape < 0.45:
        return Concept(rng.randrange(64), noun, rng.randrange(64))
    if shape < 0.8:
        return Concept(None, noun, rng.randrange(64))
    return Concept(rng.randrange(64), noun, None)


def _sentence(rng: random.Random, language: Language, name: str, words: int) -> str:
    parts = [name]
    for _ in range(words):
        if rng.random() < 0.3:
            parts.append(rng.choice(language.nouns))
        else:
            parts.append(rng.choice(language.fillers))
    return language.joiner.join(parts) + language.full_stop


def _long_tail_users(rng: random.Random) -> int:
    # Log-normal: a median of about 20 daily users, with a tail that
    # reaches a few million for one add-on in 100,000.
    return min(int(rng.lognormvariate(3.0, 2.3)), 20_000_000)


def _bayesian(average: float, count: int) -> float:
    # AMO's Bayesian rating, with an average of 4.0 over 10 ratings.
    prior_mean, prior_count = 4.0, 10
    return (average * count + prior_mean * prior_count) / (count + prior_count)


def _datetime_between(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime
) -> datetime.datetime:
    seconds = (end - start).total_seconds()
    return start + datetime.timedelta(seconds=int(seconds * rng.random()))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tag_texts() -> list[str]:
    """Return the synthetic tags, most common first."""
    english = LANGUAGES["en-US"]
    texts = [*english.nouns, *english.tools]
    for adjective in english.adjectives:
        for noun in english.nouns:
            texts.append(f"{adjective} {noun}")
    unique = list(dict.fromkeys(texts))
    return unique[:TAG_COUNT]


def generate_users(
    reference: Reference, size: int, seed: int
) -> Iterator[tuple[Any, ...]]:
    for number in range(user_count(size)):
        rng = random.Random(f"{seed}:user:{number}")
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        created = _datetime_between(rng, OLDEST, REFERENCE_TIME)
        username = f"{slugify(first)}{slugify(last)}{number}"
        yield (
            reference.first_user + number,
            "!",
            None,
            0,
            f"{username}@synthetic.example",
            username,
            f"{first} {last}",
            "",
            "",
            0,
            1,
            0,
            created,
            created,
            created,
            "",
        )


def generate_addon(
    reference: Reference,
    index: int,
    seed: int,
    users: int,
    tag_ids: Sequence[int],
    rows: Rows,
) -> None:
    """Append the rows of synthetic add-on `index` to `rows`."""
    rng = random.Random(f"{seed}:{index}")
    addon_id = reference.first_addon + index
    version_id = reference.first_version + index
    addon_type = _TYPES.pick(rng)
    default_locale = _LOCALES.pick(rng)
    language = LANGUAGES[default_locale]

    concept = _concept(rng)
    names = {default_locale: concept.spell(language)}
    if default_locale != "en-US" and rng.random() < 0.35:
        names["en-US"] = concept.spell(LANGUAGES["en-US"])
    if rng.random() < 0.15:
        extra = rng.choice(list(LANGUAGES))
        names.setdefault(extra, concept.spell(LANGUAGES[extra]))
    summaries = {
        locale: _sentence(rng, LANGUAGES[locale], name, rng.randint(6, 14))
        for locale, name in names.items()
    }
    description = {
        default_locale: "\n\n".join(
            _sentence(rng, language, names[default_locale], rng.randint(10, 24))
            for _ in range(rng.randint(1, 3))
        )
    }
    english_name = concept.spell(LANGUAGES["en-US"])
    slug = f"{slugify(english_name)[:80]}-{base36(index)}"
    if slug in reference.taken_slugs:
        slug = f"{slug}-s{seed}"
    if rng.random() < 0.5:
        guid = "{" + str(_uuid(rng)) + "}"
    else:
        guid = f"{slug}@synthetic.example"

    status = STATUS_PUBLIC
    roll = rng.random()
    if roll < 0.02:
        status = STATUS_NOMINATED
    elif roll < 0.03:
        status = STATUS_DISABLED
    disabled_by_user = int(rng.random() < 0.01)

    created = _datetime_between(rng, OLDEST, REFERENCE_TIME)
    updated = _datetime_between(rng, created, REFERENCE_TIME)
    daily_users = _long_tail_users(rng)
    weekly = int(daily_users * rng.uniform(0.02, 0.25)) + rng.randint(0, 3)
    weeks = max((REFERENCE_TIME - created).days / 7, 1.0)
    total_downloads = int(weekly * weeks * rng.uniform(0.5, 1.5))
    ratings = int(daily_users**0.55 * rng.uniform(0.0, 0.6))
    average = round(min(max(rng.gauss(4.0, 0.8), 1.0), 5.0), 2) if ratings else 0.0
    bayesian = round(_bayesian(average, ratings), 4) if ratings else 0.0
    promoted = ""
    roll = rng.random()
    if roll < 0.005:
        promoted = "recommended"
    elif roll < 0.0055:
        promoted = "line"
    elif roll < 0.0105:
        promoted = "notable"
    target_locale = (
        rng.choice(list(LANGUAGES)) if addon_type in (DICTIONARY, LANGUAGE_PACK) else ""
    )
    homepage = {"en-US": f"https://{slug}.synthetic.example/"}
    rows.addons.append(
        (
            addon_id,
            created,
            updated,
            guid,
            guid.lower(),
            slug,
            addon_type,
            status,
            disabled_by_user,
            default_locale,
            _json(names),
            _json(summaries),
            _json(description),
            "{}",
            _json(homepage if rng.random() < 0.4 else {}),
            "{}",
            "{}",
            "{}",
            "{}",
            names[default_locale].lower()[:255],
            "",
            target_locale,
            "",
            "",
            daily_users,
            weekly,
            total_downloads,
            0,
            ratings,
            int(ratings * rng.uniform(0.3, 0.8)),
            average,
            bayesian,
            updated,
            promoted,
            int(rng.random() < 0.005),
            int(rng.random() < 0.02),
            version_id,
        )
    )
    _add_version(rng, reference, addon_type, status, version_id, addon_id, slug, rows)
    apps = _add_compatibility(rng, addon_type, version_id, rows)
    _add_categories(rng, reference, addon_type, apps, addon_id, rows)
    _add_tags(rng, tag_ids, addon_id, rows)
    _add_authors(rng, reference, users, addon_id, rows)


def _uuid(rng: random.Random) -> str:
    digest = hashlib.blake2b(rng.randbytes(16), digest_size=16).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def _add_version(
    rng: random.Random,
    reference: Reference,
    addon_type: int,
    status: int,
    version_id: int,
    addon_id: int,
    slug: str,
    rows: Rows,
) -> None:
    number = f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
    created = _datetime_between(
        rng, REFERENCE_TIME - datetime.timedelta(days=2000), REFERENCE_TIME
    )
    licences = (
        reference.theme_licence_ids
        if addon_type == STATIC_THEME
        else reference.licence_ids
    )
    notes = {"en-US": f"Fixes and improvements in {number}."}
    rows.versions.append(
        (
            version_id,
            created,
            created,
            number,
            CHANNEL_LISTED,
            _json(notes if rng.random() < 0.5 else {}),
            "",
            created if status == STATUS_PUBLIC else None,
            0,
            addon_id,
            rng.choice(licences),
            0,
            "",
        )
    )
    permissions = rng.sample(PERMISSIONS, rng.randint(0, 5))
    size = int(rng.lognormvariate(11.0, 1.3))
    rows.files.append(
        (
            reference.first_file + (version_id - reference.first_version),
            created,
            created,
            f"{slug}-{number}.xpi",
            "sha256:" + hashlib.sha256(rng.randbytes(32)).hexdigest(),
            size,
            FILE_PUBLIC if status == STATUS_PUBLIC else FILE_UNREVIEWED,
            "",
            "",
            int(addon_type == LANGUAGE_PACK),
            0,
            3 if rng.random() < 0.4 else 2,
            _json(permissions if addon_type == EXTENSION else []),
            "[]",
            _json(["<all_urls>"] if rng.random() < 0.2 else []),
            version_id,
        )
    )


def _add_compatibility(
    rng: random.Random, addon_type: int, version_id: int, rows: Rows
) -> list[int]:
    apps = [FIREFOX]
    if rng.random() < ANDROID_SHARE.get(addon_type, 0.0):
        apps.append(ANDROID)
    for app in apps:
        minimums = FIREFOX_MINIMUMS if app == FIREFOX else ANDROID_MINIMUMS
        minimum = rng.choice(minimums)
        # Language packs run on one major version only.
        strict = addon_type == LANGUAGE_PACK
        maximum = minimum.split(".")[0] + ".*" if strict else "*"
        rows.compatibility.append((app, minimum, maximum, version_id))
    return apps


def _add_categories(
    rng: random.Random,
    reference: Reference,
    addon_type: int,
    apps: list[int],
    addon_id: int,
    rows: Rows,
) -> None:
    count = 1 if rng.random() < 0.7 else 2
    # One choice of positions serves every application, because each
    # application has the same categories in the same order.
    positions = [int(64 * rng.random() ** 1.3) for _ in range(count)]
    for app in apps:
        ids = reference.categories.get((app, addon_type), [])
        if not ids:
            continue
        chosen = {ids[position % len(ids)] for position in positions}
        rows.categories.extend((addon_id, category) for category in sorted(chosen))


def _add_tags(
    rng: random.Random, tag_ids: Sequence[int], addon_id: int, rows: Rows
) -> None:
    roll = rng.random()
    count = 0 if roll < 0.3 else 1 + int(4 * rng.random() ** 2)
    chosen = {tag_ids[int(len(tag_ids) * rng.random() ** 2)] for _ in range(count)}
    rows.tags.extend((addon_id, tag) for tag in sorted(chosen))


def _add_authors(
    rng: random.Random, reference: Reference, users: int, addon_id: int, rows: Rows
) -> None:
    # A power of a uniform number: the first users author hundreds of
    # add-ons, most users one or two.
    owner = int(users * rng.random() ** 2.5)
    authors = [owner]
    if rng.random() < 0.08:
        other = rng.randrange(users)
        if other != owner:
            authors.append(other)
    for position, number in enumerate(authors):
        role = ROLE_OWNER if position == 0 else ROLE_DEVELOPER
        rows.authors.append(
            (role, 1, position, addon_id, reference.first_user + number)
        )


def read_reference(cursor: Any) -> Reference:
    """Read the categories, licences and next free ids from the database."""
    cursor.execute("SELECT id, application, type FROM categories ORDER BY id")
    categories: dict[tuple[int, int], list[int]] = {}
    for category_id, application, category_type in cursor.fetchall():
        categories.setdefault((application, category_type), []).append(category_id)
    cursor.execute("SELECT id, slug FROM licenses WHERE slug IS NOT NULL ORDER BY id")
    licences = cursor.fetchall()
    theme_licences = [row[0] for row in licences if row[1].lower().startswith("cc-")]
    cursor.execute("SELECT slug FROM addons")
    taken = {row[0].lower() for row in cursor.fetchall()}

    def next_id(table: str) -> int:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM `{table}`")
        return int(cursor.fetchone()[0])

    return Reference(
        categories=categories,
        licence_ids=[row[0] for row in licences],
        theme_licence_ids=theme_licences or [row[0] for row in licences],
        taken_slugs=taken,
        first_addon=next_id("addons"),
        first_version=next_id("versions"),
        first_file=next_id("files"),
        first_user=next_id("users"),
    )


def _store_tags(cursor: Any) -> list[int]:
    texts = tag_texts()
    cursor.executemany(
        "INSERT IGNORE INTO tags (tag_text, created) VALUES (%s, %s)",
        [(text, REFERENCE_TIME) for text in texts],
    )
    placeholders = ", ".join(["%s"] * len(texts))
    cursor.execute(
        f"SELECT id, tag_text FROM tags WHERE tag_text IN ({placeholders})", texts
    )
    by_text = {text: tag_id for tag_id, text in cursor.fetchall()}
    return [by_text[text] for text in texts if text in by_text]


def _write(cursor: Any, rows: Rows) -> None:
    cursor.executemany(insert_sql("addons", ADDON_COLUMNS), rows.addons)
    cursor.executemany(insert_sql("versions", VERSION_COLUMNS), rows.versions)
    cursor.executemany(insert_sql("files", FILE_COLUMNS), rows.files)
    cursor.executemany(
        insert_sql(
            "applications_versions", ("application", "min", "max", "version_id")
        ),
        rows.compatibility,
    )
    cursor.executemany(
        insert_sql("addons_categories", ("addon_id", "category_id")), rows.categories
    )
    cursor.executemany(insert_sql("addons_tags", ("addon_id", "tag_id")), rows.tags)
    cursor.executemany(
        insert_sql(
            "addons_users", ("role", "listed", "position", "addon_id", "user_id")
        ),
        rows.authors,
    )


def write_catalogue(
    connection: Any,
    size: int,
    seed: int,
    progress: Callable[[str], None] = lambda message: None,
) -> Reference:
    """Insert `size` synthetic add-ons and their rows, in one transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION foreign_key_checks = 0")
        try:
            reference = read_reference(cursor)
            tag_ids = _store_tags(cursor)
            users = user_count(size)
            user_rows = list(generate_users(reference, size, seed))
            for start in range(0, len(user_rows), CHUNK):
                cursor.executemany(
                    insert_sql("users", USER_COLUMNS), user_rows[start : start + CHUNK]
                )
            report_every = max(CHUNK, 10 ** int(math.log10(max(size, 1))) // 5)
            for start in range(0, size, CHUNK):
                rows = Rows()
                for index in range(start, min(start + CHUNK, size)):
                    generate_addon(reference, index, seed, users, tag_ids, rows)
                _write(cursor, rows)
                done = min(start + CHUNK, size)
                if done % report_every < CHUNK or done == size:
                    progress(f"synthetic add-ons: {done} of {size} written")
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            cursor.execute("SET SESSION foreign_key_checks = 1")
    return reference
