"""The ratings of the demo catalogue: made-up reviews by made-up users.

Each demo add-on gets a few ratings whose stars lean towards the add-on's
`rating`, most with a short review and a few with a reply by the add-on's
first author. Some raters rated an older version first, so the history
shows superseded ratings. Everything comes from a generator seeded with
SEED and the add-on's slug, so two loads write the same rows.

The add-on's figures (count, average, bayesian average, counts by star)
are then computed from these rows by amo.ratings.aggregates, with no
imported baseline. The site-wide means of the bayesian average are those
of the whole demo catalogue's planned ratings, so each add-on gets the
figures it has once every demo add-on is loaded.
"""

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass

from amo.addons.models import Addon
from amo.catalogue.demo.schema import DemoAddon
from amo.core.constants import Channel, FileStatus
from amo.ratings import aggregates
from amo.ratings.models import Rating, RatingAggregate
from amo.users.models import User
from amo.versions.models import Version

SEED = "amo-demo-ratings-1"
# (username, display name, biography) of the users who write the demo
# reviews. They cannot sign in.
RATERS = (
    ("mira.k", "Mira K.", "Keeps too many tabs open and reviews what helps."),
    ("tobias_w", "Tobias W.", "Web developer; tries every new devtools add-on."),
    ("lin.chen", "Lin Chen", "Reads in four languages, dictionaries included."),
    ("andre-s", "André S.", "Privacy first, convenience second."),
    ("priya.r", "Priya R.", "Student. Likes themes with dark colours."),
    ("jonas.b", "Jonas B.", "Uses Firefox on three computers and a phone."),
    ("sofia.m", "Sofía M.", "Writes short reviews of the add-ons she keeps."),
    ("kwame.o", "Kwame O.", "Tests add-ons on slow connections."),
    ("ines.d", "Inês D.", "Librarian; collects search engines."),
    ("oskar.n", "Oskar N.", "Keyboard shortcuts for everything."),
    ("hana.t", "Hana T.", "Designer who notices every pixel."),
    ("leo.f", "Leo F.", "Retired engineer, careful about permissions."),
)
MIN_RATINGS = 3
MAX_RATINGS = 9
# Share of ratings that come without a review text.
NO_TEXT_SHARE = 0.2
# Share of raters who rated an older version before the current one.
EARLIER_SHARE = 0.25

REVIEWS = {
    5: (
        "Does exactly what it promises, and stays out of the way.",
        "I install this on every new profile. Fast and reliable.",
        "Simple settings, sensible defaults, no surprises. Recommended.",
        "Works perfectly after the last update. Thank you!",
        "One of the few add-ons I would not want to miss.",
    ),
    4: (
        "Very useful. A couple of options are hard to find, but it works well.",
        "Good add-on; it would be perfect with a keyboard shortcut.",
        "Does the job. The settings page could be clearer.",
        "Solid and light. I miss a way to export my settings.",
    ),
    3: (
        "It works, but I expected a bit more from it.",
        "Useful at times, though it slowed down with many tabs open.",
        "Fine for basic use. The newer version changed a feature I liked.",
    ),
    2: (
        "It stopped working for me on some pages after the update.",
        "Too many settings for what it does, and some do nothing.",
        "Promising, but it forgets my choices after a restart.",
    ),
    1: (
        "Did not work at all on my machine.",
        "It broke a site I use every day, so I removed it.",
    ),
}
REPLIES = (
    "Thanks for the report. The next version fixes this; please try it.",
    "Sorry about that! Could you send the details through the support page?",
    "Thank you for the feedback, we are looking into it.",
)


@dataclass(frozen=True)
class PlannedRating:
    rater: int
    score: int
    body: str
    # Days after the version's release.
    days_after: int
    on_earlier_version: bool = False
    reply: str = ""


def _score(rng: random.Random, mean: float) -> int:
    """Return a star count near `mean`, from 1 to 5."""
    return min(5, max(1, round(rng.gauss(mean, 0.9))))


