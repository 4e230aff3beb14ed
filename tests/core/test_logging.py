import logging

import structlog

from amo.core import logging as amo_logging


def record(message, level=logging.WARNING, name="amo.test"):
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_repeats_are_limited_then_counted(monkeypatch):
    monkeypatch.setattr(amo_logging, "_repeats", {})
    clock = [1000.0]
    monkeypatch.setattr(amo_logging.time, "monotonic", lambda: clock[0])
    repeat_filter = amo_logging.RepeatFilter()
    kept = sum(
        repeat_filter.filter(record({"event": "memcached call failed"}))
        for _ in range(20)
    )
    assert kept == amo_logging.REPEAT_LIMIT

    clock[0] += amo_logging.REPEAT_WINDOW + 1
    event = {"event": "memcached call failed"}
    assert repeat_filter.filter(record(event))
    assert event["suppressed"] == 20 - amo_logging.REPEAT_LIMIT


def test_records_of_other_libraries_are_limited_by_format_string(monkeypatch):
    monkeypatch.setattr(amo_logging, "_repeats", {})
    repeat_filter = amo_logging.RepeatFilter()
    results = [
        repeat_filter.filter(record("Forbidden (%s): %s", name="django.security"))
        for _ in range(8)
    ]
    assert results == [True] * amo_logging.REPEAT_LIMIT + [False] * 3


def test_info_events_are_never_limited(monkeypatch):
    monkeypatch.setattr(amo_logging, "_repeats", {})
    repeat_filter = amo_logging.RepeatFilter()
    assert all(
        repeat_filter.filter(record({"event": "request"}, level=logging.INFO))
        for _ in range(50)
    )


def test_dropped_lines_never_raise_into_the_caller(monkeypatch, capsys):
    monkeypatch.setattr(amo_logging, "_repeats", {})
    logger = structlog.get_logger("amo.tests.flood")
    stdlib_logger = logging.getLogger("django.request")
    for _ in range(30):
        logger.warning("backend down", backend="memcached")
        stdlib_logger.warning("Not Found: %s", "/x")
    # Reaching this line is the test: a dropped line raised nothing.
