"""The request side of the update service: parameters, paths, headers."""

import json
from urllib.parse import parse_qsl

import pytest
from asgiref.sync import sync_to_async
from hypothesis import given
from hypothesis import strategies as st

from amo.update.checks import PARAMETERS, parse_parameters
from tests.asgi_client import request
from tests.factories import AddonFactory
from tests.update.helpers import FIREFOX_ID, check, query_string, updates_of

GUID = "requests@example.com"


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ({"id": None}, "id parameter is missing"),
        ({"id": ""}, "id parameter is missing"),
        ({"appVersion": None}, "appVersion parameter is missing"),
        ({"appVersion": ""}, "appVersion parameter is missing"),
        ({"appID": None}, "Unknown appID ''"),
        ({"appID": "{00000000-0000-0000-0000-000000000000}"}, "Unknown appID"),
        # Application guids are matched exactly.
        ({"appID": FIREFOX_ID.upper()}, "Unknown appID"),
    ],
)
async def test_bad_parameters_get_400(application, missing, reason):
    params = {"id": GUID, **missing}
    guid = params.pop("id")
    response = await check(application, guid, **params)
    assert response.status == 400
    assert response.body == b"{}"
    assert response.headers["content-type"] == "application/json"
    assert reason in response.headers["x-error"]


async def test_unknown_appid_error_names_the_fix(application):
    response = await check(application, GUID, appID="thunderbird")
    assert "'thunderbird'" in response.headers["x-error"]
    assert FIREFOX_ID in response.headers["x-error"]


async def test_headers_of_an_answer(live_db, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    response = await check(application, GUID)
    assert response.status == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "max-age=3600"
    assert response.headers["content-length"] == str(len(response.body))
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_short_path_answers_too(live_db, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    long_form = await check(application, GUID)
    short_form = await check(application, GUID, path="/update/")
    assert short_form.status == 200
    assert short_form.body == long_form.body
    assert updates_of(short_form, GUID)[0]["version"] == "1.0"


@pytest.mark.parametrize(
    "path", ["/update", "/update/VersionCheck.php/", "/update/other.php"]
)
async def test_other_paths_are_not_the_service(live_db, application, path):
    response = await check(application, GUID, path=path)
    assert response.headers.get("content-type") != "application/json"
    assert response.status in (301, 302, 404)


async def test_head_sends_headers_only(live_db, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    get = await check(application, GUID)
    head = await check(application, GUID, method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["content-length"] == str(len(get.body))


async def test_post_is_not_allowed(application):
    response = await check(application, GUID, method="POST")
    assert response.status == 405
    assert response.headers["allow"] == "GET, HEAD"


async def test_unknown_parameters_are_ignored(live_db, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    response = await check(application, GUID, extra="1", addonInstallSource="x")
    assert updates_of(response, GUID)[0]["version"] == "1.0"


async def test_repeated_parameter_takes_last_value(live_db, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    query = (
        query_string({"id": "other@example.com"})
        + b"&"
        + query_string({"id": GUID, "appID": FIREFOX_ID, "appVersion": "128.0"})
    )
    response = await request(application, "/update/VersionCheck.php", query=query)
    assert list(json.loads(response.body)["addons"]) == [GUID]


@pytest.mark.parametrize(
    ("app_version", "offered"),
    [
        # Numbers past the 32-bit range compare as 0, as in Firefox, so the
        # version for 115.0 and up is not offered. int() once raised on them.
        ("9" * 10_000, []),
        ("1." * 5_000 + "0", []),
        ("0" * 10_000 + "128.0", ["1.0"]),
    ],
    ids=["10k-digits", "5k-parts", "10k-leading-zeros"],
)
async def test_huge_app_version_is_answered(live_db, application, app_version, offered):
    await sync_to_async(AddonFactory)(guid=GUID)
    response = await check(application, GUID, app_version)
    assert response.status == 200
    assert [update["version"] for update in updates_of(response, GUID)] == offered


@pytest.mark.parametrize(
    "other_guid",
    [
        "réquests@example.com",
        "requests@example.com ",
        "requests@example.com\0",
        "\0requests@example.com",
    ],
    ids=["accent", "trailing-space", "trailing-nul", "leading-nul"],
)
async def test_lookalike_guid_gets_no_update(live_db, application, other_guid):
    # MariaDB's utf8mb4_unicode_ci once matched these to the add-on.
    await sync_to_async(AddonFactory)(guid=GUID)
    response = await check(application, other_guid)
    assert response.status == 200
    assert response.body == b"{}"


async def test_lookalike_guids_are_distinct_addons(live_db, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    other = await sync_to_async(AddonFactory)(guid="réquests@example.com")
    response = await check(application, "RÉQUESTS@example.com")
    assert list(json.loads(response.body)["addons"]) == ["RÉQUESTS@example.com"]
    assert other.guid_key == "réquests@example.com"
    assert updates_of(response, "RÉQUESTS@example.com")[0]["version"] == "1.0"


async def test_raw_plus_in_query_is_a_space(live_db, application):
    # Firefox encodes "+" as %2B; a raw "+" in a query string is a space.
    await sync_to_async(AddonFactory)(guid="a b@example.com")
    query = b"id=a+b@example.com&appID=" + FIREFOX_ID.encode() + b"&appVersion=128.0"
    response = await request(application, "/update/VersionCheck.php", query=query)
    assert list(json.loads(response.body)["addons"]) == ["a b@example.com"]


query_text = st.text(alphabet="aipdDIV=&%+2C3F4é{}@.-_ ", max_size=40)


@given(st.lists(st.tuples(st.sampled_from(sorted(PARAMETERS)), query_text)), query_text)
def test_parameters_decode_as_parse_qsl(pairs, noise):
    raw = "&".join(f"{name}={value}" for name, value in pairs) + "&" + noise
    expected = {
        name: value
        for name, value in parse_qsl(raw, keep_blank_values=True, errors="replace")
        if name in PARAMETERS
    }
    assert parse_parameters(raw.encode()) == expected
