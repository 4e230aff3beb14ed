"""API keys and JWTs for the tests of authenticated API routes."""

import time
from typing import Any

import jwt
from django.utils import timezone

from amo.users.models import APIKey
from tests.factories import UserFactory


def make_developer(**fields: Any) -> Any:
    """Return a user who accepted the developer agreement."""
    fields.setdefault("read_dev_agreement", timezone.now())
    return UserFactory(**fields)


def make_api_key(user: Any) -> APIKey:
    key, secret = APIKey.new_credentials(user.pk)
    return APIKey.objects.create(user=user, key=key, secret=secret)


def make_token(api_key: APIKey, *, secret: str | None = None, **claims: Any) -> str:
    """Sign a token as web-ext does: only iss, iat and exp = iat + 300, and
    a header without typ. A claim given as None is left out.
    """
    now = int(time.time())
    payload = {"iss": api_key.key, "iat": now, "exp": now + 300, **claims}
    payload = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode(
        payload, secret or api_key.secret, algorithm="HS256", headers={"typ": None}
    )


def jwt_headers(
    api_key: APIKey, *, secret: str | None = None, **claims: Any
) -> dict[str, str]:
    return {"Authorization": f"JWT {make_token(api_key, secret=secret, **claims)}"}
