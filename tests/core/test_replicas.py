"""The per-process record of replicas that are down, and the router on it."""

import logging

import pytest

from amo.addons.models import Tag
from amo.core.db import replicas, use_primary
from amo.core.db.routers import ReplicaRouter


@pytest.fixture
def clock(monkeypatch):
    """A monotonic clock that the test moves by hand."""
    now = [1000.0]
    monkeypatch.setattr(replicas.time, "monotonic", lambda: now[0])
    replicas.reset()
    yield now
    replicas.reset()


@pytest.fixture
def two_replicas(settings):
    settings.REPLICA_DATABASES = ["replica", "replica2"]


def test_replica_is_usable_until_marked_down(clock):
    assert replicas.is_usable("replica")
    replicas.mark_down("replica", "connection refused")
    assert not replicas.is_usable("replica")
    assert replicas.outage_reason("replica") == "connection refused"


def test_probe_is_claimed_once_per_interval(clock):
    replicas.mark_down("replica", "connection refused")
    clock[0] += replicas.RETRY_SECONDS
    with replicas.routing_a_read():
        assert replicas.is_usable("replica")
        # The probe is out; other reads keep to the primary.
        assert not replicas.is_usable("replica")
    clock[0] += replicas.RETRY_SECONDS - 0.1
    with replicas.routing_a_read():
        assert not replicas.is_usable("replica")
    # A probe that never reported back leaves the claim to the next read.
    clock[0] += 0.1
    with replicas.routing_a_read():
        assert replicas.is_usable("replica")


def test_only_async_reads_probe(clock):
    replicas.mark_down("replica", "connection refused")
    clock[0] += replicas.RETRY_SECONDS * 3
    # Django calls the router outside the async layer too, for instance
    # from related managers; those calls never claim the probe.
    assert not replicas.is_usable("replica")
    with replicas.routing_a_read():
        assert replicas.is_usable("replica")


def test_probe_success_brings_the_replica_back(clock, caplog):
    replicas.mark_down("replica", "connection refused")
    clock[0] += replicas.RETRY_SECONDS + 2.5
    with replicas.routing_a_read():
        assert replicas.is_usable("replica")
    with caplog.at_level(logging.INFO, logger="amo.core.db.replicas"):
        replicas.mark_up("replica")
        replicas.mark_up("replica")
    assert replicas.is_usable("replica")
    assert replicas.outage_reason("replica") is None
    [event] = [
        record.msg
        for record in caplog.records
        if record.msg["event"] == "database replica available again"
    ]
    assert event["down_seconds"] == replicas.RETRY_SECONDS + 2.5


def test_failures_in_flight_log_once(clock, caplog):
    with caplog.at_level(logging.WARNING, logger="amo.core.db.replicas"):
        for _ in range(10):
            replicas.mark_down("replica", "lost connection")
        clock[0] += replicas.RETRY_SECONDS
        with replicas.routing_a_read():
            assert replicas.is_usable("replica")
        replicas.mark_down("replica", "connection refused")
    events = [record.msg for record in caplog.records]
    assert [event["first_failure"] for event in events] == [True, False]
    assert events[1]["reason"] == "connection refused"
    assert events[1]["down_seconds"] == replicas.RETRY_SECONDS
    assert not replicas.is_usable("replica")


def test_router_reads_the_primary_when_replicas_are_down(clock, two_replicas):
    router = ReplicaRouter()
    replicas.mark_down("replica", "down")
    assert {router.db_for_read(Tag) for _ in range(20)} == {"replica2"}
    replicas.mark_down("replica2", "down")
    assert router.db_for_read(Tag) == "default"
    assert router.db_for_write(Tag) == "default"


def test_router_spreads_reads_over_usable_replicas(clock, two_replicas):
    router = ReplicaRouter()
    assert {router.db_for_read(Tag) for _ in range(50)} == {"replica", "replica2"}
    with use_primary():
        assert router.db_for_read(Tag) == "default"
