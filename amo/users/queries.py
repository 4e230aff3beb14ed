"""Async reads of users for the pages."""

from amo.core import db
from amo.core.cache import objects
from amo.users.models import User

# Profile pages print these fields only; the rest (email, password) stays
# out of the row, and out of the cache.
PROFILE_FIELDS = ("id", "username", "display_name", "homepage", "biography", "created")

# A user as pages show them: the profile fields, and whether the account
# may be shown at all.
USER_KIND = objects.ObjectKind(
    "user",
    User,
    only=(*PROFILE_FIELDS, "deleted", "is_active"),
    lookups=("username",),
)


async def get_profile(key: str) -> User | None:
    """Return the active user whose id (all digits) or username is `key`."""
    queryset = User.objects.filter(deleted=False, is_active=True).only(*PROFILE_FIELDS)
    if key.isdigit():
        user = await db.fetch_one(queryset.filter(pk=int(key)))
        if user is not None:
            return user
    # A username may be all digits too, so an id that matched no user is
    # tried as a username.
    return await db.fetch_one(queryset.filter(username=key))
