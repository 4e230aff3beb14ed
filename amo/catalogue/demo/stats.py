"""Daily usage rows of the demo add-ons, so their statistics pages show data.

Each add-on gets DAYS rows of DailyUsers and DailyDownloads, ending with
the day before the load (the last complete UTC day). The figures come
from a generator seeded with SEED and the add-on's slug: a slow rise
toward the add-on's numbers, quieter weekends and a little noise. The
last seven days are then adjusted so that they agree with the add-on's
fields, as the popularity job computes them: their mean of daily users
is exactly `users` (average_daily_users), and their sum of downloads is
exactly the add-on's weekly_downloads.
"""

import datetime
import random

from amo.catalogue.demo.packages import firefox_version_at
from amo.catalogue.demo.schema import DemoAddon
from amo.stats.models import DailyDownloads, DailyUsers

DAYS = 90
WEEK = 7
# Shares of the download sources, by AMO's `src` values; "" is a link
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
        weekend = 0.9 if day.weekday() >= 5 else 1.0
        values.append(max(0, round(target * trend * weekend * rng.uniform(0.97, 1.03))))
    return values


def _fix_last_week(values: list[int], week_total: int) -> None:
    """Spread the difference to `week_total` over the last seven values."""
    difference = week_total - sum(values[-WEEK:])
    share, rest = divmod(difference, WEEK)
    for offset in range(WEEK):
        values[-WEEK + offset] += share + (1 if offset < rest else 0)
    # A large negative difference could leave a day below zero; moving its
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


def _application_weights(addon: DemoAddon, day: datetime.date) -> dict[str, float]:
    current = firefox_version_at(day)
    weights = {
        f"firefox {current}.0": 0.55,
        f"firefox {current - 1}.0": 0.22,
        f"firefox {current - 12}.0": 0.08,
    }
    if addon.android:
        weights[f"android {current}.0"] = 0.15
    return weights


def _locale_weights(addon: DemoAddon, rng: random.Random) -> dict[str, float]:
    locale = addon.target_locale or addon.default_locale
    weights = {code: rng.uniform(0.02, 0.12) for code in LOCALES}
    weights[locale] = weights.get(locale, 0) + 0.5
    return weights


def demo_daily_rows(
    addon: DemoAddon,
    addon_id: int,
    weekly_downloads: int,
    seed: int,
    today: datetime.date,
) -> tuple[list[DailyUsers], list[DailyDownloads]]:
    """Return the unsaved daily rows of one demo add-on, oldest first."""
    rng = random.Random(f"{seed}:stats:{addon.slug}")
    days = [today - datetime.timedelta(days=DAYS - index) for index in range(DAYS)]
    users = _curve(addon.users, days, rng)
    _fix_last_week(users, addon.users * WEEK)
    downloads = _curve(weekly_downloads / WEEK, days, rng)
    _fix_last_week(downloads, weekly_downloads)

    locales = _locale_weights(addon, rng)
    oses = {**OSES, "Android": 0.15} if addon.android else OSES
    user_rows = []
    download_rows = []
    for day, user_count, download_count in zip(days, users, downloads, strict=True):
        user_rows.append(
            DailyUsers(
                addon_id=addon_id,
                date=day,
                count=user_count,
                versions=_split(user_count, _jitter(_version_weights(addon, day), rng)),
                applications=_split(
                    user_count, _jitter(_application_weights(addon, day), rng)
                ),
                locales=_split(user_count, _jitter(locales, rng)),
                oses=_split(user_count, _jitter(oses, rng)),
            )
        )
        download_rows.append(
            DailyDownloads(
                addon_id=addon_id,
                date=day,
                count=download_count,
                sources=_split(download_count, _jitter(SOURCES, rng)),
            )
        )
    return user_rows, download_rows
