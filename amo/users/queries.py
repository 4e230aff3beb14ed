"""Async reads of users for the pages."""

from amo.core.cache import objects
from amo.users.models import User

# Profile pages print these fields only; the rest (email, password) stays
# out of the row, and out of the cache.
PROFILE_FIELDS = ("id", "username", "display_name", "homepage", "biography", "created")

# Ids are signed 64-bit integers on MariaDB and SQLite alike. A larger
# number names no user, and SQLite's driver cannot even bind it.
MAX_ID = 2**63 - 1

# A user as pages show them: the profile fields, and whether the account
# may be shown at all.
USER_KIND = objects.ObjectKind(
    "user",
    User,
    only=(*PROFILE_FIELDS, "deleted", "is_active"),
    lookups=("username",),
)


async def get_profile(key: str) -> User | None:
    """Return the active user whose id (all digits) or username is `key`.

    Users come from the object cache, by id or through the username's
    lookup key.
    """
    if key.isdigit() and int(key) <= MAX_ID:
        user = await objects.aget(USER_KIND, int(key))
        if _is_shown(user):
            return user
    # A username may be all digits too, so an id that matched no user is
    # tried as a username.
    user = await objects.aget_by(USER_KIND, "username", key)
    return user if _is_shown(user) else None


def _is_shown(user: User | None) -> bool:
    return user is not None and user.is_active and not user.deleted
