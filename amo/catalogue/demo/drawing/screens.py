"""Draw demo screenshots: a browser window showing the add-on at work.

Each screenshot is a stylised browser window: a tab strip, a toolbar with
the add-on's button, and a web page of grey text lines. One panel of the
add-on is drawn on top of it, such as a toolbar popup, a sidebar, an
options page, search results, underlined misspellings or a menu. Themes
get the window painted in their colours with their header pattern. Every
random choice comes from a generator seeded with the add-on's slug and the
screenshot's position, so the same data always draws the same pixels.
"""

import math
import random
import unicodedata
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from amo.catalogue.demo.drawing.icons import RGB, mix, rgb
from amo.catalogue.demo.schema import DemoAddon, ThemeLook
from amo.core.constants import PREVIEW_IMAGE_SIZE, AddonType

WHITE = (255, 255, 255)
PAGE_TEXT = (207, 207, 216)
PANEL_TEXT = (91, 91, 102)
TAB_STRIP = (240, 240, 244)
TOOLBAR = (249, 249, 251)

# Width of the window and height of its two bars, at PREVIEW_IMAGE_SIZE.
WINDOW_MARGIN = 48
TAB_STRIP_HEIGHT = 64
TOOLBAR_HEIGHT = 64
# Themes get a taller tab strip, so their header image shows.
THEME_TAB_STRIP_HEIGHT = 200


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# Letters that Unicode does not decompose into ASCII and a mark.
_ASCII_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l"})


