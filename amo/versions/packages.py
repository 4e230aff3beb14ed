"""Copying an uploaded package into the storage of an add-on's files.

A package is stored once per add-on under a name made of its SHA-256, so
the name says what the bytes are and a file name never points to other
bytes. The copy is written to a temporary file beside its final name,
flushed to disk, checked against the hash that validation recorded, and
renamed into place: a reader never sees half a package.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from amo.files.models import File, FileUpload
from amo.versions.errors import SubmissionError

CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True)
class StoredPackage:
    # The name in the file storage, relative to its root.
    name: str
    # "sha256:<hex>", as File.hash holds it.
    hash: str
    size: int


def upload_path(upload: FileUpload) -> Path:
    """Return where the upload's bytes are; raise when outside UPLOADS_ROOT."""
    root = Path(settings.UPLOADS_ROOT).resolve()
    path = (root / upload.path).resolve()
    if not upload.path or not path.is_relative_to(root) or not path.is_file():
        raise SubmissionError.on(
            "upload",
            _("The file of upload %(uuid)s is missing: upload the package again.")
            % {"uuid": upload.uuid.hex},
        )
    return path


def store_package(upload: FileUpload, addon_id: int) -> StoredPackage:
    """Copy the upload's package into add-on `addon_id`'s file storage.

    Raises SubmissionError when the bytes on disk no longer match the
    SHA-256 that was recorded at upload. A package with the same bytes
    already in place is replaced by an identical copy.
    """
    source = upload_path(upload)
    storage = File._meta.get_field("file").storage
    folder = Path(storage.path(f"files/{addon_id}"))
    folder.mkdir(parents=True, exist_ok=True)

    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as target, source.open("rb") as package:
            while chunk := package.read(CHUNK_SIZE):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
            target.flush()
            os.fsync(target.fileno())
        hexdigest = digest.hexdigest()
        if upload.sha256 and upload.sha256.lower() != hexdigest:
            raise SubmissionError.on(
                "upload",
                _(
                    "The file of upload %(uuid)s changed after it was validated: "
                    "upload the package again."
                )
                % {"uuid": upload.uuid.hex},
            )
        name = f"files/{addon_id}/{hexdigest}.xpi"
        os.chmod(temporary, 0o644)
        os.replace(temporary, storage.path(name))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredPackage(name=name, hash=f"sha256:{hexdigest}", size=size)
