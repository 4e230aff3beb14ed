"""Reviewers' decisions on versions: approve, reject, or comment only.

Each action runs in one transaction in the write thread (`aapprove`,
`areject` and `acomment` are the awaitable twins). Approving and rejecting
lock the add-on and the version's file first, so of two submissions of the
same decision, from a double click or from two reviewers, the second finds
the version already decided and raises ReviewConflict without changing
anything.
Approving goes through amo.versions.actions.publish_version, which also
logs the decision and invalidates the caches of the public pages;
rejecting goes through reject_version. The authors are mailed after the
commit.
"""

from typing import Any

import structlog
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amo.addons.models import Addon, AddonUser
from amo.core import urls
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.core.db import write_action
from amo.core.errors import AmoError
from amo.core.mail import send_mail_after_commit
from amo.core.models import translate
from amo.devhub import activity
from amo.devhub.models import Activity, ActivityLog
from amo.files.models import File
from amo.users.models import User
from amo.users.permissions import is_admin
from amo.versions.actions import publish_version, reject_version
from amo.versions.models import Version

log = structlog.get_logger(__name__)

# Recent comments of a reviewer on a version searched for a repeated
# submission token.
RECENT_COMMENTS = 20


class ReviewConflict(AmoError):
    """The version's state no longer allows the decision, or it was saved."""

    code = "review_conflict"
    status = 409
    message = _("This version was already reviewed.")


def _lock(version: Version) -> tuple[Version, File | None]:
    """Lock the add-on and file rows of `version`; return both reloaded.

    Rows are locked in the order amo.versions.actions locks them, add-on
    first, so the two cannot deadlock on these rows. The locks hold until
    the transaction ends: a second decision on the same version waits, then
    reads the first one's outcome.
    """
    Addon.objects.select_for_update().filter(pk=version.addon_id).first()
    file = File.objects.select_for_update().filter(version=version.pk).first()
    locked = Version.objects.select_related("addon").get(pk=version.pk)
    return locked, file


def _check_not_author(version: Version, reviewer: User) -> None:
    """Raise ReviewConflict when `reviewer` is an author of the add-on.

    Authors may not approve or reject their own versions, but admins may.
    """
    if is_admin(reviewer):
        return
    authors = AddonUser.objects.filter(addon_id=version.addon_id)
    if authors.filter(user_id=reviewer.pk).exists():
        raise ReviewConflict(
            _(
                "You are an author of this add-on, so another reviewer must "
                "review version %(version)s."
            ),
            version=version.version,
        )


def _check_decidable(version: Version, file: File | None, *, reject: bool) -> File:
    """Return the version's file when the decision applies to it, else raise.

    Both decisions apply to a file that awaits review; a rejection also
    applies to a file that was approved automatically.
    """
    number = version.version
    if version.deleted:
        raise ReviewConflict(
            _("Version %(version)s was deleted, so it cannot be reviewed."),
            version=number,
        )
    if file is None:
        raise ReviewConflict(
            _("Version %(version)s has no file to review."), version=number
        )
    if file.status == FileStatus.UNREVIEWED:
        return file
    if file.status == FileStatus.PUBLIC and reject and version.auto_approved:
        return file
    if file.status == FileStatus.PUBLIC:
        raise ReviewConflict(
            _("Version %(version)s is already approved."), version=number
        )
    raise ReviewConflict(
        _("Version %(version)s was already rejected or disabled."), version=number
    )


