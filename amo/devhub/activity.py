"""Writing the activity log, from the actions that change add-ons."""

from typing import Any

from amo.addons.models import Addon
from amo.devhub.models import Activity, ActivityLog
from amo.users.models import User
from amo.versions.models import Version


def log(
    action: Activity,
    addon: Addon,
    user: User | None,
    *,
    version: Version | None = None,
    **details: Any,
) -> ActivityLog:
    """Record `action` on `addon` by `user`, with what shows it in `details`.

    Runs inside the action's transaction, so the entry exists exactly when
    the change does. `details` must be JSON: field names, a comment, an
    email, never a model instance.
    """
    return ActivityLog.objects.create(
        action=action, addon=addon, user=user, version=version, details=details
    )
