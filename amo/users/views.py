"""Profile pages, and the pages where users manage their own account."""

import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import alogout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from amo.addons import queries as addon_queries
from amo.addons.views import (
    PageNotFound,
    check_page_in_range,
    get_listing_page_number,
    page_view,
    render_page,
)
from amo.collections import listing as collection_listing
from amo.collections import queries as collection_queries
from amo.core.db import run_write
from amo.core.pagination import PAGE_SIZE, Page
from amo.core.templates import render
from amo.users import actions, forms, queries, tokens
from amo.users.auth_views import EMAIL_TAKEN, USERNAME_TAKEN, expiry_text
from amo.users.helpers import (
    account_page,
    links,
    login_required,
    site_path,
    verify_password,
)
from amo.users.models import User
from amo.users.pictures import PICTURE_SIZES

log = structlog.get_logger(__name__)

NO_PROFILE = _("No author has a public profile at this address.")
# Collections the profile shows; a link leads to the rest.
PROFILE_COLLECTIONS = 12


@page_view
async def profile(request: HttpRequest, key: str) -> HttpResponse:
    """Render a profile: the user's add-ons, collections and favourites.

    Only authors of at least one listed add-on, and owners of at least one
    public collection, have a public profile; other accounts are a 404,
    so the page exposes no one else. The owner sees their private
    collections too.
    """
    number = get_listing_page_number(request)
    user = await queries.get_profile(key)
    if user is None:
        raise PageNotFound(NO_PROFILE, f"No user {key!r}.")
    addons, total = await addon_queries.get_listing_page(
        addon_queries.ListingFilter(author_id=user.pk),
        sort="users",
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    viewer = await request.auser()
    own = viewer.is_authenticated and viewer.pk == user.pk
    collections = await collection_queries.user_collections(
        user.pk,
        viewer=viewer if viewer.is_authenticated else None,
        page=1,
        page_size=PROFILE_COLLECTIONS,
    )
    if total == 0 and collections.total == 0 and not own:
        raise PageNotFound(
            NO_PROFILE,
            f"User {key!r} has no public add-on and no public collection.",
        )
    page = Page(addons, number, total)
    check_page_in_range(request, page)
    previews = addon_queries.theme_previews(addons)
    # The user's own private collections among their favourites show to
    # the user alone.
    favourites = await collection_queries.favourite_collections(
        user.pk, page_size=PROFILE_COLLECTIONS
    )
    shown_favourites = [
        collection
        for collection in favourites.items
        if collection.public or (own and collection.author_id == user.pk)
    ]
    response = await render_page(
        request,
        "users/profile.html",
        {
            "profile": user,
            "page": page,
            "previews": previews,
            "own": own,
            "collections": collection_listing.build_cards(request, collections.items),
            "collection_total": collections.total,
            "collections_key": collection_listing.owner_key(user),
            "favourites": collection_listing.build_cards(request, shown_favourites),
        },
    )
    if viewer.is_authenticated:
        patch_cache_control(response, private=True)
    return response


# --- Editing one's own account ---------------------------------------------

WRONG_PASSWORD = _("The password is wrong.")


def _profile_initial(user: User) -> dict[str, str]:
    return {name: getattr(user, name) for name in actions.PROFILE_FIELDS}


async def _render_edit(
    request: HttpRequest,
    user: User,
    *,
    form: forms.ProfileForm | None = None,
    email_form: forms.ChangeEmailForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return await render(
        request,
        "users/edit.html",
        {
            "account": user,
            "form": form or forms.ProfileForm(initial=_profile_initial(user)),
            "email_form": email_form or forms.ChangeEmailForm(),
            "picture_sizes": PICTURE_SIZES,
        },
        status=status,
    )


@account_page
@login_required
async def edit(request: HttpRequest, user: User) -> HttpResponse:
    """Edit the signed-in user's profile; no one edits another's here."""
    if request.method != "POST":
        return await _render_edit(request, user)
    form = forms.ProfileForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if data["username"].lower() != user.username.lower() and (
            await queries.username_taken(data["username"], exclude_id=user.pk)
        ):
            form.add_error("username", USERNAME_TAKEN)
    if not form.is_valid():
        return await _render_edit(request, user, form=form, status=400)
    changes = {name: form.cleaned_data[name] for name in actions.PROFILE_FIELDS}
    try:
        await run_write(actions.do_update_profile, user.pk, changes)
    except actions.AccountError:
        form.add_error("username", USERNAME_TAKEN)
        return await _render_edit(request, user, form=form, status=400)
    photo = form.cleaned_data.get("photo")
    if photo:
        await run_write(actions.do_store_picture, user.pk, photo)
        messages.success(
            request,
            gettext("Your profile is saved. Your new photo shows in a moment."),
        )
    else:
        messages.success(request, gettext("Your profile is saved."))
    return HttpResponseRedirect(site_path(request, "users-edit"))


@require_POST
@login_required
async def delete_photo(request: HttpRequest, user: User) -> HttpResponse:
    await run_write(actions.do_delete_picture, user.pk)
    messages.success(request, gettext("Your photo is removed."))
    return HttpResponseRedirect(site_path(request, "users-edit"))


@require_POST
@login_required
async def change_email(request: HttpRequest, user: User) -> HttpResponse:
    """Mail a confirmation link to the new address; it changes on use."""
    form = forms.ChangeEmailForm(request.POST)
    if form.is_valid():
        new_email = form.cleaned_data["email"]
        correct, _must_update = await verify_password(
            user, form.cleaned_data["password"]
        )
        if not correct:
            form.add_error("password", WRONG_PASSWORD)
        elif new_email == user.email.lower():
            form.add_error("email", gettext("This is already your email address."))
        elif await queries.email_taken(new_email, exclude_id=user.pk):
            form.add_error("email", EMAIL_TAKEN)
    if not form.is_valid():
        return await _render_edit(request, user, email_form=form, status=400)
    try:
        await run_write(
            actions.do_request_email_change,
            user.pk,
            form.cleaned_data["email"],
            links(request),
        )
    except actions.AccountError:
        form.add_error("email", EMAIL_TAKEN)
        return await _render_edit(request, user, email_form=form, status=400)
    messages.info(
        request,
        gettext(
            "We mailed a link to %(email)s. Your address changes when you open "
            "it, within %(time)s."
        )
        % {
            "email": form.cleaned_data["email"],
            "time": expiry_text(request, settings.EMAIL_CONFIRMATION_SECONDS),
        },
    )
    return HttpResponseRedirect(site_path(request, "users-edit"))


@account_page
async def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    """Make the address in the mailed link the account's address."""
    context: dict[str, object] = {}
    try:
        user = await run_write(actions.do_confirm_email_change, token)
    except tokens.InvalidToken as error:
        context["problem"] = "expired" if error.expired else "invalid"
    except actions.AccountError as error:
        context["problem"] = error.code
    else:
        context["new_email"] = user.email
        return await render(request, "users/email_confirm.html", context)
    return await render(request, "users/email_confirm.html", context, status=400)


@account_page
@login_required
async def delete_account(request: HttpRequest, user: User) -> HttpResponse:
    """Delete the signed-in account once its password is given again."""
    form = forms.DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        correct, _must_update = await verify_password(
            user, form.cleaned_data["password"]
        )
        if correct:
            await run_write(actions.do_delete_account, user.pk)
            await alogout(request)
            log.info("account deleted by its user", user_id=user.pk)
            return await render(request, "users/delete_done.html", {})
        form.add_error("password", WRONG_PASSWORD)
    status = 400 if form.errors else 200
    return await render(
        request,
        "users/delete.html",
        {"form": form, "account": user},
        status=status,
    )


# --- API keys ---------------------------------------------------------------


@account_page
@login_required
async def api_keys(request: HttpRequest, user: User) -> HttpResponse:
    """Show, generate, regenerate and revoke the user's API credentials.

    A new secret is shown once, in the response to the request that made
    it; later visits show the key only.
    """
    context: dict[str, object] = {"account": user}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "accept":
            await run_write(actions.do_accept_agreement, user.pk)
            return HttpResponseRedirect(site_path(request, "users-api-keys"))
        if action == "generate" and user.read_dev_agreement is not None:
            key, secret = await run_write(actions.do_generate_api_key, user.pk)
            context.update(new_key=key, new_secret=secret)
        elif action == "revoke":
            await run_write(actions.do_revoke_api_key, user.pk)
            messages.success(request, gettext("Your API key is revoked."))
            return HttpResponseRedirect(site_path(request, "users-api-keys"))
        else:
            return HttpResponseRedirect(site_path(request, "users-api-keys"))
    context["api_key"] = await queries.get_active_api_key(user.pk)
    return await render(request, "users/api_keys.html", context)
