"""The authentication backend of the site and the admin."""

from typing import Any

from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's model backend, closed to accounts not yet confirmed.

    A sign-up that never opened its confirmation link can neither log in
    nor keep a session. Deleted accounts need no check here: deletion
    makes them inactive and their password unusable, which ends their
    sessions, and the permission checks refuse the `deleted` flag.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return (
            super().user_can_authenticate(user)
            and getattr(user, "email_confirmed", True) is not None
        )
