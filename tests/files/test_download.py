import hashlib
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.http import StreamingHttpResponse

from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.files import views
from tests.factories import AddonFactory, FileFactory, VersionFactory, store_package
from tests.pages.helpers import get_page

# Larger than one chunk, so the stream takes several reads.
PACKAGE = b"PK\x03\x04" + bytes(range(256)) * 1000


def build_stored(**addon_fields):
    addon = AddonFactory(slug="packed", **addon_fields)
    return store_package(addon.current_version.file, PACKAGE)


def url_of(file, name=None):
    return f"/firefox/downloads/file/{file.pk}/{name or file.filename}"


async def read_body(response) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join([chunk async for chunk in response.streaming_content])
    return response.content


async def test_download_streams_package(live_db, async_client):
    file = await sync_to_async(build_stored)()

    page = await get_page(async_client, url_of(file))

    response = page.response
    assert response.status_code == 200
    assert response.is_async
    assert response["Content-Type"] == "application/x-xpinstall"
    assert response["Content-Length"] == str(len(PACKAGE))
    assert response["Content-Disposition"] == f'inline; filename="{file.filename}"'
    expected_hash = "sha256:" + hashlib.sha256(PACKAGE).hexdigest()
    assert response["ETag"] == f'"{expected_hash}"'
    assert response["X-Target-Digest"] == expected_hash
    assert await read_body(response) == PACKAGE
    # One query finds the file with its version and add-on.
    assert page.query_count == 1


async def test_download_as_attachment(live_db, async_client):
    file = await sync_to_async(build_stored)()

    response = await async_client.get(
        f"/firefox/downloads/file/{file.pk}/type:attachment/{file.filename}"
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{file.filename}"'
    )
    assert await read_body(response) == PACKAGE


async def test_download_for_android(live_db, async_client):
    file = await sync_to_async(build_stored)()

    response = await async_client.get(f"/android/downloads/file/{file.pk}/x.xpi")

    assert response.status_code == 301
    assert response["Location"] == f"/android/downloads/file/{file.pk}/{file.filename}"


async def test_download_wrong_filename_redirects(live_db, async_client):
    file = await sync_to_async(build_stored)()

    wrong = await async_client.get(url_of(file, "other.xpi") + "?src=dp")
    missing = await async_client.get(f"/firefox/downloads/file/{file.pk}/")

    assert wrong.status_code == 301
    assert wrong["Location"] == url_of(file) + "?src=dp"
    assert missing.status_code == 301
    assert missing["Location"] == url_of(file)


async def test_download_not_modified(live_db, async_client):
    file = await sync_to_async(build_stored)()

    response = await async_client.get(
        url_of(file), headers={"If-None-Match": f'"{file.hash}"'}
    )

    assert response.status_code == 304
    assert response["ETag"] == f'"{file.hash}"'
    assert response.content == b""


async def test_download_head(live_db, async_client):
    file = await sync_to_async(build_stored)()

    response = await async_client.head(url_of(file))

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(PACKAGE))
    assert response.content == b""


async def test_download_of_unstored_file(live_db, async_client):
    addon = await sync_to_async(AddonFactory)(slug="metadata-only")
    file = await sync_to_async(lambda: addon.current_version.file)()

    page = await get_page(async_client, url_of(file))

    assert page.status == 404
    assert "Page not found" in page.html


async def test_download_of_file_missing_on_disk(live_db, async_client, settings):
    def build():
        file = build_stored()
        Path(settings.MEDIA_ROOT, file.file.name).unlink()
        return file

    file = await sync_to_async(build)()

    page = await get_page(async_client, url_of(file))

    assert page.status == 404


@pytest.mark.parametrize(
    "hide",
    [
        {"addon": {"status": AddonStatus.DISABLED}},
        {"addon": {"status": AddonStatus.NOMINATED}},
        {"addon": {"disabled_by_user": True}},
        {"version": {"channel": Channel.UNLISTED}},
        {"version": {"deleted": True}},
        {"file": {"status": FileStatus.DISABLED}},
        {"file": {"status": FileStatus.UNREVIEWED}},
    ],
)
async def test_download_of_hidden_file(live_db, async_client, hide):
    def build():
        addon = AddonFactory(slug="hidden", **hide.get("addon", {}))
        version = VersionFactory(
            addon=addon, version="9.0", file=False, **hide.get("version", {})
        )
        file = FileFactory(version=version, **hide.get("file", {}))
        return store_package(file, PACKAGE)

    file = await sync_to_async(build)()

    page = await get_page(async_client, url_of(file))

    assert page.status == 404


async def test_download_of_unknown_file(live_db, async_client):
    for file_id in ("987654", "9" * 30):
        page = await get_page(async_client, f"/firefox/downloads/file/{file_id}/x.xpi")
        assert page.status == 404, file_id


