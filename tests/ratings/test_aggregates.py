"""The rating aggregates, worked out by hand after each change.

Every case runs with the site-wide means fixed at C = 2 ratings and
m = 4 stars, so bayesian = (2 * 4 + sum) / (2 + count) = (8 + sum) / (2 + n).
"""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection, transaction

from amo.core.errors import ActionError
from amo.ratings import actions, aggregates, spam
from amo.ratings.models import Rating, RatingAggregate
from tests.conftest import uses_mysql
from tests.factories import UserFactory

from .conftest import afigures_of, make_addon


def expected(count, average, bayesian, text, histogram):
    return {
        "count": count,
        "average": average,
        "bayesian": bayesian,
        "text": text,
        "histogram": histogram,
    }


async def test_aggregates_after_each_change(world, site_means):
    addon = world.addon.pk
    dave = await sync_to_async(UserFactory)(username="dave")
    steps = []

    # Alice rates version 1.0 with 5 stars and text.
    # n = 1, sum = 5, average 5/1 = 5, text 1;
    # bayesian (8 + 5) / (2 + 1) = 13/3 = 4.3333.
    alice_old = await actions.create_rating(
        world.alice, addon, score=5, body="Great", version_id=world.old_version.pk
    )
    steps.append(("create 5", expected(1, 5.0, 4.3333, 1, {5: 1})))
    assert await afigures_of(addon) == steps[-1][1]

    # Bob: 4 stars with text. n = 2, sum = 9, average 9/2 = 4.5, text 2;
    # bayesian (8 + 9) / 4 = 17/4 = 4.25.
    bob = await actions.create_rating(world.bob, addon, score=4, body="Good")
    assert await afigures_of(addon) == expected(2, 4.5, 4.25, 2, {4: 1, 5: 1})

    # Carol: 4 stars, no text. n = 3, sum = 13, average 13/3 = 4.3333,
    # text 2; bayesian (8 + 13) / 5 = 21/5 = 4.2.
    carol = await actions.create_rating(world.carol, addon, score=4)
    assert await afigures_of(addon) == expected(3, 4.3333, 4.2, 2, {4: 2, 5: 1})

    # Bob changes 4 to 1: sum = 5 + 1 + 4 = 10, average 10/3 = 3.3333;
    # bayesian (8 + 10) / 5 = 18/5 = 3.6.
    await actions.edit_rating(world.bob, bob.pk, score=1)
    assert await afigures_of(addon) == expected(3, 3.3333, 3.6, 2, {1: 1, 4: 1, 5: 1})

    # Alice empties her text: text 2 - 1 = 1, the rest unchanged.
    await actions.edit_rating(world.alice, alice_old.pk, body="")
    assert await afigures_of(addon) == expected(3, 3.3333, 3.6, 1, {1: 1, 4: 1, 5: 1})

    # Alice rates version 2.0 with 2 stars: her 5 is superseded.
    # Counted: alice 2 (text), bob 1 (text), carol 4. n = 3, sum = 7,
    # average 7/3 = 2.3333, text 2; bayesian (8 + 7) / 5 = 15/5 = 3.0.
    alice_new = await actions.create_rating(
        world.alice, addon, score=2, body="Worse now"
    )
    assert await afigures_of(addon) == expected(3, 2.3333, 3.0, 2, {1: 1, 2: 1, 4: 1})
    assert (await Rating.objects.aget(pk=alice_new.pk)).previous_count == 1

    # Dave's 5 stars with a bare domain are held: nothing changes.
    held = await actions.create_rating(
        dave, addon, score=5, body="Get it from example.com"
    )
    assert (await Rating.objects.aget(pk=held.pk)).held
    assert await afigures_of(addon) == expected(3, 2.3333, 3.0, 2, {1: 1, 2: 1, 4: 1})

    # A moderator keeps it: n = 4, sum = 7 + 5 = 12, average 12/4 = 3.0,
    # text 3; bayesian (8 + 12) / 6 = 20/6 = 3.3333.
    await actions.moderate_rating(world.reviewer, held.pk, keep=True)
    assert await afigures_of(addon) == expected(
        4, 3.0, 3.3333, 3, {1: 1, 2: 1, 4: 1, 5: 1}
    )

    # Carol deletes her 4: n = 3, sum = 8, average 8/3 = 2.6667, text 3;
    # bayesian (8 + 8) / 5 = 16/5 = 3.2.
    await actions.delete_rating(world.carol, carol.pk)
    assert await afigures_of(addon) == expected(3, 2.6667, 3.2, 3, {1: 1, 2: 1, 5: 1})

    # A moderator deletes Bob's 1: n = 2, sum = 7, average 7/2 = 3.5,
    # text 2; bayesian (8 + 7) / 4 = 15/4 = 3.75.
    await actions.moderate_rating(world.admin, bob.pk, keep=False)
    assert await afigures_of(addon) == expected(2, 3.5, 3.75, 2, {2: 1, 5: 1})

    # Deleting Alice's latest rating does not bring back her older one:
    # n = 1 (Dave's 5), average 5, text 1; bayesian (8 + 5) / 3 = 4.3333.
    await actions.delete_rating(world.alice, alice_new.pk)
    assert await afigures_of(addon) == expected(1, 5.0, 4.3333, 1, {5: 1})


async def test_replies_and_flags_do_not_count(world, site_means):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=3, body="x")
    await actions.reply_to_rating(world.owner, rating.pk, body="Thanks")
    await actions.flag_rating(world.bob, rating.pk, flag="rating_flag_reason_spam")

    # n = 1, sum = 3; bayesian (8 + 3) / 3 = 11/3 = 3.6667.
    assert await afigures_of(world.addon.pk) == expected(1, 3.0, 3.6667, 1, {3: 1})


