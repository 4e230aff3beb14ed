"""What a request asks of every serialised object: API version, locale, app."""

from dataclasses import dataclass

from django.conf import settings

from amo.core.constants import APPS, Application
from amo.core.i18n import match_locale


@dataclass(frozen=True)
class ApiContext:
    """The options of one request that shape its output.

    `lang` is the locale that `?lang=` asked for, or None to send every
    translation; `locale` is the locale of the site URLs in the output:
    the site's locale for `lang`, or the default one when the site does
    not serve that language.
    `app` is the application of `?app=` (Firefox by default), which sets the
    application segment of site and download URLs.
    """

    version: int = 5
    lang: str | None = None
    app: Application = APPS["firefox"]
    show_grouped_ratings: bool = False

    @property
    def locale(self) -> str:
        if self.lang is None:
            return settings.LANGUAGE_CODE
        return match_locale(self.lang) or settings.LANGUAGE_CODE

    @property
    def is_v4(self) -> bool:
        return self.version == 4
