"""The review page: listing, validation, permissions, history and form."""

import datetime
import hashlib
import html as html_module

from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.utils import timezone

from amo.core.constants import AddonStatus, AddonType, Channel, FileStatus
from amo.devhub import activity
from amo.devhub.models import Activity
from tests.factories import AddonFactory, VersionFactory, store_package
from tests.pages.helpers import get_page, inline_code
from tests.reviewers.conftest import make_pending, make_reviewer, review_path

PACKAGE = b"PK\x03\x04 pending package"


def build_history():
    """A pending version whose authors have a past on the site."""
    pending = make_pending()
    owner = pending.authors[0]
    addon = pending.addon
    now = timezone.now()

    # Earlier versions of this add-on, with their outcomes.
    rejected = VersionFactory(
        addon=addon,
        version="0.9",
        file__status=FileStatus.DISABLED,
        created=now - datetime.timedelta(days=20),
    )
    VersionFactory(
        addon=addon,
        version="0.8-self",
        channel=Channel.UNLISTED,
        auto_approved=True,
        created=now - datetime.timedelta(days=30),
    )
    VersionFactory(
        addon=addon,
        version="0.7",
        file__status=FileStatus.DISABLED,
        status_before_disable=FileStatus.PUBLIC,
        created=now - datetime.timedelta(days=40),
    )
    reviewer = make_reviewer("earlier")
    activity.log(Activity.CREATE_ADDON, addon, owner)
    activity.log(
        Activity.REJECT_VERSION,
        addon,
        reviewer,
        version=rejected,
        comment="Remove the <script> eval call.",
    )

    # The authors' other add-ons.
    AddonFactory(slug="older-tool", name={"en-US": "Older Tool"}, authors=[owner])
    AddonFactory(
        slug="banned-theme",
        name={"en-US": "Banned Theme"},
        type=AddonType.STATICTHEME,
        status=AddonStatus.DISABLED,
        authors=[pending.authors[1]],
    )
    # Someone else's add-on is no part of the history.
    AddonFactory(slug="stranger", name={"en-US": "Stranger Tool"})

    store_package(pending.version.file, PACKAGE)
    return pending


async def test_review_page_shows_listing(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    assert page.status == 200
    html = page.html
    assert "Pending Tool" in html
    assert "Pending Tool tidies things." in html
    assert "<b>does</b> a lot." in html
    assert "Awaiting review" in html
    assert inline_code(html) == []


async def test_review_page_shows_validation(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    html = html_module.unescape(page.html)
    assert "1 error, 1 warning, 1 notice" in " ".join(html.split())
    # Errors first, then warnings, then notices, each with its place.
    error = html.index("eval() is not allowed")
    warning = html.index("Unsafe assignment to innerHTML")
    notice = html.index("Unknown permission “tabHide”")
    assert error < warning < notice
    assert "background/main.js:40" in html
    assert "content/panel.js:7:12" in html
    assert "manifest.json:12:5" in html
    assert "Code must not be evaluated at run time." in html
    assert "javascript.eval" in html


async def test_review_page_shows_permissions(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    html = page.html
    required = html.index("permission-list-permissions")
    optional = html.index("permission-list-optional")
    hosts = html.index("permission-list-hosts")
    assert html.index("<code>tabs</code>", required) < optional
    assert html.index("<code>storage</code>", required) < optional
    assert html.index("<code>downloads</code>", optional) < hosts
    assert "<code>https://*.example.com/*</code>" in html[hosts:]
    assert "Manifest version" in html


async def test_review_page_shows_notes(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    html = page.html
    assert "Log in with test@example.com / hunter2." in html
    assert "First release of Pending Tool." in html


async def test_review_page_shows_history(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    html = html_module.unescape(page.html)
    # The authors, with their emails.
    assert "Olga Owner" in html
    assert "pending-tool-owner@example.com" in html
    assert "Dan Developer" in html
    # Their other add-ons, with statuses.
    assert "Older Tool" in html
    assert "Banned Theme" in html
    assert "Disabled by staff" in html
    assert "Stranger Tool" not in html
    # The add-on's other versions, with outcomes.
    assert "0.9" in html
    assert "Rejected or disabled" in html
    assert "0.8-self" in html
    assert "Disabled by its authors" in html
    assert "Approved automatically" in html
    # The activity log, newest first, with the reviewer's comment escaped.
    assert html.index("Rejected a version") < html.index("Created the add-on")
    assert "Remove the <script> eval call." in html
    assert "&lt;script&gt; eval" in page.html


async def test_review_page_query_budget(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    # Version, upload, authors, their add-ons, other versions, activity.
    assert page.query_count == 6


async def test_review_page_form_for_pending(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()

    page = await get_page(reviewer_client, review_path(pending.version.pk))

    html = page.html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="approve"' in html
    assert 'value="reject"' in html
    assert 'value="comment"' in html


async def test_review_page_form_for_approved(live_db, reviewer_client):
    addon = await sync_to_async(AddonFactory)(slug="done")

    page = await get_page(reviewer_client, review_path(addon.current_version.pk))

    html = page.html
    assert page.status == 200
    assert 'value="approve"' not in html
    assert 'value="reject"' not in html
    assert 'value="comment" checked' in html
    assert 'href="/en-US/firefox/addon/done/"' in html
    assert "No upload is recorded" in html


async def test_reviewer_downloads_unreviewed_file(live_db, reviewer_client):
    pending = await sync_to_async(build_history)()
    file = pending.version.file
    review = await get_page(reviewer_client, review_path(pending.version.pk))
    link = f"/en-US/firefox/reviewers/file/{file.pk}/"
    assert f'href="{link}"' in review.html

    response = await reviewer_client.get(link)

    assert response.status_code == 200
    body = b"".join([chunk async for chunk in response.streaming_content])
    assert body == PACKAGE
    assert response["Content-Disposition"] == f'attachment; filename="{file.filename}"'
    assert (
        response["X-Target-Digest"] == "sha256:" + hashlib.sha256(PACKAGE).hexdigest()
    )
    assert "private" in response["Cache-Control"]
    # The public download serves it to reviewers and authors only.
    download_path = f"/firefox/downloads/file/{file.pk}/{file.filename}"
    public = await AsyncClient().get(download_path)
    assert public.status_code == 404
    as_reviewer = await reviewer_client.get(download_path)
    assert as_reviewer.status_code == 200
    assert b"".join([chunk async for chunk in as_reviewer.streaming_content]) == PACKAGE


async def test_download_of_missing_package_is_404(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()

    response = await reviewer_client.get(
        f"/en-US/firefox/reviewers/file/{pending.version.file.pk}/"
    )

    assert response.status_code == 404
