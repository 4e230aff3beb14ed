"""An account's life in a real browser: sign up to logging out.

The live server writes its mail to files (AMO_EMAIL_BACKEND=filebased),
which the test reads to follow the confirmation link, and runs its jobs
in-process (no broker), so the photo is resized before the next page.
"""

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.e2e.browser import save_screenshot
from tests.e2e.conftest import png_image

pytestmark = pytest.mark.e2e

SITE = "/en-US/firefox"
PASSWORD = "a-long-Secret-9"
# The filebased backend ends each message with a line of 79 dashes.
SEPARATOR = "\n" + "-" * 79 + "\n"


@pytest.fixture(autouse=True)
def mail_dir(tmp_path, monkeypatch) -> Path:
    """Make the live server write mail under a folder of this test."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setenv("AMO_EMAIL_BACKEND", "filebased")
    monkeypatch.setenv("AMO_EMAIL_FILE_PATH", str(folder))
    # Jobs run in the server's process, so nothing waits for a worker.
    monkeypatch.delenv("AMO_BROKER_URL", raising=False)
    return folder


async def click_and_load(locator) -> None:
    """Click a link or button that opens a page, and wait for its load.

    Acting on the next page before it loads would abort its pending
    requests (the header's icon), which the page checks count as failures.
    """
    await locator.click()
    await locator.page.wait_for_load_state("load")


def mailed_bodies(folder: Path, to: str) -> list[str]:
    """Return the decoded bodies of the mails to `to`, oldest first."""
    bodies = []
    for path in sorted(folder.iterdir()):
        for raw in path.read_text().split(SEPARATOR):
            if not raw.strip():
                continue
            message = email.message_from_string(raw, policy=email.policy.default)
            if to in str(message["To"]):
                bodies.append(message.get_body().get_content())
    return bodies


async def test_account_life_in_browser(
    page, page_problems, uvicorn_server, mail_dir, tmp_path, artifacts_dir
):
    base = uvicorn_server.url

    # Sign up.
    await page.goto(f"{base}{SITE}/")
    await click_and_load(page.get_by_role("link", name="Register"))
    await page.get_by_label("Email address").fill("browser@example.com")
    await page.get_by_label("Username").fill("browserdev")
    await page.get_by_label("Password").fill(PASSWORD)
    await save_screenshot(page, artifacts_dir, "account-register")
    await click_and_load(page.get_by_role("button", name="Register"))
    await expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()

    # Confirm from the mailed link.
    [body] = mailed_bodies(mail_dir, "browser@example.com")
    link = re.search(r"https?://\S+/users/confirm/\S+", body)
    assert link, body
    assert link.group(0).startswith(base)
    await page.goto(link.group(0))
    await expect(
        page.get_by_role("heading", name="Your email address is confirmed")
    ).to_be_visible()

    # Log in.
    await click_and_load(page.get_by_role("main").get_by_role("link", name="Log in"))
    await page.get_by_label("Email address").fill("browser@example.com")
    await page.get_by_label("Password").fill(PASSWORD)
    await click_and_load(page.get_by_role("button", name="Log in"))
    menu = page.locator(".user-menu summary")
    await expect(menu).to_contain_text("browserdev")

    # Edit the profile, with a photo.
    await menu.click()
    await click_and_load(page.get_by_role("link", name="Edit profile"))
    await page.get_by_label("Display name").fill("Browser Dev")
    await page.get_by_label("Biography").fill("I test in browsers.")
    photo = tmp_path / "photo.png"
    png_image((320, 240), "#0060df", "BD").save(photo)
    await page.get_by_label("Profile photo").set_input_files(str(photo))
    await click_and_load(page.get_by_role("button", name="Save the profile"))
    await expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    await menu.click()
    await save_screenshot(page, artifacts_dir, "account-edit")
    await menu.click()
    await expect(menu).to_contain_text("Browser Dev")

    await click_and_load(page.get_by_role("link", name="View your profile"))
    await expect(
        page.get_by_role("heading", name="Browser Dev", exact=True)
    ).to_be_visible()
    await expect(page.get_by_text("I test in browsers.")).to_be_visible()
    picture = page.locator("img.profile-photo")
    await expect(picture).to_be_visible()
    assert await picture.evaluate("image => image.naturalWidth") == 200
    await save_screenshot(page, artifacts_dir, "account-profile")

    # Generate an API key.
    await menu.click()
    await click_and_load(page.get_by_role("link", name="API keys"))
    await click_and_load(page.get_by_role("button", name="Accept the agreement"))
    await click_and_load(page.get_by_role("button", name="Generate a key"))
    key = await page.locator("#api-key").inner_text()
    secret = await page.locator("#api-secret").inner_text()
    assert re.fullmatch(r"user:\d+:[0-9a-f]{8}", key), key
    assert re.fullmatch(r"[0-9a-f]{64}", secret), secret
    await save_screenshot(page, artifacts_dir, "account-api-keys")
    # A later visit shows the key, never the secret.
    await page.goto(f"{base}{SITE}/users/api-keys/")
    await expect(page.locator("#api-key")).to_have_text(key)
    await expect(page.locator("#api-secret")).to_have_count(0)

    # Log out.
    await menu.click()
    await click_and_load(page.get_by_role("button", name="Log out"))
    await expect(page.locator(".user-menu summary")).to_have_count(0)
    await expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page_problems.assert_none()
