"""Submission pages: upload a package, follow its validation, describe the
add-on or the version, and create it.

The upload page posts the package to `upload`, which stores it with
amo.files.actions.store_upload and returns the upload's uuid as JSON. The
page's script then polls `upload_status` every second and shows the
validation results without a reload. Without the script, the form posts
the same way, and the page shows the status and refreshes itself.
"""

import uuid
from typing import Any

import structlog
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from amo.addons.models import Addon
from amo.core import i18n
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.core.templates import render
from amo.devhub import actions, queries, validation
from amo.devhub.decorators import AddonAccess, addon_view, dev_view, error_page
from amo.devhub.forms import ListingForm, VersionForm, default_license
from amo.devhub.views import (
    addon_context,
    category_choices,
    file_status,
    redirect,
    render_dev,
    requested_locales,
    site_url,
)
from amo.files.actions import UploadTooLarge, store_upload
from amo.files.models import FileUpload, UploadState
from amo.users.models import User
from amo.users.permissions import aauthor_role
from amo.versions.errors import SubmissionError

log = structlog.get_logger(__name__)

CHANNELS = {"listed": Channel.LISTED, "unlisted": Channel.UNLISTED}
CHANNEL_SLUGS = {channel: slug for slug, channel in CHANNELS.items()}
UPLOAD_NOT_FOUND = _("This upload does not exist, or another account sent it.")


class UploadForm(forms.Form):
    upload = forms.FileField(label=_("Package (.xpi or .zip)"))
    channel = forms.ChoiceField(choices=[(slug, slug) for slug in CHANNELS])


def agreement_redirect(request: HttpRequest) -> HttpResponse:
    """Send a user who has not accepted the agreement to accept it first."""
    return HttpResponseRedirect(
        site_url(request, "devhub-agreement", next=request.get_full_path())
    )


def details_url(request: HttpRequest, upload: FileUpload, addon_slug: str) -> str:
    if addon_slug:
        return site_url(request, "devhub-version-details", addon_slug, upload.uuid)
    return site_url(request, "devhub-submit-details", upload.uuid)


async def upload_status_data(
    request: HttpRequest, upload: FileUpload, addon_slug: str = ""
) -> dict[str, Any]:
    """Return the status of an upload as the page's script reads it.

    `html` is the status block, rendered as the page renders it.
    """
    summary = validation.summarize(upload.validation)
    valid = upload.valid and upload.state == UploadState.PROCESSED
    next_url = (
        details_url(request, upload, addon_slug)
        if valid and not upload.is_submitted
        else ""
    )
    data: dict[str, Any] = {
        "uuid": upload.uuid.hex,
        "state": validation.state_name(upload),
        "progress": validation.progress(upload),
        "pending": upload.state == UploadState.STORED,
        "processed": upload.is_processed,
        "valid": valid,
        "submitted": upload.is_submitted,
        "error": upload.error,
        "name": upload.name,
        "guid": upload.guid,
        "version": upload.version,
        "next_url": next_url,
        "status_url": site_url(request, "devhub-upload-status", upload.uuid),
        **summary.as_json(),
    }
    fragment = await render(
        request,
        "devhub/includes/upload_status.html",
        {"upload": upload, "status": data, "summary": summary},
    )
    data["html"] = fragment.content.decode()
    return data


# --- A new add-on ---------------------------------------------------------


@require_safe
@dev_view
async def submit(request: HttpRequest, user: User) -> HttpResponse:
    """Let the author choose where the new add-on is distributed."""
    if user.read_dev_agreement is None:
        return agreement_redirect(request)
    return await render_dev(request, "devhub/submit.html", {})


