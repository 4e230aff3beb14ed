"""The {% cache %} tag: fragments by name, arguments, locale and app."""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async
from django.template import engines

from amo.core.cache import generations
from amo.core.cache.calls import capture_cache_calls
from amo.core.fragments import fragment_key
from tests.factories import AddonFactory
from tests.pages.helpers import get_page


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"render {self.calls}"


def render(source: str, **context) -> str:
    template = engines["jinja2"].env.from_string(source)
    return template.render({"LANG": "en-US", "APP": "firefox", **context})


def test_second_render_reads_the_fragment():
    counter = Counter()
    source = '{% cache "counted", 1 %}<b>{{ counter() }}</b>{% endcache %}'

    first = render(source, counter=counter)
    with capture_cache_calls() as calls:
        second = render(source, counter=counter)

    assert first == "<b>render 1</b>"
    assert second == first
    assert counter.calls == 1
    # The entry and the site generation, in one call.
    assert calls.operations() == ["get_many"]


def test_arguments_locale_and_app_pick_the_entry():
    counter = Counter()
    source = '{% cache "picked", key %}{{ counter() }}{% endcache %}'
    outputs = [
        render(source, counter=counter, key=1),
        render(source, counter=counter, key=2),
        render(source, counter=counter, key=1, LANG="de"),
        render(source, counter=counter, key=1, APP="android"),
        render(source, counter=counter, key=1),
    ]
    assert outputs == ["render 1", "render 2", "render 3", "render 4", "render 1"]
    assert fragment_key("picked", [1], "de", "firefox") != fragment_key(
        "picked", [1], "en-US", "firefox"
    )


def test_site_generation_bump_renders_again():
    counter = Counter()
    source = '{% cache "bumped" %}{{ counter() }}{% endcache %}'
    render(source, counter=counter)
    generations.bump([generations.SITE_GENERATION_KEY])
    assert render(source, counter=counter) == "render 2"
    assert render(source, counter=counter) == "render 2"


def test_timeout_keeps_the_entry_that_long():
    counter = Counter()
    source = '{% cache "short", timeout=1 %}{{ counter() }}{% endcache %}'
    render(source, counter=counter)
    assert render(source, counter=counter) == "render 1"
    time.sleep(1.2)
    assert render(source, counter=counter) == "render 2"


def test_fragment_output_stays_escaped_once():
    source = '{% cache "escaped" %}{{ text }}{% endcache %}'
    assert render(source, text="<i>") == "&lt;i&gt;"
    assert render(source, text="<i>") == "&lt;i&gt;"


def test_fragment_name_must_be_a_string():
    with pytest.raises(ValueError, match="names the fragment"):
        render("{% cache 3 %}x{% endcache %}")


async def test_render_on_the_event_loop_skips_the_cache():
    counter = Counter()
    source = '{% cache "on-loop" %}{{ counter() }}{% endcache %}'
    assert render(source, counter=counter) == "render 1"
    assert render(source, counter=counter) == "render 2"
    # Off the loop, as the render pool renders, the cache is used.
    await asyncio.to_thread(render, source, counter=counter)
    assert await asyncio.to_thread(render, source, counter=counter) == "render 3"


async def test_listing_pages_read_their_fragments(live_db, async_client):
    def build():
        for index in range(3):
            AddonFactory(slug=f"fragment-{index}", categories=["tabs"])

    await sync_to_async(build)()
    path = "/de/firefox/extensions/"

    first = await get_page(async_client, path)
    second = await get_page(async_client, path)

    # The category menu and the card grid are stored once, then read: one
    # call each, recorded from the render thread.
    assert first.cache_calls.operations().count("set") == 2
    assert second.cache_calls.operations().count("get_many") == 2
    assert "set" not in second.cache_calls.operations()
    assert second.html == first.html
