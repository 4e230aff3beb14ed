"""Downloads counted by the download routes, rolled up into rows."""

import datetime

from asgiref.sync import sync_to_async

from amo.core.constants import Channel, FileStatus
from amo.stats import counters, rollup
from amo.stats.models import DailyDownloads
from tests.api.auth_helpers import jwt_headers
from tests.factories import AddonFactory, store_package
from tests.files.test_download import PACKAGE, read_body, url_of
from tests.files.test_download_auth import build_hidden


def build_public():
    addon = AddonFactory(slug="counted")
    return store_package(addon.current_version.file, PACKAGE)


async def counted_downloads(client) -> dict[int, int]:
    """Flush the counters, then return the downloads of today by add-on."""
    await counters.flush()
    today = datetime.datetime.now(datetime.UTC).date()
    counts = await client.hgetall(counters.day_key(counters.DOWNLOADS, today))
    return {int(addon_id): int(count) for addon_id, count in counts.items()}


async def test_each_package_sent_counts_once(live_db, async_client, stats_redis):
    file = await sync_to_async(build_public)()
    addon_id = file.version.addon_id

    first = await async_client.get(url_of(file) + "?src=search")
    second = await async_client.get(url_of(file))
    attachment = await async_client.get(
        f"/firefox/downloads/file/{file.pk}/type:attachment/{file.filename}?src=dp"
    )

    for response in (first, second, attachment):
        assert response.status_code == 200
        assert await read_body(response) == PACKAGE
    assert await counted_downloads(stats_redis) == {addon_id: 3}
    await rollup.run(stats_redis)
    rows = await sync_to_async(list)(DailyDownloads.objects.values("count", "sources"))
    assert rows == [{"count": 3, "sources": {"search": 1, "": 1, "dp": 1}}]


async def test_answers_without_package_not_counted(live_db, async_client, stats_redis):
    file = await sync_to_async(build_public)()
    addon_id = file.version.addon_id

    responses = {
        "wrong name": await async_client.get(url_of(file, "other.xpi") + "?src=a"),
        "no name": await async_client.get(f"/firefox/downloads/file/{file.pk}/"),
        "latest": await async_client.get("/firefox/downloads/latest/counted/?src=b"),
        "head": await async_client.head(url_of(file)),
        "not modified": await async_client.get(
            url_of(file), headers={"If-None-Match": f'"{file.hash}"'}
        ),
        "unknown file": await async_client.get(
            f"/firefox/downloads/file/{file.pk + 1000}/x.xpi"
        ),
    }

    assert {name: response.status_code for name, response in responses.items()} == {
        "wrong name": 301,
        "no name": 301,
        "latest": 302,
        "head": 200,
        "not modified": 304,
        "unknown file": 404,
    }
    assert await counted_downloads(stats_redis) == {}

    # Following the redirect of /downloads/latest/ counts it once, with its
    # src, which the redirect keeps.
    followed = await async_client.get(responses["latest"]["Location"])
    assert followed.status_code == 200
    assert await read_body(followed) == PACKAGE
    assert await counted_downloads(stats_redis) == {addon_id: 1}
    source_key = counters.addon_key(
        counters.DOWNLOADS, datetime.datetime.now(datetime.UTC).date(), addon_id
    )
    assert await stats_redis.hgetall(source_key) == {b"source:b": b"1"}


async def test_package_missing_from_storage_not_counted(
    live_db, async_client, stats_redis, settings
):
    file = await sync_to_async(build_public)()
    (settings.MEDIA_ROOT / file.file.name).unlink()

    response = await async_client.get(url_of(file))

    assert response.status_code == 404
    assert await counted_downloads(stats_redis) == {}


async def test_private_download_not_counted(live_db, async_client, stats_redis):
    author, file = await sync_to_async(build_hidden)(
        Channel.LISTED, FileStatus.UNREVIEWED
    )

    response = await async_client.get(url_of(file), headers=jwt_headers(author.api_key))

    assert response.status_code == 200
    assert await read_body(response) == PACKAGE
    assert await counted_downloads(stats_redis) == {}
