"""Query parameters shared by the endpoints, as pydantic models.

The models validate the raw values and document them in the OpenAPI
schema; the views turn them into an `ApiContext` and plain values. A value
that fails validation gets a 400 whose body names the parameter (see
`amo.api.main`). Parameters a model does not declare are ignored.
"""

import re
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, ValidationInfo, field_validator

from amo.api.context import ApiContext
from amo.core import i18n
from amo.core.constants import APPS

# Page sizes of paginated lists: AMO's default and maximum. A larger
# page_size is clamped to the maximum, as AMO's paginator does.
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 50
# The highest page number accepted at all; pages past the last page of a
# list get 404 "Invalid page.", so this only keeps absurd numbers out of
# the offset arithmetic and the database.
MAX_PAGE = 1_000_000

# A language tag: "fr", "pt-BR", "ast", "zh_TW".
LANG_PATTERN = r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8}){0,3}$"
# An application version: "128.0", "115.0.2", "130.0a1".
APPVERSION_PATTERN = r"^[0-9]{1,6}(\.[0-9A-Za-z]{1,12}){0,3}$"

_DIGITS = re.compile(r"[0-9]+")


PageNumber = Annotated[
    int, Field(ge=1, le=MAX_PAGE, description="1-based page number.")
]
PageSize = Annotated[
    int,
    Field(
        ge=1,
        description=(
            f"Results per page, {DEFAULT_PAGE_SIZE} by default; values above "
            f"{MAX_PAGE_SIZE} are clamped to {MAX_PAGE_SIZE}."
        ),
    ),
]
Lang = Annotated[
    str | None,
    Field(
        pattern=LANG_PATTERN,
        description=(
            "Locale of translated fields: with it each one holds that "
            "locale's text, or the default locale's text with `_default`."
        ),
    ),
]
App = Annotated[
    Literal["firefox", "android"] | None,
    Field(description="Application of the returned site and download URLs."),
]
AppVersion = Annotated[
    str | None,
    Field(pattern=APPVERSION_PATTERN, description="Application version."),
]


class Params(Schema):
    """Query parameters; an empty value counts as absent."""

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value: Any, info: ValidationInfo) -> Any:
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].get_default(
                call_default_factory=True
            )
        return value


class LangParams(Params):
    lang: Lang = None


class AppParams(LangParams):
    app: App = None


class PageParams(Params):
    page: PageNumber = 1
    page_size: PageSize = DEFAULT_PAGE_SIZE

    @field_validator("page", "page_size", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        """Accept only plain decimal digits, so "1.0", "+1" and "1_0" fail.

        An empty value passes, so that `_empty_is_absent`, which pydantic
        runs after this validator, turns it into the default.
        """
        if value == "":
            return value
        if isinstance(value, str) and not _DIGITS.fullmatch(value):
            raise ValueError("A positive integer in decimal digits is required.")
        return value

    @property
    def effective_page_size(self) -> int:
        return min(self.page_size, MAX_PAGE_SIZE)


def resolve_lang(lang: str | None) -> str | None:
    """Return the locale `?lang=` names: a supported one, or the tag as sent.

    A region or spelling amo does not serve maps to its supported locale
    (de-AT is de, pt_br is pt-BR). A well-formed tag of a language amo does
    not serve, such as "ast", is kept: its fields have no translation and
    fall back to the default locale.
    """
    if lang is None:
        return None
    return i18n.match_locale(lang) or lang


def make_context(
    version: int,
    *,
    lang: str | None = None,
    app: str | None = None,
    show_grouped_ratings: bool = False,
) -> ApiContext:
    return ApiContext(
        version=version,
        lang=resolve_lang(lang),
        app=APPS[app or "firefox"],
        show_grouped_ratings=show_grouped_ratings,
    )
