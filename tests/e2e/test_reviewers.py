"""A reviewer approves a new add-on in a real browser.

The reviewer's session is created by the test and set as a cookie, so the
test does not depend on the log-in page. The reviewer opens the queue,
opens the pending version, approves it with a comment, and the add-on's
public page, which anonymous visitors got as a 404 before, shows it.
"""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from playwright.async_api import expect

from tests.e2e.browser import save_screenshot
from tests.e2e.conftest import attach_package
from tests.reviewers.conftest import make_pending, make_reviewer

pytestmark = pytest.mark.e2e

COMMENT = "Clean code, and the permissions match the features."


@pytest.fixture
def server_mail_dir(monkeypatch, tmp_path, settings) -> Path:
    """Make the live server write its mail to files in a folder.

    Without a broker the server sends mail in its own process, so the test
    reads the message without a worker and leaves no job in a shared queue.
    The server also gets this process's secret key, which signs the
    session that the test creates. Requested before `page`, so the server
    starts with this environment.
    """
    folder = tmp_path / "mail"
    monkeypatch.setenv("AMO_SECRET_KEY", settings.SECRET_KEY)
    monkeypatch.delenv("AMO_BROKER_URL", raising=False)
    monkeypatch.setenv("AMO_EMAIL_BACKEND", "filebased")
    monkeypatch.setenv("AMO_EMAIL_FILE_PATH", str(folder))
    return folder


def anonymous_status(url: str) -> tuple[int, str]:
    """GET `url` with no cookie, as a visitor whom the page cache serves."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def build_review(media_root: Path):
    pending = make_pending("shepherd", name="Tab Shepherd")
    attach_package(pending.version, media_root)
    reviewer = make_reviewer()
    client = Client()
    client.force_login(reviewer)
    return pending, client.cookies[settings.SESSION_COOKIE_NAME].value


async def test_reviewer_approves_pending_addon(
    server_mail_dir, page, page_problems, uvicorn_server, artifacts_dir, settings
):
    pending, session = await sync_to_async(build_review)(Path(settings.MEDIA_ROOT))
    base = uvicorn_server.url
    detail = f"{base}/en-US/firefox/addon/shepherd/"
    api_detail = f"{base}/api/v5/addons/addon/shepherd/"
    # Twice: the page cache serves the second response.
    for _ in range(2):
        status, _body = await sync_to_async(anonymous_status)(detail)
        assert status == 404
    await page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )

    await page.goto(f"{base}/en-US/firefox/reviewers/")
    await page.get_by_role("link", name="Awaiting review").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Awaiting review")
    await save_screenshot(page, artifacts_dir, "reviewers-queue")

    await page.get_by_role("link", name="Tab Shepherd").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Tab Shepherd")
    await expect(page.get_by_text("eval() is not allowed")).to_be_visible()
    await expect(page.get_by_text("background/main.js:40")).to_be_visible()
    await save_screenshot(page, artifacts_dir, "reviewers-review")

    await page.get_by_label("Approve").check()
    await page.get_by_label("Comment", exact=True).fill(COMMENT)
    await page.get_by_role("button", name="Save").click()

    await expect(page.get_by_role("status")).to_contain_text("Version 1.0 is approved")
    await expect(page.get_by_text(COMMENT).first).to_be_visible()
    await save_screenshot(page, artifacts_dir, "reviewers-approved")
    page_problems.assert_none()

    # Anonymous visitors, whom the page cache had served, see the add-on.
    status, body = await sync_to_async(anonymous_status)(detail)
    assert status == 200
    assert "Tab Shepherd" in body
    status, body = await sync_to_async(anonymous_status)(api_detail)
    assert status == 200
    assert '"status":"public"' in body.replace(" ", "")

    await page.goto(detail)
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Tab Shepherd")

    # Each author got the decision and the comment.
    messages = [path.read_text() for path in sorted(server_mail_dir.glob("*.log"))]
    text = "\n".join(messages)
    for author in pending.authors:
        assert f"To: {author.email}" in text
    assert COMMENT in text
