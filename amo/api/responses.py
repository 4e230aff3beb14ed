"""JSON responses and the API's errors, in the shapes of AMO's API."""

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer

JSON = "application/json"

# The message AMO (Django REST framework) sends with a 401.
NOT_AUTHENTICATED = "Authentication credentials were not provided."
# The challenge of a 401: the API authenticates with JWT.
WWW_AUTHENTICATE = 'JWT realm="api"'


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    """Serialise `data` with orjson into an application/json response."""
    return HttpResponse(
        orjson.dumps(data), status=status, content_type=JSON, headers=headers
    )


class OrjsonRenderer(BaseRenderer):
    """The renderer ninja uses for the responses it builds itself."""

    media_type = JSON

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return orjson.dumps(data)


class ApiError(Exception):
    """A failure sent to the client as a JSON body with an HTTP status."""

    status = 400

    def __init__(
        self,
        body: dict[str, Any],
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.body = body
        if status is not None:
            self.status = status
        self.headers = headers or {}
        super().__init__(body)

    def response(self) -> HttpResponse:
        return json_response(self.body, status=self.status, headers=self.headers)


class NotFound(ApiError):
    status = 404

    def __init__(self, detail: str = "Not found.") -> None:
        super().__init__({"detail": detail})


class InvalidPage(NotFound):
    """A page number past the last page, as Django REST framework says it."""

    def __init__(self) -> None:
        super().__init__("Invalid page.")


class NotAuthenticated(ApiError):
    """401: the object exists, but only its authors or reviewers may see it."""

    status = 401

    def __init__(self, **extra: Any) -> None:
        super().__init__(
            {"detail": NOT_AUTHENTICATED, **extra},
            headers={"WWW-Authenticate": WWW_AUTHENTICATE},
        )


class PermissionDenied(ApiError):
    """403: the user is known but may not do or see this."""

    status = 403

    def __init__(
        self, detail: str = "You do not have permission to perform this action."
    ) -> None:
        super().__init__({"detail": detail})


class InvalidParameter(ApiError):
    """400 with AMO's validation body: the parameter name to its messages."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__({name: [message]})
