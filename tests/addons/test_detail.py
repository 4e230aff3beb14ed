import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import AddonUser
from amo.core.constants import AddonStatus, ApplicationChoices, AuthorRole
from amo.versions.models import ApplicationsVersions, License
from tests.factories import (
    AddonFactory,
    StoredPreviewFactory,
    UserFactory,
    VersionFactory,
    store_package,
)
from tests.pages.helpers import get_page, inline_code

DETAIL = "/en-US/firefox/addon/{}/"


def build_rich_addon():
    author = UserFactory(username="jane", display_name="Jane Doe")
    addon = AddonFactory(
        slug="tab-tamer",
        guid="{Tab-Tamer}@example.com",
        name={"en-US": "Tab Tamer"},
        summary={"en-US": "Keeps tabs in line."},
        description={
            "en-US": (
                "<p>Tames <b>tabs</b>.<script>alert('x')</script>"
                '<a href="https://tabs.example/guide">Guide</a>'
                '<a href="javascript:alert(1)">bad</a></p>'
            )
        },
        homepage={"en-US": "https://tabs.example"},
        support_url={"en-US": "https://tabs.example/help"},
        support_email={"en-US": "help@tabs.example"},
        privacy_policy={"en-US": "We collect nothing."},
        eula={"en-US": "Be nice."},
        average_daily_users=12345,
        average_rating=4.5,
        total_ratings=321,
        authors=[author],
        categories=["tabs"],
        tags=["productivity", "tab groups"],
    )
    version = addon.current_version
    ApplicationsVersions.objects.create(
        version=version,
        application=ApplicationChoices.ANDROID,
        min="120.0",
        max="128.*",
    )
    store_package(version.file, b"PK\x03\x04 tab tamer package")
    StoredPreviewFactory(addon=addon, position=0, caption={"en-US": "Tab groups"})
    StoredPreviewFactory(addon=addon, position=1, caption={})
    # A preview that only has a remote source is not shown.
    StoredPreviewFactory(
        addon=addon,
        position=2,
        image="",
        thumbnail="",
        caption={"en-US": "Remote only"},
    )
    sibling = AddonFactory(name={"en-US": "Window Tamer"}, authors=[author])
    AddonFactory(
        name={"en-US": "Hidden Tamer"},
        authors=[author],
        status=AddonStatus.NOMINATED,
    )
    return addon, author, sibling


async def test_detail_shows_addon(live_db, async_client):
    _, author, _ = await sync_to_async(build_rich_addon)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))

    assert page.status == 200
    html = page.html
    assert "<h1" in html
    assert "Tab Tamer</h1>" in html
    assert "Keeps tabs in line." in html
    assert f'href="/en-US/firefox/user/{author.pk}/"' in html
    assert "Jane Doe" in html
    assert "12,345" in html
    assert "321 ratings" in html
    assert "stars-45" in html
    assert "/icons/letter/54/" in html
    assert inline_code(html) == []


async def test_detail_shows_version_and_install(live_db, async_client):
    addon, _, _ = await sync_to_async(build_rich_addon)()
    file = await sync_to_async(lambda: addon.current_version.file)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))

    html = page.html
    assert f'href="/firefox/downloads/file/{file.pk}/{file.filename}"' in html
    assert f'data-hash="{file.hash}"' in html
    assert f'data-size="{file.size}"' in html
    assert (
        f'href="/firefox/downloads/file/{file.pk}/type:attachment/{file.filename}"'
        in html
    )
    assert "Version 1.0" in html
    assert "Firefox 115.0 and later" in html
    assert "Firefox for Android 120.0 to 128.*" in html
    assert "Changes in 1.0." in html
    assert 'href="https://www.mozilla.org/MPL/2.0/" rel="nofollow"' in html
    assert "Mozilla Public License 2.0" in html
    assert 'href="/en-US/firefox/addon/tab-tamer/versions/"' in html


