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
# The fields of a version, which an add-on's body nests under "version".
VERSION_FIELDS = frozenset(
    {
        "upload",
        "license",
        "custom_license",
        "compatibility",
        "release_notes",
        "approval_notes",
        "channel",
        "source",
    }
)


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

    def nested(
        self, key: str, fields: frozenset[str] | None = None
    ) -> "SubmissionError":
        """Return this error with `fields` under `key`, as in a nested object.

        With no `fields`, every field moves. Errors tied to no field stay at
        the top, and errors already under `key` are kept.
        """
        outer: dict[str, Any] = {}
        inner: dict[str, Any] = dict(self.errors.get(key) or {})
        for name, messages in self.errors.items():
            if name == key:
                continue
            moves = name != NON_FIELD_ERRORS and (fields is None or name in fields)
            if moves:
                inner.setdefault(name, []).extend(messages)
            else:
                outer[name] = messages
        if inner:
            outer[key] = inner
        return SubmissionError(outer, status=self.status)


def _first_message(errors: dict[str, Any]) -> str:
    for value in errors.values():
        if isinstance(value, dict):
            return _first_message(value)
        if value:
            return str(value[0])
    return ""
