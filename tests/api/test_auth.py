"""JWT and session authentication of the API, through the middleware.

The route used is GET /api/v5/addons/upload/, the caller's uploads, which
needs a user and writes nothing.
"""

import json
import time

import jwt
import pytest
from asgiref.sync import sync_to_async
from django.middleware.csrf import _get_new_csrf_string
from django.test import AsyncClient
from django.utils import timezone

from amo.api import auth
from amo.users.models import APIKey
from tests.api.auth_helpers import jwt_headers, make_api_key, make_developer, make_token

UPLOADS = "/api/v5/addons/upload/"
NOT_PROVIDED = "Authentication credentials were not provided."


@pytest.fixture
async def api_key(live_db) -> APIKey:
    user = await sync_to_async(make_developer)()
    return await sync_to_async(make_api_key)(user)


async def get_detail(client, **headers) -> tuple[int, dict]:
    response = await client.get(UPLOADS, headers=headers)
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


async def test_jwt_authenticates(async_client, api_key):
    response = await async_client.get(UPLOADS, headers=jwt_headers(api_key))

    assert response.status_code == 200
    assert json.loads(response.content)["count"] == 0


async def test_same_token_accepted_twice(async_client, api_key):
    # web-ext signs identical tokens for requests in the same second.
    headers = jwt_headers(api_key)

    first = await async_client.get(UPLOADS, headers=headers)
    second = await async_client.get(UPLOADS, headers=headers)

    assert first.status_code == 200
    assert second.status_code == 200


async def test_token_without_typ_or_jti(async_client, api_key):
    token = make_token(api_key)

    assert jwt.get_unverified_header(token) == {"alg": "HS256"}
    assert "jti" not in jwt.decode(token, options={"verify_signature": False})
    status, _body = await get_detail(async_client, Authorization=f"jwt {token}")
    assert status == 200


async def test_missing_credentials(async_client, live_db):
    response = await async_client.get(UPLOADS)

    assert response.status_code == 401
    assert json.loads(response.content) == {"detail": NOT_PROVIDED}
    assert response["WWW-Authenticate"] == 'JWT realm="api"'


async def test_other_scheme_is_no_credentials(async_client, live_db):
    status, body = await get_detail(async_client, Authorization="Bearer abc")

    assert status == 401
    assert body == {"detail": NOT_PROVIDED}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("JWT", "Invalid Authorization header. No credentials provided."),
        (
            "JWT a b",
            "Invalid Authorization header. Credentials string should not "
            "contain spaces.",
        ),
        ("JWT not-a-token", "Error decoding signature."),
    ],
)
async def test_malformed_header(async_client, live_db, header, message):
    status, body = await get_detail(async_client, Authorization=header)

    assert status == 401
    assert body["detail"] == message


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"iss": None}, "JWT iss (issuer) claim is missing."),
        ({"iss": "user:0:nope"}, "Unknown JWT iss (issuer)."),
        ({"iat": None}, "JWT iat claim is missing."),
        ({"exp": None}, "JWT exp claim is missing."),
        ({"orig_iat": 1}, "API key based tokens are not refreshable"),
        (
            {"secret": "a wrong secret of at least thirty-two bytes"},
            "Error decoding signature.",
        ),
    ],
)
async def test_invalid_claims(async_client, api_key, claims, message):
    status, body = await get_detail(async_client, **jwt_headers(api_key, **claims))

    assert status == 401
    assert body["detail"].startswith(message)


async def test_expired_token(async_client, api_key):
    now = int(time.time())
    headers = jwt_headers(api_key, iat=now - 400, exp=now - 100)

    status, body = await get_detail(async_client, **headers)

    assert status == 401
    assert body == {
        "detail": "Signature has expired.",
        "code": "ERROR_SIGNATURE_EXPIRED",
    }


async def test_token_from_the_future(async_client, api_key):
    now = int(time.time())

    future = await get_detail(
        async_client, **jwt_headers(api_key, iat=now + 60, exp=now + 300)
    )
    within_leeway = await get_detail(
        async_client, **jwt_headers(api_key, iat=now + 3, exp=now + 300)
    )

    assert future[0] == 401
    assert "clock is synchronized" in future[1]["detail"]
    assert within_leeway[0] == 200


async def test_token_lifetime_too_long(async_client, api_key):
    now = int(time.time())

    too_long = await get_detail(
        async_client, **jwt_headers(api_key, iat=now, exp=now + 301)
    )
    longest = await get_detail(
        async_client, **jwt_headers(api_key, iat=now, exp=now + 300)
    )

    assert too_long == (401, {"detail": "JWT exp (expiration) is too long."})
    assert longest[0] == 200


@pytest.mark.parametrize("algorithm", ["HS512", "none"])
async def test_other_algorithms_rejected(async_client, api_key, algorithm):
    now = int(time.time())
    claims = {"iss": api_key.key, "iat": now, "exp": now + 300}
    key = None if algorithm == "none" else api_key.secret
    token = jwt.encode(claims, key, algorithm=algorithm)

    status, body = await get_detail(async_client, Authorization=f"JWT {token}")

    assert status == 401
    assert body["code"] == "ERROR_DECODING_SIGNATURE"


async def test_revoked_key(async_client, api_key):
    headers = jwt_headers(api_key)
    await APIKey.objects.filter(pk=api_key.pk).aupdate(
        is_active=False, revoked=timezone.now()
    )

    status, body = await get_detail(async_client, **headers)

    assert status == 401
    assert "was revoked" in body["detail"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"deleted": True}, "User account is disabled."),
        ({"is_active": False}, "User account is disabled."),
        ({"read_dev_agreement": None}, "User has not read developer agreement."),
    ],
)
async def test_user_must_be_able_to_submit(async_client, live_db, fields, message):
    user = await sync_to_async(make_developer)(**fields)
    api_key = await sync_to_async(make_api_key)(user)

    status, body = await get_detail(async_client, **jwt_headers(api_key))

    assert status == 401
    assert body == {"detail": message}


async def test_session_authenticates_reads(async_client, live_db):
    user = await sync_to_async(make_developer)()
    await async_client.aforce_login(user)

    status, _body = await get_detail(async_client)

    assert status == 200


async def test_session_write_needs_csrf(live_db):
    user = await sync_to_async(make_developer)()
    client = AsyncClient(enforce_csrf_checks=True)
    await client.aforce_login(user)

    without = await client.post(UPLOADS, {"channel": "unlisted"})
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    with_token = await client.post(
        UPLOADS, {"channel": "unlisted"}, headers={"X-CSRFToken": secret}
    )

    assert without.status_code == 403
    assert json.loads(without.content)["detail"].startswith("CSRF Failed:")
    # Past the CSRF check, the missing file is the problem.
    assert with_token.status_code == 400
    assert "upload" in json.loads(with_token.content)


async def test_jwt_wins_over_session(async_client, api_key):
    other = await sync_to_async(make_developer)()
    await async_client.aforce_login(other)

    status, body = await get_detail(async_client, Authorization="JWT broken")

    assert status == 401
    assert body["code"] == "ERROR_DECODING_SIGNATURE"


def test_leeway_and_lifetime_match_amo():
    assert auth.JWT_LEEWAY == 5
    assert auth.MAX_TOKEN_LIFETIME == 300
