"""Validated uploads for the tests of submission, built without validation.

`make_upload` writes a real package under settings.UPLOADS_ROOT and
records it as validation would leave it: processed, valid, with the
manifest data of FileUpload.manifest's schema.
"""

import hashlib
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from amo.core.constants import AddonType, Channel
from amo.files.models import FileUpload, UploadState


@pytest.fixture
def private_root(settings, tmp_path) -> Path:
    """Give the test its own PRIVATE_ROOT, with UPLOADS_ROOT inside."""
    root = tmp_path / "private"
    settings.PRIVATE_ROOT = root
    settings.UPLOADS_ROOT = root / "uploads"
    settings.UPLOADS_ROOT.mkdir(parents=True)
    return root


def package_bytes(manifest: dict[str, Any]) -> bytes:
    """Return a zip that holds `manifest` as manifest.json, and a script."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest))
        package.writestr("background.js", "console.log('hello');\n")
    return buffer.getvalue()


def manifest_data(
    *,
    guid: str | None = "tester@example.com",
    version: str = "1.0",
    name: str = "Tab Tester",
    manifest_version: int = 2,
    **extra: Any,
) -> dict[str, Any]:
    """Return FileUpload.manifest as validation writes it."""
    data: dict[str, Any] = {
        "guid": guid,
        "version": version,
        "manifest_version": manifest_version,
        "type": AddonType.EXTENSION,
        "name": name,
        "names": {"en-US": name},
        "summary": {},
        "homepage": "",
        "default_locale": "en-US",
        "permissions": ["tabs"],
        "optional_permissions": [],
        "host_permissions": [],
        "compatibility": {"firefox": {"min": "115.0", "max": "*"}},
        "strict_compatibility": False,
    }
    data.update(extra)
    return data


def make_upload(
    user: Any,
    *,
    channel: int = Channel.UNLISTED,
    valid: bool = True,
    state: int = UploadState.PROCESSED,
    content: bytes | None = None,
    **manifest: Any,
) -> FileUpload:
    """Store a package and record it as a processed upload of `user`."""
    data = manifest_data(**manifest)
    package = (
        content
        if content is not None
        else package_bytes(
            {
                "manifest_version": data["manifest_version"],
                "name": data["name"],
                "version": data["version"],
            }
        )
    )
    relative = f"{uuid.uuid4().hex}.xpi"
    path = Path(settings.UPLOADS_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(package)
    return FileUpload.objects.create(
        user=user,
        channel=channel,
        name=f"tab_tester-{data['version']}.zip",
        path=relative,
        size=len(package),
        sha256=hashlib.sha256(package).hexdigest(),
        state=state,
        processed=timezone.now() if state == UploadState.PROCESSED else None,
        valid=valid,
        validation={"errors": 0, "warnings": 0, "notices": 0, "messages": []},
        guid=data["guid"] or "",
        version=data["version"],
        manifest=data,
    )
