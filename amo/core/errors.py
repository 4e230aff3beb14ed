"""The exception family of user-facing failures.

Each error carries a stable code, an HTTP status and a translatable
message, so pages and the API can report it the same way.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class AmoError(Exception):
    code = "error"
    status = 500
    message: Any = _("Something went wrong.")

    def __init__(self, message: Any = None, **params: Any) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(str(self.message) % params if params else str(self.message))


class DatabaseUnavailable(AmoError):
    """A database read failed because the server could not be reached.

    `statement_timeout` is true when the server responded but stopped the
    statement for running too long: another server would be no faster, so
    reads do not move to the primary for it.
    """

    code = "database_unavailable"
    status = 503
    message = _("The site is temporarily unavailable. Please try again shortly.")
    retry_after = 30

    def __init__(
        self, alias: str, reason: str, *, statement_timeout: bool = False
    ) -> None:
        self.alias = alias
        self.reason = reason
        self.statement_timeout = statement_timeout
        super().__init__()

    def __str__(self) -> str:
        return f"database {self.alias!r} is unavailable: {self.reason}"


NON_FIELD_ERRORS = "non_field_errors"


class ActionError(AmoError):
    """A change that an action refuses, with the reason for each field.

    `errors` has the body shape of AMO's API for a 400: each field name maps
    to a list of messages, and errors tied to no field go under
    `non_field_errors`. `status` is 400 for invalid input, 403 when the user
    may not make the change, 404 when the object is not there (or not
    visible to the user) and 409 when its state does not allow the change.
    The API sends `errors` as the body; pages show them beside the form.
    """

    code = "invalid_action"
    status = 400

    def __init__(self, errors: dict[str, list[Any]], *, status: int = 400) -> None:
        self.errors = errors
        self.status = status
        first = next((messages[0] for messages in errors.values() if messages), "")
        super().__init__(str(first))

    @classmethod
    def on(cls, field: str, message: Any, *, status: int = 400) -> "ActionError":
        """Return an error of one field (NON_FIELD_ERRORS for none)."""
        return cls({field: [message]}, status=status)

    @property
    def messages(self) -> list[str]:
        """Every message, in field order, as text."""
        return [str(message) for values in self.errors.values() for message in values]
