"""Structured logging: one event per line as key=value pairs.

The request id travels in structlog's contextvars, bound by
RequestContextMiddleware. Repeats of one event are rate limited, so a
backend that is down logs a few lines a minute instead of one per request.
"""

import logging
import logging.config
import random
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


class RepeatFilter(logging.Filter):
    """Drop a warning or error seen REPEAT_LIMIT times in the current window.

    It is a logging filter on the handler, so dropping a line never raises
    into the code that logs it. The first line after a window with drops
    carries `suppressed`, the number of lines that were dropped. Debug and
    info lines pass unlimited.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        message = record.msg
        # structlog's records carry the event dict; others a format string.
        event = message.get("event", "") if isinstance(message, dict) else message
        key = (record.name, str(event))
        now = time.monotonic()
        with _repeats_lock:
            started, seen = _repeats.get(key, (now, 0))
            if now - started > REPEAT_WINDOW:
                if seen > REPEAT_LIMIT:
                    suppressed = seen - REPEAT_LIMIT
                    if isinstance(message, dict):
                        message["suppressed"] = suppressed
                    else:
                        record.suppressed = suppressed
                started, seen = now, 0
            seen += 1
            _repeats[key] = (started, seen)
        return seen <= REPEAT_LIMIT


def configure(config: dict[str, Any]) -> None:
    """Set up structlog and the standard library's logging; Django calls it."""
    level = config.get("level", "INFO")
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
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
                    # `suppressed` is what RepeatFilter adds to other
                    # libraries' records.
                    "foreign_pre_chain": [
                        *shared,
                        structlog.stdlib.ExtraAdder(allow=["suppressed"]),
                    ],
                }
            },
            "filters": {"repeats": {"()": RepeatFilter}},
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "stream": sys.stderr,
                    "formatter": "structured",
                    "filters": ["repeats"],
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


def new_request_id() -> str:
    """Return a random id for one request, 16 hex digits.

    It ties the log lines and the X-Request-ID header of a request
    together and protects nothing, so the fast Mersenne Twister replaces
    the system's random source (a system call per request).
    """
    return f"{random.getrandbits(64):016x}"
