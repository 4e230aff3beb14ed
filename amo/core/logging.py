"""Structured logging: one event per line as key=value pairs.

The request id travels in structlog's contextvars, bound by
RequestContextMiddleware. Repeats of one event are rate limited, so a
backend that is down logs a few lines a minute instead of one per request.
"""

import logging
import logging.config
import sys
import threading
import time
from typing import Any

import structlog

# At most this many lines of one (logger, event) pair per window.
REPEAT_LIMIT = 5
REPEAT_WINDOW = 60.0

_repeats: dict[tuple[str, str], tuple[float, int]] = {}
_repeats_lock = threading.Lock()


def limit_repeats(logger: Any, method: str, event: dict[str, Any]) -> dict[str, Any]:
    """Drop an event seen REPEAT_LIMIT times in the current window.

    The first event after a window with drops carries `suppressed`, the
    number of lines that were dropped.
    """
    if method in ("debug", "info"):
        return event
    key = (event.get("logger", ""), str(event.get("event", "")))
    now = time.monotonic()
    with _repeats_lock:
        started, seen = _repeats.get(key, (now, 0))
        if now - started > REPEAT_WINDOW:
            if seen > REPEAT_LIMIT:
                event["suppressed"] = seen - REPEAT_LIMIT
            started, seen = now, 0
        seen += 1
        _repeats[key] = (started, seen)
    if seen > REPEAT_LIMIT:
        raise structlog.DropEvent
    return event


def configure(config: dict[str, Any]) -> None:
    """Set up structlog and the standard library's logging; Django calls it."""
    level = config.get("level", "INFO")
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        limit_repeats,
    ]
    renderer = structlog.processors.KeyValueRenderer(
        key_order=["timestamp", "level", "logger", "event"], drop_missing=True
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "structured": {
                    "()": structlog.stdlib.ProcessorFormatter,
                    "processors": [
                        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                        # Records of other libraries (uvicorn, Django) carry
                        # exc_info as a tuple; this prints the traceback.
                        structlog.processors.format_exc_info,
                        renderer,
                    ],
                    "foreign_pre_chain": shared,
                }
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "stream": sys.stderr,
                    "formatter": "structured",
                }
            },
            "root": {"handlers": ["stderr"], "level": level},
            "loggers": {
                # uvicorn's access log repeats what the request log says.
                "uvicorn.access": {"level": "WARNING"},
                "django.request": {"level": "ERROR"},
            },
        }
    )