async def test_download_reads_in_chunks(live_db, async_client, monkeypatch):
    file = await sync_to_async(build_stored)()
    monkeypatch.setattr(views, "CHUNK_SIZE", 1024)

    response = await async_client.get(url_of(file))
    chunks = [chunk async for chunk in response.streaming_content]

    assert len(chunks) == -(-len(PACKAGE) // 1024)
    assert b"".join(chunks) == PACKAGE


@pytest.fixture
def package_handle(tmp_path):
    path = tmp_path / "package.xpi"
    path.write_bytes(PACKAGE)
    with path.open("rb") as handle:
        yield handle


async def test_file_chunks_close_the_file(package_handle):
    handle = package_handle

    chunks = views.FileChunks(handle)
    first = await anext(chunks)
    chunks.close()

    assert first == PACKAGE[: views.CHUNK_SIZE]
    assert handle.closed


def latest_of(key: str, rest: str = "") -> str:
    return f"/firefox/downloads/latest/{key}/{rest}"


async def test_latest_redirects_to_current_file(live_db, async_client):
    def build():
        addon = AddonFactory(
            slug="packed", guid="{Packed-ID}@example.com", amo_id=3615, versions=2
        )
        return store_package(addon.current_version.file, PACKAGE)

    file = await sync_to_async(build)()

    keys = [
        "packed",
        "Packed",
        "%20packed%20",
        "3615",
        "{packed-id}@example.com",
        "{Packed-ID}@example.com",
    ]
    for key in keys:
        for rest in ("", "packed-latest.xpi", "platform:5/", "platform:5/x.xpi"):
            response = await async_client.get(latest_of(key, rest))
            assert response.status_code == 302, (key, rest)
            assert response["Location"] == url_of(file), (key, rest)


async def test_latest_prefers_amo_id(live_db, async_client):
    def build():
        local = AddonFactory(slug="local")
        store_package(local.current_version.file, PACKAGE)
        imported = AddonFactory(slug="imported", amo_id=local.pk)
        return local, store_package(imported.current_version.file, PACKAGE)

    local, file = await sync_to_async(build)()

    response = await async_client.get(latest_of(str(local.pk)))

    assert response.status_code == 302
    assert response["Location"] == url_of(file)


async def test_latest_as_attachment(live_db, async_client):
    file = await sync_to_async(build_stored)()
    attachment = f"/android/downloads/file/{file.pk}/type:attachment/{file.filename}"

    rests = (
        "type:attachment",
        "type:attachment/",
        "type:attachment/x.xpi",
        "platform:5/type:attachment/x.xpi",
    )
    for rest in rests:
        response = await async_client.get(
            f"/android/downloads/latest/packed/{rest}?src=dp"
        )
        assert response.status_code == 302, rest
        assert response["Location"] == attachment + "?src=dp", rest


async def test_latest_follows_to_package(live_db, async_client):
    await sync_to_async(build_stored)()

    response = await async_client.get(latest_of("packed"), follow=True)

    assert response.status_code == 200
    assert await read_body(response) == PACKAGE


@pytest.mark.parametrize(
    "build",
    [
        # No such add-on, an add-on without version, a file not stored here.
        lambda: None,
        lambda: AddonFactory(slug="packed", versions=0),
        lambda: AddonFactory(slug="packed"),
        lambda: build_stored(status=AddonStatus.DISABLED),
        lambda: build_stored(disabled_by_user=True),
    ],
    ids=["unknown", "no-version", "not-stored", "disabled", "disabled-by-user"],
)
async def test_latest_without_current_file(live_db, async_client, build):
    await sync_to_async(build)()

    page = await get_page(async_client, latest_of("packed"))

    assert page.status == 404


async def test_latest_of_huge_number(live_db, async_client):
    # int() raises on more than 4300 digits, so such a key names no add-on.
    page = await get_page(async_client, latest_of("9" * 5000))

    assert page.status == 404


async def test_latest_with_disabled_current_file(live_db, async_client):
    def build():
        file = build_stored()
        file.status = FileStatus.DISABLED
        file.save()

    await sync_to_async(build)()

    page = await get_page(async_client, latest_of("packed"))

    assert page.status == 404


async def test_latest_query_budget(live_db, async_client):
    await sync_to_async(build_stored)()

    page = await get_page(async_client, latest_of("packed"))
    warm = await get_page(async_client, latest_of("packed"))

    # The slug lookup reads the add-on with its current version and file,
    # then the previews and compatibility that its pages show.
    assert page.status == 302
    assert page.query_count == 3
    # Cached: the slug's id, then the add-on.
    assert warm.status == 302
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget", "aget_many"]
