"""Theme cards crop their preview to the header art at its top."""

import io
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from PIL import Image

from amo.core.constants import PREVIEW_IMAGE_SIZE, PREVIEW_THUMBNAIL_SIZE, AddonType
from tests.e2e.browser import natural_width

pytestmark = pytest.mark.e2e

HEADER = (200, 0, 0)
BODY = (128, 128, 128)


def header_preview(size: tuple[int, int]) -> Image.Image:
    """A preview whose top third is the header colour, the rest grey.

    A card shows a 4:1 strip of a 4:3 preview: the top third of it.
    """
    image = Image.new("RGB", size, BODY)
    image.paste(HEADER, (0, 0, size[0], size[1] // 3))
    return image


def build_theme(media_root: Path) -> None:
    from tests.factories import AddonFactory, PreviewFactory

    theme = AddonFactory(
        slug="red-header",
        name={"en-US": "Red Header"},
        type=AddonType.STATICTHEME,
        average_daily_users=10**6,
    )
    preview = PreviewFactory(addon=theme, position=0)
    folder = media_root / "previews" / str(theme.pk)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, size in (
        ("image", PREVIEW_IMAGE_SIZE),
        ("thumbnail", PREVIEW_THUMBNAIL_SIZE),
    ):
        header_preview(size).save(folder / f"{kind}.png")
        getattr(preview, kind).name = f"previews/{theme.pk}/{kind}.png"
    preview.sizes = {
        "image": list(PREVIEW_IMAGE_SIZE),
        "thumbnail": list(PREVIEW_THUMBNAIL_SIZE),
    }
    preview.save()


def is_header_colour(pixel: tuple[int, ...]) -> bool:
    red, green, blue = pixel[:3]
    return red > 150 and green < 60 and blue < 60


@pytest.mark.parametrize("path", ["/en-US/firefox/", "/en-US/firefox/themes/"])
async def test_theme_card_shows_header(
    page, page_problems, uvicorn_server, settings, path
):
    await sync_to_async(build_theme)(Path(settings.MEDIA_ROOT))

    await page.goto(uvicorn_server.url + path)
    card = page.get_by_role("listitem").filter(has_text="Red Header").first
    preview = card.locator("img").first
    assert await natural_width(preview) > 0, "the preview did not load"
    shot = Image.open(io.BytesIO(await preview.screenshot())).convert("RGB")

    width, height = shot.size
    for y in (2, height // 2, height - 3):
        assert is_header_colour(shot.getpixel((width // 2, y))), (path, y)
    page_problems.assert_none()
