"""MediaFiles, driven through the ASGI protocol."""

import pytest

from amo.core.media import MediaFiles


async def call(app, path: str, method: str = "GET", headers=()):
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    await app(scope, receive, send)
    start = messages[0]
    body = b"".join(message.get("body", b"") for message in messages[1:])
    return start["status"], dict(start["headers"]), body


@pytest.fixture
def media(tmp_path):
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "a.png").write_bytes(b"\x89PNG-data")
    (tmp_path / "big.xpi").write_bytes(b"x" * (3 * 1024 * 1024 + 5))
    (tmp_path.parent / "secret.txt").write_text("outside")
    return MediaFiles(tmp_path, "/user-media/")


async def test_serves_a_file_with_headers(media):
    status, headers, body = await call(media, "/user-media/icons/a.png")
    assert status == 200
    assert body == b"\x89PNG-data"
    assert headers[b"content-type"] == b"image/png"
    assert headers[b"content-length"] == b"9"
    assert headers[b"etag"]
    assert b"max-age" in headers[b"cache-control"]


async def test_streams_large_files(media):
    status, headers, body = await call(media, "/user-media/big.xpi")
    assert status == 200
    assert len(body) == 3 * 1024 * 1024 + 5
    assert headers[b"content-type"] == b"application/x-xpinstall"


async def test_head_and_conditional_requests(media):
    status, headers, body = await call(media, "/user-media/icons/a.png", "HEAD")
    assert status == 200
    assert body == b""
    etag = headers[b"etag"]
    status, _, body = await call(
        media, "/user-media/icons/a.png", headers=[(b"if-none-match", etag)]
    )
    assert status == 304
    assert body == b""


@pytest.mark.parametrize(
    "path",
    [
        "/user-media/../secret.txt",
        "/user-media/icons/../../secret.txt",
        "/user-media/icons",
        "/user-media/",
        "/user-media/missing.png",
        "/user-media/icons/a.png\x00",
    ],
)
async def test_rejects_paths_outside_or_missing(media, path):
    status, _, _ = await call(media, path)
    assert status == 404


async def test_rejects_writes(media):
    status, _, _ = await call(media, "/user-media/icons/a.png", "POST")
    assert status == 405


@pytest.mark.parametrize(
    "path",
    [
        "/user-media/files/7/addon-1.0.xpi",
        "/user-media/icons/../files/7/addon-1.0.xpi",
        "/user-media/files/",
    ],
)
async def test_packages_are_not_served(media, tmp_path, path):
    (tmp_path / "files" / "7").mkdir(parents=True)
    (tmp_path / "files" / "7" / "addon-1.0.xpi").write_bytes(b"PK\x03\x04")

    status, _, body = await call(media, path)

    assert status == 404
    assert body == b"Not found."
