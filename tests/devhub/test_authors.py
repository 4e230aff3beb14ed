"""Managing an add-on's authors: owners add, change and remove them."""

from asgiref.sync import sync_to_async

from amo.addons.models import AddonUser
from amo.core.constants import AuthorRole
from amo.devhub.models import Activity, ActivityLog
from tests.devhub.conftest import signed_in
from tests.factories import UserFactory

AUTHORS = "/en-US/firefox/developers/addon/tab-keeper/ownership/"


async def rows(addon) -> list[tuple[str, int, bool, int]]:
    return [
        (row.user.username, row.role, row.listed, row.position)
        async for row in AddonUser.objects.filter(addon=addon)
        .select_related("user")
        .order_by("position", "id")
    ]


async def test_page_lists_authors(team):
    client = await signed_in(team.owner)

    response = await client.get(AUTHORS)

    html = response.content.decode()
    assert 'data-author="olga@example.com"' in html
    assert 'data-author="dev@example.com"' in html
    assert "stranger@example.com" not in html


async def test_add_author_by_email(team):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{AUTHORS}add/",
        {"email": "STRANGER@example.com", "role": AuthorRole.DEVELOPER},
    )

    assert response.status_code == 302
    assert await rows(team.addon) == [
        ("olga", AuthorRole.OWNER, True, 0),
        ("dev", AuthorRole.DEVELOPER, True, 1),
        ("stranger", AuthorRole.DEVELOPER, False, 2),
    ]
    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.ADD_AUTHOR
    assert entry.details["email"] == "stranger@example.com"
    # The new author may now open the add-on's pages.
    newcomer = await signed_in(team.outsider)
    assert (await newcomer.get(AUTHORS.replace("ownership", "edit"))).status_code == 200


async def test_unknown_email_is_explained(team):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{AUTHORS}add/",
        {"email": "nobody@example.com", "role": AuthorRole.OWNER, "listed": "on"},
    )

    assert response.status_code == 400
    assert "No account uses this email address." in response.content.decode()
    assert len(await rows(team.addon)) == 2


async def test_deleted_account_cannot_be_added(team):
    await sync_to_async(UserFactory)(username="ghost", deleted=True)
    client = await signed_in(team.owner)

    response = await client.post(
        f"{AUTHORS}add/", {"email": "ghost@example.com", "role": AuthorRole.OWNER}
    )

    assert response.status_code == 400
    assert "No account uses this email address." in response.content.decode()


async def test_existing_author_is_not_added_twice(team):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{AUTHORS}add/", {"email": "dev@example.com", "role": AuthorRole.OWNER}
    )

    assert response.status_code == 400
    assert "dev@example.com is already an author" in response.content.decode()


async def test_roles_visibility_and_order_are_saved(team):
    owner_row = await AddonUser.objects.aget(addon=team.addon, user=team.owner)
    dev_row = await AddonUser.objects.aget(addon=team.addon, user=team.developer)
    client = await signed_in(team.owner)

    response = await client.post(
        AUTHORS,
        {
            f"role-{owner_row.pk}": AuthorRole.OWNER,
            f"listed-{owner_row.pk}": "on",
            f"position-{owner_row.pk}": "5",
            f"role-{dev_row.pk}": AuthorRole.OWNER,
            f"position-{dev_row.pk}": "0",
        },
    )

    assert response.status_code == 302
    assert await rows(team.addon) == [
        ("dev", AuthorRole.OWNER, False, 0),
        ("olga", AuthorRole.OWNER, True, 5),
    ]
    actions = [entry.action async for entry in ActivityLog.objects.all()]
    assert actions == [Activity.CHANGE_AUTHOR, Activity.CHANGE_AUTHOR]


async def test_last_owner_cannot_become_developer(team):
    owner_row = await AddonUser.objects.aget(addon=team.addon, user=team.owner)
    client = await signed_in(team.owner)

    response = await client.post(
        AUTHORS,
        {f"role-{owner_row.pk}": AuthorRole.DEVELOPER, f"listed-{owner_row.pk}": "on"},
    )

    assert response.status_code == 400
    assert "An add-on needs at least one owner." in response.content.decode()
    owner_row = await AddonUser.objects.aget(pk=owner_row.pk)
    assert owner_row.role == AuthorRole.OWNER


async def test_last_owner_cannot_be_removed(team):
    owner_row = await AddonUser.objects.aget(addon=team.addon, user=team.owner)
    client = await signed_in(team.owner)

    response = await client.post(f"{AUTHORS}{owner_row.pk}/remove/")

    assert response.status_code == 400
    assert "An add-on needs at least one owner." in response.content.decode()
    assert await AddonUser.objects.filter(pk=owner_row.pk).aexists()


async def test_developer_is_removed(team):
    dev_row = await AddonUser.objects.aget(addon=team.addon, user=team.developer)
    client = await signed_in(team.owner)

    response = await client.post(f"{AUTHORS}{dev_row.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == AUTHORS
    assert [row[0] for row in await rows(team.addon)] == ["olga"]
    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.REMOVE_AUTHOR
    assert entry.details == {"email": "dev@example.com"}
    former = await signed_in(team.developer)
    edit = await former.get(AUTHORS.replace("ownership", "edit"))
    assert edit.status_code == 403


async def test_owner_removes_self_when_another_owner_remains(team):
    dev_row = await AddonUser.objects.aget(addon=team.addon, user=team.developer)
    dev_row.role = AuthorRole.OWNER
    await dev_row.asave()
    owner_row = await AddonUser.objects.aget(addon=team.addon, user=team.owner)
    client = await signed_in(team.owner)

    response = await client.post(f"{AUTHORS}{owner_row.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == "/en-US/firefox/developers/addons/"
    assert [row[0] for row in await rows(team.addon)] == ["dev"]


async def test_public_page_lists_the_new_author(team, async_client):
    client = await signed_in(team.owner)
    before = await async_client.get("/en-US/firefox/addon/tab-keeper/")

    await client.post(
        f"{AUTHORS}add/",
        {"email": "stranger@example.com", "role": AuthorRole.DEVELOPER, "listed": "on"},
    )
    after = await async_client.get("/en-US/firefox/addon/tab-keeper/")

    assert "Stranger" not in before.content.decode()
    assert "Stranger" in after.content.decode()
