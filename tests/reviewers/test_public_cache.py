"""An approval shows at once on public pages that caches already hold.

The pages go through the whole ASGI application, page cache included, and
the add-on objects through the object cache (memcached when configured).
publish_version invalidates them; these tests check the result end to end.
"""

import datetime
import json

import pytest
from asgiref.sync import sync_to_async
from django.core import mail
from django.core.cache import caches

from amo.addons.queries import ADDON_KIND
from amo.reviewers import actions
from tests.asgi_client import request
from tests.factories import AddonFactory
from tests.reviewers.conftest import make_pending, review_path
from workers.celery import app

DETAIL = "/en-US/firefox/addon/{}/"
API_DETAIL = "/api/v5/addons/addon/{}/"


@pytest.fixture(autouse=True)
def _mail_in_process(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    mail.outbox = []


@pytest.fixture
def application(settings):
    import asgi

    settings.PAGE_CACHE = True
    return asgi.build_application()


async def get_twice(application, path: str):
    """GET `path` twice, as anonymous visitors; return the second response.

    The second response comes from the page cache when the first was
    stored there.
    """
    await request(application, path)
    return await request(application, path)


async def test_new_addon_shows_after_approval(live_db, application, reviewer_client):
    pending = await sync_to_async(make_pending)()
    detail = DETAIL.format(pending.addon.slug)
    api_detail = API_DETAIL.format(pending.addon.slug)

    before = await get_twice(application, detail)
    api_before = await get_twice(application, api_detail)
    assert before.status == 404
    assert before.headers["x-cache"] == "HIT"
    assert api_before.status in (401, 403, 404)

    response = await reviewer_client.post(
        review_path(pending.version.pk), {"action": "approve"}
    )
    assert response.status_code == 302

    after = await request(application, detail)
    assert after.status == 200
    assert after.headers["x-cache"] == "MISS"
    assert "Pending Tool" in after.body.decode()
    api_after = await request(application, api_detail)
    assert api_after.status == 200
    body = json.loads(api_after.body)
    assert body["status"] == "public"
    assert body["current_version"]["version"] == "1.0"


async def test_update_shows_after_approval(live_db, application, reviewer_client):
    def build():
        # The factory's version is a day old; the update is newer.
        addon = AddonFactory(slug="steady", name={"en-US": "Steady Tool"}, versions=1)
        return make_pending(addon=addon, number="2.0", age=datetime.timedelta(hours=1))

    pending = await sync_to_async(build)()
    detail = DETAIL.format("steady")
    api_detail = API_DETAIL.format("steady")

    before = await get_twice(application, detail)
    api_before = await get_twice(application, api_detail)
    assert before.headers["x-cache"] == "HIT"
    assert "Version 1.0" in before.body.decode()
    assert "Version 2.0" not in before.body.decode()
    assert api_before.headers["x-cache"] == "HIT"
    assert json.loads(api_before.body)["current_version"]["version"] == "1.0"

    await reviewer_client.post(review_path(pending.version.pk), {"action": "approve"})

    after = await request(application, detail)
    assert after.headers["x-cache"] == "MISS"
    assert "Version 2.0" in after.body.decode()
    api_after = await request(application, api_detail)
    assert api_after.headers["x-cache"] == "MISS"
    assert json.loads(api_after.body)["current_version"]["version"] == "2.0"


async def test_approval_after_evicted_lookup(live_db, application, reviewer):
    pending = await sync_to_async(make_pending)()
    detail = DETAIL.format(pending.addon.slug)

    before = await request(application, detail)
    assert before.status == 404
    # What an eviction, or a flush by another process, does to the key.
    await caches["default"].adelete(ADDON_KIND.lookup_key("slug", pending.addon.slug))
    await actions.aapprove(pending.version, reviewer, "")

    after = await request(application, detail)
    assert after.status == 200
