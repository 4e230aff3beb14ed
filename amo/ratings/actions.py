"""State changes of ratings: create, edit, delete, reply, flag, moderate.

Every action is a coroutine that validates its input and runs its write
in one transaction in the write thread (amo.core.db.writes). It raises
amo.core.errors.ActionError to reject a change: status 404 when the
rating or add-on is not there or not visible to the user, 403 when the
user may not make the change, 400 for invalid input, and 409 when the
rating's state does not allow it. Field names in the errors are those
of the API: `addon`, `version`, `score`, `body`, `flag`, `note`, or
`non_field_errors`.

Each write locks the add-on's row first (SELECT ... FOR UPDATE), so two
requests for one add-on, from any process, run one after the other: two
identical create requests make one rating and one 400. The aggregate job
(workers.ratings.update_aggregates) takes the same lock.

After the commit, an action that changes what is counted queues the
aggregate job of the add-on; when the broker is down the failure is
logged and the periodic sweep (ratings.sweep_aggregates) recomputes the
add-on, because its newest rating change is then newer than its
aggregate. Every action clears the cached pages (a bump of the site
generation) once it commits.

Deleting is soft. Deleting a user's latest rating does not make their
older rating the latest again, as on addons.mozilla.org: the user then
has no current rating of the add-on and may write a new one.
Keeping a rating in moderation deletes its flags, as addons.mozilla.org
does, so the users who flagged it may flag it again.
"""

import re
from typing import Any

import structlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from amo.addons.models import Addon
from amo.core import db
from amo.core.cache.invalidation import invalidate
from amo.core.constants import Channel, FileStatus
from amo.core.db import run_write
from amo.core.errors import NON_FIELD_ERRORS, ActionError
from amo.ratings import spam
from amo.ratings.models import (
    BODY_MAX_LENGTH,
    FLAG_NOTE_MAX_LENGTH,
    Rating,
    RatingFlag,
    RatingFlagReason,
)
from amo.users.models import User
from amo.users.permissions import author_role, is_reviewer
from amo.versions.models import Version

log = structlog.get_logger(__name__)

# http(s) URLs, which rating bodies may not contain.
URL = re.compile(r"\bhttps?://", re.IGNORECASE)

MIN_SCORE = 1
MAX_SCORE = 5


# --- Input checks that need no database -----------------------------------


def _check_user(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ActionError.on(
            NON_FIELD_ERRORS, _("You must be signed in to do this."), status=403
        )
    if not user.is_active or user.deleted:
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("Your account is not active, so it cannot do this."),
            status=403,
        )


def _clean_score(score: Any) -> int:
    if isinstance(score, bool) or not isinstance(score, int):
        raise ActionError.on(
            "score",
            _("%(value)r is not a score: give a whole number from 1 to 5.")
            % {"value": score},
        )
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ActionError.on(
            "score",
            _("A score must be from 1 to 5, not %(value)s.") % {"value": score},
        )
    return score


def _clean_body(body: Any, *, required: bool = False) -> str:
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise ActionError.on("body", _("The review must be text."))
    # Whitespace around the text is dropped, so a body of spaces alone is
    # no review text, as on the pages' forms.
    body = body.strip()
    if "\x00" in body:
        raise ActionError.on(
            "body", _("The review contains a null character; remove it.")
        )
    if required and not body:
        raise ActionError.on("body", _("This field may not be blank."))
    if len(body) > BODY_MAX_LENGTH:
        raise ActionError.on(
            "body",
            _(
                "The review is %(length)s characters long; shorten it to "
                "%(max)s characters or fewer."
            )
            % {"length": len(body), "max": BODY_MAX_LENGTH},
        )
    if URL.search(body):
        raise ActionError.on("body", _("No links are allowed."))
    return body


def _clean_flag(flag: Any, note: Any) -> tuple[str, str]:
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise ActionError.on("note", _("The note must be text."))
    note = note.strip()
    if "\x00" in note:
        raise ActionError.on(
            "note", _("The note contains a null character; remove it.")
        )
    if len(note) > FLAG_NOTE_MAX_LENGTH:
        raise ActionError.on(
            "note",
            _(
                "The note is %(length)s characters long; shorten it to "
                "%(max)s characters or fewer."
            )
            % {"length": len(note), "max": FLAG_NOTE_MAX_LENGTH},
        )
    if note:
        # A note explains an "other" reason, whatever reason came with it.
        return RatingFlagReason.OTHER, note
    if flag not in RatingFlagReason.values:
        raise ActionError.on(
            "flag",
            _("%(value)r is not a valid choice: use one of %(choices)s.")
            % {"value": flag, "choices": ", ".join(RatingFlagReason.values)},
        )
    if flag == RatingFlagReason.OTHER:
        raise ActionError.on(
            "note",
            _(
                'A short explanation must be provided when selecting "Other" '
                "as a flag reason."
            ),
        )
    return flag, note


