"""Checks of an upload against the add-ons already in the database.

These run in the validation job, with the sync ORM: the add-on id must not
belong to someone else's add-on, the version must be new for the add-on,
and an upload for a chosen add-on must carry that add-on's id.
"""

from django.utils.translation import gettext as _

from amo.addons.models import Addon, AddonUser
from amo.files.models import FileUpload
from amo.files.validation.manifest import MANIFEST, ManifestData
from amo.files.validation.results import Messages
from amo.versions.models import Version


def _guid_owner(guid: str) -> Addon | None:
    # guid_key is the id in lower case, as Firefox compares ids.
    return (
        Addon.objects.filter(guid_key=guid.lower()).only("pk", "guid", "slug").first()
    )


def check_against_database(
    upload: FileUpload, data: ManifestData, messages: Messages
) -> None:
    """Add errors for an id or version that clashes with existing add-ons."""
    guid = data.get("guid")
    addon: Addon | None = None
    if upload.addon_id is not None:
        addon = Addon.objects.filter(pk=upload.addon_id).only("pk", "guid").first()

    if addon is not None and guid and addon.guid and guid.lower() != addon.guid.lower():
        messages.error(
            "GUID_MISMATCH",
            _(
                'The add-on ID in manifest.json is "%(guid)s", but this '
                'upload is for the add-on with the ID "%(expected)s".'
            )
            % {"guid": guid, "expected": addon.guid},
            _(
                "A new version must keep the add-on's ID. Set "
                "browser_specific_settings.gecko.id to %(expected)s."
            )
            % {"expected": addon.guid},
            file=MANIFEST,
        )
        return

    if guid and addon is None:
        owner = _guid_owner(guid)
        if owner is not None:
            is_author = AddonUser.objects.filter(
                addon_id=owner.pk, user_id=upload.user_id
            ).exists()
            if not is_author:
                messages.error(
                    "DUPLICATE_GUID",
                    _('The add-on ID "%(guid)s" is already used by another add-on.')
                    % {"guid": guid},
                    _(
                        "Choose a different ID for "
                        "browser_specific_settings.gecko.id in manifest.json. "
                        "If the add-on is yours, ask one of its owners to add "
                        "you as an author."
                    ),
                    file=MANIFEST,
                )
                return
            addon = owner

    version = data.get("version")
    if addon is None or not version:
        return
    # Deleted versions count too: a version string is never reused.
    if Version.objects.filter(addon_id=addon.pk, version=version).exists():
        messages.error(
            "VERSION_EXISTS",
            _("Version %(version)s of this add-on already exists.")
            % {"version": version},
            _(
                "Each upload needs a new version number, even when an "
                "earlier upload of it was deleted or rejected. Raise "
                '"version" in manifest.json.'
            ),
            file=MANIFEST,
        )
