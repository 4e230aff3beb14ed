"""The reviewer tools: the dashboard, the queues and the review page.

Only reviewers and admins (see amo.users.permissions) get these pages. An
anonymous visitor is sent to the log-in page, anyone else gets a 403. The
pages are private: they never enter the page cache or a shared cache.
"""

import asyncio
import functools
import secrets
from collections.abc import Callable, Coroutine
from typing import Any

import babel.dates
import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from amo.addons.views import (
    PageNotFound,
    check_page_in_range,
    get_listing_page_number,
    render_page,
)
from amo.core import i18n, urls
from amo.core.constants import AddonStatus, AddonType, Channel, FileStatus
from amo.core.errors import ActionError
from amo.core.pagination import PAGE_SIZE, Page
from amo.devhub.models import Activity
from amo.files.views import XPI_CONTENT_TYPE, FileChunks
from amo.ratings import actions as rating_actions
from amo.ratings import listing as rating_listing
from amo.ratings import spam as rating_spam
from amo.ratings.forms import FLAG_LABELS
from amo.reviewers import actions, queries
from amo.reviewers.forms import (
    ACTION_LABELS,
    APPROVE,
    COMMENT,
    MAX_COMMENT_LENGTH,
    REJECT,
    ReviewForm,
    available_actions,
)
from amo.users.models import User
from amo.users.permissions import aauthor_role, ais_admin, ais_reviewer
from amo.versions.models import Version

log = structlog.get_logger(__name__)

# See _waiting.
WAITING_THRESHOLD = 2

ReviewerView = Callable[..., Coroutine[Any, Any, HttpResponseBase]]

# Labels of the activity log's entries on the review page.
ACTIVITY_LABELS = {
    Activity.CREATE_ADDON: _("Created the add-on"),
    Activity.ADD_VERSION: _("Added a version"),
    Activity.EDIT_ADDON: _("Edited the add-on"),
    Activity.EDIT_VERSION: _("Edited a version"),
    Activity.DISABLE_VERSION: _("Disabled a version"),
    Activity.ENABLE_VERSION: _("Enabled a version"),
    Activity.DELETE_VERSION: _("Deleted a version"),
    Activity.DISABLE_ADDON: _("Disabled the add-on"),
    Activity.ENABLE_ADDON: _("Enabled the add-on"),
    Activity.DELETE_ADDON: _("Deleted the add-on"),
    Activity.ADD_AUTHOR: _("Added an author"),
    Activity.CHANGE_AUTHOR: _("Changed an author's role"),
    Activity.REMOVE_AUTHOR: _("Removed an author"),
    Activity.CHANGE_ICON: _("Changed the icon"),
    Activity.ADD_PREVIEW: _("Added a screenshot"),
    Activity.EDIT_PREVIEW: _("Edited a screenshot"),
    Activity.DELETE_PREVIEW: _("Deleted a screenshot"),
    Activity.UPLOAD_SOURCE: _("Uploaded source code"),
    Activity.APPROVE_VERSION: _("Approved a version"),
    Activity.REJECT_VERSION: _("Rejected a version"),
    Activity.AUTO_APPROVE_VERSION: _("Approved a version automatically"),
    Activity.REVIEWER_COMMENT: _("Commented as a reviewer"),
    Activity.REQUEST_REVIEW: _("Requested a review"),
}


def _label(choices: Any, value: int | None) -> str:
    """Return the label of `value` in an IntegerChoices, or the number."""
    if value is None:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _activity_label(action: int) -> str:
    try:
        return str(ACTIVITY_LABELS[Activity(action)])
    except (KeyError, ValueError):
        return str(action)


def _private(response: HttpResponseBase) -> HttpResponseBase:
    """Keep `response` out of every cache, the page cache included.

    The page cache stores no response marked private or no-store, and the
    session cookie these pages need already bypasses it.
    """
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Cookie",))
    return response


