"""Every query a search runs is served by an index, checked with EXPLAIN.

Searches run through the API over the catalogue of tests/pages (a few
thousand add-ons, committed), with their documents rebuilt. Each SQL
statement is then explained on MariaDB: no table may be read whole, the
full-text index must come first when it drives the plan, and the rows of
a narrow filter (an author) must come first when it does.
"""

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async

from amo.core.db import capture_queries
from amo.search import documents
from tests.conftest import uses_mysql
from tests.pages.test_indexes import (
    SMALL_TABLES,
    build_catalogue,
    explain,
    table_accesses,
)

pytestmark = [
    pytest.mark.skipif(
        not uses_mysql(),
        reason="query plans are checked on MariaDB, which production runs",
    ),
    pytest.mark.slow,
]

FULLTEXT_KEYS = {"search_document_names", "search_document_text"}


def search_paths(rows: dict[str, Any]) -> list[str]:
    addon, tag = rows["addon"], rows["tag"]
    name = addon.name["en-US"]
    searches = [
        {"q": "add-on"},
        {"q": name},
        {"q": "summary"},
        {"q": "add-on", "type": "extension", "sort": "users"},
        {"q": "add-on", "app": "firefox", "appversion": "128.0"},
        {"q": "add-on", "tag": tag.tag_text},
        {"q": "add-on", "users__gte": "1000", "sort": "rating"},
        {"q": "add-on", "exclude_addons": addon.slug},
        {"q": addon.guid},
        {"q": addon.slug},
        # Names that no word matches: the relaxed conditions run.
        {"q": "summaries"},
        {"q": "ad-onn"},
    ]
    paths = [f"/api/v5/addons/search/?{urlencode(query)}" for query in searches]
    paths.append(f"/api/v5/addons/autocomplete/?{urlencode({'q': 'add-o'})}")
    return paths


def narrow_paths(rows: dict[str, Any]) -> list[str]:
    author, addon = rows["author"], rows["addon"]
    searches = [
        {"q": "add-on", "author": author.username},
        {"q": "add-on", "guid": addon.guid},
        {"q": "add-on", "promoted": "recommended"},
        {"q": "add-on", "app": "firefox", "type": "extension", "category": "tabs"},
    ]
    return [f"/api/v5/addons/search/?{urlencode(query)}" for query in searches]


async def statements(async_client, paths: list[str]) -> list[tuple[str, str, Any]]:
    found = []
    for path in paths:
        with capture_queries() as queries:
            response = await async_client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        found.extend((path, record.sql, record) for record in queries.queries)
    return found


def is_fulltext(sql: str) -> bool:
    return "MATCH (" in sql


def unindexed(plan: dict[str, Any], small_rows: dict[str, int]) -> list[str]:
    problems = []
    for access in table_accesses(plan):
        table = access["table_name"]
        if table.startswith("<"):
            continue
        if table in SMALL_TABLES and small_rows[table] <= SMALL_TABLES[table]:
            continue
        if access["access_type"] == "ALL" or not access.get("key"):
            problems.append(f"{table} read by {access['access_type']}")
    return problems


@pytest.fixture
async def catalogue(live_db):
    def build() -> dict[str, Any]:
        rows = build_catalogue()
        documents.rebuild()
        return rows

    return await sync_to_async(build)()


async def small_table_rows() -> dict[str, int]:
    from amo.core.db import execute_sql

    return {
        table: (await execute_sql("default", f"SELECT COUNT(*) FROM {table}", ()))[0][0]
        for table in SMALL_TABLES
    }


async def test_search_queries_use_indexes(catalogue, async_client):
    small_rows = await small_table_rows()
    problems = []
    fulltext_statements = 0
    for path, sql, record in await statements(async_client, search_paths(catalogue)):
        plan = await explain(record.alias, sql, record.params)
        problems.extend(
            f"{path}: {problem} in {sql}" for problem in unindexed(plan, small_rows)
        )
        if not is_fulltext(sql):
            continue
        fulltext_statements += 1
        # Tables read by a unique key (a tag by its text) are read first,
        # while MariaDB plans; the full-text index drives what follows.
        [first, *_] = [
            access
            for access in table_accesses(plan)
            if access["access_type"] not in ("const", "system")
        ]
        assert first["table_name"] == "search_documents", (path, json.dumps(plan))
        assert first["access_type"] == "fulltext", (path, json.dumps(plan))
        assert first["key"] in FULLTEXT_KEYS, (path, json.dumps(plan))
        assert "filesort" not in json.dumps(plan), (path, json.dumps(plan))
    assert problems == []
    assert fulltext_statements >= len(search_paths(catalogue))


async def test_narrow_filters_drive_the_plan(catalogue, async_client):
    small_rows = await small_table_rows()
    for path, sql, record in await statements(async_client, narrow_paths(catalogue)):
        if not is_fulltext(sql):
            continue
        plan = await explain(record.alias, sql, record.params)
        assert unindexed(plan, small_rows) == [], (path, json.dumps(plan))
        accesses = {access["table_name"]: access for access in table_accesses(plan)}
        # The documents of the few add-ons are read by key, and the
        # full-text query only tests them.
        assert accesses["search_documents"]["access_type"] == "eq_ref", (
            path,
            json.dumps(plan),
        )
