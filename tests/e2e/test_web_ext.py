"""Mozilla's `web-ext sign` against a live amo: upload, submission, download.

The real server (uvicorn, tests/e2e/conftest.py) serves the test
database. Uploads are validated by a real Celery worker (`amo worker`) on
a queue of its own when AMO_BROKER_URL is set, else in the server's
process. web-ext comes from npm: .ci/run installs the version pinned in
tests/e2e/web_ext/ into var/web-ext.

Each run gets a fresh copy of its source folder, because web-ext caches
the upload's uuid in `.amo-upload-uuid` and would skip the upload on a
second run. NO_UPDATE_NOTIFIER=1 stops web-ext's update check, which
would try to reach the npm registry.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.devhub.models import Activity, ActivityLog
from amo.files.models import File
from amo.versions.models import Version
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PROJECT_DIR = Path(__file__).resolve().parents[2]
WEB_EXT = PROJECT_DIR / "var" / "web-ext" / "node_modules" / ".bin" / "web-ext"
# Seconds one `web-ext sign` may take: it waits up to its own timeouts
# (60 s each below) for validation and approval.
SIGN_TIMEOUT = 180


@dataclass
class SignResult:
    returncode: int
    output: str
    artifacts: list[Path]


@pytest.fixture(scope="session")
def web_ext() -> Path:
    if shutil.which("node") is None:
        skip_or_fail("Node.js is not installed: install it with apt-get install nodejs")
    if not WEB_EXT.exists():
        skip_or_fail(
            f"web-ext is not installed at {WEB_EXT}: run `npm ci --prefix "
            "var/web-ext` after copying tests/e2e/web_ext/package*.json there, "
            "as .ci/run does"
        )
    return WEB_EXT


@pytest.fixture
def sign_server(validation_worker, uvicorn_server) -> Any:
    """The live server, started after the worker, so that it sends jobs to
    the worker's queue."""
    return uvicorn_server


def create_credentials(email: str) -> tuple[str, str]:
    """Return an API key and secret for the developer with `email`.

    `amo createapikey` makes them when the project has it, else the
    APIKey row is created here as that command would.
    """
    from django.core.management import call_command, get_commands

    if "createapikey" in get_commands():
        output = _call(call_command, "createapikey", email)
        key = re.search(r"^key: (\S+)$", output, re.MULTILINE)
        secret = re.search(r"^secret: (\S+)$", output, re.MULTILINE)
        assert key is not None, output
        assert secret is not None, output
        return key.group(1), secret.group(1)

    from django.utils import timezone

    from amo.users.models import APIKey
    from tests.factories import UserFactory

    user = UserFactory(email=email, read_dev_agreement=timezone.now())
    key, secret = APIKey.new_credentials(user.pk)
    APIKey.objects.create(user=user, key=key, secret=secret)
    return key, secret


def _call(call_command: Any, *args: str) -> str:
    import io

    output = io.StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


def write_source(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write an add-on's source folder: its manifest and a script."""
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (folder / "background.js").write_text("console.log('signed by amo');\n")
    return folder


def sign(
    web_ext: Path,
    server_url: str,
    credentials: tuple[str, str],
    source: Path,
    artifacts: Path,
    *,
    channel: str,
    extra: list[str] | None = None,
) -> SignResult:
    """Run `web-ext sign` on a fresh copy of `source`."""
    copy = source.parent / f"{source.name}-{uuid.uuid4().hex[:8]}"
    shutil.copytree(source, copy)
    home = source.parent / "home"
    home.mkdir(exist_ok=True)
    key, secret = credentials
    command = [
        str(web_ext),
        "sign",
        f"--channel={channel}",
        f"--api-key={key}",
        f"--api-secret={secret}",
        f"--amo-base-url={server_url}/api/v5/",
        f"--source-dir={copy}",
        f"--artifacts-dir={artifacts}",
        "--no-input",
        *(extra or []),
    ]
    # web-ext reads a repeated option as a list, so defaults are added only
    # when `extra` does not set them.
    for option in ("--timeout=60000", "--approval-timeout=60000"):
        name = option.split("=", 1)[0]
        if not any(arg.startswith(name + "=") for arg in extra or []):
            command.append(option)
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NO_UPDATE_NOTIFIER": "1",
    }
    completed = subprocess.run(
        command,
        cwd=copy,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SIGN_TIMEOUT,
    )
    return SignResult(
        completed.returncode,
        completed.stdout + completed.stderr,
        sorted(artifacts.glob("*")),
    )


def stored_bytes(file: File) -> bytes:
    return (Path(django_settings.MEDIA_ROOT) / file.file.name).read_bytes()


def file_of(version_string: str, guid: str | None = None) -> File:
    versions = Version.objects.filter(version=version_string)
    if guid is not None:
        versions = versions.filter(addon__guid=guid)
    return File.objects.select_related("version__addon").get(version__in=versions)


