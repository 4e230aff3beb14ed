"""Ratings in Django's admin: the pages render, and deletes recount."""

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.ratings import actions
from amo.ratings.models import Rating
from amo.users.models import User


@pytest.fixture
async def staff_client(world, async_client):
    user = await sync_to_async(User.objects.create_superuser)(
        email="staff@example.com", username="staff", password="correct horse"
    )
    await async_client.aforce_login(user)
    return async_client


async def test_admin_pages_render(world, staff_client, site_means):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=4, body="Ok"
    )
    await actions.flag_rating(world.bob, rating.pk, flag="rating_flag_reason_spam")

    for path in (
        "/admin/ratings/rating/",
        "/admin/ratings/rating/?q=alice",
        "/admin/ratings/rating/?needs_moderation__exact=1",
        f"/admin/ratings/rating/{rating.pk}/change/",
        "/admin/ratings/ratingflag/",
        "/admin/ratings/ratingflag/?q=bob",
        "/admin/ratings/ratingaggregate/",
        f"/admin/ratings/ratingaggregate/{world.addon.pk}/change/",
    ):
        response = await staff_client.get(path)
        assert response.status_code == 200, path


async def test_admin_delete_recounts(world, staff_client, site_means):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=4)
    assert (await Addon.objects.aget(pk=world.addon.pk)).total_ratings == 1

    response = await staff_client.post(
        f"/admin/ratings/rating/{rating.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not await Rating.objects.filter(pk=rating.pk).aexists()
    assert (await Addon.objects.aget(pk=world.addon.pk)).total_ratings == 0
