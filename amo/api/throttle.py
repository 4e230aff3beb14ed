"""Rate limits of the API's writes, per user, counted in Redis.

Each scope has one or more windows, such as 20 requests a minute and 200
an hour (settings.API_THROTTLE_RATES). A request increments one counter
per window, keyed by scope, user and window number, which expires with
its window; a counter past its limit makes the request a 429 with
Retry-After set to the seconds left in that window. When Redis fails the
request is let through and the failure logged: a limit is a protection,
and an outage of Redis must not stop submissions.
"""

import time
from dataclasses import dataclass

import structlog
from django.conf import settings
from django.utils.translation import gettext as _

from amo.api.responses import ApiError
from amo.core import redis

log = structlog.get_logger(__name__)

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def parse_rates(text: str) -> list[Rate]:
    """Parse "20/minute,200/hour" into rates; raise ValueError when invalid."""
    rates = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        count, _slash, unit = part.partition("/")
        if unit not in UNITS or not count.strip().isdigit():
            raise ValueError(
                f"Invalid rate {part!r}: write it as <requests>/<unit>, the "
                f"unit one of {', '.join(UNITS)}, such as 20/minute."
            )
        rates.append(Rate(int(count), UNITS[unit]))
    return rates


class Throttled(ApiError):
    status = 429

    def __init__(self, wait: int) -> None:
        super().__init__(
            {
                "detail": _(
                    "Request was throttled. Expected available in %(seconds)d seconds."
                )
                % {"seconds": wait}
            },
            headers={"Retry-After": str(wait)},
        )


async def check_rate(scope: str, user_id: int) -> None:
    """Count a request of `user_id` in `scope`; raise Throttled past a limit.

    Scopes without rates in settings.API_THROTTLE_RATES are not limited.
    """
    rates = parse_rates(settings.API_THROTTLE_RATES.get(scope, ""))
    if not rates:
        return
    now = time.time()
    client = redis.get_client()
    wait = 0
    try:
        for rate in rates:
            window = int(now // rate.seconds)
            key = f"throttle:{scope}:{user_id}:{rate.seconds}:{window}"
            count = await client.incr(key)
            if count == 1:
                await client.expire(key, rate.seconds)
            if count > rate.requests:
                left = int((window + 1) * rate.seconds - now) + 1
                wait = max(wait, left)
    except Exception as error:
        log.warning("throttle check failed", scope=scope, error=repr(error))
        return
    if wait:
        log.info("request throttled", scope=scope, user_id=user_id, wait=wait)
        raise Throttled(wait)
