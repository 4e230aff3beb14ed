import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import AddonUser
from amo.core.constants import AddonStatus, AddonType, AuthorRole
from tests.factories import AddonFactory, UserFactory
from tests.pages.helpers import get_page, inline_code


def build_author():
    author = UserFactory(
        username="maria",
        display_name="María <Dev>",
        homepage="https://maria.example",
        biography="I build <script>alert(1)</script> tools.\nSecond line & more.",
    )
    AddonFactory(name={"en-US": "First Tool"}, authors=[author], average_daily_users=20)
    AddonFactory(
        name={"en-US": "Second Theme"},
        type=AddonType.STATICTHEME,
        authors=[author],
        average_daily_users=10,
    )
    AddonFactory(
        name={"en-US": "Unreviewed Tool"},
        authors=[author],
        status=AddonStatus.NOMINATED,
    )
    quiet = AddonFactory(name={"en-US": "Quiet Help"})
    AddonUser.objects.create(
        addon=quiet, user=author, role=AuthorRole.DEVELOPER, listed=False
    )
    return author


async def test_profile_shows_author(live_db, async_client):
    author = await sync_to_async(build_author)()

    page = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")

    assert page.status == 200
    html = page.html
    assert "María &lt;Dev&gt;" in html
    assert '<a href="https://maria.example" rel="nofollow">' in html
    assert "I build &lt;script&gt;alert(1)&lt;/script&gt; tools." in html
    assert "Second line &amp; more." in html
    assert "<script>alert" not in html
    assert inline_code(html) == []


async def test_profile_lists_listed_addons(live_db, async_client):
    author = await sync_to_async(build_author)()

    page = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")

    html = page.html
    assert html.index("First Tool") < html.index("Second Theme")
    assert "Unreviewed Tool" not in html
    assert "Quiet Help" not in html
    assert "Showing 1–2 of 2" in html


async def test_profile_by_username(live_db, async_client):
    await sync_to_async(build_author)()

    page = await get_page(async_client, "/en-US/firefox/user/maria/")

    assert page.status == 200
    assert "First Tool" in page.html


async def test_profile_of_numeric_username(live_db, async_client):
    def build():
        author = UserFactory(username="2024")
        AddonFactory(authors=[author], name={"en-US": "Year Tool"})

    await sync_to_async(build)()

    page = await get_page(async_client, "/en-US/firefox/user/2024/")

    assert page.status == 200
    assert "Year Tool" in page.html


async def test_profile_drops_unsafe_homepage(live_db, async_client):
    def build():
        author = UserFactory(homepage="javascript:alert(1)")
        AddonFactory(authors=[author])
        return author

    author = await sync_to_async(build)()

    page = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")

    assert page.status == 200
    assert "javascript:" not in page.html


@pytest.mark.parametrize("state", ["deleted", "inactive", "no_addons", "only_unlisted"])
async def test_profile_not_public(live_db, async_client, state):
    def build():
        author = UserFactory(deleted=state == "deleted", is_active=state != "inactive")
        if state in ("deleted", "inactive"):
            AddonFactory(authors=[author])
        if state == "only_unlisted":
            addon = AddonFactory()
            AddonUser.objects.create(addon=addon, user=author, listed=False)
        return author

    author = await sync_to_async(build)()

    page = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")

    assert page.status == 404


async def test_profile_unknown(live_db, async_client):
    # Past 4300 digits int() raises; "١" is an Arabic-Indic digit one.
    for key in ("999999", "9" * 30, "9" * 5000, "\u0661", "nobody"):
        page = await get_page(async_client, f"/en-US/firefox/user/{key}/")
        assert page.status == 404, key


@pytest.mark.parametrize("value", ["0", "-1", "abc", "999999"])
async def test_profile_bad_page_numbers(live_db, async_client, value):
    author = await sync_to_async(build_author)()

    page = await get_page(
        async_client, f"/en-US/firefox/user/{author.pk}/?page={value}"
    )

    assert page.status == 404


async def test_profile_query_budget(live_db, async_client):
    author = await sync_to_async(build_author)()

    page = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")
    warm = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")

    # The user, then the page of add-ons and its count at once, then the
    # stored previews of the theme on the page, then the ids and count of
    # the user's collections and of their favourites (none here).
    assert page.query_count == 8
    # Cached: the user, the page's ids with its count, the cards, then the
    # ids and counts of the collections and of the favourites.
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget_many"] * 5


async def test_profile_has_breadcrumbs(live_db, async_client):
    author = await sync_to_async(build_author)()

    page = await get_page(async_client, f"/en-US/firefox/user/{author.pk}/")

    crumbs = page.html.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/en-US/firefox/">Add-ons</a>' in crumbs
    assert '<li aria-current="page" dir="auto">María &lt;Dev&gt;</li>' in crumbs