async def test_detail_links_and_policies(live_db, async_client):
    await sync_to_async(build_rich_addon)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))

    html = page.html
    assert '<a href="https://tabs.example" rel="nofollow">' in html
    assert '<a href="https://tabs.example/help" rel="nofollow">' in html
    assert '<a href="mailto:help@tabs.example" rel="nofollow">' in html
    assert 'href="/en-US/firefox/addon/tab-tamer/privacy/"' in html
    assert 'href="/en-US/firefox/addon/tab-tamer/eula/"' in html
    assert 'href="/en-US/firefox/extensions/tabs/"' in html
    assert 'href="/en-US/firefox/tag/productivity/"' in html
    assert 'href="/en-US/firefox/tag/tab%20groups/"' in html


async def test_detail_screenshots(live_db, async_client):
    addon, _, _ = await sync_to_async(build_rich_addon)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))

    html = page.html
    full = f"/user-media/previews/{addon.pk}/0.png"
    thumb = f"/user-media/previews/{addon.pk}/0-thumb.png"
    assert f'<a href="{full}">' in html
    assert f'src="{thumb}"' in html
    assert 'alt="Tab groups"' in html
    assert ">Tab groups</figcaption>" in html
    assert 'alt="Screenshot 2"' in html
    assert "Remote only" not in html


async def test_detail_sanitises_description(live_db, async_client):
    await sync_to_async(build_rich_addon)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))

    html = page.html
    assert "<script>alert" not in html
    assert "alert('x')" not in html
    assert "javascript:" not in html
    assert "<b>tabs</b>" in html
    assert (
        '<a href="https://tabs.example/guide" rel="nofollow noopener noreferrer ugc">'
        "Guide</a>" in html
    )


async def test_detail_description_paragraphs(live_db, async_client):
    await sync_to_async(AddonFactory)(
        slug="listed-features",
        description={
            "en-US": "Tames tabs.\n\nFeatures:\n<ul><li>Groups</li></ul>\n"
            "Docs: https://tabs.example/docs"
        },
    )

    page = await get_page(async_client, DETAIL.format("listed-features"))

    assert "<p>Tames tabs.</p>\n<p>Features:</p>\n<ul><li>Groups</li></ul>" in page.html
    assert (
        '<p>Docs: <a href="https://tabs.example/docs" '
        'rel="nofollow noopener noreferrer ugc">https://tabs.example/docs</a></p>'
        in page.html
    )


async def test_detail_more_by_authors(live_db, async_client):
    await sync_to_async(build_rich_addon)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))

    more = page.html.split('id="more-heading"')[1]
    assert "More add-ons by Jane Doe" in more
    assert "Window Tamer" in more
    assert "Hidden Tamer" not in more
    assert "Tab Tamer" not in more


async def test_detail_hides_unlisted_authors(live_db, async_client):
    def build():
        listed = UserFactory(display_name="Shown Author")
        hidden = UserFactory(display_name="Silent Partner")
        addon = AddonFactory(slug="pair", authors=[listed])
        AddonUser.objects.create(
            addon=addon, user=hidden, role=AuthorRole.DEVELOPER, listed=False
        )
        AddonFactory(name={"en-US": "Partner Project"}, authors=[hidden])

    await sync_to_async(build)()

    page = await get_page(async_client, DETAIL.format("pair"))

    assert "Shown Author" in page.html
    assert "Silent Partner" not in page.html
    assert "Partner Project" not in page.html


async def test_detail_query_budget(live_db, async_client):
    await sync_to_async(build_rich_addon)()

    page = await get_page(async_client, DETAIL.format("tab-tamer"))
    warm = await get_page(async_client, DETAIL.format("tab-tamer"))

    # The add-on with its current version, licence and file in one query,
    # its previews and the version's compatibility at once, then four at
    # once: authors, categories, tags and more by the authors; then the
    # rating figures.
    assert page.status == 200
    assert page.query_count == 8
    # Cached: the slug's id and the add-on, then the ids of the authors,
    # categories and other add-ons with the tags in one call, and their
    # rows in one more, then the rating figures. The database is not asked
    # at all.
    assert warm.status == 200
    assert warm.query_count == 0
    assert warm.cache_reads == [
        "aget",
        "aget_many",
        "aget_many",
        "aget_many",
        "aget_many",
    ]