def _ascii(text: str) -> str:
    """Spell `text` in ASCII, the only characters of Pillow's bundled font.

    Accents are dropped ("schön" becomes "schon"), and characters of other
    scripts are left out.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    return "".join(char for char in decomposed if char.isascii()).strip()


def label_for(addon: DemoAddon) -> str:
    """Return the name drawn on screenshots: the English one if it exists."""
    names = addon.name if isinstance(addon.name, dict) else {"": addon.name}
    for candidate in (names.get("en-US", ""), *names.values()):
        text = _ascii(candidate)
        if len(text) >= 3:
            return text
    return addon.slug.replace("-", " ").title()


class Window:
    """The geometry of the browser window on a screenshot."""

    def __init__(
        self, width: int, height: int, tab_strip: int = TAB_STRIP_HEIGHT
    ) -> None:
        self.left = WINDOW_MARGIN
        self.top = WINDOW_MARGIN
        self.right = width - WINDOW_MARGIN
        self.bottom = height - WINDOW_MARGIN
        self.toolbar_top = self.top + tab_strip
        self.content_top = self.toolbar_top + TOOLBAR_HEIGHT

    @property
    def button(self) -> tuple[int, int]:
        """Centre of the add-on's toolbar button."""
        return (self.right - 120, self.toolbar_top + TOOLBAR_HEIGHT // 2)


def _backdrop(size: tuple[int, int], first: RGB, second: RGB) -> Image.Image:
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    light_first = mix(first, WHITE, 0.7)
    light_second = mix(second, WHITE, 0.55)
    for y in range(size[1]):
        draw.line(
            [(0, y), (size[0], y)], fill=mix(light_first, light_second, y / size[1])
        )
    return image


def _window(
    image: Image.Image,
    window: Window,
    rng: random.Random,
    *,
    frame: RGB = TAB_STRIP,
    toolbar: RGB = TOOLBAR,
    text: RGB = PANEL_TEXT,
    accent: RGB = (0, 96, 223),
    icon: Image.Image | None = None,
    tab_titles: tuple[str, ...] = ("Example Domain", "News", "Recipes"),
) -> ImageDraw.ImageDraw:
    draw = ImageDraw.Draw(image)
    shadow = (window.left + 6, window.top + 10, window.right + 6, window.bottom + 10)
    draw.rounded_rectangle(shadow, radius=14, fill=mix(frame, (0, 0, 0), 0.35))
    draw.rounded_rectangle(
        (window.left, window.top, window.right, window.bottom), radius=14, fill=WHITE
    )
    draw.rounded_rectangle(
        (window.left, window.top, window.right, window.toolbar_top + 14),
        radius=14,
        fill=frame,
    )
    draw.rectangle(
        (window.left, window.toolbar_top, window.right, window.content_top),
        fill=toolbar,
    )
    _tabs(draw, window, frame, toolbar, text, tab_titles)
    _toolbar(image, draw, window, toolbar, text, accent, icon)
    _page(draw, window, rng)
    return draw


def _tabs(
    draw: ImageDraw.ImageDraw,
    window: Window,
    frame: RGB,
    toolbar: RGB,
    text: RGB,
    titles: tuple[str, ...],
) -> None:
    font = _font(18)
    for dot, colour in enumerate(((255, 95, 87), (254, 188, 46), (40, 200, 64))):
        x = window.left + 24 + dot * 24
        draw.ellipse((x, window.top + 18, x + 14, window.top + 32), fill=colour)
    left = window.left + 112
    for index, title in enumerate(titles):
        width = 230
        top = window.toolbar_top - 54
        box = (left, top, left + width, window.toolbar_top)
        fill = toolbar if index == 0 else mix(frame, toolbar, 0.35)
        draw.rounded_rectangle(box, radius=8, fill=fill)
        draw.ellipse((left + 14, top + 18, left + 30, top + 34), fill=text)
        draw.text((left + 40, top + 16), title[:22], font=font, fill=text)
        left += width + 8


def _toolbar(
    image: Image.Image,
    draw: ImageDraw.ImageDraw,
    window: Window,
    toolbar: RGB,
    text: RGB,
    accent: RGB,
    icon: Image.Image | None,
) -> None:
    middle = window.toolbar_top + TOOLBAR_HEIGHT // 2
    for index in range(3):
        x = window.left + 28 + index * 40
        draw.ellipse((x, middle - 9, x + 18, middle + 9), outline=text, width=3)
    url_box = (window.left + 160, middle - 20, window.right - 200, middle + 20)
    draw.rounded_rectangle(url_box, radius=10, fill=mix(toolbar, (0, 0, 0), 0.06))
    draw.text(
        (url_box[0] + 20, middle),
        "https://www.example.com/",
        font=_font(20),
        fill=text,
        anchor="lm",
    )
    x, y = window.button
    draw.rounded_rectangle((x - 22, y - 22, x + 22, y + 22), radius=8, fill=accent)
    if icon is not None:
        if icon.size != (32, 32):
            icon = icon.resize((32, 32), Image.Resampling.LANCZOS)
        image.paste(icon, (x - 16, y - 16), icon)
    draw.rounded_rectangle(
        (window.right - 70, middle - 4, window.right - 30, middle + 4), 3, fill=text
    )


def _page(draw: ImageDraw.ImageDraw, window: Window, rng: random.Random) -> None:
    left = window.left + 90
    y = window.content_top + 50
    draw.rounded_rectangle(
        (left, y, left + 420, y + 34), radius=6, fill=(180, 180, 190)
    )
    y += 80
    width = window.right - window.left - 180
    while y < window.bottom - 60:
        if rng.random() < 0.18 and y + 150 < window.bottom - 20:
            draw.rounded_rectangle(
                (left, y, left + rng.randint(260, 420), y + 150),
                radius=8,
                fill=(226, 226, 234),
            )
            y += 190
            continue
        line_width = rng.randint(int(width * 0.55), width)
        draw.rounded_rectangle((left, y, left + line_width, y + 14), 5, fill=PAGE_TEXT)
        y += 34 if rng.random() < 0.8 else 64


def _rows(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    rng: random.Random,
    accent: RGB,
    *,
    toggles: bool,
) -> None:
    left, top, right, bottom = box
    y = top
    while y + 44 < bottom:
        draw.rounded_rectangle(
            (left, y + 12, left + rng.randint(120, right - left - 110), y + 26),
            5,
            fill=PANEL_TEXT if toggles else PAGE_TEXT,
        )
        if toggles:
            on = rng.random() < 0.6
            track = accent if on else (207, 207, 216)
            draw.rounded_rectangle((right - 64, y + 6, right, y + 36), 15, fill=track)
            knob = right - 34 if on else right - 60
            draw.ellipse((knob, y + 9, knob + 24, y + 33), fill=WHITE)
        else:
            draw.ellipse((right - 28, y + 8, right - 4, y + 32), fill=accent)
        y += 56


def _panel_popup(
    draw: ImageDraw.ImageDraw,
    window: Window,
    addon: DemoAddon,
    accent: RGB,
    rng: random.Random,
) -> None:
    x, y = window.button
    box = (x - 330, y + 34, x + 40, y + 34 + 460)
    draw.polygon([(x - 12, y + 34), (x, y + 22), (x + 12, y + 34)], fill=WHITE)
    draw.rounded_rectangle(box, radius=12, fill=WHITE, outline=(207, 207, 216), width=2)
    draw.rectangle((box[0] + 2, box[1] + 2, box[2] - 2, box[1] + 70), fill=accent)
    draw.text(
        (box[0] + 24, box[1] + 36),
        label_for(addon)[:26],
        font=_font(26),
        fill=WHITE,
        anchor="lm",
    )
    _rows(
        draw,
        (box[0] + 24, box[1] + 100, box[2] - 24, box[3] - 80),
        rng,
        accent,
        toggles=True,
    )
    draw.rounded_rectangle(
        (box[0] + 24, box[3] - 64, box[2] - 24, box[3] - 20), radius=8, fill=accent
    )


def _panel_sidebar(
    draw: ImageDraw.ImageDraw,
    window: Window,
    addon: DemoAddon,
    accent: RGB,
    rng: random.Random,
) -> None:
    box = (window.left, window.content_top, window.left + 380, window.bottom)
    draw.rectangle(box, fill=(249, 249, 251))
    draw.line((box[2], box[1], box[2], box[3]), fill=(207, 207, 216), width=2)
    draw.text(
        (box[0] + 24, box[1] + 36),
        label_for(addon)[:24],
        font=_font(24),
        fill=PANEL_TEXT,
        anchor="lm",
    )
    draw.rounded_rectangle(
        (box[0] + 24, box[1] + 70, box[2] - 24, box[1] + 110),
        radius=8,
        outline=(207, 207, 216),
        width=2,
        fill=WHITE,
    )
    _rows(
        draw,
        (box[0] + 24, box[1] + 140, box[2] - 24, box[3] - 20),
        rng,
        accent,
        toggles=False,
    )


def _panel_options(
    draw: ImageDraw.ImageDraw,
    window: Window,
    addon: DemoAddon,
    accent: RGB,
    rng: random.Random,
) -> None:
    box = (window.left + 2, window.content_top, window.right - 2, window.bottom - 2)
    draw.rectangle(box, fill=(249, 249, 251))
    draw.text(
        (box[0] + 90, box[1] + 60),
        f"{label_for(addon)[:30]} options",
        font=_font(30),
        fill=PANEL_TEXT,
        anchor="lm",
    )
    card = (box[0] + 90, box[1] + 110, box[2] - 90, box[3] - 60)
    draw.rounded_rectangle(
        card, radius=12, fill=WHITE, outline=(224, 224, 230), width=2
    )
    _rows(
        draw,
        (card[0] + 40, card[1] + 30, card[2] - 40, card[3] - 20),
        rng,
        accent,
        toggles=True,
    )


def _panel_results(
    draw: ImageDraw.ImageDraw,
    window: Window,
    addon: DemoAddon,
    accent: RGB,
    rng: random.Random,
) -> None:
    box = (window.left + 2, window.content_top, window.right - 2, window.bottom - 2)
    draw.rectangle(box, fill=WHITE)
    left = box[0] + 90
    draw.text(
        (left, box[1] + 50),
        label_for(addon)[:30],
        font=_font(30),
        fill=accent,
        anchor="lm",
    )
    draw.rounded_rectangle(
        (left, box[1] + 90, left + 640, box[1] + 136),
        radius=22,
        outline=(207, 207, 216),
        width=2,
    )
    y = box[1] + 180
    while y + 100 < box[3]:
        draw.rounded_rectangle(
            (left, y, left + rng.randint(280, 520), y + 20), 6, fill=accent
        )
        draw.rounded_rectangle((left, y + 32, left + 240, y + 44), 5, fill=(5, 139, 0))
        for offset in (58, 82):
            width = rng.randint(520, 860)
            draw.rounded_rectangle(
                (left, y + offset, left + width, y + offset + 12), 5, fill=PAGE_TEXT
            )
        y += 130


def _panel_spelling(
    draw: ImageDraw.ImageDraw,
    window: Window,
    addon: DemoAddon,
    accent: RGB,
    rng: random.Random,
) -> None:
    box = (
        window.left + 90,
        window.content_top + 60,
        window.right - 90,
        window.bottom - 80,
    )
    draw.rounded_rectangle(box, radius=8, fill=WHITE, outline=(143, 143, 157), width=2)
    # Words with accents would lose them in Pillow's bundled font and look
    # misspelt, so the text uses the dictionary's ASCII words.
    words = [word for word in addon.words if word.isascii()] or ["lorem", "ipsum"]
    font = _font(30)
    x, y = box[0] + 30, box[1] + 30
    for _ in range(60):
        word = rng.choice(words)
        typo = len(word) > 4 and rng.random() < 0.12
        if typo:
            # Two letters swapped, which the dictionary underlines.
            middle = len(word) // 2
            word = (
                word[: middle - 1]
                + word[middle]
                + word[middle - 1]
                + word[middle + 1 :]
            )
        width = int(draw.textlength(word, font=font))
        if x + width > box[2] - 30:
            x, y = box[0] + 30, y + 56
        if y + 40 > box[3]:
            break
        draw.text((x, y), word, font=font, fill=(21, 20, 26))
        if typo:
            points = [
                (x + step, y + 40 + 3 * math.sin(step / 3)) for step in range(width)
            ]
            draw.line(points, fill=(215, 0, 34), width=2)
        x += width + 16


def _panel_menu(
    draw: ImageDraw.ImageDraw,
    window: Window,
    addon: DemoAddon,
    accent: RGB,
    rng: random.Random,
) -> None:
    box = (
        window.right - 420,
        window.content_top - 6,
        window.right - 20,
        window.content_top + 560,
    )
    draw.rounded_rectangle(box, radius=10, fill=WHITE, outline=(207, 207, 216), width=2)
    y = box[1] + 24
    while y + 40 < box[3]:
        if rng.random() < 0.2:
            draw.line(
                (box[0] + 16, y + 8, box[2] - 16, y + 8), fill=(224, 224, 230), width=2
            )
            y += 20
            continue
        draw.ellipse(
            (box[0] + 24, y + 4, box[0] + 44, y + 24), outline=PANEL_TEXT, width=3
        )
        draw.rounded_rectangle(
            (box[0] + 64, y + 8, box[0] + 64 + rng.randint(120, 260), y + 20),
            5,
            fill=PANEL_TEXT,
        )
        y += 44


Panel = Callable[[ImageDraw.ImageDraw, Window, DemoAddon, RGB, random.Random], None]

# The panels each type shows, in screenshot order.
PANELS: dict[int, tuple[Panel, ...]] = {
    AddonType.EXTENSION: (_panel_popup, _panel_sidebar, _panel_options),
    AddonType.SEARCH: (_panel_results, _panel_popup),
    AddonType.DICTIONARY: (_panel_spelling, _panel_options),
    AddonType.LANGUAGE: (_panel_menu, _panel_options),
}


def draw_screenshot(addon: DemoAddon, position: int, icon: Image.Image) -> Image.Image:
    """Draw screenshot number `position` of a non-theme add-on.

    `icon` goes on the toolbar button, at 32 pixels; pass it at that size
    to spare a resize per screenshot.
    """
    rng = random.Random(f"{addon.slug}:{position}")
    first, second, _ = (rgb(colour) for colour in addon.artwork.colours)
    image = _backdrop(PREVIEW_IMAGE_SIZE, first, second)
    window = Window(*PREVIEW_IMAGE_SIZE)
    draw = _window(image, window, rng, accent=first, icon=icon)
    panels = PANELS[addon.type]
    panels[position % len(panels)](draw, window, addon, first, rng)
    return image


def draw_theme_preview(addon: DemoAddon, position: int = 0) -> Image.Image:
    """Draw a browser window wearing the theme of `addon`.

    Position 0 shows a page; later positions open the menu over it.
    """
    look = _look(addon)
    rng = random.Random(f"{addon.slug}:theme")
    frame, toolbar, text, accent = (
        rgb(look.frame),
        rgb(look.toolbar),
        rgb(look.text),
        rgb(look.accent),
    )
    image = _backdrop(PREVIEW_IMAGE_SIZE, accent, frame)
    window = Window(*PREVIEW_IMAGE_SIZE, tab_strip=THEME_TAB_STRIP_HEIGHT)
    draw = _window(
        image,
        window,
        rng,
        frame=frame,
        toolbar=toolbar,
        text=text,
        accent=accent,
    )
    # The header pattern covers the frame, behind the tabs.
    width = window.right - window.left
    height = THEME_TAB_STRIP_HEIGHT
    header = draw_theme_header(look, (width, height), rng_key=addon.slug)
    mask = Image.new("L", header.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, header.size[0] - 1, header.size[1] + 20), radius=14, fill=255
    )
    image.paste(header, (window.left, window.top), mask)
    _tabs(draw, window, frame, toolbar, text, ("Example Domain", "News", "Recipes"))
    if position > 0:
        _panel_menu(draw, window, addon, accent, rng)
    return image


