"""The ratings pages of an add-on, and the forms that change ratings.

Pages: every current review (`/addon/<slug>/reviews/`), one review with its
reply (`<id>/`), one user's reviews with the superseded ones
(`user:<uid>/`), and the page to rate the add-on (`add/`). Each works
without script: the forms are plain POSTs with a CSRF token, and the edit,
reply and flag forms sit in <details> elements beside their review.

A successful POST redirects with a message, to the reviews page after
rating or deleting and to the review's page otherwise. A rejected one
renders the page again with the errors beside the fields. When the action
raises a 403 (not allowed) or a 404 (no such rating), the 403 or 404 page
says why. Anonymous visitors see no form, so their pages set no cookie and
the page cache keeps them.
"""

import functools
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import structlog
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.urls import resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from amo.addons.models import Addon
from amo.addons.views import (
    ADDON_NOT_FOUND,
    PageNotFound,
    check_page_in_range,
    find_addon,
    get_listing_page_number,
    page_view,
    render_page,
)
from amo.core import urls
from amo.core.errors import ActionError
from amo.core.pagination import PAGE_SIZE, Page
from amo.ratings import actions, listing
from amo.ratings.forms import FlagForm, RatingForm, ReplyForm, add_action_errors
from amo.users.models import User
from amo.users.queries import MAX_ID as MAX_USER_ID

log = structlog.get_logger(__name__)

REVIEW_NOT_FOUND = _("This review does not exist, or it was deleted.")
NOT_ALLOWED = _("You may not change this review.")

RATED = _("Thank you for rating this add-on.")
EDITED = _("Your review is saved.")
DELETED = _("Your review is deleted.")
DELETED_BY_MODERATOR = _("The review is deleted.")
REPLIED = _("Your reply is published.")
FLAGGED = _("Thank you. Moderators will look at this review.")


# --- Helpers -----------------------------------------------------------------


def site_path(request: HttpRequest, name: str, *args: Any, **kwargs: Any) -> str:
    return urls.site_path(
        name,
        *args,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
        **kwargs,
    )


def _per_viewer(response: HttpResponse, viewer: listing.Viewer) -> HttpResponse:
    """Keep a signed-in viewer's page out of shared caches.

    Anonymous pages are the same for everyone, so the page cache keeps
    them; it never serves requests with a session cookie.
    """
    patch_vary_headers(response, ("Cookie",))
    if viewer.user is not None:
        patch_cache_control(response, private=True)
    return response


async def _load(
    request: HttpRequest, slug: str
) -> tuple[Addon, listing.Viewer] | HttpResponse:
    """Return the listed add-on of the URL and the viewer, or a redirect to
    the add-on's canonical slug."""
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        return found
    user = await listing.signed_in_user(request)
    return found, await listing.get_viewer(user, found.pk)


def _score_filter(request: HttpRequest) -> int | HttpResponse | None:
    """Return ?score= as 1 to 5, None when absent, or a redirect without it."""
    raw = request.GET.get("score", "")
    if raw == "":
        return None
    if raw in ("1", "2", "3", "4", "5"):
        return int(raw)
    query = request.GET.copy()
    query.pop("score")
    path = request.path
    return HttpResponseRedirect(f"{path}?{query.urlencode()}" if query else path)


async def _render_list(
    request: HttpRequest,
    addon: Addon,
    viewer: listing.Viewer,
    *,
    user_id: int | None = None,
) -> HttpResponse:
    score = _score_filter(request)
    if isinstance(score, HttpResponse):
        return score
    number = get_listing_page_number(request)
    found = await listing.get_review_page(
        addon.pk,
        viewer,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        score=score,
        user_id=user_id,
    )
    page = Page(found.reviews, number, found.total)
    check_page_in_range(request, page)
    summary = await listing.get_summary(addon)
    own = await listing.get_own_review(addon.pk, viewer)
    author = None
    if user_id is not None:
        author = found.reviews[0].user_name if found.reviews else None
    response = await _render(
        request,
        "ratings/list.html",
        addon,
        viewer,
        {
            "page": page,
            "summary": summary,
            "score": score,
            "own": own,
            "user_id": user_id,
            "user_name": author,
        },
    )
    return _per_viewer(response, viewer)


