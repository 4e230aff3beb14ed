"""Add-on icons: stored ones, and letter icons drawn for add-ons without one.

A stored icon is saved in every size of ICON_SIZES under MEDIA_ROOT and
its URL carries a hash of its bytes, so a replaced icon is never served
from a stale cache. An add-on without a stored icon gets a letter icon:
the first letter of its name on a colour picked from its slug. Letter
icons are drawn on request and shared by every add-on with the same
letter and colour, so a catalogue of any size needs no icon files.
"""

import functools
import hashlib
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from amo.core.constants import ICON_SIZES

# Background colours of letter icons, as RGB hex; white text reads on each.
LETTER_COLOURS = (
    "0060df",
    "8000d7",
    "d70022",
    "058b00",
    "a47f00",
    "008ea4",
    "c60084",
    "3a8e00",
    "5b5b66",
    "b94600",
    "0250bb",
    "6200a4",
)


def icon_path(addon_id: int, size: int) -> str:
    """Path of a stored icon, relative to MEDIA_ROOT."""
    return f"addon_icons/{addon_id // 1000}/{addon_id}-{size}.png"


def letter_for(name: str, slug: str) -> str:
    """The letter of a letter icon: the name's first letter or digit.

    The bundled font draws Latin, Greek and Cyrillic letters; for a name in
    another script the slug's first letter is used, and "?" when neither
    has one.
    """
    for text in (name, slug):
        for char in text:
            if char.isalnum() and ord(char) < 0x0530:
                return char.upper()
    return "?"


def colour_for(slug: str) -> str:
    digest = hashlib.blake2b(slug.encode(), digest_size=2).digest()
    return LETTER_COLOURS[int.from_bytes(digest) % len(LETTER_COLOURS)]


def icon_url(addon: Any, size: int, name: str = "") -> str:
    """URL of `addon`'s icon at `size` pixels, stored or drawn."""
    size = next((known for known in ICON_SIZES if known >= size), ICON_SIZES[-1])
    if addon.icon_hash:
        path = icon_path(addon.pk, size)
        return f"{settings.MEDIA_URL}{path}?modified={addon.icon_hash}"
    letter = letter_for(name, addon.slug)
    return f"/icons/letter/{ord(letter):x}/{colour_for(addon.slug)}/{size}.png"


@functools.lru_cache(maxsize=512)
def draw_letter_icon(codepoint: int, colour: str, size: int) -> bytes:
    """Draw a letter icon as PNG bytes."""
    scale = 4  # Drawn large and scaled down, for smooth edges.
    canvas = size * scale
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    rgb = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    draw.rounded_rectangle(
        (0, 0, canvas - 1, canvas - 1), radius=canvas // 5, fill=(*rgb, 255)
    )
    font = ImageFont.load_default(size=int(canvas * 0.58))
    draw.text(
        (canvas / 2, canvas / 2), chr(codepoint), font=font, fill="white", anchor="mm"
    )
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def save_icon(addon: Any, source: Image.Image) -> str:
    """Store `source` as `addon`'s icon in every size; return its hash.

    The caller saves the returned hash in `addon.icon_hash`.
    """
    square = _crop_square(source.convert("RGBA"))
    digest = hashlib.sha256()
    outputs = {}
    for size in ICON_SIZES:
        resized = square.resize((size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, format="PNG", optimize=True)
        outputs[size] = buffer.getvalue()
        digest.update(outputs[size])
    for size, data in outputs.items():
        target = Path(settings.MEDIA_ROOT) / icon_path(addon.pk, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
    return digest.hexdigest()[:8]


def _crop_square(image: Image.Image) -> Image.Image:
    width, height = image.size
    side = min(width, height)
    left = (width - side) // 2
    top = (height - side) // 2
    return image.crop((left, top, left + side, top + side))
