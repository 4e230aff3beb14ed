"""Search documents: their content, and their refresh by every change."""

from io import StringIO
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.db import connection

from amo.addons.models import Addon, AddonUser, Tag
from amo.search import documents, text
from amo.search.backends import backend_for
from amo.search.models import KeyKind, SearchDocument, SearchKey
from amo.search.query import parse_query
from amo.users.models import User
from tests.catalogue.test_import import api_addon, write_json
from tests.factories import AddonFactory, TagFactory, UserFactory
from tests.search.forms import form_data
from tests.search.helpers import slugs


def tokens(*words: str) -> set[str]:
    return {text.encode(token) for word in words for token in text.word_tokens(word)}


def stored(addon: Addon) -> SearchDocument:
    return SearchDocument.objects.using("default").get(addon=addon)


def keys_of(addon: Addon) -> dict[str, int]:
    rows = SearchKey.objects.using("default").filter(addon=addon)
    return dict(rows.values_list("value", "kind"))


@pytest.mark.django_db
def test_document_holds_names_summaries_tags_and_authors():
    jane = UserFactory(username="jane", display_name="Jane Doe")
    hidden = UserFactory(username="hidden", display_name="Hidden Helper")
    addon = AddonFactory(
        slug="tab-tamer",
        guid="{7F3C-tab}@example.com",
        name={"en-US": "Tab Tamer", "fr": "Dompteur d'onglets", "ja": "タブ管理"},
        summary={"en-US": "Keeps tabs in line.", "de": "Ordnet Reiter."},
        tags=["productivity"],
        authors=[jane],
    )
    AddonUser.objects.create(addon=addon, user=hidden, listed=False, position=1)
    documents.refresh([addon.pk])

    document = stored(addon)
    names = set(document.names.split())
    body = set(document.body.split())
    assert tokens("tab", "tamer", "dompteur", "onglets", "tabtamer") <= names
    assert tokens("タブ管理") <= names
    assert tokens("keeps", "tabs", "line", "ordnet", "reiter") <= body
    assert tokens("productivity", "jane", "doe", "7f3c", "example") <= body
    # Unlisted authors are not shown on pages, so they are not searchable.
    assert not tokens("hidden", "helper") & (names | body)
    # "Tab Tamer" has two words, the shortest name.
    assert document.name_terms == 2

    assert keys_of(addon) == {
        "tab tamer": KeyKind.NAME,
        "tabtamer": KeyKind.NAME,
        "dompteur d onglets": KeyKind.NAME,
        "dompteurdonglets": KeyKind.NAME,
        "タブ管理": KeyKind.NAME,
        "7f3c tab example com": KeyKind.GUID,
    }


@pytest.mark.django_db
def test_refresh_replaces_and_removes_documents():
    addon = AddonFactory(name={"en-US": "Old Name"}, search_document=False)
    assert not SearchDocument.objects.using("default").filter(addon=addon).exists()

    assert documents.refresh([addon.pk]) == 1
    assert tokens("old") <= set(stored(addon).names.split())

    addon.name = {"en-US": "New Name"}
    addon.save()
    documents.refresh([addon.pk])
    assert tokens("new") <= set(stored(addon).names.split())
    assert "old name" not in keys_of(addon)
    assert SearchDocument.objects.using("default").filter(addon=addon).count() == 1

    pk = addon.pk
    addon.delete()
    assert not SearchKey.objects.using("default").filter(addon_id=pk).exists()
    assert documents.refresh([pk]) == 0


@pytest.mark.django_db(transaction=True)
def test_rebuild_writes_most_popular_first(reference_data):
    quiet = AddonFactory(name={"en-US": "Clock"}, average_daily_users=5)
    busy = AddonFactory(name={"en-US": "Clock"}, average_daily_users=5000)
    messages: list[str] = []

    assert documents.rebuild(batch_size=1, progress=messages.append) == 2

    assert messages == [
        "1 of 2 search documents rebuilt",
        "2 of 2 search documents rebuilt",
    ]
    condition = parse_query("clock").in_names
    found = list(
        Addon.objects.using("default")
        .filter(search_document__names__fulltext=condition)
        .values_list("pk", flat=True)
    )
    if backend_for(connection.vendor).matches_in_popularity_order:
        # The order that a search keeps the first matches of.
        assert found == [busy.pk, quiet.pk]
    else:
        assert sorted(found) == sorted([busy.pk, quiet.pk])
    if connection.vendor == "sqlite":
        # The FTS5 table follows the documents through its triggers.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts")
            assert cursor.fetchone()[0] == 2


async def test_new_addon_is_searchable_after_refresh(live_db, async_client):
    addon = await sync_to_async(AddonFactory)(
        slug="quiet-tabs", name={"en-US": "Quiet Tabs"}, search_document=False
    )
    assert await slugs(async_client, "quiet") == []

    await sync_to_async(documents.refresh)([addon.pk])
    assert await slugs(async_client, "quiet") == ["quiet-tabs"]


