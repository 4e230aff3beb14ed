"""The rating reads: lists, one rating, the user's rating, the queue and
the cached figures."""

import datetime

from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.ratings import actions, queries, spam
from amo.ratings.models import Rating, RatingFlagReason


async def age(rating_id: int, minutes: int) -> None:
    """Move a rating's creation `minutes` into the past."""
    created = timezone.now() - datetime.timedelta(minutes=minutes)
    await Rating.objects.filter(pk=rating_id).aupdate(created=created)


async def test_addon_ratings_newest_first_with_replies(world):
    first = await actions.create_rating(world.alice, world.addon.pk, score=5, body="A")
    second = await actions.create_rating(world.bob, world.addon.pk, score=3)
    await age(first.pk, 10)
    reply = await actions.reply_to_rating(world.owner, first.pk, body="Thanks")

    page = await queries.addon_ratings(world.addon.pk, page=1, page_size=10)

    assert page.total == 2
    assert [view.id for view in page.items] == [second.pk, first.pk]
    alice = page.items[1]
    assert alice.user_name == "Alice"
    assert alice.user_username == "alice"
    assert alice.version == "2.0"
    assert alice.version_id == world.version.pk
    assert alice.reply is not None
    assert alice.reply.id == reply.pk
    assert alice.reply.body == "Thanks"
    assert alice.reply.is_reply
    assert alice.reply.score is None
    assert page.items[0].reply is None


async def test_addon_ratings_filters(world):
    old = await actions.create_rating(
        world.alice, world.addon.pk, score=1, version_id=world.old_version.pk
    )
    await age(old.pk, 30)
    new = await actions.create_rating(world.alice, world.addon.pk, score=4, body="Ok")
    bob = await actions.create_rating(world.bob, world.addon.pk, score=2)

    latest = await queries.addon_ratings(world.addon.pk, page=1, page_size=10)
    by_score = await queries.addon_ratings(
        world.addon.pk, page=1, page_size=10, score=[4, 1]
    )
    by_version = await queries.addon_ratings(
        world.addon.pk, page=1, page_size=10, version_id=world.old_version.pk
    )
    by_user = await queries.addon_ratings(
        world.addon.pk, page=1, page_size=10, user_id=world.bob.pk
    )
    with_text = await queries.addon_ratings(
        world.addon.pk, page=1, page_size=10, without_empty_body=True
    )

    assert {view.id for view in latest.items} == {new.pk, bob.pk}
    assert [view.id for view in by_score.items] == [new.pk]
    assert [view.id for view in by_version.items] == [old.pk]
    assert [view.id for view in by_user.items] == [bob.pk]
    assert [view.id for view in with_text.items] == [new.pk]


async def test_addon_ratings_pages(world):
    ids = []
    for user in (world.alice, world.bob, world.carol):
        rating = await actions.create_rating(user, world.addon.pk, score=3)
        ids.append(rating.pk)
    for minutes, rating_id in enumerate(reversed(ids)):
        await age(rating_id, minutes)

    first = await queries.addon_ratings(world.addon.pk, page=1, page_size=2)
    second = await queries.addon_ratings(world.addon.pk, page=2, page_size=2)

    assert first.total == 3
    assert first.num_pages == 2
    assert [view.id for view in first.items] == [ids[2], ids[1]]
    assert [view.id for view in second.items] == [ids[0]]


async def test_held_and_deleted_visibility(world):
    held = await actions.create_rating(world.alice, world.addon.pk, score=1, body="x")
    await Rating.objects.filter(pk=held.pk).aupdate(held=True, needs_moderation=True)
    gone = await actions.create_rating(world.bob, world.addon.pk, score=2)
    await actions.delete_rating(world.bob, gone.pk)

    anonymous = await queries.addon_ratings(world.addon.pk, page=1, page_size=10)
    author = await queries.addon_ratings(
        world.addon.pk, page=1, page_size=10, viewer=world.alice
    )
    moderator = await queries.addon_ratings(
        world.addon.pk, page=1, page_size=10, viewer=world.reviewer
    )

    assert anonymous.items == []
    assert [view.id for view in author.items] == [held.pk]
    assert [view.id for view in moderator.items] == [held.pk]
    assert await queries.get_rating(held.pk) is None
    assert await queries.get_rating(held.pk, viewer=world.bob) is None
    assert (await queries.get_rating(held.pk, viewer=world.alice)).held
    assert await queries.get_rating(gone.pk, viewer=world.bob) is None
    assert (await queries.get_rating(gone.pk, viewer=world.admin)).deleted
    assert await queries.get_rating(999999) is None


