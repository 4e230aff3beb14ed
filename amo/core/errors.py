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
