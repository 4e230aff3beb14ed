"""Update checks sent to the whole ASGI application, as Firefox sends them."""

import json
from typing import Any
from urllib.parse import quote

from amo.core.constants import ANDROID, FIREFOX
from tests.asgi_client import Response, request

VERSION_CHECK = "/update/VersionCheck.php"
FIREFOX_ID = FIREFOX.guid
ANDROID_ID = ANDROID.guid


def query_string(params: dict[str, str | None]) -> bytes:
    """Encode `params` as Firefox's encodeURIComponent does.

    A parameter whose value is None is left out.
    """
    return "&".join(
        f"{name}={quote(value, safe='')}"
        for name, value in params.items()
        if value is not None
    ).encode()


def firefox_params(guid: str, app_version: str = "128.0", **extra: str | None) -> dict:
    params: dict[str, str | None] = {
        "reqVersion": "2",
        "id": guid,
        "version": "1.0",
        "maxAppVersion": "*",
        "status": "userEnabled",
        "appID": FIREFOX_ID,
        "appVersion": app_version,
        "appOS": "Linux",
        "appABI": "x86_64-gcc3",
        "locale": "en-US",
        "currentAppVersion": app_version,
        "updateType": "112",
        "compatMode": "normal",
    }
    params.update(extra)
    return params


async def check(
    application: Any,
    guid: str,
    app_version: str = "128.0",
    *,
    path: str = VERSION_CHECK,
    method: str = "GET",
    **extra: str | None,
) -> Response:
    """Send one update check; `extra` overrides or (None) drops parameters."""
    params = firefox_params(guid, app_version, **extra)
    return await request(application, path, method=method, query=query_string(params))


def updates_of(response: Response, guid: str) -> list[dict]:
    """Return the `updates` list that the response gives for `guid`."""
    assert response.status == 200, response.body
    return json.loads(response.body)["addons"][guid]["updates"]
