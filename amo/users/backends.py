"""The authentication backend of the site and the admin."""

from typing import Any

from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's model backend, closed to deleted and unconfirmed accounts.

    A session whose user was deleted, or never confirmed their email
    address, is anonymous, and neither can log in to the admin.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return (
            super().user_can_authenticate(user)
            and not getattr(user, "deleted", False)
            and getattr(user, "email_confirmed", True) is not None
        )
