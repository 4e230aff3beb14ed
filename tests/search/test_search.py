"""Full-text search through the HTTP API: matching, ranking, filters, sorts."""

import datetime
from urllib.parse import quote

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.api.search import MAX_QUERY_LENGTH
from amo.core.constants import AddonType, ApplicationChoices, PromotedCategory
from amo.search.ranking import EXACT_WEIGHT
from tests.api.helpers import get_api
from tests.factories import AddonFactory, UserFactory, VersionFactory
from tests.search.helpers import SEARCH, search, slugs, suggestions

DAY = datetime.timedelta(days=1)


@pytest.fixture
async def shelf(live_db):
    """Add-ons whose names share words, with distinct numbers and filters."""

    def build():
        now = timezone.now()
        jane = UserFactory(username="jane", display_name="Jane Doe")
        AddonFactory(
            slug="dark-reader",
            average_rating=4.6,
            guid="addon@darkreader.org",
            name={"en-US": "Dark Reader", "de": "Dunkelleser"},
            summary={"en-US": "Dark mode for every website."},
            average_daily_users=900_000,
            weekly_downloads=50_000,
            bayesian_rating=4.5,
            promoted=PromotedCategory.RECOMMENDED,
            authors=[jane],
            tags=["dark mode", "accessibility"],
            categories=["appearance"],
            created=now - 900 * DAY,
            last_updated=now - 2 * DAY,
        )
        AddonFactory(
            slug="dark-reader-pro",
            average_rating=3.1,
            name={"en-US": "Dark Reader Pro Max Ultra"},
            summary={"en-US": "Another dark theme for pages."},
            average_daily_users=2_000_000,
            weekly_downloads=10,
            bayesian_rating=3.0,
            created=now - 10 * DAY,
            last_updated=now - 300 * DAY,
        )
        AddonFactory(
            slug="night-owl",
            average_rating=4.8,
            name={"en-US": "Night Owl"},
            summary={"en-US": "Turns every page dark at night."},
            average_daily_users=5_000,
            weekly_downloads=900,
            bayesian_rating=4.9,
            created=now - 100 * DAY,
            last_updated=now - 20 * DAY,
        )
        AddonFactory(
            slug="dark-sky",
            average_rating=2.1,
            type=AddonType.STATICTHEME,
            name={"en-US": "Dark Sky"},
            summary={"en-US": "A theme of stars."},
            average_daily_users=300,
            weekly_downloads=3_000,
            bayesian_rating=2.0,
            categories=["nature"],
            created=now - 5 * DAY,
            last_updated=now - 1 * DAY,
        )

    await sync_to_async(build)()


# --- Matching and ranking ---------------------------------------------------


async def test_every_word_must_match(shelf, async_client):
    assert await slugs(async_client, "dark reader") == [
        "dark-reader",
        "dark-reader-pro",
    ]
    assert await slugs(async_client, "reader owl") == []
    # Summaries, tags and author names are searched too.
    assert await slugs(async_client, "stars") == ["dark-sky"]
    assert await slugs(async_client, "accessibility") == ["dark-reader"]
    assert await slugs(async_client, "jane doe") == ["dark-reader"]


async def test_exact_name_ranks_first(shelf, async_client):
    data = await search(async_client, "Dark Reader")
    assert [addon["slug"] for addon in data["results"]] == [
        "dark-reader",
        "dark-reader-pro",
    ]
    assert data["results"][0]["_score"] > EXACT_WEIGHT
    assert data["results"][1]["_score"] < EXACT_WEIGHT
    # Case, spaces and punctuation do not matter; other locales count.
    assert (await slugs(async_client, "  DARK-reader! "))[0] == "dark-reader"
    assert await slugs(async_client, "dunkelleser") == ["dark-reader"]


async def test_exact_slug_and_guid_rank_first(shelf, async_client):
    assert (await slugs(async_client, "dark-reader"))[0] == "dark-reader"
    assert await slugs(async_client, "addon@darkreader.org") == ["dark-reader"]


