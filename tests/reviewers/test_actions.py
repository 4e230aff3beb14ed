"""Approving, rejecting and commenting: statuses, mail, log, repeats."""

import asyncio
import datetime

import pytest
from asgiref.sync import sync_to_async
from django.core import mail
from django.test import AsyncClient

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, FileStatus
from amo.devhub.models import Activity, ActivityLog
from amo.files.models import File
from amo.reviewers import actions
from amo.versions.models import Version
from tests.factories import AddonFactory, UserFactory
from tests.reviewers.conftest import (
    logged_in_client,
    make_admin,
    make_pending,
    review_path,
)
from workers.celery import app

COMMENT = "Looks good; thanks for the clear notes."


@pytest.fixture(autouse=True)
def _mail_in_process(monkeypatch):
    """Send mail in the test's process, through Django's locmem backend.

    With a broker configured the mail job would wait in its queue for a
    worker; test_mail_goes_through_the_broker covers that path.
    """
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    mail.outbox = []


def entries(version: Version, action: Activity) -> list[ActivityLog]:
    return list(ActivityLog.objects.filter(version=version, action=action))


def states(version: Version) -> tuple[int, int]:
    """Return the file's and the add-on's status, read afresh."""
    file = File.objects.get(version=version)
    addon = Addon.objects.get(pk=version.addon_id)
    return file.status, addon.status


async def post(client: AsyncClient, version: Version, **data: str):
    return await client.post(review_path(version.pk), data)


async def test_approve_publishes_and_mails(live_db, reviewer, reviewer_client):
    pending = await sync_to_async(make_pending)()
    version = pending.version

    response = await post(reviewer_client, version, action="approve", comment=COMMENT)

    assert response.status_code == 302
    assert response["Location"] == review_path(version.pk)
    file_status, addon_status = await sync_to_async(states)(version)
    assert file_status == FileStatus.PUBLIC
    assert addon_status == AddonStatus.PUBLIC
    addon = await Addon.objects.aget(pk=version.addon_id)
    assert addon.current_version_id == version.pk

    approvals = await sync_to_async(entries)(version, Activity.APPROVE_VERSION)
    assert len(approvals) == 1
    assert approvals[0].user_id == reviewer.pk
    assert approvals[0].details.get("comment") == COMMENT

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        author.email for author in pending.authors
    )
    for message in mail.outbox:
        assert len(message.to) == 1
        assert "Pending Tool 1.0 is approved" in message.subject
        assert COMMENT in message.body
        assert "/en-US/firefox/addon/pending-tool/" in message.body

    page = await reviewer_client.get(review_path(version.pk))
    html = page.content.decode()
    assert "Version 1.0 is approved, and its authors were emailed." in html
    assert 'value="approve"' not in html


