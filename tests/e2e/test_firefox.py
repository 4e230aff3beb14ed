"""A real Firefox installs an add-on from amo, then takes its update.

The live server (uvicorn, tests/e2e/conftest.py) serves the test database.
Uploads are validated by a real Celery worker when AMO_BROKER_URL is set,
else in the server's process (the worker fixtures of tests/e2e/conftest.py).
An author submits version 1.0 through the submission API, a reviewer approves
it, and headless Firefox ESR (tests/e2e/firefox.py) installs it from
amo's download URL. The author then submits 1.1, which is approved at
once because the add-on is public. Firefox's "Check for Updates" then
requests amo's update service, finds 1.1 and installs it.

Firefox's profile sends the update checks to the live server and keeps
every other service of Firefox off the network, and the test checks the
host names that Firefox resolved.
"""

import asyncio
import datetime
import hashlib
import io
import json
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from asgiref.sync import sync_to_async
from django.conf import settings

from amo.core.constants import FileStatus
from amo.files.models import File
from amo.stats import counters
from amo.versions.actions import publish_version
from amo.versions.models import Version
from tests.conftest import skip_or_fail
from tests.e2e.firefox import (
    FIREFOX,
    INSTALL_SCRIPT,
    LOCAL_HOSTS,
    OFFLINE_PREFS,
    UPDATE_SCRIPT,
    amo_prefs,
    start_firefox,
)
from tests.e2e.test_web_ext import create_credentials
from tests.reviewers.conftest import make_reviewer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

GUID = "tab-updater@example.com"
# Seconds an upload may take to be validated.
VALIDATION_TIMEOUT = 60.0
# Seconds the server may take to send its update-check counts to Redis,
# which it does every second (amo.stats.counters.FLUSH_INTERVAL).
COUNTER_TIMEOUT = 10.0
# Seconds one API request may take.
REQUEST_TIMEOUT = 30.0
# AddonManager.UPDATE_STATUS_NO_ERROR: the update check itself succeeded.
UPDATE_STATUS_NO_ERROR = 0


@pytest.fixture(scope="session")
def firefox_esr() -> Path:
    if not FIREFOX.exists():
        skip_or_fail(
            f"Firefox ESR is not installed at {FIREFOX}: install Debian's "
            "package with `apt-get install firefox-esr`"
        )
    return FIREFOX


@pytest.fixture
def amo_server(validation_worker, uvicorn_server) -> Any:
    """The live server, started after the worker, so that it sends the
    validation jobs to the worker's queue."""
    return uvicorn_server


def package_bytes(version: str) -> bytes:
    """Return a tiny WebExtension with a gecko id and no update_url."""
    manifest = {
        "manifest_version": 2,
        "name": "Tab Updater",
        "version": version,
        "description": "Keeps its tabs up to date.",
        "browser_specific_settings": {"gecko": {"id": GUID}},
        "background": {"scripts": ["background.js"]},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest))
        package.writestr("background.js", f"console.log('tab updater {version}');\n")
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class AuthorApi:
    """The submission API as an author's script uses it, with a JWT."""

    def __init__(self, server_url: str, credentials: tuple[str, str]) -> None:
        self.base = f"{server_url}/api/v5"
        self.key, self.secret = credentials
        self.session = requests.Session()

    def _headers(self) -> dict[str, str]:
        now = int(time.time())
        payload = {
            "iss": self.key,
            "jti": uuid.uuid4().hex,
            "iat": now,
            "exp": now + 60,
        }
        token = jwt.encode(payload, self.secret, algorithm="HS256")
        return {"Authorization": f"JWT {token}"}

    def request(self, method: str, path: str, expected: int, **kwargs: Any) -> Any:
        response = self.session.request(
            method,
            self.base + path,
            headers=self._headers(),
            timeout=REQUEST_TIMEOUT,
            **kwargs,
        )
        assert response.status_code == expected, (
            f"{method} {path}: HTTP {response.status_code}: {response.text[:2000]}"
        )
        return response.json()

    def upload(self, package: bytes, version: str) -> str:
        """Upload a listed package, wait until it is validated, and return
        the upload's uuid."""
        files = {"upload": (f"tab-updater-{version}.xpi", package)}
        upload = self.request(
            "POST", "/addons/upload/", 201, files=files, data={"channel": "listed"}
        )
        deadline = time.monotonic() + VALIDATION_TIMEOUT
        while not upload["processed"]:
            assert time.monotonic() < deadline, (
                f"upload {upload['uuid']} was not validated within "
                f"{VALIDATION_TIMEOUT:g}s: {upload}"
            )
            time.sleep(0.2)
            upload = self.request("GET", f"/addons/upload/{upload['uuid']}/", 200)
        assert upload["valid"], upload["validation"]
        return upload["uuid"]

    def create_addon(self, upload: str) -> Any:
        body = {
            "categories": ["tabs"],
            "summary": {"en-US": "Keeps its tabs up to date."},
            "version": {"upload": upload, "license": "MPL-2.0"},
        }
        return self.request("PUT", f"/addons/addon/{GUID}/", 201, json=body)

    def create_version(self, upload: str) -> Any:
        return self.request(
            "POST", f"/addons/addon/{GUID}/versions/", 201, json={"upload": upload}
        )


def approve(number: str) -> None:
    """Approve version `number` as a reviewer's decision does."""
    version = Version.objects.get(addon__guid=GUID, version=number)
    publish_version(version, reviewer=make_reviewer(), comment="Works as described.")


