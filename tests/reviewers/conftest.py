"""Reviewers, authors and versions awaiting review, for the reviewer tests."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group
from django.test import AsyncClient
from django.utils import timezone

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.files.models import FileUpload, UploadState
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from amo.versions.models import Version
from tests.factories import AddonFactory, UserFactory, VersionFactory

PREFIX = "/en-US/firefox"
DASHBOARD = f"{PREFIX}/reviewers/"

# A validation result in the shape uploads store: counts, and messages with
# their file and line.
VALIDATION = {
    "errors": 1,
    "warnings": 1,
    "notices": 1,
    "success": False,
    "messages": [
        {
            "id": ["manifest", "permissions", "unknown"],
            "type": "notice",
            "message": "Unknown permission “tabHide”",
            "description": "This permission is not known to Firefox.",
            "file": "manifest.json",
            "line": 12,
            "column": 5,
        },
        {
            "id": ["javascript", "eval"],
            "type": "error",
            "message": "eval() is not allowed",
            "description": ["Code must not be evaluated at run time."],
            "file": "background/main.js",
            "line": 40,
        },
        {
            "id": ["javascript", "innerHTML"],
            "type": "warning",
            "message": "Unsafe assignment to innerHTML",
            "description": "Use textContent or the DOM API.",
            "file": "content/panel.js",
            "line": 7,
            "column": 12,
        },
    ],
}


def review_path(version_id: int) -> str:
    return f"{PREFIX}/reviewers/review/{version_id}/"


def queue_path(slug: str) -> str:
    return f"{PREFIX}/reviewers/queue/{slug}/"


def make_user(username: str, *groups: str, **fields: Any) -> User:
    user = UserFactory(username=username, **fields)
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user


def make_reviewer(username: str = "rita") -> User:
    return make_user(username, REVIEWERS, display_name="Rita Reviewer")


def make_admin(username: str = "adam") -> User:
    return make_user(username, ADMINS)


@dataclass
class Pending:
    """A new add-on whose first listed version awaits review."""

    addon: Addon
    version: Version
    upload: FileUpload
    authors: list[User]


def make_pending(
    slug: str = "pending-tool",
    *,
    name: str = "Pending Tool",
    number: str = "1.0",
    age: datetime.timedelta = datetime.timedelta(days=2),
    authors: list[User] | None = None,
    addon: Addon | None = None,
    channel: int = Channel.LISTED,
) -> Pending:
    """Create a version awaiting review, as a submission leaves it.

    With no `addon`, a NOMINATED add-on with no current version is created;
    the version's file is UNREVIEWED and its upload holds VALIDATION.
    """
    if addon is None:
        authors = authors or [
            UserFactory(username=f"{slug}-owner", display_name="Olga Owner"),
            UserFactory(username=f"{slug}-dev", display_name="Dan Developer"),
        ]
        addon = AddonFactory(
            slug=slug,
            name={"en-US": name},
            summary={"en-US": f"{name} tidies things."},
            description={"en-US": f"{name} <b>does</b> a lot.\n\nReally."},
            status=AddonStatus.NOMINATED,
            versions=0,
            authors=authors,
            last_updated=None,
        )
    else:
        authors = list(addon.authors.all())
    version = VersionFactory(
        addon=addon,
        version=number,
        channel=channel,
        created=timezone.now() - age,
        reviewed=None,
        approval_notes="Log in with test@example.com / hunter2.",
        release_notes={"en-US": f"First release of {name}."},
        file__status=FileStatus.UNREVIEWED,
        file__permissions=["tabs", "storage"],
        file__optional_permissions=["downloads"],
        file__host_permissions=["https://*.example.com/*"],
        file__manifest_version=3,
    )
    upload = FileUpload.objects.create(
        user=authors[0],
        addon=addon,
        channel=channel,
        name=f"{slug}-{number}.xpi",
        path=f"{slug}-{number}.xpi",
        size=1234,
        sha256="0" * 64,
        state=UploadState.PROCESSED,
        valid=True,
        validation=VALIDATION,
        guid=addon.guid or "",
        version=number,
        submitted_version=version,
    )
    return Pending(addon, version, upload, authors)


async def logged_in_client(user: User) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user)
    return client


@pytest.fixture
async def reviewer(live_db) -> User:
    return await sync_to_async(make_reviewer)()


@pytest.fixture
async def reviewer_client(reviewer) -> AsyncClient:
    return await logged_in_client(reviewer)


@pytest.fixture
async def pending(live_db) -> Pending:
    return await sync_to_async(make_pending)()
