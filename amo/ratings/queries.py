"""Async reads of ratings for the pages and the API, through amo.core.db.

- `aggregate(addon_id) -> RatingSummary`: count, average, bayesian,
  text_count and histogram {1..5: n} of an add-on, from the add-on's
  fields and its RatingAggregate, cached in the object cache (kind
  "rating-summary"; the aggregate job clears it).
- `addon_ratings(addon_id, *, page, page_size, score=None, version_id=None,
  user_id=None, without_empty_body=False, viewer=None) -> Page` of
  RatingView, newest first: the add-on's latest rating per user (every
  rating of the version when `version_id` is given), not deleted, not held
  unless `viewer` wrote it or moderates, each with its reply.
- `ratings_page(RatingFilter, *, page, page_size, viewer=None) -> Page`:
  the same with every filter of the API (ratings of a user across
  add-ons, excluded ids, deleted ones for moderators).
- `get_rating(rating_id, viewer=None) -> RatingView | None`: one rating or
  reply that `viewer` may see, with its reply.
- `user_rating(addon_id, user_id) -> Rating | None`: the user's current
  rating of the add-on (held or not), for the rating form.
- `moderation_queue(page, page_size) -> Page` of ModerationItem: the
  ratings that need moderation, oldest first, with their flags, the spam
  reasons that held them and the add-on's name and slug.
- `viewer_roles(viewer, addon_id) -> ViewerRoles`: whether the viewer
  moderates ratings and whether they are an author of the add-on.

`Page` is amo.core.pagination.Page: `items`, `number`, `total`,
`per_page`. Pages past the last one are empty; the caller decides
whether that is a 404.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from amo.addons.models import Addon
from amo.core import db
from amo.core.cache import objects
from amo.core.models import FALLBACK_LOCALE, translate
from amo.core.pagination import Page
from amo.ratings import spam
from amo.ratings.models import Rating, RatingAggregate, RatingFlag
from amo.users.permissions import aauthor_role, ais_reviewer

# An add-on's rating figures and its RatingAggregate, in one cache entry.
SUMMARY_KIND = objects.ObjectKind(
    "rating-summary",
    Addon,
    select_related=("rating_aggregate",),
    only=(
        "id",
        "total_ratings",
        "average_rating",
        "bayesian_rating",
        "text_ratings_count",
        *(f"rating_aggregate__count_{star}" for star in range(1, 6)),
        "rating_aggregate__text_count",
        "rating_aggregate__computed",
    ),
)

RATING_FIELDS = (
    "id",
    "addon_id",
    "user_id",
    "version_id",
    "reply_to_id",
    "score",
    "body",
    "created",
    "modified",
    "is_latest",
    "previous_count",
    "deleted",
    "held",
    "needs_moderation",
    "user__id",
    "user__username",
    "user__display_name",
    "user__deleted",
    "version__id",
    "version__version",
)
REPLY_FIELDS = tuple(name for name in RATING_FIELDS if not name.startswith("version"))


@dataclass(frozen=True)
class RatingSummary:
    """An add-on's rating figures."""

    count: int
    average: float
    bayesian: float
    text_count: int
    # Counted ratings by star, 1 to 5; imported figures have no breakdown,
    # so the histogram may add up to less than `count`.
    histogram: dict[int, int]


@dataclass(frozen=True)
class FlagView:
    user_id: int
    flag: str
    note: str
    created: datetime.datetime


@dataclass
class RatingView:
    """A rating or reply as pages and the API show it."""

    id: int
    addon_id: int
    user_id: int
    user_name: str
    user_username: str
    # None on replies.
    score: int | None
    # Plain text, empty for a rating without a review.
    body: str
    created: datetime.datetime
    modified: datetime.datetime
    # None on replies, and when the version was deleted.
    version_id: int | None
    version: str | None
    is_latest: bool
    previous_count: int
    deleted: bool
    held: bool
    needs_moderation: bool
    is_reply: bool
    reply_to_id: int | None = None
    reply: "RatingView | None" = None
    flags: list[FlagView] = field(default_factory=list)


