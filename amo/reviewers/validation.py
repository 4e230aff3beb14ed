"""Read the validation result of an upload for the review page.

Uploads store the result in the shape AMO's validator returns: counts in
`errors`, `warnings` and `notices`, and a `messages` list whose entries
carry `type`, `message`, `description` and, when known, `file`, `line`
and `column`. The addons-linter's own output puts the messages in lists
under `errors`, `warnings` and `notices` instead; both shapes are read.
"""

from dataclasses import dataclass, field
from typing import Any

# Message types in the order the review page lists them.
MESSAGE_TYPES = ("error", "warning", "notice")
# The linter's lists, by the message type they contain.
LINTER_LISTS = {"errors": "error", "warnings": "warning", "notices": "notice"}


@dataclass(frozen=True)
class ValidationMessage:
    type: str
    message: str
    code: str
    description: list[str]
    file: str
    line: int | None
    column: int | None


@dataclass
class ValidationSummary:
    """The messages of one validation run, errors first, with their counts."""

    messages: list[ValidationMessage] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.messages and not any(self.counts.values())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _number(value: Any) -> int | None:
    # bool is an int subclass, and no position is true or false.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    return None


def _description(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item]
    return []


def _code(entry: dict[str, Any]) -> str:
    code = entry.get("code")
    if isinstance(code, str):
        return code
    # AMO's messages name their check with an `id` list of path parts.
    parts = entry.get("id")
    if isinstance(parts, list):
        return ".".join(str(part) for part in parts)
    return ""


def _message(entry: Any, default_type: str | None) -> ValidationMessage | None:
    if not isinstance(entry, dict):
        return None
    kind = entry.get("type") or entry.get("_type") or default_type
    if kind not in MESSAGE_TYPES:
        kind = "notice"
    return ValidationMessage(
        type=kind,
        message=_text(entry.get("message")),
        code=_code(entry),
        description=_description(entry.get("description")),
        file=_text(entry.get("file")),
        line=_number(entry.get("line")),
        column=_number(entry.get("column")),
    )


def summarise(validation: Any) -> ValidationSummary:
    """Return the messages and counts of a stored validation result.

    Anything that is not a dict, such as the None of an upload that was
    never validated, gives an empty summary. The counts are the stored
    ones when they are numbers, else the messages of each type counted.
    """
    summary = ValidationSummary()
    if not isinstance(validation, dict):
        return summary

    entries: list[tuple[Any, str | None]] = [
        (entry, None) for entry in validation.get("messages") or () if entry
    ]
    for key, kind in LINTER_LISTS.items():
        value = validation.get(key)
        if isinstance(value, list):
            entries.extend((entry, kind) for entry in value)

    for entry, default_type in entries:
        message = _message(entry, default_type)
        if message is not None:
            summary.messages.append(message)
    summary.messages.sort(key=lambda message: MESSAGE_TYPES.index(message.type))

    for key, message_type in LINTER_LISTS.items():
        stored = _number(validation.get(key))
        counted = sum(1 for message in summary.messages if message.type == message_type)
        summary.counts[message_type] = stored if stored is not None else counted
    return summary
