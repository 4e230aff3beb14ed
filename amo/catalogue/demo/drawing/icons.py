"""Draw demo add-on icons: an outline filled with a gradient, and a glyph.

Glyphs are drawn with Pillow's primitives in a unit square, so they need no
font. A glyph that is not in GLYPHS is one or two ASCII characters, drawn
with Pillow's bundled font.
"""

import math
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from amo.catalogue.demo.schema import Artwork

# Icons are drawn at this size and scaled down by save_icon, which gives
# smooth edges at every stored size.
CANVAS = 256

Point = tuple[float, float]
RGB = tuple[int, int, int]


def rgb(colour: str) -> RGB:
    """Parse an RGB hex string such as "0a84ff"."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"colour {colour!r} is not six hex digits such as '0a84ff'")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(first: RGB, second: RGB, amount: float) -> RGB:
    """Blend two colours; `amount` 0 gives `first`, 1 gives `second`."""
    return (
        round(first[0] + (second[0] - first[0]) * amount),
        round(first[1] + (second[1] - first[1]) * amount),
        round(first[2] + (second[2] - first[2]) * amount),
    )


class Pen:
    """Draw in a unit square placed at (`left`, `top`) with side `size`."""

    def __init__(
        self, draw: ImageDraw.ImageDraw, left: float, top: float, size: float
    ) -> None:
        self.draw = draw
        self.left = left
        self.top = top
        self.size = size

    def point(self, x: float, y: float) -> Point:
        return (self.left + x * self.size, self.top + y * self.size)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        return (*self.point(x0, y0), *self.point(x1, y1))

    def width(self, fraction: float) -> int:
        return max(1, round(fraction * self.size))

    def polygon(self, points: list[Point], fill: int | None) -> None:
        self.draw.polygon([self.point(x, y) for x, y in points], fill=fill)

    def line(self, points: list[Point], fill: int, width: float) -> None:
        self.draw.line(
            [self.point(x, y) for x, y in points],
            fill=fill,
            width=self.width(width),
            joint="curve",
        )

    def ellipse(
        self,
        box: tuple[float, float, float, float],
        fill: int | None = None,
        outline: int | None = None,
        width: float = 0.0,
    ) -> None:
        self.draw.ellipse(
            self.box(*box),
            fill=fill,
            outline=outline,
            width=self.width(width) if outline else 0,
        )

    def rounded(
        self,
        box: tuple[float, float, float, float],
        radius: float,
        fill: int | None = None,
        outline: int | None = None,
        width: float = 0.0,
    ) -> None:
        self.draw.rounded_rectangle(
            self.box(*box),
            radius=radius * self.size,
            fill=fill,
            outline=outline,
            width=self.width(width) if outline else 0,
        )

    def arc(
        self,
        box: tuple[float, float, float, float],
        start: float,
        end: float,
        fill: int,
        width: float,
    ) -> None:
        self.draw.arc(self.box(*box), start, end, fill=fill, width=self.width(width))


def _regular(sides: int, radius: float, rotation: float = -90.0) -> list[Point]:
    return [
        (
            0.5 + radius * math.cos(math.radians(rotation + 360 * i / sides)),
            0.5 + radius * math.sin(math.radians(rotation + 360 * i / sides)),
        )
        for i in range(sides)
    ]


def _star_points(points: int, outer: float, inner: float) -> list[Point]:
    result = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 180 * i / points)
        result.append((0.5 + radius * math.cos(angle), 0.5 + radius * math.sin(angle)))
    return result


# Mask values: glyphs and outlines draw coverage, and cut-outs as holes.
INK = 255
HOLE = 0


# --- Outlines: each fills a mask on the whole canvas -----------------------


def _shape_circle(pen: Pen) -> None:
    pen.ellipse((0.02, 0.02, 0.98, 0.98), fill=INK)


def _shape_squircle(pen: Pen) -> None:
    pen.rounded((0.03, 0.03, 0.97, 0.97), 0.24, fill=INK)


def _shape_square(pen: Pen) -> None:
    pen.rounded((0.06, 0.06, 0.94, 0.94), 0.08, fill=INK)


def _shape_hexagon(pen: Pen) -> None:
    pen.polygon(_regular(6, 0.49, -90), fill=INK)


def _shape_octagon(pen: Pen) -> None:
    pen.polygon(_regular(8, 0.5, -112.5), fill=INK)


def _shape_diamond(pen: Pen) -> None:
    pen.polygon([(0.5, 0.01), (0.99, 0.5), (0.5, 0.99), (0.01, 0.5)], fill=INK)


def _shape_shield(pen: Pen) -> None:
    pen.polygon(
        [(0.1, 0.08), (0.5, 0.01), (0.9, 0.08), (0.9, 0.5), (0.5, 0.99), (0.1, 0.5)],
        fill=INK,
    )
    pen.ellipse((0.1, 0.1, 0.9, 0.9), fill=INK)


def _shape_drop(pen: Pen) -> None:
    pen.ellipse((0.1, 0.3, 0.9, 0.99), fill=INK)
    pen.polygon([(0.5, 0.0), (0.87, 0.52), (0.13, 0.52)], fill=INK)


def _shape_badge(pen: Pen) -> None:
    pen.polygon(_star_points(12, 0.5, 0.43), fill=INK)


def _shape_leaf(pen: Pen) -> None:
    pen.rounded((0.03, 0.03, 0.97, 0.97), 0.48, fill=INK)
    pen.rounded((0.03, 0.03, 0.5, 0.5), 0.04, fill=INK)
    pen.rounded((0.5, 0.5, 0.97, 0.97), 0.04, fill=INK)


def _shape_tag(pen: Pen) -> None:
    pen.polygon(
        [(0.3, 0.04), (0.96, 0.04), (0.96, 0.96), (0.3, 0.96), (0.02, 0.5)],
        fill=INK,
    )


SHAPES: dict[str, Callable[[Pen], None]] = {
    "circle": _shape_circle,
    "squircle": _shape_squircle,
    "square": _shape_square,
    "hexagon": _shape_hexagon,
    "octagon": _shape_octagon,
    "diamond": _shape_diamond,
    "shield": _shape_shield,
    "drop": _shape_drop,
    "badge": _shape_badge,
    "leaf": _shape_leaf,
    "tag": _shape_tag,
}


# --- Glyphs: each draws its coverage on a mask in the unit square --------


def _glyph_lock(pen: Pen) -> None:
    pen.arc((0.27, 0.08, 0.73, 0.6), 180, 360, INK, 0.09)
    pen.line([(0.27, 0.34), (0.27, 0.46)], INK, 0.09)
    pen.line([(0.73, 0.34), (0.73, 0.46)], INK, 0.09)
    pen.rounded((0.15, 0.44, 0.85, 0.94), 0.08, fill=INK)


def _glyph_magnifier(pen: Pen) -> None:
    pen.ellipse((0.1, 0.1, 0.66, 0.66), outline=INK, width=0.1)
    pen.line([(0.6, 0.6), (0.9, 0.9)], INK, 0.14)


def _glyph_star(pen: Pen) -> None:
    pen.polygon(_star_points(5, 0.47, 0.2), fill=INK)


def _glyph_leaf(pen: Pen) -> None:
    pen.polygon(
        [
            (0.12, 0.88),
            (0.15, 0.5),
            (0.3, 0.25),
            (0.55, 0.12),
            (0.9, 0.1),
            (0.88, 0.45),
            (0.75, 0.7),
            (0.5, 0.85),
        ],
        fill=INK,
    )
    pen.line([(0.08, 0.95), (0.62, 0.4)], HOLE, 0.04)


def _glyph_bolt(pen: Pen) -> None:
    pen.polygon(
        [
            (0.58, 0.02),
            (0.18, 0.56),
            (0.46, 0.56),
            (0.36, 0.98),
            (0.82, 0.4),
            (0.52, 0.4),
        ],
        fill=INK,
    )


def _glyph_note(pen: Pen) -> None:
    pen.ellipse((0.14, 0.66, 0.44, 0.9), fill=INK)
    pen.ellipse((0.56, 0.56, 0.86, 0.8), fill=INK)
    pen.line([(0.41, 0.78), (0.41, 0.18)], INK, 0.07)
    pen.line([(0.83, 0.68), (0.83, 0.08)], INK, 0.07)
    pen.polygon([(0.38, 0.14), (0.86, 0.04), (0.86, 0.2), (0.38, 0.3)], fill=INK)


def _glyph_eye(pen: Pen) -> None:
    pen.polygon(
        [
            (0.03, 0.5),
            (0.2, 0.3),
            (0.4, 0.22),
            (0.6, 0.22),
            (0.8, 0.3),
            (0.97, 0.5),
            (0.8, 0.7),
            (0.6, 0.78),
            (0.4, 0.78),
            (0.2, 0.7),
        ],
        fill=INK,
    )
    pen.ellipse((0.33, 0.33, 0.67, 0.67), fill=HOLE)
    pen.ellipse((0.42, 0.42, 0.58, 0.58), fill=INK)


def _glyph_bookmark(pen: Pen) -> None:
    pen.polygon(
        [(0.22, 0.04), (0.78, 0.04), (0.78, 0.96), (0.5, 0.72), (0.22, 0.96)], fill=INK
    )


def _glyph_book(pen: Pen) -> None:
    pen.polygon([(0.05, 0.2), (0.47, 0.28), (0.47, 0.9), (0.05, 0.82)], fill=INK)
    pen.polygon([(0.53, 0.28), (0.95, 0.2), (0.95, 0.82), (0.53, 0.9)], fill=INK)


def _glyph_globe(pen: Pen) -> None:
    pen.ellipse((0.06, 0.06, 0.94, 0.94), outline=INK, width=0.07)
    pen.ellipse((0.3, 0.06, 0.7, 0.94), outline=INK, width=0.06)
    pen.line([(0.06, 0.5), (0.94, 0.5)], INK, 0.06)
    pen.line([(0.16, 0.27), (0.84, 0.27)], INK, 0.05)
    pen.line([(0.16, 0.73), (0.84, 0.73)], INK, 0.05)


def _glyph_moon(pen: Pen) -> None:
    pen.ellipse((0.08, 0.08, 0.88, 0.88), fill=INK)
    pen.ellipse((0.32, 0.0, 1.0, 0.68), fill=HOLE)


def _glyph_sun(pen: Pen) -> None:
    pen.ellipse((0.28, 0.28, 0.72, 0.72), fill=INK)
    for i in range(8):
        angle = math.radians(45 * i)
        inner = (0.5 + 0.3 * math.cos(angle), 0.5 + 0.3 * math.sin(angle))
        outer = (0.5 + 0.46 * math.cos(angle), 0.5 + 0.46 * math.sin(angle))
        pen.line([inner, outer], INK, 0.07)


def _glyph_cloud(pen: Pen) -> None:
    pen.ellipse((0.06, 0.42, 0.42, 0.78), fill=INK)
    pen.ellipse((0.25, 0.2, 0.7, 0.65), fill=INK)
    pen.ellipse((0.55, 0.35, 0.94, 0.74), fill=INK)
    pen.rounded((0.24, 0.5, 0.76, 0.78), 0.02, fill=INK)


def _glyph_heart(pen: Pen) -> None:
    pen.ellipse((0.06, 0.14, 0.52, 0.6), fill=INK)
    pen.ellipse((0.48, 0.14, 0.94, 0.6), fill=INK)
    pen.polygon([(0.09, 0.47), (0.91, 0.47), (0.5, 0.9)], fill=INK)


def _glyph_check(pen: Pen) -> None:
    pen.line([(0.12, 0.52), (0.38, 0.78), (0.88, 0.22)], INK, 0.14)


def _glyph_tabs(pen: Pen) -> None:
    pen.rounded((0.04, 0.4, 0.96, 0.92), 0.06, fill=INK)
    pen.rounded((0.04, 0.12, 0.34, 0.5), 0.06, fill=INK)
    pen.rounded((0.38, 0.16, 0.64, 0.34), 0.05, fill=INK)
    pen.rounded((0.68, 0.16, 0.94, 0.34), 0.05, fill=INK)


def _glyph_download(pen: Pen) -> None:
    pen.line([(0.5, 0.06), (0.5, 0.56)], INK, 0.12)
    pen.polygon([(0.22, 0.46), (0.78, 0.46), (0.5, 0.76)], fill=INK)
    pen.line([(0.1, 0.72), (0.1, 0.9), (0.9, 0.9), (0.9, 0.72)], INK, 0.09)


def _glyph_gear(pen: Pen) -> None:
    for i in range(8):
        angle = math.radians(22.5 * 2 * i)
        inner = (0.5 + 0.26 * math.cos(angle), 0.5 + 0.26 * math.sin(angle))
        outer = (0.5 + 0.45 * math.cos(angle), 0.5 + 0.45 * math.sin(angle))
        pen.line([inner, outer], INK, 0.15)
    pen.ellipse((0.16, 0.16, 0.84, 0.84), fill=INK)
    pen.ellipse((0.36, 0.36, 0.64, 0.64), fill=HOLE)


def _glyph_bell(pen: Pen) -> None:
    pen.ellipse((0.22, 0.12, 0.78, 0.62), fill=INK)
    pen.polygon([(0.22, 0.38), (0.78, 0.38), (0.9, 0.78), (0.1, 0.78)], fill=INK)
    pen.ellipse((0.4, 0.74, 0.6, 0.94), fill=INK)
    pen.ellipse((0.44, 0.03, 0.56, 0.15), fill=INK)


def _glyph_chat(pen: Pen) -> None:
    pen.rounded((0.04, 0.1, 0.96, 0.7), 0.16, fill=INK)
    pen.polygon([(0.22, 0.6), (0.46, 0.66), (0.16, 0.92)], fill=INK)
    for x in (0.3, 0.5, 0.7):
        pen.ellipse((x - 0.06, 0.34, x + 0.06, 0.46), fill=HOLE)


def _glyph_cart(pen: Pen) -> None:
    pen.line([(0.02, 0.14), (0.18, 0.14), (0.3, 0.66), (0.82, 0.66)], INK, 0.07)
    pen.polygon([(0.2, 0.24), (0.96, 0.24), (0.86, 0.56), (0.28, 0.56)], fill=INK)
    pen.ellipse((0.28, 0.74, 0.42, 0.88), fill=INK)
    pen.ellipse((0.7, 0.74, 0.84, 0.88), fill=INK)


def _glyph_clock(pen: Pen) -> None:
    pen.ellipse((0.06, 0.06, 0.94, 0.94), outline=INK, width=0.09)
    pen.line([(0.5, 0.2), (0.5, 0.52), (0.72, 0.64)], INK, 0.08)


def _glyph_code(pen: Pen) -> None:
    pen.line([(0.3, 0.24), (0.06, 0.5), (0.3, 0.76)], INK, 0.09)
    pen.line([(0.7, 0.24), (0.94, 0.5), (0.7, 0.76)], INK, 0.09)
    pen.line([(0.58, 0.14), (0.42, 0.86)], INK, 0.08)


def _glyph_palette(pen: Pen) -> None:
    pen.ellipse((0.04, 0.1, 0.96, 0.9), fill=INK)
    pen.ellipse((0.56, 0.56, 0.76, 0.76), fill=HOLE)
    for x, y in ((0.28, 0.3), (0.48, 0.22), (0.68, 0.32), (0.26, 0.56)):
        pen.ellipse((x - 0.07, y - 0.07, x + 0.07, y + 0.07), fill=HOLE)


def _glyph_camera(pen: Pen) -> None:
    pen.rounded((0.04, 0.26, 0.96, 0.86), 0.1, fill=INK)
    pen.rounded((0.32, 0.14, 0.68, 0.34), 0.04, fill=INK)
    pen.ellipse((0.3, 0.36, 0.7, 0.76), fill=HOLE)
    pen.ellipse((0.39, 0.45, 0.61, 0.67), fill=INK)


def _glyph_feed(pen: Pen) -> None:
    pen.ellipse((0.08, 0.74, 0.26, 0.92), fill=INK)
    pen.arc((-0.36, 0.36, 0.64, 1.36), 270, 360, INK, 0.11)
    pen.arc((-0.76, -0.04, 1.04, 1.76), 270, 360, INK, 0.11)


def _glyph_puzzle(pen: Pen) -> None:
    pen.rounded((0.12, 0.24, 0.76, 0.88), 0.06, fill=INK)
    pen.ellipse((0.34, 0.06, 0.54, 0.3), fill=INK)
    pen.ellipse((0.7, 0.46, 0.94, 0.66), fill=INK)


def _glyph_shield(pen: Pen) -> None:
    pen.polygon(
        [
            (0.14, 0.12),
            (0.5, 0.02),
            (0.86, 0.12),
            (0.84, 0.55),
            (0.5, 0.96),
            (0.16, 0.55),
        ],
        fill=INK,
    )
    pen.line([(0.3, 0.5), (0.45, 0.65), (0.72, 0.35)], HOLE, 0.07)


def _glyph_flame(pen: Pen) -> None:
    pen.ellipse((0.2, 0.4, 0.8, 0.96), fill=INK)
    pen.polygon([(0.5, 0.02), (0.8, 0.6), (0.2, 0.6)], fill=INK)
    pen.polygon([(0.7, 0.2), (0.82, 0.66), (0.55, 0.5)], fill=INK)


def _glyph_mountain(pen: Pen) -> None:
    pen.polygon(
        [(0.02, 0.88), (0.38, 0.22), (0.62, 0.62), (0.74, 0.44), (0.98, 0.88)], INK
    )
    pen.ellipse((0.66, 0.08, 0.86, 0.28), fill=INK)


def _glyph_pencil(pen: Pen) -> None:
    pen.polygon([(0.7, 0.06), (0.94, 0.3), (0.34, 0.9), (0.1, 0.66)], fill=INK)
    pen.polygon([(0.1, 0.66), (0.34, 0.9), (0.04, 0.96)], fill=INK)


def _glyph_grid(pen: Pen) -> None:
    for x in (0.06, 0.54):
        for y in (0.06, 0.54):
            pen.rounded((x, y, x + 0.4, y + 0.4), 0.08, fill=INK)


def _glyph_translate(pen: Pen) -> None:
    pen.rounded((0.02, 0.06, 0.6, 0.6), 0.08, fill=INK)
    pen.rounded((0.4, 0.4, 0.98, 0.94), 0.08, outline=INK, width=0.07)
    pen.line([(0.14, 0.22), (0.48, 0.22)], HOLE, 0.05)
    pen.line([(0.31, 0.16), (0.31, 0.5)], HOLE, 0.05)
    pen.line([(0.56, 0.84), (0.69, 0.52), (0.82, 0.84)], INK, 0.06)


GLYPHS: dict[str, Callable[[Pen], None]] = {
    "lock": _glyph_lock,
    "magnifier": _glyph_magnifier,
    "star": _glyph_star,
    "leaf": _glyph_leaf,
    "bolt": _glyph_bolt,
    "note": _glyph_note,
    "eye": _glyph_eye,
    "bookmark": _glyph_bookmark,
    "book": _glyph_book,
    "globe": _glyph_globe,
    "moon": _glyph_moon,
    "sun": _glyph_sun,
    "cloud": _glyph_cloud,
    "heart": _glyph_heart,
    "check": _glyph_check,
    "tabs": _glyph_tabs,
    "download": _glyph_download,
    "gear": _glyph_gear,
    "bell": _glyph_bell,
    "chat": _glyph_chat,
    "cart": _glyph_cart,
    "clock": _glyph_clock,
    "code": _glyph_code,
    "palette": _glyph_palette,
    "camera": _glyph_camera,
    "feed": _glyph_feed,
    "puzzle": _glyph_puzzle,
    "shield": _glyph_shield,
    "flame": _glyph_flame,
    "mountain": _glyph_mountain,
    "pencil": _glyph_pencil,
    "grid": _glyph_grid,
    "translate": _glyph_translate,
}


def check_artwork(artwork: Artwork) -> None:
    """Raise ValueError when `artwork` names an unknown shape or bad colour."""
    if artwork.shape not in SHAPES:
        raise ValueError(
            f"icon shape {artwork.shape!r} is unknown: use one of {sorted(SHAPES)}"
        )
    if artwork.glyph not in GLYPHS and not (
        1 <= len(artwork.glyph) <= 2 and artwork.glyph.isascii()
    ):
        raise ValueError(
            f"icon glyph {artwork.glyph!r} is neither a glyph name "
            f"({', '.join(sorted(GLYPHS))}) nor one or two ASCII characters"
        )
    for colour in artwork.colours:
        rgb(colour)


def draw_icon(artwork: Artwork, size: int = CANVAS) -> Image.Image:
    """Draw the icon of `artwork` as an RGBA image of `size` pixels."""
    check_artwork(artwork)
    top, bottom, ink = (rgb(colour) for colour in artwork.colours)

    gradient = Image.new("RGB", (size, size))
    gradient_draw = ImageDraw.Draw(gradient)
    for y in range(size):
        gradient_draw.line([(0, y), (size, y)], fill=mix(top, bottom, y / (size - 1)))
    outline = Image.new("L", (size, size), HOLE)
    SHAPES[artwork.shape](Pen(ImageDraw.Draw(outline), 0, 0, size))
    icon = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    icon.paste(gradient, (0, 0), outline)

    glyph = Image.new("L", (size, size), HOLE)
    if artwork.glyph in GLYPHS:
        side = size * 0.5
        offset = (size - side) / 2
        GLYPHS[artwork.glyph](Pen(ImageDraw.Draw(glyph), offset, offset, side))
    else:
        font = ImageFont.load_default(size=int(size * 0.46))
        ImageDraw.Draw(glyph).text(
            (size / 2, size / 2), artwork.glyph, font=font, fill=INK, anchor="mm"
        )
    icon.paste(Image.new("RGB", (size, size), ink), (0, 0), glyph)
    return icon
