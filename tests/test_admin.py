"""Staff manage the catalogue in Django's admin, on the async request path."""

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.core.constants import PromotedCategory
from amo.users.models import User
from tests.factories import AddonFactory


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