# --- Reads inside the write transaction -----------------------------------


def _not_found() -> ActionError:
    return ActionError.on(NON_FIELD_ERRORS, _("Not found."), status=404)


def _lock_addon(addon_id: int) -> Addon:
    """Return the add-on, its row locked until the transaction ends."""
    addon = Addon.objects.select_for_update().filter(pk=addon_id).first()
    if addon is None:
        raise _not_found()
    return addon


def _lock_rating(user: User, rating_id: int) -> tuple[Rating, Addon, bool]:
    """Return the rating and its add-on, both locked, and whether `user`
    is a moderator.

    The add-on's row is locked first, as every rating write does. A
    rating that `user` may not see raises a 404: a deleted one (except to
    moderators), a held one (except to its author and moderators), or
    one of an add-on that is not public (except to its authors and
    moderators).
    """
    addon_id = (
        Rating.objects.filter(pk=rating_id).values_list("addon_id", flat=True).first()
    )
    if addon_id is None:
        raise _not_found()
    addon = _lock_addon(addon_id)
    rating = Rating.objects.select_for_update().get(pk=rating_id)
    moderator = is_reviewer(user)
    if moderator:
        return rating, addon, True
    if rating.deleted:
        raise _not_found()
    if rating.held and rating.user_id != user.pk:
        raise _not_found()
    if not addon.is_public and author_role(user, addon.pk) is None:
        raise _not_found()
    return rating, addon, False


def _public_version(addon: Addon, version_id: int | None) -> Version:
    if version_id is None:
        version_id = addon.current_version_id
        if version_id is None:
            raise ActionError.on(
                "version", _("This add-on has no public version to rate.")
            )
    if isinstance(version_id, bool) or not isinstance(version_id, int):
        raise ActionError.on(
            "version",
            _("%(value)r is not a version id: give a whole number.")
            % {"value": version_id},
        )
    version = Version.objects.filter(
        pk=version_id,
        addon=addon.pk,
        channel=Channel.LISTED,
        deleted=False,
        file__status=FileStatus.PUBLIC,
    ).first()
    if version is None:
        raise ActionError.on(
            "version",
            _(
                "Version %(value)s is not a public version of this add-on; "
                "rate one of its public versions."
            )
            % {"value": version_id},
        )
    return version


# --- After the commit -----------------------------------------------------


def queue_aggregates(addon_id: int) -> None:
    """Queue the aggregate job of the add-on once the transaction commits.

    A broker that is down is logged; the sweep recomputes the add-on.
    """

    def queue() -> None:
        from workers.ratings import update_aggregates

        try:
            update_aggregates.delay(addon_id)
        except (BrokerError, OSError) as error:
            log.error(
                "rating aggregates not queued, the sweep will recompute them",
                addon_id=addon_id,
                error=repr(error),
            )

    transaction.on_commit(queue, robust=True)


def _clear_pages() -> None:
    """Clear the cached pages and listings of ratings after the commit."""
    invalidate([], models_changed=[Rating])


# --- Create ---------------------------------------------------------------


def _create(
    user: User,
    addon_id: int,
    score: int,
    body: str,
    version_id: int | None,
    ip_address: str | None,
    verdict: spam.Verdict,
) -> Rating:
    addon = _lock_addon(addon_id)
    if not addon.is_public:
        raise ActionError.on(
            "addon",
            _("Add-on %(addon)s is not public, so it cannot be rated.")
            % {"addon": addon.slug},
        )
    if author_role(user, addon.pk) is not None:
        raise ActionError.on(
            NON_FIELD_ERRORS, _("You can't leave a review on your own add-on.")
        )
    version = _public_version(addon, version_id)
    earlier = list(
        Rating.objects.select_for_update()
        .filter(addon=addon.pk, user=user.pk, reply_to__isnull=True, deleted=False)
        .order_by("created", "id")
    )
    if any(rating.version_id == version.pk for rating in earlier):
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _(
                "You can't leave more than one review for the same version of "
                "an add-on."
            ),
        )
    superseded = [rating.pk for rating in earlier if rating.is_latest]
    if superseded:
        Rating.objects.filter(pk__in=superseded).update(
            is_latest=False, modified=timezone.now()
        )
    rating = Rating.objects.create(
        addon=addon,
        version=version,
        user=user,
        score=score,
        body=body,
        ip_address=ip_address,
        held=verdict.held,
        needs_moderation=verdict.held,
        is_latest=True,
        previous_count=len(earlier),
    )
    log.info(
        "rating created",
        rating_id=rating.pk,
        addon_id=addon.pk,
        user_id=user.pk,
        score=score,
        held=verdict.held,
    )
    queue_aggregates(addon.pk)
    _clear_pages()
    return rating


