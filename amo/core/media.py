"""A small ASGI app that serves uploaded and generated files from MEDIA_ROOT.

Static files are known at start-up and servestatic serves them; media files
appear while the site runs (icons, screenshots, packages), so each request
looks its file up on disk. Paths are resolved inside MEDIA_ROOT only.
"""

import asyncio
import mimetypes
import os
import stat
from email.utils import formatdate
from pathlib import Path
from typing import Any

# Files up to this size are read in one go; larger ones are streamed.
WHOLE_FILE_LIMIT = 1024 * 1024
CHUNK_SIZE = 256 * 1024
MAX_AGE = 7 * 24 * 3600

mimetypes.add_type("application/x-xpinstall", ".xpi")
mimetypes.add_type("image/webp", ".webp")


async def _send_status(send: Any, status: int, body: bytes = b"") -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Folders of MEDIA_ROOT that are never served here. Packages are sent by
# the download views, which let only authors and reviewers fetch a file
# that is unlisted or not yet approved.
PRIVATE_FOLDERS = frozenset({"files"})


class MediaFiles:
    def __init__(self, root: Path, prefix: str) -> None:
        self.root = root.resolve()
        self.prefix = prefix

    def resolve(self, path: str) -> Path | None:
        relative = path[len(self.prefix) :]
        if not relative or "\0" in relative:
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        parts = candidate.relative_to(self.root).parts
        if parts and parts[0] in PRIVATE_FOLDERS:
            return None
        return candidate

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            await _send_status(send, 405, b"Method not allowed.")
            return
        target = self.resolve(scope["path"])
        try:
            info = os.stat(target) if target else None
        except OSError:
            info = None
        if target is None or info is None or not stat.S_ISREG(info.st_mode):
            await _send_status(send, 404, b"Not found.")
            return

        etag = f'"{info.st_mtime_ns:x}-{info.st_size:x}"'.encode()
        content_type = (
            mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        headers = [
            (b"content-type", content_type.encode()),
            (b"etag", etag),
            (b"last-modified", formatdate(info.st_mtime, usegmt=True).encode()),
            (b"cache-control", f"public, max-age={MAX_AGE}".encode()),
            (b"x-content-type-options", b"nosniff"),
        ]
        request_headers = dict(scope["headers"])
        if request_headers.get(b"if-none-match") == etag:
            await send(
                {"type": "http.response.start", "status": 304, "headers": headers}
            )
            await send({"type": "http.response.body", "body": b""})
            return

        headers.append((b"content-length", str(info.st_size).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        if scope["method"] == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        loop = asyncio.get_running_loop()
        if info.st_size <= WHOLE_FILE_LIMIT:
            body = await loop.run_in_executor(None, target.read_bytes)
            await send({"type": "http.response.body", "body": body})
            return
        # Opening a local file does not block; the reads run in the executor.
        with open(target, "rb") as handle:  # noqa: ASYNC230
            while chunk := await loop.run_in_executor(None, handle.read, CHUNK_SIZE):
                await send(
                    {"type": "http.response.body", "body": chunk, "more_body": True}
                )
        await send({"type": "http.response.body", "body": b""})