def _look(addon: DemoAddon) -> ThemeLook:
    if addon.theme is None:
        raise ValueError(f"theme {addon.slug!r} has no ThemeLook: set its `theme`")
    return addon.theme


# --- Header patterns of themes --------------------------------------------


def _pattern_waves(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    for band in range(5):
        colour = mix(accent, frame, band / 5)
        phase = rng.random() * math.tau
        base = height * (0.25 + band * 0.16)
        points = [
            (x, base + height * 0.12 * math.sin(phase + x / (width / 9)))
            for x in range(0, width + 8, 8)
        ]
        draw.polygon([*points, (width, height), (0, height)], fill=colour)


def _pattern_stripes(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    x = -height
    while x < width:
        stripe = rng.randint(height // 6, height // 2)
        colour = mix(accent, frame, rng.random() * 0.6)
        draw.polygon(
            [
                (x, height),
                (x + height, 0),
                (x + height + stripe, 0),
                (x + stripe, height),
            ],
            fill=colour,
        )
        x += stripe * 2


def _pattern_circles(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    for _ in range(max(12, width // 40)):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = mix(accent, frame, rng.random() * 0.7)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _pattern_mountains(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    sun = height * 0.3
    draw.ellipse(
        (width * 0.7, height * 0.1, width * 0.7 + sun, height * 0.1 + sun),
        fill=mix(accent, WHITE, 0.5),
    )
    for layer in range(3):
        colour = mix(accent, frame, 0.3 + layer * 0.3)
        points: list[tuple[float, float]] = [(0, height)]
        x = 0.0
        while x < width:
            points.append((x, height * (0.3 + 0.15 * layer + 0.3 * rng.random())))
            x += rng.randint(height // 2, height * 2)
        points += [(width, height * 0.6), (width, height)]
        draw.polygon(points, fill=colour)


def _pattern_stars(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent = rgb(look.accent)
    for _ in range(max(30, width // 12)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        radius = rng.choice((1, 1, 2, 2, 3))
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=mix(accent, WHITE, rng.random()),
        )


def _pattern_triangles(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    side = max(24, height // 2)
    for row in range(height // side + 2):
        for column in range(width // side + 2):
            x, y = column * side - (row % 2) * side // 2, row * side
            colour = mix(accent, frame, rng.random())
            if rng.random() < 0.5:
                draw.polygon(
                    [(x, y), (x + side, y), (x + side / 2, y + side)], fill=colour
                )
            else:
                draw.polygon(
                    [(x, y + side), (x + side, y + side), (x + side / 2, y)],
                    fill=colour,
                )


def _pattern_gradient(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    for x in range(width):
        draw.line([(x, 0), (x, height)], fill=mix(accent, frame, x / max(1, width - 1)))


def _pattern_dots(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent = rgb(look.accent)
    step = max(16, height // 5)
    for y in range(step // 2, height, step):
        for x in range(step // 2, width, step):
            radius = step * (0.15 + 0.2 * rng.random())
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=accent)


def _pattern_leaves(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    width, height = size
    accent, frame = rgb(look.accent), rgb(look.frame)
    for _ in range(max(16, width // 30)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        length = rng.randint(height // 5, height // 2)
        angle = rng.random() * math.tau
        tip = (x + length * math.cos(angle), y + length * math.sin(angle))
        side = (
            math.cos(angle + math.pi / 2) * length / 4,
            math.sin(angle + math.pi / 2) * length / 4,
        )
        middle = ((x + tip[0]) / 2, (y + tip[1]) / 2)
        draw.polygon(
            [
                (x, y),
                (middle[0] + side[0], middle[1] + side[1]),
                tip,
                (middle[0] - side[0], middle[1] - side[1]),
            ],
            fill=mix(accent, frame, rng.random() * 0.5),
        )


def _pattern_plain(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    look: ThemeLook,
    rng: random.Random,
) -> None:
    draw.rectangle((0, 0, size[0], size[1]), fill=rgb(look.frame))


Pattern = Callable[
    [ImageDraw.ImageDraw, tuple[int, int], ThemeLook, random.Random], None
]

PATTERNS: dict[str, Pattern] = {
    "waves": _pattern_waves,
    "stripes": _pattern_stripes,
    "circles": _pattern_circles,
    "mountains": _pattern_mountains,
    "stars": _pattern_stars,
    "triangles": _pattern_triangles,
    "gradient": _pattern_gradient,
    "dots": _pattern_dots,
    "leaves": _pattern_leaves,
    "plain": _pattern_plain,
}


def draw_theme_header(
    look: ThemeLook, size: tuple[int, int] = (1200, 200), *, rng_key: str = ""
) -> Image.Image:
    """Draw the header image of a theme, which Firefox paints on its frame."""
    if look.pattern not in PATTERNS:
        raise ValueError(
            f"theme pattern {look.pattern!r} is unknown: use one of {sorted(PATTERNS)}"
        )
    # Seeded with the key and the pattern alone, so the header in a theme's
    # package and the one on its preview are drawn from the same choices.
    rng = random.Random(f"{rng_key}:{look.pattern}")
    image = Image.new("RGB", size, rgb(look.frame))
    PATTERNS[look.pattern](ImageDraw.Draw(image), size, look, rng)
    return image
