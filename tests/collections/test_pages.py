"""The collection pages, forms and widgets, through the middleware.

Collections are made through the actions, as the pages make them, so the
caches are invalidated as in production. Clients are signed in through a
session cookie; the sync test client does not work with the async pools.
"""

import json
import re
from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group
from django.test import AsyncClient

import asgi
from amo.addons.models import Addon
from amo.collections import actions
from amo.collections.models import Collection, CollectionAddon, CollectionFavourite
from amo.collections.views import moved_order
from amo.core.constants import AddonStatus
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from tests.asgi_client import request
from tests.factories import AddonFactory, UserFactory
from tests.pages.helpers import get_page

PREFIX = "/en-US/firefox"
MINE = f"{PREFIX}/collections/"
ADD = f"{PREFIX}/collections/add/"
TABS = f"{PREFIX}/collections/jane/tabs/"
SECRET = f"{PREFIX}/collections/jane/secret/"


@dataclass
class World:
    """Three listed add-ons, the people of the tests and two collections."""

    owner: User
    other: User
    reviewer: User
    admin: User
    tamer: Addon
    keeper: Addon
    zapper: Addon
    # Public, with tamer (noted) then keeper.
    tabs: Collection
    # Private, with zapper.
    secret: Collection


def grouped_user(username: str, group: str) -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def build_people() -> dict:
    return {
        "owner": UserFactory(username="jane", display_name="Jane Doe"),
        "other": UserFactory(username="olaf"),
        "reviewer": grouped_user("rita", REVIEWERS),
        "admin": grouped_user("adam", ADMINS),
        "tamer": AddonFactory(
            slug="tab-tamer",
            name={"en-US": "Tab Tamer"},
            average_daily_users=10,
        ),
        "keeper": AddonFactory(
            slug="keeper",
            name={"en-US": "Another Keeper"},
            average_daily_users=500,
        ),
        "zapper": AddonFactory(
            slug="zapper", name={"en-US": "Zapper"}, average_daily_users=5
        ),
    }


@pytest.fixture
async def world(live_db) -> World:
    people = await sync_to_async(build_people)()
    owner = people["owner"]
    tabs = await actions.create_collection(
        owner, name="Tabs", slug="tabs", description="Add-ons for tab hoarders"
    )
    await actions.add_addon(owner, tabs.pk, people["tamer"].pk, notes="Tames tabs")
    await actions.add_addon(owner, tabs.pk, people["keeper"].pk)
    secret = await actions.create_collection(
        owner, name="Secret stash", slug="secret", public=False
    )
    await actions.add_addon(owner, secret.pk, people["zapper"].pk)
    return World(tabs=tabs, secret=secret, **people)


async def client_for(world: World, who: str) -> AsyncClient:
    client = AsyncClient()
    if who != "anonymous":
        await client.aforce_login(getattr(world, who))
    return client


def texts(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def card_names(html: str) -> list[str]:
    """The add-on names of a collection's page, in page order."""
    return texts(html, r'class="card-name"><a href="[^"]*/addon/[^"]+/"[^>]*>([^<]+)<')


async def fetch(model, **filters):
    return await sync_to_async(lambda: list(model.objects.filter(**filters)))()


# --- A collection's page -----------------------------------------------------


async def test_collection_page_shows_addons_and_notes(world):
    client = await client_for(world, "anonymous")

    response = await client.get(TABS)

    html = response.content.decode()
    assert response.status_code == 200
    assert ">Tabs</h1>" in html
    assert "Add-ons for tab hoarders" in html
    assert f'href="{PREFIX}/user/{world.owner.pk}/"' in html
    assert "Jane Doe" in html
    assert "2 add-ons" in html
    assert card_names(html) == ["Tab Tamer", "Another Keeper"]
    assert "Tames tabs" in html
    # Anonymous visitors get no form, so the page cache can keep the page.
    assert "csrfmiddlewaretoken" not in html
    assert "favourite/" not in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Tab Tamer", "Another Keeper"]),
        ("?sort=added", ["Another Keeper", "Tab Tamer"]),
        ("?sort=popularity", ["Another Keeper", "Tab Tamer"]),
        ("?sort=name", ["Another Keeper", "Tab Tamer"]),
    ],
)
async def test_collection_page_sorts(world, sort, expected):
    response = await AsyncClient().get(TABS + sort)

    assert response.status_code == 200
    assert card_names(response.content.decode()) == expected