def reviewer_view(view: ReviewerView) -> ReviewerView:
    """Give `view` to reviewers only, as `view(request, reviewer, ...)`.

    An anonymous visitor is redirected to settings.LOGIN_URL with the page
    in `next`; a signed-in user who is no reviewer gets the 403 page. A
    PageNotFound raised by the view renders the 404 page with its reason.
    """

    @functools.wraps(view)
    async def wrapper(
        request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        user = await request.auser()
        response: HttpResponseBase
        if not user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        elif not await ais_reviewer(user):
            log.info(
                "reviewer page forbidden", user_id=user.pk, path=request.path[:200]
            )
            response = await render_page(
                request, "reviewers/forbidden.html", {}, status=403
            )
        else:
            try:
                response = await view(request, user, *args, **kwargs)
            except PageNotFound as error:
                response = await render_page(
                    request, "errors/404.html", {"reason": error.reason}, status=404
                )
        return _private(response)

    return wrapper


def _waiting(request: HttpRequest, since: Any) -> str:
    """Format the time since `since` in words, such as "9 days".

    A unit is used once the time reaches two of it, so 9 days read as
    "9 days" and not as Babel's default "1 week".
    """
    return babel.dates.format_timedelta(
        timezone.now() - since,
        granularity="minute",
        threshold=WAITING_THRESHOLD,
        locale=i18n.babel_locale(request.LANG),  # type: ignore[attr-defined]
    )


async def render_reviewer_page(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a reviewer page with the labels and links its template uses."""
    helpers = {
        "type_label": functools.partial(_label, AddonType),
        "addon_status_label": functools.partial(_label, AddonStatus),
        "file_status_label": functools.partial(_label, FileStatus),
        "channel_label": functools.partial(_label, Channel),
        "activity_label": _activity_label,
        "waiting": functools.partial(_waiting, request),
        "queues": queries.QUEUES,
        "AddonStatus": AddonStatus,
        "FileStatus": FileStatus,
        "Channel": Channel,
    }
    return await render_page(
        request, template_name, {**helpers, **context}, status=status
    )


@require_safe
@reviewer_view
async def dashboard(request: HttpRequest, reviewer: User) -> HttpResponse:
    """List the queues with the number of versions in each."""
    counts = await queries.get_queue_counts()
    return await render_reviewer_page(
        request, "reviewers/dashboard.html", {"counts": counts}
    )


@require_safe
@reviewer_view
async def queue(request: HttpRequest, reviewer: User, slug: str) -> HttpResponse:
    """Render one page of a queue."""
    found = queries.QUEUES_BY_SLUG.get(slug)
    if found is None:
        raise PageNotFound(_("This queue does not exist."), f"No queue {slug!r}.")
    number = get_listing_page_number(request)
    rows, total = await queries.get_queue_page(
        found, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page = Page(rows, number, total)
    check_page_in_range(request, page)
    return await render_reviewer_page(
        request, "reviewers/queue.html", {"queue": found, "page": page}
    )


VERSION_NOT_FOUND = _("This version does not exist.")


def review_path(request: HttpRequest, version_id: int) -> str:
    return urls.site_path(
        "reviewers-review",
        version_id,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
    )


@require_http_methods(["GET", "HEAD", "POST"])
@reviewer_view
async def review(request: HttpRequest, reviewer: User, version_id: int) -> HttpResponse:
    """Show one version to review, and take the reviewer's decision."""
    version = await queries.get_version(version_id)
    if version is None:
        raise PageNotFound(VERSION_NOT_FOUND, f"No version {version_id}.")
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            return await _decide(request, reviewer, version, form)
        status = 400
    else:
        form = ReviewForm(initial={"submission": secrets.token_hex(16)})
        status = 200
    return await _render_review(request, reviewer, version, form, status=status)


async def _render_review(
    request: HttpRequest,
    reviewer: User,
    version: Version,
    form: ReviewForm,
    *,
    status: int = 200,
) -> HttpResponse:
    data = await queries.get_review_page(version)
    file = getattr(version, "file", None)
    allowed = available_actions(
        file.status if file is not None else None,
        deleted=version.deleted,
        auto_approved=version.auto_approved,
    )
    # amo.reviewers.actions rejects an author's own decision too; the page
    # offers only a comment so that the author does not try.
    own_addon = not await ais_admin(reviewer) and (
        await aauthor_role(reviewer, version.addon_id) is not None
    )
    if own_addon:
        allowed = (COMMENT,)
    return await render_reviewer_page(
        request,
        "reviewers/review.html",
        {
            "data": data,
            "version": version,
            "addon": version.addon,
            "file": file,
            "form": form,
            "actions": [(name, ACTION_LABELS[name]) for name in allowed],
            "max_comment_length": MAX_COMMENT_LENGTH,
            "own_addon": own_addon,
        },
        status=status,
    )


DONE_MESSAGES = {
    APPROVE: _("Version %(version)s is approved, and its authors were emailed."),
    REJECT: _("Version %(version)s is rejected, and its authors were emailed."),
    COMMENT: _("Your comment on version %(version)s is saved."),
}


async def _decide(
    request: HttpRequest, reviewer: User, version: Version, form: ReviewForm
) -> HttpResponse:
    """Run the chosen action, then redirect to the review page.

    The page then shows the outcome in a message: what was done, or why
    nothing was, such as a version that another submission approved.
    """
    action = form.cleaned_data["action"]
    text = form.cleaned_data["comment"]
    try:
        if action == APPROVE:
            await actions.aapprove(version, reviewer, text)
        elif action == REJECT:
            await actions.areject(version, reviewer, text)
        else:
            await actions.acomment(
                version, reviewer, text, submission=form.cleaned_data["submission"]
            )
    except actions.ReviewConflict as conflict:
        log.info(
            "review not saved",
            version_id=version.pk,
            action=action,
            reason=conflict.code,
            reviewer_id=reviewer.pk,
        )
        # Formatted here, in the request's language.
        reason = str(conflict.message)
        messages.error(request, reason % conflict.params if conflict.params else reason)
    else:
        messages.success(request, DONE_MESSAGES[action] % {"version": version.version})
    return HttpResponseRedirect(review_path(request, version.pk))


def _open_stored(file: Any) -> tuple[Any, int]:
    """Open the stored package of `file`; return it with its size."""
    handle = file.file.storage.open(file.file.name, "rb")
    try:
        size = file.file.storage.size(file.file.name)
    except BaseException:
        handle.close()
        raise
    return handle, size


@require_safe
@reviewer_view
async def download(
    request: HttpRequest, reviewer: User, file_id: int
) -> HttpResponse | StreamingHttpResponse:
    """Send the package of any file, approved or not, as an attachment.

    The public download serves approved files only; reviewers need the
    package of the versions they review.
    """
    file = await queries.get_file(file_id)
    if file is None or not file.file:
        raise PageNotFound(
            _("This file does not exist or is not stored on this site."),
            f"No stored file {file_id}.",
        )
    loop = asyncio.get_running_loop()
    try:
        handle, size = await loop.run_in_executor(None, _open_stored, file)
    except FileNotFoundError:
        log.warning("file missing from storage", file_id=file.pk, name=file.file.name)
        raise PageNotFound(
            _("This file does not exist or is not stored on this site."),
            f"File {file_id} is missing from storage.",
        ) from None
    log.info("reviewer download", file_id=file.pk, user_id=reviewer.pk)
    response: HttpResponse | StreamingHttpResponse
    if request.method == "HEAD":
        await loop.run_in_executor(None, handle.close)
        response = HttpResponse(content_type=XPI_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(
            FileChunks(handle), content_type=XPI_CONTENT_TYPE
        )
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = (
        content_disposition_header(True, file.filename) or "attachment"
    )
    if file.hash:
        response["X-Target-Digest"] = file.hash
    return response


# --- Rating moderation -------------------------------------------------------

KEEP = "keep"
DELETE = "delete"
# Labels of the reasons the spam checks give for holding a rating, by the
# reason codes of amo.ratings.spam.
SPAM_REASON_LABELS = {
    rating_spam.NUMBERS: _("The user wrote many reviews in a short time."),
    rating_spam.LINKS: _("The text contains a link."),
    rating_spam.MATCHES: _("The user wrote the same text in another review."),
}
MODERATED = {
    KEEP: _("The review is kept and published."),
    DELETE: _("The review is deleted."),
}


@require_http_methods(["GET", "HEAD", "POST"])
@reviewer_view
async def ratings_moderation(request: HttpRequest, reviewer: User) -> HttpResponse:
    """List the flagged and held ratings, oldest first; keep or delete one.

    A POST names the rating and the decision, then comes back to the
    same page of the queue with a message.
    """
    if request.method == "POST":
        return await _moderate(request, reviewer)
    number = get_listing_page_number(request)
    items, total = await rating_listing.get_moderation_page(
        offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page = Page(items, number, total)
    check_page_in_range(request, page)
    return await render_reviewer_page(
        request,
        "reviewers/ratings_moderation.html",
        {
            "page": page,
            "flag_labels": FLAG_LABELS,
            "spam_reason_labels": SPAM_REASON_LABELS,
        },
    )


async def _moderate(request: HttpRequest, reviewer: User) -> HttpResponse:
    path = urls.site_path(
        "reviewers-ratings-moderation",
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
    )
    page = request.POST.get("page", "")
    if page.isascii() and page.isdigit() and page != "1" and len(page) < 4:
        path += f"?page={page}"
    decision = request.POST.get("decision", "")
    raw_id = request.POST.get("rating", "")
    if decision not in MODERATED or not (
        raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 19
    ):
        messages.error(
            request,
            gettext("Choose Keep or Delete on one of the reviews of the queue."),
        )
        return HttpResponseRedirect(path)
    try:
        await rating_actions.moderate_rating(
            reviewer, int(raw_id), keep=decision == KEEP
        )
    except ActionError as error:
        log.info(
            "rating moderation rejected",
            rating_id=raw_id,
            reviewer_id=reviewer.pk,
            status=error.status,
        )
        messages.error(request, " ".join(error.messages))
    else:
        log.info(
            "rating moderated",
            rating_id=raw_id,
            reviewer_id=reviewer.pk,
            decision=decision,
        )
        messages.success(request, gettext(str(MODERATED[decision])))
    return HttpResponseRedirect(path)
