"""Pydantic models of the v5 responses, for the OpenAPI schema.

Views send plain dicts built by amo.api.serializers; these models describe
them (every model forbids keys it does not name), and the schemathesis
test checks real responses against them.
"""

import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

# The enumerations of amo.core.constants, spelled out for the type checker;
# tests/api check that they agree.
AddonType = Literal[
    "extension", "theme", "dictionary", "search", "language", "persona", "statictheme"
]
AddonStatus = Literal[
    "incomplete", "nominated", "public", "disabled", "deleted", "rejected"
]
FileStatus = Literal["unreviewed", "public", "disabled"]
PromotedName = Literal["recommended", "line", "notable", "spotlight", "strategic"]

# A translated field: locale to text. With `lang`, a missing locale maps
# to null and `_default` names the locale of the text sent instead.
Translations = dict[str, str | None]


class Model(Schema):
    model_config = ConfigDict(extra="forbid")


class Detail(Model):
    detail: str


class DisabledDetail(Model):
    """401: authentication needed; for an add-on only its authors and
    reviewers may see, with the two flags.
    """

    detail: str
    is_disabled_by_developer: bool = Field(
        False, description="On add-ons that are not public."
    )
    is_disabled_by_mozilla: bool = Field(
        False, description="On add-ons that are not public."
    )


class AuthDetail(Model):
    """401 of a route that needs a user: no credentials, or credentials
    that failed, with AMO's code for some failures."""

    detail: str
    code: str | None = Field(
        None,
        description="ERROR_INVALID_HEADER, ERROR_SIGNATURE_EXPIRED or "
        "ERROR_DECODING_SIGNATURE, for those failures.",
    )


# 400: each invalid parameter to its messages.
ValidationErrors = dict[str, list[str]]
# 400 of a submission: each field to its messages; the fields of a nested
# object (the version of an add-on) under its key.
SubmissionErrors = dict[str, list[str] | dict[str, list[str]]]


class SiteStatus(Model):
    read_only: bool
    notice: str | None


class TranslatedLink(Model):
    url: Translations
    outgoing: Translations


class Link(Model):
    url: str
    outgoing: str


class Author(Model):
    id: int
    name: str
    url: str
    username: str
    picture_url: str | None = Field(None, description="Not in search results.")


class Preview(Model):
    id: int
    caption: Translations | None
    image_size: list[int]
    image_url: str
    thumbnail_size: list[int]
    thumbnail_url: str
    position: int


class Promotion(Model):
    apps: list[Literal["firefox", "android"]]
    category: PromotedName


class Ratings(Model):
    average: float
    bayesian_average: float
    count: int
    text_count: int
    grouped_counts: dict[str, int] | None = Field(
        None, description="With show_grouped_ratings: the count of each score."
    )


class Compatibility(Model):
    min: str
    max: str


class File(Model):
    id: int
    created: datetime.datetime
    hash: str
    is_mozilla_signed_extension: bool
    size: int
    status: FileStatus
    url: str
    permissions: list[str]
    optional_permissions: list[str]
    host_permissions: list[str]
    data_collection_permissions: list[str]
    optional_data_collection_permissions: list[str]


class License(Model):
    is_custom: bool
    name: Translations | None
    slug: str | None
    url: str | None
    text: Translations | None = Field(None, description="Only on version detail.")


class Version(Model):
    id: int
    version: str
    channel: Literal["listed", "unlisted"]
    compatibility: dict[str, Compatibility]
    is_strict_compatibility_enabled: bool
    edit_url: str
    file: File | None
    license: License | None = Field(None, description="Not in search results.")
    release_notes: Translations | None = Field(
        None, description="Not in search results."
    )
    reviewed: datetime.datetime | None
    is_disabled: bool | None = Field(
        None, description="Only for authors: the author disabled the version."
    )
    approval_notes: str | None = Field(
        None, description="Only for authors: notes for the reviewers."
    )
    source: str | None = Field(
        None, description="Only for authors: the URL of the source archive."
    )


class Addon(Model):
    id: int
    authors: list[Author]
    average_daily_users: int
    categories: list[str]
    contributions_url: Link | None
    created: datetime.datetime
    current_version: Version | None
    default_locale: str
    description: Translations | None
    developer_comments: Translations | None
    edit_url: str
    guid: str | None
    has_eula: bool
    has_privacy_policy: bool
    homepage: TranslatedLink | None
    icon_url: str
    icons: dict[str, str]
    is_disabled: bool
    is_experimental: bool
    is_noindexed: bool | None
    last_updated: datetime.datetime | None
    latest_unlisted_version: Version | None
    name: Translations | None
    previews: list[Preview]
    promoted: list[Promotion]
    ratings: Ratings
    ratings_url: str
    requires_payment: bool
    review_url: str
    slug: str
    status: AddonStatus
    summary: Translations | None
    support_email: Translations | None
    support_url: TranslatedLink | None
    tags: list[str]
    type: AddonType
    url: str
    versions_url: str
    weekly_downloads: int


class AddonSubmission(Addon):
    """An add-on with the version that a submission created."""

    version: Version


class Upload(Model):
    uuid: str = Field(description="32 hexadecimal digits.")
    channel: Literal["listed", "unlisted"]
    processed: bool = Field(description="Validation finished.")
    submitted: bool = Field(description="A version was made from it.")
    url: str
    valid: bool
    validation: dict[str, Any] | None = Field(
        description="The validation result, in addons-linter's shape."
    )
    version: str | None = Field(description="The version in the manifest.")


class SearchResult(Addon):
    score: float = Field(alias="_score")


class Page(Model):
    count: int
    next: str | None
    previous: str | None
    page_size: int
    page_count: int


class SearchPage(Page):
    results: list[SearchResult]


class VersionPage(Page):
    results: list[Version]


class UploadPage(Page):
    results: list[Upload]


class AutocompleteResult(Model):
    id: int
    icon_url: str
    icons: dict[str, str]
    name: Translations | None
    promoted: list[Promotion]
    type: AddonType
    url: str


class AutocompleteResults(Model):
    results: list[AutocompleteResult]


class Category(Model):
    id: int
    name: str
    slug: str
    type: AddonType
    misc: bool
    weight: int
    description: str


class CompatibleVersion(Model):
    id: int
    file: File | None
    reviewed: datetime.datetime | None
    version: str


class LanguageTool(Model):
    id: int
    current_compatible_version: CompatibleVersion | None = Field(
        None, description="Only with appversion."
    )
    default_locale: str
    guid: str | None
    name: Translations | None
    slug: str
    target_locale: str
    type: AddonType
    url: str


class LanguageTools(Model):
    results: list[LanguageTool]


class ShelfFooter(Model):
    url: str
    outgoing: str
    text: Translations | None


class Shelf(Model):
    title: Translations
    url: str
    endpoint: Literal["search", "collections"]
    addon_type: AddonType
    criteria: str
    footer: ShelfFooter | None
    addons: list[SearchResult]


class Hero(Model):
    primary: None = Field(description="amo has no hero content yet: null.")
    secondary: None = Field(description="amo has no hero content yet: null.")


class HeroList(Model):
    results: list[dict[str, Any]] = Field(
        description="The hero items; amo has no hero content yet, so empty."
    )


class Shelves(Hero):
    results: list[Shelf]
