"""Pages of the developer hub: my add-ons, the agreement, an add-on's
listing, media, authors, status and activity.

The submission of add-ons and versions lives in amo.devhub.submit_views.
Every view here takes the signed-in user or an AddonAccess from the
decorators of amo.devhub.decorators, which also keep the pages out of
every cache.
"""

from typing import Any

import structlog
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from amo.addons.icons import icon_url
from amo.addons.models import Addon, Category
from amo.core import urls
from amo.core.constants import (
    AddonStatus,
    AuthorRole,
    Channel,
    FileStatus,
)
from amo.core.errors import AmoError
from amo.core.models import translate
from amo.core.pagination import PAGE_SIZE, Page, check_in_range, get_page_number
from amo.core.templates import render
from amo.devhub import actions, queries
from amo.devhub.decorators import AddonAccess, addon_view, dev_view
from amo.devhub.forms import (
    AddAuthorForm,
    AgreementForm,
    DeleteAddonForm,
    ImageForm,
    ListingForm,
    PreviewForm,
)
from amo.devhub.models import Activity, ImageState
from amo.files.models import File
from amo.users.models import User
from amo.versions.errors import SubmissionError
from amo.versions.models import Version

log = structlog.get_logger(__name__)

ACTIVITY_PAGE_SIZE = 20
SAVED = _("Your changes were saved.")


# --- Helpers ----------------------------------------------------------------


def site_url(request: HttpRequest, name: str, *args: Any, **query: Any) -> str:
    return urls.site_path(
        name,
        *args,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
        query=query or None,
    )


def redirect(request: HttpRequest, name: str, *args: Any, **query: Any) -> HttpResponse:
    """Redirect with 302 to a page of the site, after a form was handled."""
    return HttpResponseRedirect(site_url(request, name, *args, **query))


def addon_icon(addon: Addon, size: int) -> str:
    return icon_url(addon, size, addon.sort_name)


def status_label(addon: Addon, has_listed: bool = True) -> Any:
    """Return the add-on's status as its authors see it.

    An add-on with unlisted versions alone stays INCOMPLETE, which its
    authors read as "Unlisted".
    """
    if addon.disabled_by_user:
        return _("Invisible")
    if addon.status == AddonStatus.INCOMPLETE and not has_listed:
        return _("Unlisted")
    return AddonStatus(addon.status).label


def file_status_label(status: int | None) -> Any:
    if status is None:
        return _("No file")
    return FileStatus(status).label


def channel_label(channel: int) -> Any:
    return Channel(channel).label


def activity_label(action: int) -> str:
    return Activity(action).label


def file_status(version: Version) -> int | None:
    """Return the status of the version's file, None when it has none.

    The version must come with its file (select_related).
    """
    try:
        return version.file.status
    except File.DoesNotExist:
        return None


def can_enable(version: Version) -> bool:
    """Return whether the version's authors disabled it, so may enable it."""
    return version.status_before_disable is not None


def category_choices(
    request: HttpRequest, categories: list[Category]
) -> list[tuple[str, str]]:
    """Return the categories as form choices, named in the page's locale."""
    locale = request.LANG  # type: ignore[attr-defined]
    return [
        (category.slug, translate(category.name, locale)[0]) for category in categories
    ]


