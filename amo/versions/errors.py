"""The error that submission and review actions raise.

Its `errors` use the body shape of AMO's API for a 400: each field name
maps to a list of messages, errors of a nested object nest under its key
(`{"version": {"license": [...]}}`), and errors tied to no field go under
`non_field_errors`. The API sends them as they are; pages show them next
to their form fields.
"""

from typing import Any

from amo.core.errors import AmoError

NON_FIELD_ERRORS = "non_field_errors"


class SubmissionError(AmoError):
    """A submission, edit or review decision that the add-on's state rejects.

    `status` is 400 for invalid input, 403 when the user may not change the
    add-on, and 409 when the version's state does not allow the decision.
    """

    code = "invalid_submission"
    status = 400

    def __init__(self, errors: dict[str, Any], *, status: int = 400) -> None:
        self.errors = errors
        self.status = status
        super().__init__(_first_message(errors))

    @classmethod
    def on(cls, field: str, message: str, *, status: int = 400) -> "SubmissionError":
        """Return an error of one field (NON_FIELD_ERRORS for none)."""
        return cls({field: [message]}, status=status)

    def nested(self, key: str) -> "SubmissionError":
        """Return this error with its fields under `key`, as in a nested
        object; errors tied to no field stay at the top."""
        inner = {k: v for k, v in self.errors.items() if k != NON_FIELD_ERRORS}
        outer: dict[str, Any] = {key: inner} if inner else {}
        if NON_FIELD_ERRORS in self.errors:
            outer[NON_FIELD_ERRORS] = self.errors[NON_FIELD_ERRORS]
        return SubmissionError(outer, status=self.status)


def _first_message(errors: dict[str, Any]) -> str:
    for value in errors.values():
        if isinstance(value, dict):
            return _first_message(value)
        if value:
            return str(value[0])
    return ""
