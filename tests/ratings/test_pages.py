"""The ratings pages: who sees what, the forms, their errors and redirects.

The `world` fixture (tests/ratings/conftest.py) gives an add-on with its
owner, three users, a reviewer and an admin; jobs run in the test, so the
aggregate job has run when an action returns.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient

from amo.ratings import actions
from amo.ratings.models import BODY_MAX_LENGTH, Rating, RatingFlag, RatingFlagReason
from amo.users.models import User
from tests.factories import AddonFactory, UserFactory
from tests.pages.helpers import get_page, inline_code

from .conftest import arating_row

PREFIX = "/en-US/firefox"
MODERATION = f"{PREFIX}/reviewers/ratings/"


def detail_path(slug: str) -> str:
    return f"{PREFIX}/addon/{slug}/"


def reviews_path(slug: str, rest: str = "") -> str:
    return f"{PREFIX}/addon/{slug}/reviews/{rest}"


async def client_for(user: User) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user)
    return client


def text_of(html: str) -> str:
    """The page's text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


async def post_form(
    client: AsyncClient, page_path: str, action: str, data: dict[str, str]
):
    """GET `page_path` for its CSRF token, then POST `data` to `action`,
    as a browser sends the form."""
    client.handler.enforce_csrf_checks = True
    page = await client.get(page_path)
    try:
        return await client.post(
            action, {**data, "csrfmiddlewaretoken": csrf_of(page.content.decode())}
        )
    finally:
        client.handler.enforce_csrf_checks = False


def make_users(count: int) -> list[User]:
    return [UserFactory(username=f"rater{n}") for n in range(count)]


# --- The add-on's page -------------------------------------------------------


async def test_anonymous_detail_shows_figures_and_log_in_link(world):
    await actions.create_rating(world.alice, world.addon.pk, score=5, body="Great.")
    await actions.create_rating(world.bob, world.addon.pk, score=3)

    page = await get_page(AsyncClient(), detail_path(world.addon.slug))

    assert page.status == 200
    text = text_of(page.html)
    assert "Ratings and reviews" in text
    assert "2 ratings" in text
    # Each bar of the histogram says what it shows.
    assert "5 stars: 1 rating" in text
    assert "4 stars: 0 ratings" in text
    assert "3 stars: 1 rating" in text
    assert f'href="{reviews_path(world.addon.slug)}"' in page.html
    assert "Log in to rate this add-on" in text
    # No form and no cookie: the page cache may keep the page.
    assert "csrfmiddlewaretoken" not in page.html
    assert "Set-Cookie" not in page.response.headers
    assert inline_code(page.html) == []


