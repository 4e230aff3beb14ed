"""Authentication of API requests: a JWT signed with an API key, or the
browser session.

External clients such as web-ext send `Authorization: JWT <token>`: an
HS256 token whose `iss` is the key of an APIKey, signed with its secret,
with `iat` and `exp` at most MAX_TOKEN_LIFETIME seconds apart. No `jti`
is required and a token is accepted again until it expires, because
web-ext sends byte-identical tokens for requests made within the same
second. Failures are 401s with the messages of AMO's API.

Pages of the site call the API with the session of the signed-in user;
their writes must then carry the CSRF token, as forms do.

`authenticate_request` serves views that are not django-ninja's (the file
download); `ApiAuth` plugs the same checks into django-ninja routes.
"""

from typing import Any

import jwt
import structlog
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from amo.api.responses import WWW_AUTHENTICATE, ApiError
from amo.core import db
from amo.users.models import APIKey, User

log = structlog.get_logger(__name__)

# The only algorithm accepted: HMAC with SHA-256 over the key's secret.
JWT_ALGORITHM = "HS256"
# Seconds of clock difference allowed on iat and exp, as AMO's JWT_LEEWAY.
JWT_LEEWAY = 5
# The maximum of exp - iat in seconds, as AMO's
# MAX_APIKEY_JWT_AUTH_TOKEN_LIFETIME.
MAX_TOKEN_LIFETIME = 5 * 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The codes AMO adds to some 401 bodies.
ERROR_INVALID_HEADER = "ERROR_INVALID_HEADER"
ERROR_SIGNATURE_EXPIRED = "ERROR_SIGNATURE_EXPIRED"
ERROR_DECODING_SIGNATURE = "ERROR_DECODING_SIGNATURE"


class AuthenticationFailed(ApiError):
    """401 with `{"detail": ...}` and, for some failures, AMO's `code`."""

    status = 401

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        body: dict[str, Any] = {"detail": detail}
        if code is not None:
            body["code"] = code
        super().__init__(body, headers={"WWW-Authenticate": WWW_AUTHENTICATE})


class CsrfFailed(ApiError):
    status = 403

    def __init__(self, reason: str) -> None:
        super().__init__(
            {
                "detail": _(
                    "CSRF Failed: %(reason)s Send the csrftoken cookie's value "
                    "in the X-CSRFToken header, or authenticate with a JWT."
                )
                % {"reason": reason}
            }
        )


def jwt_credentials(request: HttpRequest) -> str | None:
    """Return the token of an `Authorization: JWT <token>` header.

    None when the header is absent or uses another scheme; a JWT header
    that is not exactly two parts raises AuthenticationFailed.
    """
    parts = request.headers.get("Authorization", "").split()
    if not parts or parts[0].lower() != "jwt":
        return None
    if len(parts) == 1:
        raise AuthenticationFailed(
            _("Invalid Authorization header. No credentials provided."),
            code=ERROR_INVALID_HEADER,
        )
    if len(parts) > 2:
        raise AuthenticationFailed(
            _(
                "Invalid Authorization header. Credentials string should not "
                "contain spaces."
            ),
            code=ERROR_INVALID_HEADER,
        )
    return parts[1]


async def get_api_key(key: str) -> APIKey | None:
    """Return the API key `key` with its user, active or not."""
    return await db.fetch_one(APIKey.objects.filter(key=key).select_related("user"))


def _unverified_issuer(token: str) -> str:
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        raise AuthenticationFailed(
            _("Error decoding signature."), code=ERROR_DECODING_SIGNATURE
        ) from None
    if header.get("alg") != JWT_ALGORITHM:
        raise AuthenticationFailed(
            _("Invalid JWT: the algorithm must be %(expected)s, not %(alg)r.")
            % {"expected": JWT_ALGORITHM, "alg": header.get("alg")},
            code=ERROR_DECODING_SIGNATURE,
        )
    issuer = claims.get("iss")
    if not issuer or not isinstance(issuer, str):
        raise AuthenticationFailed(_("JWT iss (issuer) claim is missing."))
    return issuer


