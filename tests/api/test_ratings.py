"""Contract of the ratings endpoints, /api/v5/ratings/rating/."""

import asyncio
import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.middleware.csrf import _get_new_csrf_string
from django.test import AsyncClient
from django.utils import timezone

from amo.addons.models import Addon
from amo.core import redis as amo_redis
from amo.core.constants import AddonStatus
from amo.core.redis import LocalRedis
from amo.ratings import actions
from amo.ratings.models import Rating, RatingFlag
from amo.users.models import User
from tests.api.auth_helpers import jwt_headers, make_api_key
from tests.ratings.conftest import World, build_world
from workers.celery import app

API = "/api/v5/ratings/rating/"
RATING_KEYS = {
    "id",
    "addon",
    "body",
    "created",
    "is_deleted",
    "is_developer_reply",
    "is_latest",
    "previous_count",
    "score",
    "reply",
    "version",
    "user",
}
REPLY_KEYS = RATING_KEYS - {"score", "reply", "version"}


@pytest.fixture(autouse=True)
def _eager_jobs(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
def _local_redis(monkeypatch):
    """A fresh in-process Redis: throttle counters and spam figures."""
    monkeypatch.setattr(amo_redis, "_client", LocalRedis())


@pytest.fixture
async def world(live_db) -> World:
    return await sync_to_async(build_world)()


def body_of(response: Any) -> Any:
    return json.loads(response.content)


async def get(client: AsyncClient, query: str = "", path: str = API) -> Any:
    return await client.get(f"{path}{query}")


async def signed_in(user: User) -> AsyncClient:
    """A session client of `user` that sends the CSRF token."""
    secret = _get_new_csrf_string()
    client = AsyncClient(enforce_csrf_checks=True)
    await client.aforce_login(user)
    client.cookies["csrftoken"] = secret
    client.csrf_headers = {"X-CSRFToken": secret}  # type: ignore[attr-defined]
    return client


def csrf(client: AsyncClient) -> dict[str, str]:
    return getattr(client, "csrf_headers", {})


async def post(client: AsyncClient, path: str, data: Any) -> Any:
    return await client.post(
        path, data, content_type="application/json", headers=csrf(client)
    )


async def patch(client: AsyncClient, path: str, data: Any) -> Any:
    return await client.patch(
        path, data, content_type="application/json", headers=csrf(client)
    )


async def delete(client: AsyncClient, path: str) -> Any:
    return await client.delete(path, headers=csrf(client))


async def rate(world: World, user: User, score: int = 4, body: str = "Good") -> Rating:
    return await actions.create_rating(user, world.addon.pk, score=score, body=body)


# --- List ------------------------------------------------------------------


async def test_list_needs_addon_or_user(async_client, world):
    response = await get(async_client)

    assert response.status_code == 400
    assert body_of(response) == {"detail": "Need an addon or user parameter"}


async def test_list_fields(async_client, world):
    rating = await rate(world, world.alice, 4, "Good")
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Thanks")
    empty = await rate(world, world.bob, 2, "")

    response = await get(async_client, f"?addon={world.addon.pk}")

    assert response.status_code == 200
    data = body_of(response)
    assert data["count"] == 2
    assert {"count", "next", "previous", "page_size", "page_count", "results"} <= set(
        data
    )
    assert "grouped_ratings" not in data
    assert "can_reply" not in data
    newest, first = data["results"]
    assert newest["id"] == empty.pk
    assert newest["body"] is None
    assert newest["reply"] is None
    assert set(first) == RATING_KEYS
    assert first["id"] == rating.pk
    assert first["body"] == "Good"
    assert first["score"] == 4
    assert first["is_deleted"] is False
    assert first["is_developer_reply"] is False
    assert first["is_latest"] is True
    assert first["previous_count"] == 0
    assert first["created"].endswith("Z")
    assert first["version"] == {"id": world.version.pk, "version": "2.0"}
    assert first["user"]["id"] == world.alice.pk
    assert first["user"]["name"] == "Alice"
    assert first["user"]["username"] == "alice"
    assert first["user"]["url"].endswith(f"/en-US/firefox/user/{world.alice.pk}/")
    assert set(first["addon"]) == {"id", "name", "icon_url", "slug"}
    assert first["addon"]["id"] == world.addon.pk
    assert first["addon"]["slug"] == world.addon.slug
    assert first["addon"]["name"] == world.addon.name
    assert first["addon"]["icon_url"].startswith("http")
    assert set(first["reply"]) == REPLY_KEYS
    assert first["reply"]["id"] == reply.pk
    assert first["reply"]["is_developer_reply"] is True
    assert first["reply"]["body"] == "Thanks"
    assert first["reply"]["user"]["id"] == world.owner.pk


async def test_list_addon_by_slug_and_guid(async_client, world):
    rating = await rate(world, world.alice)

    for key in (world.addon.slug, world.addon.guid, str(world.addon.pk)):
        response = await get(async_client, f"?addon={key}")
        assert response.status_code == 200, key
        assert [item["id"] for item in body_of(response)["results"]] == [rating.pk]


async def test_list_lang_translates_addon_name(async_client, world):
    await rate(world, world.alice)

    response = await get(async_client, f"?addon={world.addon.pk}&lang=fr")

    name = body_of(response)["results"][0]["addon"]["name"]
    assert name == {"en-US": world.addon.name["en-US"], "fr": None, "_default": "en-US"}


async def test_list_unknown_or_hidden_addon(async_client, world):
    missing = await get(async_client, "?addon=999999")
    await Addon.objects.filter(pk=world.addon.pk).aupdate(status=AddonStatus.DISABLED)
    hidden = await get(async_client, f"?addon={world.addon.pk}")
    owner = await signed_in(world.owner)
    for_owner = await get(owner, f"?addon={world.addon.pk}")

    assert missing.status_code == 404
    assert hidden.status_code == 404
    assert for_owner.status_code == 200


async def test_list_by_user(async_client, world):
    rating = await rate(world, world.alice)
    await rate(world, world.bob)

    response = await get(async_client, f"?user={world.alice.pk}")

    assert [item["id"] for item in body_of(response)["results"]] == [rating.pk]


async def test_list_filters(async_client, world):
    old = await actions.create_rating(
        world.alice, world.addon.pk, score=1, version_id=world.old_version.pk
    )
    alice = await rate(world, world.alice, 5, "")
    bob = await rate(world, world.bob, 3, "Fine")
    carol = await rate(world, world.carol, 2, "Meh")
    addon = world.addon.pk

    async def ids(query: str, client: AsyncClient = async_client) -> list[int]:
        response = await get(client, f"?addon={addon}&{query}")
        assert response.status_code == 200, query
        return sorted(item["id"] for item in body_of(response)["results"])

    assert await ids("") == sorted([alice.pk, bob.pk, carol.pk])
    assert await ids("score=5,2") == sorted([alice.pk, carol.pk])
    assert await ids("score=3") == [bob.pk]
    assert await ids(f"exclude_ratings={bob.pk},{carol.pk}") == [alice.pk]
    assert await ids("filter=without_empty_body") == sorted([bob.pk, carol.pk])
    assert await ids(f"version={world.old_version.pk}") == [old.pk]
    session = await signed_in(world.alice)
    assert await ids("filter=without_empty_body,with_yours", session) == sorted(
        [alice.pk, bob.pk, carol.pk]
    )


async def test_list_with_deleted_for_moderators(async_client, world):
    rating = await rate(world, world.alice)
    await actions.delete_rating(world.alice, rating.pk)
    query = f"?addon={world.addon.pk}&filter=with_deleted"

    anonymous = body_of(await get(async_client, query))
    user = body_of(await get(await signed_in(world.bob), query))
    moderator = body_of(await get(await signed_in(world.reviewer), query))

    assert anonymous["results"] == []
    assert user["results"] == []
    assert [item["id"] for item in moderator["results"]] == [rating.pk]
    assert moderator["results"][0]["is_deleted"] is True


async def test_list_grouped_ratings(async_client, world):
    await rate(world, world.alice, 5)
    await rate(world, world.bob, 5)
    await rate(world, world.carol, 2)

    response = await get(
        async_client, f"?addon={world.addon.pk}&show_grouped_ratings=true"
    )

    assert body_of(response)["grouped_ratings"] == {
        "1": 0,
        "2": 1,
        "3": 0,
        "4": 0,
        "5": 2,
    }


async def test_list_permissions_for(world):
    await rate(world, world.alice)
    query = f"?addon={world.addon.pk}&show_permissions_for="

    owner = body_of(
        await get(await signed_in(world.owner), query + str(world.owner.pk))
    )
    alice = body_of(
        await get(await signed_in(world.alice), query + str(world.alice.pk))
    )
    wrong = await get(await signed_in(world.alice), query + str(world.owner.pk))
    anonymous = await get(AsyncClient(), query + str(world.alice.pk))

    assert owner["can_reply"] is True
    assert alice["can_reply"] is False
    assert wrong.status_code == 400
    assert "show_permissions_for" in body_of(wrong)["detail"]
    assert anonymous.status_code == 400


async def test_list_flags_for(world):
    rating = await rate(world, world.alice, 2, "Spammy")
    await rate(world, world.carol, 4, "Nice")
    await actions.flag_rating(
        world.bob, rating.pk, flag="rating_flag_reason_other", note="Odd"
    )
    client = await signed_in(world.bob)

    response = await get(
        client, f"?addon={world.addon.pk}&show_flags_for={world.bob.pk}"
    )
    wrong = await get(
        client, f"?addon={world.addon.pk}&show_flags_for={world.alice.pk}"
    )

    flags = {item["id"]: item["flags"] for item in body_of(response)["results"]}
    assert flags[rating.pk] == [{"flag": "rating_flag_reason_other", "note": "Odd"}]
    assert list(flags.values()).count([]) == 1
    assert wrong.status_code == 400


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("score=9", "score"),
        ("score=a", "score"),
        ("user=abc", "user"),
        ("version=1.0", "version"),
        ("exclude_ratings=1,x", "exclude_ratings"),
    ],
)
async def test_list_bad_parameters(async_client, world, query, name):
    response = await get(async_client, f"?addon={world.addon.pk}&{query}")

    assert response.status_code == 400
    # The schema states each format, so the parameter's own errors name it.
    assert list(body_of(response)) == [name]


