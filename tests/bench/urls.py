"""Lists of request paths, one list per page kind, built from a catalogue.

Every list contains distinct paths, so that with the page cache on each path
is its own cache entry, and with it off each request does its own reads.
The paths are drawn with a seeded random generator, so the same catalogue
and seed give the same lists. Only listed add-ons and pages that exist are
used, so every path answers 2xx or 3xx.
"""

import json
import math
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from tests.bench.database import MySQLServer, connection
from tests.bench.words import LANGUAGES

# The locales of settings.AMO_LANGUAGES, spelled out because the runner
# does not load amo's settings.
_LOCALE_CODES = (
    "af ar bg ca cs da de el en-US es-ES eu fa fi fr ga-IE he hu id it ja ko "
    "mn nl pl pt-BR pt-PT ro ru sk sq sr sv-SE uk vi zh-CN zh-TW"
)
LOCALES = tuple(_LOCALE_CODES.split())
APPS = ("firefox", "android")
APP_IDS = {"firefox": 1, "android": 61}
# The application guids of amo.core.constants, which Firefox sends as appID.
APP_GUIDS = {
    "firefox": "{ec8030f7-c20a-464f-9b0e-13a3a9e97384}",
    "android": "{aa3c5121-dab2-40e2-81ca-7ea25febc110}",
}
UPDATE_CHECK = "/update/VersionCheck.php"
# Application versions that update checks send: releases old and new, a dot
# release, a beta and a nightly.
UPDATE_APP_VERSIONS = (
    "68.0",
    "91.0",
    "102.0",
    "115.0",
    "115.12.0",
    "120.0",
    "125.0",
    "128.0",
    "128.0.3",
    "130.0b9",
    "131.0a1",
)
UPDATE_COMPAT_MODES = {"normal": 0.8, "strict": 0.1, "ignore": 0.1}
# The share of checks for guids that no add-on has: add-ons installed from
# elsewhere, which Firefox still checks.
UNKNOWN_GUID_SHARE = 0.05
OSES = ("WINNT", "Darwin", "Linux")
# Browse sections (amo.core.constants.TYPE_LISTINGS): slug, the add-on
# types it lists and the type of its categories.
SECTIONS = {
    "extensions": ((1,), 1),
    "themes": ((10, 9, 2), 10),
    "dictionaries": ((3,), 3),
    "language-packs": ((5,), 5),
    "search-tools": ((4,), 4),
}
LISTING_SORTS = ("users", "rating", "created", "updated", "name", "downloads")
PAGE_SIZE = 20
MAX_PAGES = 500
API_SEARCH = "/api/v5/addons/search/"
# Give up on a list that has not grown for this many draws: its catalogue
# has fewer distinct paths than requested.
STALL_LIMIT = 50_000


@dataclass(frozen=True)
class ListedAddon:
    id: int
    slug: str
    guid: str | None
    name: str


@dataclass
class CatalogueData:
    addons: list[ListedAddon]
    # (application, section slug, category slug) to listed add-ons.
    category_counts: dict[tuple[str, str, str], int]

    def queries(self, rng: random.Random, count: int) -> list[str]:
        """Return search queries drawn from add-on names and the word lists."""
        found: dict[str, None] = {}
        for language in LANGUAGES.values():
            for word in (*language.nouns, *language.adjectives, *language.tools):
                found[word.lower()] = None
        attempts = 0
        while len(found) < count and self.addons and attempts < STALL_LIMIT:
            attempts += 1
            addon = rng.choice(self.addons)
            for query in _queries_from_name(rng, addon.name):
                found.setdefault(query, None)
        queries = list(found)
        rng.shuffle(queries)
        return queries


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) == "W" for char in text)


