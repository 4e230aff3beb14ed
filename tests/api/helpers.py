"""Helpers of the API tests: requests with their query log, shape checks."""

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.test import AsyncClient

from amo.core.db import capture_queries
from amo.core.db.query import QueryLog


@dataclass
class ApiResult:
    response: HttpResponse
    queries: QueryLog

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def data(self) -> Any:
        return json.loads(self.response.content)

    @property
    def query_count(self) -> int:
        return self.queries.count


async def get_api(client: AsyncClient, path: str, **headers: str) -> ApiResult:
    """GET `path` through the middleware and count the queries it runs."""
    with capture_queries() as queries:
        response = await client.get(path, headers=headers)
    return ApiResult(response, queries)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


# Objects whose keys are data (applications, locales), not field names.
DATA_KEYED = frozenset({"categories", "compatibility"})


def shape_differences(
    expected: Any, actual: Any, path: str = "$", data_keyed: frozenset = DATA_KEYED
) -> list[str]:
    """Return where `actual` differs from `expected` in keys or value types.

    Objects must have the same keys, recursively, except those named in
    `data_keyed`, whose values are compared with the first expected value;
    lists compare their first items; a null on either side matches any
    type, since real responses leave optional values empty. Ints and
    floats both count as numbers.
    """
    if expected is None or actual is None:
        return []
    if type_name(expected) != type_name(actual):
        return [f"{path}: {type_name(actual)} instead of {type_name(expected)}"]
    key = path.rsplit(".", 1)[-1]
    if isinstance(expected, dict) and key in data_keyed:
        if not expected:
            return []
        model = next(iter(expected.values()))
        problems = []
        for name, value in actual.items():
            problems += shape_differences(model, value, f"{path}[{name}]", data_keyed)
        return problems
    if isinstance(expected, dict):
        problems = []
        missing = sorted(set(expected) - set(actual))
        extra = sorted(set(actual) - set(expected))
        if missing:
            problems.append(f"{path}: missing keys {missing}")
        if extra:
            problems.append(f"{path}: unexpected keys {extra}")
        for key in sorted(set(expected) & set(actual)):
            problems += shape_differences(
                expected[key], actual[key], f"{path}.{key}", data_keyed
            )
        return problems
    if isinstance(expected, list) and expected and actual:
        return shape_differences(expected[0], actual[0], f"{path}[0]", data_keyed)
    return []