async def test_detail_offers_form_to_signed_in_user(world):
    client = await client_for(world.alice)

    response = await client.get(detail_path(world.addon.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rate this add-on" in html
    assert f'action="{reviews_path(world.addon.slug, "add/")}"' in html
    for star in range(1, 6):
        assert f'name="score" value="{star}"' in html


async def test_detail_shows_own_rating_with_edit_and_delete(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=4, body="Mine."
    )
    client = await client_for(world.alice)

    html = (await client.get(detail_path(world.addon.slug))).content.decode()

    assert "Your review" in html
    assert "Mine." in html
    assert reviews_path(world.addon.slug, f"{rating.pk}/edit/") in html
    assert reviews_path(world.addon.slug, f"{rating.pk}/delete/") in html
    assert "Rate this add-on" not in html


async def test_detail_tells_author_they_cannot_rate(world):
    client = await client_for(world.owner)

    html = (await client.get(detail_path(world.addon.slug))).content.decode()

    assert "You are an author of this add-on, so you cannot rate it." in html
    assert 'name="score"' not in html


# --- Rating ------------------------------------------------------------------


async def test_rating_redirects_to_reviews_with_message(world):
    client = await client_for(world.carol)

    response = await post_form(
        client,
        detail_path(world.addon.slug),
        reviews_path(world.addon.slug, "add/"),
        {"score": "4", "body": "Does what it says."},
    )

    assert response.status_code == 302
    assert response["Location"] == reviews_path(world.addon.slug)
    listing = await client.get(response["Location"])
    text = text_of(listing.content.decode())
    assert "Thank you for rating this add-on." in text
    assert "Does what it says." in text
    assert "4 stars: 1 rating" in text
    assert "1 rating" in text
    rating = await sync_to_async(Rating.objects.get)(user=world.carol)
    assert rating.score == 4
    assert rating.ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "9"}, "“9” is no rating: choose a rating from 1 to 5 stars."),
        ({"score": "0"}, "“0” is no rating: choose a rating from 1 to 5 stars."),
        ({"body": "No stars."}, "Choose a rating from 1 to 5 stars."),
        (
            {"score": "3", "body": "x" * (BODY_MAX_LENGTH + 1)},
            f"Keep the text to {BODY_MAX_LENGTH} characters; it has "
            f"{BODY_MAX_LENGTH + 1}.",
        ),
    ],
    ids=["above-range", "below-range", "no-score", "too-long"],
)
async def test_rating_errors_render_beside_the_form(world, data, message):
    client = await client_for(world.carol)

    response = await post_form(
        client,
        reviews_path(world.addon.slug, "add/"),
        reviews_path(world.addon.slug, "add/"),
        data,
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'class="form-error" role="alert"' in html
    # What the user wrote is kept.
    if data.get("body"):
        assert data["body"][:50] in html
    assert not await sync_to_async(Rating.objects.filter(user=world.carol).exists)()


async def test_rating_refused_by_action_shows_its_message(world):
    await actions.create_rating(world.carol, world.addon.pk, score=2)
    client = await client_for(world.carol)

    # A second rating of the same version.
    response = await client.post(
        reviews_path(world.addon.slug, "add/"), {"score": "5", "body": "Again."}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "You can&#39;t leave more than one review for the same version of an "
        "add-on." in html
    )
    # The page shows the rating to edit instead.
    assert "Your review" in html
    count = await sync_to_async(Rating.objects.filter(user=world.carol).count)()
    assert count == 1


async def test_rating_a_link_is_refused(world):
    client = await client_for(world.carol)

    response = await client.post(
        reviews_path(world.addon.slug, "add/"),
        {"score": "5", "body": "See https://example.com/"},
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


async def test_author_cannot_rate_own_addon(world):
    client = await client_for(world.owner)

    response = await client.post(reviews_path(world.addon.slug, "add/"), {"score": "5"})

    assert response.status_code in (400, 403)
    assert not await sync_to_async(Rating.objects.filter(user=world.owner).exists)()


async def test_anonymous_post_goes_to_log_in(world):
    response = await AsyncClient().post(
        reviews_path(world.addon.slug, "add/"), {"score": "5"}
    )

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == f"{PREFIX}/users/login/"
    assert parse_qs(location.query)["next"] == [reviews_path(world.addon.slug, "add/")]


async def test_disabled_addon_has_no_pages(world):
    world.addon.disabled_by_user = True
    await world.addon.asave(update_fields=["disabled_by_user"])
    client = await client_for(world.carol)

    page = await client.get(reviews_path(world.addon.slug))
    post = await client.post(reviews_path(world.addon.slug, "add/"), {"score": "5"})

    assert page.status_code == 404
    assert post.status_code == 404
    assert not await sync_to_async(Rating.objects.filter(user=world.carol).exists)()


# --- The reviews pages -------------------------------------------------------


async def test_review_text_is_escaped(world):
    body = '<script>alert("x")</script> <b>bold</b>\nsecond line'
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body=body
    )

    for path in (
        reviews_path(world.addon.slug),
        reviews_path(world.addon.slug, f"{rating.pk}/"),
    ):
        html = (await AsyncClient().get(path)).content.decode()

        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html


async def test_reviews_are_paginated_newest_first(world):
    def build() -> None:
        for index, user in enumerate(make_users(21)):
            Rating.objects.create(
                addon=world.addon,
                user=user,
                version=world.version,
                score=index % 5 + 1,
                body=f"Review number {index}.",
            )

    await sync_to_async(build)()
    client = AsyncClient()

    first = await get_page(client, reviews_path(world.addon.slug))
    second = await get_page(client, reviews_path(world.addon.slug) + "?page=2")
    past = await client.get(reviews_path(world.addon.slug) + "?page=3")

    assert first.html.count('class="review"') == 20
    assert "Review number 20." in first.html
    assert "Review number 0." not in first.html
    assert first.html.index("Review number 20.") < first.html.index("Review number 19.")
    assert second.html.count('class="review"') == 1
    assert "Review number 0." in second.html
    assert 'rel="next"' in first.html
    assert past.status_code == 404
    # The add-on, its previews and its version's compatibility (the object
    # cache is cold), the count, the ratings with their users and versions,
    # their replies, the users with a profile and the figures: a fixed
    # number, whatever the page size. An anonymous viewer has no rating or
    # flags to read.
    assert first.query_count == 8


async def test_score_filter(world):
    await actions.create_rating(world.alice, world.addon.pk, score=5, body="Five.")
    await actions.create_rating(world.bob, world.addon.pk, score=2, body="Two.")
    client = AsyncClient()

    five = (await client.get(reviews_path(world.addon.slug) + "?score=5")).content
    bad = await client.get(reviews_path(world.addon.slug) + "?score=9&page=1")

    assert b"Five." in five
    assert b"Two." not in five
    assert b"Reviews with 5 stars" in five
    assert bad.status_code == 302
    assert bad["Location"] == reviews_path(world.addon.slug) + "?page=1"


async def test_empty_reviews_page_is_friendly(world):
    client = await client_for(world.carol)

    response = await client.get(reviews_path(world.addon.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nobody has reviewed this add-on yet. Be the first!" in html
    assert "Rate this add-on" in html


@pytest.mark.parametrize(
    "rest",
    ["user:9223372036854775808/", "user:99999999999999999999/"],
)
async def test_user_page_with_an_id_past_the_largest_is_404(world, rest):
    response = await AsyncClient().get(reviews_path(world.addon.slug, rest))

    assert response.status_code == 404
    assert "This user id is not valid." in response.content.decode()


async def test_user_query_with_an_id_past_the_largest_is_404(world):
    response = await AsyncClient().get(
        reviews_path(world.addon.slug) + "?user=9999999999999999999"
    )

    assert response.status_code == 404
    assert "This user id is not valid." in response.content.decode()


async def test_user_page_lists_superseded_ratings(world):
    def build() -> None:
        Rating.objects.create(
            addon=world.addon,
            user=world.alice,
            version=world.old_version,
            score=2,
            body="Old opinion.",
            is_latest=False,
            created=world.old_version.created,
        )
        Rating.objects.create(
            addon=world.addon,
            user=world.alice,
            version=world.version,
            score=5,
            body="New opinion.",
            previous_count=1,
        )

    await sync_to_async(build)()
    client = AsyncClient()

    main = (await client.get(reviews_path(world.addon.slug))).content.decode()
    own = (
        await client.get(reviews_path(world.addon.slug, f"user:{world.alice.pk}/"))
    ).content.decode()
    by_query = await client.get(
        reviews_path(world.addon.slug) + f"?user={world.alice.pk}"
    )

    assert "New opinion." in main
    assert "Old opinion." not in main
    assert "New opinion." in own
    assert "Old opinion." in own
    assert "Earlier rating" in own
    assert "Version 1.0" in own
    assert by_query.status_code == 200
    assert "Old opinion." in by_query.content.decode()


async def test_held_rating_shown_to_its_author_and_moderators_only(world):
    def build() -> Rating:
        return Rating.objects.create(
            addon=world.addon,
            user=world.alice,
            version=world.version,
            score=5,
            body="Held text.",
            held=True,
            needs_moderation=True,
        )

    rating = await sync_to_async(build)()
    path = reviews_path(world.addon.slug)

    anonymous = (await AsyncClient().get(path)).content.decode()
    other = (await (await client_for(world.bob)).get(path)).content.decode()
    author = (await (await client_for(world.alice)).get(path)).content.decode()
    moderator = (await (await client_for(world.reviewer)).get(path)).content.decode()
    single = await AsyncClient().get(reviews_path(world.addon.slug, f"{rating.pk}/"))

    assert "Held text." not in anonymous
    assert "Held text." not in other
    assert "Held text." in author
    assert "Awaiting moderation" in author
    assert "Held text." in moderator
    assert single.status_code == 404


async def test_unknown_review_is_404(world):
    response = await AsyncClient().get(reviews_path(world.addon.slug, "999999/"))

    assert response.status_code == 404
    assert "This review does not exist, or it was deleted." in response.content.decode()


async def test_profile_link_only_for_public_authors(world):
    # Bob is the listed author of a public add-on, so he has a profile.
    await sync_to_async(AddonFactory)(authors=[world.bob], search_document=False)
    await actions.create_rating(world.alice, world.addon.pk, score=4, body="A.")
    await actions.create_rating(world.bob, world.addon.pk, score=4, body="B.")

    html = (await AsyncClient().get(reviews_path(world.addon.slug))).content.decode()

    assert f'href="{PREFIX}/user/{world.bob.pk}/"' in html
    assert f'href="{PREFIX}/user/{world.alice.pk}/"' not in html


# --- Edit and delete ---------------------------------------------------------


async def test_author_edits_own_rating(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Meh."
    )
    client = await client_for(world.alice)
    review = reviews_path(world.addon.slug, f"{rating.pk}/")

    response = await post_form(
        client, review, review + "edit/", {"score": "5", "body": "Better now."}
    )

    assert response.status_code == 302
    assert response["Location"] == review
    page = (await client.get(review)).content.decode()
    assert "Your review is saved." in page
    assert "Better now." in page
    assert (await arating_row(rating.pk)).score == 5


async def test_edit_errors_reopen_the_form(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Meh."
    )
    client = await client_for(world.alice)

    response = await client.post(
        reviews_path(world.addon.slug, f"{rating.pk}/edit/"),
        {"score": "7", "body": "Edited."},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "“7” is no rating" in html
    assert '<details class="review-action" open>' in html
    assert (await arating_row(rating.pk)).score == 2


async def test_others_cannot_edit_or_delete(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Mine."
    )
    client = await client_for(world.bob)
    review = reviews_path(world.addon.slug, f"{rating.pk}/")

    page = (await client.get(review)).content.decode()
    edit = await client.post(review + "edit/", {"score": "5"})
    delete = await client.post(review + "delete/")

    assert review + "edit/" not in page
    assert review + "delete/" not in page
    assert edit.status_code == 403
    assert delete.status_code == 403
    row = await arating_row(rating.pk)
    assert row.score == 2
    assert not row.deleted


async def test_author_deletes_own_rating(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=2, body="Bye."
    )
    client = await client_for(world.alice)

    response = await client.post(reviews_path(world.addon.slug, f"{rating.pk}/delete/"))

    assert response.status_code == 302
    assert response["Location"] == reviews_path(world.addon.slug)
    page = (await client.get(response["Location"])).content.decode()
    assert "Your review is deleted." in page
    assert "Bye." not in page
    assert (await arating_row(rating.pk)).deleted


async def test_get_of_form_address_redirects_to_review(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=2)

    for action in ("edit", "delete", "reply", "flag"):
        response = await AsyncClient().get(
            reviews_path(str(world.addon.pk), f"{rating.pk}/{action}/")
        )

        assert response.status_code == 301, action
        assert response["Location"] == reviews_path(world.addon.slug, f"{rating.pk}/")


# --- Replies -----------------------------------------------------------------


async def test_owner_replies_and_replaces_reply(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=3, body="Hm."
    )
    client = await client_for(world.owner)
    review = reviews_path(world.addon.slug, f"{rating.pk}/")

    first = await post_form(client, review, review + "reply/", {"body": "Thanks!"})
    second = await client.post(review + "reply/", {"body": "Fixed in 2.1."})

    assert first.status_code == 302
    assert second.status_code == 302
    page = (await AsyncClient().get(review)).content.decode()
    assert "Developer response" in page
    assert "Fixed in 2.1." in page
    assert "Thanks!" not in page
    # The reply sits beneath its rating on the reviews page too.
    listing = (await AsyncClient().get(reviews_path(world.addon.slug))).content.decode()
    assert listing.index("Hm.") < listing.index("Fixed in 2.1.")
    replies = await sync_to_async(
        Rating.objects.filter(reply_to=rating.pk, deleted=False).count
    )()
    assert replies == 1


async def test_reply_needs_text_and_an_author(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=3, body="Hm."
    )
    review = reviews_path(world.addon.slug, f"{rating.pk}/")
    owner = await client_for(world.owner)
    stranger = await client_for(world.bob)

    empty = await owner.post(review + "reply/", {"body": "  "})
    refused = await stranger.post(review + "reply/", {"body": "I am no author."})
    page = (await stranger.get(review)).content.decode()

    assert empty.status_code == 400
    assert "Write the text of your reply." in empty.content.decode()
    assert refused.status_code == 403
    assert review + "reply/" not in page


async def test_reply_address_leads_to_its_rating(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=3, body="Hm."
    )
    reply = await actions.reply_to_rating(world.owner, rating.pk, body="Thanks.")

    response = await AsyncClient().get(reviews_path(world.addon.slug, f"{reply.pk}/"))

    assert response.status_code == 301
    assert response["Location"] == reviews_path(world.addon.slug, f"{rating.pk}/")


# --- Flags and moderation ----------------------------------------------------


async def test_flag_needs_a_note_for_other(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Bad!"
    )
    client = await client_for(world.bob)
    review = reviews_path(world.addon.slug, f"{rating.pk}/")

    missing = await client.post(
        review + "flag/", {"flag": RatingFlagReason.OTHER.value, "note": ""}
    )
    bad_reason = await client.post(review + "flag/", {"flag": "because"})
    done = await post_form(
        client,
        review,
        review + "flag/",
        {"flag": RatingFlagReason.OTHER.value, "note": "Not about the add-on."},
    )

    assert missing.status_code == 400
    assert "Say in a note why moderators should look at it." in (
        missing.content.decode()
    )
    assert bad_reason.status_code == 400
    assert "“because” is no reason" in bad_reason.content.decode()
    assert done.status_code == 302
    page = (await client.get(review)).content.decode()
    assert "Thank you. Moderators will look at this review." in page
    assert "You reported this review." in page
    flag = await sync_to_async(RatingFlag.objects.get)(rating=rating.pk)
    assert flag.note == "Not about the add-on."
    assert (await arating_row(rating.pk)).needs_moderation


async def test_own_rating_has_no_flag_form(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Mine"
    )
    client = await client_for(world.alice)
    review = reviews_path(world.addon.slug, f"{rating.pk}/")

    page = (await client.get(review)).content.decode()
    response = await client.post(
        review + "flag/", {"flag": RatingFlagReason.SPAM.value}
    )

    assert review + "flag/" not in page
    assert response.status_code in (400, 403)
    assert not await sync_to_async(RatingFlag.objects.exists)()


async def test_moderation_queue_access(world):
    anonymous = await AsyncClient().get(MODERATION)
    plain = await (await client_for(world.alice)).get(MODERATION)
    reviewer = await (await client_for(world.reviewer)).get(MODERATION)
    admin = await (await client_for(world.admin)).get(MODERATION)

    assert anonymous.status_code == 302
    assert plain.status_code == 403
    assert reviewer.status_code == 200
    assert admin.status_code == 200
    assert "No review waits for moderation." in reviewer.content.decode()
    dashboard = await (await client_for(world.reviewer)).get(f"{PREFIX}/reviewers/")
    assert f'href="{MODERATION}"' in dashboard.content.decode()


async def test_reviewer_keeps_and_deletes_flagged_ratings(world):
    kept = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="Rude!"
    )
    gone = await actions.create_rating(world.bob, world.addon.pk, score=1, body="Spam!")
    await actions.flag_rating(
        world.carol, kept.pk, flag=RatingFlagReason.LANGUAGE.value
    )
    await actions.flag_rating(
        world.carol, gone.pk, flag=RatingFlagReason.OTHER.value, note="An advert."
    )
    client = await client_for(world.reviewer)

    page = await client.get(MODERATION)
    html = page.content.decode()

    assert html.index("Rude!") < html.index("Spam!")
    assert "Inappropriate language or dialog" in html
    assert "An advert." in html
    assert "reported by Carol" in html

    keep = await post_form(
        client, MODERATION, MODERATION, {"rating": str(kept.pk), "decision": "keep"}
    )
    delete = await client.post(
        MODERATION, {"rating": str(gone.pk), "decision": "delete"}
    )
    nonsense = await client.post(MODERATION, {"rating": "x", "decision": "burn"})

    assert keep.status_code == delete.status_code == nonsense.status_code == 302
    kept_row = await arating_row(kept.pk)
    gone_row = await arating_row(gone.pk)
    assert not kept_row.needs_moderation
    assert not kept_row.deleted
    assert gone_row.deleted
    after = (await client.get(MODERATION)).content.decode()
    assert "Choose Keep or Delete on one of the reviews of the queue." in after
    assert "No review waits for moderation." in after


async def test_plain_user_cannot_moderate(world):
    rating = await actions.create_rating(
        world.alice, world.addon.pk, score=1, body="X."
    )
    await actions.flag_rating(world.carol, rating.pk, flag=RatingFlagReason.SPAM.value)
    client = await client_for(world.bob)

    response = await client.post(
        MODERATION, {"rating": str(rating.pk), "decision": "delete"}
    )

    assert response.status_code == 403
    assert not (await arating_row(rating.pk)).deleted


# --- Old addresses -----------------------------------------------------------


async def test_old_addresses_redirect_in_one_hop(world):
    rating = await actions.create_rating(world.alice, world.addon.pk, score=4)
    slug = world.addon.slug
    number = world.addon.pk
    cases = {
        f"/en-US/firefox/reviews/display/{number}": reviews_path(slug),
        f"/de/firefox/reviews/add/{number}/": f"/de/firefox/addon/{slug}/reviews/add/",
        f"/en-US/firefox/addons/reviews/{number}/format:rss": reviews_path(slug),
        reviews_path(str(number)): reviews_path(slug),
        reviews_path(str(number), "add"): reviews_path(slug, "add/"),
        reviews_path(str(number), "add/"): reviews_path(slug, "add/"),
        reviews_path(str(number), "format:rss"): reviews_path(slug),
        reviews_path(slug, "format:rss"): reviews_path(slug),
        reviews_path(str(number), f"{rating.pk}/"): reviews_path(slug, f"{rating.pk}/"),
        reviews_path(str(number), f"user:{world.alice.pk}/"): reviews_path(
            slug, f"user:{world.alice.pk}/"
        ),
        reviews_path(str(number), f"user:{world.alice.pk}"): reviews_path(
            slug, f"user:{world.alice.pk}/"
        ),
        reviews_path(slug, f"{rating.pk}"): reviews_path(slug, f"{rating.pk}/"),
        reviews_path(str(number), f"{rating.pk}/edit"): reviews_path(
            slug, f"{rating.pk}/"
        ),
        reviews_path(str(number), f"{rating.pk}/flag/"): reviews_path(
            slug, f"{rating.pk}/"
        ),
    }
    for old, new in cases.items():
        response = await AsyncClient().get(old)

        assert response.status_code == 301, old
        assert response["Location"] == new, old
        final = await AsyncClient().get(new)
        assert final.status_code == 200, new


async def test_old_address_of_unknown_addon_is_404(world):
    for path in ("/en-US/firefox/reviews/display/999999", reviews_path("999999")):
        response = await AsyncClient().get(path)

        assert response.status_code == 404, path


async def test_add_page_asks_anonymous_visitors_to_log_in(world):
    response = await AsyncClient().get(reviews_path(world.addon.slug, "add/"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Log in to rate this add-on" in html
    assert "csrfmiddlewaretoken" not in html


async def test_held_rating_waits_in_queue_with_reason(world):
    client = await client_for(world.carol)

    response = await client.post(
        reviews_path(world.addon.slug, "add/"),
        {"score": "5", "body": "Better deals at example.com today."},
    )
    own = (await client.get(response["Location"])).content.decode()
    public = (await AsyncClient().get(reviews_path(world.addon.slug))).content
    queue = await (await client_for(world.reviewer)).get(MODERATION)

    assert response.status_code == 302
    assert "Awaiting moderation" in own
    assert "Better deals at example.com today." in own
    assert b"Better deals" not in public
    html = queue.content.decode()
    assert "Better deals at example.com today." in html
    assert "Held by the spam checks" in html
    assert "The text contains a link." in html
