"""Helpers of the browser tests: image checks, link targets, screenshots."""

from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

# Resolves to the image's natural width once it has loaded or failed, so an
# image below the fold or still in flight is waited for, not misread as 0.
NATURAL_WIDTH = """
img => img.complete
    ? img.naturalWidth
    : new Promise(resolve => {
        img.addEventListener("load", () => resolve(img.naturalWidth));
        img.addEventListener("error", () => resolve(0));
    })
"""


async def natural_width(image: Any) -> int:
    """Return the natural width of the <img> locator `image`, 0 if broken."""
    await image.scroll_into_view_if_needed()
    return await image.evaluate(NATURAL_WIDTH)


async def link_paths(page: Any) -> set[str]:
    """Return the paths of every link on `page`, resolved against its URL."""
    hrefs = await page.eval_on_selector_all(
        "a[href]", "links => links.map(link => link.href)"
    )
    return {urlsplit(href).path for href in hrefs}


async def fetch(page: Any, href: str) -> tuple[int, bytes]:
    """GET `href`, relative to `page`'s URL, following redirects."""
    response = await page.request.get(urljoin(page.url, href))
    return response.status, await response.body()


async def save_screenshot(page: Any, artifacts_dir: Path, name: str) -> Path:
    path = artifacts_dir / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
