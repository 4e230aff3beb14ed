"""Ratings in a real browser: rate, reply, report, moderate.

A user rates an add-on with a review on its page and finds it on the
reviews page, where the histogram counts it. The add-on's owner replies
beneath it, and another user reports it. A reviewer keeps it from the
moderation queue and deletes another reported review. Sessions are made
by the test and set as cookies, so the test does not depend on the log-in
page. The forms are plain HTML: the test clicks and types as a user does.
"""

from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from playwright.async_api import expect

from amo.ratings.models import Rating, RatingFlag, RatingFlagReason
from amo.users.models import User
from tests.e2e.browser import save_screenshot
from tests.factories import AddonFactory, UserFactory
from tests.reviewers.conftest import make_reviewer

pytestmark = pytest.mark.e2e

REVIEW = "Groups my tabs <b>neatly</b>; a little slow with 500 tabs."
REPLY = "Thanks! Version 2.1 is faster with many tabs."
SPAM = "Buy cheap watches at our shop, best prices!"


@pytest.fixture
def server_environment(monkeypatch, settings) -> None:
    """Run the live server's jobs in its own process, and let it read the
    sessions this test signs.

    Without a broker the aggregate job runs in the server as soon as a
    rating is saved, so the histogram counts it at once, and no job is
    left in a shared queue. Requested before `page`, so the server starts
    with this environment.
    """
    monkeypatch.setenv("AMO_SECRET_KEY", settings.SECRET_KEY)
    monkeypatch.delenv("AMO_BROKER_URL", raising=False)


@dataclass
class Cast:
    slug: str
    name: str
    sessions: dict[str, str]
    spam_id: int


def session_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def build_cast() -> Cast:
    owner = UserFactory(username="olga", display_name="Olga Owner")
    addon = AddonFactory(
        slug="tab-herder",
        name={"en-US": "Tab Herder"},
        authors=[owner],
        total_ratings=0,
        average_rating=0,
        bayesian_rating=0,
        text_ratings_count=0,
    )
    rater = UserFactory(username="rosa", display_name="Rosa Rater")
    flagger = UserFactory(username="fred", display_name="Fred Flagger")
    spammer = UserFactory(username="sam", display_name="Sam Spammer")
    reviewer = make_reviewer()
    # A review that the spam checks held and a user reported; the
    # reviewer deletes it. Held, it is not counted in the figures.
    spam = Rating.objects.create(
        addon=addon,
        user=spammer,
        version=addon.current_version,
        score=5,
        body=SPAM,
        held=True,
        needs_moderation=True,
    )
    RatingFlag.objects.create(
        rating=spam, user=flagger, flag=RatingFlagReason.SPAM.value
    )
    return Cast(
        slug=addon.slug,
        name="Tab Herder",
        sessions={
            name: session_of(user)
            for name, user in (
                ("owner", owner),
                ("rater", rater),
                ("flagger", flagger),
                ("reviewer", reviewer),
            )
        },
        spam_id=spam.pk,
    )


async def sign_in_as(page, base: str, session: str) -> None:
    await page.context.clear_cookies()
    await page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )


