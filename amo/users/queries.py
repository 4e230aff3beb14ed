"""Async reads of users for the pages."""

from amo.core import db
from amo.core.cache import objects
from amo.core.db import use_primary
from amo.users.models import APIKey, User

# Profile pages print these fields only; the rest (email, password) stays
# out of the row, and out of the cache.
PROFILE_FIELDS = (
    "id",
    "username",
    "display_name",
    "homepage",
    "biography",
    "picture_hash",
    "created",
)

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
    # isascii() keeps out other scripts' digits, and the length keeps int()
    # from raising ValueError on thousands of digits.
    if key.isascii() and key.isdigit() and len(key) <= 19 and int(key) <= MAX_ID:
        user = await objects.aget(USER_KIND, int(key))
        if _is_shown(user):
            return user
    # A username may be all digits too, so an id that matched no user is
    # tried as a username.
    user = await objects.aget_by(USER_KIND, "username", key)
    return user if _is_shown(user) else None


def _is_shown(user: User | None) -> bool:
    return user is not None and user.is_active and not user.deleted


# --- Accounts -------------------------------------------------------------
# The account pages and the log-in read from the primary: they act on what
# they read, and a replica may not have the last write yet.


async def get_account(user_id: int) -> User | None:
    """Return the whole user row with id `user_id`, from the primary."""
    with use_primary():
        return await db.fetch_one(User.objects.filter(pk=user_id))


async def get_account_by_email(email: str) -> User | None:
    """Return the user whose address is `email` in any letter case."""
    with use_primary():
        return await db.fetch_one(User.objects.filter(email__iexact=email))


async def email_taken(email: str, *, exclude_id: int | None = None) -> bool:
    queryset = User.objects.filter(email__iexact=email)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    with use_primary():
        return await db.exists(queryset)


async def username_taken(username: str, *, exclude_id: int | None = None) -> bool:
    queryset = User.objects.filter(username__iexact=username)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    with use_primary():
        return await db.exists(queryset)


async def get_active_api_key(user_id: int) -> APIKey | None:
    """Return the user's active API key, without its secret."""
    with use_primary():
        return await db.fetch_one(
            APIKey.objects.filter(user_id=user_id, is_active=True).only(
                "id", "user_id", "key", "created", "is_active"
            )
        )
