"""Staff manage the catalogue in Django's admin, on the async request path."""

import pytest
from asgiref.sync import sync_to_async
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group

from amo.addons.models import Addon
from amo.core.constants import PromotedCategory
from amo.devhub import activity
from amo.devhub.models import Activity
from amo.files.models import FileUpload
from amo.users.models import APIKey, User
from amo.users.permissions import REVIEWERS
from tests.factories import AddonFactory, UserFactory


@pytest.fixture
async def staff_client(live_db, async_client):
    user = await sync_to_async(User.objects.create_superuser)(
        email="staff@example.com", username="staff", password="correct horse"
    )
    await async_client.aforce_login(user)
    return async_client


async def test_admin_requires_staff(live_db, async_client):
    response = await async_client.get("/admin/addons/addon/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


async def test_admin_login_page_renders(live_db, async_client):
    response = await async_client.get("/admin/login/")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/addons/addon/",
        "/admin/addons/category/",
        "/admin/addons/tag/",
        "/admin/addons/preview/",
        "/admin/addons/addonuser/",
        "/admin/versions/version/",
        "/admin/versions/license/",
        "/admin/versions/applicationsversions/",
        "/admin/files/file/",
        "/admin/users/user/",
    ],
)
async def test_every_model_has_a_searchable_list(staff_client, path):
    response = await staff_client.get(path, {"q": "x"} if path != "/admin/" else {})
    assert response.status_code == 200, path


async def test_staff_recommend_an_addon_and_the_home_page_shows_it(staff_client):
    home = (await staff_client.get("/en-US/firefox/")).content.decode()
    assert 'id="shelf-recommended' not in home or "Quiet Tabs" not in home
    addon = await sync_to_async(AddonFactory)(name={"en-US": "Quiet Tabs"})
    page = await staff_client.get("/admin/addons/addon/", {"q": addon.slug})
    assert page.status_code == 200
    assert addon.slug.encode() in page.content

    # The change list edits `promoted` in place, as a formset.
    response = await staff_client.post(
        "/admin/addons/addon/?q=" + addon.slug,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(addon.pk),
            "form-0-promoted": PromotedCategory.RECOMMENDED,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    stored = await sync_to_async(Addon.objects.using("default").get)(pk=addon.pk)
    assert stored.promoted == PromotedCategory.RECOMMENDED

    home = (await staff_client.get("/en-US/firefox/")).content.decode()
    shelf = home.split('id="shelf-recommended', 1)[1].split("</section>", 1)[0]
    assert "Quiet Tabs" in shelf


def test_every_model_is_registered():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model not in admin.site._registry
    ]
    assert missing == [], f"models missing from the admin: {missing}"


def test_every_model_is_searchable():
    unsearchable = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not model_admin.search_fields
    ]
    assert unsearchable == [], f"admin lists without search: {unsearchable}"


def build_one_of_each() -> APIKey:
    """Rows for the admin's lists: an add-on with its version and file, an
    upload, a log entry and an API key."""
    author = UserFactory(username="listed")
    addon = AddonFactory(slug="admin-listed", authors=[author])
    FileUpload.objects.create(
        user=author, addon=addon, name="x.xpi", path="uploads/x.xpi", sha256="0" * 64
    )
    activity.log(Activity.EDIT_ADDON, addon, author, fields=["name"])
    return APIKey.objects.create(
        user=author, key=f"user:{author.pk}:abcd", secret="very-secret-value"
    )


async def test_every_changelist_and_search_answers(staff_client):
    await sync_to_async(build_one_of_each)()
    for model in admin.site._registry:
        meta = model._meta
        path = f"/admin/{meta.app_label}/{meta.model_name}/"
        listed = await staff_client.get(path)
        assert listed.status_code == 200, path
        searched = await staff_client.get(path, {"q": "listed"})
        assert searched.status_code == 200, f"{path}?q=listed"


async def test_api_key_secret_is_never_shown(staff_client):
    key = await sync_to_async(build_one_of_each)()
    listed = await staff_client.get("/admin/users/apikey/")
    assert key.key in listed.content.decode()
    assert key.secret not in listed.content.decode()
    change = await staff_client.get(f"/admin/users/apikey/{key.pk}/change/")
    assert change.status_code == 200
    assert key.secret not in change.content.decode()


async def test_user_groups_are_editable(staff_client):
    # The test database is flushed, so the group made by a migration is not
    # there; it is made again.
    group, _ = await Group.objects.aget_or_create(name=REVIEWERS)
    user = await sync_to_async(UserFactory)(username="member")
    page = await staff_client.get(f"/admin/users/user/{user.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="groups"' in html
    assert REVIEWERS in html
    filtered = await staff_client.get(
        "/admin/users/user/", {"groups__id__exact": str(group.pk)}
    )
    assert filtered.status_code == 200
