"""The dashboard and the queues: what each lists, and in which order."""

import datetime
import re

from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.core.constants import AddonStatus, AddonType, Channel, FileStatus
from tests.factories import AddonFactory, UserFactory, VersionFactory
from tests.pages.helpers import get_page
from tests.reviewers.conftest import DASHBOARD, make_pending, queue_path

DAY = datetime.timedelta(days=1)


def listed_versions(html: str) -> list[str]:
    """Return the add-on name and version of each queue row, in order."""
    rows = re.findall(
        r'class="queue-addon"[^>]*>([^<]+)</a></td>\s*'
        r'<td class="queue-version">([^<]+)</td>',
        html,
    )
    return [f"{name} {number}" for name, number in rows]


def build_queues() -> None:
    # Awaiting review: two new add-ons and an update of a public one.
    make_pending("newest", name="Newest", age=1 * DAY)
    make_pending("oldest", name="Oldest", age=9 * DAY)
    public = AddonFactory(slug="public", name={"en-US": "Public"}, versions=2)
    make_pending(addon=public, number="2.0", age=4 * DAY)

    # Left out of "awaiting review": approved, unlisted, deleted, or of an
    # add-on that is disabled.
    AddonFactory(slug="approved", name={"en-US": "Approved"})
    make_pending("hidden", name="Unlisted", channel=Channel.UNLISTED, age=3 * DAY)
    gone = make_pending("gone", name="Gone")
    gone.version.deleted = True
    gone.version.save()
    disabled = make_pending("disabled", name="Disabled")
    disabled.addon.status = AddonStatus.DISABLED
    disabled.addon.save()
    paused = make_pending("paused", name="Paused")
    paused.addon.disabled_by_user = True
    paused.addon.save()

    # Auto-approved versions, listed and unlisted.
    now = timezone.now()
    auto = AddonFactory(slug="auto", name={"en-US": "Auto"}, versions=0)
    for number, age in (("1.0", 5 * DAY), ("1.1", 2 * DAY)):
        VersionFactory(
            addon=auto, version=number, auto_approved=True, created=now - age
        )
    VersionFactory(
        addon=auto,
        version="1.2-self",
        channel=Channel.UNLISTED,
        auto_approved=True,
        created=now - 1 * DAY,
    )


async def test_dashboard_counts_queues(live_db, reviewer_client):
    await sync_to_async(build_queues)()

    page = await get_page(reviewer_client, DASHBOARD)

    assert page.status == 200
    counts = re.findall(
        r'queue/([a-z-]+)/">[^<]+</a></h2>\s*<p class="queue-count">(\d+) version',
        page.html,
    )
    # Unlisted: the pending unlisted version and the auto-approved one.
    assert dict(counts) == {"pending": "3", "auto-approved": "3", "unlisted": "2"}
    # One count per queue.
    assert page.query_count == 3


async def test_pending_queue_oldest_first(live_db, reviewer_client):
    await sync_to_async(build_queues)()

    page = await get_page(reviewer_client, queue_path("pending"))

    assert page.status == 200
    assert listed_versions(page.html) == ["Oldest 1.0", "Public 2.0", "Newest 1.0"]
    assert "Unlisted" not in listed_versions(page.html)


async def test_pending_queue_row_details(live_db, reviewer_client):
    await sync_to_async(build_queues)()

    page = await get_page(reviewer_client, queue_path("pending"))

    html = page.html
    assert "Olga Owner, Dan Developer" in html
    assert "9 days" in html
    assert "Extension" in html
    # Page, count, rows, authors: the session and the user's groups come
    # through Django's own ORM, outside this log.
    assert page.query_count == 3


async def test_auto_approved_queue_newest_first(live_db, reviewer_client):
    await sync_to_async(build_queues)()

    page = await get_page(reviewer_client, queue_path("auto-approved"))

    assert listed_versions(page.html) == ["Auto 1.2-self", "Auto 1.1", "Auto 1.0"]
    assert "Unlisted" in page.html


async def test_unlisted_queue_newest_first(live_db, reviewer_client):
    await sync_to_async(build_queues)()

    page = await get_page(reviewer_client, queue_path("unlisted"))

    assert listed_versions(page.html) == ["Auto 1.2-self", "Unlisted 1.0"]
    assert "Awaiting review" in page.html


def build_many(count: int) -> None:
    author = UserFactory(username="busy")
    now = timezone.now()
    for index in range(count):
        addon = AddonFactory(
            slug=f"many-{index}",
            name={"en-US": f"Many {index:02d}"},
            status=AddonStatus.NOMINATED,
            type=AddonType.STATICTHEME if index % 2 else AddonType.EXTENSION,
            versions=0,
            authors=[author],
            search_document=False,
        )
        VersionFactory(
            addon=addon,
            version="1.0",
            file__status=FileStatus.UNREVIEWED,
            created=now - (count - index) * DAY,
        )


async def test_pending_queue_paginates(live_db, reviewer_client):
    await sync_to_async(build_many)(23)

    first = await get_page(reviewer_client, queue_path("pending"))
    second = await get_page(reviewer_client, queue_path("pending") + "?page=2")
    past = await get_page(reviewer_client, queue_path("pending") + "?page=3")

    assert len(listed_versions(first.html)) == 20
    assert listed_versions(first.html)[0] == "Many 00 1.0"
    assert listed_versions(second.html) == ["Many 20 1.0", "Many 21 1.0", "Many 22 1.0"]
    assert 'href="/en-US/firefox/reviewers/queue/pending/?page=2"' in first.html
    assert "Theme" in first.html
    assert past.status == 404


async def test_empty_queue(live_db, reviewer_client):
    page = await get_page(reviewer_client, queue_path("pending"))

    assert page.status == 200
    assert "This queue is empty." in page.html
