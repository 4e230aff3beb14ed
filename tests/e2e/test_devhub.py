"""The developer hub in a real browser: from the agreement to an approved
unlisted add-on, then a second language and an icon.

The test signs in by setting a session cookie. With AMO_BROKER_URL set,
the live server sends its jobs through the broker to a worker process
that reads only this test's queue, so the upload page shows validation
progress by polling. Without a broker the jobs run inside the server.
"""

import io
import json
import os
import signal
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from playwright.async_api import expect

from amo.addons.icons import icon_path
from amo.addons.models import Addon
from tests.e2e.browser import natural_width, save_screenshot
from tests.e2e.conftest import (
    SERVER_STOP_TIMEOUT,
    LiveServer,
    _free_port,
    _server_environment,
    _stop,
    _wait_until_serving,
    png_image,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

DEV = "/en-US/firefox/developers"
GUID = "tab-tester@example.com"


def package_bytes() -> bytes:
    """Return a WebExtension package that passes validation."""
    manifest = {
        "manifest_version": 2,
        "name": "Tab Tester",
        "version": "1.0.0",
        "description": "Tests tabs.",
        "browser_specific_settings": {"gecko": {"id": GUID}},
        "background": {"scripts": ["background.js"]},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest))
        package.writestr("background.js", "console.log('tabs');\n")
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    png_image((300, 300), "#058b00", "TT").save(buffer, format="PNG")
    return buffer.getvalue()


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT * 3)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def uvicorn_server(live_db, settings, tmp_path) -> Iterator[LiveServer]:
    """The live server, and a worker of its own when a broker is configured.

    Replaces the e2e fixture of the same name for this module, so the
    `page` fixture opens its pages on this server.
    """
    port = _free_port()
    environment = _server_environment(port, settings)
    queue = f"amo-test-devhub-e2e-{uuid.uuid4().hex}"
    environment.update(
        # The session cookie that the test sets is checked with this key.
        AMO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_SETTINGS_MODULE="tests.devhub.live_settings",
        AMO_TEST_DEFAULT_QUEUE=queue,
        AMO_VALIDATION_QUEUE=queue,
    )
    log_path = tmp_path / "live-server.log"
    worker_log = tmp_path / "worker.log"
    worker = None
    if settings.BROKER_URL:
        with worker_log.open("wb") as output:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "amo.cli",
                    "worker",
                    "--queues",
                    queue,
                    "--concurrency",
                    "1",
                    "--hostname",
                    f"{queue}@%h",
                ],
                cwd=settings.BASE_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
    with log_path.open("wb") as output:
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
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        _stop(server)
        if worker is not None:
            _stop_process(worker)
    if "Traceback (most recent call last)" in server.log():
        pytest.fail(f"the live server logged an error:\n{server.log_tail()}")
    if worker is not None and "Traceback (most recent call last)" in (
        worker_log.read_text(errors="replace")
    ):
        pytest.fail(f"the worker logged an error; see {worker_log}")


async def sign_in(page, server: LiveServer, user) -> None:
    """Give the browser a session cookie of `user`, as signing in would."""
    from django.test import Client

    def session_key() -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    key = await sync_to_async(session_key)()
    await page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": server.url}]
    )


async def test_submit_unlisted_addon(
    page, page_problems, uvicorn_server, artifacts_dir
):
    server = uvicorn_server
    author = await sync_to_async(UserFactory)(username="e2e-author")
    await sign_in(page, server, author)
    polls: list[str] = []
    page.on(
        "request",
        lambda request: polls.append(request.url) if "/json/" in request.url else None,
    )

    # The first submission starts with the agreement.
    await page.goto(f"{server.url}{DEV}/addon/submit/")
    await expect(
        page.get_by_role("heading", name="Distribution agreement")
    ).to_be_visible()
    await page.get_by_label("I accept the distribution agreement").check()
    await page.get_by_role("button", name="Accept and continue").click()
    await page.wait_for_url(f"{server.url}{DEV}/addon/submit/")
    await page.get_by_role("link", name="On your own").click()
    await page.wait_for_url(f"{server.url}{DEV}/addon/submit/upload-unlisted/")

    # The package goes up without a reload, and the results appear.
    await page.get_by_label("Package (.xpi or .zip)").set_input_files(
        files=[
            {
                "name": "tab-tester.xpi",
                "mimeType": "application/x-xpinstall",
                "buffer": package_bytes(),
            }
        ]
    )
    await page.get_by_role("button", name="Upload and validate").click()
    status = page.locator("#upload-status")
    await expect(status).to_contain_text(
        "Your add-on passed validation.", timeout=60_000
    )
    await expect(status).to_contain_text("0 errors")
    assert "upload=" in page.url
    if settings.BROKER_URL:
        assert polls, "the page never polled the upload's status"
    await save_screenshot(page, artifacts_dir, "devhub-upload")

    # The listing form, filled from the manifest.
    await page.get_by_role("link", name="Continue").click()
    await expect(
        page.get_by_role("heading", name="Describe your add-on")
    ).to_be_visible()
    await expect(page.get_by_label("English (US)").first).to_have_value("Tab Tester")
    await page.locator("#id_summary__en-US").fill("Tests your tabs.")
    await page.locator("#id_tags").fill("tabs, testing")
    await page.get_by_role("checkbox", name="Tabs").check()
    await page.get_by_role("button", name="Submit the add-on").click()
    await expect(page.get_by_text("Version 1.0.0 is approved.")).to_be_visible()
    await save_screenshot(page, artifacts_dir, "devhub-submitted")
    addon = await Addon.objects.aget(guid=GUID)
    slug = addon.slug

    # A name in a second language.
    await page.goto(f"{server.url}{DEV}/addon/{slug}/edit/")
    await page.get_by_label("Add a language").select_option("de")
    await page.get_by_role("button", name="Add language").click()
    await page.locator("#id_name__de").fill("Reiterprüfer")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_text("Your changes were saved.")).to_be_visible()
    await expect(page.locator("#id_name__de")).to_have_value("Reiterprüfer")
    await save_screenshot(page, artifacts_dir, "devhub-edit")
    addon = await Addon.objects.aget(pk=addon.pk)
    assert addon.name == {"en-US": "Tab Tester", "de": "Reiterprüfer"}

    # An icon, resized by the job.
    await page.goto(f"{server.url}{DEV}/addon/{slug}/media/")
    await page.get_by_label("New icon").set_input_files(
        files=[{"name": "icon.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    await page.get_by_role("button", name="Upload icon").click()
    icon = page.locator(f'#addon-icon[src*="{settings.MEDIA_URL}addon_icons/"]')
    await expect(icon).to_have_count(1, timeout=60_000)
    assert await natural_width(icon) == 128
    assert (Path(settings.MEDIA_ROOT) / icon_path(addon.pk, 128)).exists()
    await save_screenshot(page, artifacts_dir, "devhub-media")
    page_problems.assert_none()
