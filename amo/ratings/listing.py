"""Reads of the ratings pages, shaped for their templates.

The pages show ratings with their replies, their users' names and profile
links, and what the viewer may do with each one. These reads fetch that
in a fixed number of queries per page through amo.core.db, and hand the
templates plain dataclasses, so no template touches a relation.

Held ratings (see Rating.held) are shown to their own author and to
moderators only; deleted ones to no one but the moderation queue.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from amo.addons.models import Addon, AddonUser
from amo.core import db
from amo.core.constants import AddonStatus
from amo.ratings import queries, spam
from amo.ratings.forms import FLAG_LABELS, FlagForm, RatingForm, ReplyForm
from amo.ratings.models import (
    BODY_MAX_LENGTH,
    FLAG_NOTE_MAX_LENGTH,
    Rating,
    RatingFlag,
)
from amo.users.models import User
from amo.users.permissions import aauthor_role, ais_reviewer


@dataclass(frozen=True)
class Viewer:
    """The user who views a ratings page, and their roles on the add-on."""

    user: User | None
    is_moderator: bool = False
    is_author: bool = False

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None


ANONYMOUS = Viewer(None)


async def signed_in_user(request: HttpRequest) -> User | None:
    """Return the request's user when signed in to an active account."""
    user = await request.auser()
    if not user.is_authenticated or not user.is_active:
        return None
    assert isinstance(user, User)
    return None if user.deleted else user


async def get_viewer(user: User | None, addon_id: int) -> Viewer:
    """Return the Viewer for a signed-in `user` (or None) on one add-on."""
    if user is None:
        return ANONYMOUS
    is_moderator = await ais_reviewer(user)
    is_author = await aauthor_role(user, addon_id) is not None
    return Viewer(user, is_moderator=is_moderator, is_author=is_author)


@dataclass(frozen=True)
class Bar:
    """One line of the histogram: a star count and its share of ratings."""

    score: int
    count: int
    percent: int


@dataclass(frozen=True)
class Summary:
    """The ratings of an add-on: their number, average and histogram."""

    count: int
    average: float
    text_count: int
    bars: list[Bar]


def _bars(histogram: dict[int, int]) -> list[Bar]:
    total = sum(histogram.values())
    return [
        Bar(
            score,
            histogram.get(score, 0),
            round(100 * histogram.get(score, 0) / total) if total else 0,
        )
        for score in (5, 4, 3, 2, 1)
    ]


async def get_summary(addon: Addon) -> Summary:
    """Return the add-on's figures, as the aggregate job last wrote them.

    They come from the object cache (amo.ratings.queries.aggregate). The
    count and average include the figures an import brought with the
    add-on; the histogram counts the rating rows only, because imported
    figures come without a split by star.
    """
    found = await queries.aggregate(addon.pk)
    return Summary(
        count=found.count,
        average=found.average,
        text_count=found.text_count,
        bars=_bars(found.histogram),
    )


@dataclass(frozen=True)
class Reply:
    id: int
    body: str
    created: datetime.datetime
    user_name: str


@dataclass
class Review:
    """One rating as a page shows it, with the viewer's possible actions."""

    id: int
    addon_id: int
    score: int
    body: str
    created: datetime.datetime
    user_id: int
    user_name: str
    # Whether the user has a public profile page to link to.
    user_has_profile: bool
    version: str | None
    held: bool
    is_latest: bool
    needs_moderation: bool
    reply: Reply | None = None
    can_edit: bool = False
    can_delete: bool = False
    can_reply: bool = False
    can_flag: bool = False
    flagged_by_viewer: bool = False


@dataclass
class ReviewPage:
    reviews: list[Review]
    total: int


def _visible_to(viewer: Viewer) -> Q:
    """Ratings that `viewer` may see: not deleted, and not held unless the
    viewer wrote them or moderates."""
    visible = Q(deleted=False, reply_to__isnull=True)
    if viewer.is_moderator:
        return visible
    if viewer.user_id is not None:
        return visible & (Q(held=False) | Q(user_id=viewer.user_id))
    return visible & Q(held=False)


