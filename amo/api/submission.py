"""The submission API of v5: uploads, new add-ons and versions, as
`web-ext sign` and scripts use them.

Every route needs a user (amo.api.auth: a JWT or the session) who has
accepted the developer agreement. Writes are rate limited per user
(amo.api.throttle). The state changes are the actions of
amo.versions.actions, run in the write thread. Their SubmissionError is
sent as it is: a 400 maps each field to its messages, and other statuses
carry `{"detail": ...}`.

Routes whose path the read API already serves (an add-on, its versions,
one version) are added to amo.api.addons' router, because django-ninja
sends each path to the router that declared it first.
"""

import asyncio
import uuid
from typing import Any

import orjson
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Query, Router

from amo.addons.models import Addon
from amo.api import addons, queries, schemas
from amo.api.auth import ApiAuth
from amo.api.context import ApiContext
from amo.api.fields import absolute
from amo.api.pagination import check_page, count_pages, envelope
from amo.api.params import PageParams, make_context
from amo.api.responses import ApiError, NotFound, json_response
from amo.api.serializers.addons import serialize_addon
from amo.api.serializers.versions import serialize_author_version
from amo.api.throttle import check_rate
from amo.core import db, urls
from amo.core.constants import CHANNEL_API_NAMES, AddonStatus, Channel
from amo.core.db import use_primary
from amo.files.actions import UploadError, store_upload
from amo.files.models import FileUpload, UploadState
from amo.users.models import User
from amo.versions import actions
from amo.versions.errors import SubmissionError
from amo.versions.models import Version

router = Router(tags=["submission"])

AUTH = ApiAuth()
UPLOAD_EXTENSIONS = (".crx", ".xpi", ".zip")
SOURCE_EXTENSIONS = (".zip", ".tar.gz", ".tgz", ".tar.bz2")
CHANNELS = {name: channel for channel, name in CHANNEL_API_NAMES.items()}

AUTH_ERRORS = {
    401: schemas.AuthDetail,
    403: schemas.Detail,
    429: schemas.Detail,
}
WRITE_ERRORS = {400: schemas.SubmissionErrors, 404: schemas.Detail, **AUTH_ERRORS}
NOT_PERMITTED = "You do not have permission to perform this action."


class Forbidden(ApiError):
    status = 403

    def __init__(self, detail: str = NOT_PERMITTED) -> None:
        super().__init__({"detail": detail})


class FieldError(ApiError):
    """400 of one field, nested under `parent` when it is given."""

    def __init__(self, field: str, message: str, *, parent: str | None = None):
        body: dict[str, Any] = {field: [message]}
        super().__init__({parent: body} if parent else body)


def error_response(error: SubmissionError) -> HttpResponse:
    """Send a SubmissionError: the field errors for a 400, else a detail."""
    if error.status == 400:
        return json_response(error.errors, status=400)
    return json_response({"detail": str(error)}, status=error.status)


# --- Request helpers ---------------------------------------------------------


def submitting_user(request: HttpRequest) -> User:
    """Return the authenticated user; raise 403 without the agreement.

    A JWT already requires the agreement; a session user may lack it.
    """
    user: User = request.auth  # type: ignore[attr-defined]
    if user.read_dev_agreement is None:
        raise Forbidden(
            _(
                "You must accept the developer agreement before submitting "
                "add-ons: accept it on the developer hub, then try again."
            )
        )
    return user


def json_body(request: HttpRequest) -> dict[str, Any]:
    """Return the request's JSON object; raise a 400 naming the problem."""
    if is_multipart(request):
        raise ApiError(
            {
                "detail": _(
                    "This endpoint takes a JSON body, not multipart/form-data. "
                    "Upload the package with POST /api/v5/addons/upload/, then "
                    'send {"version": {"upload": "<uuid>"}} with Content-Type: '
                    "application/json."
                )
            }
        )
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError as error:
        raise ApiError(
            {"detail": _("JSON parse error - %(error)s") % {"error": error}}
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            {
                "non_field_errors": [
                    _('Send a JSON object, such as {"version": {"upload": ...}}.')
                ]
            }
        )
    return body


def is_multipart(request: HttpRequest) -> bool:
    return (request.content_type or "").startswith("multipart/form-data")


