"""Fixtures of the browser tests: a live server, Chromium and store data.

`uvicorn_server` runs the real ASGI application (uvicorn serving
`asgi:application`) in a subprocess on a free port of 127.0.0.1. It reads
the test database that pytest-django created, the test's MEDIA_ROOT and the
collected static files, so it serves what the test committed through the
factories and the `live_db` fixture. `page` opens a tab in headless Debian
Chromium, driven by Playwright's async API.
"""

import datetime
import hashlib
import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from PIL import Image, ImageDraw

from amo.core.constants import PREVIEW_IMAGE_SIZE, PREVIEW_THUMBNAIL_SIZE
from tests.conftest import skip_or_fail
from tests.files.conftest import broker_answers
from tests.workers import amo_worker, subprocess_database_url, worker_environment

CHROMIUM = Path("/usr/bin/chromium")
# This machine's network is closed: without these flags Chromium keeps
# trying to reach Google's hosts for updates, sync and field trials.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Milliseconds Playwright waits for an element, a navigation or a load.
BROWSER_TIMEOUT_MS = 10_000
# Seconds the server may take to respond to its first request.
SERVER_START_TIMEOUT = 30.0
# Seconds the server may take to stop after SIGTERM before it is killed.
SERVER_STOP_TIMEOUT = 10.0


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 30, width: int = 300) -> str:
        """Return the log's last lines, each cut to `width`, for messages.

        A structured log line can hold a whole traceback, so the full log
        stays in its file, which the message names.
        """
        tail = [line[:width] for line in self.log().splitlines()[-lines:]]
        return "\n".join(tail) + f"\n(full log: {self.log_path})"


def _free_port() -> int:
    # NOTE: another process may take the port before uvicorn binds it; the
    # test then fails with uvicorn's "address already in use" in the log.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_environment(port: int, settings: Any) -> dict[str, str]:
    environment = dict(os.environ)
    # Replicas mirror the primary in tests, so the server reads it alone.
    environment.pop("AMO_REPLICA_URLS", None)
    environment.update(
        AMO_DATABASE_URL=subprocess_database_url(),
        # The test's own folders: its MEDIA_ROOT, and the static files that
        # the session collected.
        AMO_VAR_DIR=str(settings.VAR_DIR),
        AMO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        AMO_STATIC_ROOT=str(settings.STATIC_ROOT),
        AMO_SITE_URL=f"http://127.0.0.1:{port}",
        # A configured database needs a secret; the tests' own, or a new one.
        AMO_SECRET_KEY=os.environ.get("AMO_SECRET_KEY") or secrets.token_urlsafe(40),
        PYTHONUNBUFFERED="1",
    )
    return environment


def _wait_until_serving(server: LiveServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"the live server exited with status {server.process.returncode} "
                f"before serving:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(
                f"{server.url}/__lbheartbeat__", timeout=2
            ) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            # The server is up but broken: waiting longer would not help.
            _stop(server)
            pytest.fail(
                f"the live server answered /__lbheartbeat__ with HTTP "
                f"{error.code}:\n{server.log_tail()}"
            )
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    _stop(server)
    pytest.fail(
        f"the live server did not answer within {SERVER_START_TIMEOUT:g}s:\n"
        f"{server.log_tail()}"
    )


