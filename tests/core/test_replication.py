"""Read routing against a real MariaDB primary and replica.

A row inserted on the replica alone, or on the primary while replication
is stopped, shows which server served a read.
"""

import asyncio
import time

import pytest
from django.conf import settings

from amo.addons.models import Tag
from amo.core import db
from tests.core.conftest import run_sync

# Ids far above the primary's auto-increment, so that a row inserted on the
# replica alone never collides with one that replication brings later.
REPLICA_ONLY_ID = 1_000_000_000


def insert_on_replica(pair, tag: str, offset: int = 0) -> None:
    pair.replica.execute(
        "INSERT INTO tags (id, tag_text, created) VALUES (%s, %s, NOW(6))",
        (REPLICA_ONLY_ID + offset, tag),
        database=pair.database,
    )


def insert_on_primary_only(pair, tag: str) -> None:
    """Insert on the primary while the replica does not apply it."""
    pair.pause_replication()
    pair.primary.execute(
        "INSERT INTO tags (tag_text, created) VALUES (%s, NOW(6))",
        (tag,),
        database=pair.database,
    )


def tag_on(server, pair, tag: str) -> bool:
    rows = server.execute(
        "SELECT COUNT(*) FROM tags WHERE tag_text = %s", (tag,), database=pair.database
    )
    return rows[0][0] == 1


def orm_exists(tag: str) -> bool:
    return Tag.objects.filter(tag_text=tag).exists()


def orm_exists_on_primary(tag: str) -> bool:
    with db.use_primary():
        return Tag.objects.filter(tag_text=tag).exists()


async def test_pair_replicates_writes(pair_site):
    pair_site.primary.execute(
        "INSERT INTO tags (tag_text, created) VALUES ('replicated', NOW(6))",
        database=pair_site.database,
    )
    pair_site.sync()
    assert tag_on(pair_site.replica, pair_site, "replicated")
    status = pair_site.slave_status()
    assert status["Using_Gtid"] == "Slave_Pos"
    [(binlog_format,)] = pair_site.primary.execute("SELECT @@binlog_format")
    assert binlog_format == "ROW"


async def test_async_reads_go_to_the_replica(pair_site):
    insert_on_replica(pair_site, "replica-only")
    queryset = Tag.objects.filter(tag_text="replica-only")
    assert queryset.db == "replica"
    assert await db.exists(queryset)
    assert await db.count(queryset) == 1
    rows = await db.fetch(queryset)
    assert [tag.id for tag in rows] == [REPLICA_ONLY_ID]
    with db.use_primary():
        assert not await db.exists(Tag.objects.filter(tag_text="replica-only"))


async def test_async_reads_see_the_lag_unless_pinned(pair_site):
    insert_on_primary_only(pair_site, "lagging")
    assert not await db.exists(Tag.objects.filter(tag_text="lagging"))
    with db.use_primary():
        assert await db.exists(Tag.objects.filter(tag_text="lagging"))

    pair_site.resume_replication()
    assert await db.exists(Tag.objects.filter(tag_text="lagging"))


async def test_orm_reads_go_to_the_replica(pair_site):
    insert_on_replica(pair_site, "replica-only")
    assert await run_sync(lambda: orm_exists("replica-only"))
    assert not await run_sync(lambda: orm_exists_on_primary("replica-only"))

    insert_on_primary_only(pair_site, "lagging")
    assert not await run_sync(lambda: orm_exists("lagging"))
    assert await run_sync(lambda: orm_exists_on_primary("lagging"))


async def test_orm_writes_go_to_the_primary(pair_site):
    pair_site.pause_replication()
    await run_sync(lambda: Tag.objects.create(tag_text="orm-write"))
    assert tag_on(pair_site.primary, pair_site, "orm-write")
    assert not tag_on(pair_site.replica, pair_site, "orm-write")
    pair_site.resume_replication()
    assert tag_on(pair_site.replica, pair_site, "orm-write")


async def test_write_thread_writes_to_the_primary(pair_site):
    pair_site.pause_replication()
    created = await db.run_write(Tag.objects.create, tag_text="action-write")
    assert tag_on(pair_site.primary, pair_site, "action-write")
    assert not tag_on(pair_site.replica, pair_site, "action-write")
    # The write thread reads the primary too, so an action sees its write.
    found = await db.run_write(lambda: Tag.objects.get(tag_text="action-write"))
    assert found.pk == created.pk


@pytest.fixture
def probe_urls(settings):
    settings.ROOT_URLCONF = "tests.core.probe_urls"


async def test_pin_cookie_sends_reads_to_the_primary(
    pair_site, probe_urls, async_client
):
    assert settings.REPLICA_PIN_SECONDS == 15
    pair_site.pause_replication()
    before = int(time.time())

    written = await async_client.post("/api/probe/pinned-write/")
    assert written.status_code == 200
    assert written.json() == {
        "created": True,
        "async": True,
        "sync": True,
        "pinned": True,
    }
    cookie = written.cookies[settings.REPLICA_PIN_COOKIE]
    assert cookie["max-age"] == 15
    assert before + 15 <= int(cookie.value) <= int(time.time()) + 15
    assert cookie["httponly"]

    # The client sends its cookie back: both layers read the primary.
    pinned = await async_client.get("/api/probe/pinned-write/")
    assert pinned.json() == {
        "created": False,
        "async": True,
        "sync": True,
        "pinned": True,
    }

    # Another client, with no cookie, reads the replica, which lags.
    async_client.cookies.clear()
    other = await async_client.get("/api/probe/pinned-write/")
    assert other.json() == {
        "created": False,
        "async": False,
        "sync": False,
        "pinned": False,
    }

    pair_site.resume_replication()
    caught_up = await async_client.get("/api/probe/pinned-write/")
    assert caught_up.json()["async"] is True
    assert caught_up.json()["sync"] is True


async def test_pin_ends_after_its_seconds(
    pair_site, probe_urls, async_client, settings
):
    settings.REPLICA_PIN_SECONDS = 1
    pair_site.pause_replication()
    written = await async_client.post("/api/probe/short-pin/")
    assert written.cookies[settings.REPLICA_PIN_COOKIE]["max-age"] == 1
    assert (await async_client.get("/api/probe/short-pin/")).json()["pinned"]

    # The cookie's value is the time the pin ends; the client still sends it.
    await asyncio.sleep(1.1)
    late = await async_client.get("/api/probe/short-pin/")
    assert late.json() == {
        "created": False,
        "async": False,
        "sync": False,
        "pinned": False,
    }


async def test_forged_pin_cookie_is_ignored(pair_site, probe_urls, async_client):
    insert_on_replica(pair_site, "replica-only")
    for value in ("", "soon", "-5", str(int(time.time()) - 1)):
        async_client.cookies[settings.REPLICA_PIN_COOKIE] = value
        response = await async_client.get("/api/probe/replica-only/")
        assert response.json()["async"] is True, value
        assert response.json()["pinned"] is False, value


async def test_slow_statement_on_the_replica_stays_there(pair_site):
    from amo.core.db import replicas
    from amo.core.errors import DatabaseUnavailable

    # The pair's pools stop a statement after 2s (max_statement_time).
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as raised:
        await db.execute_sql("replica", "SELECT SLEEP(5)", ())
    assert time.monotonic() - started < 3.5
    assert raised.value.statement_timeout
    assert raised.value.alias == "replica"
    # A slow query is no outage: the replica keeps its reads.
    assert replicas.outage_reason("replica") is None
    assert Tag.objects.all().db == "replica"
