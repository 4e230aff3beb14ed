"""The selection rules of an update check and the JSON manifest it returns.

The rules, as addons.mozilla.org applies them:

- Candidates are the listed, non-deleted versions with an approved file
  and a compatibility row for the requesting application whose min is at
  most appVersion (amo.update.queries reads them).
- In strict mode a candidate's max must also be at least appVersion. In
  normal mode that holds only for files with strict compatibility (the
  manifest's strict_max_version). Ignore mode does not check max.
- The newest candidate, by version id, is offered.
"""

import json
import re
from typing import Any

from django.conf import settings
from django.urls import reverse

from amo.core.versions import compare_versions
from amo.update.checks import NORMAL, STRICT, UpdateCheck
from amo.update.queries import AddonUpdates, Candidate

# Firefox replaces this placeholder of update_info_url with its locale.
APP_LOCALE_PLACEHOLDER = "%APP_LOCALE%"
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def is_compatible(candidate: Candidate, app_version: str, compat_mode: str) -> bool:
    """Return whether `candidate` may be offered to `app_version`."""
    if compare_versions(candidate.min, app_version) > 0:
        return False
    checks_max = compat_mode == STRICT or (
        compat_mode == NORMAL and candidate.strict_compatibility
    )
    return not checks_max or compare_versions(candidate.max, app_version) >= 0


def select_update(updates: AddonUpdates, check: UpdateCheck) -> Candidate | None:
    """Return the newest candidate that `check` may install, or None."""
    # The query already orders the candidates newest first, by version id.
    for candidate in updates.candidates:
        if is_compatible(candidate, check.app_version, check.compat_mode):
            return candidate
    return None


def update_hash(stored: str) -> str | None:
    """Return File.hash as Firefox's `sha256:<hex>`, or None when unusable."""
    algorithm, _, digest = stored.strip().partition(":")
    if not digest:
        algorithm, digest = "sha256", algorithm
    digest = digest.lower()
    if algorithm.lower() != "sha256" or not _SHA256_HEX.match(digest):
        return None
    return f"sha256:{digest}"


def update_link(candidate: Candidate, app_short: str) -> str:
    path = reverse(
        "file-download",
        urlconf=settings.ROOT_URLCONF,
        kwargs={
            "app": app_short,
            "file_id": candidate.file_id,
            "filename": candidate.filename,
        },
    )
    return settings.SITE_URL + path


def update_info_url(slug: str, candidate: Candidate, app_short: str) -> str:
    """Return the release notes page, with Firefox's locale placeholder."""
    path = reverse(
        "addon-version-updateinfo",
        urlconf="amo.site_urls",
        kwargs={"slug": slug, "version": candidate.version},
    )
    return f"{settings.SITE_URL}/{APP_LOCALE_PLACEHOLDER}/{app_short}{path}"


def update_entry(updates: AddonUpdates, candidate: Candidate, app_short: str) -> dict:
    """Return the one entry of the manifest's `updates` list."""
    gecko: dict[str, str] = {"strict_min_version": candidate.min}
    if candidate.strict_compatibility:
        gecko["strict_max_version"] = candidate.max
    entry: dict[str, Any] = {
        "version": candidate.version,
        "update_link": update_link(candidate, app_short),
    }
    digest = update_hash(candidate.hash)
    if digest is not None:
        entry["update_hash"] = digest
    if candidate.has_release_notes:
        entry["update_info_url"] = update_info_url(updates.slug, candidate, app_short)
    entry["applications"] = {"gecko": gecko}
    return entry


def build_manifest(updates: AddonUpdates | None, check: UpdateCheck) -> dict:
    """Return the response body of `check`: `{}` for an unknown add-on."""
    if updates is None:
        return {}
    chosen = select_update(updates, check)
    entries = [] if chosen is None else [update_entry(updates, chosen, check.app.short)]
    return {"addons": {check.guid: {"updates": entries}}}


def encode(manifest: dict) -> bytes:
    return json.dumps(manifest, separators=(",", ":")).encode()