def _load_multipart(request: HttpRequest) -> tuple[QueryDict, MultiValueDict]:
    # Django parses a body into POST and FILES only for POST; other
    # methods pass as POST while it parses.
    method = request.method
    request.method = "POST"
    try:
        return request.POST, request.FILES
    finally:
        request.method = method


async def multipart_body(request: HttpRequest) -> tuple[QueryDict, MultiValueDict]:
    """Parse a multipart body in a thread: it writes large files to disk."""
    return await asyncio.to_thread(_load_multipart, request)


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def parse_uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


async def find_upload(value: Any, *, parent: str | None) -> FileUpload:
    """Return the upload that `value` names by uuid; raise a 400 on the
    "upload" field (under `parent`) when there is none."""
    if value in (None, ""):
        raise FieldError("upload", _("This field is required."), parent=parent)
    upload_uuid = parse_uuid(value)
    upload = None
    if upload_uuid is not None:
        with use_primary():
            upload = await db.fetch_one(FileUpload.objects.filter(uuid=upload_uuid))
    if upload is None:
        raise FieldError(
            "upload",
            _(
                "Upload %(uuid)r was not found: send the uuid that POST "
                "/addons/upload/ returned."
            )
            % {"uuid": str(value)[:64]},
            parent=parent,
        )
    return upload


async def find_addon(key: str) -> Addon:
    """Return the add-on `key` names (id, slug or guid), not deleted."""
    with use_primary():
        addon = await queries.get_addon(key)
    if addon is None or addon.status == AddonStatus.DELETED:
        raise NotFound
    return addon


async def check_author(user: User, addon: Addon) -> None:
    with use_primary():
        role = await queries.get_author_role(user.pk, addon.pk)
    if role is None:
        raise Forbidden


async def find_version(addon: Addon, key: str) -> Version:
    with use_primary():
        version = await queries.get_author_version(addon, key)
    if version is None:
        raise NotFound
    return version


# --- Responses ---------------------------------------------------------------


def serialize_upload(upload: FileUpload) -> dict[str, Any]:
    path = urls.cached_reverse(
        "api-v5:upload-detail",
        urlconf=settings.ROOT_URLCONF,
        kwargs={"upload_uuid": upload.uuid.hex},
    )
    processed = upload.is_processed
    validation = upload.validation
    if upload.state == UploadState.FAILED and not validation:
        validation = failed_validation(upload.error)
    return {
        "uuid": upload.uuid.hex,
        "channel": CHANNEL_API_NAMES[Channel(upload.channel)],
        "processed": processed,
        "submitted": upload.is_submitted,
        "url": absolute(path),
        "valid": processed and upload.valid,
        "validation": validation if processed else None,
        "version": upload.version or None,
    }


def failed_validation(error: str) -> dict[str, Any]:
    """Return a validation result for an upload that could not be validated."""
    message = error or _("Validation failed: upload the package again.")
    return {
        "errors": 1,
        "warnings": 0,
        "notices": 0,
        "success": False,
        "compatibility_summary": {"errors": 0, "warnings": 0, "notices": 0},
        "metadata": {},
        "messages": [
            {
                "id": ["validation", "failed"],
                "type": "error",
                "message": message,
                "description": [],
            }
        ],
        "message_tree": {},
        "ending_tier": 0,
    }


async def version_payload(
    addon: Addon, version_id: int, context: ApiContext
) -> dict[str, Any]:
    version = await find_version(addon, str(version_id))
    return serialize_author_version(version, addon, context)


async def addon_payload(addon_id: int, context: ApiContext) -> dict[str, Any]:
    """Return the add-on object as its authors see it, read from the
    primary, which has the write that just happened."""
    with use_primary():
        addon = await queries.get_addon(str(addon_id))
        if addon is None:
            raise NotFound
        await queries.load_relations([addon])
        data = serialize_addon(addon, context)
        unlisted = await db.fetch_one(
            queries.author_versions(addon).filter(channel=Channel.UNLISTED)
        )
        if unlisted is not None:
            await queries.load_compatibility([unlisted])
            data["latest_unlisted_version"] = serialize_author_version(
                unlisted, addon, context
            )
    return data


