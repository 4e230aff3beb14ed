"""Signed tokens of the links that account mails carry.

Confirmation links (of a sign-up or a new address) are signed with the
site's SECRET_KEY and expire after EMAIL_CONFIRMATION_SECONDS. Password
reset links use Django's token generator, which a log-in or a new
password invalidates, and expire after PASSWORD_RESET_TIMEOUT.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SIGNUP_SALT = "amo.users.confirm-signup"
EMAIL_CHANGE_SALT = "amo.users.confirm-email-change"


class InvalidToken(Exception):
    """The link is malformed, tampered with or expired."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _load(token: str, salt: str) -> dict[str, object]:
    try:
        value = signing.loads(
            token, salt=salt, max_age=settings.EMAIL_CONFIRMATION_SECONDS
        )
    except signing.SignatureExpired:
        raise InvalidToken(expired=True) from None
    except signing.BadSignature:
        raise InvalidToken() from None
    if not isinstance(value, dict):
        raise InvalidToken()
    return value


def make_signup_token(user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email}, salt=SIGNUP_SALT, compress=True)


def read_signup_token(token: str) -> tuple[int, str]:
    """Return the user id and address that `token` confirms."""
    value = _load(token, SIGNUP_SALT)
    user_id, email = value.get("u"), value.get("e")
    if not isinstance(user_id, int) or not isinstance(email, str):
        raise InvalidToken()
    return user_id, email


@dataclass(frozen=True)
class EmailChange:
    user_id: int
    old_email: str
    new_email: str


def make_email_change_token(change: EmailChange) -> str:
    return signing.dumps(
        {"u": change.user_id, "o": change.old_email, "n": change.new_email},
        salt=EMAIL_CHANGE_SALT,
        compress=True,
    )


def read_email_change_token(token: str) -> EmailChange:
    value = _load(token, EMAIL_CHANGE_SALT)
    user_id, old, new = value.get("u"), value.get("o"), value.get("n")
    if not (isinstance(user_id, int) and isinstance(old, str) and isinstance(new, str)):
        raise InvalidToken()
    return EmailChange(user_id, old, new)
