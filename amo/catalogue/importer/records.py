"""The output of the source parsers: add-on records, their parts, reports.

A parser turns each add-on entry of a file into one `SourceRecord`. Every
field is optional: None (or an empty collection) means "this source does
not say", so the merge can tell a missing value from a real zero. Values
are already mapped onto amo's enumerations and site locales; only the
joining and merging of records is left to the later steps.
"""

import dataclasses
import datetime
from pathlib import Path

# A translated text keyed by site locale, such as {"en-US": "Tab Mix"}.
Translations = dict[str, str]

# The `observed` time of a record whose source gives no date: older than
# any dated record, so it loses every conflict.
UNKNOWN_TIME = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# Key for a text whose locale the source does not state: the merge files
# it under the add-on's default locale once that is known.
DEFAULT_LOCALE_KEY = "*default*"


@dataclasses.dataclass
class Report:
    """A problem found in a file, with where it is and what was done."""

    path: Path
    position: str
    # The same text for every report of a kind, so a summary can count them.
    reason: str
    # "skipped": the record was not used. "dropped": the record loaded, but
    # the named value in it was left out.
    level: str = "skipped"
    # What exactly was wrong in this one: the value, the keys.
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.position}: {self.reason}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclasses.dataclass
class LicenseRef:
    """The licence of a version: a built-in slug, or a custom licence."""

    slug: str | None = None
    name: Translations = dataclasses.field(default_factory=dict)
    url: str = ""
    text: Translations = dataclasses.field(default_factory=dict)

    def key(self) -> tuple[str, ...]:
        """Return the licence's identity, which equal custom licences share."""
        if self.slug:
            return ("builtin", self.slug)
        name = "\x1f".join(f"{k}={v}" for k, v in sorted(self.name.items()))
        text = "\x1f".join(f"{k}={v}" for k, v in sorted(self.text.items()))
        return ("custom", name, self.url, text)


@dataclasses.dataclass
class FileRecord:
    filename: str | None = None
    # "sha256:<hex>", as AMO's API sends it.
    hash: str | None = None
    size: int | None = None
    status: int | None = None
    source_url: str | None = None
    created: datetime.datetime | None = None
    permissions: list[str] | None = None
    optional_permissions: list[str] | None = None
    host_permissions: list[str] | None = None
    strict_compatibility: bool | None = None
    is_mozilla_signed_extension: bool | None = None


@dataclasses.dataclass
class VersionRecord:
    version: str
    channel: int | None = None
    created: datetime.datetime | None = None
    reviewed: datetime.datetime | None = None
    release_notes: Translations = dataclasses.field(default_factory=dict)
    license: LicenseRef | None = None
    file: FileRecord | None = None
    # Application id to (min, max) application versions.
    compatibility: dict[int, tuple[str, str]] = dataclasses.field(default_factory=dict)
    deleted: bool | None = None
    # Beta versions of 2010 were approved but never the current version.
    beta: bool = False


@dataclasses.dataclass
class AuthorRecord:
    amo_id: int
    username: str | None = None
    display_name: str | None = None
    email: str | None = None
    homepage: str | None = None
    biography: str | None = None
    created: datetime.datetime | None = None
    deleted: bool | None = None
    role: int | None = None
    listed: bool | None = None
    position: int | None = None
    # When the user's details were last changed at the source.
    observed: datetime.datetime | None = None


@dataclasses.dataclass
class PreviewRecord:
    position: int
    caption: Translations = dataclasses.field(default_factory=dict)
    image_source_url: str = ""
    thumbnail_source_url: str = ""
    sizes: dict[str, list[int]] = dataclasses.field(default_factory=dict)


# The scalar fields of Addon that sources may give, merged one by one.
SCALAR_FIELDS = (
    "type",
    "status",
    "disabled_by_user",
    "default_locale",
    "contributions_url",
    "target_locale",
    "icon_source_url",
    "average_daily_users",
    "weekly_downloads",
    "total_downloads",
    "total_ratings",
    "text_ratings_count",
    "average_rating",
    "bayesian_rating",
    "created",
    "last_updated",
    "promoted",
    "requires_payment",
    "is_experimental",
)

# The translated fields of Addon, merged locale by locale.
TRANSLATED_FIELDS = (
    "name",
    "summary",
    "description",
    "developer_comments",
    "homepage",
    "support_url",
    "support_email",
    "eula",
    "privacy_policy",
)


@dataclasses.dataclass
class SourceRecord:
    """One add-on entry of one file.

    `observed` is when the values were true (the date the list was made,
    or the entry's own modification time); on conflicts the newer record
    wins. `slug` is an AMO slug that other sources may join on, while
    `slug_candidate` is only a name to use for the page URL.
    """

    source: str
    path: Path
    position: str
    observed: datetime.datetime
    guid: str | None = None
    amo_id: int | None = None
    slug: str | None = None
    slug_candidate: str | None = None
    # False for add-ons that the source marks as not on addons.mozilla.org.
    on_amo: bool = True
    values: dict[str, object] = dataclasses.field(default_factory=dict)
    translations: dict[str, Translations] = dataclasses.field(default_factory=dict)
    versions: list[VersionRecord] = dataclasses.field(default_factory=list)
    authors: list[AuthorRecord] = dataclasses.field(default_factory=list)
    # Application id to category slugs; None when the source has none.
    categories: dict[int, list[str]] | None = None
    tags: list[str] | None = None
    previews: list[PreviewRecord] | None = None
    # Values left out while parsing, as (reason, detail), reported once the
    # record is used.
    notes: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def note(self, reason: str, detail: str = "") -> None:
        """Record that a value of this record was left out, and why."""
        self.notes.append((reason, detail))

    @property
    def guid_key(self) -> str | None:
        return self.guid.lower() if self.guid else None

    @property
    def has_name(self) -> bool:
        return any(text.strip() for text in self.translations.get("name", {}).values())

    def describe(self) -> str:
        """Return a short label of the record's keys, for reports."""
        keys = []
        if self.guid:
            keys.append(f"guid {self.guid}")
        if self.amo_id is not None:
            keys.append(f"AMO id {self.amo_id}")
        if self.slug:
            keys.append(f"slug {self.slug}")
        return ", ".join(keys) or "no guid, AMO id or slug"


@dataclasses.dataclass
class ParsedFile:
    """The records of one file and the problems found in it."""

    path: Path
    source: str
    records: list[SourceRecord] = dataclasses.field(default_factory=list)
    reports: list[Report] = dataclasses.field(default_factory=list)
    # Objects that describe no add-on (collections, statistics...), by kind.
    ignored: dict[str, int] = dataclasses.field(default_factory=dict)
