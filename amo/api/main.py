"""The django-ninja APIs mounted under /api/v5/ and /api/v4/.

Both send JSON for every outcome: AMO's `{"detail": ...}` for 401, 403,
404, 405 and 429, and for a 400 an object that maps each invalid
parameter or field to its messages. Exceptions other than the API's own
propagate to Django, whose handlers send JSON under /api/
(amo.core.views). A database outage becomes
a 503 in amo.core.middleware.
"""

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError, ValidationErrorContext
from ninja.openapi.docs import Swagger

from amo.api import (
    accounts,
    addons,
    collections,
    ratings,
    shelves,
    site,
    submission,
    v4,
)
from amo.api.responses import (
    JSON,
    ApiError,
    NotAuthenticated,
    NotFound,
    OrjsonRenderer,
    json_response,
)
from amo.core.errors import ActionError
from amo.versions.errors import SubmissionError

DESCRIPTION = """\
AMO's public API v5: add-ons, their versions, search, categories,
language tools and the home shelves, and the submission of add-ons as
`web-ext sign` makes it. Every list is paginated with `page` and
`page_size` unless its description says otherwise; unknown query
parameters are ignored.

Submission routes need a user: `Authorization: JWT <token>`, an HS256
token signed with the API secret whose `iss` is the API key, with `iat`
and `exp` at most 300 seconds apart; or the site's session, with the
CSRF token on writes.
"""


class AmoNinjaAPI(NinjaAPI):
    """NinjaAPI with JSON 405s, validation errors that keep their input and
    an OpenAPI schema built once per process.
    """

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> ValidationError:
        errors = []
        for context in error_contexts:
            for error in context.pydantic_validation_error.errors(include_url=False):
                errors.append(
                    {"loc": error["loc"], "msg": error["msg"], **_input(error)}
                )
        return ValidationError(errors)

    @functools.cache  # noqa: B019 (one schema per API, for the process)
    def _cached_schema(self, path_prefix: str | None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = _without_null(parameter["schema"])
        return schema

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> Any:
        if path_params:
            return super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        return self._cached_schema(path_prefix)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and iscoroutinefunction(
                pattern.callback
            ):
                pattern.callback = _json_method_not_allowed(pattern.callback)
        return patterns


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop the null branch of an optional query parameter's schema.

    A query parameter is absent or a string, never null; pydantic documents
    `str | None` as anyOf string or null.
    """
    branches = [b for b in schema.get("anyOf", []) if b != {"type": "null"}]
    if "anyOf" not in schema or len(branches) != 1:
        return schema
    merged = {key: value for key, value in schema.items() if key != "anyOf"}
    merged.update(branches[0])
    return merged


def _input(error: Any) -> dict[str, Any]:
    value = error.get("input")
    return {"input": value} if isinstance(value, str | int | float) else {}


def _json_method_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send ninja's plain-text 405 as JSON, as AMO does."""

    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = await view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != JSON:
            return json_response(
                {"detail": f'Method "{request.method}" not allowed.'},
                status=405,
                headers={"Allow": response["Allow"]},
            )
        return response

    markcoroutinefunction(wrapper)
    return wrapper


def validation_message(error: dict[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if "input" in error:
        return f"Invalid value {error['input']!r}: {message.rstrip('.')}."
    return message


def validation_errors(request: HttpRequest, exc: Any) -> HttpResponse:
    """400 with each invalid parameter mapped to its messages."""
    body: dict[str, list[str]] = {}
    for error in exc.errors:
        names = [part for part in error["loc"] if isinstance(part, str)]
        name = names[-1] if len(names) > 1 else "non_field_errors"
        body.setdefault(name, []).append(validation_message(error))
    return json_response(body, status=400)


def api_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return exc.response()


def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return NotFound().response()


def not_authenticated(request: HttpRequest, exc: Any) -> HttpResponse:
    return NotAuthenticated().response()


def submission_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return submission.error_response(exc)


def action_error(request: HttpRequest, exc: Any) -> HttpResponse:
    """An action's refusal: its field errors, or AMO's `detail` for 403/404."""
    if exc.status in (403, 404):
        return json_response({"detail": str(exc)}, status=exc.status)
    body = {name: [str(m) for m in messages] for name, messages in exc.errors.items()}
    return json_response(body, status=exc.status)


def propagate(request: HttpRequest, exc: Any) -> HttpResponse:
    # Django logs the error and answers with its JSON 500 under /api/.
    raise exc


def build_api(version: int, *, docs: bool) -> NinjaAPI:
    api = AmoNinjaAPI(
        title="amo API",
        version=str(version),
        description=DESCRIPTION,
        urls_namespace=f"api-v{version}",
        renderer=OrjsonRenderer(),
        docs=Swagger(settings={"deepLinking": True}),
        docs_url="/docs" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    api.add_exception_handler(ValidationError, validation_errors)
    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(SubmissionError, submission_error)
    api.add_exception_handler(ActionError, action_error)
    api.add_exception_handler(Exception, propagate)
    return api


api_v5 = build_api(5, docs=True)
api_v5.add_router("", site.router)
api_v5.add_router("", submission.router)
api_v5.add_router("", accounts.router)
api_v5.add_router("", addons.router)
api_v5.add_router("", shelves.router)
api_v5.add_router("", ratings.router)
api_v5.add_router("", collections.router)

api_v4 = build_api(4, docs=False)
api_v4.add_router("", v4.router)
