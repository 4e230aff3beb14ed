"""Profile photos: checks on upload, and the resized files pages show.

An upload is checked (PNG or JPEG, at most MAX_PICTURE_BYTES, a single
frame) and stored under PRIVATE_ROOT; the `users.resize_picture` job then
writes a square PNG in each of PICTURE_SIZES under MEDIA_ROOT and deletes
the upload. The URLs carry a hash of the files, so a new photo is never
served from a stale cache.
"""

import hashlib
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Square sizes in pixels: the user menu and lists use 64, the profile 200.
PICTURE_SIZES = (64, 200)
MAX_PICTURE_BYTES = 4 * 1024 * 1024
PICTURE_FORMATS = {"PNG", "JPEG"}
# Larger images are rejected before they are decoded, so a small file that
# expands to a huge bitmap (a decompression bomb) is never loaded.
MAX_PICTURE_PIXELS = 40_000_000


def picture_path(user_id: int, size: int) -> str:
    """Return the path of a resized photo, relative to MEDIA_ROOT."""
    return f"userpics/{user_id // 1000}/{user_id}-{size}.png"


def upload_path(user_id: int) -> Path:
    """Return where an uploaded photo waits for the resize job."""
    return Path(settings.PRIVATE_ROOT) / "userpics" / f"{user_id}.upload"


def picture_url(user: Any, size: int) -> str:
    """Return the URL of `user`'s photo at the nearest size, or ""."""
    if not getattr(user, "picture_hash", ""):
        return ""
    size = next((known for known in PICTURE_SIZES if known >= size), PICTURE_SIZES[-1])
    path = picture_path(user.pk, size)
    return f"{settings.MEDIA_URL}{path}?modified={user.picture_hash}"


def check_picture(data: bytes) -> None:
    """Raise ValidationError unless `data` is a still PNG or JPEG image."""
    if len(data) > MAX_PICTURE_BYTES:
        raise ValidationError(
            _("The photo is larger than 4 MB. Upload a smaller image."),
            code="too_large",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PICTURE_FORMATS:
                raise ValidationError(
                    _("The photo must be a PNG or JPEG image."), code="format"
                )
            width, height = image.size
            if width * height > MAX_PICTURE_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels. Upload a smaller image."),
                    code="too_many_pixels",
                )
            if (
                getattr(image, "is_animated", False)
                or getattr(image, "n_frames", 1) > 1
            ):
                raise ValidationError(
                    _("Animated images cannot be used as a photo."), code="animated"
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The photo must be a PNG or JPEG image."), code="format"
        ) from error


def resize_picture(user_id: int, data: bytes) -> str:
    """Write `data` as a square PNG in every size; return the files' hash."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        source = image.convert("RGBA")
    width, height = source.size
    side = min(width, height)
    left = (width - side) // 2
    top = (height - side) // 2
    square = source.crop((left, top, left + side, top + side))
    digest = hashlib.sha256()
    outputs = {}
    for size in PICTURE_SIZES:
        resized = square.resize((size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, format="PNG", optimize=True)
        outputs[size] = buffer.getvalue()
        digest.update(outputs[size])
    for size, output in outputs.items():
        target = Path(settings.MEDIA_ROOT) / picture_path(user_id, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(output)
        temporary.replace(target)
    return digest.hexdigest()[:8]


def delete_pictures(user_id: int) -> None:
    """Remove the resized photos and any upload still waiting."""
    for size in PICTURE_SIZES:
        (Path(settings.MEDIA_ROOT) / picture_path(user_id, size)).unlink(
            missing_ok=True
        )
    upload_path(user_id).unlink(missing_ok=True)