async def test_one_slug_word_earns_no_boost(shelf, async_client):
    data = await search(async_client, "sky")
    assert [addon["slug"] for addon in data["results"]] == ["dark-sky"]
    # "sky" is one word of the slug dark-sky and of its name.
    assert data["results"][0]["_score"] < EXACT_WEIGHT


async def test_popularity_orders_equal_matches(live_db, async_client):
    for index, users in enumerate((10, 100_000, 1_000)):
        await sync_to_async(AddonFactory)(
            slug=f"clock-{index}",
            name={"en-US": f"Clock Widget {index}"},
            average_daily_users=users,
        )
    assert await slugs(async_client, "clock widget") == [
        "clock-1",
        "clock-2",
        "clock-0",
    ]


async def test_name_matches_rank_above_summary_matches(shelf, async_client):
    # "Night Owl" says "dark" in its summary only.
    found = await slugs(async_client, "dark")
    assert found[-1] == "night-owl"
    assert set(found) == {"dark-reader", "dark-reader-pro", "dark-sky", "night-owl"}


async def test_last_word_matches_a_name_prefix(shelf, async_client):
    assert await slugs(async_client, "dark rea") == ["dark-reader", "dark-reader-pro"]
    # Only in names: "da" begins no summary word that counts.
    assert "night-owl" not in await slugs(async_client, "da")
    assert await slugs(async_client, "rea dark") == []


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ({"ja": "日本語辞書"}, "日本語"),
        ({"ja": "日本語辞書"}, "辞書"),
        ({"ja": "日本語辞書"}, "日"),
        ({"zh-CN": "网页翻译工具"}, "翻译"),
        ({"zh-TW": "網頁翻譯工具"}, "翻譯工具"),
        ({"th": "พจนานุกรมภาษาไทย"}, "ภาษาไทย"),
        ({"ko": "한국어 맞춤법 검사기"}, "맞춤법"),
        ({"ko": "한국어맞춤법검사기"}, "검사"),
    ],
)
async def test_spaceless_scripts_match_by_bigrams(live_db, async_client, name, query):
    await sync_to_async(foreign_addon)("spaceless", name)
    await sync_to_async(foreign_addon)("other", {"ja": "天気予報"})
    assert await slugs(async_client, query) == ["spaceless"]


def foreign_addon(slug: str, name: dict[str, str]) -> None:
    [locale] = name
    AddonFactory(
        slug=slug,
        default_locale=locale,
        name=name,
        summary={locale: "…"},
        description={locale: "…"},
    )


async def test_spaceless_bigrams_must_all_match(live_db, async_client):
    await sync_to_async(foreign_addon)("dictionary", {"ja": "日本語辞書"})
    # Both characters occur, but not side by side.
    assert await slugs(async_client, "日辞") == []


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("dark reeder", "dark-reader"),
        ("dark reder", "dark-reader"),
        ("nigth owl", "night-owl"),
        ("night ow", "night-owl"),
        ("darkreader", "dark-reader"),
        ("dunkel leser", "dark-reader"),
        ("pages", "dark-reader-pro"),
    ],
)
async def test_near_spellings_are_found(shelf, async_client, query, slug):
    found = await slugs(async_client, query)
    assert found[0] == slug


async def test_plural_is_dropped_when_nothing_matches(shelf, async_client):
    assert set(await slugs(async_client, "readers")) == {
        "dark-reader",
        "dark-reader-pro",
    }


async def test_relaxed_matches_rank_below_others(shelf, async_client):
    data = await search(async_client, "stars")
    assert [addon["slug"] for addon in data["results"]] == ["dark-sky"]
    # "star" finds "stars" only through the plural, and nothing else.
    assert await slugs(async_client, "star") == []
    assert await slugs(async_client, "qwertyuiop") == []
    assert await slugs(async_client, "rea dark") == []


# --- Query handling --------------------------------------------------------