async def test_list_pages(async_client, world):
    for user in (world.alice, world.bob, world.carol):
        await rate(world, user)
    query = f"?addon={world.addon.pk}&page_size=2"

    first = body_of(await get(async_client, query))
    second = body_of(await get(async_client, query + "&page=2"))
    past = await get(async_client, query + "&page=3")

    assert first["count"] == 3
    assert first["page_size"] == 2
    assert first["page_count"] == 2
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].endswith("page=2")
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert past.status_code == 404


async def test_list_addon_user_version_page_size_1(async_client, world):
    old = await actions.create_rating(
        world.alice, world.addon.pk, score=1, version_id=world.old_version.pk
    )
    await rate(world, world.alice)

    response = await get(
        async_client,
        f"?addon={world.addon.pk}&user={world.alice.pk}"
        f"&version={world.old_version.pk}&page_size=10",
    )

    data = body_of(response)
    assert data["page_size"] == 1
    assert [item["id"] for item in data["results"]] == [old.pk]
    assert data["results"][0]["is_latest"] is False


async def test_list_hides_held_ratings(async_client, world):
    held = await rate(world, world.alice, 5, "Visit example.com")

    anonymous = body_of(await get(async_client, f"?addon={world.addon.pk}"))
    author = body_of(
        await get(await signed_in(world.alice), f"?addon={world.addon.pk}")
    )

    assert anonymous["results"] == []
    assert [item["id"] for item in author["results"]] == [held.pk]


