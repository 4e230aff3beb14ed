"""Pages of collections: a collection, its forms, and lists of collections.

Views parse the request, call amo.collections.queries or .actions, and
render. Actions raise ActionError: a 400 shows its messages beside the
form's fields, a 403 renders the forbidden page and a 404 the not-found
page. Pages that show a form or the signed-in user's own data are never
cached. The page cache keeps a collection's page and a user's list whole
for anonymous visitors, and the actions make those entries stale.
"""

import functools
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import structlog
from django import forms as django_forms
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
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
from amo.collections import actions, listing, queries
from amo.collections.forms import (
    AddAddonForm,
    CollectionForm,
    NotesForm,
    WidgetForm,
    slug_from_name,
)
from amo.collections.models import Collection
from amo.core.errors import NON_FIELD_ERRORS, ActionError
from amo.core.pagination import Page
from amo.devhub.decorators import no_store
from amo.users import queries as user_queries
from amo.users.helpers import account_page, login_required, safe_next, site_path
from amo.users.models import User
from amo.users.permissions import ais_admin, ais_reviewer

log = structlog.get_logger(__name__)

View = Callable[..., Coroutine[Any, Any, HttpResponse]]

# Add-ons per page of a collection, as AMO showed them.
ADDONS_PER_PAGE = 15
# Collections per page of a user's list.
COLLECTIONS_PER_PAGE = 20
# The edit page manages this many add-ons at most; reordering needs them
# all on one page.
# NOTE: a collection with more add-ons shows only its first MAX_MANAGED on
# the edit page, so the later ones cannot be moved or removed there.
MAX_MANAGED = 500
# The largest page that queries.collection_addons returns.
MANAGE_PAGE_SIZE = 50

# Sorts of a collection's page: URL value to the sort of
# queries.collection_addons and its label. The owner's order comes first.
SORTS = {
    "position": ("position", _("Collection order")),
    "added": ("-added", _("Recently added")),
    "popularity": ("-popularity", _("Most users")),
    "name": ("name", _("Name")),
}
SORT_LABELS = {key: label for key, (_sort, label) in SORTS.items()}
DEFAULT_SORT = "position"

COLLECTION_NOT_FOUND = _(
    "Sorry, we can’t find this collection. It may be private, it may have been "
    "deleted, or the link may be wrong."
)
USER_NOT_FOUND = _("No user has this name or number.")
OWNER_ONLY = _("Only the owner of this collection can change it.")
REVIEWERS_ONLY = _("Only reviewers can feature collections.")


# --- Helpers -------------------------------------------------------------


def apply_errors(form: django_forms.Form, error: ActionError) -> None:
    """Show the messages of `error` beside the form's fields."""
    for field, field_messages in error.errors.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        for message in field_messages:
            form.add_error(target, str(message))


async def refusal_page(request: HttpRequest, error: ActionError) -> HttpResponse:
    """Render the 403 or 404 page of an action's refusal."""
    reason = error.messages[0] if error.messages else ""
    if error.status == 404:
        response = await render_page(
            request,
            "errors/404.html",
            {"reason": reason or COLLECTION_NOT_FOUND},
            status=404,
        )
    else:
        response = await render_page(
            request,
            "collections/forbidden.html",
            {"reason": reason},
            status=error.status if error.status >= 400 else 403,
        )
    return no_store(response)


async def forbidden(request: HttpRequest, reason: Any) -> HttpResponse:
    response = await render_page(
        request, "collections/forbidden.html", {"reason": reason}, status=403
    )
    return no_store(response)


def not_found(detail: str) -> PageNotFound:
    return PageNotFound(COLLECTION_NOT_FOUND, detail)


def form_page(view: View) -> View:
    """Make `view` a signed-in form page: GET, HEAD and POST, never cached.

    The view gets the signed-in user as its second argument; anonymous
    visitors go to the log-in page. An ActionError with a 403 or 404
    status that escapes the view renders the matching page.
    """

    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = await view(request, *args, **kwargs)
        except PageNotFound as error:
            response = await render_page(
                request, "errors/404.html", {"reason": error.reason}, status=404
            )
        except ActionError as error:
            if error.status not in (403, 404):
                raise
            return await refusal_page(request, error)
        return no_store(response)

    return account_page(login_required(wrapper))


