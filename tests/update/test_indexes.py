"""The update check's one query reads every table through an index."""

import json

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.core.db import capture_queries
from tests.conftest import uses_mysql
from tests.pages.test_indexes import (
    CONST_MISS,
    build_catalogue,
    explain,
    table_accesses,
)
from tests.update.helpers import check

pytestmark = [
    pytest.mark.skipif(
        not uses_mysql(),
        reason="query plans are checked on MariaDB, which production runs",
    ),
    pytest.mark.slow,
]


async def test_update_query_uses_indexes(live_db, application):
    await sync_to_async(build_catalogue)()
    listed = await sync_to_async(
        lambda: list(
            Addon.objects.listed().order_by("pk").values_list("guid", flat=True)[:2]
        )
    )()
    guids = [listed[0], listed[1].upper(), "nobody@example.com"]

    for guid in guids:
        with capture_queries() as queries:
            response = await check(application, guid, "128.0")
        assert response.status == 200
        [record] = queries.queries
        plan = await explain(record.alias, record.sql, record.params)
        if plan["query_block"].get("table", {}).get("message") == CONST_MISS:
            # No add-on has that guid: MariaDB found so in the unique index.
            assert guid == "nobody@example.com"
            continue
        accesses = [
            access
            for access in table_accesses(plan)
            if not access["table_name"].startswith("<")
        ]
        assert {access["table_name"] for access in accesses} == {
            "addons",
            "versions",
            "files",
            "compat",
        }, json.dumps(plan, indent=1)
        for access in accesses:
            assert access["access_type"] != "ALL", json.dumps(plan, indent=1)
            assert access.get("key"), json.dumps(plan, indent=1)