async def render_dev(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a developer hub page with the helpers its templates call."""
    helpers = {
        "icon_url": addon_icon,
        "status_label": status_label,
        "file_status_label": file_status_label,
        "channel_label": channel_label,
        "activity_label": activity_label,
        "file_status": file_status,
        "can_enable": can_enable,
        "AddonStatus": AddonStatus,
        "FileStatus": FileStatus,
        "AuthorRole": AuthorRole,
        "Channel": Channel,
    }
    return await render(request, template, {**helpers, **context}, status=status)


def addon_context(access: AddonAccess, section: str) -> dict[str, Any]:
    """Return the context of every page of one add-on: the add-on, the
    role, and the section that the add-on's menu marks as current."""
    return {
        "addon": access.addon,
        "role": access.role,
        "has_listed": access.has_listed,
        "is_owner": access.is_owner,
        "section": section,
    }


def safe_next(request: HttpRequest, value: str | None, default: str) -> str:
    """Return `value` when it is a path on this site, else `default`."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=False
        )
    ):
        return value
    return default


def requested_locales(request: HttpRequest) -> list[str]:
    """Return the locale that the locale picker of a form asked to add."""
    if request.POST.get("action") == "add-locale" and request.POST.get("new_locale"):
        return [request.POST["new_locale"]]
    return []


def page_number(request: HttpRequest) -> int:
    try:
        return get_page_number(request)
    except Http404:
        raise Http404("Invalid page number.") from None


def form_error_message(error: AmoError) -> str:
    return str(error.message) % error.params if error.params else str(error.message)


# --- My add-ons and the agreement ---------------------------------------


@require_safe
@dev_view
async def index(request: HttpRequest, user: User) -> HttpResponse:
    return redirect(request, "devhub-addons")


@require_safe
@dev_view
async def dashboard(request: HttpRequest, user: User) -> HttpResponse:
    """List the add-ons the user is an author of, newest change first."""
    sort = request.GET.get("sort", "")
    if sort not in queries.DASHBOARD_SORTS:
        sort = queries.DEFAULT_DASHBOARD_SORT
    number = page_number(request)
    rows, total = await queries.get_dashboard_page(
        user.pk, sort=sort, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page = Page(rows, number, total)
    check_in_range(page)
    return await render_dev(
        request,
        "devhub/dashboard.html",
        {
            "page": page,
            "sort": sort,
            "sorts": [
                ("updated", _("Last updated")),
                ("created", _("Created")),
                ("name", _("Name")),
            ],
            "agreement_accepted": user.read_dev_agreement is not None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@dev_view
async def agreement(request: HttpRequest, user: User) -> HttpResponse:
    """Show the distribution agreement; accepting it records the date."""
    default_next = site_url(request, "devhub-submit")
    next_url = safe_next(
        request, request.POST.get("next") or request.GET.get("next"), default_next
    )
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        await actions.accept_agreement(user.pk)
        return HttpResponseRedirect(next_url)
    return await render_dev(
        request,
        "devhub/agreement.html",
        {"form": form, "next": next_url, "accepted": user.read_dev_agreement},
        status=400 if form.is_bound else 200,
    )


# --- The listing ----------------------------------------------------------


async def listing_form(
    request: HttpRequest, addon: Addon, data: Any = None
) -> ListingForm:
    """Build the listing form of `addon`, filled with its current values."""
    categories = await queries.get_type_categories(addon.type)
    versions = await queries.get_versions(addon.pk)
    latest = versions[0] if versions else None
    license_row = latest.license if latest is not None else None
    values: dict[str, dict[str, str]] = {
        name: dict(getattr(addon, name) or {}) for name in actions.LISTING_FIELDS
    }
    initial: dict[str, Any] = {
        "categories": await queries.get_category_slugs(addon.pk),
        "tags": ", ".join(await queries.get_tag_texts(addon.pk)),
    }
    if license_row is not None:
        if license_row.slug:
            initial["license"] = license_row.slug
        else:
            initial["license"] = "other"
            values["license_name"] = dict(license_row.name or {})
            values["license_text"] = dict(license_row.text or {})
    extra = requested_locales(request)
    return ListingForm(
        data,
        addon_type=addon.type,
        categories=category_choices(request, categories),
        listed=any(version.channel == Channel.LISTED for version in versions),
        values=values,
        default_locale=addon.default_locale,
        extra_locales=extra,
        initial=initial,
        with_license=latest is not None,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@addon_view
async def edit(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """Edit the listing: texts in any locale, categories, tags, licence."""
    addon = access.addon
    adding_locale = request.POST.get("action") == "add-locale"
    data = request.POST if request.method == "POST" else None
    form = await listing_form(request, addon, data)
    if data is not None and not adding_locale and form.is_valid():
        changed = await actions.update_listing(
            addon.pk, access.user.pk, form.listing_data()
        )
        if changed:
            messages.success(request, str(SAVED))
        return redirect(request, "devhub-edit", addon.slug)
    status = 400 if data is not None and not adding_locale else 200
    return await render_dev(
        request,
        "devhub/edit.html",
        {**addon_context(access, "edit"), "form": form},
        status=status,
    )


# --- Icon and screenshots -------------------------------------------------


async def media_context(access: AddonAccess) -> dict[str, Any]:
    addon = access.addon
    uploads = await queries.get_image_uploads(addon.pk)
    return {
        **addon_context(access, "media"),
        "previews": await queries.get_previews(addon.pk),
        "icon_upload": uploads.icon,
        "preview_uploads": uploads.previews,
        "images_pending": uploads.pending,
        "ImageState": ImageState,
    }


@require_safe
@addon_view
async def media(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """Show the icon and screenshots, with the forms that change them."""
    context = await media_context(access)
    return await render_dev(
        request,
        "devhub/media.html",
        {**context, "icon_form": ImageForm(), "preview_form": PreviewForm()},
    )


@require_POST
@addon_view
async def upload_icon(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        context = await media_context(access)
        return await render_dev(
            request,
            "devhub/media.html",
            {**context, "icon_form": form, "preview_form": PreviewForm()},
            status=400,
        )
    content, extension = form.cleaned_data["image"]
    await actions.upload_icon(access.addon.pk, access.user.pk, content, extension)
    messages.success(request, str(_("The icon was uploaded.")))
    return redirect(request, "devhub-media", access.addon.slug)


@require_POST
@addon_view
async def remove_icon(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    await actions.remove_icon(access.addon.pk, access.user.pk)
    return redirect(request, "devhub-media", access.addon.slug)


@require_POST
@addon_view
async def add_preview(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    form = PreviewForm(request.POST, request.FILES)
    if not form.is_valid():
        context = await media_context(access)
        return await render_dev(
            request,
            "devhub/media.html",
            {**context, "icon_form": ImageForm(), "preview_form": form},
            status=400,
        )
    content, extension = form.cleaned_data["image"]
    caption = form.cleaned_data["caption"]
    addon = access.addon
    await actions.add_preview(
        addon.pk,
        access.user.pk,
        content,
        extension,
        {addon.default_locale: caption} if caption else {},
    )
    messages.success(request, str(_("The screenshot was uploaded.")))
    return redirect(request, "devhub-media", addon.slug)


@require_POST
@addon_view
async def edit_previews(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """Save the captions and order of the screenshots.

    The caption edited here is the one in the add-on's default locale;
    the other locales of a caption are kept.
    """
    addon = access.addon
    changes: dict[int, tuple[dict[str, str], int]] = {}
    for preview in await queries.get_previews(addon.pk):
        caption = dict(preview.caption or {})
        text = request.POST.get(f"caption-{preview.pk}")
        if text is not None:
            text = text.strip()[:280]
            if text:
                caption[addon.default_locale] = text
            else:
                caption.pop(addon.default_locale, None)
        raw_position = request.POST.get(f"position-{preview.pk}", "")
        position = (
            int(raw_position)
            if raw_position.isascii() and raw_position.isdigit()
            else preview.position
        )
        changes[preview.pk] = (caption, min(position, 32767))
    if await actions.update_previews(addon.pk, access.user.pk, changes):
        messages.success(request, str(SAVED))
    return redirect(request, "devhub-media", addon.slug)


@require_POST
@addon_view
async def delete_preview(
    request: HttpRequest, access: AddonAccess, preview_id: int
) -> HttpResponse:
    try:
        await actions.delete_preview(access.addon.pk, access.user.pk, preview_id)
    except actions.DevhubError as error:
        messages.error(request, form_error_message(error))
    return redirect(request, "devhub-media", access.addon.slug)


@require_safe
@addon_view(as_json=True)
async def image_status(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """Report whether the icon and screenshots are still being resized."""
    addon = access.addon
    uploads = await queries.get_image_uploads(addon.pk)
    previews = await queries.get_previews(addon.pk)
    icon = uploads.icon
    failed = {
        preview_id: image.error
        for preview_id, image in uploads.previews.items()
        if image.state == ImageState.FAILED
    }
    return JsonResponse(
        {
            "pending": uploads.pending,
            "icon": {
                "pending": icon is not None and icon.state == ImageState.QUEUED,
                "url": addon_icon(addon, 128),
                "error": icon.error if icon is not None else "",
            },
            "previews": [
                {
                    "id": preview.pk,
                    "pending": not preview.thumbnail and preview.pk not in failed,
                    "thumbnail_url": preview.thumbnail.url if preview.thumbnail else "",
                    "error": failed.get(preview.pk, ""),
                }
                for preview in previews
            ],
        }
    )


# --- Authors --------------------------------------------------------------


async def authors_page(
    request: HttpRequest,
    access: AddonAccess,
    add_form: AddAuthorForm,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    return await render_dev(
        request,
        "devhub/authors.html",
        {
            **addon_context(access, "authors"),
            "authors": await queries.get_authors(access.addon.pk),
            "add_form": add_form,
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@addon_view(owner_only=True)
async def authors(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """List the authors; a POST saves their roles, visibility and order."""
    if request.method != "POST":
        return await authors_page(request, access, AddAuthorForm())
    changes = []
    for row in await queries.get_authors(access.addon.pk):
        role = request.POST.get(f"role-{row.pk}", "")
        position = request.POST.get(f"position-{row.pk}", "")
        if not role.isdecimal() or int(role) not in AuthorRole.values:
            continue
        changes.append(
            actions.AuthorChange(
                addonuser_id=row.pk,
                role=int(role),
                listed=request.POST.get(f"listed-{row.pk}") == "on",
                position=(
                    min(int(position), 32767)
                    if position.isascii() and position.isdigit()
                    else row.position
                ),
            )
        )
    try:
        if await actions.update_authors(access.addon.pk, access.user.pk, changes):
            messages.success(request, str(SAVED))
    except actions.DevhubError as error:
        return await authors_page(
            request,
            access,
            AddAuthorForm(),
            status=400,
            error=form_error_message(error),
        )
    return redirect(request, "devhub-authors", access.addon.slug)


@require_POST
@addon_view(owner_only=True)
async def add_author(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    form = AddAuthorForm(request.POST)
    if not form.is_valid():
        return await authors_page(request, access, form, status=400)
    user = await queries.get_user_by_email(form.cleaned_data["email"])
    if user is None:
        form.add_error(
            "email",
            _(
                "No account uses this email address. The new author must "
                "create an account first."
            ),
        )
        return await authors_page(request, access, form, status=400)
    try:
        await actions.add_author(
            access.addon.pk,
            access.user.pk,
            user.pk,
            role=form.cleaned_data["role"],
            listed=form.cleaned_data["listed"],
        )
    except actions.DevhubError as error:
        form.add_error("email", form_error_message(error))
        return await authors_page(request, access, form, status=400)
    messages.success(request, str(_("The author was added.")))
    return redirect(request, "devhub-authors", access.addon.slug)


@require_POST
@addon_view(owner_only=True)
async def remove_author(
    request: HttpRequest, access: AddonAccess, addonuser_id: int
) -> HttpResponse:
    rows = await queries.get_authors(access.addon.pk)
    removes_self = any(
        row.pk == addonuser_id and row.user_id == access.user.pk for row in rows
    )
    try:
        await actions.remove_author(access.addon.pk, access.user.pk, addonuser_id)
    except actions.DevhubError as error:
        return await authors_page(
            request,
            access,
            AddAuthorForm(),
            status=400,
            error=form_error_message(error),
        )
    messages.success(request, str(_("The author was removed.")))
    if removes_self:
        # The page is for authors only, which the user no longer is.
        return redirect(request, "devhub-addons")
    return redirect(request, "devhub-authors", access.addon.slug)


# --- Versions ---------------------------------------------------------------


@require_safe
@addon_view
async def versions(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """List every version of both channels, with its file's status."""
    return await render_dev(
        request,
        "devhub/versions.html",
        {
            **addon_context(access, "versions"),
            "versions": await queries.get_versions(access.addon.pk),
        },
    )


async def change_version(
    request: HttpRequest, access: AddonAccess, version_id: int, change: str
) -> HttpResponse:
    addon = access.addon
    version = await queries.get_version(addon.pk, version_id)
    if version is None:
        messages.error(request, str(_("This version does not exist.")))
        return redirect(request, "devhub-versions", addon.slug)
    try:
        if change == "delete":
            await actions.delete_version(addon.pk, version.pk, access.user.pk)
            done = _("Version %(version)s was deleted.")
        else:
            disable = change == "disable"
            await actions.set_version_disabled(
                addon.pk, version.pk, access.user.pk, disable
            )
            done = (
                _("Version %(version)s was disabled.")
                if disable
                else _("Version %(version)s was enabled.")
            )
    except SubmissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(done) % {"version": version.version})
    return redirect(request, "devhub-versions", addon.slug)


