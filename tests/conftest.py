"""Shared fixtures: real databases, the async pools, services and factories.

Tests run against the database that AMO_DATABASE_URL names (MariaDB in CI)
or, with none, the embedded SQLite file. Django's test runner creates the
test database; the async pools are opened once per session on the
session's event loop and read that same database.

Rows read through the async pools must be committed, so tests that read
through them use `transactional_db` (or the `catalogue` fixtures built on
it): each such test flushes the database at its end, and the reference
rows (categories, licences) are created again before the next one.
"""

import logging
import os
import shutil
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import hypothesis
import pytest

# Hypothesis judges a test by the time it takes to generate data and run.
# CI's two cores are shared with live servers and browsers, so timing says
# nothing about the code there: only the properties are checked.
hypothesis.settings.register_profile(
    "amo",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("amo")

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
FIXTURES_DIR = SHARED_DIR / "fixtures"
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"


def services_required() -> bool:
    """True when a test that needs a service must fail instead of skipping."""
    return os.environ.get("AMO_REQUIRE_SERVICES", "") == "1"


def skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (AMO_REQUIRE_SERVICES=1 makes this a failure)")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def uses_mysql() -> bool:
    return os.environ.get("AMO_DATABASE_URL", "").startswith(("mysql://", "mariadb://"))


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The shared real add-on data; tests that need it skip without it."""
    if not FIXTURES_DIR.is_dir():
        skip_or_fail(f"the shared fixtures are missing at {FIXTURES_DIR}")
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory) -> Iterator[Path]:
    """Give every test its own MEDIA_ROOT."""
    root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = root
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    from django.core.cache import caches

    from amo.core.cache import objects

    yield
    caches["default"].clear()
    # Loads that finished in this test stay joinable for a moment; the next
    # test's rows would be read from them.
    objects.forget_flights()


@pytest.fixture
def log_events(caplog) -> Callable[[], list[dict]]:
    """The structlog events the test logs, as dicts, read through `caplog`.

    structlog's `capture_logs` misses loggers that were cached before it
    started, so tests read the records the standard library handled.
    """
    caplog.set_level(logging.DEBUG)

    def events() -> list[dict]:
        return [record.msg for record in caplog.records if isinstance(record.msg, dict)]

    return events


@pytest.fixture(scope="session", autouse=True)
def _static_files() -> None:
    """Collect the static files once, so pages find their hashed names."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
async def db_pools(django_db_setup, django_db_blocker) -> AsyncIterator[None]:
    """Open the async pools on the session's loop, on the test database."""
    from amo.core import lifespan

    with django_db_blocker.unblock():
        await lifespan.startup()
    yield
    await lifespan.shutdown()


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Categories and licences, which a flush removes, created again."""
    from amo.core.reference import create_reference_data

    create_reference_data()


@pytest.fixture
async def live_db(db_pools, reference_data) -> None:
    """A committed database the async pools read, flushed after the test."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Let database tests use every alias, and make live_db tests flush.

    The `replica` alias reads the primary in tests (a test mirror), but the
    router still sends reads to it, so tests must be allowed to use it.
    """
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "live_db" in fixtures:
            item.add_marker(
                pytest.mark.django_db(transaction=True, databases="__all__"),
                append=False,
            )
        elif item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
            fixtures
        ):
            marker = item.get_closest_marker("django_db")
            transaction = bool(marker and marker.kwargs.get("transaction"))
            # Prepended, so it is the marker pytest-django reads.
            item.add_marker(
                pytest.mark.django_db(transaction=transaction, databases="__all__"),
                append=False,
            )
