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
import html
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
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
from django.utils.encoding import escape_uri_path
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
# Blocks inside which author newlines stay plain whitespace: lists lay out
# their own lines, and <pre> shows its newlines as they are.
_VERBATIM_TAGS = {"ul", "ol", "li", "pre", "blockquote"}
# Blocks whose newlines become <br>, like loose text's single newlines.
_TEXT_BLOCK_TAGS = {"p", "h3", "h4"}
_BLOCK_TAGS = _VERBATIM_TAGS | _TEXT_BLOCK_TAGS
_LINK_REL = "nofollow noopener noreferrer ugc"
# Two or more newlines with only whitespace between them end a paragraph.
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the URL before it.
_URL_TRAILING = ".,;:!?"


@dataclass
class _Element:
    """An element of a sanitised fragment: its tag, attributes and content."""

    tag: str
    attributes: list[tuple[str, str | None]]
    children: list["_Node"] = field(default_factory=list)


_Node = _Element | str


# Elements nested deeper than this lose their tags but keep their text, so
# the recursive steps below stay far from Python's recursion limit.
_MAX_DEPTH = 40


class _FragmentParser(HTMLParser):
    """Build a tree of _Element and text from nh3's well-formed output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("", [])
        self.stack = [self.root]
        # Tags opened past _MAX_DEPTH, whose end tags are skipped too.
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.stack[-1].children.append(_Element(tag, attrs))
        elif self.dropped or len(self.stack) > _MAX_DEPTH:
            self.dropped.append(tag)
        else:
            element = _Element(tag, attrs)
            self.stack[-1].children.append(element)
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        # nh3's output is well-formed, so the innermost open tag closes.
        if tag == "br":
            return
        if self.dropped:
            self.dropped.pop()
        elif len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _sanitise(fragment: str, link_rel: str | None) -> str:
    return nh3.clean(
        fragment,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=link_rel,
    )


def _serialise(nodes: list[_Node]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(html.escape(node, quote=False))
            continue
        attributes = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value)}"'
            for name, value in node.attributes
        )
        parts.append(f"<{node.tag}{attributes}>")
        if node.tag != "br":
            parts.append(_serialise(node.children))
            parts.append(f"</{node.tag}>")
    return "".join(parts)


def _split_url(candidate: str) -> tuple[str, str]:
    """Split a matched URL from the punctuation that follows it in text.

    A closing bracket stays in the URL when the URL opened one, as in
    Wikipedia's `Foo_(bar)` links.
    """
    url = candidate
    while url:
        last = url[-1]
        unbalanced = last == ")" and url.count(")") > url.count("(")
        if last not in _URL_TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url, candidate[len(url) :]


def _linkify_text(text: str) -> list[_Node]:
    nodes: list[_Node] = []
    position = 0
    for match in _URL.finditer(text):
        url, rest = _split_url(match.group())
        if "://" not in url or not url.split("://", 1)[1]:
            continue
        nodes.append(text[position : match.start()])
        nodes.append(_Element("a", [("href", url)], [url]))
        position = match.end() - len(rest)
    nodes.append(text[position:])
    return [node for node in nodes if node != ""]


def _linkify(nodes: list[_Node]) -> list[_Node]:
    """Turn http(s) URLs in text outside <a> into links."""
    linked: list[_Node] = []
    for node in nodes:
        if isinstance(node, str):
            linked.extend(_linkify_text(node))
        else:
            if node.tag != "a":
                node.children = _linkify(node.children)
            linked.append(node)
    return linked


def _contains_block(element: _Element) -> bool:
    return any(
        isinstance(child, _Element)
        and (child.tag in _BLOCK_TAGS or _contains_block(child))
        for child in element.children
    )


def _is_blank(nodes: list[_Node]) -> bool:
    """Return whether `nodes` contain only whitespace, and no <br>."""
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return False
        elif node.tag == "br" or not _is_blank(node.children):
            return False
    return True


def _split_paragraphs(nodes: list[_Node]) -> list[list[_Node]]:
    """Split inline nodes at blank lines, cloning elements cut in two."""
    paragraphs: list[list[_Node]] = [[]]
    for node in nodes:
        if isinstance(node, str):
            first, *others = _BLANK_LINE.split(node)
            paragraphs[-1].append(first)
            paragraphs.extend([part] for part in others)
            continue
        if node.tag == "br":
            paragraphs[-1].append(node)
            continue
        first_part, *other_parts = _split_paragraphs(node.children)
        paragraphs[-1].append(_Element(node.tag, node.attributes, first_part))
        for part in other_parts:
            paragraphs.append([_Element(node.tag, node.attributes, part)])
    return paragraphs


def _strip_edges(nodes: list[_Node], *, leading: bool) -> None:
    """Strip whitespace from the first (or last) text of `nodes` in place."""
    while nodes:
        index = 0 if leading else -1
        node = nodes[index]
        if isinstance(node, _Element):
            if node.tag != "br":
                _strip_edges(node.children, leading=leading)
            return
        stripped = node.lstrip() if leading else node.rstrip()
        if stripped:
            nodes[index] = stripped
            return
        del nodes[index]


def _strip(nodes: list[_Node]) -> list[_Node]:
    _strip_edges(nodes, leading=True)
    _strip_edges(nodes, leading=False)
    return nodes


def _break_lines(
    nodes: list[_Node], after_break: bool = False
) -> tuple[list[_Node], bool]:
    """Replace each newline in text with <br>, unless a <br> precedes it.

    Returns the new nodes and whether they end with a line break.
    """
    broken: list[_Node] = []
    for node in nodes:
        if isinstance(node, _Element):
            if node.tag == "br":
                broken.append(node)
                after_break = True
            else:
                node.children, after_break = _break_lines(node.children, after_break)
                broken.append(node)
            continue
        for index, line in enumerate(node.split("\n")):
            if index > 0:
                if not after_break:
                    broken.append(_Element("br", []))
                broken.append("\n")
                after_break = False
            if line:
                broken.append(line)
                if line.strip():
                    after_break = False
    return broken, after_break


def _paragraphs(run: list[_Node]) -> list[_Node]:
    """Wrap loose inline content in <p>: blank lines part paragraphs."""
    blocks: list[_Node] = []
    for paragraph in _split_paragraphs(run):
        if _is_blank(paragraph):
            continue
        lines, _ = _break_lines(_strip(paragraph))
        blocks.append(_Element("p", [], lines))
    return blocks


def _lay_out(nodes: list[_Node]) -> list[_Node]:
    """Turn the author's newlines at the top of a fragment into markup.

    Loose text and inline elements between blocks become paragraphs.
    Newlines inside <p> and headings become <br>, those inside lists,
    <pre> and <blockquote> stay as they are, and the whitespace around
    blocks is dropped.
    """
    blocks: list[_Node] = []
    run: list[_Node] = []
    for node in nodes:
        is_block = isinstance(node, _Element) and (
            node.tag in _BLOCK_TAGS or _contains_block(node)
        )
        if not is_block:
            run.append(node)
            continue
        assert isinstance(node, _Element)
        blocks.extend(_paragraphs(run))
        run = []
        if node.tag in _TEXT_BLOCK_TAGS and not _contains_block(node):
            node.children, _ = _break_lines(_strip(node.children))
        blocks.append(node)
    blocks.extend(_paragraphs(run))
    return blocks


def clean_html(text: str) -> Markup:
    """Sanitise author-written HTML and keep the author's line breaks.

    nh3 removes what is not allowed and returns well-formed HTML. Its
    output is then laid out (paragraphs, <br>, see _lay_out), plain http(s)
    URLs become links, and nh3 cleans the result once more, which also
    gives every link rel="nofollow noopener noreferrer ugc".
    """
    if not text:
        return Markup("")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parser = _FragmentParser()
    parser.feed(_sanitise(text, link_rel=None))
    parser.close()
    blocks = _lay_out(_linkify(parser.root.children))
    laid_out = "\n".join(_serialise([block]) for block in blocks)
    return Markup(_sanitise(laid_out, link_rel=_LINK_REL))


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
def _relative(context: Any, value: datetime.datetime | None) -> str:
    """Format the time from `value` to the page's `now` in words, such as
    "3 months ago", in the page's locale."""
    if value is None:
        return ""
    delta = value - context["now"]
    # Minutes at the finest, so that a page rendered again a few seconds
    # later reads the same.
    return babel.dates.format_timedelta(
        delta,
        granularity="minute",
        add_direction=True,
        locale=i18n.babel_locale(context["LANG"]),
    )


@jinja2.pass_context
def _filesize(context: Any, size: int | None) -> str:
    """Format a size in bytes as kB or MB for the page's locale.

    Babel's digital units are SI units, so a kB is 1000 bytes.
    """
    size = size or 0
    locale = i18n.babel_locale(context["LANG"])
    kilobytes = round(size / 1000, 1)
    if kilobytes < 1000:
        value, unit = kilobytes, "kilobyte"
    else:
        value, unit = round(size / 1000**2, 1), "megabyte"
    return babel.units.format_unit(
        value, f"digital-{unit}", length="short", locale=locale
    )


def _uri_path(path: str) -> str:
    """Percent-encode a decoded URL path, such as path_info, for an href."""
    return escape_uri_path(path)


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
        relative=_relative,
        filesize=_filesize,
        uri_path=_uri_path,
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
    # The render runs in a copy of the request's context, so the cache
    # calls of its fragments are recorded in the request's log.
    request_context = contextvars.copy_context()
    html = await loop.run_in_executor(
        _get_executor(),
        request_context.run,
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
