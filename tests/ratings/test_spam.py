"""The spam checks of ratings, on the in-process Redis, a real one, and a
Redis that does not answer."""

import datetime

import pytest
from redis.asyncio import Redis

from amo.core import redis as amo_redis
from amo.ratings import actions, queries, spam
from amo.ratings.models import Rating
from tests.factories import VersionFactory
from tests.services import free_port

from .conftest import arating_row


@pytest.mark.parametrize(
    ("body", "hit"),
    [
        ("Visit example.com for more", True),
        ("www.something", True),
        ("best deals at shop.example.net!", True),
        ("Go to EXAMPLE.ORG", True),
        ("It works.It is great.", False),
        ("Version 2.0 is fine", False),
        ("e.g. tabs and so on", False),
        ("", False),
    ],
)
def test_link_like_text(body, hit):
    assert spam.has_link_like_text(body) is hit


def test_normalise_ignores_case_punctuation_spaces():
    assert spam.normalise("  Great   ADD-ON!!\n") == "great add on"
    assert spam.body_digest("Great add-on!") == spam.body_digest("great  add on")
    assert spam.body_digest("  ...  ") == ""


async def test_link_like_body_is_held(world, ratings_redis, log_events):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="Cheap at example.com"
    )

    row = await arating_row(rating.pk)
    assert row.held
    assert row.needs_moderation
    assert await spam.reasons([rating.pk]) == {rating.pk: [spam.LINKS]}
    held = [event for event in log_events() if event["event"] == "rating held as spam"]
    assert held[0]["rating_id"] == rating.pk
    assert held[0]["reasons"] == [spam.LINKS]


async def test_clean_body_is_not_held(world, ratings_redis):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="Does what it says."
    )

    row = await arating_row(rating.pk)
    assert not row.held
    assert not row.needs_moderation
    assert await spam.reasons([rating.pk]) == {}


async def test_duplicate_body_is_held(world, ratings_redis, live_db):
    from asgiref.sync import sync_to_async

    from .conftest import make_addon

    other = await sync_to_async(make_addon)()
    first = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="Best add-on ever!"
    )
    second = await actions.create_rating(
        world.alice, other.pk, score=5, body="best   add on EVER"
    )
    someone_else = await actions.create_rating(
        world.bob, other.pk, score=5, body="Best add-on ever!"
    )

    assert not (await arating_row(first.pk)).held
    assert (await arating_row(second.pk)).held
    assert await spam.reasons([second.pk]) == {second.pk: [spam.MATCHES]}
    assert not (await arating_row(someone_else.pk)).held


async def test_rating_a_new_version_with_the_same_text_is_not_held(
    world, ratings_redis, live_db
):
    first = await actions.create_rating(
        world.alice,
        world.addon.pk,
        score=3,
        body="Does the job well.",
        version_id=world.old_version.pk,
    )
    second = await actions.create_rating(
        world.alice,
        world.addon.pk,
        score=4,
        body="Does the job well!",
        version_id=world.version.pk,
    )

    row = await arating_row(second.pk)
    assert not (await arating_row(first.pk)).is_latest
    assert row.is_latest
    assert not row.held
    assert await spam.reasons([second.pk]) == {}


async def test_edit_keeping_own_body_is_not_a_match(world, ratings_redis):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="Solid"
    )

    await actions.edit_rating(world.alice, rating.pk, score=4, body="Solid!")

    assert not (await arating_row(rating.pk)).held


async def test_edit_to_link_like_body_is_held(world, ratings_redis):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=5)

    await actions.edit_rating(world.alice, rating.pk, body="see www.example")

    row = await arating_row(rating.pk)
    assert row.held
    assert row.needs_moderation