# --- Detail ------------------------------------------------------------------


async def test_detail(async_client, world):
    rating = await rate(world, world.alice)
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Thanks")

    response = await get(async_client, path=f"{API}{rating.pk}/")
    reply_response = await get(async_client, path=f"{API}{reply.pk}/")

    assert response.status_code == 200
    assert set(body_of(response)) == RATING_KEYS
    assert body_of(response)["reply"]["id"] == reply.pk
    assert set(body_of(reply_response)) == REPLY_KEYS


async def test_detail_unknown_deleted_held(async_client, world):
    deleted = await rate(world, world.alice)
    await actions.delete_rating(world.alice, deleted.pk)
    held = await rate(world, world.bob, 5, "www.example")

    assert (await get(async_client, path=f"{API}999999/")).status_code == 404
    assert (await get(async_client, path=f"{API}abc/")).status_code == 404
    assert (await get(async_client, path=f"{API}{deleted.pk}/")).status_code == 404
    assert (await get(async_client, path=f"{API}{held.pk}/")).status_code == 404
    moderator = await signed_in(world.admin)
    seen = await get(moderator, path=f"{API}{deleted.pk}/")
    assert seen.status_code == 200
    assert body_of(seen)["is_deleted"] is True
    author = await signed_in(world.bob)
    assert (await get(author, path=f"{API}{held.pk}/")).status_code == 200


