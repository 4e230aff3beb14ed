"""The download of add-on packages and source archives, under
/<app>/downloads/.

Anyone downloads the approved packages of public listed versions. The
other packages (unlisted, awaiting review, disabled) and the source
archives are served only to the add-on's authors and to reviewers, who
authenticate as on the API: `Authorization: JWT <token>`, as web-ext
sends it for the signed file, or the site's session. Everyone else gets
a 404, as if the file did not exist.

Each public package sent counts one download of its add-on for the
statistics (amo.stats.counters), with the link's `src` parameter. These
are not counted: redirects (a wrong file name, /downloads/latest/, which
keep the query string so the package's own URL counts it once), 304 Not
Modified responses, HEAD requests, 404s, and the private downloads of
authors and reviewers.
"""

import asyncio
from typing import IO

import structlog
from django.conf import settings
from django.core.files.storage import Storage
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.http import content_disposition_header, parse_etags
from django.views.decorators.http import require_safe

from amo.api.auth import AuthenticationFailed, authenticate_request
from amo.api.queries import can_see_all_versions
from amo.core import db
from amo.core.constants import APPS
from amo.files import queries
from amo.files.models import File
from amo.stats import counters
from amo.versions.models import Version

log = structlog.get_logger(__name__)

# Bytes read per executor call while streaming a package.
CHUNK_SIZE = 64 * 1024
XPI_CONTENT_TYPE = "application/x-xpinstall"
# A file id always names the same bytes, but a file can be disabled, so
# shared caches keep a download for an hour only.
DOWNLOAD_MAX_AGE = 3600
# Files that only authors and reviewers may download stay out of shared
# caches.
PRIVATE_CACHE_CONTROL = "private, no-store"


def file_download_path(app: str, file: File, *, attachment: bool = False) -> str:
    """Return the download path of `file` for application `app`.

    The plain URL lets Firefox install the package; the attachment URL
    makes browsers save it instead.
    """
    name = "file-download-attachment" if attachment else "file-download"
    return reverse(
        name,
        urlconf=settings.ROOT_URLCONF,
        kwargs={"app": app, "file_id": file.pk, "filename": file.filename},
    )