def _verified_claims(token: str, secret: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            leeway=JWT_LEEWAY,
            options={"require": ["iss", "iat", "exp"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationFailed(
            _("Signature has expired."), code=ERROR_SIGNATURE_EXPIRED
        ) from None
    except jwt.ImmatureSignatureError:
        raise AuthenticationFailed(
            _(
                "JWT iat (issued at time) is invalid. Make sure your system "
                "clock is synchronized with something like TLSNotary."
            )
        ) from None
    except jwt.MissingRequiredClaimError as error:
        raise AuthenticationFailed(
            _("JWT %(claim)s claim is missing.") % {"claim": error.claim}
        ) from None
    except (jwt.InvalidSignatureError, jwt.DecodeError):
        raise AuthenticationFailed(
            _("Error decoding signature."), code=ERROR_DECODING_SIGNATURE
        ) from None
    except jwt.InvalidTokenError as error:
        raise AuthenticationFailed(
            _("Invalid JWT Token: %(error)s.") % {"error": str(error).rstrip(".")}
        ) from None
    return claims


async def user_from_jwt(token: str) -> User:
    """Return the user whose API key signed `token`; raise
    AuthenticationFailed with the reason when it is not acceptable."""
    issuer = _unverified_issuer(token)
    api_key = await get_api_key(issuer)
    if api_key is None:
        raise AuthenticationFailed(_("Unknown JWT iss (issuer)."))
    if not api_key.is_active:
        raise AuthenticationFailed(
            _(
                "The API key %(key)s was revoked: generate a new key and use "
                "its credentials."
            )
            % {"key": issuer}
        )

    claims = _verified_claims(token, api_key.secret)
    if "orig_iat" in claims:
        raise AuthenticationFailed(
            _(
                "API key based tokens are not refreshable, don't include "
                "`orig_iat` in their payload."
            )
        )
    issued, expires = claims["iat"], claims["exp"]
    if expires - issued > MAX_TOKEN_LIFETIME:
        raise AuthenticationFailed(_("JWT exp (expiration) is too long."))

    user = api_key.user
    if user.deleted or not user.is_active:
        raise AuthenticationFailed(_("User account is disabled."))
    if user.read_dev_agreement is None:
        raise AuthenticationFailed(_("User has not read developer agreement."))
    return user


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF checks, raising CsrfFailed instead of a 403 page."""

    def _reject(self, request: HttpRequest, reason: str) -> Any:
        raise CsrfFailed(reason)


def _no_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def check_csrf(request: HttpRequest) -> None:
    """Raise CsrfFailed unless a session write carries its CSRF token.

    django-ninja's views are exempt from the CSRF middleware, so the check
    runs here, for session-authenticated requests only.
    """
    check = _CsrfCheck(_no_view)
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    check.process_request(request)
    check.process_view(request, _no_view, (), {})


async def session_user(request: HttpRequest) -> User | None:
    """Return the signed-in user of the session, if any and still active.

    Writes (any method but GET, HEAD, OPTIONS and TRACE) must pass the
    CSRF check, or CsrfFailed is raised.
    """
    auser = getattr(request, "auser", None)
    if auser is None:
        return None
    user = await auser()
    if not user.is_authenticated or user.deleted or not user.is_active:
        return None
    if request.method not in SAFE_METHODS:
        check_csrf(request)
    return user


async def authenticate_request(request: HttpRequest) -> User | None:
    """Return the user a request authenticates as, or None for anonymous.

    A JWT header wins over the session, and a JWT that fails raises
    AuthenticationFailed rather than falling back to the session.
    """
    token = jwt_credentials(request)
    if token is not None:
        return await user_from_jwt(token)
    return await session_user(request)


class ApiAuth:
    """django-ninja's auth for routes that need a user: JWT or session.

    A route with `auth=ApiAuth()` gets the user as `request.auth`; without
    credentials ninja raises AuthenticationError, which the API sends as
    401 "Authentication credentials were not provided."
    """

    openapi_security_schema = {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`JWT <token>`: HS256 over the API secret, with "
        "iss (the API key), iat and exp at most 300 s after iat.",
    }
    is_async = True

    async def __call__(self, request: HttpRequest) -> User | None:
        return await authenticate_request(request)