async def test_imported_figures_are_the_baseline(live_db, site_means):
    addon = await sync_to_async(make_addon)(
        total_ratings=100, average_rating=4.0, text_ratings_count=40
    )
    user = await sync_to_async(UserFactory)()

    await actions.create_rating(user, addon.pk, score=1, body="Bad")

    # Baseline 100 ratings averaging 4 (sum 400) and 40 with text, plus
    # one row of 1 star with text: n = 101, sum = 401,
    # average 401/101 = 3.9703, text 41; bayesian (8 + 401) / 103 = 3.9709.
    # The histogram counts the row only.
    assert await afigures_of(addon.pk) == expected(101, 3.9703, 3.9709, 41, {1: 1})
    stored = await RatingAggregate.objects.aget(addon=addon.pk)
    assert stored.baseline_count == 100
    assert stored.baseline_score_sum == 400.0
    assert stored.baseline_text_count == 40


async def test_set_baseline_replaces_imported_figures(live_db, site_means):
    addon = await sync_to_async(make_addon)()
    user = await sync_to_async(UserFactory)()
    await actions.create_rating(user, addon.pk, score=5)

    await sync_to_async(aggregates.set_baseline)(
        addon.pk, count=10, average=3.0, text_count=4
    )
    await sync_to_async(aggregates.update)(addon.pk)

    # n = 10 + 1 = 11, sum = 30 + 5 = 35, average 35/11 = 3.1818, text 4;
    # bayesian (8 + 35) / 13 = 43/13 = 3.3077.
    assert await afigures_of(addon.pk) == expected(11, 3.1818, 3.3077, 4, {5: 1})


async def test_update_is_idempotent(world, site_means):
    await actions.create_rating(world.alice, world.addon.pk, score=4, body="Fine")
    before = await afigures_of(world.addon.pk)

    figures = await sync_to_async(aggregates.update)(world.addon.pk)

    assert figures is not None
    assert not figures.changed
    assert await afigures_of(world.addon.pk) == before


async def test_update_of_missing_addon(live_db):
    assert await sync_to_async(aggregates.update)(999999) is None


async def test_site_means_from_rated_addons(live_db):
    from django.core.cache import cache

    await sync_to_async(make_addon)(total_ratings=10, average_rating=4.0)
    await sync_to_async(make_addon)(total_ratings=30, average_rating=3.0)
    await sync_to_async(make_addon)()

    means = await sync_to_async(aggregates.site_means)()

    # Rated add-ons only: C = (10 + 30) / 2 = 20, m = (4 + 3) / 2 = 3.5.
    assert means == aggregates.SiteMeans(count=20.0, average=3.5)
    assert await sync_to_async(cache.get)(aggregates.SITE_MEANS_KEY) == means


async def test_bayesian_without_rated_addons():
    means = aggregates.SiteMeans(count=0.0, average=0.0)

    assert aggregates.bayesian(0, 0, means) == 0.0
    assert aggregates.bayesian(9, 2, means) == 4.5


async def test_two_users_at_once(world, site_means):
    first, second = await asyncio.gather(
        actions.create_rating(world.alice, world.addon.pk, score=5, body="A"),
        actions.create_rating(world.bob, world.addon.pk, score=4, body="B"),
    )

    assert first.pk != second.pk
    # n = 2, sum = 9, average 4.5; bayesian (8 + 9) / 4 = 4.25.
    assert await afigures_of(world.addon.pk) == expected(2, 4.5, 4.25, 2, {4: 1, 5: 1})


async def test_same_user_twice_at_once(world, site_means):
    results = await asyncio.gather(
        actions.create_rating(world.alice, world.addon.pk, score=5),
        actions.create_rating(world.alice, world.addon.pk, score=5),
        return_exceptions=True,
    )

    created = [result for result in results if isinstance(result, Rating)]
    refused = [result for result in results if isinstance(result, ActionError)]
    assert len(created) == 1
    assert len(refused) == 1
    assert refused[0].status == 400
    assert await Rating.objects.filter(user=world.alice).acount() == 1
    assert await afigures_of(world.addon.pk) == expected(1, 5.0, 4.3333, 0, {5: 1})


def create_in_thread(barrier: threading.Barrier, user, addon_id: int):
    """Create a rating on a connection of this thread's own."""
    try:
        barrier.wait(timeout=10)
        with transaction.atomic():
            return actions._create(
                user, addon_id, 5, "", None, None, spam.Verdict(redis_checked=False)
            )
    except ActionError as error:
        return error
    finally:
        connection.close()


@pytest.mark.skipif(not uses_mysql(), reason="two connections lock rows on MariaDB")
async def test_same_user_on_two_connections(world, site_means, monkeypatch):
    """Two transactions on two MariaDB connections: the add-on's row lock
    makes the second see the first's rating."""
    barrier = threading.Barrier(2)
    public_version = actions._public_version

    def slow_public_version(*args, **kwargs):
        # Widens the window between the add-on's lock and the check for an
        # earlier rating, so that without the lock both checks would pass.
        time.sleep(0.5)
        return public_version(*args, **kwargs)

    monkeypatch.setattr(actions, "_public_version", slow_public_version)

    def run() -> list:
        close_old_connections()
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [
                pool.submit(create_in_thread, barrier, world.alice, world.addon.pk)
                for _ in range(2)
            ]
            return [future.result() for future in futures]

    results = await asyncio.to_thread(run)

    assert sorted(type(result).__name__ for result in results) == [
        "ActionError",
        "Rating",
    ]
    assert await Rating.objects.filter(user=world.alice).acount() == 1
