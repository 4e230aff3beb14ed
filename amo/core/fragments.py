"""The fragment cache: `{% cache %}` stores a rendered piece of a template.

    {% cache "category-menu", section.slug, category.pk, timeout=600 %}
      ...
    {% endcache %}

The first argument names the fragment; the others, and the page's locale
and application, pick its entry. The value is the rendered HTML with the
site generation it was rendered under, read in the same get_many as the
entry, so an invalidation (which bumps the site generation) turns every
fragment into a miss. `timeout` is in seconds and defaults to
CACHE_TIMEOUT.

Templates render in the pool threads of amo.core.templates, so the cache
calls are the cache's sync methods: direct for the in-process cache,
through the bridge for memcached. A render on a thread that runs an event
loop, where the bridge cannot be used, renders the body without the cache.
"""

import asyncio
import hashlib
from typing import Any

import structlog
from django.conf import settings
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context
from markupsafe import Markup

from amo.core.cache import generations
from amo.core.cache.backends import default_cache

log = structlog.get_logger(__name__)

# Bumped by hand when the stored value changes shape.
FORMAT_VERSION = 1


def fragment_key(name: str, args: list[Any], locale: str, app: str) -> str:
    digest = hashlib.sha256(repr(args).encode()).hexdigest()[:32]
    return f"frag:{FORMAT_VERSION}:{name}:{locale}:{app}:{digest}"


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class FragmentCacheExtension(Extension):
    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        parts = [parser.parse_expression()]
        timeout: nodes.Expr = nodes.Const(None)
        while parser.stream.skip_if("comma"):
            if parser.stream.current.test("name:timeout") and parser.stream.look().test(
                "assign"
            ):
                next(parser.stream)
                next(parser.stream)
                timeout = parser.parse_expression()
            else:
                parts.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method(
            "_render_cached", [nodes.ContextReference(), nodes.List(parts), timeout]
        )
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render_cached(
        self,
        context: Context,
        parts: list[Any],
        timeout: float | None,
        caller: Any,
    ) -> Markup:
        name, *args = parts
        if not isinstance(name, str) or not name:
            raise ValueError(
                f"The first argument of {{% cache %}} names the fragment and must "
                f"be a non-empty string, not {name!r}."
            )
        if _on_event_loop():
            return Markup(caller())

        locale = context.get("LANG", settings.LANGUAGE_CODE)
        app = context.get("APP", "")
        key = fragment_key(name, args, locale, app)
        cache = default_cache()
        found = cache.get_many([key, generations.SITE_GENERATION_KEY])
        generation = found.get(generations.SITE_GENERATION_KEY)
        entry = found.get(key)
        if (
            generation is not None
            and isinstance(entry, tuple)
            and len(entry) == 2
            and entry[0] == generation
        ):
            return Markup(entry[1])

        html = str(caller())
        if generation is None:
            # A fresh or flushed cache: start the generation, as the page
            # cache does, so the fragment stays valid until the next bump.
            generation = generations.ensure([generations.SITE_GENERATION_KEY]).get(
                generations.SITE_GENERATION_KEY
            )
        if generation is not None:
            seconds = settings.CACHE_TIMEOUT if timeout is None else timeout
            cache.set(key, (generation, html), seconds)
        return Markup(html)
