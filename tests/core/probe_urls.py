"""A URLconf with a view that reports which database each layer read.

GET /api/probe/<tag>/ looks the tag up through the async layer and,
unless `?sync=0`, through Django's synchronous ORM (in a thread, as sync
code runs under ASGI), and returns what each found. POST first creates
the tag through the write thread, as actions do. The outage and
replication tests put a row on one server only, so the response shows
which server each layer read.
"""

import asyncio
import contextvars
import threading
from typing import Any

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

import amo.urls
from amo.addons.models import Tag
from amo.core import db


def _sync_exists(tag: str) -> bool:
    return Tag.objects.filter(tag_text=tag).exists()


def _in_fresh_thread(tag: str) -> bool:
    # A thread of its own opens its own connections from DATABASES, and the
    # copied context carries the request's pin to the router.
    context = contextvars.copy_context()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["found"] = context.run(_sync_exists, tag)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return outcome["found"]


@csrf_exempt
async def probe(request: HttpRequest, tag: str) -> JsonResponse:
    created = False
    if request.method == "POST":
        await db.run_write(Tag.objects.create, tag_text=tag)
        created = True
    found_async = await db.exists(Tag.objects.filter(tag_text=tag))
    found_sync = None
    if request.GET.get("sync") != "0":
        found_sync = await asyncio.to_thread(_in_fresh_thread, tag)
    return JsonResponse(
        {
            "created": created,
            "async": found_async,
            "sync": found_sync,
            "pinned": db.is_pinned(),
        }
    )


urlpatterns = [path("api/probe/<str:tag>/", probe), *amo.urls.urlpatterns]
handler404 = amo.urls.handler404
handler500 = amo.urls.handler500