def back_path(request: HttpRequest) -> str:
    """Return where a POST goes back to: `next`, the referring page, or home.

    The referring page counts only when it is a page of this site.
    """
    referer = urlsplit(request.headers.get("Referer", ""))
    default = None
    if referer.path.startswith("/") and referer.netloc in ("", request.get_host()):
        default = referer.path + ("?" + referer.query if referer.query else "")
    return safe_next(request, default)


def post_action(view: View) -> View:
    """Make `view` a signed-in POST that redirects: 405 for other methods.

    An ActionError of invalid input (400) or of a state that does not allow
    the change (409) shows its messages on the page the form was sent from.
    """

    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return await view(request, *args, **kwargs)
        except ActionError as error:
            if error.status in (403, 404):
                raise
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(back_path(request))

    return require_POST(form_page(wrapper))


# --- Reading one collection -----------------------------------------------


async def load_collection(user_key: str, slug: str, viewer: User | None) -> Collection:
    """Return the URL's collection, with its author, if `viewer` may see it.

    A private collection is visible to its owner and to admins only. For
    anyone else it is a 404, the same as a collection that does not exist.
    """
    collection = await queries.get_collection(user_key, slug, viewer=viewer)
    if collection is None:
        raise not_found(f"No collection {user_key!r}/{slug!r} visible to the viewer.")
    return collection


async def load_editable_collection(user: User, user_key: str, slug: str) -> Collection:
    """Return the collection of the URL when `user` may change it, or raise.

    Its owner and admins may. Someone else's visible collection raises
    ActionError 403, one they may not see a 404.
    """
    collection = await load_collection(user_key, slug, user)
    if collection.author_id != user.pk and not await ais_admin(user):
        raise ActionError.on(NON_FIELD_ERRORS, OWNER_ONLY, status=403)
    return collection


async def all_items(collection_id: int) -> list[Any]:
    """Return the collection's add-ons in the owner's order, with their cards.

    Add-ons that are not public are included, so the owner can remove them.
    At most MAX_MANAGED, read a page of MANAGE_PAGE_SIZE at a time.
    """
    items: list[Any] = []
    number = 1
    while len(items) < MAX_MANAGED:
        page = await queries.collection_addons(
            collection_id,
            sort="position",
            include_all=True,
            page=number,
            page_size=MANAGE_PAGE_SIZE,
        )
        items.extend(page.items)
        if number >= page.num_pages:
            break
        number += 1
    return items[:MAX_MANAGED]


async def signed_in(request: HttpRequest) -> User | None:
    user = await request.auser()
    return user if user.is_authenticated else None


@page_view
async def detail(request: HttpRequest, user_key: str, slug: str) -> HttpResponse:
    """Render a collection: its add-ons with their notes, and its buttons.

    A URL that names the owner by id when they have a username redirects
    to the URL with the username.
    """
    viewer = await signed_in(request)
    collection = await load_collection(user_key, slug, viewer)
    author = collection.author
    canonical = listing.owner_key(author)
    if user_key != canonical:
        path = listing.collection_path(request, author, collection.slug)
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(path + ("?" + query if query else ""))

    sort = request.GET.get("sort", "") or DEFAULT_SORT
    if sort not in SORTS:
        # An unknown sort redirects to the default, so the page shows
        # plainly which order it lists.
        return HttpResponseRedirect(listing.collection_path(request, author, slug))
    number = get_listing_page_number(request)
    found = await queries.collection_addons(
        collection.pk,
        sort=SORTS[sort][0],
        page=number,
        page_size=ADDONS_PER_PAGE,
    )
    page = Page(found.items, number, found.total, per_page=ADDONS_PER_PAGE)
    check_page_in_range(request, page)

    context = {
        "collection": collection,
        "author": author,
        "user_key": canonical,
        "page": page,
        "sort": sort,
        "sort_labels": SORT_LABELS,
        "default_sort": DEFAULT_SORT,
        "previews": addon_queries.theme_previews([item.addon for item in page.items]),
        "signed_in": viewer is not None,
        "is_owner": viewer is not None and viewer.pk == collection.author_id,
        "is_reviewer": viewer is not None and await ais_reviewer(viewer),
        "is_favourite": (
            viewer is not None and await queries.is_favourite(viewer.pk, collection.pk)
        ),
    }
    response = await render_page(request, "collections/detail.html", context)
    return no_store(response) if viewer is not None else response


# --- Lists of collections -------------------------------------------------