def _stop(server: LiveServer) -> None:
    if server.process.poll() is not None:
        return
    os.kill(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()


@pytest.fixture
def uvicorn_server(live_db, settings, tmp_path) -> Iterator[LiveServer]:
    """Serve the application on a free port until the test ends.

    Depends on `live_db`, so the server stops before the test database is
    flushed. Fails the test when the server logged a traceback.
    """
    port = _free_port()
    log_path = tmp_path / "live-server.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "on",
                "--no-access-log",
            ],
            cwd=settings.BASE_DIR,
            env=_server_environment(port, settings),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        _stop(server)
    if "Traceback (most recent call last)" in server.log():
        pytest.fail(f"the live server logged an error:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        skip_or_fail(
            f"Chromium is not installed at {CHROMIUM}: install Debian's "
            "package with `apt-get install chromium`"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
async def browser_context(chromium_path) -> AsyncIterator[object]:
    """One headless Chromium with a fresh profile for the whole session."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="amo-chromium-") as profile:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(chromium_path),
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
                locale="en-US",
            )
            # Playwright waits up to 30 s by default; a page of this site
            # that takes more than 10 s is broken.
            context.set_default_timeout(BROWSER_TIMEOUT_MS)
            try:
                yield context
            finally:
                await context.close()


@dataclass
class PageProblems:
    """What went wrong while a page loaded: script errors, failed requests."""

    errors: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        assert not self.errors, "the page had problems:\n" + "\n".join(self.errors)


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
async def page(browser_context, uvicorn_server, page_problems) -> AsyncIterator[object]:
    """A new tab that records script errors and failed or 4xx/5xx responses.

    The problems go to `page_problems`; a test checks them with
    `page_problems.assert_none()` once its page has loaded.
    """
    await browser_context.clear_cookies()
    tab = await browser_context.new_page()
    # Chromium requests /favicon.ico by itself when a page declares no icon.
    # NOTE: the site has no favicon yet, and its 404 page fails to render, so
    # that request would log a 500; the tab responds to it itself instead.
    await tab.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    problems = page_problems
    tab.on("pageerror", lambda error: problems.errors.append(f"script error: {error}"))
    tab.on(
        "requestfailed",
        lambda request: problems.errors.append(
            f"request failed: {request.url} ({request.failure})"
        ),
    )
    tab.on(
        "response",
        lambda response: (
            problems.errors.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    try:
        yield tab
    finally:
        await tab.close()


# --- Store data -------------------------------------------------------------


def png_image(size: tuple[int, int], colour: str, label: str) -> Image.Image:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 8, size[1] // 8, size[0] // 2, size[1] // 2), "white")
    draw.text((size[0] // 8, size[1] * 5 // 8), label, fill="white")
    return image


def xpi_bytes(guid: str, version: str, name: str) -> bytes:
    """A minimal WebExtension package: a zip holding manifest.json."""
    manifest = (
        '{"manifest_version": 2, '
        f'"name": "{name}", "version": "{version}", '
        f'"browser_specific_settings": {{"gecko": {{"id": "{guid}"}}}}}}'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", manifest)
    return buffer.getvalue()


def attach_package(version: object, media_root: Path) -> bytes:
    """Store a real package for `version`'s file under `media_root`."""
    file = version.file
    package = xpi_bytes(version.addon.guid, version.version, version.addon.slug)
    name = f"files/{version.addon_id}/{file.filename}"
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(package)
    file.file.name = name
    file.size = len(package)
    file.hash = "sha256:" + hashlib.sha256(package).hexdigest()
    file.save()
    return package


def attach_previews(addon: object, captions: list[str], media_root: Path) -> None:
    """Create one screenshot per caption, with its image files."""
    from tests.factories import PreviewFactory

    folder = media_root / "previews" / str(addon.pk)
    folder.mkdir(parents=True, exist_ok=True)
    for position, caption in enumerate(captions):
        preview = PreviewFactory(
            addon=addon, caption={"en-US": caption}, position=position
        )
        for kind, size in (
            ("image", PREVIEW_IMAGE_SIZE),
            ("thumbnail", PREVIEW_THUMBNAIL_SIZE),
        ):
            filename = f"{preview.pk}-{kind}.png"
            png_image(size, "#8000d7", caption).save(folder / filename)
            getattr(preview, kind).name = f"previews/{addon.pk}/{filename}"
        preview.sizes = {
            "image": list(PREVIEW_IMAGE_SIZE),
            "thumbnail": list(PREVIEW_THUMBNAIL_SIZE),
        }
        preview.save()


@dataclass
class StoreAddon:
    """A committed add-on and the facts that its pages must show."""

    addon: object
    name: str
    slug: str
    summary: str
    # Version numbers, oldest first; the last is the current version.
    versions: list[str]
    # The package of each version, by version number.
    packages: dict[str, bytes]
    captions: list[str]
    category_name: str
    category_slug: str

    @property
    def detail_path(self) -> str:
        return f"/en-US/firefox/addon/{self.slug}/"

    @property
    def versions_path(self) -> str:
        return f"/en-US/firefox/addon/{self.slug}/versions/"

    @property
    def category_path(self) -> str:
        return f"/en-US/firefox/extensions/{self.category_slug}/"


@pytest.fixture
def store_addon(live_db, settings) -> StoreAddon:
    """A public extension with an icon, two screenshots and three versions.

    Its files are real: the icon in every size, the screenshots and each
    version's package lie under the test's MEDIA_ROOT.
    """
    from django.utils import timezone

    from amo.addons.icons import save_icon
    from amo.addons.models import Category
    from amo.core.constants import AddonType, ApplicationChoices
    from tests.factories import AddonFactory, VersionFactory

    media_root = Path(settings.MEDIA_ROOT)
    category = Category.objects.get(
        application=ApplicationChoices.FIREFOX, type=AddonType.EXTENSION, slug="tabs"
    )
    name = "Tab Shepherd"
    summary = "Herds stray tabs into tidy groups."
    addon = AddonFactory(
        name={"en-US": name},
        slug="tab-shepherd",
        guid="tab-shepherd@example.com",
        summary={"en-US": summary},
        versions=0,
        categories=[category.slug],
    )

    numbers = ["2.4.0", "2.5.1", "3.0.2"]
    packages = {}
    version = None
    for age_days, number in zip((30, 20, 10), numbers, strict=True):
        version = VersionFactory(
            addon=addon,
            version=number,
            created=timezone.now() - datetime.timedelta(days=age_days),
        )
        packages[number] = attach_package(version, media_root)

    addon.icon_hash = save_icon(addon, png_image((256, 256), "#0060df", "TS"))
    addon.current_version = version
    addon.save()

    captions = ["Tabs grouped by site", "The settings page"]
    attach_previews(addon, captions, media_root)

    return StoreAddon(
        addon=addon,
        name=name,
        slug=addon.slug,
        summary=summary,
        versions=numbers,
        packages=packages,
        captions=captions,
        category_name=category.name["en-US"],
        category_slug=category.slug,
    )


# --- The worker that validates uploads -----------------------------------


@dataclass
class Worker:
    # None when uploads are validated in the server's process.
    log_path: Path | None = None
    queue: str | None = None

    def check_validated(self, count: int) -> None:
        """Fail unless the worker ran `count` validation jobs or more."""
        if self.log_path is None:
            return
        log = self.log_path.read_text(errors="replace")
        assert log.count("files.validate_upload") >= count, log


@pytest.fixture(scope="session")
def worker_private_root(tmp_path_factory) -> Path:
    """The PRIVATE_ROOT of the live servers and the worker of the session."""
    return tmp_path_factory.mktemp("worker-private")


@pytest.fixture(scope="session")
def session_worker(
    django_db_setup, django_db_blocker, worker_private_root, tmp_path_factory
) -> Iterator[Worker]:
    """Run one `amo worker` on the test database for the session, on a
    queue of its own, when a broker is configured."""
    if not django_settings.BROKER_URL:
        yield Worker()
        return
    reason = broker_answers()
    if reason is not None:
        skip_or_fail(reason)

    queue = f"amo-test-worker-{uuid.uuid4().hex}"
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    with django_db_blocker.unblock():
        environment = worker_environment(
            AMO_VAR_DIR=str(django_settings.VAR_DIR),
            AMO_PRIVATE_ROOT=str(worker_private_root),
            AMO_VALIDATION_QUEUE=queue,
        )
    with amo_worker(queue, log_path, environment):
        yield Worker(log_path, queue)


@pytest.fixture
def validation_worker(
    live_db, session_worker, worker_private_root, settings, monkeypatch
) -> Worker:
    """Point the server that starts after this fixture at the worker's
    queue and at the folders the worker reads.

    Without a broker the server validates uploads in its own process.
    """
    settings.PRIVATE_ROOT = worker_private_root
    settings.UPLOADS_ROOT = worker_private_root / "uploads"
    monkeypatch.setenv("AMO_PRIVATE_ROOT", str(worker_private_root))
    if session_worker.queue is not None:
        monkeypatch.setenv("AMO_VALIDATION_QUEUE", session_worker.queue)
    return session_worker
