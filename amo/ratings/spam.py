"""Spam checks of ratings, with their figures kept in Redis.

A rating is held for moderation (`held` and `needs_moderation` set) when
one of these checks hits:

- `numbers`: the user has written more than MAX_RATINGS_PER_WINDOW
  ratings within WINDOW_DAYS days, this one included. Redis keeps one
  counter per user and UTC day.
- `links`: the body contains link-like text that is not an http(s) URL,
  such as a bare domain ("example.com") or "www.". Bodies with http(s)
  URLs are rejected outright by amo.ratings.actions.
- `matches`: the body, normalised (case-folded, punctuation dropped,
  whitespace collapsed), equals that of the user's rating of another
  add-on. Redis keeps a digest of each rating's normalised body, with the
  rating and its add-on. The user's earlier rating of the same add-on
  does not count: rating a new version with the same text is no spam.

`check()` runs before the write and `record()` after it. Each hit is
logged and its reasons are stored in Redis under the rating's id, where
the moderation queue reads them (`reasons()`). When Redis fails, the
checks that need it are skipped and the failure is logged at most once a
minute: a rating is never refused or lost because Redis is down.
"""

import asyncio
import datetime
import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import structlog
from redis.exceptions import RedisError

from amo.core import redis

log = structlog.get_logger(__name__)

NUMBERS = "numbers"
LINKS = "links"
MATCHES = "matches"
REASONS = (NUMBERS, LINKS, MATCHES)

# More ratings than this within WINDOW_DAYS days are held.
MAX_RATINGS_PER_WINDOW = 10
WINDOW_DAYS = 30
# Seconds the digests of bodies and the reasons of held ratings are kept.
BODY_SECONDS = 365 * 86400
REASONS_SECONDS = 365 * 86400
# Seconds between two log lines about Redis failing; the ones in between
# are counted and the count is logged with the next line.
FAILURE_LOG_INTERVAL = 60.0

# Link-like text that is not an http(s) URL: "www." or a host name ending
# in a common top-level domain. Two-letter domains that are also English
# words ("is", "it", "to", "me") are left out, so sentences written
# without a space after the full stop ("works.It") do not match.
_TLDS = (
    "com|net|org|info|biz|io|co|ru|cn|de|uk|fr|nl|pl|xyz|top|site|online|shop"
    "|store|click|link|app|dev|ly|tk|gl|gg|cc|su|pw|ws|tv|club|vip|live"
)
LINK_LIKE = re.compile(
    rf"\bwww\.|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[^\w\s]+")


@dataclass
class Verdict:
    """The outcome of the checks of one rating's body."""

    reasons: list[str] = field(default_factory=list)
    # The digest of the normalised body, empty for an empty body.
    body_digest: str = ""
    # Whether the checks that need Redis ran.
    redis_checked: bool = True

    @property
    def held(self) -> bool:
        return bool(self.reasons)


_failures = 0
_last_failure_log = float("-inf")


def _redis_failed(step: str, error: BaseException) -> None:
    """Log a failed Redis call, at most once per FAILURE_LOG_INTERVAL."""
    global _failures, _last_failure_log
    _failures += 1
    now = time.monotonic()
    if now - _last_failure_log < FAILURE_LOG_INTERVAL:
        return
    log.warning(
        "rating spam check skipped, Redis failed",
        step=step,
        error=repr(error),
        failures=_failures,
    )
    _failures = 0
    _last_failure_log = now


REDIS_ERRORS = (RedisError, OSError, asyncio.TimeoutError)


def normalise(body: str) -> str:
    """Return `body` case-folded, without punctuation, spaces collapsed."""
    return " ".join(_NOT_WORD.sub(" ", body.casefold()).split())


def body_digest(body: str) -> str:
    text = normalise(body)
    if not text:
        return ""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def has_link_like_text(body: str) -> bool:
    return LINK_LIKE.search(body) is not None