async def test_unknown_sort_redirects_to_default(world):
    response = await AsyncClient().get(TABS + "?sort=rating")

    assert response.status_code == 302
    assert response["Location"] == TABS


async def test_collection_page_paginates(world):
    many = await sync_to_async(
        lambda: [AddonFactory(slug=f"extra-{n}") for n in range(15)]
    )()
    for addon in many:
        await actions.add_addon(world.owner, world.tabs.pk, addon.pk)
    client = AsyncClient()

    first = await client.get(TABS)
    second = await client.get(TABS + "?page=2")
    past = await client.get(TABS + "?page=3")

    assert len(card_names(first.content.decode())) == 15
    assert len(card_names(second.content.decode())) == 2
    assert f'href="{TABS}?page=2"' in first.content.decode()
    assert past.status_code == 404


async def test_id_in_url_redirects_to_username(world):
    response = await AsyncClient().get(
        f"{PREFIX}/collections/{world.owner.pk}/tabs/?sort=name"
    )

    assert response.status_code == 301
    assert response["Location"] == TABS + "?sort=name"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("other", 404),
        ("reviewer", 404),
        ("owner", 200),
        ("admin", 200),
    ],
)
async def test_private_collection_visibility(world, who, status):
    client = await client_for(world, who)

    response = await client.get(SECRET)

    assert response.status_code == status
    if status == 404:
        assert "Sorry, we can’t find this collection" in response.content.decode()
    else:
        assert "Private" in response.content.decode()


async def test_unknown_collection_is_404(world):
    for path in (
        f"{PREFIX}/collections/jane/nothing/",
        f"{PREFIX}/collections/nobody/tabs/",
    ):
        response = await AsyncClient().get(path)
        assert response.status_code == 404, path


@pytest.mark.parametrize(
    ("who", "edit", "feature", "favourite"),
    [
        ("owner", True, False, True),
        ("other", False, False, True),
        ("reviewer", False, True, True),
        ("admin", False, True, True),
    ],
)
async def test_buttons_by_visitor(world, who, edit, feature, favourite):
    client = await client_for(world, who)

    response = await client.get(TABS)

    html = response.content.decode()
    assert response.status_code == 200
    assert (f'href="{TABS}edit/"' in html) is edit
    assert (f'href="{TABS}delete/"' in html) is edit
    assert (f'action="{TABS}feature/"' in html) is feature
    assert (f'action="{TABS}favourite/"' in html) is favourite
    assert "private" in response["Cache-Control"]


# --- Lists of collections ----------------------------------------------------


async def test_my_collections_needs_sign_in(world):
    response = await AsyncClient().get(MINE)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{PREFIX}/users/login/")


async def test_my_collections_lists_private_ones(world):
    client = await client_for(world, "owner")

    response = await client.get(MINE)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{TABS}"' in html
    assert f'href="{SECRET}"' in html
    assert f'href="{ADD}"' in html


async def test_user_list_hides_private_from_others(world):
    path = f"{PREFIX}/collections/jane/"
    anonymous = await AsyncClient().get(path)
    owner = await (await client_for(world, "owner")).get(path)
    nobody = await AsyncClient().get(f"{PREFIX}/collections/nobody/")

    assert anonymous.status_code == 200
    assert f'href="{TABS}"' in anonymous.content.decode()
    assert f'href="{SECRET}"' not in anonymous.content.decode()
    assert f'href="{SECRET}"' in owner.content.decode()
    assert nobody.status_code == 404


# --- Creating ----------------------------------------------------------------


async def test_create_needs_sign_in(world):
    response = await AsyncClient().get(ADD)

    assert response.status_code == 302
    assert "/users/login/" in response["Location"]


async def test_create_makes_slug_from_name(world):
    client = await client_for(world, "owner")

    first = await client.post(ADD, {"name": "Tabs", "public": "on"})
    second = await client.post(ADD, {"name": "Tabs", "public": "on"})

    assert first.status_code == 302
    assert first["Location"] == f"{PREFIX}/collections/jane/tabs-2/edit/"
    assert second["Location"] == f"{PREFIX}/collections/jane/tabs-3/edit/"
    made = await Collection.objects.aget(author=world.owner, slug="tabs-2")
    assert made.name == {"en-US": "Tabs"}
    assert made.public is True