@dataclass
class ModerationItem:
    """A rating in the moderation queue."""

    rating: RatingView
    addon_slug: str
    # The add-on's name in every locale, and the locale it falls back to.
    addon_names: dict[str, str]
    addon_default_locale: str
    flags: list[FlagView]
    # The reasons the spam checks held it for (amo.ratings.spam.REASONS).
    spam_reasons: list[str]

    def addon_name(self, locale: str) -> str:
        return translate(self.addon_names, locale, self.addon_default_locale)[0]


@dataclass(frozen=True)
class ViewerRoles:
    moderator: bool = False
    author: bool = False


@dataclass(frozen=True)
class RatingFilter:
    """The selection of a rating list, by `addon_id`, `user_id` or both."""

    addon_id: int | None = None
    user_id: int | None = None
    version_id: int | None = None
    scores: tuple[int, ...] = ()
    exclude_ids: tuple[int, ...] = ()
    without_empty_body: bool = False
    # With without_empty_body: keep the viewer's own ratings without text.
    with_yours: bool = False
    # Deleted ratings too; the caller checks that the viewer moderates.
    with_deleted: bool = False


# --- Aggregates -----------------------------------------------------------


def _summary_of(addon: Addon) -> RatingSummary:
    try:
        stored: RatingAggregate | None = addon.rating_aggregate
    except RatingAggregate.DoesNotExist:
        stored = None
    histogram = (
        stored.histogram if stored is not None else dict.fromkeys(range(1, 6), 0)
    )
    return RatingSummary(
        count=addon.total_ratings,
        average=addon.average_rating,
        bayesian=addon.bayesian_rating,
        text_count=addon.text_ratings_count,
        histogram=histogram,
    )


async def aggregate(addon_id: int) -> RatingSummary:
    """Return the add-on's rating figures; all zero for an unknown add-on."""
    addon = await objects.aget(SUMMARY_KIND, addon_id)
    if addon is None:
        return RatingSummary(0, 0.0, 0.0, 0, dict.fromkeys(range(1, 6), 0))
    return _summary_of(addon)


async def aggregates(addon_ids: Iterable[int]) -> dict[int, RatingSummary]:
    """Return the rating figures of several add-ons, by id, in one read."""
    found = await objects.aget_many(SUMMARY_KIND, addon_ids)
    return {pk: _summary_of(addon) for pk, addon in found.items()}


# --- Viewers --------------------------------------------------------------