@form_page
async def mine(request: HttpRequest, user: User) -> HttpResponse:
    """List the signed-in user's own collections and their favourites."""
    number = get_listing_page_number(request)
    found = await queries.user_collections(
        user.pk, viewer=user, page=number, page_size=COLLECTIONS_PER_PAGE
    )
    page = Page(
        listing.build_cards(request, found.items),
        number,
        found.total,
        per_page=COLLECTIONS_PER_PAGE,
    )
    check_page_in_range(request, page)
    favourites = await queries.favourite_collections(
        user.pk, page_size=COLLECTIONS_PER_PAGE
    )
    return await render_page(
        request,
        "collections/mine.html",
        {
            "page": page,
            "favourites": listing.build_cards(request, favourites.items),
            "account": user,
        },
    )


@page_view
async def user_list(request: HttpRequest, user_key: str) -> HttpResponse:
    """List a user's public collections; the owner sees the private ones."""
    owner = await user_queries.get_profile(user_key)
    if owner is None:
        raise PageNotFound(USER_NOT_FOUND, f"No user {user_key!r}.")
    viewer = await signed_in(request)
    number = get_listing_page_number(request)
    found = await queries.user_collections(
        owner.pk, viewer=viewer, page=number, page_size=COLLECTIONS_PER_PAGE
    )
    page = Page(
        listing.build_cards(request, found.items),
        number,
        found.total,
        per_page=COLLECTIONS_PER_PAGE,
    )
    check_page_in_range(request, page)
    response = await render_page(
        request,
        "collections/user_list.html",
        {
            "owner": owner,
            "user_key": user_key,
            "page": page,
            "own": viewer is not None and viewer.pk == owner.pk,
        },
    )
    return no_store(response) if viewer is not None else response


# --- Creating, editing and deleting ---------------------------------------


def _fields(form: CollectionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data["description"] or "",
        "public": data["public"],
    }


@form_page
async def create(request: HttpRequest, user: User) -> HttpResponse:
    """Create a collection; an empty slug is made from the name."""
    if request.method != "POST":
        form = CollectionForm(initial={"public": True})
        return await render_page(request, "collections/create.html", {"form": form})

    form = CollectionForm(request.POST)
    if form.is_valid():
        slug = form.cleaned_data["slug"]
        if not slug:
            slug = await listing.free_slug(
                user.pk, slug_from_name(form.cleaned_data["name"])
            )
            if slug is None:
                form.add_error("slug", gettext("Enter a slug for this collection."))
        elif await listing.slug_taken(user.pk, slug):
            form.add_error(
                "slug",
                gettext(
                    "You already have a collection with the slug “%(slug)s”. "
                    "Choose another one."
                )
                % {"slug": slug},
            )
    if form.is_valid():
        try:
            collection = await actions.create_collection(
                user,
                slug=slug,
                default_locale=request.LANG,  # type: ignore[attr-defined]
                **_fields(form),
            )
        except ActionError as error:
            if error.status in (403, 404):
                raise
            apply_errors(form, error)
    if not form.is_valid():
        return await render_page(
            request, "collections/create.html", {"form": form}, status=400
        )
    messages.success(request, gettext("Your collection is created."))
    return HttpResponseRedirect(
        site_path(request, "collections-edit", listing.owner_key(user), collection.slug)
    )