async def test_create_private_with_slug(world):
    client = await client_for(world, "other")

    response = await client.post(
        ADD, {"name": "Mine", "slug": "my-things", "description": "Stuff"}
    )

    assert response.status_code == 302
    made = await Collection.objects.aget(author=world.other, slug="my-things")
    assert made.public is False
    assert made.description == {"en-US": "Stuff"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"name": "x" * 51}, "name", "at most 50 characters"),
        ({"name": "Ok", "slug": "bad slug!"}, "slug", "Use only letters"),
        ({"name": "Ok", "slug": "favorites"}, "slug", "is reserved"),
        ({"name": "Ok", "slug": "tabs"}, "slug", "already have a collection"),
        ({"name": "Ok", "description": "d" * 281}, "description", "at most 280"),
    ],
)
async def test_create_form_errors(world, data, field, message):
    client = await client_for(world, "owner")

    response = await client.post(ADD, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    # The message sits in the field's own block, beside its input.
    block = html.split(f'name="{field}"', 1)[1].split('class="form-field', 1)[0]
    assert "form-error" in block
    assert await Collection.objects.filter(author=world.owner).acount() == 2


# --- Editing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("other", 403), ("reviewer", 403), ("owner", 200)],
)
async def test_edit_page_access(world, who, status):
    client = await client_for(world, who)

    response = await client.get(TABS + "edit/")

    assert response.status_code == status
    if status == 403:
        assert "Only the owner of this collection" in response.content.decode()


async def test_edit_private_of_another_is_404(world):
    client = await client_for(world, "other")

    response = await client.get(SECRET + "edit/")

    assert response.status_code == 404


async def test_admin_edits_anothers_collection(world):
    client = await client_for(world, "admin")

    response = await client.post(
        TABS + "edit/", {"name": "Tabs galore", "slug": "tabs", "public": "on"}
    )

    assert response.status_code == 302
    tabs = await Collection.objects.aget(pk=world.tabs.pk)
    assert tabs.name == {"en-US": "Tabs galore"}


async def test_edit_changes_details_and_slug(world):
    client = await client_for(world, "owner")

    response = await client.post(
        TABS + "edit/",
        {"name": "Tab tools", "slug": "tab-tools", "description": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PREFIX}/collections/jane/tab-tools/edit/"
    tabs = await Collection.objects.aget(pk=world.tabs.pk)
    assert tabs.slug == "tab-tools"
    assert tabs.public is False
    assert tabs.description == {}
    assert (await AsyncClient().get(TABS)).status_code == 404


async def test_edit_rejects_taken_slug(world):
    client = await client_for(world, "owner")

    response = await client.post(
        TABS + "edit/", {"name": "Tabs", "slug": "secret", "public": "on"}
    )

    assert response.status_code == 400
    assert "already have a collection with the slug “secret”" in (
        response.content.decode()
    )


async def test_edit_page_lists_addons_with_forms(world):
    client = await client_for(world, "owner")

    response = await client.get(TABS + "edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('id="addon-' + str(world.tamer.pk)) < html.index(
        'id="addon-' + str(world.keeper.pk)
    )
    assert f'action="{TABS}addons/{world.tamer.pk}/remove/"' in html
    assert f'action="{TABS}addons/{world.tamer.pk}/notes/"' in html
    assert f'action="{TABS}addons/{world.tamer.pk}/move/"' in html
    assert ">Tames tabs</textarea>" in html
    assert "js/collection-order" in html


@pytest.mark.parametrize(
    "key",
    [
        "zapper",
        "{zapper_pk}",
        "https://addons.example.com/en-US/firefox/addon/zapper/",
        "/de/android/addon/zapper/reviews/",
    ],
)
async def test_add_addon_by_slug_id_or_url(world, key):
    client = await client_for(world, "owner")

    response = await client.post(
        TABS + "addons/add/",
        {"addon": key.format(zapper_pk=world.zapper.pk), "notes": "Zaps"},
    )

    assert response.status_code == 302
    assert response["Location"] == TABS + "edit/"
    entry = await CollectionAddon.objects.aget(
        collection=world.tabs.pk, addon=world.zapper.pk
    )
    assert entry.notes == {"en-US": "Zaps"}
    page = await AsyncClient().get(TABS)
    assert "Zapper" in card_names(page.content.decode())


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("no-such-addon", "No listed add-on has the slug or number"),
        ("https://example.com/about/", "is not an add-on page"),
        ("tab-tamer", "already"),
    ],
)
async def test_add_addon_errors_show_beside_field(world, key, message):
    client = await client_for(world, "owner")

    response = await client.post(TABS + "addons/add/", {"addon": key})

    html = response.content.decode()
    assert response.status_code == 400
    block = html.split('name="addon"', 1)[1].split('class="form-field', 1)[0]
    assert message in block
    assert await CollectionAddon.objects.filter(collection=world.tabs.pk).acount() == 2


