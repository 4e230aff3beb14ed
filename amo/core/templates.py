"""Jinja2 for the site's pages, rendered in a small thread pool.

`environment()` is the factory Django's Jinja2 backend calls; `render()` is
what views use. Rendering runs in a bounded ThreadPoolExecutor, so one slow
template does not stall the other requests of the worker. The context must
hold plain, already fetched data: instances are built in the FETCH_RAISE
mode, so a template that touches an unloaded relation fails at once.

Django's active language lives in a contextvar that does not follow the
render into the pool thread, so `render()` activates the request's locale
inside the thread itself.
"""

import asyncio
import contextvars
import datetime
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import babel.dates
import babel.numbers
import babel.units
import jinja2
import nh3
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.templatetags.static import static
from django.utils import timezone, translation
from markupsafe import Markup, escape

from amo.core import i18n, urls
from amo.core.models import translate

_executor: ThreadPoolExecutor | None = None

# Wall time spent rendering in the current request, for Server-Timing.
render_seconds: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "amo_render_seconds", default=None
)


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(
            max_workers=settings.RENDER_THREADS, thread_name_prefix="amo-render"
        )
    return _executor


def shutdown() -> None:
    global _executor
    if _executor is not None:
        executor, _executor = _executor, None
        executor.shutdown(wait=True)


class Translation(str):
    """Text of a translated field, with the locale it is written in."""

    locale: str | None

    def __new__(cls, text: str, locale: str | None) -> "Translation":
        instance = super().__new__(cls, text)
        instance.locale = locale
        return instance


# Tags and attributes kept in add-on descriptions; the rest is stripped.
DESCRIPTION_TAGS = {
    "a",
    "abbr",
    "acronym",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
    "h3",
    "h4",
}
DESCRIPTION_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
}
_BLOCK_TAGS = ("<p", "<ul", "<ol", "<br", "<pre", "<blockquote")


def clean_html(text: str) -> Markup:
    """Sanitise author-written HTML with nh3 and keep its line breaks."""
    if not text:
        return Markup("")
    if not any(tag in text.lower() for tag in _BLOCK_TAGS):
        text = text.replace("\r\n", "\n").replace("\n", "<br>\n")
    cleaned = nh3.clean(
        text,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(cleaned)


@jinja2.pass_context
def _translated(
    context: Any, value: dict[str, str] | None, default_locale: str | None = None
) -> Translation:
    locale = context.get("LANG", settings.LANGUAGE_CODE)
    text, found = translate(value, locale, default_locale or settings.LANGUAGE_CODE)
    return Translation(text, found)


@jinja2.pass_context
def _lang_attribute(context: Any, text: Any) -> Markup:
    """` lang="xx"` when `text` is in another language than the page."""
    locale = getattr(text, "locale", None)
    if locale and locale != context.get("LANG"):
        return Markup(' lang="%s"') % locale
    return Markup("")


@jinja2.pass_context
def _url(context: Any, name: str, *args: Any, **kwargs: Any) -> str:
    return urls.site_path(
        name,
        *args,
        locale=kwargs.pop("locale", None) or context["LANG"],
        app=kwargs.pop("app", None) or context["APP"],
        query=kwargs.pop("query", None),
        **kwargs,
    )


@jinja2.pass_context
def _number(context: Any, value: int | float | None) -> str:
    if value is None:
        return ""
    return babel.numbers.format_decimal(
        value, locale=i18n.babel_locale(context["LANG"])
    )


@jinja2.pass_context
def _rating(context: Any, value: float | None) -> str:
    return babel.numbers.format_decimal(
        round(value or 0, 1), format="0.0", locale=i18n.babel_locale(context["LANG"])
    )


@jinja2.pass_context
def _date(
    context: Any,
    value: datetime.datetime | datetime.date | None,
    format: str = "medium",
) -> str:
    if value is None:
        return ""
    locale = i18n.babel_locale(context["LANG"])
    if isinstance(value, datetime.datetime):
        return babel.dates.format_date(value.date(), format=format, locale=locale)
    return babel.dates.format_date(value, format=format, locale=locale)


@jinja2.pass_context
def _filesize(context: Any, size: int | None) -> str:
    """Format a size in bytes as KB or MB for the page's locale."""
    size = size or 0
    locale = i18n.babel_locale(context["LANG"])
    if size < 1024 * 1024:
        value, unit = size / 1024, "kilobyte"
    else:
        value, unit = size / (1024 * 1024), "megabyte"
    return babel.units.format_unit(
        round(value, 1), f"digital-{unit}", length="short", locale=locale
    )


def _static(path: str) -> str:
    return static(path)


def environment(**options: Any) -> jinja2.Environment:
    """Build the Jinja2 environment; Django's Jinja2 backend calls this."""
    env = jinja2.Environment(**options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True
    )
    env.globals.update(
        url=_url,
        static=_static,
        SITE_NAME=settings.SITE_NAME,
        LANGUAGES=settings.AMO_LANGUAGES,
    )
    env.filters.update(
        translated=_translated,
        lang_attr=_lang_attribute,
        number=_number,
        rating=_rating,
        date=_date,
        filesize=_filesize,
        clean_html=clean_html,
        escape=escape,
    )
    return env


def _render_in_thread(template_name: str, context: dict[str, Any], locale: str) -> str:
    template = engines["jinja2"].env.get_template(template_name)  # type: ignore[attr-defined]
    with translation.override(locale):
        return template.render(context)


def base_context(request: HttpRequest) -> dict[str, Any]:
    """Values every page template can use."""
    locale = getattr(request, "LANG", settings.LANGUAGE_CODE)
    return {
        "request": request,
        "LANG": locale,
        "APP": getattr(request, "APP", "firefox"),
        "DIR": "rtl" if i18n.is_rtl(locale) else "ltr",
        "now": timezone.now(),
        # Lazy: a page that never prints a form sets no CSRF cookie, so it
        # stays cacheable.
        "csrf_input": csrf_input_lazy(request),
        "csrf_token": csrf_token_lazy(request),
    }


async def render(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
) -> HttpResponse:
    """Render `template_name` in the render pool and return the response."""
    full_context = base_context(request)
    if context:
        full_context.update(context)
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    html = await loop.run_in_executor(
        _get_executor(),
        _render_in_thread,
        template_name,
        full_context,
        full_context["LANG"],
    )
    spent = render_seconds.get()
    if spent is not None:
        spent.append(time.perf_counter() - started)
    return HttpResponse(html, status=status, content_type=content_type)


def render_sync(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render in the calling thread, for Django's sync error handlers."""
    full_context = base_context(request)
    if context:
        full_context.update(context)
    html = _render_in_thread(template_name, full_context, full_context["LANG"])
    return HttpResponse(html, status=status)