@require_POST
@addon_view
async def disable_version(
    request: HttpRequest, access: AddonAccess, version_id: int
) -> HttpResponse:
    return await change_version(request, access, version_id, "disable")


@require_POST
@addon_view
async def enable_version(
    request: HttpRequest, access: AddonAccess, version_id: int
) -> HttpResponse:
    return await change_version(request, access, version_id, "enable")


@require_POST
@addon_view
async def delete_version(
    request: HttpRequest, access: AddonAccess, version_id: int
) -> HttpResponse:
    return await change_version(request, access, version_id, "delete")


# --- The add-on's status --------------------------------------------------


@require_safe
@addon_view
async def status(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """Show the add-on's status, with the forms that hide or delete it."""
    return await render_dev(
        request,
        "devhub/status.html",
        {
            **addon_context(access, "status"),
            "delete_form": DeleteAddonForm(slug=access.addon.slug),
        },
    )


@require_POST
@addon_view
async def disable_addon(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    await actions.disable_addon(access.addon.pk, access.user.pk)
    messages.success(request, str(_("The add-on is now invisible.")))
    return redirect(request, "devhub-status", access.addon.slug)


@require_POST
@addon_view
async def enable_addon(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    await actions.enable_addon(access.addon.pk, access.user.pk)
    messages.success(request, str(_("The add-on is visible again.")))
    return redirect(request, "devhub-status", access.addon.slug)


@require_POST
@addon_view(owner_only=True)
async def delete_addon(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    form = DeleteAddonForm(request.POST, slug=access.addon.slug)
    if not form.is_valid():
        return await render_dev(
            request,
            "devhub/status.html",
            {**addon_context(access, "status"), "delete_form": form},
            status=400,
        )
    await actions.delete_addon(access.addon.pk, access.user.pk)
    messages.success(request, str(_("The add-on was deleted.")))
    return redirect(request, "devhub-addons")


# --- Activity -------------------------------------------------------------


@require_safe
@addon_view
async def activity(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """List every change to the add-on, newest first."""
    number = page_number(request)
    entries, total = await queries.get_activity_page(
        access.addon.pk,
        offset=(number - 1) * ACTIVITY_PAGE_SIZE,
        limit=ACTIVITY_PAGE_SIZE,
    )
    page = Page(entries, number, total, per_page=ACTIVITY_PAGE_SIZE)
    check_in_range(page)
    return await render_dev(
        request,
        "devhub/activity.html",
        {**addon_context(access, "activity"), "page": page},
    )