async def test_rate_reply_flag_and_moderate(
    server_environment, page, page_problems, uvicorn_server, artifacts_dir
):
    cast = await sync_to_async(build_cast)()
    base = uvicorn_server.url
    detail = f"{base}/en-US/firefox/addon/{cast.slug}/"
    reviews = f"{detail}reviews/"

    # Anonymous visitors are asked to log in.
    await page.goto(detail)
    ratings = page.locator("#reviews")
    await expect(ratings.get_by_role("heading", level=2)).to_have_text(
        "Ratings and reviews"
    )
    await expect(
        ratings.get_by_role("link", name="Log in to rate this add-on")
    ).to_be_visible()

    # The rater rates the add-on on its page: four stars and a review.
    await sign_in_as(page, base, cast.sessions["rater"])
    await page.goto(detail)
    form = page.locator("#reviews form.rating-form")
    await expect(form.get_by_role("group", name="Your rating")).to_be_visible()
    await form.locator("label[for='rate-score-4']").click()
    await expect(form.get_by_label("4 stars")).to_be_checked()
    await form.get_by_label("Your review (optional)").fill(REVIEW)
    await save_screenshot(page, artifacts_dir, "ratings-form")
    await form.get_by_role("button", name="Submit rating").click()

    await expect(page).to_have_url(reviews)
    await expect(page.get_by_role("status")).to_have_text(
        "Thank you for rating this add-on."
    )
    review = page.locator("article.review", has_text="Rosa Rater").first
    # The review's HTML shows as text.
    await expect(review.locator(".review-body")).to_have_text(REVIEW)
    histogram = page.get_by_role("list", name="Ratings by stars")
    await expect(histogram.get_by_text("4 stars: 1 rating")).to_be_attached()
    await expect(histogram.get_by_text("5 stars: 0 ratings")).to_be_attached()
    await save_screenshot(page, artifacts_dir, "ratings-list")

    # The owner replies beneath it.
    await sign_in_as(page, base, cast.sessions["owner"])
    await page.goto(reviews)
    review = page.locator("article.review", has_text="Rosa Rater")
    await review.get_by_text("Reply", exact=True).click()
    await review.get_by_label("Your reply").fill(REPLY)
    await review.get_by_role("button", name="Publish reply").click()
    await expect(page.get_by_role("status")).to_have_text("Your reply is published.")
    reply = page.locator(".review-reply")
    await expect(reply).to_contain_text("Developer response")
    await expect(reply).to_contain_text(REPLY)
    await save_screenshot(page, artifacts_dir, "ratings-reply")

    # Another user reports it: "Other" needs a note.
    await sign_in_as(page, base, cast.sessions["flagger"])
    await page.goto(reviews)
    review = page.locator("article.review", has_text="Rosa Rater")
    await review.get_by_text("Report this review").click()
    await review.get_by_role("radio", name="Other", exact=True).check()
    await review.get_by_label("Note (needed for “Other”)").fill(
        "Mentions a competitor."
    )
    await review.get_by_role("button", name="Send report").click()
    await expect(page.get_by_role("status")).to_have_text(
        "Thank you. Moderators will look at this review."
    )
    await expect(page.get_by_text("You reported this review.")).to_be_visible()

    # The reviewer keeps it, and deletes the spam.
    await sign_in_as(page, base, cast.sessions["reviewer"])
    await page.goto(f"{base}/en-US/firefox/reviewers/")
    await page.get_by_role("link", name="Rating moderation").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Rating moderation")
    items = page.locator(".moderation-item")
    await expect(items).to_have_count(2)
    # Oldest first: the spam was written before the rater's review.
    await expect(items.nth(0)).to_contain_text(SPAM)
    await expect(items.nth(0)).to_contain_text("Spam or otherwise non-review content")
    await expect(items.nth(1)).to_contain_text("Mentions a competitor.")
    await expect(items.nth(1)).to_contain_text("reported by Fred Flagger")
    await save_screenshot(page, artifacts_dir, "ratings-moderation")

    await items.nth(1).get_by_role("button", name="Keep").click()
    await expect(page.get_by_role("status")).to_have_text(
        "The review is kept and published."
    )
    await expect(items).to_have_count(1)
    await items.nth(0).get_by_role("button", name="Delete").click()
    await expect(page.get_by_role("status")).to_have_text("The review is deleted.")
    await expect(page.get_by_text("No review waits for moderation.")).to_be_visible()

    # Everyone sees the kept review and its reply, and not the spam.
    await page.context.clear_cookies()
    await page.goto(reviews)
    await expect(page.get_by_text(REPLY)).to_be_visible()
    await expect(page.get_by_text(SPAM)).to_have_count(0)
    await save_screenshot(page, artifacts_dir, "ratings-after-moderation")

    # Right to left and in the dark theme: the full bar fills its track and
    # the empty one shows none.
    await page.emulate_media(color_scheme="dark")
    await page.goto(f"{base}/he/firefox/addon/{cast.slug}/reviews/")
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    bar = await page.locator(".histogram-bar").nth(1).bounding_box()
    fill = await page.locator(".histogram-fill").nth(1).bounding_box()
    assert bar is not None
    assert fill is not None
    assert fill["width"] == pytest.approx(bar["width"], abs=1)
    empty = await page.locator(".histogram-fill").nth(0).bounding_box()
    assert empty is not None
    assert empty["width"] == 0
    await save_screenshot(page, artifacts_dir, "ratings-rtl-dark")
    page_problems.assert_none()

    spam = await sync_to_async(Rating.objects.get)(pk=cast.spam_id)
    assert spam.deleted