def _ratings(addon_id: int, viewer: Viewer) -> "QuerySet[Rating]":
    return Rating.objects.filter(_visible_to(viewer), addon_id=addon_id)


async def _profile_ids(user_ids: set[int]) -> set[int]:
    """Return which of `user_ids` have a public profile: the listed
    authors of a public add-on (see amo.users.views.profile)."""
    if not user_ids:
        return set()
    rows = await db.fetch_values(
        AddonUser.objects.filter(
            user_id__in=user_ids,
            listed=True,
            addon__status=AddonStatus.PUBLIC,
            addon__disabled_by_user=False,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return set(rows)


async def _reviews(ratings: list[Rating], viewer: Viewer) -> list[Review]:
    """Turn `ratings` (with user and version loaded) into Reviews."""
    if not ratings:
        return []
    ids = [rating.pk for rating in ratings]
    replies = await db.fetch(
        Rating.objects.filter(reply_to_id__in=ids, deleted=False).select_related("user")
    )
    reply_by_rating = {reply.reply_to_id: reply for reply in replies}
    profiles = await _profile_ids({rating.user_id for rating in ratings})
    flagged: set[int] = set()
    if viewer.user_id is not None:
        flagged = set(
            await db.fetch_values(
                RatingFlag.objects.filter(
                    rating_id__in=ids, user_id=viewer.user_id
                ).values_list("rating_id", flat=True)
            )
        )

    reviews = []
    for rating in ratings:
        own = viewer.user_id is not None and rating.user_id == viewer.user_id
        reply = reply_by_rating.get(rating.pk)
        reviews.append(
            Review(
                id=rating.pk,
                addon_id=rating.addon_id,
                score=rating.score or 0,
                body=rating.body,
                created=rating.created,
                user_id=rating.user_id,
                user_name=rating.user.name,
                user_has_profile=rating.user_id in profiles,
                version=rating.version.version if rating.version else None,
                held=rating.held,
                is_latest=rating.is_latest,
                needs_moderation=rating.needs_moderation,
                reply=(
                    Reply(reply.pk, reply.body, reply.created, reply.user.name)
                    if reply is not None
                    else None
                ),
                can_edit=own and rating.is_latest,
                can_delete=own or viewer.is_moderator,
                can_reply=viewer.is_author and not own,
                # Only a review with text can be flagged, and not by its
                # own author.
                can_flag=viewer.user is not None and not own and bool(rating.body),
                flagged_by_viewer=rating.pk in flagged,
            )
        )
    return reviews


async def get_review_page(
    addon_id: int,
    viewer: Viewer,
    *,
    offset: int,
    limit: int,
    score: int | None = None,
    user_id: int | None = None,
) -> ReviewPage:
    """Return the add-on's ratings for one page, newest first.

    Without `user_id`, each user's current rating; with it, every rating
    of that user, superseded ones included.
    """
    queryset = _ratings(addon_id, viewer)
    if user_id is None:
        queryset = queryset.filter(is_latest=True)
    else:
        queryset = queryset.filter(user_id=user_id)
    if score is not None:
        queryset = queryset.filter(score=score)
    total = await db.count(queryset)
    if not total or offset >= total:
        return ReviewPage([], total)
    ratings = await db.fetch(
        queryset.select_related("user", "version").order_by("-created", "-pk")[
            offset : offset + limit
        ]
    )
    return ReviewPage(await _reviews(ratings, viewer), total)


async def get_review(addon_id: int, rating_id: int, viewer: Viewer) -> Review | None:
    """Return one rating of the add-on that `viewer` may see, or None."""
    rating = await db.fetch_one(
        _ratings(addon_id, viewer)
        .filter(pk=rating_id)
        .select_related("user", "version")
    )
    if rating is None:
        return None
    return (await _reviews([rating], viewer))[0]


async def get_own_review(addon_id: int, viewer: Viewer) -> Review | None:
    """Return the viewer's current rating of the add-on, or None."""
    if viewer.user_id is None:
        return None
    rating = await db.fetch_one(
        _ratings(addon_id, viewer)
        .filter(user_id=viewer.user_id, is_latest=True)
        .select_related("user", "version")
        .order_by("-created")
    )
    if rating is None:
        return None
    return (await _reviews([rating], viewer))[0]


async def get_reply_rating_id(addon_id: int, reply_id: int) -> int | None:
    """Return the rating id that reply `reply_id` replies to, or None."""
    values = await db.fetch_values(
        Rating.objects.filter(
            pk=reply_id, addon_id=addon_id, reply_to__isnull=False
        ).values_list("reply_to_id", flat=True)
    )
    return values[0] if values else None


# --- The moderation queue ----------------------------------------------------


@dataclass(frozen=True)
class Flag:
    reason: str
    note: str
    user_name: str
    created: datetime.datetime


@dataclass
class QueueItem:
    id: int
    score: int | None
    body: str
    created: datetime.datetime
    user_name: str
    # The add-on's name in each locale.
    addon_name: dict[str, str]
    addon_slug: str
    addon_locale: str
    held: bool
    is_reply: bool
    flags: list[Flag] = field(default_factory=list)
    # Why the spam checks held it (amo.ratings.spam.REASONS), if they did.
    spam_reasons: list[str] = field(default_factory=list)


async def get_moderation_page(
    *, offset: int, limit: int
) -> tuple[list[QueueItem], int]:
    """Return flagged and held ratings, oldest first, with their flags and
    the reasons the spam checks held them."""
    queryset = Rating.objects.filter(needs_moderation=True, deleted=False)
    total = await db.count(queryset)
    if not total or offset >= total:
        return [], total
    ratings = await db.fetch(
        queryset.select_related("user", "addon").order_by("created", "pk")[
            offset : offset + limit
        ]
    )
    flags = await db.fetch(
        RatingFlag.objects.filter(rating_id__in=[r.pk for r in ratings])
        .select_related("user")
        .order_by("created", "pk")
    )
    reasons = await spam.reasons([rating.pk for rating in ratings])
    by_rating: dict[int, list[Flag]] = {}
    for flag in flags:
        by_rating.setdefault(flag.rating_id, []).append(
            Flag(flag.flag, flag.note, flag.user.name, flag.created)
        )
    items = [
        QueueItem(
            id=rating.pk,
            score=rating.score,
            body=rating.body,
            created=rating.created,
            user_name=rating.user.name,
            addon_name=rating.addon.name,
            addon_slug=rating.addon.slug,
            addon_locale=rating.addon.default_locale,
            held=rating.held,
            is_reply=rating.reply_to_id is not None,
            flags=by_rating.get(rating.pk, []),
            spam_reasons=reasons.get(rating.pk, []),
        )
        for rating in ratings
    ]
    return items, total


async def get_addon_page_context(user: User | None, addon: Addon) -> dict[str, Any]:
    """Return what the ratings section of the add-on's page needs.

    `user` is the signed-in user or None. For an anonymous visitor the
    section contains no form, so the page sets no CSRF cookie and the page
    cache may keep it.
    """
    viewer = await get_viewer(user, addon.pk)
    return {
        **form_context(),
        "ratings_summary": await get_summary(addon),
        "viewer": viewer,
        "own": await get_own_review(addon.pk, viewer),
    }


def form_context() -> dict[str, Any]:
    """Return the blank forms and limits that the review templates use.

    `forms` maps "edit", "reply" or "flag" to a bound form with errors,
    which the template shows open in place of the blank one.
    """
    return {
        "rating_form": RatingForm(),
        "reply_form": ReplyForm(),
        "flag_form": FlagForm(),
        "flag_labels": FLAG_LABELS,
        "forms": {},
        "body_max": BODY_MAX_LENGTH,
        "note_max": FLAG_NOTE_MAX_LENGTH,
    }