def _queries_from_name(rng: random.Random, name: str) -> list[str]:
    name = " ".join(name.split())[:60]
    if not name:
        return []
    if _is_cjk(name) and " " not in name:
        # Names in Chinese and Japanese have no spaces: search a piece.
        start = rng.randrange(max(len(name) - 1, 1))
        return [name, name[start : start + 2]]
    words = [word for word in name.split() if len(word) > 2]
    queries = [name.lower()]
    if words:
        queries.append(rng.choice(words).lower())
    if len(words) > 1:
        first = rng.randrange(len(words) - 1)
        queries.append(" ".join(words[first : first + 2]).lower())
    return queries


def read_catalogue(server: MySQLServer, database: str) -> CatalogueData:
    """Read the listed add-ons and the size of each category listing."""
    with connection(server, database) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT id, slug, guid, name, default_locale FROM addons "
            "WHERE status = 4 AND disabled_by_user = 0 ORDER BY id"
        )
        addons = []
        for addon_id, slug, guid, name_json, locale in cursor.fetchall():
            names = json.loads(name_json) or {}
            name = (
                names.get(locale)
                or names.get("en-US")
                or next(iter(names.values()), "")
            )
            addons.append(ListedAddon(addon_id, slug, guid, name))
        counts: dict[tuple[str, str, str], int] = {}
        for section, (types, category_type) in SECTIONS.items():
            placeholders = ", ".join(["%s"] * len(types))
            cursor.execute(
                "SELECT c.application, c.slug, COUNT(*) FROM addons_categories ac "
                "JOIN categories c ON c.id = ac.category_id "
                "JOIN addons a ON a.id = ac.addon_id "
                "WHERE a.status = 4 AND a.disabled_by_user = 0 "
                f"AND a.type IN ({placeholders}) AND c.type = %s "
                "GROUP BY c.application, c.slug",
                (*types, category_type),
            )
            for application, slug, total in cursor.fetchall():
                app = next(name for name, id_ in APP_IDS.items() if id_ == application)
                counts[(app, section, slug)] = int(total)
    return CatalogueData(addons, counts)


def _distinct(count: int, draw: Callable[[], str]) -> list[str]:
    paths: dict[str, None] = {}
    stalled = 0
    while len(paths) < count and stalled < STALL_LIMIT:
        before = len(paths)
        paths.setdefault(draw(), None)
        stalled = stalled + 1 if len(paths) == before else 0
    return list(paths)


def numbered(path: str, count: int) -> list[str]:
    """Return `path` with `?r=1` to `?r=COUNT`: distinct URLs of one view."""
    return [f"{path}?r={number}" for number in range(1, count + 1)]


def home_paths(rng: random.Random, count: int) -> list[str]:
    sources = ("featured", "homepage", "discovery", "newsletter", "social", "search")

    def draw() -> str:
        locale, app = rng.choice(LOCALES), rng.choice(APPS)
        if rng.random() < 0.05:
            return f"/{locale}/{app}/"
        query = {
            "utm_source": rng.choice(sources),
            "utm_campaign": f"c{rng.randrange(2000)}",
        }
        return f"/{locale}/{app}/?{urlencode(query)}"

    return _distinct(count, draw)


def detail_paths(
    rng: random.Random, addons: Sequence[ListedAddon], count: int
) -> list[str]:
    def draw() -> str:
        addon = rng.choice(addons)
        locale, app = rng.choice(LOCALES), rng.choice(APPS)
        return f"/{locale}/{app}/addon/{quote(addon.slug, safe='')}/"

    return _distinct(count, draw) if addons else []


def category_paths(
    rng: random.Random, counts: dict[tuple[str, str, str], int], count: int
) -> list[str]:
    listings = sorted(key for key, total in counts.items() if total > 0)

    def draw() -> str:
        app, section, slug = rng.choice(listings)
        pages = min(math.ceil(counts[(app, section, slug)] / PAGE_SIZE), MAX_PAGES)
        # Most visitors read the first pages of a listing.
        page = 1 + int(pages * rng.random() ** 3)
        query = {"sort": rng.choice(LISTING_SORTS)}
        if page > 1:
            query["page"] = str(page)
        locale = rng.choice(LOCALES)
        return f"/{locale}/{app}/{section}/{slug}/?{urlencode(query)}"

    return _distinct(count, draw) if listings else []


