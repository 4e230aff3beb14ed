"""State changes of the statistics pages."""

import structlog

from amo.addons.models import Addon
from amo.core.cache.invalidation import invalidate
from amo.core.db import write_action
from amo.devhub import activity
from amo.devhub.models import Activity
from amo.users.models import User

log = structlog.get_logger(__name__)


@write_action
def set_public_stats(addon_id: int, user_id: int, public: bool) -> bool:
    """Make the add-on's statistics public or private; return whether the
    setting changed.

    Runs in one transaction in the write thread. The change is logged as
    an edit of the add-on, and the add-on's cached pages are cleared once
    it commits, so its detail page shows or hides the statistics link at
    once and cached public statistics pages stop being served.
    """
    addon = Addon.objects.select_for_update().get(pk=addon_id)
    if addon.public_stats == public:
        return False
    addon.public_stats = public
    addon.save(update_fields=["public_stats", "modified"])
    user = User.objects.get(pk=user_id)
    activity.log(
        Activity.EDIT_ADDON, addon, user, fields=["public_stats"], public_stats=public
    )
    invalidate([addon])
    log.info(
        "statistics visibility changed",
        addon_id=addon_id,
        user_id=user_id,
        public=public,
    )
    return True