# --- The code that changes add-ons ------------------------------------------


async def test_import_makes_addons_searchable(live_db, async_client, tmp_path: Path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    write_json(folder / "api.json", api_addon())
    out = StringIO()
    await sync_to_async(call_command)("import_catalogue", str(folder), stdout=out)

    assert "search documents: 1" in out.getvalue()
    assert await slugs(async_client, "ublock origin") == ["ublock-origin"]
    assert await slugs(async_client, "raymond hill") == ["ublock-origin"]

    write_json(folder / "api.json", api_addon(name={"en-US": "uBlock Renamed"}))
    await sync_to_async(call_command)("import_catalogue", str(folder), stdout=out)
    assert await slugs(async_client, "renamed") == ["ublock-origin"]
    addon = await Addon.objects.aget(slug="ublock-origin")
    keys = await sync_to_async(keys_of)(addon)
    assert keys["ublock renamed"] == KeyKind.NAME
    # "uBlock Origin" is only the slug's words now.
    assert keys["ublock origin"] == KeyKind.SLUG


async def test_dry_run_import_leaves_no_document(live_db, tmp_path: Path):
    folder = tmp_path / "catalogue"
    folder.mkdir()
    write_json(folder / "api.json", api_addon())
    await sync_to_async(call_command)(
        "import_catalogue", str(folder), "--dry-run", stdout=StringIO()
    )
    assert not await SearchDocument.objects.aexists()


@pytest.fixture
async def staff_client(live_db, async_client):
    user = await sync_to_async(User.objects.create_superuser)(
        email="staff@example.com", username="staff", password="correct horse"
    )
    await async_client.aforce_login(user)
    return async_client


async def submit(client, path: str, **changes: str | list[str]) -> None:
    """Submit the admin form at `path` with `changes`, as a browser would."""
    page = await client.get(path)
    assert page.status_code == 200, path
    data = form_data(page.content.decode())
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    data["_save"] = ["Save"]
    response = await client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:3000]


async def test_admin_edit_of_names_and_tags_refreshes(staff_client):
    addon = await sync_to_async(AddonFactory)(
        slug="plain", name={"en-US": "Plain Name"}, tags=["old"]
    )
    tag = await sync_to_async(TagFactory)(tag_text="sparkle")
    path = f"/admin/addons/addon/{addon.pk}/change/"

    await submit(
        staff_client,
        path,
        name='{"en-US": "Shiny Name", "de": "Glanzname"}',
        tags=[str(tag.pk)],
    )

    assert await slugs(staff_client, "shiny") == ["plain"]
    assert await slugs(staff_client, "glanzname") == ["plain"]
    assert await slugs(staff_client, "sparkle") == ["plain"]
    assert await slugs(staff_client, "old") == []


async def test_admin_edit_of_authors_refreshes(staff_client):
    first = await sync_to_async(UserFactory)(username="first", display_name="Ada")
    second = await sync_to_async(UserFactory)(username="second", display_name="Grace")
    addon = await sync_to_async(AddonFactory)(slug="authored", authors=[first])
    assert await slugs(staff_client, "ada") == ["authored"]

    # The add-on's author inline: the first author becomes the second.
    await submit(
        staff_client,
        f"/admin/addons/addon/{addon.pk}/change/",
        **{"addonusers-0-user": str(second.pk)},
    )
    assert await slugs(staff_client, "ada") == []
    assert await slugs(staff_client, "grace") == ["authored"]

    # The user's own page: a new display name.
    await submit(
        staff_client,
        f"/admin/users/user/{second.pk}/change/",
        display_name="Grace Hopper",
    )
    assert await slugs(staff_client, "hopper") == ["authored"]

    # An author row of its own, moved to another add-on.
    other = await sync_to_async(AddonFactory)(slug="other")
    row = await AddonUser.objects.aget(addon=addon)
    await submit(
        staff_client, f"/admin/addons/addonuser/{row.pk}/change/", addon=str(other.pk)
    )
    assert await slugs(staff_client, "hopper") == ["other"]


async def test_admin_tag_rename_and_delete_refresh(staff_client):
    addon = await sync_to_async(AddonFactory)(slug="tagged", tags=["kitten"])
    tag = await Tag.objects.aget(tag_text="kitten")

    await submit(staff_client, f"/admin/addons/tag/{tag.pk}/change/", tag_text="puppy")
    assert await slugs(staff_client, "puppy") == ["tagged"]
    assert await slugs(staff_client, "kitten") == []

    response = await staff_client.post(
        f"/admin/addons/tag/{tag.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert await slugs(staff_client, "puppy") == []
    assert await Addon.objects.filter(pk=addon.pk).aexists()