def search_page_paths(
    rng: random.Random, queries: Sequence[str], count: int
) -> list[str]:
    def draw() -> str:
        locale, app = rng.choice(LOCALES), rng.choice(APPS)
        return f"/{locale}/{app}/search/?{urlencode({'q': rng.choice(queries)})}"

    return _distinct(count, draw)


def api_search_paths(
    rng: random.Random, queries: Sequence[str], count: int
) -> list[str]:
    def draw() -> str:
        query = {"q": rng.choice(queries), "lang": rng.choice(LOCALES)}
        if rng.random() < 0.5:
            query["app"] = rng.choice(APPS)
        if rng.random() < 0.3:
            query["type"] = rng.choice(("extension", "statictheme"))
        if rng.random() < 0.2:
            query["sort"] = rng.choice(("users", "rating", "updated"))
        return f"{API_SEARCH}?{urlencode(query)}"

    return _distinct(count, draw)


def _looks_like_guid(guid: str) -> bool:
    return "@" in guid or (guid.startswith("{") and guid.endswith("}"))


def api_detail_paths(
    rng: random.Random, addons: Sequence[ListedAddon], count: int
) -> list[str]:
    def draw() -> str:
        addon = rng.choice(addons)
        roll = rng.random()
        # The API reads a key as a GUID only when it has an @ or is wrapped
        # in {}, as AMO's does; a few old add-ons have other GUIDs.
        if roll < 0.4 and addon.guid and _looks_like_guid(addon.guid):
            key = addon.guid
        elif roll < 0.7:
            key = addon.slug
        else:
            key = str(addon.id)
        query = {"lang": rng.choice(LOCALES)}
        if rng.random() < 0.3:
            query["app"] = rng.choice(APPS)
        return f"/api/v5/addons/addon/{quote(key, safe='')}/?{urlencode(query)}"

    return _distinct(count, draw) if addons else []


def update_paths(
    rng: random.Random, addons: Sequence[ListedAddon], count: int
) -> list[str]:
    """Return update checks as Firefox sends them, for listed guids mostly.

    The add-on, the application and its version, the compatibility mode,
    the locale and the OS vary, and a few checks name unknown guids.
    """
    guids = [addon.guid for addon in addons if addon.guid]
    modes = list(UPDATE_COMPAT_MODES)
    weights = list(UPDATE_COMPAT_MODES.values())

    def draw() -> str:
        if rng.random() < UNKNOWN_GUID_SHARE:
            guid = f"unknown-{rng.randrange(10 * count)}@bench.example"
        else:
            guid = rng.choice(guids)
        app = "android" if rng.random() < 0.1 else "firefox"
        app_version = rng.choice(UPDATE_APP_VERSIONS)
        query = {
            "reqVersion": "2",
            "id": guid,
            "version": f"{rng.randrange(1, 10)}.{rng.randrange(10)}",
            "maxAppVersion": "*",
            "status": "userEnabled",
            "appID": APP_GUIDS[app],
            "appVersion": app_version,
            "appOS": "Android" if app == "android" else rng.choice(OSES),
            "appABI": "x86_64-gcc3",
            "locale": rng.choice(LOCALES),
            "currentAppVersion": app_version,
            "updateType": "112",
            "compatMode": rng.choices(modes, weights)[0],
        }
        return f"{UPDATE_CHECK}?{urlencode(query, quote_via=quote)}"

    return _distinct(count, draw) if guids else []


def write_paths(path: Path, paths: Sequence[str]) -> Path:
    if not paths:
        raise RuntimeError(f"No request paths for {path.name}: is the catalogue empty?")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return path