@pytest.mark.parametrize(
    "operator",
    [*"+-<>()~*\"@'\\%_", "AND", "OR", "NOT", "NEAR", "''", '"dark', "\\'"],
)
async def test_operators_are_plain_text(shelf, async_client, operator):
    path = f"{SEARCH}?q={quote(f'dark {operator} reader')}"
    result = await get_api(async_client, path)
    assert result.status == 200, result.data
    found = [addon["slug"] for addon in result.data["results"]]
    if operator.isalpha():
        # A keyword is a word, which no add-on has; at most a near spelling
        # of a name matches ("dark or reader" is close to "darkreader").
        # As an operator it would have found "dark" or "reader" alone.
        assert set(found) <= {"dark-reader", "dark-reader-pro"}
    else:
        assert found == ["dark-reader", "dark-reader-pro"]

    alone = await get_api(async_client, f"{SEARCH}?q={quote(operator)}")
    assert alone.status == 200, alone.data


@pytest.mark.parametrize(
    "raw",
    ["%FF", "%C3%28", "%ED%A0%80", "%00", "%25", "%", "%ZZ", "%E6%97", "%C0%AF"],
)
async def test_broken_escapes_never_fail(shelf, async_client, raw):
    for path in (SEARCH, "/api/v5/addons/autocomplete/"):
        result = await get_api(async_client, f"{path}?q={raw}")
        assert result.status in (200, 400), (path, raw, result.response.content)
        if result.status == 200:
            assert result.data["results"] == []


async def test_long_query_is_cut(shelf, async_client):
    padding = "x" * (MAX_QUERY_LENGTH - len("dark "))
    # The unknown word fits in the first 100 characters, so nothing matches.
    assert await slugs(async_client, f"dark {padding}") == []
    # The unknown word begins past them, so the query is "dark" alone.
    spaces = " " * (MAX_QUERY_LENGTH - len("dark"))
    assert "dark-reader" in await slugs(async_client, f"dark{spaces}{'y' * 200}")


# --- Filters and sorts with a query -----------------------------------------


async def test_filters_apply_to_matches(shelf, async_client):
    assert await slugs(async_client, "dark", type="statictheme") == ["dark-sky"]
    assert await slugs(
        async_client, "dark", app="firefox", type="statictheme", category="nature"
    ) == ["dark-sky"]
    assert await slugs(
        async_client, "dark", app="firefox", type="extension", category="appearance"
    ) == ["dark-reader"]
    assert await slugs(async_client, "dark", tag="dark mode") == ["dark-reader"]
    assert await slugs(async_client, "dark", author="jane") == ["dark-reader"]
    assert await slugs(async_client, "dark", guid="addon@darkreader.org") == [
        "dark-reader"
    ]
    assert "dark-reader" not in await slugs(
        async_client, "dark", exclude_addons="dark-reader"
    )
    assert await slugs(async_client, "dark", promoted="recommended") == ["dark-reader"]
    assert await slugs(async_client, "dark", users__gte="1000000") == [
        "dark-reader-pro"
    ]
    assert await slugs(async_client, "dark", ratings__gt="4.0") == [
        "dark-reader",
        "night-owl",
    ]
    created = (timezone.now() - 50 * DAY).date().isoformat()
    assert set(await slugs(async_client, "dark", created__gte=created)) == {
        "dark-reader-pro",
        "dark-sky",
    }
    updated = (timezone.now() - 10 * DAY).date().isoformat()
    assert set(await slugs(async_client, "dark", updated__gte=updated)) == {
        "dark-reader",
        "dark-sky",
    }