def _author_emails(addon_id: int) -> list[str]:
    """Return the addresses of the add-on's authors whose accounts are open."""
    return list(
        AddonUser.objects.filter(
            addon=addon_id, user__deleted=False, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("position", "id")
        .values_list("user__email", flat=True)
    )


def _mail_authors(version: Version, subject: str, body: str) -> None:
    """Mail each author separately, so no message shows another's address."""
    for email in _author_emails(version.addon_id):
        send_mail_after_commit(subject, body, [email])


def _decision_mail(version: Version, approved: bool, comment: str) -> tuple[str, str]:
    """Return the subject and body that tell the authors of a decision.

    Authors have no language setting, so the mail is in the site's
    default language.
    """
    addon = version.addon
    name, _locale = translate(addon.name, addon.default_locale, addon.default_locale)
    name = name or addon.slug
    params = {"site": settings.SITE_NAME, "name": name, "version": version.version}
    with translation.override(settings.LANGUAGE_CODE):
        if approved:
            subject = gettext("%(site)s: %(name)s %(version)s is approved") % params
            lines = [
                gettext("Version %(version)s of %(name)s was approved by a reviewer.")
                % params
            ]
            if addon.status == AddonStatus.PUBLIC and version.channel == Channel.LISTED:
                page = urls.absolute(
                    urls.site_path(
                        "addon-detail",
                        addon.slug,
                        locale=settings.LANGUAGE_CODE,
                        app="firefox",
                    )
                )
                lines.append(gettext("Its page: %(url)s") % {"url": page})
        else:
            subject = gettext("%(site)s: %(name)s %(version)s is rejected") % params
            lines = [
                gettext("Version %(version)s of %(name)s was rejected by a reviewer.")
                % params,
                gettext(
                    "Upload a new version that addresses the reviewer's comment "
                    "to have it reviewed again."
                ),
            ]
        if comment:
            lines += ["", gettext("The reviewer's comment:"), "", comment]
        lines += ["", "-- ", settings.SITE_NAME]
    return subject, "\n".join(lines) + "\n"


def approve(version: Version, reviewer: User, comment: str = "") -> Version:
    """Approve a version awaiting review and mail its authors.

    Raises ReviewConflict when the version is no longer awaiting review.
    """
    locked, file = _lock(version)
    _check_not_author(locked, reviewer)
    _check_decidable(locked, file, reject=False)
    publish_version(locked, reviewer=reviewer, comment=comment)
    locked.refresh_from_db()
    locked.addon.refresh_from_db()
    subject, body = _decision_mail(locked, approved=True, comment=comment)
    _mail_authors(locked, subject, body)
    log.info(
        "version approved",
        version_id=locked.pk,
        addon_id=locked.addon_id,
        reviewer_id=reviewer.pk,
    )
    return locked


def reject(version: Version, reviewer: User, comment: str) -> Version:
    """Reject a version and mail its authors the comment.

    The version must await review, or have been approved automatically.
    Raises ReviewConflict for any other version, and ValueError for an
    empty comment: the authors need to know why.
    """
    if not comment.strip():
        raise ValueError("A rejection needs a comment.")
    locked, file = _lock(version)
    _check_not_author(locked, reviewer)
    _check_decidable(locked, file, reject=True)
    reject_version(locked, reviewer, comment)
    locked.refresh_from_db()
    locked.addon.refresh_from_db()
    subject, body = _decision_mail(locked, approved=False, comment=comment)
    _mail_authors(locked, subject, body)
    log.info(
        "version rejected",
        version_id=locked.pk,
        addon_id=locked.addon_id,
        reviewer_id=reviewer.pk,
    )
    return locked


def comment(
    version: Version, reviewer: User, text: str, *, submission: str = ""
) -> ActivityLog:
    """Record a reviewer's comment on a version in the activity log.

    The comment is for reviewers and is mailed to no one. `submission` is
    the token of the form that sent it: a second comment with the same
    token is a repeated submission, and raises ReviewConflict.
    """
    if not text.strip():
        raise ValueError("A comment needs text.")
    locked, _file = _lock(version)
    if submission and _already_submitted(locked, reviewer, submission):
        raise ReviewConflict(_("This comment was already saved."))
    details: dict[str, Any] = {"comment": text}
    if submission:
        details["submission"] = submission
    entry = activity.log(
        Activity.REVIEWER_COMMENT, locked.addon, reviewer, version=locked, **details
    )
    log.info(
        "reviewer comment",
        version_id=locked.pk,
        addon_id=locked.addon_id,
        reviewer_id=reviewer.pk,
    )
    return entry


def _already_submitted(version: Version, reviewer: User, submission: str) -> bool:
    recent = ActivityLog.objects.filter(
        version=version.pk, user=reviewer.pk, action=Activity.REVIEWER_COMMENT
    ).order_by("-created", "-id")[:RECENT_COMMENTS]
    return any(entry.details.get("submission") == submission for entry in recent)


aapprove = write_action(approve)
areject = write_action(reject)
acomment = write_action(comment)
