"""The "My add-ons" page and the distribution agreement."""

import datetime
import re

from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.addons.models import AddonUser
from amo.core.constants import AddonStatus, AuthorRole, Channel, FileStatus
from amo.core.pagination import PAGE_SIZE
from amo.users.models import User
from tests.devhub.conftest import signed_in
from tests.factories import AddonFactory, UserFactory, VersionFactory

DEV = "/en-US/firefox/developers"


def slugs_on(html: str) -> list[str]:
    return re.findall(r'<li class="devhub-addon" data-slug="([^"]+)"', html)


def build_dashboard():
    author = UserFactory(username="maker", read_dev_agreement=timezone.now())
    owned = AddonFactory(
        name={"en-US": "Alpha Tool"}, slug="alpha", authors=[author], versions=0
    )
    VersionFactory(
        addon=owned,
        version="1.0",
        created=timezone.now() - datetime.timedelta(days=3),
    )
    # The newest version is unlisted and awaits review: the page shows it.
    VersionFactory(
        addon=owned,
        version="2.0",
        channel=Channel.UNLISTED,
        file__status=FileStatus.UNREVIEWED,
    )
    VersionFactory(addon=owned, version="3.0", deleted=True)
    helped = AddonFactory(name={"en-US": "Beta Helper"}, slug="beta")
    AddonUser.objects.create(
        addon=helped, user=author, role=AuthorRole.DEVELOPER, listed=False
    )
    AddonFactory(
        name={"en-US": "Gone"},
        slug="gone",
        authors=[author],
        status=AddonStatus.DELETED,
    )
    AddonFactory(name={"en-US": "Somebody Else's"}, slug="other")
    return author


async def test_lists_authored_addons(live_db):
    author = await sync_to_async(build_dashboard)()
    client = await signed_in(author)

    response = await client.get(f"{DEV}/addons/?sort=name")

    html = response.content.decode()
    assert response.status_code == 200
    assert slugs_on(html) == ["alpha", "beta"]
    assert "Somebody Else" not in html
    assert "Gone" not in html


async def test_shows_latest_version_and_file_status(live_db):
    author = await sync_to_async(build_dashboard)()
    client = await signed_in(author)

    response = await client.get(f"{DEV}/addons/?sort=name")

    html = response.content.decode()
    alpha = html[html.index('data-slug="alpha"') : html.index('data-slug="beta"')]
    assert "2.0 (Unlisted, Awaiting review)" in alpha
    assert "Extension" in alpha
    assert "Approved" in alpha
    assert "Owner" in alpha
    assert f"{DEV}/addon/alpha/edit/" in alpha
    assert f"{DEV}/addon/alpha/versions/" in alpha
    assert f"{DEV}/addon/alpha/status/" in alpha
    beta = html[html.index('data-slug="beta"') :]
    assert "Developer" in beta


def build_unlisted():
    author = UserFactory(username="quiet")
    addon = AddonFactory(
        slug="quiet",
        authors=[author],
        status=AddonStatus.INCOMPLETE,
        versions=0,
    )
    VersionFactory(addon=addon, channel=Channel.UNLISTED)
    return author


async def test_unlisted_addon_reads_unlisted(live_db):
    author = await sync_to_async(build_unlisted)()
    client = await signed_in(author)

    dashboard = await client.get(f"{DEV}/addons/")
    status = await client.get(f"{DEV}/addon/quiet/status/")

    assert '<dd class="addon-status">Unlisted</dd>' in dashboard.content.decode()
    assert '<dd class="addon-status">Unlisted</dd>' in status.content.decode()
    assert '<p class="muted">Unlisted</p>' in status.content.decode()


async def test_empty_dashboard(live_db):
    user = await sync_to_async(UserFactory)(username="newbie")
    client = await signed_in(user)

    response = await client.get(f"{DEV}/addons/")

    assert response.status_code == 200
    assert "You have no add-ons yet." in response.content.decode()


def build_many(count: int) -> User:
    author = UserFactory(username="prolific")
    for index in range(count):
        AddonFactory(
            name={"en-US": f"Tool {index:02}"},
            slug=f"tool-{index:02}",
            authors=[author],
            search_document=False,
        )
    return author


async def test_paginated(live_db):
    author = await sync_to_async(build_many)(PAGE_SIZE + 3)
    client = await signed_in(author)

    first = await client.get(f"{DEV}/addons/?sort=name")
    second = await client.get(f"{DEV}/addons/?sort=name&page=2")

    assert len(slugs_on(first.content.decode())) == PAGE_SIZE
    assert slugs_on(second.content.decode()) == ["tool-20", "tool-21", "tool-22"]
    assert 'rel="next"' in first.content.decode()


async def test_page_past_the_end_is_404(live_db):
    author = await sync_to_async(build_many)(2)
    client = await signed_in(author)

    response = await client.get(f"{DEV}/addons/?page=5")

    assert response.status_code == 404


async def test_dashboard_query_budget(live_db):
    author = await sync_to_async(build_many)(5)
    client = await signed_in(author)
    from tests.pages.helpers import get_page

    page = await get_page(client, f"{DEV}/addons/")

    assert page.status == 200
    # Session and user, then the count, the page and the versions.
    assert page.query_count <= 3


# --- The agreement ---------------------------------------------------------


async def test_submit_needs_the_agreement(live_db):
    user = await sync_to_async(UserFactory)(username="fresh")
    client = await signed_in(user)

    response = await client.get(f"{DEV}/addon/submit/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"{DEV}/agreement/?next=%2Fen-US%2Ffirefox%2Fdevelopers%2Faddon%2Fsubmit%2F"
    )


async def test_accepting_records_the_date(live_db):
    user = await sync_to_async(UserFactory)(username="fresh")
    client = await signed_in(user)
    before = timezone.now()

    page = await client.get(f"{DEV}/agreement/?next={DEV}/addon/submit/")
    response = await client.post(
        f"{DEV}/agreement/", {"accept": "on", "next": f"{DEV}/addon/submit/"}
    )

    assert page.status_code == 200
    assert "Distribution agreement" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"{DEV}/addon/submit/"
    await user.arefresh_from_db()
    assert user.read_dev_agreement is not None
    assert user.read_dev_agreement >= before
    submit = await client.get(f"{DEV}/addon/submit/")
    assert submit.status_code == 200


async def test_agreement_needs_the_checkbox(live_db):
    user = await sync_to_async(UserFactory)(username="fresh")
    client = await signed_in(user)

    response = await client.post(f"{DEV}/agreement/", {})

    assert response.status_code == 400
    await user.arefresh_from_db()
    assert user.read_dev_agreement is None


async def test_agreement_is_shown_once(live_db):
    accepted = timezone.now() - datetime.timedelta(days=10)
    user = await sync_to_async(UserFactory)(username="old", read_dev_agreement=accepted)
    client = await signed_in(user)

    page = await client.get(f"{DEV}/agreement/")
    await client.post(f"{DEV}/agreement/", {"accept": "on"})

    assert "You accepted this agreement on" in page.content.decode()
    assert 'name="accept"' not in page.content.decode()
    await user.arefresh_from_db()
    assert user.read_dev_agreement == accepted


async def test_agreement_ignores_foreign_next(live_db):
    user = await sync_to_async(UserFactory)(username="fresh")
    client = await signed_in(user)

    response = await client.post(
        f"{DEV}/agreement/", {"accept": "on", "next": "https://evil.example/"}
    )

    assert response["Location"] == f"{DEV}/addon/submit/"
