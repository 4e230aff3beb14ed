"""Property tests of the v5 API against its own OpenAPI schema.

schemathesis generates requests from /api/v5/openapi.json and sends them to
a live uvicorn server. Every response must be one of the operation's
documented statuses with a body matching its schema, never a 5xx, and
valid input (per the schema) must not get a 400: the schema documents each
parameter's format exactly. Rules the schema cannot express are checked by
`breaks_documented_rule`, which skips such cases; the endpoints' own tests
cover those 400s. The run is derandomised, with a fixed number of examples
per operation, so it takes the same few seconds on every machine.
"""

import datetime

import hypothesis
import pytest
import requests
import schemathesis
from asgiref.sync import sync_to_async
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from amo.core.constants import AddonType
from tests.api.conftest import build_catalogue
from tests.factories import AddonFactory, VersionFactory

# Examples per operation: enough to reach every parameter, small enough
# for a 2-core CI machine.
EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]


def breaks_documented_rule(path: str, query: dict | None) -> bool:
    """Return whether a query breaks a rule that spans parameters.

    The operation descriptions state them: sort=random only alone, with
    promoted and without q; sort=relevance needs q; appversion needs app
    (and type on language tools); thresholds name real calendar dates;
    the ratings list needs addon or user, and show_flags_for and
    show_permissions_for name the signed-in user.
    """
    query = query or {}
    sorts = str(query.get("sort") or "").split(",")
    q = str(query.get("q") or "").strip()
    if "random" in sorts and (len(sorts) > 1 or q or not query.get("promoted")):
        return True
    if "relevance" in sorts and not q:
        return True
    if query.get("appversion") and not query.get("app"):
        return True
    if "language-tools" in path and query.get("appversion") and not query.get("type"):
        return True
    for name, value in query.items():
        if name.startswith(("created", "updated")) and value and not _is_time(value):
            return True
    if "/ratings/rating/" in path:
        # A list needs addon or user; show_*_for must name the signed-in
        # user, and these requests sign in as no one.
        if path.endswith("/ratings/rating/") and not (
            query.get("addon") or query.get("user")
        ):
            return True
        if query.get("show_flags_for") or query.get("show_permissions_for"):
            return True
    return False


def _is_time(value: str) -> bool:
    try:
        if value.isdigit():
            datetime.datetime.fromtimestamp(int(value) / 1000, tz=datetime.UTC)
        else:
            datetime.datetime.fromisoformat(value)
    except (ValueError, OverflowError, OSError):
        return False
    return True


def build_data() -> dict[str, dict[str, str]]:
    """Create a catalogue; return real path parameters for each operation."""
    catalogue = build_catalogue()
    language = AddonFactory(
        slug="lang-de", type=AddonType.LANGUAGE, target_locale="de", versions=0
    )
    VersionFactory(addon=language, compatibility={1: ("115.0", "*")})
    version = catalogue.rich.current_version
    return {
        "addon": {"key": catalogue.rich.slug},
        "version": {"key": str(catalogue.rich.pk), "version": str(version.pk)},
    }


def strategies(operation, known):
    generated = operation.as_strategy()
    path = operation.path
    if "{version}" in path:
        return st.one_of(
            generated, operation.as_strategy(path_parameters=known["version"])
        )
    if "{key}" in path:
        return st.one_of(
            generated, operation.as_strategy(path_parameters=known["addon"])
        )
    if "/ratings/rating/" in path:
        # Requests that name no signed-in user in show_flags_for and
        # show_permissions_for (empty counts as absent), for an add-on
        # that exists.
        anonymous = {"show_flags_for": "", "show_permissions_for": ""}
        if path.endswith("/ratings/rating/"):
            anonymous["addon"] = known["addon"]["key"]
        return st.one_of(generated, operation.as_strategy(query=anonymous))
    return generated


@pytest.mark.slow
async def test_api_matches_its_schema(uvicorn_server):
    known = await sync_to_async(build_data)()
    schema = schemathesis.openapi.from_url(f"{uvicorn_server.url}/api/v5/openapi.json")
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @hypothesis.settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @hypothesis.given(case=strategies(operation, known))
        def check(case):
            hypothesis.assume(not breaks_documented_rule(case.path, case.query))
            case.call_and_validate(
                base_url=uvicorn_server.url, session=session, checks=CHECKS
            )

        check()
