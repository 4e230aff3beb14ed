"""Rows that the old site's URLs name, and clients to follow redirects."""

from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group
from django.test import AsyncClient
from django.utils import timezone

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, PromotedCategory
from amo.users.models import User
from amo.users.permissions import REVIEWERS
from amo.versions.models import Version
from tests.factories import AddonFactory, UserFactory

# addons.mozilla.org ids, as the importer stores them in amo_id.
OLD_ADDON_ID = 1865
OLD_HIDDEN_ADDON_ID = 777
OLD_USER_ID = 4242


@dataclass
class OldSite:
    """The rows behind the old URLs of the tests."""

    # A listed extension with an old id, an EULA and a privacy policy.
    addon: Addon
    version: Version
    author: User
    # A listed extension without an old id: its primary key is its id.
    plain: Addon
    # An add-on awaiting review, whose slug only its authors may learn.
    hidden: Addon
    reviewer: User


def make_reviewer() -> User:
    reviewer = UserFactory(username="rita")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS)[0])
    return reviewer


def build_old_site() -> OldSite:
    author = UserFactory(
        username="jane", amo_id=OLD_USER_ID, read_dev_agreement=timezone.now()
    )
    addon = AddonFactory(
        slug="tab-tamer",
        amo_id=OLD_ADDON_ID,
        name={"en-US": "Tab Tamer"},
        eula={"en-US": "Be nice."},
        privacy_policy={"en-US": "We collect nothing."},
        promoted=PromotedCategory.RECOMMENDED,
        authors=[author],
        categories=["bookmarks"],
    )
    plain = AddonFactory(slug="plain-addon", name={"en-US": "Plain"}, authors=[author])
    hidden = AddonFactory(
        slug="secret-draft",
        amo_id=OLD_HIDDEN_ADDON_ID,
        status=AddonStatus.NOMINATED,
        authors=[author],
    )
    return OldSite(
        addon=addon,
        version=addon.current_version,
        author=author,
        plain=plain,
        hidden=hidden,
        reviewer=make_reviewer(),
    )


@pytest.fixture
async def old_site(live_db) -> OldSite:
    return await sync_to_async(build_old_site)()


async def signed_in(user: User) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user)
    return client
