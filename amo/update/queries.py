"""The one database read behind an update check.

A single indexed query reads the add-on by its lower-cased guid (the
unique index on `addons.guid_key`) and, through a left join, every version
that may be offered: listed, not deleted, with an approved file and a
compatibility row for the requesting application. Versions come through
their add-on (the `version_history` index), files and compatibility rows
through their unique indexes on the version. The version comparisons are
done in Python afterwards (amo.update.manifest), because min and max are
stored as strings that only Firefox's rules order.
"""

from dataclasses import dataclass

from django.conf import settings

from amo.addons.models import Addon
from amo.core import db
from amo.core.cache import generations
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.core.db import replicas

# Statuses of add-ons that the site disabled or deleted: they get no update.
HIDDEN_STATUSES = (AddonStatus.DISABLED, AddonStatus.DELETED)

# The nested join keeps the add-on's row when no version qualifies. Release
# notes are only tested for text: '{}' is how an empty translated field is
# stored.
UPDATE_SQL = """
SELECT addons.id, addons.slug,
       versions.id, versions.version, compat.min, compat.max,
       files.id, files.filename, files.hash, files.strict_compatibility,
       CASE WHEN versions.release_notes IS NULL
                 OR versions.release_notes IN ('{}', 'null')
            THEN 0 ELSE 1 END
FROM addons
LEFT JOIN (
    versions
    INNER JOIN files
        ON files.version_id = versions.id AND files.status = %s
    INNER JOIN applications_versions compat
        ON compat.version_id = versions.id AND compat.application = %s
) ON versions.addon_id = addons.id
    AND versions.channel = %s
    AND versions.deleted = %s
WHERE addons.guid_key = %s
    AND addons.status NOT IN (%s, %s)
    AND addons.disabled_by_user = %s
ORDER BY versions.id DESC
"""


@dataclass(frozen=True)
class Candidate:
    """A version that may be offered, with its file and compatibility."""

    version_id: int
    version: str
    min: str
    max: str
    file_id: int
    filename: str
    hash: str
    strict_compatibility: bool
    has_release_notes: bool


@dataclass(frozen=True)
class AddonUpdates:
    """The add-on that a guid names, with its candidates, newest first."""

    id: int
    slug: str
    candidates: list[Candidate]


async def get_addon_updates(
    guid: str, app_id: int, *, generation: object = None
) -> AddonUpdates | None:
    """Return the add-on with guid `guid` and its candidates for `app_id`.

    None when no add-on has that guid (in any case), or when the site or its
    developer disabled it, or the site deleted it. `generation` is the
    add-on's update generation: a recent bump sends the read to the
    primary, which a lagging replica might not have caught up with.
    """
    params = (
        FileStatus.PUBLIC.value,
        app_id,
        Channel.LISTED.value,
        False,
        guid.lower(),
        *(status.value for status in HIDDEN_STATUSES),
        False,
    )
    recent = generations.is_recent(generation, settings.REPLICA_PIN_SECONDS)
    with db.use_primary() if recent else replicas.routing_a_read():
        alias = Addon.objects.db
    rows = await db.execute_sql(alias, UPDATE_SQL, params)
    if not rows:
        return None
    addon_id, slug = rows[0][0], rows[0][1]
    candidates = [
        Candidate(
            version_id=int(row[2]),
            version=row[3],
            min=row[4],
            max=row[5],
            file_id=int(row[6]),
            filename=row[7],
            hash=row[8] or "",
            strict_compatibility=bool(row[9]),
            has_release_notes=bool(row[10]),
        )
        for row in rows
        if row[2] is not None
    ]
    return AddonUpdates(id=int(addon_id), slug=slug, candidates=candidates)