async def test_detail_without_stored_file(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="remote-only", name={"en-US": "Remote"})

    page = await get_page(async_client, DETAIL.format("remote-only"))

    assert page.status == 200
    assert "Version 1.0 is not downloadable from this site." in page.html
    assert "/downloads/file/" not in page.html
    assert "button-install" not in page.html


async def test_detail_without_version(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="no-version", versions=0)

    page = await get_page(async_client, DETAIL.format("no-version"))

    # No current version: nothing to install and no compatibility query.
    assert page.status == 200
    assert "No version of this add-on is available." in page.html
    assert page.query_count == 7


async def test_detail_redirects_id_to_slug(live_db, async_client):
    addon = await sync_to_async(AddonFactory)(slug="by-id")

    response = await async_client.get(DETAIL.format(addon.pk) + "?src=feed")

    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/addon/by-id/?src=feed"


async def test_detail_number_prefers_amo_id(live_db, async_client):
    def build():
        local = AddonFactory(slug="local", privacy_policy={"en-US": "Private."})
        AddonFactory(
            slug="imported", amo_id=local.pk, privacy_policy={"en-US": "Private."}
        )
        return local

    local = await sync_to_async(build)()

    paths = {
        f"/en-US/firefox/addon/{local.pk}/": "/en-US/firefox/addon/imported/",
        f"/de/firefox/addon/{local.pk}/versions/?page=1": (
            "/de/firefox/addon/imported/versions/?page=1"
        ),
        f"/de/firefox/addon/{local.pk}/privacy/": "/de/firefox/addon/imported/privacy/",
        f"/de/firefox/addon/{local.pk}/eula/": "/de/firefox/addon/imported/eula/",
        f"/de/firefox/addon/{local.pk}/license/1.0/": (
            "/de/firefox/addon/imported/license/1.0/"
        ),
    }
    for path, location in paths.items():
        response = await async_client.get(path)
        assert response.status_code == 301, path
        assert response["Location"] == location, path


async def test_detail_number_query_budget(live_db, async_client):
    addon = await sync_to_async(AddonFactory)(slug="counted")

    page = await get_page(async_client, DETAIL.format(addon.pk))

    # The slug lookup, then the AMO id and primary key lookups at once; a
    # number has no other spelling to look up.
    assert page.status == 301
    assert page.query_count == 3


async def test_detail_amo_id_beyond_local_ids(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="delicious", amo_id=3615)

    response = await async_client.get(DETAIL.format(3615))

    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/addon/delicious/"


async def test_detail_hidden_amo_id_claims_number(live_db, async_client):
    # The old link names the hidden add-on, not the one with that local id.
    def build():
        local = AddonFactory(slug="local")
        AddonFactory(slug="hidden", amo_id=local.pk, status=AddonStatus.DISABLED)
        return local

    local = await sync_to_async(build)()

    page = await get_page(async_client, DETAIL.format(local.pk))

    assert page.status == 404


async def test_detail_redirects_guid_to_slug(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="by-guid", guid="{ABCD-1234}@Example.com")

    exact = await async_client.get(DETAIL.format("{ABCD-1234}@Example.com"))
    lowered = await async_client.get(DETAIL.format("{abcd-1234}@example.com"))

    assert exact.status_code == 301
    assert exact["Location"] == "/en-US/firefox/addon/by-guid/"
    assert lowered.status_code == 301
    assert lowered["Location"] == "/en-US/firefox/addon/by-guid/"