async def submission_payload(
    addon_id: int, version_id: int, context: ApiContext
) -> dict[str, Any]:
    """Return the add-on object plus the version a submission created."""
    data = await addon_payload(addon_id, context)
    with use_primary():
        version = await db.fetch_one(
            Version.objects.filter(pk=version_id).select_related(
                "license", "file", "addon"
            )
        )
    if version is None:
        raise NotFound
    await queries.load_compatibility([version])
    data["version"] = serialize_author_version(version, version.addon, context)
    return data


async def new_addon_payload(addon: Addon, context: ApiContext) -> dict[str, Any]:
    """Return the payload of a new add-on: the object plus its one version."""
    with use_primary():
        version_ids = await db.fetch_values(
            Version.objects.filter(addon=addon.pk).values_list("pk", flat=True)[:1]
        )
    return await submission_payload(addon.pk, version_ids[0], context)


# --- Uploads -----------------------------------------------------------------


@router.post(
    "/addons/upload/",
    auth=AUTH,
    response={201: schemas.Upload, 400: schemas.ValidationErrors, **AUTH_ERRORS},
    summary="Upload a package",
    description="Multipart with `upload` (a .xpi, .zip or .crx file) and "
    "`channel` (listed or unlisted). The package is validated in the "
    "background: poll the upload until `processed` is true.",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["upload", "channel"],
                        "properties": {
                            "upload": {"type": "string", "format": "binary"},
                            "channel": {"enum": ["listed", "unlisted"]},
                        },
                    }
                }
            },
            "required": True,
        }
    },
)
async def upload_create(request: HttpRequest) -> HttpResponse:
    user = submitting_user(request)
    await check_rate("upload", user.pk)
    if not is_multipart(request):
        raise FieldError(
            "upload",
            _("Send the package as multipart/form-data, in the field upload."),
        )
    form, files = await multipart_body(request)
    uploaded: UploadedFile | None = files.get("upload")
    if uploaded is None:
        raise FieldError(
            "upload",
            _("No file was submitted: send the package in the field upload."),
        )
    if not (uploaded.name or "").lower().endswith(UPLOAD_EXTENSIONS):
        raise FieldError(
            "upload",
            _(
                "Unsupported file type, please upload a supported file "
                "(%(extensions)s); %(name)r is not one."
            )
            % {"extensions": ", ".join(UPLOAD_EXTENSIONS), "name": uploaded.name},
        )
    channel_name = form.get("channel", "")
    if channel_name not in CHANNELS:
        raise FieldError(
            "channel",
            _('"%(value)s" is not a valid choice: send listed or unlisted.')
            % {"value": channel_name[:40]},
        )
    try:
        upload = await store_upload(
            user,
            uploaded,
            channel=CHANNELS[channel_name],
            ip_address=client_ip(request),
        )
    except UploadError as error:
        raise FieldError("upload", str(error)) from None
    with use_primary():
        upload = await db.fetch_one(FileUpload.objects.filter(pk=upload.pk)) or upload
    return json_response(serialize_upload(upload), status=201)


@router.get(
    "/addons/upload/",
    auth=AUTH,
    response={200: schemas.UploadPage, 400: schemas.ValidationErrors, **AUTH_ERRORS},
    summary="Your uploads",
    description="The caller's uploads, newest first.",
)
async def upload_list(request: HttpRequest, params: Query[PageParams]) -> HttpResponse:
    user: User = request.auth  # type: ignore[attr-defined]
    page_size = params.effective_page_size
    offset = (params.page - 1) * page_size
    uploads = FileUpload.objects.filter(user=user.pk).order_by("-created", "-id")
    with use_primary():
        rows, total = await asyncio.gather(
            db.fetch(uploads[offset : offset + page_size]), db.count(uploads)
        )
    pages = count_pages(total, page_size)
    check_page(params.page, pages)
    return json_response(
        envelope(
            request,
            [serialize_upload(upload) for upload in rows],
            count=total,
            page=params.page,
            page_size=page_size,
            page_count=pages,
        )
    )


@router.get(
    "/addons/upload/{upload_uuid}/",
    auth=AUTH,
    url_name="upload-detail",
    response={200: schemas.Upload, 404: schemas.Detail, **AUTH_ERRORS},
    summary="One upload",
    description="An upload of the caller, by uuid. Others' uploads are 404.",
)
async def upload_detail(request: HttpRequest, upload_uuid: str) -> HttpResponse:
    user: User = request.auth  # type: ignore[attr-defined]
    parsed = parse_uuid(upload_uuid)
    if parsed is None:
        raise NotFound
    # Polled right after the upload: a replica might not have it yet.
    with use_primary():
        upload = await db.fetch_one(
            FileUpload.objects.filter(uuid=parsed, user=user.pk)
        )
    if upload is None:
        raise NotFound
    return json_response(serialize_upload(upload))


