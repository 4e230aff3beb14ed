"""The records that the demo data is written in.

Translated text is a plain string (the text in the add-on's default
locale) or a mapping from locale to text, as the models store it.
"""

import datetime
from dataclasses import dataclass, field

from amo.core.constants import AddonType

Text = str | dict[str, str]


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    biography: str
    homepage: str = ""
    joined: str = "2015-01-01"

    @property
    def email(self) -> str:
        return f"{self.username}@demo.example.com"


@dataclass(frozen=True)
class Artwork:
    """The look of an add-on's icon and screenshots.

    `shape` names an outline in `drawing.icons.SHAPES`; `glyph` names a
    symbol in `drawing.icons.GLYPHS`, or is one or two ASCII characters
    drawn as text. `colours` are RGB hex strings: the background, a second
    background colour for the gradient, and the glyph's colour.
    """

    shape: str
    glyph: str
    colours: tuple[str, str, str]


@dataclass(frozen=True)
class ThemeLook:
    """The colours and header pattern of a theme's browser frame.

    `pattern` names a drawing in `drawing.themes.PATTERNS`.
    """

    frame: str
    toolbar: str
    text: str
    accent: str
    pattern: str


@dataclass(frozen=True)
class DemoVersion:
    version: str
    date: str
    notes: Text
    # Unlisted versions are signed for self-distribution and never current.
    listed: bool = True
    # A licence slug of BUILTIN_LICENSES, when it differs from the add-on's.
    license: str = ""

    @property
    def released(self) -> datetime.datetime:
        day = datetime.date.fromisoformat(self.date)
        return datetime.datetime(
            day.year, day.month, day.day, 14, 30, tzinfo=datetime.UTC
        )


@dataclass(frozen=True)
class DemoAddon:
    slug: str
    guid: str
    type: int
    name: Text
    summary: Text
    description: Text
    artwork: Artwork
    versions: tuple[DemoVersion, ...]
    authors: tuple[str, ...]
    # Category slugs for Firefox, of the type that the add-on's browse
    # section lists (static theme categories for every kind of theme).
    categories: tuple[str, ...]
    users: int
    rating: float
    # Category slugs for Firefox for Android; an add-on with any is
    # compatible with Android from its versions of August 2020 on.
    android_categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    license: str = "MPL-2.0"
    default_locale: str = "en-US"
    target_locale: str = ""
    promoted: str = ""
    homepage: str = ""
    support_url: str = ""
    support_email: str = ""
    privacy_policy: Text = ""
    eula: Text = ""
    developer_comments: Text = ""
    contributions_url: str = ""
    requires_payment: bool = False
    is_experimental: bool = False
    # Screenshot captions, one screenshot each.
    screenshots: tuple[Text, ...] = ()
    theme: ThemeLook | None = None
    # WebExtension permissions and host permissions of extensions.
    permissions: tuple[str, ...] = ()
    host_permissions: tuple[str, ...] = ()
    # Search engines: the search URL, with {searchTerms}, and the keyword.
    search_url: str = ""
    keyword: str = ""
    # Dictionaries: a few words of the language, for the .dic file.
    words: tuple[str, ...] = field(default=())

    @property
    def is_theme(self) -> bool:
        return self.type in (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME)

    @property
    def android(self) -> bool:
        return bool(self.android_categories)


def texts(value: Text, default_locale: str) -> dict[str, str]:
    """Return `value` as a mapping from locale to text."""
    if isinstance(value, str):
        return {default_locale: value} if value else {}
    return dict(value)
