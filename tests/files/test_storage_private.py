"""The private storage follows settings.PRIVATE_ROOT at each use."""

from django.core.files.base import ContentFile

from amo.versions.models import Version


def test_field_storage_follows_setting(settings, tmp_path):
    storage = Version._meta.get_field("source").storage
    first, second = tmp_path / "first", tmp_path / "second"

    settings.PRIVATE_ROOT = first
    storage.save("sources/a.zip", ContentFile(b"one"))
    settings.PRIVATE_ROOT = second
    storage.save("sources/b.zip", ContentFile(b"two"))

    assert (first / "sources" / "a.zip").read_bytes() == b"one"
    assert (second / "sources" / "b.zip").read_bytes() == b"two"
    assert not (first / "sources" / "b.zip").exists()