def public_file(server_url: str) -> dict[str, Any]:
    """Return the file of the add-on's current version from the public API,
    as addons.mozilla.org's install button reads it."""
    response = requests.get(
        f"{server_url}/api/v5/addons/addon/{GUID}/", timeout=REQUEST_TIMEOUT
    )
    assert response.status_code == 200, response.text[:2000]
    return response.json()["current_version"]["file"]


def stored_file(number: str) -> tuple[File, bytes]:
    file = File.objects.select_related("version").get(
        version__addon__guid=GUID, version__version=number
    )
    return file, (Path(settings.MEDIA_ROOT) / file.file.name).read_bytes()


def update_checks_counted(addon_id: int, at_least: int = 0) -> int:
    """Return today's update checks of the add-on in the server's Redis,
    waiting up to COUNTER_TIMEOUT for `at_least` of them, since the server
    sends its counts in batches."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    key = counters.day_key(counters.USERS, datetime.datetime.now(datetime.UTC).date())
    deadline = time.monotonic() + COUNTER_TIMEOUT
    try:
        while True:
            count = int(client.hget(key, str(addon_id)) or 0)
            if count >= at_least or time.monotonic() > deadline:
                return count
            time.sleep(0.2)
    finally:
        client.close()


@dataclass
class FirefoxRun:
    """What Firefox reported at each step, and what it left on disk."""

    installed: dict[str, Any]
    # The update check before 1.1 exists, then the one after.
    unchanged: dict[str, Any]
    updated: dict[str, Any]
    # The API's response to the creation of 1.1.
    new_version: dict[str, Any]
    installed_bytes: bytes
    hosts: set[str]
    output: str


def run_firefox(
    folder: Path, server: str, first: dict[str, Any], api: AuthorApi, package: bytes
) -> FirefoxRun:
    """Install the add-on's public file in Firefox, check for updates, have
    the author publish `package`, and check again.

    Runs in a thread: Marionette and the API calls block.
    """
    prefs = {**OFFLINE_PREFS, **amo_prefs(server)}
    with start_firefox(folder, prefs) as firefox:
        installed = firefox.run_chrome_script(
            INSTALL_SCRIPT, first["url"], first["hash"]
        )
        # Nothing newer yet. This response must not be served again once
        # 1.1 is published.
        unchanged = firefox.run_chrome_script(UPDATE_SCRIPT, GUID)

        upload = api.upload(package, "1.1")
        new_version = api.create_version(upload)
        updated = firefox.run_chrome_script(UPDATE_SCRIPT, GUID)

        return FirefoxRun(
            installed=installed,
            unchanged=unchanged,
            updated=updated,
            new_version=new_version,
            installed_bytes=Path(updated["path"]).read_bytes(),
            hosts=firefox.resolved_hosts(),
            output=firefox.output(),
        )


async def test_firefox_installs_update_from_amo(firefox_esr, amo_server, tmp_path):
    server = amo_server.url
    credentials = await sync_to_async(create_credentials)("updater@example.com")
    api = AuthorApi(server, credentials)
    packages = {number: package_bytes(number) for number in ("1.0", "1.1")}

    # The author submits 1.0, which waits for review until approved.
    upload = await asyncio.to_thread(api.upload, packages["1.0"], "1.0")
    created = await asyncio.to_thread(api.create_addon, upload)
    assert created["status"] == "nominated"
    # Counts of earlier runs stay in Redis for days, under the same id.
    counted_before = 0
    if settings.REDIS_URL:
        counted_before = await asyncio.to_thread(update_checks_counted, created["id"])
    await sync_to_async(approve)("1.0")
    first = await asyncio.to_thread(public_file, server)
    assert first["hash"] == sha256(packages["1.0"])

    run = await asyncio.to_thread(
        run_firefox, tmp_path / "firefox", server, first, api, packages["1.1"]
    )

    assert run.installed == {"id": GUID, "version": "1.0", "error": None}
    assert run.unchanged["status"] == UPDATE_STATUS_NO_ERROR, run.unchanged
    assert not run.unchanged["found"], run.unchanged
    assert run.unchanged["version"] == "1.0"
    assert run.new_version["file"]["status"] == "public"
    updated = run.updated
    assert updated["status"] == UPDATE_STATUS_NO_ERROR, updated
    assert updated["found"], updated
    assert updated["error"] is None, updated
    assert updated["version"] == "1.1", updated

    # Firefox asked amo's update service with the query of its template,
    # then downloaded 1.1 from the link that the service returned.
    check_url = f"{server}/update/VersionCheck.php?reqVersion=2&id={GUID}&version=1.0&"
    checks = [r for r in updated["requests"] if r["url"].startswith(check_url)]
    assert [check["status"] for check in checks] == [200], updated["requests"]
    assert "&compatMode=normal" in checks[0]["url"]
    new_url = run.new_version["file"]["url"]
    downloads = [r for r in updated["requests"] if r["url"] == new_url]
    assert [download["status"] for download in downloads] == [200], updated["requests"]

    # The installed package is the stored one, byte for byte.
    file, stored = await sync_to_async(stored_file)("1.1")
    assert file.status == FileStatus.PUBLIC
    assert sha256(run.installed_bytes) == file.hash
    assert sha256(stored) == file.hash
    assert run.installed_bytes == packages["1.1"]

    # Firefox contacted nothing but the local server.
    assert run.hosts <= LOCAL_HOSTS, (
        f"Firefox resolved {sorted(run.hosts)}:\n{run.output}"
    )

    # The update service counted both checks as daily users of the add-on.
    # NOTE: without AMO_REDIS_URL the counters live in the server's memory,
    # out of the test's reach, so only the requests above show the checks.
    if settings.REDIS_URL:
        counted = await asyncio.to_thread(
            update_checks_counted, created["id"], counted_before + 2
        )
        assert counted - counted_before == 2
