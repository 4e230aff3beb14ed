"""Icons and screenshots: upload, resizing by the job, captions, order."""

from datetime import timedelta
from pathlib import Path

from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from amo.addons.icons import icon_path
from amo.addons.models import Addon, Preview
from amo.core.constants import ICON_SIZES, PREVIEW_IMAGE_SIZE, PREVIEW_THUMBNAIL_SIZE
from amo.devhub import actions
from amo.devhub.models import Activity, ActivityLog, ImageKind, ImageState, ImageUpload
from amo.files.storage import private_storage
from tests.devhub.conftest import image_bytes, images_done, signed_in
from workers.images import requeue_images, resize_image

MEDIA = "/en-US/firefox/developers/addon/tab-keeper/media/"


def upload_file(content: bytes, name: str = "icon.png", kind: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=kind)


async def test_icon_is_resized_into_every_size(team, job_worker, settings):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{MEDIA}icon/", {"image": upload_file(image_bytes((400, 300)))}
    )
    await images_done(team.addon.pk)

    assert response.status_code == 302
    assert response["Location"] == MEDIA
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert len(addon.icon_hash) == 8
    for size in ICON_SIZES:
        path = Path(settings.MEDIA_ROOT) / icon_path(addon.pk, size)
        with Image.open(path) as icon:
            assert icon.size == (size, size)
    upload = await ImageUpload.objects.aget(addon=addon)
    assert upload.state == ImageState.PROCESSED
    assert upload.kind == ImageKind.ICON
    # The original is removed once the sizes are stored.
    assert not private_storage().exists(upload.path)
    entry = await ActivityLog.objects.filter(addon=addon).afirst()
    assert entry.action == Activity.CHANGE_ICON


async def test_new_icon_shows_on_the_pages(team, job_worker, async_client):
    client = await signed_in(team.owner)

    await client.post(f"{MEDIA}icon/", {"image": upload_file(image_bytes())})
    await images_done(team.addon.pk)
    addon = await Addon.objects.aget(pk=team.addon.pk)
    media = await client.get(MEDIA)
    detail = await async_client.get("/en-US/firefox/addon/tab-keeper/")

    icon = f"/user-media/{icon_path(addon.pk, 128)}?modified={addon.icon_hash}"
    assert icon in media.content.decode()
    assert icon in detail.content.decode()


async def test_jpeg_icon_is_accepted(team, job_worker):
    client = await signed_in(team.developer)

    response = await client.post(
        f"{MEDIA}icon/",
        {"image": upload_file(image_bytes(format="JPEG"), "i.jpg", "image/jpeg")},
    )
    await images_done(team.addon.pk)

    assert response.status_code == 302
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.icon_hash


async def test_other_files_are_rejected(team):
    client = await signed_in(team.owner)
    cases = [
        (b"not an image", "Upload a PNG or JPEG image."),
        (image_bytes(format="GIF"), "Upload a PNG or JPEG image."),
        (b"0" * (4 * 1024 * 1024 + 1), "The image is larger than 4 MB."),
    ]
    for content, message in cases:
        response = await client.post(f"{MEDIA}icon/", {"image": upload_file(content)})

        assert response.status_code == 400
        assert message in response.content.decode()
    assert not await ImageUpload.objects.aexists()


async def test_icon_can_be_removed(team, job_worker):
    client = await signed_in(team.owner)
    await client.post(f"{MEDIA}icon/", {"image": upload_file(image_bytes())})
    await images_done(team.addon.pk)

    response = await client.post(f"{MEDIA}icon/remove/")

    assert response.status_code == 302
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.icon_hash == ""


async def test_unreadable_image_fails_the_job(team):
    def queue_broken() -> ImageUpload:
        name = private_storage().save("image-uploads/broken.png", _BrokenFile())
        return ImageUpload.objects.create(
            addon=team.addon, kind=ImageKind.ICON, path=name
        )

    upload = await sync_to_async(queue_broken)()

    result = await sync_to_async(resize_image.apply)(args=[upload.pk])

    assert result.get() == "failed"
    await upload.arefresh_from_db()
    assert upload.state == ImageState.FAILED
    assert upload.error == "The file is not an image that can be read."
    client = await signed_in(team.owner)
    page = await client.get(MEDIA)
    assert "The last icon could not be read" in page.content.decode()