async def test_approve_twice_explains(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()
    version = pending.version

    await post(reviewer_client, version, action="approve", comment=COMMENT)
    sent = len(mail.outbox)
    second = await post(reviewer_client, version, action="approve", comment=COMMENT)

    assert second.status_code == 302
    page = await reviewer_client.get(review_path(version.pk))
    assert "Version 1.0 is already approved." in page.content.decode()
    approvals = await sync_to_async(entries)(version, Activity.APPROVE_VERSION)
    assert len(approvals) == 1
    assert len(mail.outbox) == sent


async def test_author_cannot_review_own_version(live_db, reviewer, reviewer_client):
    pending = await sync_to_async(make_pending)(authors=[reviewer])
    version = pending.version

    form = (await reviewer_client.get(review_path(version.pk))).content.decode()
    assert 'value="approve"' not in form
    assert 'value="reject"' not in form
    assert "so another reviewer must approve or reject it" in form

    for action in ("approve", "reject"):
        response = await post(reviewer_client, version, action=action, comment=COMMENT)
        assert response.status_code == 302

    page = await reviewer_client.get(review_path(version.pk))
    assert "so another reviewer must review version 1.0" in page.content.decode()
    file_status, addon_status = await sync_to_async(states)(version)
    assert file_status == FileStatus.UNREVIEWED
    assert addon_status == AddonStatus.NOMINATED
    assert len(mail.outbox) == 0


async def test_admin_may_review_own_version(live_db):
    admin = await sync_to_async(make_admin)()
    pending = await sync_to_async(make_pending)(authors=[admin])

    await actions.aapprove(pending.version, admin, COMMENT)

    file_status, _addon_status = await sync_to_async(states)(pending.version)
    assert file_status == FileStatus.PUBLIC


async def test_concurrent_approvals_one_wins(live_db, reviewer):
    pending = await sync_to_async(make_pending)()

    results = await asyncio.gather(
        actions.aapprove(pending.version, reviewer, "first"),
        actions.aapprove(pending.version, reviewer, "second"),
        return_exceptions=True,
    )

    conflicts = [r for r in results if isinstance(r, actions.ReviewConflict)]
    assert len(conflicts) == 1
    approvals = await sync_to_async(entries)(pending.version, Activity.APPROVE_VERSION)
    assert len(approvals) == 1


async def test_approve_update_of_public_addon(live_db, reviewer_client):
    def build():
        # The factory's version is a day old; the update is newer.
        addon = AddonFactory(slug="public-tool", versions=1)
        return make_pending(addon=addon, number="2.0", age=datetime.timedelta(hours=1))

    pending = await sync_to_async(build)()

    await post(reviewer_client, pending.version, action="approve", comment="")

    addon = await Addon.objects.aget(pk=pending.addon.pk)
    assert addon.current_version_id == pending.version.pk
    assert addon.status == AddonStatus.PUBLIC
    for message in mail.outbox:
        assert "The reviewer's comment" not in message.body


async def test_reject_disables_and_mails(live_db, reviewer, reviewer_client):
    pending = await sync_to_async(make_pending)()
    version = pending.version
    reason = "The background script calls eval(); remove it."

    response = await post(reviewer_client, version, action="reject", comment=reason)

    assert response.status_code == 302
    file_status, addon_status = await sync_to_async(states)(version)
    assert file_status == FileStatus.DISABLED
    assert addon_status != AddonStatus.PUBLIC
    rejections = await sync_to_async(entries)(version, Activity.REJECT_VERSION)
    assert len(rejections) == 1
    assert rejections[0].user_id == reviewer.pk
    assert rejections[0].details.get("comment") == reason
    assert len(mail.outbox) == len(pending.authors)
    for message in mail.outbox:
        assert "Pending Tool 1.0 is rejected" in message.subject
        assert reason in message.body

    page = await reviewer_client.get(review_path(version.pk))
    assert "Version 1.0 is rejected, and its authors were emailed." in (
        page.content.decode()
    )


async def test_reject_needs_comment(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()

    response = await post(reviewer_client, pending.version, action="reject")

    assert response.status_code == 400
    assert "A rejection needs a comment that tells the authors why." in (
        response.content.decode()
    )
    file_status, _ = await sync_to_async(states)(pending.version)
    assert file_status == FileStatus.UNREVIEWED
    assert mail.outbox == []


async def test_reject_after_approval_refused(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()

    await post(reviewer_client, pending.version, action="approve")
    await post(reviewer_client, pending.version, action="reject", comment="No.")

    page = await reviewer_client.get(review_path(pending.version.pk))
    assert "Version 1.0 is already approved." in page.content.decode()
    file_status, _ = await sync_to_async(states)(pending.version)
    assert file_status == FileStatus.PUBLIC
    assert await sync_to_async(entries)(pending.version, Activity.REJECT_VERSION) == []


async def test_reject_twice_explains(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()

    await post(reviewer_client, pending.version, action="reject", comment="No.")
    await post(reviewer_client, pending.version, action="reject", comment="No.")

    page = await reviewer_client.get(review_path(pending.version.pk))
    assert "Version 1.0 was already rejected or disabled." in page.content.decode()
    rejections = await sync_to_async(entries)(pending.version, Activity.REJECT_VERSION)
    assert len(rejections) == 1


async def test_comment_is_logged_not_mailed(live_db, reviewer, reviewer_client):
    pending = await sync_to_async(make_pending)()
    version = pending.version

    response = await post(
        reviewer_client,
        version,
        action="comment",
        comment="Ask about the <remote> host.",
        submission="token-1",
    )

    assert response.status_code == 302
    comments = await sync_to_async(entries)(version, Activity.REVIEWER_COMMENT)
    assert len(comments) == 1
    assert comments[0].user_id == reviewer.pk
    assert comments[0].details["comment"] == "Ask about the <remote> host."
    assert mail.outbox == []
    file_status, _ = await sync_to_async(states)(version)
    assert file_status == FileStatus.UNREVIEWED
    page = await reviewer_client.get(review_path(version.pk))
    html = page.content.decode()
    assert "Your comment on version 1.0 is saved." in html
    assert "Ask about the &lt;remote&gt; host." in html


async def test_comment_resubmission_saved_once(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()
    version = pending.version
    form = {"action": "comment", "comment": "Twice?", "submission": "token-2"}

    await post(reviewer_client, version, **form)
    await post(reviewer_client, version, **form)
    await post(reviewer_client, version, **{**form, "submission": "token-3"})

    comments = await sync_to_async(entries)(version, Activity.REVIEWER_COMMENT)
    assert len(comments) == 2
    page = await reviewer_client.get(review_path(version.pk))
    assert "This comment was already saved." in page.content.decode()


async def test_empty_comment_refused(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()

    response = await post(reviewer_client, pending.version, action="comment")

    assert response.status_code == 400
    assert "The comment is empty." in response.content.decode()


async def test_unknown_action_refused(live_db, reviewer_client):
    pending = await sync_to_async(make_pending)()

    response = await post(reviewer_client, pending.version, action="delete")

    assert response.status_code == 400
    assert "Choose approve, reject or comment only." in response.content.decode()


async def test_others_cannot_decide(live_db):
    pending = await sync_to_async(make_pending)()
    author_client = await logged_in_client(pending.authors[0])
    plain_client = await logged_in_client(await sync_to_async(UserFactory)())

    for client in (AsyncClient(), author_client, plain_client):
        response = await post(client, pending.version, action="approve")
        assert response.status_code in (302, 403)

    file_status, _ = await sync_to_async(states)(pending.version)
    assert file_status == FileStatus.UNREVIEWED
    assert mail.outbox == []


async def test_decision_needs_csrf_token(live_db, reviewer):
    pending = await sync_to_async(make_pending)()
    client = AsyncClient(enforce_csrf_checks=True)
    await client.aforce_login(reviewer)

    response = await post(client, pending.version, action="approve")

    assert response.status_code == 403
    file_status, _ = await sync_to_async(states)(pending.version)
    assert file_status == FileStatus.UNREVIEWED


async def test_deleted_version_takes_comments_only(live_db, reviewer):
    pending = await sync_to_async(make_pending)()
    version = pending.version
    version.deleted = True
    await version.asave(update_fields=["deleted"])

    with pytest.raises(actions.ReviewConflict):
        await actions.aapprove(version, reviewer, "")
    with pytest.raises(actions.ReviewConflict):
        await actions.areject(version, reviewer, "No.")
    await actions.acomment(version, reviewer, "Deleted by the author.")

    comments = await sync_to_async(entries)(version, Activity.REVIEWER_COMMENT)
    assert len(comments) == 1


def build_auto_approved() -> Version:
    addon = AddonFactory(slug="auto-tool", name={"en-US": "Auto Tool"}, versions=1)
    version = addon.current_version
    version.auto_approved = True
    version.save(update_fields=["auto_approved"])
    return version


async def test_reject_auto_approved_version(live_db, reviewer_client):
    version = await sync_to_async(build_auto_approved)()
    page = await reviewer_client.get(review_path(version.pk))
    html = page.content.decode()
    assert 'value="reject"' in html
    assert 'value="approve"' not in html
    assert "This version was approved automatically." in html

    await post(reviewer_client, version, action="approve")
    await post(reviewer_client, version, action="reject", comment="Mines coins.")

    file_status, addon_status = await sync_to_async(states)(version)
    assert file_status == FileStatus.DISABLED
    # It was the add-on's only approved version.
    assert addon_status == AddonStatus.REJECTED
    addon = await Addon.objects.aget(pk=version.addon_id)
    assert addon.current_version_id is None
    assert await sync_to_async(entries)(version, Activity.APPROVE_VERSION) == []
    assert len(mail.outbox) == 1
    assert "Auto Tool 1.0 is rejected" in mail.outbox[0].subject


async def test_approved_version_not_rejectable(live_db, reviewer, reviewer_client):
    addon = await sync_to_async(AddonFactory)(slug="reviewed")
    version = addon.current_version

    with pytest.raises(actions.ReviewConflict, match="already approved"):
        await actions.areject(version, reviewer, "Too late.")

    page = await reviewer_client.get(review_path(version.pk))
    assert 'value="reject"' not in page.content.decode()