async def viewer_roles(viewer: Any, addon_id: int | None) -> ViewerRoles:
    """Return whether `viewer` moderates ratings and authors the add-on."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return ViewerRoles()
    moderator = await ais_reviewer(viewer)
    author = addon_id is not None and await aauthor_role(viewer, addon_id) is not None
    return ViewerRoles(moderator=moderator, author=author)


def _viewer_id(viewer: Any) -> int | None:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return int(viewer.pk)


# --- Building views -------------------------------------------------------


def _view(rating: Rating, *, with_version: bool = True) -> RatingView:
    user: Any = rating.user
    version: Any = rating.version if with_version and rating.version_id else None
    return RatingView(
        id=rating.pk,
        addon_id=rating.addon_id,
        user_id=rating.user_id,
        user_name=user.name,
        user_username=user.username,
        score=rating.score,
        body=rating.body,
        created=rating.created,
        modified=rating.modified,
        version_id=version.pk if version is not None else None,
        version=version.version if version is not None else None,
        is_latest=rating.is_latest,
        previous_count=rating.previous_count,
        deleted=rating.deleted,
        held=rating.held,
        needs_moderation=rating.needs_moderation,
        is_reply=rating.reply_to_id is not None,
        reply_to_id=rating.reply_to_id,
    )


def _rating_rows() -> QuerySet[Rating]:
    return Rating.objects.select_related("user", "version").only(*RATING_FIELDS)


async def _attach_replies(
    views: Sequence[RatingView], *, with_deleted: bool = False
) -> None:
    ids = [view.id for view in views if not view.is_reply]
    if not ids:
        return
    rows = Rating.objects.filter(reply_to__in=ids)
    if not with_deleted:
        rows = rows.filter(deleted=False)
    replies = await db.fetch(rows.select_related("user").only(*REPLY_FIELDS))
    by_rating = {
        reply.reply_to_id: _view(reply, with_version=False) for reply in replies
    }
    for view in views:
        view.reply = by_rating.get(view.id)


async def flags_of(rating_ids: Sequence[int]) -> dict[int, list[FlagView]]:
    """Return the flags of each rating, oldest first."""
    if not rating_ids:
        return {}
    rows = await db.fetch(
        RatingFlag.objects.filter(rating__in=list(rating_ids))
        .only("id", "rating_id", "user_id", "flag", "note", "created")
        .order_by("created", "id")
    )
    found: dict[int, list[FlagView]] = {}
    for row in rows:
        found.setdefault(row.rating_id, []).append(
            FlagView(
                user_id=row.user_id, flag=row.flag, note=row.note, created=row.created
            )
        )
    return found


# --- Lists ----------------------------------------------------------------


def _visible_to(
    queryset: QuerySet[Rating], viewer_id: int | None, moderator: bool
) -> QuerySet[Rating]:
    """Hide held ratings from everyone but their authors and moderators."""
    if moderator:
        return queryset
    if viewer_id is None:
        return queryset.filter(held=False)
    return queryset.filter(Q(held=False) | Q(user=viewer_id))


def filtered(
    rating_filter: RatingFilter, *, viewer_id: int | None, moderator: bool
) -> QuerySet[Rating]:
    """Return the ratings, not replies, that `rating_filter` selects,
    newest first."""
    rows: QuerySet[Rating] = Rating.objects.filter(reply_to__isnull=True)
    if rating_filter.addon_id is not None:
        rows = rows.filter(addon=rating_filter.addon_id)
    else:
        # A user's ratings are shown on public add-ons only.
        rows = rows.filter(addon__in=Addon.objects.listed().values("pk"))
    if rating_filter.user_id is not None:
        rows = rows.filter(user=rating_filter.user_id)
    if rating_filter.version_id is not None:
        rows = rows.filter(version=rating_filter.version_id)
    elif rating_filter.addon_id is not None or rating_filter.user_id is not None:
        rows = rows.filter(is_latest=True)
    if not rating_filter.with_deleted:
        rows = rows.filter(deleted=False)
    if rating_filter.scores:
        rows = rows.filter(score__in=list(rating_filter.scores))
    if rating_filter.exclude_ids:
        rows = rows.exclude(pk__in=list(rating_filter.exclude_ids))
    if rating_filter.without_empty_body:
        with_text = ~Q(body="")
        if rating_filter.with_yours and viewer_id is not None:
            with_text |= Q(user=viewer_id)
        rows = rows.filter(with_text)
    rows = _visible_to(rows, viewer_id, moderator)
    return rows.order_by("-created", "-id")


async def ratings_page(
    rating_filter: RatingFilter,
    *,
    page: int = 1,
    page_size: int = 20,
    viewer: Any = None,
) -> Page:
    """Return one page of the ratings `rating_filter` selects, newest first,
    each with its reply."""
    roles = await viewer_roles(viewer, None)
    rows = filtered(
        rating_filter, viewer_id=_viewer_id(viewer), moderator=roles.moderator
    )
    total = await db.count(rows)
    start = (page - 1) * page_size
    ratings = await db.fetch(
        rows.select_related("user", "version").only(*RATING_FIELDS)[
            start : start + page_size
        ]
    )
    views = [_view(rating) for rating in ratings]
    await _attach_replies(views, with_deleted=rating_filter.with_deleted)
    return Page(items=views, number=page, total=total, per_page=page_size)


async def addon_ratings(
    addon_id: int,
    *,
    page: int = 1,
    page_size: int = 20,
    score: int | Sequence[int] | None = None,
    version_id: int | None = None,
    user_id: int | None = None,
    without_empty_body: bool = False,
    viewer: Any = None,
) -> Page:
    """Return one page of an add-on's current ratings, newest first."""
    scores: tuple[int, ...]
    if score is None:
        scores = ()
    elif isinstance(score, int):
        scores = (score,)
    else:
        scores = tuple(score)
    rating_filter = RatingFilter(
        addon_id=addon_id,
        user_id=user_id,
        version_id=version_id,
        scores=scores,
        without_empty_body=without_empty_body,
    )
    return await ratings_page(
        rating_filter, page=page, page_size=page_size, viewer=viewer
    )


