"""Permission checks for add-on authors, reviewers and admins.

Reviewers and admins are the Django groups REVIEWERS and ADMINS, created
by a migration; superusers count as both.
"""

from amo.addons.models import AddonUser
from amo.core.constants import AuthorRole
from amo.users.models import User

REVIEWERS = "Reviewers"
ADMINS = "Admins"


def _in_group(user: User, group: str) -> bool:
    if not user.is_authenticated or not user.is_active or user.deleted:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=group).exists()


def is_admin(user: User) -> bool:
    return _in_group(user, ADMINS)


def is_reviewer(user: User) -> bool:
    """Reviewers look at pending versions; admins may do it too."""
    return _in_group(user, REVIEWERS) or is_admin(user)


async def ais_admin(user: User) -> bool:
    if not user.is_authenticated or not user.is_active or user.deleted:
        return False
    if user.is_superuser:
        return True
    return await user.groups.filter(name=ADMINS).aexists()


async def ais_reviewer(user: User) -> bool:
    if not user.is_authenticated or not user.is_active or user.deleted:
        return False
    if user.is_superuser:
        return True
    return await user.groups.filter(name__in=(REVIEWERS, ADMINS)).aexists()


def author_role(user: User, addon_id: int) -> AuthorRole | None:
    """Return the role of `user` on the add-on, or None for a non-author."""
    if not user.is_authenticated or user.deleted:
        return None
    role = (
        AddonUser.objects.filter(addon_id=addon_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return None if role is None else AuthorRole(role)


async def aauthor_role(user: User, addon_id: int) -> AuthorRole | None:
    if not user.is_authenticated or user.deleted:
        return None
    role = await (
        AddonUser.objects.filter(addon_id=addon_id, user_id=user.pk)
        .values_list("role", flat=True)
        .afirst()
    )
    return None if role is None else AuthorRole(role)


def can_edit(user: User, addon_id: int) -> bool:
    """Owners and developers edit an add-on's listing and versions."""
    return author_role(user, addon_id) is not None


def can_manage_authors(user: User, addon_id: int) -> bool:
    """Only owners add, remove and reorder authors, or delete the add-on."""
    return author_role(user, addon_id) == AuthorRole.OWNER
