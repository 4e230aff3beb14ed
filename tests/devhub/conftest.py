"""Fixtures of the developer hub tests: authors, add-ons, signed-in clients."""

import io
from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.utils import timezone
from PIL import Image

from amo.addons.models import AddonUser
from amo.core.constants import AuthorRole
from tests.factories import AddonFactory, UserFactory


@dataclass
class Team:
    """An add-on with an owner and a developer, and an outsider."""

    addon: object
    owner: object
    developer: object
    outsider: object


def build_team() -> Team:
    owner = UserFactory(username="olga", read_dev_agreement=timezone.now())
    developer = UserFactory(username="dev", read_dev_agreement=timezone.now())
    outsider = UserFactory(username="stranger", read_dev_agreement=timezone.now())
    addon = AddonFactory(
        name={"en-US": "Tab Keeper"}, slug="tab-keeper", authors=[owner]
    )
    AddonUser.objects.create(
        addon=addon, user=developer, role=AuthorRole.DEVELOPER, position=1
    )
    return Team(addon, owner, developer, outsider)


@pytest.fixture
async def team(live_db) -> Team:
    return await sync_to_async(build_team)()


async def signed_in(user) -> AsyncClient:
    """Return a client signed in as `user` through a session cookie."""
    client = AsyncClient()
    await client.aforce_login(user)
    return client


def image_bytes(size=(300, 200), colour="#0060df", format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=format)
    return buffer.getvalue()
