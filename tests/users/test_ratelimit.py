"""Log-in rate limits: per account and per IP, in Redis."""

import pytest
from asgiref.sync import sync_to_async

from amo.core import redis
from amo.users import ratelimit
from amo.users.models import User
from tests.users.helpers import log_in


@pytest.fixture
async def account(live_db):
    return await sync_to_async(User.objects.create_user)(
        email="user@example.com", username="user", password="x-Secret-123"
    )


async def test_account_is_locked_after_failures(account, async_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        response = await log_in(async_client, email="user@example.com", password="no")
        assert response.status_code == 200
    locked = await log_in(
        async_client, email="user@example.com", password="x-Secret-123"
    )
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed log-ins" in html
    assert "try again in 15 minutes" in html


async def test_success_resets_account_counter(account, async_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(2):
        await log_in(async_client, email="user@example.com", password="no")
    ok = await log_in(async_client, email="user@example.com", password="x-Secret-123")
    assert ok.status_code == 302
    limit = ratelimit.login_account_limit()
    assert await limit.retry_after("user@example.com") == 0
    await async_client.post("/en-US/firefox/users/logout/")
    for _ in range(2):
        await log_in(async_client, email="user@example.com", password="no")
    again = await log_in(
        async_client, email="user@example.com", password="x-Secret-123"
    )
    assert again.status_code == 302


async def test_ip_is_limited_across_accounts(account, async_client, settings):
    settings.LOGIN_FAILURES_PER_IP = 4
    for number in range(4):
        await log_in(async_client, email=f"other{number}@example.com", password="no")
    response = await log_in(
        async_client, email="user@example.com", password="x-Secret-123"
    )
    assert response.status_code == 429


async def test_limits_count_in_a_window(settings):
    limit = ratelimit.RateLimit("test-window", 2, 60)
    assert await limit.hit("k") == 1
    assert await limit.retry_after("k") == 0
    assert await limit.hit("k") == 2
    wait = await limit.retry_after("k")
    assert 0 < wait <= 60
    await limit.reset("k")
    assert await limit.retry_after("k") == 0


class BrokenRedis:
    async def get(self, key):
        raise ConnectionError("redis is down")

    incr = ttl = expire = delete = get


async def test_login_works_when_redis_fails(account, async_client, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(redis, "get_client", lambda: BrokenRedis())
        patch.setattr(ratelimit, "_last_warning", 0.0)
        bad = await log_in(async_client, email="user@example.com", password="no")
        ok = await log_in(
            async_client, email="user@example.com", password="x-Secret-123"
        )
    assert bad.status_code == 200
    assert ok.status_code == 302