async def test_add_hidden_addon_is_refused(world):
    await sync_to_async(Addon.objects.filter(pk=world.zapper.pk).update)(
        status=AddonStatus.NOMINATED
    )
    client = await client_for(world, "owner")

    response = await client.post(TABS + "addons/add/", {"addon": "zapper"})

    assert response.status_code == 400


async def test_other_user_cannot_add(world):
    client = await client_for(world, "other")

    response = await client.post(TABS + "addons/add/", {"addon": "zapper"})

    assert response.status_code == 403
    assert await CollectionAddon.objects.filter(collection=world.tabs.pk).acount() == 2


async def test_edit_and_clear_notes(world):
    client = await client_for(world, "owner")
    path = f"{TABS}addons/{world.keeper.pk}/notes/"

    saved = await client.post(path, {"notes": "Keeps things"})
    entry = await CollectionAddon.objects.aget(
        collection=world.tabs.pk, addon=world.keeper.pk
    )
    too_long = await client.post(path, {"notes": "n" * 281})
    cleared = await client.post(path, {"notes": ""})
    after = await CollectionAddon.objects.aget(pk=entry.pk)

    assert saved.status_code == 302
    assert entry.notes == {"en-US": "Keeps things"}
    assert too_long.status_code == 400
    assert "at most 280 characters" in too_long.content.decode()
    assert cleared.status_code == 302
    assert after.notes == {}


async def test_remove_addon(world):
    client = await client_for(world, "owner")

    response = await client.post(f"{TABS}addons/{world.tamer.pk}/remove/")
    again = await client.post(f"{TABS}addons/{world.tamer.pk}/remove/")

    assert response.status_code == 302
    assert not await CollectionAddon.objects.filter(
        collection=world.tabs.pk, addon=world.tamer.pk
    ).aexists()
    tabs = await Collection.objects.aget(pk=world.tabs.pk)
    assert tabs.addon_count == 1
    assert again.status_code == 404


async def test_actions_need_post(world):
    client = await client_for(world, "owner")

    for path in (
        f"{TABS}addons/{world.tamer.pk}/remove/",
        f"{TABS}addons/{world.tamer.pk}/move/",
        f"{TABS}favourite/",
        f"{TABS}feature/",
    ):
        response = await client.get(path)
        assert response.status_code == 405, path


# --- Reordering --------------------------------------------------------------


def test_moved_order_skips_hidden_neighbours():
    assert moved_order([1, 2, 3], 1, "down", [1, 2, 3]) == [2, 1, 3]
    assert moved_order([1, 2, 3], 3, "up", [1, 2, 3]) == [1, 3, 2]
    assert moved_order([1, 2, 3], 1, "up", [1, 2, 3]) == [1, 2, 3]
    assert moved_order([1, 2, 3], 3, "down", [1, 2, 3]) == [1, 2, 3]
    # 2 is deleted, so the edit page does not show it: 1 moves past 3.
    assert moved_order([1, 2, 3], 1, "down", [1, 3]) == [2, 3, 1]
    assert moved_order([1, 2, 3], 3, "up", [1, 3]) == [3, 1, 2]


async def test_move_down_then_up(world):
    client = await client_for(world, "owner")
    path = f"{TABS}addons/{world.tamer.pk}/move/"

    down = await client.post(path, {"direction": "down"})
    after_down = card_names((await client.get(TABS)).content.decode())
    up = await client.post(path, {"direction": "up"})
    after_up = card_names((await client.get(TABS)).content.decode())

    assert down.status_code == 302
    assert down["Location"] == f"{TABS}edit/#addon-{world.tamer.pk}"
    assert after_down == ["Another Keeper", "Tab Tamer"]
    assert up.status_code == 302
    assert after_up == ["Tab Tamer", "Another Keeper"]


