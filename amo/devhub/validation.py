"""Validation results of an upload, as the developer hub shows them.

`FileUpload.validation` contains addons-linter's JSON: either one `messages`
list whose items carry a `type` ("error", "warning" or "notice"), or one
list per type under `errors`, `warnings` and `notices`, with counts in
`summary`. Both shapes read the same here.
"""

from dataclasses import dataclass, field
from typing import Any

from amo.files.models import FileUpload, UploadState

MESSAGE_TYPES = ("error", "warning", "notice")
# Messages shown per type. The counts include the messages left out.
MAX_MESSAGES = 500
# Progress of each state, in percent, for the progress bar.
STATE_PROGRESS = {
    UploadState.STORED: 10,
    UploadState.QUEUED: 25,
    UploadState.VALIDATING: 60,
    UploadState.PROCESSED: 100,
    UploadState.FAILED: 100,
}
STATE_NAMES = {
    UploadState.STORED: "stored",
    UploadState.QUEUED: "queued",
    UploadState.VALIDATING: "validating",
    UploadState.PROCESSED: "processed",
    UploadState.FAILED: "failed",
}


@dataclass
class Message:
    type: str
    code: str
    message: str
    description: str
    file: str
    line: int | None
    column: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "code": self.code,
            "message": self.message,
            "description": self.description,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


@dataclass
class ValidationSummary:
    """Counts and messages of one upload's validation, by type."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(MESSAGE_TYPES, 0)
    )
    messages: dict[str, list[Message]] = field(
        default_factory=lambda: {kind: [] for kind in MESSAGE_TYPES}
    )

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": {f"{kind}s": self.counts[kind] for kind in MESSAGE_TYPES},
            "messages": {
                f"{kind}s": [message.as_json() for message in self.messages[kind]]
                for kind in MESSAGE_TYPES
            },
        }


def _text(value: Any) -> str:
    """Join the linter's description, which may be a list of strings."""
    if isinstance(value, list):
        return " ".join(str(part) for part in value if part)
    return "" if value is None else str(value)


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _message(raw: dict[str, Any], kind: str) -> Message:
    # addons-linter names the code `id`, as a list of parts.
    code = raw.get("code") or raw.get("id") or ""
    if isinstance(code, list):
        code = ".".join(str(part) for part in code)
    return Message(
        type=kind,
        code=str(code),
        message=_text(raw.get("message")),
        description=_text(raw.get("description")),
        file=str(raw.get("file") or ""),
        line=_number(raw.get("line")),
        column=_number(raw.get("column")),
    )


def _raw_messages(validation: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    messages = validation.get("messages")
    if isinstance(messages, list):
        for raw in messages:
            if isinstance(raw, dict) and raw.get("type") in MESSAGE_TYPES:
                found.append((raw["type"], raw))
    for kind in MESSAGE_TYPES:
        items = validation.get(f"{kind}s")
        if isinstance(items, list):
            found.extend((kind, raw) for raw in items if isinstance(raw, dict))
    return found


def summarize(validation: dict[str, Any] | None) -> ValidationSummary:
    """Return the counts and messages of a stored validation result.

    A count is the larger of the stored number and the messages found, so
    a result cut at the linter's limit still reports its total.
    """
    summary = ValidationSummary()
    if not isinstance(validation, dict):
        return summary
    found = dict.fromkeys(MESSAGE_TYPES, 0)
    for kind, raw in _raw_messages(validation):
        found[kind] += 1
        if len(summary.messages[kind]) < MAX_MESSAGES:
            summary.messages[kind].append(_message(raw, kind))
    stored = validation.get("summary")
    stored = stored if isinstance(stored, dict) else validation
    for kind in MESSAGE_TYPES:
        number = _number(stored.get(f"{kind}s"))
        summary.counts[kind] = max(number or 0, found[kind])
    return summary


def state_name(upload: FileUpload) -> str:
    return STATE_NAMES.get(UploadState(upload.state), "stored")


def progress(upload: FileUpload) -> int:
    return STATE_PROGRESS.get(UploadState(upload.state), 0)