def plan(addon: DemoAddon) -> list[PlannedRating]:
    """Return the ratings of one demo add-on; the same on every call."""
    rng = random.Random(f"{SEED}:{addon.slug}")
    count = min(MAX_RATINGS, MIN_RATINGS + len(str(max(addon.users, 1))) - 1)
    count = max(MIN_RATINGS, min(MAX_RATINGS, count + rng.randint(-1, 2)))
    raters = rng.sample(range(len(RATERS)), count)
    listed = [version for version in addon.versions if version.listed]
    planned: list[PlannedRating] = []
    for rater in raters:
        score = _score(rng, addon.rating or 4.0)
        body = "" if rng.random() < NO_TEXT_SHARE else rng.choice(REVIEWS[score])
        earlier = len(listed) > 1 and rng.random() < EARLIER_SHARE
        if earlier:
            older = _score(rng, addon.rating or 4.0)
            planned.append(
                PlannedRating(
                    rater,
                    older,
                    rng.choice(REVIEWS[older]),
                    rng.randint(1, 20),
                    on_earlier_version=True,
                )
            )
        reply = rng.choice(REPLIES) if score <= 2 and body else ""
        planned.append(
            PlannedRating(rater, score, body, rng.randint(1, 60), reply=reply)
        )
    return planned


def site_means(addons: Iterable[DemoAddon]) -> aggregates.SiteMeans:
    """Return the means of the bayesian average over the demo catalogue.

    Only the current ratings count, as in amo.ratings.aggregates: the
    last planned rating of each rater.
    """
    counts = []
    averages = []
    for addon in addons:
        current = [rating for rating in plan(addon) if not rating.on_earlier_version]
        if current:
            counts.append(len(current))
            averages.append(sum(rating.score for rating in current) / len(current))
    if not counts:
        return aggregates.SiteMeans(count=0.0, average=0.0)
    return aggregates.SiteMeans(
        count=sum(counts) / len(counts), average=sum(averages) / len(averages)
    )


# The means of each catalogue, by its slugs: a load computes them once.
_means_by_catalogue: dict[tuple[str, ...], aggregates.SiteMeans] = {}


def _cached_site_means(addons: tuple[DemoAddon, ...]) -> aggregates.SiteMeans:
    key = tuple(addon.slug for addon in addons)
    if key not in _means_by_catalogue:
        _means_by_catalogue[key] = site_means(addons)
    return _means_by_catalogue[key]


def _raters() -> list[User]:
    users = []
    for username, display_name, biography in RATERS:
        user, created = User.objects.get_or_create(
            email=f"{username}@raters.demo.example.com",
            defaults={
                "username": username,
                "display_name": display_name,
                "biography": biography,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def seed_ratings(
    record: Addon, addon: DemoAddon, all_addons: Iterable[DemoAddon]
) -> int:
    """Write the demo ratings of `record` and compute its figures from
    them; return how many ratings and replies were written.

    Runs in the caller's transaction, after the add-on's versions and
    authors exist.
    """
    versions = list(
        Version.objects.filter(
            addon=record.pk,
            channel=Channel.LISTED,
            deleted=False,
            file__status=FileStatus.PUBLIC,
        ).order_by("created", "id")
    )
    # The figures come from the rows alone: no imported baseline.
    RatingAggregate.objects.update_or_create(
        addon=record,
        defaults={
            "baseline_count": 0,
            "baseline_score_sum": 0,
            "baseline_text_count": 0,
        },
    )
    written = 0
    current = versions[-1] if versions else None
    earlier = versions[-2] if len(versions) > 1 else None
    author = record.addonusers.order_by("position").first()
    if current is not None:
        raters = _raters()
        previous: dict[int, Rating] = {}
        for planned in plan(addon):
            version = earlier if planned.on_earlier_version else current
            if version is None:
                continue
            created = _after(version, planned.days_after)
            older = previous.get(planned.rater)
            rating = Rating.objects.create(
                addon=record,
                version=version,
                user=raters[planned.rater],
                score=planned.score,
                body=planned.body,
                created=created,
                is_latest=True,
                previous_count=1 if older is not None else 0,
            )
            written += 1
            if older is not None:
                older.is_latest = False
                older.save(update_fields=["is_latest", "modified"])
            previous[planned.rater] = rating
            if planned.reply and author is not None:
                Rating.objects.create(
                    addon=record,
                    user_id=author.user_id,
                    reply_to=rating,
                    body=planned.reply,
                    created=created + datetime.timedelta(days=2),
                )
                written += 1
    aggregates.update(record.pk, means=_cached_site_means(tuple(all_addons)))
    return written


def _after(version: Version, days: int) -> datetime.datetime:
    start = version.created
    moment = start + datetime.timedelta(days=days, hours=days % 9)
    now = datetime.datetime.now(datetime.UTC)
    return min(moment, now - datetime.timedelta(hours=1))