# --- Add-ons -----------------------------------------------------------------

# The JSON of a new version: alone when a version is created, and under
# "version" when an add-on is.
VERSION_SCHEMA = {
    "type": "object",
    "required": ["upload"],
    "properties": {
        "upload": {"type": "string"},
        "license": {"type": "string"},
        "custom_license": {"type": "object"},
        "compatibility": {},
        "release_notes": {"type": "object"},
        "approval_notes": {"type": "string"},
    },
}

ADDON_BODY = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["version"],
                    "properties": {
                        "version": VERSION_SCHEMA,
                        "name": {"type": "object"},
                        "summary": {"type": "object"},
                        "description": {"type": "object"},
                        "categories": {"type": "array", "items": {"type": "string"}},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "slug": {"type": "string"},
                        "default_locale": {"type": "string"},
                        "homepage": {},
                    },
                }
            }
        },
        "required": True,
    }
}


def split_addon_body(body: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Return the add-on data (its "version" without "upload") and the
    upload's uuid."""
    version = body.get("version")
    if not isinstance(version, dict):
        raise FieldError(
            "version",
            _(
                "Send the version as an object with the upload's uuid: "
                '{"version": {"upload": "..."}}.'
            ),
        )
    data = dict(body)
    data["version"] = {k: v for k, v in version.items() if k != "upload"}
    return data, version.get("upload")


@router.post(
    "/addons/addon/",
    auth=AUTH,
    response={201: schemas.AddonSubmission, **WRITE_ERRORS},
    summary="Create an add-on",
    description="A new add-on from a validated upload, with the version "
    "object under `version`. Without an ID in the manifest (Manifest V2 "
    "only) the add-on gets a generated `{uuid}` guid. Listed add-ons need "
    "name, summary, categories and version.license.",
    openapi_extra=ADDON_BODY,
)
async def addon_create(request: HttpRequest) -> HttpResponse:
    user = submitting_user(request)
    await check_rate("submission", user.pk)
    data, upload_value = split_addon_body(json_body(request))
    upload = await find_upload(upload_value, parent="version")
    addon = await actions.acreate_addon_from_upload(upload, user, data)
    payload = await new_addon_payload(addon, make_context(5))
    return json_response(payload, status=201)


@addons.router.put(
    "/addons/addon/{key}/",
    auth=AUTH,
    response={
        200: schemas.AddonSubmission,
        201: schemas.AddonSubmission,
        **WRITE_ERRORS,
    },
    summary="Create or update an add-on by guid",
    description="With an add-on of this guid, its authors add a version from "
    "the upload and apply the other fields (200); without one, a new add-on "
    "is created as by POST /addons/addon/ (201). The guid (percent-encoded "
    "in the URL) must equal the ID in the upload's manifest.",
    openapi_extra=ADDON_BODY,
)
async def addon_put(request: HttpRequest, key: str) -> HttpResponse:
    user = submitting_user(request)
    await check_rate("submission", user.pk)
    guid = key
    with use_primary():
        addon = await db.fetch_one(Addon.objects.filter(guid_key=guid.lower()))
    if addon is not None:
        await check_author(user, addon)
    data, upload_value = split_addon_body(json_body(request))
    upload = await find_upload(upload_value, parent="version")
    manifest_guid = (upload.manifest or {}).get("guid") or ""
    if manifest_guid.lower() != guid.lower():
        raise FieldError(
            "guid",
            _(
                "The add-on ID in the URL (%(url)s) does not match the ID in "
                "manifest.json (%(manifest)s): set "
                "browser_specific_settings.gecko.id to the same ID."
            )
            % {"url": guid, "manifest": manifest_guid or _("none")},
        )
    context = make_context(5)
    if addon is None:
        created = await actions.acreate_addon_from_upload(upload, user, data)
        payload = await new_addon_payload(created, context)
        return json_response(payload, status=201)

    version_data = data.pop("version")
    version = await actions.asubmit_version(addon, upload, user, data, version_data)
    payload = await submission_payload(addon.pk, version.pk, context)
    return json_response(payload, status=200)


# --- Versions ----------------------------------------------------------------

VERSION_BODY = {
    "requestBody": {
        "content": {
            "application/json": {"schema": VERSION_SCHEMA},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["upload"],
                    "properties": {
                        "upload": {"type": "string"},
                        "license": {"type": "string"},
                        "source": {"type": "string", "format": "binary"},
                    },
                }
            },
        },
        "required": True,
    }
}