async def test_subpages_redirect_id_to_slug(live_db, async_client):
    addon = await sync_to_async(AddonFactory)(
        slug="sub", privacy_policy={"en-US": "Private."}
    )

    versions = await async_client.get(f"/de/firefox/addon/{addon.pk}/versions/")
    privacy = await async_client.get(f"/de/firefox/addon/{addon.pk}/privacy/")

    assert versions.status_code == 301
    assert versions["Location"] == "/de/firefox/addon/sub/versions/"
    assert privacy.status_code == 301
    assert privacy["Location"] == "/de/firefox/addon/sub/privacy/"


@pytest.mark.parametrize(
    ("status", "disabled_by_user"),
    [
        (AddonStatus.DISABLED, False),
        (AddonStatus.NOMINATED, False),
        (AddonStatus.INCOMPLETE, False),
        (AddonStatus.DELETED, False),
        (AddonStatus.REJECTED, False),
        (AddonStatus.PUBLIC, True),
    ],
)
async def test_detail_hides_non_public(live_db, async_client, status, disabled_by_user):
    addon = await sync_to_async(AddonFactory)(
        slug="secret",
        guid="secret@example.com",
        status=status,
        disabled_by_user=disabled_by_user,
    )

    by_slug = await get_page(async_client, DETAIL.format("secret"))
    by_id = await get_page(async_client, DETAIL.format(addon.pk))
    by_guid = await get_page(async_client, DETAIL.format("secret@example.com"))

    assert by_slug.status == 404
    assert by_id.status == 404
    assert by_guid.status == 404
    assert "Page not found" in by_slug.html


async def test_detail_unknown_addon(live_db, async_client):
    # A number past the id column's range matches nothing, on every database,
    # and int() raises on more than 4300 digits.
    for key in ("no-such-addon", "999999", "9" * 30, "9" * 5000, "nobody@example.com"):
        page = await get_page(async_client, DETAIL.format(key))
        assert page.status == 404, key[:40]


async def test_detail_escapes_author_text(live_db, async_client):
    def build():
        author = UserFactory(display_name="<img src=x onerror=alert(1)>")
        AddonFactory(
            slug="escaped",
            name={"en-US": "<script>alert('name')</script>"},
            summary={"en-US": "<b>bold</b> & more"},
            authors=[author],
        )

    await sync_to_async(build)()

    page = await get_page(async_client, DETAIL.format("escaped"))

    html = page.html
    assert "<script>alert('name')" not in html
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "<img src=x" not in html
    assert inline_code(html) == []


async def test_detail_drops_unsafe_urls(live_db, async_client):
    await sync_to_async(AddonFactory)(
        slug="unsafe",
        homepage={"en-US": "javascript:alert(1)", "de": "http://[::1"},
        support_url={"en-US": "/relative/path"},
        support_email={"en-US": "not an address"},
    )

    page = await get_page(async_client, DETAIL.format("unsafe"))
    # urlsplit() raises ValueError on the unclosed IPv6 address.
    german = await get_page(async_client, "/de/firefox/addon/unsafe/")

    assert page.status == 200
    assert german.status == 200
    assert "http://[::1" not in german.html
    assert "javascript:" not in page.html
    assert "/relative/path" not in page.html
    assert "mailto:" not in page.html
    assert "Add-on links" not in page.html


async def test_detail_marks_fallback_language(live_db, async_client):
    await sync_to_async(AddonFactory)(
        slug="english-only",
        name={"en-US": "English Name"},
        summary={"en-US": "English summary", "de": "Deutsche Zusammenfassung"},
    )

    page = await get_page(async_client, "/de/firefox/addon/english-only/")

    assert '<html lang="de" dir="ltr">' in page.html
    assert '<h1 dir="auto" lang="en-US">English Name</h1>' in page.html
    assert (
        '<p class="addon-summary" dir="auto">Deutsche Zusammenfassung</p>' in page.html
    )