class FileChunks:
    """An async iterator over an open file, each read run in the executor.

    StreamingHttpResponse calls `close()` once the response is sent or the
    client goes away, which closes the file.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def __aiter__(self) -> "FileChunks":
        return self

    async def __anext__(self) -> bytes:
        loop = asyncio.get_running_loop()
        chunk = await loop.run_in_executor(None, self.handle.read, CHUNK_SIZE)
        if not chunk:
            self.close()
            raise StopAsyncIteration
        return chunk

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.close()


def _open_stored(storage: Storage, name: str) -> tuple[IO[bytes], int]:
    """Open a stored package and return it with its size; runs in a thread."""
    handle = storage.open(name, "rb")
    try:
        size = storage.size(name)
    except BaseException:
        handle.close()
        raise
    return handle, size


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    candidates = parse_etags(header)
    return "*" in candidates or etag in candidates


async def _private_file(request: HttpRequest, file_id: int) -> File | None:
    """Return file `file_id` when the request's user may download it
    although it is not public: an author of its add-on or a reviewer."""
    file = await queries.get_file(file_id)
    if file is None:
        return None
    user = await authenticate_request(request)
    if not await can_see_all_versions(user, file.version.addon):
        return None
    return file


@require_safe
async def download_file(
    request: HttpRequest,
    app: str,
    file_id: int,
    filename: str = "",
    attachment: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """Stream a package: any approved package of a public listed version,
    the others only to authors and reviewers (see the module docstring).

    A wrong or missing file name redirects to the file's own URL; a file
    that is unknown, hidden from the user or not stored on this site is
    a 404. A JWT that fails authentication is a JSON 401.
    """
    if app not in APPS:
        raise Http404(f"No application {app!r}.")
    file = await queries.get_public_file(file_id)
    private = False
    if file is None:
        try:
            file = await _private_file(request, file_id)
        except AuthenticationFailed as error:
            return error.response()
        private = file is not None
    if file is None:
        raise Http404(f"No public file {file_id}.")
    if filename != file.filename:
        location = file_download_path(app, file, attachment=attachment)
        if request.GET:
            location += "?" + request.GET.urlencode()
        return HttpResponsePermanentRedirect(location)
    if not file.file:
        raise Http404(f"File {file_id} is not stored on this site.")

    headers = {
        "Cache-Control": (
            PRIVATE_CACHE_CONTROL if private else f"public, max-age={DOWNLOAD_MAX_AGE}"
        ),
        "Accept-Ranges": "none",
    }
    if file.hash:
        headers["ETag"] = f'"{file.hash}"'
        headers["X-Target-Digest"] = file.hash
        if _etag_matches(request, headers["ETag"]):
            not_modified = HttpResponseNotModified()
            for key, value in headers.items():
                not_modified[key] = value
            return not_modified

    response = await _stream(
        request,
        file.file.storage,
        file.file.name or "",
        filename=file.filename,
        attachment=attachment,
        content_type=XPI_CONTENT_TYPE,
        headers=headers,
    )
    if request.method == "GET" and not private:
        counters.count_download(
            file.version.addon_id, source=request.GET.get("src", "")
        )
    return response


async def _stream(
    request: HttpRequest,
    storage: Storage,
    stored_name: str,
    *,
    filename: str,
    attachment: bool,
    content_type: str,
    headers: dict[str, str],
) -> HttpResponse | StreamingHttpResponse:
    """Send a stored file, read in the executor; a missing one is a 404."""
    loop = asyncio.get_running_loop()
    try:
        handle, size = await loop.run_in_executor(
            None, _open_stored, storage, stored_name
        )
    except FileNotFoundError:
        log.warning("file missing from storage", name=stored_name)
        raise Http404(f"{filename} is not stored on this site.") from None

    headers["Content-Length"] = str(size)
    # The URL names the file, so the header always carries a filename.
    headers["Content-Disposition"] = (
        content_disposition_header(attachment, filename) or "inline"
    )
    body: HttpResponse | StreamingHttpResponse
    if request.method == "HEAD":
        await loop.run_in_executor(None, handle.close)
        body = HttpResponse(content_type=content_type)
    else:
        body = StreamingHttpResponse(FileChunks(handle), content_type=content_type)
    for key, value in headers.items():
        body[key] = value
    return body


@require_safe
async def download_source(
    request: HttpRequest, app: str, version_id: int
) -> HttpResponse | StreamingHttpResponse:
    """Send a version's source archive to the add-on's authors and to
    reviewers; a 404 for everyone else and for versions without one."""
    if app not in APPS:
        raise Http404(f"No application {app!r}.")
    version = await db.fetch_one(
        Version.objects.filter(pk=version_id, deleted=False).select_related("addon")
    )
    if version is None or not version.source:
        raise Http404(f"No source archive for version {version_id}.")
    try:
        user = await authenticate_request(request)
    except AuthenticationFailed as error:
        return error.response()
    if not await can_see_all_versions(user, version.addon):
        raise Http404(f"No source archive for version {version_id}.")
    name = version.source.name or ""
    return await _stream(
        request,
        version.source.storage,
        name,
        filename=name.rsplit("/", 1)[-1],
        attachment=True,
        content_type="application/octet-stream",
        headers={"Cache-Control": PRIVATE_CACHE_CONTROL},
    )


@require_safe
async def download_latest(
    request: HttpRequest, app: str, key: str, attachment: str | None = None
) -> HttpResponse:
    """Redirect with 302 to the package of an add-on's current version.

    AMO's `/<app>/downloads/latest/<add-on>/` links name an add-on by id,
    slug or guid; amo.urls lists the segments that may follow. The target
    changes with each new version, so the redirect is temporary. No
    current public file, or one not stored on this site, is a 404.
    """
    if app not in APPS:
        raise Http404(f"No application {app!r}.")
    file = await queries.get_current_file(key)
    if file is None:
        raise Http404(f"Add-on {key[:100]!r} has no current public file.")
    if not file.file:
        raise Http404(f"File {file.pk} is not stored on this site.")
    location = file_download_path(app, file, attachment=attachment is not None)
    if request.GET:
        location += "?" + request.GET.urlencode()
    return HttpResponseRedirect(location)