def _day(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def count_key(user_id: int, day: datetime.date) -> str:
    return f"ratings:spam:count:{user_id}:{_day(day)}"


def body_key(user_id: int, digest: str) -> str:
    return f"ratings:spam:body:{user_id}:{digest}"


def reasons_key(rating_id: int) -> str:
    return f"ratings:spam:reasons:{rating_id}"


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def _window(today: datetime.date) -> list[datetime.date]:
    """The WINDOW_DAYS days that end with `today`."""
    return [today - datetime.timedelta(days=back) for back in range(WINDOW_DAYS)]


async def check(
    user_id: int,
    body: str,
    *,
    addon_id: int | None = None,
    rating_id: int | None = None,
    new: bool = True,
) -> Verdict:
    """Run the spam checks on a rating's `body` by user `user_id`.

    `rating_id` is the rating being edited (None for a new one): its own
    body does not count as a match, nor do the bodies of the user's other
    ratings of add-on `addon_id`. The `numbers` check runs for new ratings
    only. Nothing is written.
    """
    verdict = Verdict(body_digest=body_digest(body))
    if body and has_link_like_text(body):
        verdict.reasons.append(LINKS)
    client = redis.get_client()
    try:
        if new:
            pipe = client.pipeline(transaction=False)
            for day in _window(_today()):
                pipe.get(count_key(user_id, day))
            counts = await pipe.execute()
            earlier = sum(int(count or 0) for count in counts)
            # This rating would be number earlier + 1.
            if earlier + 1 > MAX_RATINGS_PER_WINDOW:
                verdict.reasons.append(NUMBERS)
        if verdict.body_digest:
            other = await client.get(body_key(user_id, verdict.body_digest))
            if other is not None and _is_other(other, rating_id, addon_id):
                verdict.reasons.append(MATCHES)
    except REDIS_ERRORS as error:
        verdict.redis_checked = False
        _redis_failed("check", error)
    verdict.reasons.sort(key=REASONS.index)
    return verdict


def _is_other(value: bytes | str, rating_id: int | None, addon_id: int | None) -> bool:
    """Whether a stored "<rating id>:<add-on id>" names a rating of another
    add-on than `addon_id`, other than `rating_id`. Values stored with the
    rating id alone count as another add-on's."""
    text = value.decode() if isinstance(value, bytes) else str(value)
    other_rating, _, other_addon = text.partition(":")
    if int(other_rating) == rating_id:
        return False
    return not (other_addon and addon_id is not None and int(other_addon) == addon_id)


async def record(
    user_id: int,
    rating_id: int,
    verdict: Verdict,
    *,
    addon_id: int | None = None,
    new: bool = True,
) -> None:
    """Store what the next checks compare with, and the reasons of a hit.

    Called once the rating is written: a new rating adds one to the user's
    counter of today, and the body's digest is stored under the rating id.
    """
    if verdict.held:
        log.warning(
            "rating held as spam",
            rating_id=rating_id,
            user_id=user_id,
            reasons=verdict.reasons,
        )
    client = redis.get_client()
    try:
        pipe = client.pipeline(transaction=False)
        if new:
            key = count_key(user_id, _today())
            pipe.incr(key)
            pipe.expire(key, (WINDOW_DAYS + 1) * 86400)
        if verdict.body_digest:
            value = str(rating_id) if addon_id is None else f"{rating_id}:{addon_id}"
            pipe.set(body_key(user_id, verdict.body_digest), value, ex=BODY_SECONDS)
        if verdict.held:
            pipe.set(
                reasons_key(rating_id), ",".join(verdict.reasons), ex=REASONS_SECONDS
            )
        await pipe.execute()
    except REDIS_ERRORS as error:
        _redis_failed("record", error)


async def reasons(rating_ids: Iterable[int]) -> dict[int, list[str]]:
    """Return the spam reasons stored for each of `rating_ids` that has any.

    Returns {} when Redis fails.
    """
    ids = list(rating_ids)
    if not ids:
        return {}
    client = redis.get_client()
    try:
        pipe = client.pipeline(transaction=False)
        for rating_id in ids:
            pipe.get(reasons_key(rating_id))
        values = await pipe.execute()
    except REDIS_ERRORS as error:
        _redis_failed("reasons", error)
        return {}
    found: dict[int, list[str]] = {}
    for rating_id, value in zip(ids, values, strict=True):
        if value:
            text = value.decode() if isinstance(value, bytes) else str(value)
            found[rating_id] = text.split(",")
    return found