class _BrokenFile(SimpleUploadedFile):
    def __init__(self) -> None:
        super().__init__("broken.png", b"\x89PNG broken")


async def test_job_runs_once(team, job_worker):
    client = await signed_in(team.owner)
    await client.post(f"{MEDIA}icon/", {"image": upload_file(image_bytes())})
    await images_done(team.addon.pk)
    upload = await ImageUpload.objects.aget(addon=team.addon)

    result = await sync_to_async(resize_image.apply)(args=[upload.pk])

    assert result.get() == "skipped"


async def test_pending_icon_is_reported(team):
    def queue_icon() -> ImageUpload:
        return ImageUpload.objects.create(
            addon=team.addon, kind=ImageKind.ICON, path="image-uploads/none.png"
        )

    await sync_to_async(queue_icon)()
    client = await signed_in(team.owner)

    status = await client.get(f"{MEDIA}status/")
    page = await client.get(MEDIA)

    assert status.json()["pending"] is True
    assert status.json()["icon"]["pending"] is True
    assert "The new icon is being resized" in page.content.decode()
    assert 'data-pending="true"' in page.content.decode()


async def test_screenshot_is_resized(team, job_worker, settings, async_client):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{MEDIA}screenshots/add/",
        {"image": upload_file(image_bytes((2560, 1600))), "caption": "Tabs in rows"},
    )
    await images_done(team.addon.pk)

    assert response.status_code == 302
    preview = await Preview.objects.aget(addon=team.addon)
    assert preview.caption == {"en-US": "Tabs in rows"}
    assert preview.sizes == {"image": [1280, 800], "thumbnail": [533, 333]}
    for field, box in (
        ("image", PREVIEW_IMAGE_SIZE),
        ("thumbnail", PREVIEW_THUMBNAIL_SIZE),
    ):
        path = Path(settings.MEDIA_ROOT) / getattr(preview, field).name
        with Image.open(path) as stored:
            assert stored.size[0] <= box[0]
            assert stored.size[1] <= box[1]
    status = await client.get(f"{MEDIA}status/")
    assert status.json()["pending"] is False
    assert status.json()["previews"][0]["thumbnail_url"] == preview.thumbnail.url
    detail = await async_client.get("/en-US/firefox/addon/tab-keeper/")
    assert preview.image.url in detail.content.decode()
    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.ADD_PREVIEW


async def test_small_screenshot_keeps_its_size(team, job_worker):
    client = await signed_in(team.owner)

    await client.post(
        f"{MEDIA}screenshots/add/", {"image": upload_file(image_bytes((200, 100)))}
    )
    await images_done(team.addon.pk)

    preview = await Preview.objects.aget(addon=team.addon)
    assert preview.sizes == {"image": [200, 100], "thumbnail": [200, 100]}
    assert preview.caption == {}


async def add_screenshots(client, count: int) -> list[Preview]:
    for index in range(count):
        await client.post(
            f"{MEDIA}screenshots/add/",
            {"image": upload_file(image_bytes()), "caption": f"Shot {index}"},
        )
    return [preview async for preview in Preview.objects.order_by("position")]


async def test_captions_and_order_are_saved(team, job_worker):
    client = await signed_in(team.owner)
    first, second = await add_screenshots(client, 2)
    await images_done(team.addon.pk)

    response = await client.post(
        f"{MEDIA}screenshots/",
        {
            f"caption-{first.pk}": "Now second",
            f"position-{first.pk}": "2",
            f"caption-{second.pk}": "",
            f"position-{second.pk}": "1",
        },
    )

    assert response.status_code == 302
    ordered = [preview async for preview in Preview.objects.order_by("position")]
    assert [preview.pk for preview in ordered] == [second.pk, first.pk]
    assert ordered[0].caption == {}
    assert ordered[1].caption == {"en-US": "Now second"}
    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.EDIT_PREVIEW