async def create_rating(
    user: User,
    addon_id: int,
    *,
    score: Any,
    body: Any = "",
    version_id: int | None = None,
    ip_address: str | None = None,
) -> Rating:
    """Rate add-on `addon_id` with `score` stars and an optional review.

    `version_id` None rates the add-on's current version; the version must
    be a public listed version of the add-on. A rating of another version
    supersedes the user's earlier rating of the add-on. The spam checks
    may hold the rating for moderation.
    """
    _check_user(user)
    score = _clean_score(score)
    body = _clean_body(body)
    verdict = await spam.check(user.pk, body, addon_id=addon_id)
    rating = await run_write(
        _create, user, addon_id, score, body, version_id, ip_address, verdict
    )
    await spam.record(user.pk, rating.pk, verdict, addon_id=addon_id)
    return rating


# --- Edit -----------------------------------------------------------------


def _edit(
    user: User,
    rating_id: int,
    score: int | None,
    body: str | None,
    verdict: spam.Verdict | None,
) -> Rating:
    rating, addon, _moderator = _lock_rating(user, rating_id)
    if rating.user_id != user.pk:
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("Only the author of a review can edit it."),
            status=403,
        )
    if rating.deleted:
        raise _not_found()
    if rating.is_reply and score is not None:
        raise ActionError.on("score", _("A reply has no score."))
    if rating.is_reply and body is not None and not body.strip():
        raise ActionError.on("body", _("This field may not be blank."))
    changed: list[str] = []
    if score is not None and score != rating.score:
        rating.score = score
        changed.append("score")
    if body is not None and body != rating.body:
        rating.body = body
        changed.append("body")
    if verdict is not None and verdict.held and not rating.held:
        rating.held = True
        rating.needs_moderation = True
        changed += ["held", "needs_moderation"]
    if not changed:
        return rating
    rating.save(update_fields=[*changed, "modified"])
    log.info(
        "rating edited",
        rating_id=rating.pk,
        addon_id=addon.pk,
        user_id=user.pk,
        fields=changed,
    )
    if not rating.is_reply:
        queue_aggregates(addon.pk)
    _clear_pages()
    return rating


async def edit_rating(
    user: User, rating_id: int, *, score: Any = None, body: Any = None
) -> Rating:
    """Change the score or the text of a rating, or the text of a reply.

    Only the rating's author may. None leaves a value as it is. A body
    that the spam checks hit holds the rating for moderation.
    """
    _check_user(user)
    clean_score = None if score is None else _clean_score(score)
    clean_body = None if body is None else _clean_body(body)
    verdict = None
    if clean_body:
        current = await db.fetch_one(Rating.objects.filter(pk=rating_id))
        verdict = await spam.check(
            user.pk,
            clean_body,
            addon_id=current.addon_id if current is not None else None,
            rating_id=rating_id,
            new=False,
        )
    rating = await run_write(_edit, user, rating_id, clean_score, clean_body, verdict)
    if verdict is not None:
        await spam.record(
            user.pk, rating.pk, verdict, addon_id=rating.addon_id, new=False
        )
    return rating


# --- Delete ---------------------------------------------------------------


def _delete(user: User, rating_id: int) -> None:
    rating, addon, moderator = _lock_rating(user, rating_id)
    if rating.user_id != user.pk and not moderator:
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("Only the author of a review or a moderator can delete it."),
            status=403,
        )
    if rating.user_id != user.pk and author_role(user, addon.pk) is not None:
        # As on addons.mozilla.org, a moderator who is an author of the
        # add-on may not delete other people's reviews of it.
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("You can't delete reviews of an add-on you are an author of."),
            status=403,
        )
    if rating.deleted:
        raise ActionError.on(
            NON_FIELD_ERRORS, _("This review is deleted already."), status=409
        )
    rating.deleted = True
    rating.save(update_fields=["deleted", "modified"])
    log.info(
        "rating deleted",
        rating_id=rating.pk,
        addon_id=addon.pk,
        user_id=user.pk,
        by_moderator=rating.user_id != user.pk,
    )
    if not rating.is_reply:
        queue_aggregates(addon.pk)
    _clear_pages()


async def delete_rating(user: User, rating_id: int) -> None:
    """Delete a rating or reply (softly): its author or a moderator may."""
    _check_user(user)
    await run_write(_delete, user, rating_id)


# --- Reply ----------------------------------------------------------------


