"""Editing an add-on's listing: texts in any locale, categories, tags,
licence; the change shows at once on the public pages and in search."""

from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.devhub.models import Activity, ActivityLog
from amo.versions.models import License
from tests.devhub.conftest import signed_in
from tests.search.helpers import slugs

EDIT = "/en-US/firefox/developers/addon/tab-keeper/edit/"


def listing_post(**overrides):
    data = {
        "default_locale": "en-US",
        "name__en-US": "Tab Keeper",
        "summary__en-US": "Keeps your tabs.",
        "description__en-US": "",
        "homepage__en-US": "",
        "support_email__en-US": "",
        "support_url__en-US": "",
        "privacy_policy__en-US": "",
        "categories": ["tabs"],
        "tags": "tabs, memory",
        "license": "MPL-2.0",
        "action": "save",
    }
    data.update(overrides)
    return data


async def test_form_shows_current_values(team):
    client = await signed_in(team.owner)

    response = await client.get(EDIT)

    html = response.content.decode()
    assert 'name="name__en-US" value="Tab Keeper"' in html
    assert 'value="MPL-2.0" selected' in html
    assert 'name="categories" value="tabs"' in html


async def test_saves_every_field(team):
    client = await signed_in(team.owner)

    response = await client.post(
        EDIT,
        listing_post(
            **{
                "name__en-US": "Tab Warden",
                "summary__en-US": "Guards your tabs.",
                "description__en-US": "Long text.",
                "homepage__en-US": "https://warden.example/",
                "support_email__en-US": "help@warden.example",
                "support_url__en-US": "https://warden.example/help",
                "privacy_policy__en-US": "We keep nothing.",
                "categories": ["tabs", "privacy-security"],
                "tags": "Tabs, Memory, tabs",
            }
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == EDIT
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.name == {"en-US": "Tab Warden"}
    assert addon.summary == {"en-US": "Guards your tabs."}
    assert addon.description == {"en-US": "Long text."}
    assert addon.homepage == {"en-US": "https://warden.example/"}
    assert addon.support_email == {"en-US": "help@warden.example"}
    assert addon.support_url == {"en-US": "https://warden.example/help"}
    assert addon.privacy_policy == {"en-US": "We keep nothing."}
    categories = await sync_to_async(
        lambda: sorted(set(addon.categories.values_list("slug", flat=True)))
    )()
    assert categories == ["privacy-security", "tabs"]
    applications = await sync_to_async(
        lambda: set(addon.categories.values_list("application", flat=True))
    )()
    assert applications == {1, 61}
    tags = await sync_to_async(
        lambda: sorted(addon.tags.values_list("tag_text", flat=True))
    )()
    assert tags == ["memory", "tabs"]


async def test_edit_is_logged(team):
    client = await signed_in(team.developer)

    await client.post(EDIT, listing_post(**{"name__en-US": "Tab Warden"}))

    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.EDIT_ADDON
    assert entry.user_id == team.developer.pk
    assert "name" in entry.details["fields"]


async def test_unchanged_form_logs_nothing(team):
    client = await signed_in(team.owner)
    await client.post(EDIT, listing_post())
    count = await ActivityLog.objects.acount()

    await client.post(EDIT, listing_post())

    assert await ActivityLog.objects.acount() == count


async def test_second_locale_is_added_and_saved(team):
    client = await signed_in(team.owner)

    added = await client.post(
        EDIT,
        listing_post(
            **{"action": "add-locale", "new_locale": "de", "name__en-US": "Typed"}
        ),
    )
    html = added.content.decode()
    saved = await client.post(
        EDIT,
        listing_post(**{"name__de": "Reiterwächter", "summary__de": "Hütet Tabs."}),
    )

    assert added.status_code == 200
    assert 'name="name__de"' in html
    assert 'value="Typed"' in html
    assert 'lang="de"' in html
    assert saved.status_code == 302
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.name == {"en-US": "Tab Keeper", "de": "Reiterwächter"}
    assert addon.summary == {"en-US": "Keeps your tabs.", "de": "Hütet Tabs."}
    form = await client.get(EDIT)
    assert 'name="name__de" value="Reiterwächter"' in form.content.decode()


async def test_default_locale_comes_first(team):
    team.addon.name = {"de": "Reiterwächter", "en-US": "Tab Keeper"}
    await team.addon.asave(update_fields=["name"])
    client = await signed_in(team.owner)

    html = (await client.get(EDIT)).content.decode()

    assert html.index('name="name__en-US"') < html.index('name="name__de"')


async def test_clearing_a_locale_removes_it(team):
    team.addon.name = {"en-US": "Tab Keeper", "fr": "Garde-onglets"}
    await team.addon.asave(update_fields=["name"])
    client = await signed_in(team.owner)

    await client.post(EDIT, listing_post(**{"name__fr": ""}))

    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.name == {"en-US": "Tab Keeper"}


async def test_name_in_default_locale_is_required(team):
    client = await signed_in(team.owner)

    response = await client.post(
        EDIT, listing_post(**{"default_locale": "de", "name__de": ""})
    )

    assert response.status_code == 400
    assert "Name is required in the default language." in response.content.decode()


async def test_invalid_values_are_rejected(team):
    client = await signed_in(team.owner)
    cases = {
        "homepage__en-US": ("javascript:alert(1)", "Enter a valid URL."),
        "support_email__en-US": ("nobody", "Enter a valid email address."),
        "name__en-US": ("x" * 51, "at most 50 characters"),
        "tags": (",".join(f"tag{n}" for n in range(11)), "at most 10 tags"),
        "categories": (
            ["tabs", "privacy-security", "bookmarks"],
            "Choose at most 2 categories.",
        ),
    }
    for field, (value, message) in cases.items():
        response = await client.post(EDIT, listing_post(**{field: value}))

        assert response.status_code == 400, field
        assert message in response.content.decode(), field
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.name == {"en-US": "Tab Keeper"}


async def test_short_tag_is_rejected(team):
    client = await signed_in(team.owner)

    response = await client.post(EDIT, listing_post(tags="ok, x"))

    assert response.status_code == 400
    assert "Each tag must have 2 to 128 characters: x" in response.content.decode()


async def test_custom_license(team):
    client = await signed_in(team.owner)

    response = await client.post(
        EDIT,
        listing_post(
            **{
                "license": "other",
                "license_name__en-US": "Kept Licence",
                "license_text__en-US": "Do what you like.",
            }
        ),
    )

    assert response.status_code == 302
    version = await team.addon.versions.select_related("license").aget()
    assert version.license.slug is None
    assert version.license.name == {"en-US": "Kept Licence"}
    assert version.license.text == {"en-US": "Do what you like."}


async def test_custom_license_needs_text(team):
    client = await signed_in(team.owner)

    response = await client.post(
        EDIT, listing_post(**{"license": "other", "license_name__en-US": "Mine"})
    )

    assert response.status_code == 400
    assert "Licence text is required" in response.content.decode()


async def test_builtin_license_is_set(team):
    client = await signed_in(team.owner)

    await client.post(EDIT, listing_post(license="MIT"))

    version = await team.addon.versions.select_related("license").aget()
    assert version.license.slug == "MIT"
    assert await License.objects.filter(slug__isnull=True).acount() == 0


async def test_public_page_shows_the_new_name(team, async_client):
    detail = "/en-US/firefox/addon/tab-keeper/"
    before = await async_client.get(detail)
    client = await signed_in(team.owner)

    await client.post(EDIT, listing_post(**{"name__en-US": "Tab Warden"}))
    after = await async_client.get(detail)

    assert "Tab Keeper" in before.content.decode()
    assert "Tab Warden" in after.content.decode()


async def test_search_finds_the_new_name(team, async_client):
    client = await signed_in(team.owner)

    await client.post(
        EDIT, listing_post(**{"name__en-US": "Zebracorn", "tags": "stripes"})
    )

    assert await slugs(async_client, "zebracorn") == ["tab-keeper"]
    assert await slugs(async_client, tag="stripes") == ["tab-keeper"]
