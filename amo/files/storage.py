"""Storage of files that are never served from MEDIA_URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Storage under settings.PRIVATE_ROOT, read when it is used.

    A callable, so tests that change PRIVATE_ROOT get their own folder and
    migrations do not record a path.
    """
    return FileSystemStorage(location=settings.PRIVATE_ROOT, base_url=None)