async def test_eleventh_rating_in_30_days_is_held(world, ratings_redis):
    # Ten ratings counted on earlier days of the window.
    user = world.alice
    today = datetime.datetime.now(datetime.UTC).date()
    for back in range(10):
        await ratings_redis.incr(
            spam.count_key(user.pk, today - datetime.timedelta(days=back * 3))
        )
    # One on the 31st day back, outside the window.
    await ratings_redis.incr(
        spam.count_key(user.pk, today - datetime.timedelta(days=30))
    )

    rating = await actions.create_rating(user, world.addon.pk, score=4)

    assert (await arating_row(rating.pk)).held
    assert await spam.reasons([rating.pk]) == {rating.pk: [spam.NUMBERS]}


async def test_tenth_rating_is_not_held(world, ratings_redis):
    today = datetime.datetime.now(datetime.UTC).date()
    await ratings_redis.incrby(spam.count_key(world.alice.pk, today), 9)

    rating = await actions.create_rating(world.alice, world.addon.pk, score=4)

    assert not (await arating_row(rating.pk)).held
    assert int(await ratings_redis.get(spam.count_key(world.alice.pk, today))) == 10


async def test_counter_adds_one_per_rating(world, ratings_redis):
    from asgiref.sync import sync_to_async

    today = datetime.datetime.now(datetime.UTC).date()
    other = await sync_to_async(VersionFactory)(addon=world.addon, version="3.0")

    await actions.create_rating(world.alice, world.addon.pk, score=4)
    await actions.create_rating(
        world.alice, world.addon.pk, score=3, version_id=other.pk
    )

    key = spam.count_key(world.alice.pk, today)
    assert int(await ratings_redis.get(key)) == 2
    assert 0 < await ratings_redis.ttl(key) <= 31 * 86400


async def test_queue_shows_spam_reasons(world, ratings_redis):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="www.spam"
    )

    page = await queries.moderation_queue(page=1, page_size=10)

    assert [item.rating.id for item in page.items] == [rating.pk]
    assert page.items[0].spam_reasons == [spam.LINKS]


@pytest.fixture
async def redis_down(monkeypatch):
    """A Redis client of a port where nothing listens."""
    client = Redis.from_url(
        f"redis://127.0.0.1:{free_port()}/0",
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
    )
    monkeypatch.setattr(amo_redis, "_client", client)
    yield client
    await client.aclose()


async def test_redis_down_never_fails_rating(world, redis_down, log_events):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="Nice and quick"
    )
    edited = await actions.edit_rating(world.alice, rating.pk, body="Nice, quick")

    row = await arating_row(rating.pk)
    assert row.body == "Nice, quick"
    assert edited.pk == rating.pk
    assert not row.held
    skipped = [
        event
        for event in log_events()
        if event["event"] == "rating spam check skipped, Redis failed"
    ]
    assert {event["step"] for event in skipped} == {"check", "record"}
    assert "ConnectionError" in skipped[0]["error"]


async def test_redis_down_still_checks_links(world, redis_down):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="go to example.com"
    )

    row = await arating_row(rating.pk)
    assert row.held
    assert await spam.reasons([rating.pk]) == {}


async def test_redis_down_queue_without_reasons(world, redis_down):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=5, body="www.spam"
    )

    page = await queries.moderation_queue(page=1, page_size=10)

    assert page.items[0].rating.id == rating.pk
    assert page.items[0].spam_reasons == []


async def test_failure_log_is_rate_limited(world, redis_down, log_events, monkeypatch):
    monkeypatch.setattr(spam, "FAILURE_LOG_INTERVAL", 3600.0)
    monkeypatch.setattr(spam, "_last_failure_log", float("-inf"))
    monkeypatch.setattr(spam, "_failures", 0)

    for user in (world.alice, world.bob, world.carol):
        await actions.create_rating(user, world.addon.pk, score=4)

    skipped = [
        event
        for event in log_events()
        if event["event"] == "rating spam check skipped, Redis failed"
    ]
    assert len(skipped) == 1
    assert spam._failures == 5
    assert await Rating.objects.acount() == 3