async def test_app_and_appversion_filters(live_db, async_client):
    def build():
        AddonFactory(slug="desktop-clock", name={"en-US": "Desktop Clock"})
        android = AddonFactory(slug="phone-clock", name={"en-US": "Phone Clock"})
        android.current_version.compatible_apps.update(
            application=ApplicationChoices.ANDROID
        )
        old = AddonFactory(slug="old-clock", name={"en-US": "Old Clock"}, versions=0)
        VersionFactory(addon=old, compatibility={1: ("60.0", "70.*")})
        old.current_version = old.versions.get()
        old.save()
        file = old.current_version.file
        file.strict_compatibility = True
        file.save()

    await sync_to_async(build)()
    assert set(await slugs(async_client, "clock", app="firefox")) == {
        "desktop-clock",
        "old-clock",
    }
    assert await slugs(async_client, "clock", app="android") == ["phone-clock"]
    assert await slugs(async_client, "clock", app="firefox", appversion="128.0") == [
        "desktop-clock"
    ]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("relevance", ["dark-reader", "dark-reader-pro", "dark-sky", "night-owl"]),
        ("users", ["dark-reader-pro", "dark-reader", "night-owl", "dark-sky"]),
        ("rating", ["night-owl", "dark-reader", "dark-reader-pro", "dark-sky"]),
        ("ratings", ["night-owl", "dark-reader", "dark-reader-pro", "dark-sky"]),
        ("created", ["dark-sky", "dark-reader-pro", "night-owl", "dark-reader"]),
        ("updated", ["dark-sky", "dark-reader", "night-owl", "dark-reader-pro"]),
        ("downloads", ["dark-reader", "dark-sky", "night-owl", "dark-reader-pro"]),
        ("hotness", ["dark-reader", "dark-sky", "night-owl", "dark-reader-pro"]),
        (
            "recommended,users",
            ["dark-reader", "dark-reader-pro", "night-owl", "dark-sky"],
        ),
    ],
)
async def test_sorts_apply_to_matches(shelf, async_client, sort, order):
    assert await slugs(async_client, "dark", sort=sort) == order


async def test_name_sort_for_the_site(shelf):
    from amo.api.search import SearchQuery, search_addons

    results = await search_addons(SearchQuery(q="dark", sort=("name",)))
    assert len(results.ids) == 4
    names = [(await sync_to_async(_sort_name)(pk)) for pk in results.ids]
    assert names == sorted(names)


def _sort_name(pk: int) -> str:
    from amo.addons.models import Addon

    return Addon.objects.get(pk=pk).sort_name


async def test_pages_and_count(live_db, async_client):
    for index in range(7):
        await sync_to_async(AddonFactory)(
            slug=f"timer-{index}", name={"en-US": f"Timer {index}"}
        )
    first = await search(async_client, "timer", page_size=3)
    last = await search(async_client, "timer", page_size=3, page=3)
    assert first["count"] == 7
    assert first["page_count"] == 3
    assert len(first["results"]) == 3
    assert len(last["results"]) == 1
    assert last["next"] is None
    past = await get_api(async_client, f"{SEARCH}?q=timer&page_size=3&page=4")
    assert past.status == 404


# --- Autocomplete ----------------------------------------------------------


async def test_autocomplete_matches_name_prefixes(shelf, async_client):
    assert await suggestions(async_client, "da") == [
        "dark-reader",
        "dark-reader-pro",
        "dark-sky",
    ]
    assert await suggestions(async_client, "dark re") == [
        "dark-reader",
        "dark-reader-pro",
    ]
    # Any locale's name; summaries never.
    assert await suggestions(async_client, "dunk") == ["dark-reader"]
    assert await suggestions(async_client, "stars") == []
    assert await suggestions(async_client, "da", type="statictheme") == ["dark-sky"]


async def test_autocomplete_puts_exact_names_first(live_db, async_client):
    await sync_to_async(AddonFactory)(
        slug="tab", name={"en-US": "Tab"}, average_daily_users=1
    )
    await sync_to_async(AddonFactory)(
        slug="tab-mix", name={"en-US": "Tab Mix"}, average_daily_users=10**6
    )
    assert await suggestions(async_client, "tab") == ["tab", "tab-mix"]
    assert await suggestions(async_client, "tab m") == ["tab-mix"]
