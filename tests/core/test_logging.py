import structlog

from amo.core import logging as amo_logging


def test_repeats_are_limited_then_counted(monkeypatch):
    monkeypatch.setattr(amo_logging, "_repeats", {})
    clock = [1000.0]
    monkeypatch.setattr(amo_logging.time, "monotonic", lambda: clock[0])
    kept = 0
    for _ in range(20):
        try:
            amo_logging.limit_repeats(None, "warning", {"event": "down", "logger": "x"})
            kept += 1
        except structlog.DropEvent:
            pass
    assert kept == amo_logging.REPEAT_LIMIT

    clock[0] += amo_logging.REPEAT_WINDOW + 1
    event = amo_logging.limit_repeats(None, "warning", {"event": "down", "logger": "x"})
    assert event["suppressed"] == 20 - amo_logging.REPEAT_LIMIT


def test_info_events_are_never_limited(monkeypatch):
    monkeypatch.setattr(amo_logging, "_repeats", {})
    for _ in range(50):
        amo_logging.limit_repeats(None, "info", {"event": "request", "logger": "x"})