async def test_reply_hidden_with_its_rating(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2, body="x")
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Sorry")
    await Rating.objects.filter(pk=reply.pk).aupdate(needs_moderation=True)
    queued = await queries.moderation_queue(page=1, page_size=10)

    await actions.delete_rating(world.alice, rating.pk)

    assert [item.rating.id for item in queued.items] == [reply.pk]
    assert await queries.get_rating(reply.pk) is None
    assert await queries.get_rating(reply.pk, viewer=world.owner) is None
    assert await queries.get_rating(reply.pk, viewer=world.reviewer) is not None
    emptied = await queries.moderation_queue(page=1, page_size=10)
    assert emptied.items == []


async def test_get_rating_of_addon_not_public(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=4)
    await sync_to_async(type(world.addon).objects.filter(pk=world.addon.pk).update)(
        disabled_by_user=True
    )

    assert await queries.get_rating(rating.pk) is None
    assert await queries.get_rating(rating.pk, viewer=world.owner) is not None
    assert await queries.get_rating(rating.pk, viewer=world.reviewer) is not None


async def test_user_rating(world):
    assert await queries.user_rating(world.addon.pk, world.alice.pk) is None
    old = await actions.create_rating(
        world.alice, world.addon.pk, score=1, version_id=world.old_version.pk
    )
    assert (await queries.user_rating(world.addon.pk, world.alice.pk)).pk == old.pk
    new = await actions.create_rating(world.alice, world.addon.pk, score=5)

    current = await queries.user_rating(world.addon.pk, world.alice.pk)

    assert current.pk == new.pk


async def test_moderation_queue_oldest_first(world):
    first = await actions.create_rating(world.alice, world.addon.pk, score=1, body="A")
    second = await actions.create_rating(world.bob, world.addon.pk, score=1, body="B")
    await age(first.pk, 5)
    await actions.flag_rating(
        world.carol, second.pk, flag=RatingFlagReason.OTHER, note="Rude"
    )
    await actions.flag_rating(world.carol, first.pk, flag=RatingFlagReason.SPAM)
    await actions.flag_rating(world.bob, first.pk, flag=RatingFlagReason.LANGUAGE)
    await spam.record(world.alice.pk, first.pk, spam.Verdict(reasons=[spam.LINKS]))

    page = await queries.moderation_queue(page=1, page_size=10)

    assert [item.rating.id for item in page.items] == [first.pk, second.pk]
    item = page.items[0]
    assert item.addon_slug == world.addon.slug
    assert item.addon_name("fr") == world.addon.name["en-US"]
    assert [flag.flag for flag in item.flags] == [
        RatingFlagReason.SPAM,
        RatingFlagReason.LANGUAGE,
    ]
    assert item.spam_reasons == [spam.LINKS]
    assert page.items[1].flags[0].note == "Rude"


async def test_aggregate_cached_and_cleared(world, site_means):
    empty = await queries.aggregate(world.addon.pk)
    await actions.create_rating(world.alice, world.addon.pk, score=5, body="A")

    summary = await queries.aggregate(world.addon.pk)
    many = await queries.aggregates([world.addon.pk])

    assert empty.count == 0
    assert empty.histogram == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert summary.count == 1
    assert summary.average == 5.0
    assert summary.text_count == 1
    # (C * m + sum) / (C + n) = (2 * 4 + 5) / (2 + 1) = 13 / 3
    assert round(summary.bayesian, 4) == 4.3333
    assert summary.histogram == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}
    assert many[world.addon.pk] == summary


async def test_aggregate_of_unknown_addon(live_db):
    summary = await queries.aggregate(999999)

    assert summary.count == 0
    assert summary.histogram == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
