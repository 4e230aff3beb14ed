"""Validation of uploaded add-on packages.

`validate_path` runs amo's built-in checks on a package file and, when
Mozilla's addons-linter is installed, the linter too; `validate_upload`
adds the checks against the database. Both return a ValidationResult whose
`validation` has addons-linter's JSON shape and whose `manifest` is what
FileUpload.manifest stores.
"""

from pathlib import Path

from django.conf import settings

from amo.core.constants import ADDON_TYPE_API_NAMES, AddonType, Channel
from amo.core.db import use_primary
from amo.files.models import FileUpload
from amo.files.validation.checks import check_package
from amo.files.validation.database import check_against_database
from amo.files.validation.manifest import ManifestData
from amo.files.validation.package import DEFAULT_LIMITS, ZipLimits
from amo.files.validation.results import Messages, ValidationResult

__all__ = [
    "DEFAULT_LIMITS",
    "ValidationResult",
    "ZipLimits",
    "validate_path",
    "validate_upload",
]


def _metadata(data: ManifestData | None, listed: bool) -> dict[str, object]:
    metadata: dict[str, object] = {"listed": listed}
    if data is not None:
        metadata.update(
            {
                "id": data["guid"],
                "name": data["name"],
                "version": data["version"],
                "manifestVersion": data["manifest_version"],
                "type": ADDON_TYPE_API_NAMES[AddonType(data["type"])],
                "permissions": data["permissions"],
            }
        )
    return metadata


def _result(
    messages: Messages, data: ManifestData | None, listed: bool
) -> ValidationResult:
    messages.metadata.update(_metadata(data, listed))
    return ValidationResult(validation=messages.as_validation(), manifest=data or {})


def run_checks(
    path: Path, *, limits: ZipLimits = DEFAULT_LIMITS, linter: bool = True
) -> tuple[Messages, ManifestData | None]:
    """Run the built-in checks, then addons-linter when it is installed."""
    messages, data = check_package(path, limits)
    # A file that is no WebExtension (not a zip, a legacy add-on, no
    # manifest.json) has its errors already, and the linter would only
    # repeat them in other words.
    if linter and data is not None:
        from amo.files.validation import linter as addons_linter

        addons_linter.merge_linter_messages(path, messages)
    return messages, data


def validate_path(
    path: Path,
    *,
    listed: bool = True,
    limits: ZipLimits = DEFAULT_LIMITS,
    linter: bool = True,
) -> ValidationResult:
    """Validate the package at `path` without looking at the database."""
    messages, data = run_checks(path, limits=limits, linter=linter)
    return _result(messages, data, listed)


def validate_upload(upload: FileUpload, *, linter: bool = True) -> ValidationResult:
    """Validate an upload's stored package, the database checks included.

    Runs synchronously, with the sync ORM, as the validation job does.
    """
    path = Path(settings.UPLOADS_ROOT) / upload.path
    limits = ZipLimits(max_size=settings.MAX_UPLOAD_SIZE)
    messages, data = run_checks(path, limits=limits, linter=linter)
    if data is not None:
        # A replica may not have the newest add-ons and versions yet.
        with use_primary():
            check_against_database(upload, data, messages)
    return _result(messages, data, upload.channel == Channel.LISTED)
