"""Daily usage rows of the demo add-ons, so their statistics pages show data.

Each add-on gets DAYS rows of DailyUsers and DailyDownloads, ending with
the day before the load (the last complete UTC day). A demo started on a
later day gets the rows of the days since (demo_rows_for_days), so its
statistics and popularity figures do not fade to zero. The figures come
from a generator seeded with SEED and the add-on's slug: a slow rise
toward the add-on's numbers, quieter weekends and a little noise. The
last seven days are then adjusted so that they agree with the add-on's
fields, as the popularity job computes them: their mean of daily users
is exactly `users` (average_daily_users), and their sum of downloads is
exactly the add-on's weekly_downloads.
"""

import datetime
import functools
import random

from amo.catalogue.demo.packages import firefox_version_at
from amo.catalogue.demo.schema import DemoAddon
from amo.stats.models import DailyDownloads, DailyUsers

DAYS = 90
WEEK = 7
# Figures of Saturdays and Sundays against those of weekdays.
WEEKEND = 0.9
# Shares of the download sources, by AMO's `src` values. "" is a link
# without one.
SOURCES = {
    "dp-btn-primary": 0.45,
    "search": 0.3,
    "homepage-primary": 0.1,
    "collection": 0.05,
    "": 0.1,
}
# Languages of the browsers besides the add-on's default locale.
LOCALES = ("en-US", "de", "fr", "es-ES", "ja", "pt-BR", "ru", "pl", "it", "zh-CN")
OSES = {"WINNT": 0.72, "Darwin": 0.15, "Linux": 0.1, "other": 0.03}