# --- Create ---------------------------------------------------------------


async def test_create_needs_authentication(async_client, world):
    response = await post(
        async_client,
        API,
        {"addon": world.addon.pk, "version": world.version.pk, "score": 5},
    )

    assert response.status_code == 401


async def test_create_with_jwt(async_client, world):
    await User.objects.filter(pk=world.alice.pk).aupdate(
        read_dev_agreement=timezone.now()
    )
    key = await sync_to_async(make_api_key)(world.alice)

    response = await async_client.post(
        API,
        {
            "addon": world.addon.slug,
            "version": world.version.pk,
            "score": 5,
            "body": "Top",
        },
        content_type="application/json",
        headers=jwt_headers(key),
    )

    assert response.status_code == 201
    data = body_of(response)
    assert set(data) == RATING_KEYS
    assert data["score"] == 5
    assert data["body"] == "Top"
    assert data["user"]["id"] == world.alice.pk
    assert data["version"]["id"] == world.version.pk
    assert (await Addon.objects.aget(pk=world.addon.pk)).total_ratings == 1


async def test_create_with_session_needs_csrf(world):
    plain = AsyncClient(enforce_csrf_checks=True)
    await plain.aforce_login(world.alice)
    data = {"addon": world.addon.pk, "version": world.version.pk, "score": 3}

    without = await post(plain, API, data)
    with_token = await post(await signed_in(world.alice), API, data)

    assert without.status_code == 403
    assert body_of(without)["detail"].startswith("CSRF Failed:")
    assert with_token.status_code == 201
    assert body_of(with_token)["body"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": None}, "score"),
        ({"version": None}, "version"),
        ({"addon": None}, "addon"),
        ({"score": 0}, "score"),
        ({"score": "five"}, "score"),
        ({"version": "x"}, "version"),
        ({"body": "see https://example.com"}, "body"),
        ({"body": "x" * 3001}, "body"),
    ],
)
async def test_create_invalid_input(world, change, field):
    client = await signed_in(world.alice)
    data = {"addon": world.addon.pk, "version": world.version.pk, "score": 4}
    data.update(change)

    response = await post(client, API, {k: v for k, v in data.items() if v is not None})

    assert response.status_code == 400
    assert field in body_of(response)


async def test_create_version_of_other_addon(world):
    client = await signed_in(world.alice)
    other = await sync_to_async(build_world_addon)()

    response = await post(
        client, API, {"addon": world.addon.pk, "version": other, "score": 4}
    )

    assert response.status_code == 400
    assert "version" in body_of(response)


def build_world_addon() -> int:
    from tests.ratings.conftest import make_addon

    return make_addon().current_version_id


async def test_create_own_addon_and_twice(world):
    owner = await signed_in(world.owner)
    alice = await signed_in(world.alice)
    data = {"addon": world.addon.pk, "version": world.version.pk, "score": 4}

    own = await post(owner, API, data)
    first = await post(alice, API, data)
    second = await post(alice, API, data)

    assert own.status_code == 400
    assert body_of(own) == {
        "non_field_errors": ["You can't leave a review on your own add-on."]
    }
    assert first.status_code == 201
    assert second.status_code == 400
    assert "non_field_errors" in body_of(second)


async def test_create_on_addon_not_public(world):
    await Addon.objects.filter(pk=world.addon.pk).aupdate(status=AddonStatus.DISABLED)
    client = await signed_in(world.alice)

    response = await post(
        client, API, {"addon": world.addon.pk, "version": world.version.pk, "score": 4}
    )

    assert response.status_code == 400
    assert world.addon.slug in body_of(response)["addon"][0]


async def test_create_unknown_addon(world):
    client = await signed_in(world.alice)

    response = await post(client, API, {"addon": "nope", "version": 1, "score": 4})

    assert response.status_code == 404


