from typing import Any

from django.apps import AppConfig


def _record_other_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Record last_login for log-ins outside the site's form (the admin's).

    The site's log-in view records it in the write thread, with the rest of
    the log-in, and marks the request so this receiver skips it.
    """
    from django.contrib.auth.models import update_last_login

    if getattr(request, "amo_login_recorded", False):
        return
    update_last_login(sender, user, **kwargs)


class UsersConfig(AppConfig):
    name = "amo.users"
    label = "users"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Django's receiver would save the user outside the write thread.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(_record_other_login, dispatch_uid="amo_last_login")
