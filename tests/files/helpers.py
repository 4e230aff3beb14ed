"""Packages built in memory for the upload and validation tests."""

import io
import json
import zipfile
from pathlib import Path
from typing import Any


def manifest(**fields: Any) -> dict[str, Any]:
    """A valid Manifest V2 manifest, with `fields` replacing or adding keys.

    A field given as None is removed.
    """
    data: dict[str, Any] = {
        "manifest_version": 2,
        "name": "Test add-on",
        "version": "1.0",
        "description": "Does a test.",
        "browser_specific_settings": {"gecko": {"id": "test@example.com"}},
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def build_zip(files: dict[str, bytes | str | dict[str, Any]]) -> bytes:
    """Zip `files`; dict values are written as JSON."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            if isinstance(content, dict):
                content = json.dumps(content)
            archive.writestr(name, content)
    return buffer.getvalue()


def build_xpi(
    data: dict[str, Any] | str | None = None,
    extra: dict[str, bytes | str | dict[str, Any]] | None = None,
) -> bytes:
    """Zip a manifest (a dict, or raw text) with the files in `extra`."""
    contents: dict[str, Any] = {"manifest.json": manifest() if data is None else data}
    contents.update(extra or {})
    return build_zip(contents)


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path