async def test_create_same_user_twice_at_once(world):
    client = await signed_in(world.alice)
    data = {"addon": world.addon.pk, "version": world.version.pk, "score": 4}

    responses = await asyncio.gather(post(client, API, data), post(client, API, data))

    assert sorted(response.status_code for response in responses) == [201, 400]
    assert await Rating.objects.filter(user=world.alice).acount() == 1


async def test_writes_are_throttled(world, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "rating": "2/minute"}
    client = await signed_in(world.alice)
    rating = await rate(world, world.alice)
    path = f"{API}{rating.pk}/"

    first = await patch(client, path, {"score": 3})
    second = await patch(client, path, {"score": 2})
    third = await patch(client, path, {"score": 1})

    assert first.status_code == 200
    assert second.status_code == 200
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert (await Rating.objects.aget(pk=rating.pk)).score == 2


# --- Edit and delete ---------------------------------------------------------


async def test_patch(world):
    rating = await rate(world, world.alice, 2, "Meh")
    client = await signed_in(world.alice)
    path = f"{API}{rating.pk}/"

    response = await patch(client, path, {"score": 4, "body": "Better now"})
    cleared = await patch(client, path, {"body": None})

    assert response.status_code == 200
    assert body_of(response)["score"] == 4
    assert body_of(response)["body"] == "Better now"
    assert body_of(cleared)["body"] is None
    assert body_of(cleared)["score"] == 4


async def test_patch_rejects_other_fields_and_users(async_client, world):
    rating = await rate(world, world.alice)
    path = f"{API}{rating.pk}/"

    other_fields = await patch(
        await signed_in(world.alice),
        path,
        {"version": world.old_version.pk, "addon": 1},
    )
    other_user = await patch((await signed_in(world.bob)), path, {"score": 1})
    anonymous = await patch(async_client, path, {"score": 1})
    missing = await patch((await signed_in(world.alice)), f"{API}999999/", {"score": 1})

    assert other_fields.status_code == 400
    assert set(body_of(other_fields)) == {"addon", "version"}
    assert other_user.status_code == 403
    assert "detail" in body_of(other_user)
    assert anonymous.status_code == 401
    assert missing.status_code == 404


async def test_delete(async_client, world):
    rating = await rate(world, world.alice)
    path = f"{API}{rating.pk}/"

    by_other = await delete(await signed_in(world.bob), path)
    anonymous = await delete(async_client, path)
    by_author = await delete(await signed_in(world.alice), path)
    after = await get(async_client, path=path)

    assert by_other.status_code == 403
    assert anonymous.status_code == 401
    assert by_author.status_code == 204
    assert by_author.content == b""
    assert after.status_code == 404
    assert (await Addon.objects.aget(pk=world.addon.pk)).total_ratings == 0


async def test_delete_by_moderator(world):
    rating = await rate(world, world.alice)

    response = await delete(await signed_in(world.reviewer), f"{API}{rating.pk}/")

    assert response.status_code == 204
    assert (await Rating.objects.aget(pk=rating.pk)).deleted


# --- Reply and flag ----------------------------------------------------------


async def test_reply(world):
    rating = await rate(world, world.alice, 1, "Broken")
    owner = await signed_in(world.owner)
    path = f"{API}{rating.pk}/reply/"

    created = await post(owner, path, {"body": "Fixed in 2.1"})
    replaced = await post(owner, path, {"body": "Fixed in 2.2"})

    assert created.status_code == 201
    data = body_of(created)
    assert set(data) == REPLY_KEYS
    assert data["is_developer_reply"] is True
    assert data["body"] == "Fixed in 2.1"
    assert replaced.status_code == 201
    assert body_of(replaced)["id"] == data["id"]
    assert body_of(replaced)["body"] == "Fixed in 2.2"


async def test_reply_errors(async_client, world):
    rating = await rate(world, world.alice, 1, "Broken")
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Sorry")
    owner = await signed_in(world.owner)

    stranger = await post(
        await signed_in(world.bob), f"{API}{rating.pk}/reply/", {"body": "Hi"}
    )
    nested = await post(owner, f"{API}{reply.pk}/reply/", {"body": "Again"})
    empty = await post(owner, f"{API}{rating.pk}/reply/", {})
    anonymous = await post(async_client, f"{API}{rating.pk}/reply/", {"body": "x"})
    missing = await post(owner, f"{API}999999/reply/", {"body": "x"})

    assert stranger.status_code == 403
    assert nested.status_code == 400
    assert empty.status_code == 400
    assert body_of(empty) == {"body": ["This field is required."]}
    assert anonymous.status_code == 401
    assert missing.status_code == 404


