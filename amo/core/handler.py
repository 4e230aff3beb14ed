"""Django's ASGI handler, tuned for an async request path.

Stock ASGIHandler spends most of a small request's time on thread hops:
it opens a ThreadSensitiveContext per request, runs the synchronous
receivers of request_started and request_finished (connection and cache
housekeeping) through sync_to_async, and closes the response in a thread.
This handler skips all three:

- no per-request thread context: nothing on the request path calls
  thread-sensitive sync code, and the admin's sync views share Django's
  single sync thread;
- the housekeeping receivers are disconnected: the request path holds no
  synchronous database connection, and the write thread checks its own
  connection before each write (amo.core.db.writes). Django's
  reset_urlconf goes too; the handler resets the URLconf itself, inline;
- the response is closed inline: closing an HttpResponse runs no I/O;
- a response with its whole body in memory is sent in one message, and
  the security headers (amo.core.security) are added to it as raw bytes;
- at most DJANGO_CONCURRENCY requests per process run inside Django at
  once. The rest wait without using the CPU, so a burst of expensive
  requests does not delay the cheap ones (page-cache hits, static files)
  that the same event loop serves.

With no receiver left, request_started.asend() and the request_finished
signal that closing a response sends run no thread either.
"""

import asyncio
import weakref
from contextlib import aclosing
from typing import Any, cast

from django.conf import settings
from django.core import signals
from django.core.cache import close_caches
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import reset_urlconf
from django.db import close_old_connections, reset_queries
from django.http import HttpResponse, HttpResponseBase
from django.urls import set_script_prefix, set_urlconf

from amo.core.security import SecurityHeaders


def disconnect_housekeeping_receivers() -> None:
    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_caches)
    signals.request_finished.disconnect(reset_urlconf)


class RequestProcessed(Exception):
    """Ends the task group of a request once its response is sent."""


class AmoASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        disconnect_housekeeping_receivers()
        self.security_headers = SecurityHeaders()
        # One semaphore per event loop: the server's, or a test's.
        self._limiters: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, asyncio.Semaphore
        ] = weakref.WeakKeyDictionary()

    def limiter(self) -> asyncio.Semaphore:
        """Return this event loop's limit on requests inside Django."""
        loop = asyncio.get_running_loop()
        found = self._limiters.get(loop)
        if found is None:
            found = self._limiters[loop] = asyncio.Semaphore(
                settings.DJANGO_CONCURRENCY
            )
        return found

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"amo serves HTTP only, not {scope['type']!r}.")
        await self.handle(scope, receive, send)

    async def handle(self, scope: Any, receive: Any, send: Any) -> None:
        # The steps of ASGIHandler.handle(), without its thread hops.
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return

        with body_file:
            set_script_prefix(get_script_prefix(scope))
            await signals.request_started.asend(sender=self.__class__, scope=scope)
            request, error_response = self.create_request(scope, body_file)
            if request is None:
                assert error_response is not None
                await self.send_response(error_response, send)
                error_response.close()
                return

            response = None
            try:
                try:
                    async with asyncio.TaskGroup() as group:
                        group.create_task(self.listen_for_disconnect(receive))
                        # The limit covers the work inside Django, not the
                        # sending, so a slow download holds no place.
                        async with self.limiter():
                            response = await self.run_get_response(request)
                        await self.send_response(response, send, request.path)
                        raise RequestProcessed
                except* (RequestProcessed, RequestAborted):
                    pass
            except BaseExceptionGroup as group_error:
                if len(group_error.exceptions) == 1:
                    raise group_error.exceptions[0] from None
                raise

            if response is None:
                await signals.request_finished.asend(sender=self.__class__)
            else:
                response.close()
            # What reset_urlconf did, inline: drop this request's URLconf.
            set_urlconf(None)

    async def send_response(
        self, response: HttpResponseBase, send: Any, path: str = ""
    ) -> None:
        """Send `response` over ASGI with the security headers it lacks.

        Django's ResponseHeaders has already checked that names and values
        are Latin-1 text without newlines, so they are encoded as they are.
        """
        headers = [
            (name.encode("latin1"), value.encode("latin1"))
            for name, value in response.items()
        ]
        present = {name.lower() for name, _ in headers}
        headers += self.security_headers.missing(path, present)
        for cookie in response.cookies.values():
            headers.append((b"Set-Cookie", cookie.OutputString().encode("ascii")))
        if response.streaming:
            await self._send_streaming(response, headers, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": headers,
            }
        )
        body = cast(HttpResponse, response).content
        await send({"type": "http.response.body", "body": body})

    async def _send_streaming(
        self, response: HttpResponseBase, headers: list[Any], send: Any
    ) -> None:
        """Send a streaming response part by part, as Django's handler does."""
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": headers,
            }
        )
        parts: Any = aiter(cast(Any, response))
        async with aclosing(parts) as content:
            async for part in content:
                for chunk, _ in self.chunk_bytes(part):
                    await send(
                        {"type": "http.response.body", "body": chunk, "more_body": True}
                    )
        await send({"type": "http.response.body"})