async def test_screenshot_is_deleted_with_its_files(team, job_worker, settings):
    client = await signed_in(team.owner)
    (preview,) = await add_screenshots(client, 1)
    await images_done(team.addon.pk)
    await preview.arefresh_from_db()
    files = [Path(settings.MEDIA_ROOT) / preview.image.name]
    assert all(path.exists() for path in files)

    response = await client.post(f"{MEDIA}screenshots/{preview.pk}/delete/")

    assert response.status_code == 302
    assert not await Preview.objects.aexists()
    assert not any(path.exists() for path in files)
    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.DELETE_PREVIEW


async def test_other_addons_screenshot_is_not_deleted(team, job_worker):
    from tests.factories import PreviewFactory

    other = await sync_to_async(PreviewFactory)()
    client = await signed_in(team.owner)

    response = await client.post(f"{MEDIA}screenshots/{other.pk}/delete/")

    assert response.status_code == 302
    assert await Preview.objects.filter(pk=other.pk).aexists()


async def test_preview_deleted_while_queued(team):
    def queue_preview() -> int:
        preview = Preview.objects.create(addon=team.addon)
        name = private_storage().save(
            "image-uploads/p.png", SimpleUploadedFile("p.png", image_bytes())
        )
        upload = ImageUpload.objects.create(
            addon=team.addon, kind=ImageKind.PREVIEW, preview=preview, path=name
        )
        upload_id = upload.pk
        # Deleting the preview deletes its image upload with it.
        preview.delete()
        return upload_id

    upload_id = await sync_to_async(queue_preview)()

    result = await sync_to_async(resize_image.apply)(args=[upload_id])

    assert result.get() == "skipped"


def test_finish_preview_of_a_deleted_preview(team_sync):
    upload = ImageUpload.objects.create(
        addon=team_sync.addon, kind=ImageKind.PREVIEW, path="image-uploads/x.png"
    )

    actions.finish_preview(upload, "a.png", "b.png", {})

    stored = ImageUpload.objects.using("default").get(pk=upload.pk)
    assert stored.state == ImageState.PROCESSED


async def test_newer_icon_clears_the_old_failure(team, job_worker):
    def queue_broken() -> None:
        name = private_storage().save("image-uploads/broken.png", _BrokenFile())
        upload = ImageUpload.objects.create(
            addon=team.addon, kind=ImageKind.ICON, path=name
        )
        resize_image.apply(args=[upload.pk])

    await sync_to_async(queue_broken)()
    client = await signed_in(team.owner)

    await client.post(f"{MEDIA}icon/", {"image": upload_file(image_bytes())})
    await images_done(team.addon.pk)
    page = await client.get(MEDIA)
    status = await client.get(f"{MEDIA}status/")

    assert "could not be read" not in page.content.decode()
    assert status.json()["icon"]["error"] == ""


async def test_stuck_image_is_queued_again(team, job_worker, settings):
    # An icon stored while the broker was down: its row waits, queued,
    # with no job on the way.
    def store_stuck_icon() -> ImageUpload:
        name = private_storage().save(
            "image-uploads/stuck.png", SimpleUploadedFile("stuck.png", image_bytes())
        )
        return ImageUpload.objects.create(
            addon=team.addon, kind=ImageKind.ICON, path=name
        )

    stuck = await sync_to_async(store_stuck_icon)()
    settings.IMAGE_REQUEUE_AFTER = 3600

    assert await sync_to_async(actions.requeue_images)() == 0

    await ImageUpload.objects.filter(pk=stuck.pk).aupdate(
        created=stuck.created - timedelta(hours=2)
    )
    result = await sync_to_async(requeue_images.apply)()
    assert result.get() == 1
    await images_done(team.addon.pk)

    await stuck.arefresh_from_db()
    assert stuck.state == ImageState.PROCESSED
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.icon_hash != ""