async def version_body(
    request: HttpRequest,
) -> tuple[dict[str, Any], UploadedFile | None]:
    """Return a version body from JSON or multipart, and its source file."""
    if not is_multipart(request):
        return json_body(request), None
    form, files = await multipart_body(request)
    data: dict[str, Any] = {
        name: form.get(name) for name in ("upload", "license", "approval_notes")
    }
    data = {name: value for name, value in data.items() if value is not None}
    is_disabled = form.get("is_disabled")
    if isinstance(is_disabled, str):
        data["is_disabled"] = is_disabled.lower() in ("true", "1")
    return data, files.get("source")


def check_source(source: UploadedFile) -> None:
    name = (source.name or "").lower()
    if not name.endswith(SOURCE_EXTENSIONS):
        raise FieldError(
            "source",
            _(
                "Unsupported file type, please upload an archive file "
                "(%(extensions)s); %(name)r is not one."
            )
            % {"extensions": ", ".join(SOURCE_EXTENSIONS), "name": source.name},
        )
    if source.size is not None and source.size > settings.MAX_SOURCE_SIZE:
        raise FieldError(
            "source",
            _(
                "The source archive is larger than %(limit)d MB: leave out "
                "dependencies and build output, then upload it again."
            )
            % {"limit": settings.MAX_SOURCE_SIZE // (1024 * 1024)},
        )


@addons.router.post(
    "/addons/addon/{key}/versions/",
    auth=AUTH,
    response={201: schemas.Version, **WRITE_ERRORS},
    summary="Create a version",
    description="A version of the add-on from a validated upload; JSON, or "
    "multipart with `upload`, `license` and a `source` archive.",
    openapi_extra=VERSION_BODY,
)
async def version_create(request: HttpRequest, key: str) -> HttpResponse:
    user = submitting_user(request)
    await check_rate("submission", user.pk)
    addon = await find_addon(key)
    await check_author(user, addon)
    data, source = await version_body(request)
    if source is not None:
        check_source(source)
    upload = await find_upload(data.pop("upload", None), parent=None)
    version = await actions.acreate_version_from_upload(addon, upload, user, data)
    if source is not None:
        await actions.aset_version_source(version, user, source)
    payload = await version_payload(addon, version.pk, make_context(5))
    return json_response(payload, status=201)


@addons.router.patch(
    "/addons/addon/{key}/versions/{version}/",
    auth=AUTH,
    response={200: schemas.Version, **WRITE_ERRORS},
    summary="Edit a version",
    description="JSON with release_notes, approval_notes, license or "
    "custom_license, compatibility and is_disabled; or multipart with a "
    "`source` archive (.zip, .tar.gz, .tgz or .tar.bz2).",
)
async def version_edit(request: HttpRequest, key: str, version: str) -> HttpResponse:
    user = submitting_user(request)
    await check_rate("submission", user.pk)
    addon = await find_addon(key)
    await check_author(user, addon)
    found = await find_version(addon, version)
    data, source = await version_body(request)
    data.pop("upload", None)
    if source is not None:
        check_source(source)
    if data:
        await actions.aedit_version(found, user, data)
    if source is not None:
        await actions.aset_version_source(found, user, source)
    return json_response(await version_payload(addon, found.pk, make_context(5)))


@addons.router.delete(
    "/addons/addon/{key}/versions/{version}/",
    auth=AUTH,
    response={204: None, **WRITE_ERRORS},
    summary="Delete a version",
    description="For good: its version string cannot be used again.",
)
async def version_delete(request: HttpRequest, key: str, version: str) -> HttpResponse:
    user = submitting_user(request)
    await check_rate("submission", user.pk)
    addon = await find_addon(key)
    await check_author(user, addon)
    found = await find_version(addon, version)
    await actions.adelete_version(found, user)
    return HttpResponse(status=204)
