"""The built-in checks of a package file, without the database or linter."""

from pathlib import Path

from django.utils.translation import gettext as _

from amo.files.validation.manifest import MANIFEST, ManifestData, check_manifest
from amo.files.validation.package import (
    DEFAULT_LIMITS,
    Package,
    ZipLimits,
    open_package,
)
from amo.files.validation.results import Messages

# Files that mark a legacy add-on: XUL overlay and bootstrapped extensions,
# complete themes, dictionaries and language packs (install.rdf), and Add-on
# SDK extensions (harness-options.json).
LEGACY_MARKERS = ("install.rdf", "harness-options.json", "chrome.manifest")


def check_layout(package: Package, messages: Messages) -> bool:
    """Check that the package is a WebExtension; return whether it is one."""
    if MANIFEST in package:
        if "install.rdf" in package:
            messages.notice(
                "INSTALL_RDF_IGNORED",
                _("install.rdf is ignored: Firefox reads only manifest.json."),
                _("Remove install.rdf from the package."),
                file="install.rdf",
            )
        return True
    marker = next((name for name in LEGACY_MARKERS if name in package), None)
    if marker is not None:
        messages.error(
            "LEGACY_ADDON",
            _(
                "This is a legacy add-on (it has %(file)s and no manifest.json). "
                "Legacy add-ons (XUL overlay, bootstrapped and Add-on SDK "
                "extensions, complete themes, and dictionaries and language "
                "packs of that kind) are no longer accepted."
            )
            % {"file": marker},
            _(
                "Only WebExtensions are accepted: packages with a "
                "manifest.json at their root. Firefox 57 and later cannot "
                "run legacy add-ons, so port the add-on to the WebExtensions "
                "API and upload that."
            ),
            file=marker,
        )
        return False
    nested = sorted(name for name in package.names if name.endswith("/" + MANIFEST))
    if nested:
        folder = nested[0][: -len(MANIFEST)]
        messages.error(
            "TYPE_NO_MANIFEST_JSON",
            _(
                "manifest.json is in the folder %(folder)s, not at the root "
                "of the archive."
            )
            % {"folder": folder},
            _(
                "Zip the contents of that folder rather than the folder "
                "itself, so that manifest.json is at the root, and upload "
                "the archive again."
            ),
            file=nested[0],
        )
        return False
    messages.error(
        "TYPE_NO_MANIFEST_JSON",
        _("The archive has no manifest.json, so it is not an add-on."),
        _(
            "A Firefox add-on is a .zip or .xpi file with manifest.json at "
            "its root. Upload the archive of the add-on's folder."
        ),
    )
    return False


def check_package(
    path: Path, limits: ZipLimits = DEFAULT_LIMITS
) -> tuple[Messages, ManifestData | None]:
    """Run every built-in check of the package at `path`.

    Returns the messages and the manifest data, which is None when the
    package is no readable WebExtension.
    """
    messages = Messages()
    package = open_package(path, messages, limits)
    if package is None:
        return messages, None
    try:
        if not check_layout(package, messages):
            return messages, None
        return messages, check_manifest(package, messages)
    finally:
        package.close()
