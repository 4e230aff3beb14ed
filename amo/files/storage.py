"""Storage of files that are never served from MEDIA_URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_ROOT, read at each use.

    A model field builds its storage once, when the model class is loaded,
    so the folder is looked up on every call instead, and a test that
    changes PRIVATE_ROOT writes into its own folder.
    """

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    """Return the storage under settings.PRIVATE_ROOT.

    Fields take this callable, so migrations record no path.
    """
    return PrivateStorage()