async def upload_page(
    request: HttpRequest,
    user: User,
    channel: Channel,
    *,
    addon: Addon | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render the upload page; with ?upload=<uuid>, that upload's status."""
    upload = None
    status = None
    raw = request.GET.get("upload", "")
    if raw:
        try:
            upload = await queries.get_upload(uuid.UUID(raw), user.pk)
        except ValueError:
            upload = None
    if upload is not None:
        status = await upload_status_data(request, upload, addon.slug if addon else "")
    return await render_dev(
        request,
        "devhub/upload.html",
        {
            **(context or {}),
            "channel": CHANNEL_SLUGS[channel],
            "target_addon": addon,
            "upload": upload,
            "status": status,
        },
    )


@require_safe
@dev_view
async def submit_upload(request: HttpRequest, user: User, channel: str) -> HttpResponse:
    if user.read_dev_agreement is None:
        return agreement_redirect(request)
    return await upload_page(request, user, CHANNELS[channel])


@require_POST
@dev_view(as_json=True)
async def upload(request: HttpRequest, user: User) -> HttpResponse:
    """Store an uploaded package and queue its validation.

    Returns the upload's status as JSON (201) to the page's script, and
    redirects to the upload page with ?upload=<uuid> otherwise.
    """
    if user.read_dev_agreement is None:
        return JsonResponse(
            {"detail": str(_("Accept the distribution agreement first."))},
            status=403,
        )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(
            {
                "detail": str(_("Choose a package to upload.")),
                "errors": form.errors.get_json_data(),
            },
            status=400,
        )
    addon = None
    slug = request.POST.get("addon", "")
    if slug:
        addon = await queries.get_dev_addon(slug)
        if addon is None or await aauthor_role(user, addon.pk) is None:
            return await error_page(
                request,
                403,
                _("Only the authors of this add-on can upload its versions."),
                as_json=True,
            )
    channel = CHANNELS[form.cleaned_data["channel"]]
    try:
        file_upload = await store_upload(
            user,
            form.cleaned_data["upload"],
            channel=channel,
            addon=addon,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except UploadTooLarge as error:
        return JsonResponse({"detail": str(error)}, status=413)

    if "application/json" in request.headers.get("Accept", ""):
        data = await upload_status_data(request, file_upload, slug)
        return JsonResponse(data, status=201)
    if addon is not None:
        target = site_url(
            request, "devhub-version-upload", addon.slug, upload=file_upload.uuid.hex
        )
    else:
        target = site_url(
            request,
            "devhub-submit-upload",
            CHANNEL_SLUGS[channel],
            upload=file_upload.uuid.hex,
        )
    return HttpResponseRedirect(target, status=303)


@require_safe
@dev_view(as_json=True)
async def upload_status(
    request: HttpRequest, user: User, upload_uuid: uuid.UUID
) -> HttpResponse:
    """Return the validation status of one of the user's uploads."""
    upload = await queries.get_upload(upload_uuid, user.pk)
    if upload is None:
        return JsonResponse({"detail": str(UPLOAD_NOT_FOUND)}, status=404)
    slug = ""
    if upload.addon_id is not None:
        addon = await queries.get_dev_addon_by_id(upload.addon_id)
        slug = addon.slug if addon is not None else ""
    return JsonResponse(await upload_status_data(request, upload, slug))


def manifest_values(manifest: dict[str, Any], locale: str) -> dict[str, dict[str, str]]:
    """Return the listing texts that the package's manifest gives."""
    names = {
        code: text
        for code, text in (manifest.get("names") or {}).items()
        if isinstance(text, str) and text
    }
    name = manifest.get("name")
    if not names and isinstance(name, str) and name and not name.startswith("__MSG_"):
        names = {locale: name}
    summaries = {
        code: text
        for code, text in (manifest.get("summary") or {}).items()
        if isinstance(text, str) and text
    }
    values: dict[str, dict[str, str]] = {"name": names, "summary": summaries}
    homepage = manifest.get("homepage")
    if isinstance(homepage, str) and homepage.startswith(("http://", "https://")):
        values["homepage"] = {locale: homepage}
    return values


def manifest_locale(manifest: dict[str, Any]) -> str:
    raw = manifest.get("default_locale")
    locale = i18n.match_locale(raw) if isinstance(raw, str) and raw else None
    return locale if locale in settings.AMO_LANGUAGES else settings.LANGUAGE_CODE


# Labels of the fields that submission checks, for errors about a field
# that the form on the page does not have.
SUBMISSION_FIELD_LABELS = {
    "name": _("Name"),
    "summary": _("Summary"),
    "categories": _("Categories"),
    "license": _("Licence"),
    "custom_license": _("Licence"),
    "upload": _("Package"),
}


def add_submission_errors(form: forms.Form, errors: dict[str, Any]) -> None:
    """Show the errors of a SubmissionError next to the form's fields.

    An error about a field that the form lacks is shown above the form,
    with the field's name.
    """
    for field, value in errors.items():
        if isinstance(value, dict):
            add_submission_errors(form, value)
            continue
        texts = value if isinstance(value, list) else [value]
        translated = f"{field}__{getattr(form, 'main_locale', '')}"
        if field in form.fields:
            target: str | None = field
        elif translated in form.fields:
            target = translated
        else:
            target = None
        label = SUBMISSION_FIELD_LABELS.get(field)
        for text in texts:
            if target is None and label is not None:
                text = f"{label}: {text}"
            form.add_error(target, str(text))


@require_http_methods(["GET", "HEAD", "POST"])
@dev_view
async def submit_details(
    request: HttpRequest, user: User, upload_uuid: uuid.UUID
) -> HttpResponse:
    """Describe the new add-on, then create it from the upload."""
    if user.read_dev_agreement is None:
        return agreement_redirect(request)
    upload = await queries.get_upload(upload_uuid, user.pk)
    if upload is None:
        return await error_page(request, 404, UPLOAD_NOT_FOUND)
    channel_slug = CHANNEL_SLUGS[Channel(upload.channel)]
    if not (upload.valid and upload.state == UploadState.PROCESSED):
        return redirect(
            request, "devhub-submit-upload", channel_slug, upload=upload.uuid.hex
        )
    if upload.is_submitted:
        messages.info(request, str(_("This upload was submitted already.")))
        return redirect(request, "devhub-addons")
    if upload.addon_id is not None:
        # A package uploaded for an add-on becomes one of its versions.
        addon = await queries.get_dev_addon_by_id(upload.addon_id)
        if addon is None:
            return await error_page(request, 404, UPLOAD_NOT_FOUND)
        return redirect(request, "devhub-version-details", addon.slug, upload.uuid)

    manifest = upload.manifest or {}
    addon_type = int(manifest.get("type") or 1)
    locale = manifest_locale(manifest)
    categories = await queries.get_type_categories(addon_type)
    adding_locale = request.POST.get("action") == "add-locale"
    data = request.POST if request.method == "POST" else None
    form = ListingForm(
        data,
        addon_type=addon_type,
        categories=category_choices(request, categories),
        listed=upload.channel == Channel.LISTED,
        values=manifest_values(manifest, locale),
        default_locale=locale,
        extra_locales=requested_locales(request),
        initial={
            "license": default_license(addon_type)
            if upload.channel == Channel.LISTED
            else ""
        },
    )
    if data is not None and not adding_locale and form.is_valid():
        try:
            addon = await actions.submit_addon(upload.pk, user.pk, form.listing_data())
        except SubmissionError as error:
            add_submission_errors(form, error.errors)
        else:
            return redirect(request, "devhub-submit-finish", addon.slug)
    status = 400 if data is not None and not adding_locale else 200
    return await render_dev(
        request,
        "devhub/submit_details.html",
        {"form": form, "upload": upload, "channel": channel_slug},
        status=status,
    )


@require_safe
@addon_view
async def submit_finish(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """Say whether the new add-on awaits review or is approved."""
    versions = await queries.get_versions(access.addon.pk)
    version = versions[0] if versions else None
    status = file_status(version) if version is not None else None
    return await render_dev(
        request,
        "devhub/submit_finish.html",
        {
            **addon_context(access, "finish"),
            "version": version,
            "approved": status == FileStatus.PUBLIC,
            "awaiting_review": status == FileStatus.UNREVIEWED
            or access.addon.status == AddonStatus.NOMINATED,
        },
    )


# --- A new version --------------------------------------------------------


@require_safe
@addon_view
async def version_upload(request: HttpRequest, access: AddonAccess) -> HttpResponse:
    """The upload page for a new version of an add-on."""
    if access.user.read_dev_agreement is None:
        return agreement_redirect(request)
    versions = await queries.get_versions(access.addon.pk)
    raw = request.GET.get("channel", "")
    if raw in CHANNELS:
        channel = CHANNELS[raw]
    else:
        channel = Channel(versions[0].channel) if versions else Channel.LISTED
    return await upload_page(
        request,
        access.user,
        channel,
        addon=access.addon,
        context=addon_context(access, "versions"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@addon_view
async def version_details(
    request: HttpRequest, access: AddonAccess, upload_uuid: uuid.UUID
) -> HttpResponse:
    """Release notes and licence of a new version, then create it."""
    addon = access.addon
    upload = await queries.get_upload(upload_uuid, access.user.pk)
    if upload is None or upload.addon_id not in (None, addon.pk):
        return await error_page(request, 404, UPLOAD_NOT_FOUND)
    if not (upload.valid and upload.state == UploadState.PROCESSED):
        return redirect(
            request, "devhub-version-upload", addon.slug, upload=upload.uuid.hex
        )
    if upload.is_submitted:
        messages.info(request, str(_("This upload was submitted already.")))
        return redirect(request, "devhub-versions", addon.slug)

    latest = await queries.get_latest_version(addon.pk)
    license_row = latest.license if latest is not None else None
    values: dict[str, dict[str, str]] = {}
    license_initial = default_license(addon.type)
    if license_row is not None:
        if license_row.slug:
            license_initial = license_row.slug
        else:
            license_initial = "other"
            values = {
                "license_name": dict(license_row.name or {}),
                "license_text": dict(license_row.text or {}),
            }
    adding_locale = request.POST.get("action") == "add-locale"
    data = request.POST if request.method == "POST" else None
    form = VersionForm(
        data,
        addon_type=addon.type,
        default_locale=addon.default_locale,
        license_initial=license_initial,
        listed=upload.channel == Channel.LISTED,
        values=values,
        extra_locales=requested_locales(request),
    )
    if data is not None and not adding_locale and form.is_valid():
        try:
            version = await actions.submit_version(
                addon.pk,
                upload.pk,
                access.user.pk,
                release_notes=form.release_notes,
                license=form.license_choice,
            )
        except SubmissionError as error:
            add_submission_errors(form, error.errors)
        else:
            return redirect(request, "devhub-version-finish", addon.slug, version.pk)
    status = 400 if data is not None and not adding_locale else 200
    return await render_dev(
        request,
        "devhub/version_details.html",
        {**addon_context(access, "versions"), "form": form, "upload": upload},
        status=status,
    )


@require_safe
@addon_view
async def version_finish(
    request: HttpRequest, access: AddonAccess, version_id: int
) -> HttpResponse:
    """Say whether the new version awaits review or is approved."""
    version = await queries.get_version(access.addon.pk, version_id)
    if version is None:
        return await error_page(request, 404, _("This version does not exist."))
    status = file_status(version)
    return await render_dev(
        request,
        "devhub/submit_finish.html",
        {
            **addon_context(access, "versions"),
            "version": version,
            "approved": status == FileStatus.PUBLIC,
            "awaiting_review": status == FileStatus.UNREVIEWED,
            "new_version": True,
        },
    )