def _split(count: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `count` by `weights` into whole numbers that add up to it.

    Largest remainder: each value gets the floor of its share, and the
    units left over go to the largest fractions (ties by value).
    """
    total = sum(weights.values())
    if count <= 0 or total <= 0:
        return {}
    shares = {key: count * weight / total for key, weight in weights.items()}
    parts = {key: int(share) for key, share in shares.items()}
    left = count - sum(parts.values())
    by_fraction = sorted(shares, key=lambda key: (parts[key] - shares[key], key))
    for key in by_fraction[:left]:
        parts[key] += 1
    return {key: part for key, part in parts.items() if part}


def _jitter(weights: dict[str, float], rng: random.Random) -> dict[str, float]:
    return {key: weight * rng.uniform(0.9, 1.1) for key, weight in weights.items()}


def _curve(target: float, days: list[datetime.date], rng: random.Random) -> list[int]:
    """Return a figure per day that rises toward `target`."""
    start_level = rng.uniform(0.75, 1.0)
    values = []
    for index, day in enumerate(days):
        trend = start_level + (1 - start_level) * index / max(1, len(days) - 1)
        weekend = WEEKEND if day.weekday() >= 5 else 1.0
        values.append(max(0, round(target * trend * weekend * rng.uniform(0.97, 1.03))))
    return values


def _fix_last_week(values: list[int], week_total: int) -> None:
    """Spread the difference to `week_total` over the last seven values."""
    difference = week_total - sum(values[-WEEK:])
    share, rest = divmod(difference, WEEK)
    for offset in range(WEEK):
        values[-WEEK + offset] += share + (1 if offset < rest else 0)
    # A large negative difference could leave a day below zero. Moving its
    # deficit to the largest day keeps the total.
    for offset in range(WEEK):
        index = len(values) - WEEK + offset
        if values[index] < 0:
            largest = max(
                range(len(values) - WEEK, len(values)), key=values.__getitem__
            )
            values[largest] += values[index]
            values[index] = 0


def _version_weights(addon: DemoAddon, day: datetime.date) -> dict[str, float]:
    """Users by version on `day`: most on the newest listed version."""
    released = sorted(
        (v for v in addon.versions if v.listed and v.released.date() <= day),
        key=lambda v: v.released,
    )
    if not released:
        released = sorted(
            (v for v in addon.versions if v.listed), key=lambda v: v.released
        )[:1]
    weights = {}
    share = 0.7
    for version in reversed(released):
        weights[version.version] = share
        share = max(share / 3, 0.01)
    return weights


# Days until a new Firefox release has the share of users that the one
# before it had.
ADOPTION_DAYS = 14


@functools.cache
def _days_since_release(day: datetime.date) -> int:
    """Return the days since the Firefox of `day` came out, at most
    ADOPTION_DAYS."""
    current = firefox_version_at(day)
    days = 0
    while days < ADOPTION_DAYS:
        if firefox_version_at(day - datetime.timedelta(days=days + 1)) != current:
            break
        days += 1
    return days


def _application_weights(addon: DemoAddon, day: datetime.date) -> dict[str, float]:
    """Users by Firefox version: a new release takes over in two weeks."""
    current = firefox_version_at(day)
    adopted = min(1.0, (_days_since_release(day) + 1) / ADOPTION_DAYS)
    weights = {
        f"firefox {current}.0": 0.6 * adopted,
        f"firefox {current - 1}.0": 0.6 * (1 - adopted) + 0.17,
        f"firefox {current - 12}.0": 0.08,
    }
    if addon.android:
        weights[f"android {current}.0"] = 0.15
    return weights


def _locale_weights(addon: DemoAddon, seed: int) -> dict[str, float]:
    """Users by locale: the same shares on every day of one add-on."""
    rng = random.Random(f"{seed}:locales:{addon.slug}")
    locale = addon.target_locale or addon.default_locale
    weights = {code: rng.uniform(0.02, 0.12) for code in LOCALES}
    weights[locale] = weights.get(locale, 0) + 0.5
    return weights


def _day_rows(
    addon: DemoAddon,
    addon_id: int,
    day: datetime.date,
    counts: tuple[int, int],
    seed: int,
    rng: random.Random,
) -> tuple[DailyUsers, DailyDownloads]:
    """Return the rows of one day with `counts` of users and downloads,
    each split into its breakdowns."""
    users, downloads = counts
    oses = {**OSES, "Android": 0.15} if addon.android else OSES
    user_row = DailyUsers(
        addon_id=addon_id,
        date=day,
        count=users,
        versions=_split(users, _jitter(_version_weights(addon, day), rng)),
        applications=_split(users, _jitter(_application_weights(addon, day), rng)),
        locales=_split(users, _jitter(_locale_weights(addon, seed), rng)),
        oses=_split(users, _jitter(oses, rng)),
    )
    download_row = DailyDownloads(
        addon_id=addon_id,
        date=day,
        count=downloads,
        sources=_split(downloads, _jitter(SOURCES, rng)),
    )
    return user_row, download_row


def demo_daily_rows(
    addon: DemoAddon,
    addon_id: int,
    weekly_downloads: int,
    seed: int,
    today: datetime.date,
) -> tuple[list[DailyUsers], list[DailyDownloads]]:
    """Return the unsaved rows of the DAYS days before `today`, oldest
    first, for one demo add-on."""
    rng = random.Random(f"{seed}:stats:{addon.slug}")
    days = [today - datetime.timedelta(days=DAYS - index) for index in range(DAYS)]
    users = _curve(addon.users, days, rng)
    _fix_last_week(users, addon.users * WEEK)
    downloads = _curve(weekly_downloads / WEEK, days, rng)
    _fix_last_week(downloads, weekly_downloads)

    user_rows = []
    download_rows = []
    for day, counts in zip(days, zip(users, downloads, strict=True), strict=True):
        user_row, download_row = _day_rows(addon, addon_id, day, counts, seed, rng)
        user_rows.append(user_row)
        download_rows.append(download_row)
    return user_rows, download_rows


def demo_rows_for_days(
    addon: DemoAddon,
    addon_id: int,
    weekly_downloads: int,
    seed: int,
    days: list[datetime.date],
) -> tuple[list[DailyUsers], list[DailyDownloads]]:
    """Return unsaved rows of `days` at the add-on's own level, for a demo
    that runs on days after its load.

    Each day's figures come from a generator seeded with the day, so they
    do not depend on which other days are asked for. A week of them has
    a mean near `users`, so the popularity job keeps the add-on's figures
    near the catalogue's, but not exactly at them.
    """
    weekday = WEEK / (5 + 2 * WEEKEND)
    user_rows = []
    download_rows = []
    for day in days:
        rng = random.Random(f"{seed}:stats:{addon.slug}:{day.isoformat()}")
        factor = weekday * (WEEKEND if day.weekday() >= 5 else 1.0)
        users = round(addon.users * factor * rng.uniform(0.97, 1.03))
        downloads = round(weekly_downloads / WEEK * factor * rng.uniform(0.9, 1.1))
        user_row, download_row = _day_rows(
            addon, addon_id, day, (users, downloads), seed, rng
        )
        user_rows.append(user_row)
        download_rows.append(download_row)
    return user_rows, download_rows
