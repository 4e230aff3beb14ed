"""The ASGI application of amo: lifespan, static and media files, then Django.

uvicorn calls `application`. On the lifespan's startup each worker process
opens its database pools and its cache and Redis clients; on shutdown it
drains and closes them. Nothing opens a connection at import time.

Firefox's update checks (amo.update.service), media files, static files
(hashed names, served by servestatic) and page-cache hits
(amo.core.pagecache) are answered before Django is entered.
"""

import os
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup(set_prefix=False)

import structlog  # noqa: E402
from django.conf import settings  # noqa: E402
from servestatic import ServeStaticASGI  # noqa: E402

from amo.core import lifespan  # noqa: E402
from amo.core.handler import AmoASGIHandler  # noqa: E402
from amo.core.media import MediaFiles  # noqa: E402
from amo.core.pagecache import PageCache  # noqa: E402
from amo.update.service import UpdateService  # noqa: E402

log = structlog.get_logger("asgi")

# Django's ManifestStaticFilesStorage puts a 12-character hash in each name.
HASHED_NAME = r"\.[0-9a-f]{12}\.[A-Za-z0-9]+(\.gz|\.br)?$"


def build_application() -> Any:
    django_app = AmoASGIHandler()
    if not settings.STATIC_ROOT.is_dir():
        log.warning(
            "static files are not collected",
            static_root=str(settings.STATIC_ROOT),
            fix="run `amo collectstatic --noinput`",
        )
    with_static = ServeStaticASGI(
        django_app,
        root=settings.STATIC_ROOT if settings.STATIC_ROOT.is_dir() else None,
        prefix=settings.STATIC_URL,
        max_age=settings.SERVESTATIC_MAX_AGE,
        immutable_file_test=HASHED_NAME,
    )
    media = MediaFiles(settings.MEDIA_ROOT, settings.MEDIA_URL)
    page_cache = PageCache(with_static)
    # Update checks come first: they are the busiest requests of all.
    update_service = UpdateService(page_cache)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await lifespan.run(scope, receive, send)
            return
        if scope["type"] == "http" and scope["path"].startswith(settings.MEDIA_URL):
            await media(scope, receive, send)
            return
        await update_service(scope, receive, send)

    return app


application = build_application()