async def get_rating(rating_id: int, viewer: Any = None) -> RatingView | None:
    """Return the rating or reply `rating_id` with its reply, or None when
    it does not exist or `viewer` may not see it.

    Moderators see deleted and held ratings. A held rating is also shown
    to its author, and ratings of add-ons that are not public only to the
    add-on's authors and moderators.
    """
    rating = await db.fetch_one(_rating_rows().filter(pk=rating_id))
    if rating is None:
        return None
    roles = await viewer_roles(viewer, rating.addon_id)
    viewer_id = _viewer_id(viewer)
    if not roles.moderator:
        if rating.deleted:
            return None
        if rating.held and rating.user_id != viewer_id:
            return None
        # A reply is seen only with its rating.
        if rating.reply_to_id is not None and not await db.exists(
            Rating.objects.filter(pk=rating.reply_to_id, deleted=False).filter(
                Q(held=False) | Q(user=viewer_id)
            )
        ):
            return None
        if not roles.author and not await db.exists(
            Addon.objects.listed().filter(pk=rating.addon_id)
        ):
            return None
    view = _view(rating, with_version=rating.reply_to_id is None)
    await _attach_replies([view], with_deleted=roles.moderator and rating.deleted)
    return view


async def user_rating(addon_id: int, user_id: int) -> Rating | None:
    """Return the user's current rating of the add-on, held or not."""
    return await db.fetch_one(
        Rating.objects.filter(
            addon=addon_id,
            user=user_id,
            reply_to__isnull=True,
            is_latest=True,
            deleted=False,
        ).order_by("-created", "-id")
    )


async def moderation_queue(page: int = 1, page_size: int = 20) -> Page:
    """Return one page of the ratings and replies that need moderation,
    oldest first, as ModerationItem."""
    # A reply to a deleted rating is gone with it.
    rows = (
        Rating.objects.filter(needs_moderation=True, deleted=False)
        .exclude(reply_to__deleted=True)
        .order_by("created", "id")
    )
    total = await db.count(rows)
    start = (page - 1) * page_size
    ratings = await db.fetch(
        rows.select_related("user", "version").only(*RATING_FIELDS)[
            start : start + page_size
        ]
    )
    ids = [rating.pk for rating in ratings]
    addon_ids = sorted({rating.addon_id for rating in ratings})
    addons = {
        addon.pk: addon
        for addon in await db.fetch(
            Addon.objects.filter(pk__in=addon_ids).only(
                "id", "slug", "name", "default_locale"
            )
        )
    }
    flags = await flags_of(ids)
    reasons = await spam.reasons(ids)
    items = []
    for rating in ratings:
        addon = addons.get(rating.addon_id)
        view = _view(rating)
        view.flags = flags.get(rating.pk, [])
        items.append(
            ModerationItem(
                rating=view,
                addon_slug=addon.slug if addon else "",
                addon_names=dict(addon.name or {}) if addon else {},
                addon_default_locale=(
                    addon.default_locale if addon else FALLBACK_LOCALE
                ),
                flags=view.flags,
                spam_reasons=reasons.get(rating.pk, []),
            )
        )
    return Page(items=items, number=page, total=total, per_page=page_size)