async def test_move_from_script_returns_order(world):
    client = await client_for(world, "owner")

    response = await client.post(
        f"{TABS}addons/{world.tamer.pk}/move/",
        {"direction": "down"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 200
    assert json.loads(response.content) == {"order": [world.keeper.pk, world.tamer.pk]}


async def test_move_with_bad_direction(world):
    client = await client_for(world, "owner")

    response = await client.post(
        f"{TABS}addons/{world.tamer.pk}/move/",
        {"direction": "sideways"},
        headers={"Referer": f"http://testserver{TABS}edit/"},
    )
    page = await client.get(TABS + "edit/")

    assert response.status_code == 302
    assert response["Location"] == TABS + "edit/"
    assert "Direction “sideways” is invalid" in page.content.decode()


async def test_move_by_other_user_is_refused(world):
    client = await client_for(world, "other")

    response = await client.post(
        f"{TABS}addons/{world.tamer.pk}/move/", {"direction": "down"}
    )

    assert response.status_code == 403


# --- Deleting ----------------------------------------------------------------


async def test_delete_confirms_then_deletes(world):
    client = await client_for(world, "owner")

    confirm = await client.get(TABS + "delete/")
    deleted = await client.post(TABS + "delete/")

    assert confirm.status_code == 200
    assert "Delete “Tabs”?" in confirm.content.decode()
    assert deleted.status_code == 302
    assert deleted["Location"] == MINE
    assert not await Collection.objects.filter(pk=world.tabs.pk).aexists()
    assert (await AsyncClient().get(TABS)).status_code == 404


async def test_delete_by_other_user_is_refused(world):
    client = await client_for(world, "other")

    response = await client.post(TABS + "delete/")

    assert response.status_code == 403
    assert await Collection.objects.filter(pk=world.tabs.pk).aexists()


# --- Favourites --------------------------------------------------------------


async def test_favourite_and_unfavourite(world):
    client = await client_for(world, "other")

    added = await client.post(TABS + "favourite/", {"action": "add"})
    page = await client.get(TABS)
    profile = await AsyncClient().get(f"{PREFIX}/user/{world.other.pk}/")
    removed = await client.post(TABS + "favourite/", {"action": "remove"})
    tabs = await Collection.objects.aget(pk=world.tabs.pk)

    assert added.status_code == 302
    assert added["Location"] == TABS
    assert "Remove from favourites" in page.content.decode()
    assert "1 favourite" in page.content.decode()
    assert profile.status_code == 404  # no add-on, no public collection
    assert removed.status_code == 302
    assert tabs.favourite_count == 0
    assert not await CollectionFavourite.objects.filter(user=world.other).aexists()


async def test_favourites_show_on_profile_and_my_collections(world):
    await actions.favourite_collection(world.other, world.tabs.pk)
    await actions.create_collection(world.other, name="Olaf's picks", slug="picks")

    profile = await AsyncClient().get(f"{PREFIX}/user/{world.other.pk}/")
    mine = await (await client_for(world, "other")).get(MINE)

    assert profile.status_code == 200
    html = profile.content.decode()
    assert "Favourite collections" in html
    assert f'href="{TABS}"' in html
    assert f'href="{PREFIX}/collections/olaf/picks/"' in html
    assert f'href="{TABS}"' in mine.content.decode()


async def test_favourite_of_private_collection_is_404(world):
    client = await client_for(world, "other")

    response = await client.post(SECRET + "favourite/", {"action": "add"})

    assert response.status_code == 404
    assert not await CollectionFavourite.objects.filter(user=world.other).aexists()


# --- Featuring and the home page ---------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 403)])
async def test_feature_needs_reviewer(world, who, status):
    client = await client_for(world, who)

    response = await client.post(TABS + "feature/", {"featured": "1"})

    assert response.status_code == status
    tabs = await Collection.objects.aget(pk=world.tabs.pk)
    assert tabs.featured is False


async def test_featured_collection_shows_on_cached_home(world, settings):
    settings.PAGE_CACHE = True
    application = asgi.build_application()
    home = f"{PREFIX}/"
    before = [await request(application, home) for _ in range(2)]
    reviewer = await client_for(world, "reviewer")

    featured = await reviewer.post(TABS + "feature/", {"featured": "1"})
    after = await request(application, home)
    unfeatured = await reviewer.post(TABS + "feature/", {"featured": "0"})
    gone = await request(application, home)

    assert before[1].headers["x-cache"] == "HIT"
    assert "Featured collections" not in before[1].body.decode()
    assert featured.status_code == 302
    assert after.status == 200
    assert "Featured collections" in after.body.decode()
    assert f'href="{TABS}"' in after.body.decode()
    assert unfeatured.status_code == 302
    assert "Featured collections" not in gone.body.decode()


async def test_private_collection_cannot_be_featured(world):
    client = await client_for(world, "admin")

    response = await client.post(
        SECRET + "feature/",
        {"featured": "1"},
        headers={"Referer": f"http://testserver{SECRET}"},
    )
    page = await client.get(SECRET)

    assert response.status_code == 302
    assert response["Location"] == SECRET
    assert "Only public collections can be featured." in page.content.decode()
    secret = await Collection.objects.aget(pk=world.secret.pk)
    assert secret.featured is False


# --- Profile -----------------------------------------------------------------


async def test_profile_lists_public_collections(world):
    path = f"{PREFIX}/user/{world.owner.pk}/"

    anonymous = await AsyncClient().get(path)
    owner = await (await client_for(world, "owner")).get(path)

    assert anonymous.status_code == 200
    assert f'href="{TABS}"' in anonymous.content.decode()
    assert f'href="{SECRET}"' not in anonymous.content.decode()
    assert f'href="{SECRET}"' in owner.content.decode()
    assert f'href="{ADD}"' in owner.content.decode()


async def test_profile_without_public_things_is_404(world):
    await actions.edit_collection(world.owner, world.tabs.pk, public=False)

    response = await AsyncClient().get(f"{PREFIX}/user/{world.owner.pk}/")

    assert response.status_code == 404


async def test_header_links_my_collections(world):
    client = await client_for(world, "owner")

    response = await client.get(f"{PREFIX}/")

    assert f'href="{MINE}"' in response.content.decode()


# --- The add-on page's widget ------------------------------------------------


async def test_widget_is_for_signed_in_users(world):
    detail = f"{PREFIX}/addon/tab-tamer/"

    anonymous = await AsyncClient().get(detail)
    owner = await (await client_for(world, "owner")).get(detail)

    assert "Add to collection" not in anonymous.content.decode()
    html = owner.content.decode()
    assert "Add to collection" in html
    assert "private" in owner["Cache-Control"]
    # Tabs contains the add-on: it is listed with a remove button; the
    # private collection is offered in the select.
    in_list = html.split("In your collections:", 1)[1].split("</ul>", 1)[0]
    assert "Tabs" in in_list
    select = html.split('name="collection">', 1)[1].split("</select>", 1)[0]
    assert f'value="{world.secret.pk}"' in select
    assert f'value="{world.tabs.pk}"' not in select


async def test_widget_adds_to_existing_collection(world):
    client = await client_for(world, "owner")
    detail = f"{PREFIX}/addon/tab-tamer/"

    response = await client.post(
        f"{PREFIX}/collections/addon/{world.tamer.pk}/add/",
        {"collection": str(world.secret.pk), "notes": "Also here", "next": detail},
    )
    page = await client.get(detail)

    assert response.status_code == 302
    assert response["Location"] == detail
    entry = await CollectionAddon.objects.aget(
        collection=world.secret.pk, addon=world.tamer.pk
    )
    assert entry.notes == {"en-US": "Also here"}
    assert "The add-on is added to your collection." in page.content.decode()


async def test_widget_creates_new_collection(world):
    client = await client_for(world, "other")

    response = await client.post(
        f"{PREFIX}/collections/addon/{world.keeper.pk}/add/",
        {"new_name": "Keepers", "next": f"{PREFIX}/addon/keeper/"},
    )

    assert response.status_code == 302
    made = await Collection.objects.aget(author=world.other, slug="keepers")
    assert made.addon_count == 1
    assert made.public is True


async def test_widget_errors_show_as_messages(world):
    client = await client_for(world, "owner")
    detail = f"{PREFIX}/addon/tab-tamer/"

    empty = await client.post(
        f"{PREFIX}/collections/addon/{world.tamer.pk}/add/", {"next": detail}
    )
    page = await client.get(detail)
    others = await client.post(
        f"{PREFIX}/collections/addon/{world.tamer.pk}/add/",
        {"collection": str(world.tabs.pk), "next": detail},
    )
    again = await client.get(detail)

    assert empty.status_code == 302
    assert "Choose one of your collections, or name a new one." in (
        page.content.decode()
    )
    assert others.status_code == 302
    assert "notice-error" in again.content.decode()


async def test_widget_cannot_add_to_anothers_collection(world):
    client = await client_for(world, "other")

    await client.post(
        f"{PREFIX}/collections/addon/{world.zapper.pk}/add/",
        {"collection": str(world.tabs.pk), "next": f"{PREFIX}/addon/zapper/"},
    )

    assert not await CollectionAddon.objects.filter(
        collection=world.tabs.pk, addon=world.zapper.pk
    ).aexists()


async def test_widget_removes(world):
    client = await client_for(world, "owner")

    response = await client.post(
        f"{PREFIX}/collections/addon/{world.tamer.pk}/remove/",
        {"collection": str(world.tabs.pk), "next": f"{PREFIX}/addon/tab-tamer/"},
    )
    invalid = await client.post(
        f"{PREFIX}/collections/addon/{world.tamer.pk}/remove/",
        {"collection": "abc"},
    )

    assert response.status_code == 302
    assert not await CollectionAddon.objects.filter(
        collection=world.tabs.pk, addon=world.tamer.pk
    ).aexists()
    assert invalid.status_code == 302


# --- Old URLs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "target"),
    [
        ("/collection/{uuid}", "/collections/jane/tabs/"),
        ("/collection/{uuid}/", "/collections/jane/tabs/"),
        ("/collections/view/{uuid}", "/collections/jane/tabs/"),
        ("/collections/edit/{uuid}", "/collections/jane/tabs/edit/"),
        ("/collections/mine", "/collections/"),
        ("/collections/favorites/", "/collections/"),
        ("/collections/following", "/collections/"),
    ],
)
async def test_old_collection_urls_redirect_once(world, old, target):
    old = old.format(uuid=world.tabs.uuid)

    for path, expected in (
        (old, f"/de/firefox{target}"),
        (f"{PREFIX}{old}", f"{PREFIX}{target}"),
    ):
        response = await AsyncClient().get(
            path, {"src": "old"}, headers={"accept-language": "de"}
        )
        assert response.status_code == 301, path
        location = response["Location"]
        if "mine" not in old and "favorites" not in old and "following" not in old:
            assert location == expected + "?src=old", path
        else:
            assert location == expected, path


async def test_old_private_collection_url_is_404_for_others(world):
    old = f"{PREFIX}/collection/{world.secret.uuid}"

    anonymous = await AsyncClient().get(old)
    owner = await (await client_for(world, "owner")).get(old)

    assert anonymous.status_code == 404
    assert owner.status_code == 301
    assert owner["Location"] == SECRET
    assert "private" in owner["Cache-Control"]


@pytest.mark.parametrize(
    "old", ["/collection/some-nickname", "/collection/" + "0" * 32]
)
async def test_old_unknown_collection_is_404(world, old):
    response = await AsyncClient().get(PREFIX + old)

    assert response.status_code == 404


async def test_new_pages_are_not_old_urls(world):
    unprefixed = await AsyncClient().get("/collections/jane/tabs")
    listing = await AsyncClient().get("/collections/")

    assert unprefixed.status_code == 301
    assert unprefixed["Location"] == "/en-US/firefox/collections/jane/tabs/"
    assert listing.status_code == 301
    assert listing["Location"] == "/en-US/firefox/collections/"


async def test_collection_page_query_budget(world):
    client = AsyncClient()

    cold = await get_page(client, TABS)
    warm = await get_page(client, TABS)

    # Cold: the author, the collection's id, the collection, the page of
    # add-on entries with its count (two queries at once), then the cards.
    assert cold.status == 200
    assert cold.query_count == 6
    # Warm: no query, and six cache reads (one single key, then batches).
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget"] + ["aget_many"] * 5