async def _render_edit(
    request: HttpRequest,
    user: User,
    collection: Collection,
    *,
    form: CollectionForm | None = None,
    add_form: AddAddonForm | None = None,
    notes_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    items = await all_items(collection.pk)
    name = collection.name or {}
    description = collection.description or {}
    locale = collection.default_locale
    form = form or CollectionForm(
        require_slug=True,
        initial={
            "name": name.get(locale) or next(iter(name.values()), ""),
            "slug": collection.slug,
            "description": description.get(locale)
            or next(iter(description.values()), ""),
            "public": collection.public,
        },
    )
    return await render_page(
        request,
        "collections/edit.html",
        {
            "collection": collection,
            "user_key": listing.owner_key(collection.author),
            "form": form,
            "add_form": add_form or AddAddonForm(),
            "items": items,
            "notes_errors": notes_errors or {},
        },
        status=status,
    )


@form_page
async def edit(
    request: HttpRequest, user: User, user_key: str, slug: str
) -> HttpResponse:
    """Edit a collection's details; the page also manages its add-ons."""
    collection = await load_editable_collection(user, user_key, slug)
    if request.method != "POST":
        return await _render_edit(request, user, collection)

    form = CollectionForm(request.POST, require_slug=True)
    if form.is_valid():
        new_slug = form.cleaned_data["slug"]
        if new_slug != collection.slug and await listing.slug_taken(
            collection.author_id, new_slug, exclude_id=collection.pk
        ):
            form.add_error(
                "slug",
                gettext(
                    "You already have a collection with the slug “%(slug)s”. "
                    "Choose another one."
                )
                % {"slug": new_slug},
            )
    if form.is_valid():
        try:
            collection = await actions.edit_collection(
                user, collection.pk, slug=form.cleaned_data["slug"], **_fields(form)
            )
        except ActionError as error:
            if error.status in (403, 404):
                raise
            apply_errors(form, error)
    if not form.is_valid():
        return await _render_edit(request, user, collection, form=form, status=400)
    messages.success(request, gettext("The collection is saved."))
    return HttpResponseRedirect(_edit_path(request, collection))


@form_page
async def delete(
    request: HttpRequest, user: User, user_key: str, slug: str
) -> HttpResponse:
    """Ask to confirm, then delete the collection."""
    collection = await load_editable_collection(user, user_key, slug)
    if request.method != "POST":
        return await render_page(
            request,
            "collections/delete.html",
            {
                "collection": collection,
                "user_key": listing.owner_key(collection.author),
            },
        )
    await actions.delete_collection(user, collection.pk)
    messages.success(request, gettext("The collection is deleted."))
    return HttpResponseRedirect(site_path(request, "collections-mine"))


# --- Managing the add-ons of a collection ---------------------------------


def _edit_path(request: HttpRequest, collection: Collection) -> str:
    return site_path(
        request,
        "collections-edit",
        listing.owner_key(collection.author),
        collection.slug,
    )


def _wants_json(request: HttpRequest) -> bool:
    """Return whether collection-order.js sent the form, not the browser."""
    return request.headers.get("X-Requested-With") == "fetch"


@post_action
async def add_addon(
    request: HttpRequest, user: User, user_key: str, slug: str
) -> HttpResponse:
    """Add the add-on named by slug, number or page URL, with a note."""
    collection = await load_editable_collection(user, user_key, slug)
    form = AddAddonForm(request.POST)
    if form.is_valid():
        addon = await listing.find_addon(form.cleaned_data["addon"])
        if addon is None:
            form.add_error(
                "addon",
                gettext(
                    "No listed add-on has the slug or number “%(key)s”. Check "
                    "the add-on's page and copy its address."
                )
                % {"key": form.cleaned_data["addon"][:100]},
            )
        else:
            try:
                await actions.add_addon(
                    user,
                    collection.pk,
                    addon.pk,
                    notes=form.cleaned_data["notes"] or None,
                )
            except ActionError as error:
                if error.status in (403, 404):
                    raise
                apply_errors(form, error)
    if not form.is_valid():
        return await _render_edit(request, user, collection, add_form=form, status=400)
    messages.success(request, gettext("The add-on is added to your collection."))
    return HttpResponseRedirect(_edit_path(request, collection))


@post_action
async def edit_notes(
    request: HttpRequest, user: User, user_key: str, slug: str, addon_id: int
) -> HttpResponse:
    collection = await load_editable_collection(user, user_key, slug)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            await actions.edit_addon_notes(
                user, collection.pk, addon_id, notes=form.cleaned_data["notes"]
            )
        except ActionError as error:
            if error.status in (403, 404):
                raise
            apply_errors(form, error)
    if not form.is_valid():
        errors = [str(message) for values in form.errors.values() for message in values]
        return await _render_edit(
            request, user, collection, notes_errors={addon_id: errors}, status=400
        )
    messages.success(request, gettext("The note is saved."))
    return HttpResponseRedirect(_edit_path(request, collection))


@post_action
async def remove_addon(
    request: HttpRequest, user: User, user_key: str, slug: str, addon_id: int
) -> HttpResponse:
    collection = await load_editable_collection(user, user_key, slug)
    await actions.remove_addon(user, collection.pk, addon_id)
    messages.success(request, gettext("The add-on is removed from your collection."))
    return HttpResponseRedirect(_edit_path(request, collection))


def moved_order(
    ids: Sequence[int], addon_id: int, direction: str, shown: Iterable[int]
) -> list[int]:
    """Return `ids` with `addon_id` moved past its neighbour in `shown`.

    `ids` is the whole order, with add-ons the edit page does not show
    (deleted ones); `addon_id` moves up or down past the next add-on that
    it shows. An add-on already first (up) or last (down) stays.
    """
    order = list(ids)
    shown = set(shown)
    index = order.index(addon_id)
    step = -1 if direction == "up" else 1
    target = index + step
    while 0 <= target < len(order) and order[target] not in shown:
        target += step
    if not 0 <= target < len(order):
        return order
    order.pop(index)
    order.insert(target, addon_id)
    return order


@post_action
async def move_addon(
    request: HttpRequest, user: User, user_key: str, slug: str, addon_id: int
) -> HttpResponse:
    """Move one add-on up or down in the collection's order."""
    collection = await load_editable_collection(user, user_key, slug)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise ActionError.on(
            "direction",
            gettext("Direction “%(value)s” is invalid: use up or down.")
            % {"value": direction[:20]},
        )
    ids = await listing.entry_order(collection.pk)
    if addon_id not in ids:
        raise not_found(f"Add-on {addon_id} is not in collection {collection.pk}.")
    shown = [item.addon_id for item in await all_items(collection.pk)]
    order = moved_order(ids, addon_id, direction, shown)
    if order != ids:
        await actions.reorder_addons(user, collection.pk, order)
    if _wants_json(request):
        return JsonResponse({"order": [pk for pk in order if pk in set(shown)]})
    return HttpResponseRedirect(_edit_path(request, collection) + f"#addon-{addon_id}")


# --- Favourites and featuring -----------------------------------------------


@post_action
async def favourite(
    request: HttpRequest, user: User, user_key: str, slug: str
) -> HttpResponse:
    """Add the collection to the user's favourites, or remove it."""
    collection = await load_collection(user_key, slug, user)
    if request.POST.get("action") == "remove":
        await actions.unfavourite_collection(user, collection.pk)
        messages.success(
            request, gettext("The collection is removed from your favourites.")
        )
    else:
        await actions.favourite_collection(user, collection.pk)
        messages.success(
            request, gettext("The collection is added to your favourites.")
        )
    return HttpResponseRedirect(
        site_path(request, "collections-detail", user_key, collection.slug)
    )


@post_action
async def feature(
    request: HttpRequest, user: User, user_key: str, slug: str
) -> HttpResponse:
    """Feature the collection on the home page, or stop featuring it."""
    if not await ais_reviewer(user):
        return await forbidden(request, REVIEWERS_ONLY)
    collection = await load_collection(user_key, slug, user)
    featured = request.POST.get("featured") == "1"
    await actions.set_featured(user, collection.pk, featured)
    if featured:
        messages.success(
            request, gettext("The collection is featured on the home page.")
        )
    else:
        messages.success(request, gettext("The collection is no longer featured."))
    return HttpResponseRedirect(
        site_path(request, "collections-detail", user_key, collection.slug)
    )


# --- The add-on page's widget ---------------------------------------------


@post_action
async def widget_add(request: HttpRequest, user: User, addon_id: int) -> HttpResponse:
    """Add an add-on to one of the user's collections, or to a new one."""
    back = safe_next(request)
    form = WidgetForm(request.POST)
    if not form.is_valid():
        for values in form.errors.values():
            for message in values:
                messages.error(request, str(message))
        return HttpResponseRedirect(back)

    notes = form.cleaned_data["notes"] or None
    name = form.cleaned_data["new_name"]
    try:
        if name:
            slug = await listing.free_slug(user.pk, slug_from_name(name))
            if slug is None:
                raise ActionError.on(
                    "name",
                    gettext(
                        "You have too many collections named “%(name)s”. Choose "
                        "another name."
                    )
                    % {"name": name},
                )
            collection = await actions.create_collection(
                user,
                name=name,
                slug=slug,
                default_locale=request.LANG,  # type: ignore[attr-defined]
            )
            collection_id = collection.pk
        else:
            collection_id = form.cleaned_data["collection"]
        await actions.add_addon(user, collection_id, addon_id, notes=notes)
    except ActionError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(back)
    messages.success(request, gettext("The add-on is added to your collection."))
    return HttpResponseRedirect(back)


@post_action
async def widget_remove(
    request: HttpRequest, user: User, addon_id: int
) -> HttpResponse:
    """Remove an add-on from one of the user's collections."""
    back = safe_next(request)
    raw = request.POST.get("collection", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > listing.MAX_ID_DIGITS:
        messages.error(
            request,
            gettext("Collection “%(value)s” is invalid: choose one of yours.")
            % {"value": raw[:20]},
        )
        return HttpResponseRedirect(back)
    try:
        await actions.remove_addon(user, int(raw), addon_id)
    except ActionError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(back)
    messages.success(request, gettext("The add-on is removed from your collection."))
    return HttpResponseRedirect(back)