async def test_flag(world):
    rating = await rate(world, world.alice, 1, "Rude words")
    bob = await signed_in(world.bob)

    response = await post(
        bob, f"{API}{rating.pk}/flag/", {"flag": "rating_flag_reason_language"}
    )

    assert response.status_code == 202
    assert set(body_of(response)) == {"msg"}
    flag = await RatingFlag.objects.aget(rating=rating.pk)
    assert flag.user_id == world.bob.pk
    assert flag.flag == "rating_flag_reason_language"
    assert (await Rating.objects.aget(pk=rating.pk)).needs_moderation


async def test_flag_note_makes_other(world):
    rating = await rate(world, world.alice, 1, "Rude words")
    bob = await signed_in(world.bob)

    response = await post(
        bob,
        f"{API}{rating.pk}/flag/",
        {"flag": "rating_flag_reason_spam", "note": "Ad"},
    )

    assert response.status_code == 202
    flag = await RatingFlag.objects.aget(rating=rating.pk)
    assert flag.flag == "rating_flag_reason_other"
    assert flag.note == "Ad"


async def test_flag_errors(async_client, world):
    rating = await rate(world, world.alice, 1, "Rude words")
    empty = await rate(world, world.carol, 1, "")
    bob = await signed_in(world.bob)
    alice = await signed_in(world.alice)
    await post(bob, f"{API}{rating.pk}/flag/", {"flag": "rating_flag_reason_spam"})

    cases = [
        (bob, rating.pk, {"flag": "rating_flag_reason_spam"}, "non_field_errors"),
        (alice, rating.pk, {"flag": "rating_flag_reason_spam"}, "non_field_errors"),
        (bob, empty.pk, {"flag": "rating_flag_reason_spam"}, "non_field_errors"),
        (alice, empty.pk, {}, "flag"),
        (alice, empty.pk, {"flag": "rating_flag_reason_other"}, "note"),
        (alice, empty.pk, {"flag": "bogus"}, "flag"),
    ]
    for client, rating_id, data, field in cases:
        response = await post(client, f"{API}{rating_id}/flag/", data)
        assert response.status_code == 400, data
        assert field in body_of(response), (data, body_of(response))
    anonymous = await post(async_client, f"{API}{rating.pk}/flag/", {"flag": "x"})
    assert anonymous.status_code == 401
    assert await RatingFlag.objects.acount() == 1


async def test_invalid_json(world):
    client = await signed_in(world.alice)

    broken = await client.post(
        API, "{", content_type="application/json", headers=csrf(client)
    )
    listed = await post(client, API, [1, 2])

    assert broken.status_code == 400
    assert "JSON parse error" in body_of(broken)["detail"]
    assert listed.status_code == 400
    assert "non_field_errors" in body_of(listed)


# --- The add-on object ------------------------------------------------


async def test_addon_grouped_counts_from_ratings(async_client, world):
    await rate(world, world.alice, 5)
    await rate(world, world.bob, 5)
    await rate(world, world.carol, 2)
    path = f"/api/v5/addons/addon/{world.addon.slug}/?show_grouped_ratings=true"

    ratings = body_of(await get(async_client, path=path))["ratings"]

    assert ratings["grouped_counts"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2}
    assert ratings["count"] == 3
    # (5 + 5 + 2) / 3 = 4.0
    assert ratings["average"] == 4.0
    assert ratings["text_count"] == 3


async def test_addon_ratings_url_is_reviews_page(async_client, world):
    slug = world.addon.slug

    firefox = body_of(await get(async_client, path=f"/api/v5/addons/addon/{slug}/"))
    android = body_of(
        await get(async_client, path=f"/api/v5/addons/addon/{slug}/?app=android")
    )

    assert firefox["ratings_url"].endswith(f"/en-US/firefox/addon/{slug}/reviews/")
    assert firefox["ratings_url"].startswith("http")
    assert android["ratings_url"].endswith(f"/en-US/android/addon/{slug}/reviews/")
