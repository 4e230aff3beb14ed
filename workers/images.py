"""The job that resizes the icons and screenshots authors upload.

An icon is stored in every size of ICON_SIZES (amo.addons.icons); a
screenshot as an image that fits PREVIEW_IMAGE_SIZE and a thumbnail that
fits PREVIEW_THUMBNAIL_SIZE, both under MEDIA_ROOT. The job reads its
ImageUpload row under a lock and does nothing when it is no longer queued,
so a job delivered twice stores its result once.
"""

import io
from pathlib import Path

import structlog
from celery import Task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from amo.core.constants import PREVIEW_IMAGE_SIZE, PREVIEW_THUMBNAIL_SIZE
from workers.celery import app

log = structlog.get_logger(__name__)

# Errors after which the job is tried again, as in workers.jobs.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Errors of an image that Pillow cannot read: the upload fails for good.
IMAGE_ERRORS = (UnidentifiedImageError, Image.DecompressionBombError, OSError)


def open_image(path: Path) -> tuple[Image.Image, str | None]:
    """Open and decode the image at `path`, turned upright from its EXIF.

    Returns the image and the format it was stored in, such as "PNG".
    """
    with Image.open(path) as source:
        source.load()
        source_format = source.format
        image = ImageOps.exif_transpose(source)
    return image, source_format


def fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Return `image` scaled down to fit `box`, keeping its aspect ratio.

    A smaller image is kept at its size.
    """
    fitted = image.copy()
    fitted.thumbnail(box, Image.Resampling.LANCZOS)
    return fitted


def encode(image: Image.Image, source_format: str | None) -> tuple[bytes, str]:
    """Encode `image` as JPEG when it came as one, else as PNG.

    Returns the bytes and the file extension.
    """
    buffer = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(buffer, format="JPEG", quality=90, optimize=True)
        return buffer.getvalue(), "jpg"
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), "png"


def write_media(name: str, data: bytes) -> None:
    """Write `data` under MEDIA_ROOT as `name`, replacing it atomically."""
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(target.suffix + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def resize_preview(
    addon_id: int, preview_id: int, image: Image.Image, source_format: str | None
) -> tuple[str, str, dict[str, list[int]]]:
    """Store a screenshot's image and thumbnail; return their names and
    sizes, as Preview stores them."""
    from amo.addons.models import Preview, preview_upload_path

    names = {}
    sizes = {}
    for kind, box in (
        ("image", PREVIEW_IMAGE_SIZE),
        ("thumbnail", PREVIEW_THUMBNAIL_SIZE),
    ):
        fitted = fit(image, box)
        data, extension = encode(fitted, source_format)
        stub = Preview(addon_id=addon_id, pk=preview_id)
        names[kind] = preview_upload_path(stub, f"{preview_id}-{kind}.{extension}")
        write_media(names[kind], data)
        sizes[kind] = list(fitted.size)
    return names["image"], names["thumbnail"], sizes


@app.task(
    name="devhub.resize_image",
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def resize_image(self: Task, image_upload_id: int) -> str:
    """Resize an uploaded icon or screenshot; return the upload's new state.

    "skipped" means the upload was already done or no longer exists.
    """
    # Imported here: the jobs module loads before Django's apps are ready.
    from amo.addons.icons import save_icon
    from amo.addons.models import Addon
    from amo.devhub import actions
    from amo.devhub.models import ImageKind
    from amo.files.storage import private_storage

    with transaction.atomic():
        upload = actions.lock_image_upload(image_upload_id)
        if upload is None:
            return "skipped"
        try:
            image, source_format = open_image(Path(private_storage().path(upload.path)))
        except IMAGE_ERRORS as error:
            log.warning(
                "uploaded image unreadable",
                image_upload_id=image_upload_id,
                error=repr(error),
            )
            actions.fail_image(upload, "The file is not an image that can be read.")
            return "failed"

        if upload.kind == ImageKind.ICON:
            # save_icon reads the add-on's id alone.
            icon_hash = save_icon(Addon(pk=upload.addon_id), image)
            actions.finish_icon(upload, icon_hash)
        else:
            assert upload.preview_id is not None
            image_name, thumbnail_name, sizes = resize_preview(
                upload.addon_id, upload.preview_id, image, source_format
            )
            actions.finish_preview(upload, image_name, thumbnail_name, sizes)
    log.info("image resized", image_upload_id=image_upload_id, kind=upload.kind)
    return "processed"


@app.task(name="devhub.requeue_images", acks_late=True, ignore_result=True)
def requeue_images() -> int:
    """Send the resizing job again for images left queued; return how many."""
    from amo.devhub import actions

    sent = actions.requeue_images()
    if sent:
        log.info("image jobs queued again", count=sent)
    return sent