async def _render(
    request: HttpRequest,
    template: str,
    addon: Addon,
    viewer: listing.Viewer,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a ratings page with the forms its reviews may need."""
    base = {**listing.form_context(), "addon": addon, "viewer": viewer}
    return await render_page(request, template, {**base, **context}, status=status)


async def _error_page(request: HttpRequest, error: ActionError) -> HttpResponse:
    if error.status == 404:
        reason = error.messages[0] if error.messages else REVIEW_NOT_FOUND
        return await render_page(
            request, "errors/404.html", {"reason": reason}, status=404
        )
    reason = error.messages[0] if error.messages else NOT_ALLOWED
    return await render_page(
        request, "ratings/forbidden.html", {"reason": reason}, status=403
    )


def _review_path(request: HttpRequest, addon: Addon, rating_id: int) -> str:
    return site_path(request, "ratings-detail", addon.slug, rating_id)


def _sign_in(request: HttpRequest, addon: Addon, rating_id: int | None) -> HttpResponse:
    """Send an anonymous POST to the log-in page, then back to the page of
    its form."""
    if rating_id is None:
        target = site_path(request, "ratings-add", addon.slug)
    else:
        target = _review_path(request, addon, rating_id)
    return redirect_to_login(target, site_path(request, "users-login"))


# --- Pages -------------------------------------------------------------------


@page_view
async def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the add-on's current reviews, newest first, 20 a page.

    `?score=N` keeps the reviews of N stars; `?user=<id>` shows that
    user's reviews, as `user:<id>/` does.
    """
    loaded = await _load(request, slug)
    if isinstance(loaded, HttpResponse):
        return loaded
    addon, viewer = loaded
    raw_user = request.GET.get("user", "")
    if raw_user:
        if not (raw_user.isascii() and raw_user.isdigit()):
            raise PageNotFound(
                _("This user id is not valid."), f"User id {raw_user[:20]!r}."
            )
        return await _render_list(
            request, addon, viewer, user_id=_user_id(int(raw_user))
        )
    return await _render_list(request, addon, viewer)


def _user_id(user_id: int) -> int:
    """Return `user_id`; a 404 when it is past the largest id a row can
    have, which the database cannot compare."""
    if user_id > MAX_USER_ID:
        raise PageNotFound(_("This user id is not valid."), f"User id {user_id}.")
    return user_id


@page_view
async def user_reviews(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Render one user's reviews of the add-on, the superseded ones too."""
    loaded = await _load(request, slug)
    if isinstance(loaded, HttpResponse):
        return loaded
    addon, viewer = loaded
    return await _render_list(request, addon, viewer, user_id=_user_id(user_id))


@page_view
async def review_detail(
    request: HttpRequest, slug: str, rating_id: int
) -> HttpResponse:
    """Render one review and its reply.

    The id of a reply leads to the review it answers.
    """
    loaded = await _load(request, slug)
    if isinstance(loaded, HttpResponse):
        return loaded
    addon, viewer = loaded
    return await _render_detail(request, addon, viewer, rating_id)


async def _render_detail(
    request: HttpRequest,
    addon: Addon,
    viewer: listing.Viewer,
    rating_id: int,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    review = await listing.get_review(addon.pk, rating_id, viewer)
    if review is None:
        answered = await listing.get_reply_rating_id(addon.pk, rating_id)
        if answered is not None:
            return HttpResponsePermanentRedirect(_review_path(request, addon, answered))
        raise PageNotFound(
            REVIEW_NOT_FOUND, f"No rating {rating_id} of add-on {addon.pk}."
        )
    response = await _render(
        request,
        "ratings/detail.html",
        addon,
        viewer,
        {"review": review, "forms": forms or {}},
        status=status,
    )
    return _per_viewer(response, viewer)


# --- Changes -----------------------------------------------------------------


FormView = Any


def form_view(view: FormView) -> FormView:
    """Make `view` a page with a form: GET, HEAD and POST, and 404s with a
    reason, as page_view gives the other pages."""

    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return await view(request, *args, **kwargs)
        except PageNotFound as error:
            log.info("page not found", path=request.path[:200], detail=str(error)[:200])
            return await render_page(
                request, "errors/404.html", {"reason": error.reason}, status=404
            )

    return require_http_methods(["GET", "HEAD", "POST"])(wrapper)


async def _posting(
    request: HttpRequest, slug: str, rating_id: int | None
) -> tuple[Addon, User, listing.Viewer] | HttpResponse:
    """Return what a POST acts with: the add-on, the signed-in user and
    their Viewer; or the response that ends it.

    A GET of a form's address (the old site's form pages) redirects to the
    page that holds the form; an anonymous POST goes to the log-in page.
    """
    if request.method != "POST":
        canonical = await _canonical_slug(request, slug)
        if rating_id is None:
            target = site_path(request, "ratings-add", canonical)
        else:
            target = site_path(request, "ratings-detail", canonical, rating_id)
        return HttpResponsePermanentRedirect(target)
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        # Forms post to the canonical slug; a redirect would lose the body.
        raise PageNotFound(
            ADDON_NOT_FOUND, f"Form posted to the old address of {slug!r}."
        )
    user = await listing.signed_in_user(request)
    if user is None:
        return _sign_in(request, found, rating_id)
    return found, user, await listing.get_viewer(user, found.pk)


async def _canonical_slug(request: HttpRequest, slug: str) -> str:
    """Return the slug of the add-on that `slug` names (a slug in another
    case, an id or a guid), or raise PageNotFound.

    Redirects of old URL forms use it to reach their target in one hop.
    """
    found = await find_addon(request, slug)
    if not isinstance(found, HttpResponse):
        return found.slug
    # find_addon redirects to this same route under the canonical slug.
    path = unquote(urlsplit(found["Location"]).path)
    prefix = f"/{request.LANG}/{request.APP}"  # type: ignore[attr-defined]
    match = resolve(path.removeprefix(prefix), urlconf=urls.SITE_URLCONF)
    return str(match.kwargs["slug"])


async def _check_review(
    addon: Addon, rating_id: int, viewer: listing.Viewer
) -> listing.Review:
    """Return the rating of this add-on that the viewer acts on, or raise
    PageNotFound."""
    review = await listing.get_review(addon.pk, rating_id, viewer)
    if review is None:
        raise PageNotFound(
            REVIEW_NOT_FOUND, f"No rating {rating_id} of add-on {addon.pk}."
        )
    return review


def _log_refusal(
    kind: str, user: User, rating_id: int | None, error: ActionError
) -> None:
    log.info(
        "rating change rejected",
        kind=kind,
        user_id=user.pk,
        rating_id=rating_id,
        status=error.status,
        fields=sorted(error.errors),
    )


@form_view
async def add(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the form to rate the add-on, and take it."""
    if request.method != "POST":
        loaded = await _load(request, slug)
        if isinstance(loaded, HttpResponse):
            return loaded
        addon, viewer = loaded
        return await _render_add(request, addon, viewer, RatingForm())

    posting = await _posting(request, slug, None)
    if isinstance(posting, HttpResponse):
        return posting
    addon, user, viewer = posting
    form = RatingForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            await actions.create_rating(
                user,
                addon.pk,
                score=form.cleaned_data["score"],
                body=form.cleaned_data["body"],
                ip_address=request.META.get("REMOTE_ADDR") or None,
            )
        except ActionError as error:
            _log_refusal("add", user, None, error)
            if error.status in (403, 404):
                return await _error_page(request, error)
            add_action_errors(form, error)
            status = error.status
        else:
            messages.success(request, gettext(str(RATED)))
            return HttpResponseRedirect(site_path(request, "ratings-list", addon.slug))
    return await _render_add(request, addon, viewer, form, status=status)


async def _render_add(
    request: HttpRequest,
    addon: Addon,
    viewer: listing.Viewer,
    form: RatingForm,
    *,
    status: int = 200,
) -> HttpResponse:
    own = await listing.get_own_review(addon.pk, viewer)
    summary = await listing.get_summary(addon)
    response = await _render(
        request,
        "ratings/add.html",
        addon,
        viewer,
        {"own": own, "rating_form": form, "summary": summary},
        status=status,
    )
    return _per_viewer(response, viewer)


async def _post_review_form(
    request: HttpRequest,
    slug: str,
    rating_id: int,
    name: str,
    form_class: Any,
    change: Callable[[User, dict[str, Any]], Awaitable[Any]],
    done: Any,
) -> HttpResponse:
    """Validate the review form `name` (a `form_class`), then run `change`
    with the signed-in user and the cleaned data.

    Success redirects to the review with the message `done`. Invalid input
    and a 400 or 409 of the action render the review again, with the errors
    beside the form's fields; a 403 or 404 renders the error page.
    """
    posting = await _posting(request, slug, rating_id)
    if isinstance(posting, HttpResponse):
        return posting
    addon, user, viewer = posting
    await _check_review(addon, rating_id, viewer)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            await change(user, form.cleaned_data)
        except ActionError as error:
            _log_refusal(name, user, rating_id, error)
            if error.status in (403, 404):
                return await _error_page(request, error)
            add_action_errors(form, error)
            status = error.status
        else:
            messages.success(request, gettext(str(done)))
            return HttpResponseRedirect(_review_path(request, addon, rating_id))
    return await _render_detail(
        request, addon, viewer, rating_id, forms={name: form}, status=status
    )


@form_view
async def edit(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Change the score or text of one's own rating."""

    async def change(user: User, data: dict[str, Any]) -> None:
        await actions.edit_rating(
            user, rating_id, score=data["score"], body=data["body"]
        )

    return await _post_review_form(
        request, slug, rating_id, "edit", RatingForm, change, EDITED
    )


@form_view
async def delete(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Delete one's own rating, or any rating as a moderator."""
    posting = await _posting(request, slug, rating_id)
    if isinstance(posting, HttpResponse):
        return posting
    addon, user, viewer = posting
    review = await _check_review(addon, rating_id, viewer)
    try:
        await actions.delete_rating(user, rating_id)
    except ActionError as error:
        _log_refusal("delete", user, rating_id, error)
        if error.status in (403, 404):
            return await _error_page(request, error)
        messages.error(request, "\n".join(error.messages))
        return HttpResponseRedirect(_review_path(request, addon, rating_id))
    done = DELETED if review.user_id == user.pk else DELETED_BY_MODERATOR
    messages.success(request, gettext(str(done)))
    return HttpResponseRedirect(site_path(request, "ratings-list", addon.slug))


@form_view
async def reply(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Publish or replace the add-on authors' reply to a rating."""

    async def change(user: User, data: dict[str, Any]) -> None:
        await actions.reply_to_rating(user, rating_id, body=data["body"])

    return await _post_review_form(
        request, slug, rating_id, "reply", ReplyForm, change, REPLIED
    )


@form_view
async def flag(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Report a rating to the moderators with a reason."""

    async def change(user: User, data: dict[str, Any]) -> None:
        await actions.flag_rating(user, rating_id, flag=data["flag"], note=data["note"])

    return await _post_review_form(
        request, slug, rating_id, "flag", FlagForm, change, FLAGGED
    )


@page_view
async def old_address(
    request: HttpRequest, slug: str, page: str, **kwargs: Any
) -> HttpResponse:
    """Redirect an old address of the ratings pages to route `page` of the
    add-on, under its slug, in one hop. amo has no feeds, so the feed leads
    to the reviews page."""
    canonical = await _canonical_slug(request, slug)
    # The ids of the route, in the order the target's pattern takes them.
    ids = [int(kwargs[name]) for name in ("user_id", "rating_id") if name in kwargs]
    return HttpResponsePermanentRedirect(site_path(request, page, canonical, *ids))