async def test_detail_right_to_left(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="rtl", name={"ar": "إضافة", "en-US": "X"})

    page = await get_page(async_client, "/ar/firefox/addon/rtl/")

    assert '<html lang="ar" dir="rtl">' in page.html
    assert "css/rtl." in page.html
    assert '<h1 dir="auto">إضافة</h1>' in page.html


async def test_detail_custom_license(live_db, async_client):
    def build():
        custom = License.objects.create(
            name={"en-US": "Tamer Licence"}, text={"en-US": "Use it <well>."}
        )
        addon = AddonFactory(slug="licensed", versions=0)
        version = VersionFactory(addon=addon, version="2.0", license=custom)
        addon.current_version = version
        addon.save(update_fields=["current_version"])

    await sync_to_async(build)()

    detail = await get_page(async_client, DETAIL.format("licensed"))
    license_page = await get_page(
        async_client, "/en-US/firefox/addon/licensed/license/2.0/"
    )
    missing = await get_page(async_client, "/en-US/firefox/addon/licensed/license/9/")

    assert 'href="/en-US/firefox/addon/licensed/license/2.0/"' in detail.html
    assert license_page.status == 200
    assert "Tamer Licence" in license_page.html
    assert "Use it &lt;well&gt;." in license_page.html
    assert missing.status == 404


async def test_privacy_and_eula_pages(live_db, async_client):
    await sync_to_async(AddonFactory)(
        slug="policies",
        privacy_policy={"en-US": "<p>We keep <em>nothing</em>.</p><script>x</script>"},
        eula={"en-US": "Agree to be kind."},
    )

    privacy = await get_page(async_client, DETAIL.format("policies") + "privacy/")
    eula = await get_page(async_client, DETAIL.format("policies") + "eula/")

    assert privacy.status == 200
    assert "Privacy policy" in privacy.html
    assert "<p>We keep <em>nothing</em>.</p>" in privacy.html
    assert "<script>x" not in privacy.html
    # The add-on row holds the policy text; its previews and its version's
    # compatibility complete the cached add-on, which the EULA page reuses.
    assert privacy.query_count == 3
    assert eula.query_count == 0
    assert eula.status == 200
    assert "End-user license agreement" in eula.html
    assert "Agree to be kind." in eula.html


async def test_policy_pages_without_text(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="no-policies")

    privacy = await async_client.get(DETAIL.format("no-policies") + "privacy/")
    eula = await async_client.get(DETAIL.format("no-policies") + "eula/")
    detail = await get_page(async_client, DETAIL.format("no-policies"))

    assert privacy.status_code == 302
    assert privacy["Location"] == "/en-US/firefox/addon/no-policies/"
    assert eula.status_code == 302
    assert "/privacy/" not in detail.html
    assert "/eula/" not in detail.html


@pytest.mark.parametrize(
    "spelling",
    ["Mixed-Case", "MIXED-CASE", "%20mixed-case", "mixed-case%20", "%20Mixed-Case%20"],
)
async def test_detail_slug_variants_redirect(live_db, async_client, spelling):
    await sync_to_async(AddonFactory)(slug="mixed-case")

    detail = await async_client.get(DETAIL.format(spelling) + "?src=feed")
    versions = await async_client.get(f"/de/firefox/addon/{spelling}/versions/")

    # Every database sends a variant to the one URL of the page.
    assert detail.status_code == 301
    assert detail["Location"] == "/en-US/firefox/addon/mixed-case/?src=feed"
    assert versions.status_code == 301
    assert versions["Location"] == "/de/firefox/addon/mixed-case/versions/"


async def test_detail_capitalised_slug_variant(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="Capital-Slug")

    response = await async_client.get(DETAIL.format("capital-slug"))

    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/addon/Capital-Slug/"


async def test_detail_slug_variant_of_hidden(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="hidden", status=AddonStatus.DISABLED)

    page = await get_page(async_client, DETAIL.format("Hidden"))

    assert page.status == 404