def _reply(user: User, rating_id: int, body: str) -> Rating:
    rating, addon, _moderator = _lock_rating(user, rating_id)
    if rating.deleted:
        raise _not_found()
    if author_role(user, addon.pk) is None:
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("Only the authors of the add-on can reply to its reviews."),
            status=403,
        )
    if rating.is_reply:
        raise ActionError.on(NON_FIELD_ERRORS, _("You can't reply to a reply."))
    reply = Rating.objects.select_for_update().filter(reply_to=rating.pk).first()
    if reply is None:
        reply = Rating.objects.create(
            addon=addon,
            version=None,
            user=user,
            reply_to=rating,
            score=None,
            body=body,
            is_latest=True,
        )
    else:
        reply.user = user
        reply.body = body
        reply.deleted = False
        reply.save(update_fields=["user", "body", "deleted", "modified"])
    log.info(
        "rating replied to",
        rating_id=rating.pk,
        reply_id=reply.pk,
        addon_id=addon.pk,
        user_id=user.pk,
    )
    _clear_pages()
    return reply


async def reply_to_rating(user: User, rating_id: int, *, body: Any) -> Rating:
    """Write the add-on authors' reply to a rating, or replace its text.

    A rating has one reply: a second call replaces the text of the
    existing one, and brings it back if it was deleted.
    """
    _check_user(user)
    clean_body = _clean_body(body, required=True)
    return await run_write(_reply, user, rating_id, clean_body)


# --- Flag -----------------------------------------------------------------


def _flag(user: User, rating_id: int, flag: str, note: str) -> RatingFlag:
    rating, addon, _moderator = _lock_rating(user, rating_id)
    if rating.deleted:
        raise _not_found()
    if rating.user_id == user.pk:
        raise ActionError.on(NON_FIELD_ERRORS, _("You can't flag your own review."))
    if not rating.body.strip():
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("This rating can't be flagged because it has no review text."),
        )
    if RatingFlag.objects.filter(rating=rating.pk, user=user.pk).exists():
        raise ActionError.on(
            NON_FIELD_ERRORS, _("You have already flagged this review.")
        )
    rating_flag = RatingFlag.objects.create(
        rating=rating, user=user, flag=flag, note=note
    )
    if not rating.needs_moderation:
        rating.needs_moderation = True
        rating.save(update_fields=["needs_moderation", "modified"])
    log.info(
        "rating flagged",
        rating_id=rating.pk,
        addon_id=addon.pk,
        user_id=user.pk,
        flag=flag,
    )
    return rating_flag


async def flag_rating(
    user: User, rating_id: int, *, flag: Any, note: Any = ""
) -> RatingFlag:
    """Report a rating to the moderators, with a reason and an optional note.

    A note makes the reason "other"; "other" needs a note. A user flags a
    rating once, never their own, and never one without text.
    """
    _check_user(user)
    clean_flag, clean_note = _clean_flag(flag, note)
    return await run_write(_flag, user, rating_id, clean_flag, clean_note)


# --- Moderate -------------------------------------------------------------


def _moderate(user: User, rating_id: int, keep: bool) -> None:
    if not is_reviewer(user):
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("Only reviewers and admins can moderate reviews."),
            status=403,
        )
    rating, addon, _moderator = _lock_rating(user, rating_id)
    if author_role(user, addon.pk) is not None:
        # As with deleting, a moderator does not judge reviews of an add-on
        # they are an author of.
        raise ActionError.on(
            NON_FIELD_ERRORS,
            _("You can't moderate reviews of an add-on you are an author of."),
            status=403,
        )
    if rating.deleted:
        raise ActionError.on(
            NON_FIELD_ERRORS, _("This review is deleted already."), status=409
        )
    was_held = rating.held
    flags = RatingFlag.objects.filter(rating=rating.pk).count()
    if keep:
        RatingFlag.objects.filter(rating=rating.pk).delete()
        rating.held = False
        rating.needs_moderation = False
        rating.save(update_fields=["held", "needs_moderation", "modified"])
    else:
        rating.deleted = True
        rating.needs_moderation = False
        rating.save(update_fields=["deleted", "needs_moderation", "modified"])
    log.info(
        "rating moderated",
        rating_id=rating.pk,
        addon_id=addon.pk,
        moderator_id=user.pk,
        kept=keep,
        was_held=was_held,
        flags=flags,
    )
    # A held rating kept starts to count; a deleted one stops counting
    # unless it was held.
    if not rating.is_reply and (keep == was_held):
        queue_aggregates(addon.pk)
    _clear_pages()


async def moderate_rating(user: User, rating_id: int, *, keep: bool) -> None:
    """Keep a rating waiting in moderation (clear its flags and hold) or
    delete it. Reviewers and admins only, and not on their own add-ons."""
    _check_user(user)
    await run_write(_moderate, user, rating_id, bool(keep))
