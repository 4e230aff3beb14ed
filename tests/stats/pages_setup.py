"""Add-ons, people and daily rows for the statistics page tests."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group

from amo.addons.models import Addon, AddonUser
from amo.core.constants import AuthorRole
from amo.stats.models import DailyDownloads, DailyUsers
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from tests.factories import AddonFactory, UserFactory

SLUG = "tab-keeper"
STATS = f"/en-US/firefox/addon/{SLUG}/statistics/"


@dataclass
class People:
    """An add-on with its two authors, and people who are not authors."""

    addon: Addon
    owner: User
    developer: User
    outsider: User
    reviewer: User
    admin: User


def grouped_user(username: str, group: str) -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def build_people(**addon_fields: Any) -> People:
    owner = UserFactory(username="olga")
    developer = UserFactory(username="dev")
    addon = AddonFactory(
        slug=SLUG, name={"en-US": "Tab Keeper"}, authors=[owner], **addon_fields
    )
    AddonUser.objects.create(
        addon=addon, user=developer, role=AuthorRole.DEVELOPER, position=1
    )
    return People(
        addon=addon,
        owner=owner,
        developer=developer,
        outsider=UserFactory(username="stranger"),
        reviewer=grouped_user("rita", REVIEWERS),
        admin=grouped_user("adam", ADMINS),
    )


def add_users(addon: Addon, day: datetime.date, count: int, **breakdowns: Any) -> None:
    DailyUsers.objects.create(addon=addon, date=day, count=count, **breakdowns)


def add_downloads(
    addon: Addon, day: datetime.date, count: int, sources: dict[str, int] | None = None
) -> None:
    DailyDownloads.objects.create(
        addon=addon, date=day, count=count, sources=sources or {}
    )