async def test_sign_unlisted_new_addon(
    web_ext, validation_worker, sign_server, tmp_path
):
    credentials = await sync_to_async(create_credentials)("signer@example.com")
    manifest = {
        "manifest_version": 3,
        "name": "Signed Tabs",
        "version": "1.0",
        "description": "Signed by amo.",
        "background": {"scripts": ["background.js"]},
        "browser_specific_settings": {
            "gecko": {
                "id": "signed-tabs@example.com",
                "data_collection_permissions": {"required": ["none"]},
            }
        },
    }
    source = write_source(tmp_path / "signed-tabs", manifest)
    archive = tmp_path / "source.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", source)
    artifacts = tmp_path / "artifacts"

    result = await sync_to_async(sign)(
        web_ext,
        sign_server.url,
        credentials,
        source,
        artifacts,
        channel="unlisted",
        extra=[f"--upload-source-code={archive}"],
    )

    assert result.returncode == 0, result.output
    file = await sync_to_async(file_of)("1.0", "signed-tabs@example.com")
    assert [path.name for path in result.artifacts] == [file.filename]
    assert result.artifacts[0].read_bytes() == await sync_to_async(stored_bytes)(file)
    assert file.status == FileStatus.PUBLIC
    version = file.version
    assert version.channel == Channel.UNLISTED
    assert version.auto_approved
    assert version.source.name.endswith(".zip")
    assert (
        file.hash
        == "sha256:" + hashlib.sha256(result.artifacts[0].read_bytes()).hexdigest()
    )
    assert await ActivityLog.objects.filter(
        addon=version.addon_id, action=Activity.UPLOAD_SOURCE
    ).aexists()
    validation_worker.check_validated(1)


async def test_sign_addon_without_id(web_ext, sign_server, tmp_path):
    credentials = await sync_to_async(create_credentials)("noid@example.com")
    manifest = {
        "manifest_version": 2,
        "name": "No Id Tabs",
        "version": "0.1",
        "description": "An add-on without an ID.",
    }
    source = write_source(tmp_path / "no-id", manifest)
    artifacts = tmp_path / "artifacts"

    result = await sync_to_async(sign)(
        web_ext, sign_server.url, credentials, source, artifacts, channel="unlisted"
    )

    assert result.returncode == 0, result.output
    file = await sync_to_async(file_of)("0.1")
    assert re.fullmatch(r"\{[0-9a-f-]{36}\}", file.version.addon.guid)
    assert file.version.addon.guid in result.output
    assert [path.name for path in result.artifacts] == [file.filename]
    assert result.artifacts[0].read_bytes() == await sync_to_async(stored_bytes)(file)


def approved_addon(email: str) -> Any:
    """A public listed add-on of the developer with `email`, at 1.0."""
    from amo.users.models import User
    from tests.factories import AddonFactory

    return AddonFactory(
        guid="approved-tabs@example.com",
        slug="approved-tabs",
        name={"en-US": "Approved Tabs"},
        authors=[User.objects.get(email=email)],
        categories=["tabs"],
    )


async def test_sign_listed_version_of_approved_addon(web_ext, sign_server, tmp_path):
    credentials = await sync_to_async(create_credentials)("approved@example.com")
    addon = await sync_to_async(approved_addon)("approved@example.com")
    manifest = {
        "manifest_version": 2,
        "name": "Approved Tabs",
        "version": "2.0",
        "description": "The next version.",
        "browser_specific_settings": {"gecko": {"id": "approved-tabs@example.com"}},
    }
    source = write_source(tmp_path / "approved-tabs", manifest)
    artifacts = tmp_path / "artifacts"

    result = await sync_to_async(sign)(
        web_ext, sign_server.url, credentials, source, artifacts, channel="listed"
    )

    assert result.returncode == 0, result.output
    file = await sync_to_async(file_of)("2.0", "approved-tabs@example.com")
    assert file.version.addon_id == addon.pk
    assert file.version.channel == Channel.LISTED
    assert file.status == FileStatus.PUBLIC
    assert [path.name for path in result.artifacts] == [file.filename]
    assert result.artifacts[0].read_bytes() == await sync_to_async(stored_bytes)(file)
    addon = await Addon.objects.aget(pk=addon.pk)
    assert addon.status == AddonStatus.PUBLIC
    assert addon.current_version_id == file.version_id


async def test_sign_listed_new_addon_with_metadata(web_ext, sign_server, tmp_path):
    credentials = await sync_to_async(create_credentials)("listed@example.com")
    manifest = {
        "manifest_version": 2,
        "name": "Listed Tabs",
        "version": "1.0",
        "browser_specific_settings": {"gecko": {"id": "listed-tabs@example.com"}},
    }
    source = write_source(tmp_path / "listed-tabs", manifest)
    metadata = tmp_path / "metadata.json"
    metadata.write_text(
        json.dumps(
            {
                "categories": ["tabs"],
                "summary": {"en-US": "Lists tabs."},
                "version": {"license": "MPL-2.0"},
            }
        )
    )
    artifacts = tmp_path / "artifacts"

    # A new listed add-on waits for a reviewer; with --approval-timeout=0
    # web-ext stops after the submission.
    result = await sync_to_async(sign)(
        web_ext,
        sign_server.url,
        credentials,
        source,
        artifacts,
        channel="listed",
        extra=[f"--amo-metadata={metadata}", "--approval-timeout=0"],
    )

    assert result.returncode == 0, result.output
    assert result.artifacts == []
    file = await sync_to_async(file_of)("1.0", "listed-tabs@example.com")
    assert file.status == FileStatus.UNREVIEWED
    addon = await Addon.objects.aget(pk=file.version.addon_id)
    assert addon.status == AddonStatus.NOMINATED
    assert addon.summary == {"en-US": "Lists tabs."}
