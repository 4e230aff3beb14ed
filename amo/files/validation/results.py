"""Validation messages, collected into addons-linter's JSON shape.

The shape is the one addons.mozilla.org stores and web-ext reads: counts
of errors, warnings and notices, `success`, and one entry per message with
its code in `id`, its type, text, description and location.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

MessageType = Literal["error", "warning", "notice"]

# addons-linter's results all come from its last tier.
ENDING_TIER = 5


@dataclass
class Message:
    code: str
    type: MessageType
    message: str
    description: str = ""
    file: str = ""
    line: int | None = None
    column: int | None = None
    # The manifest key the message is about, as a JSON pointer ("/version"),
    # so a linter message about the same key can be recognised. Not stored.
    subject: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": [self.code],
            "type": self.type,
            "message": self.message,
            "description": self.description,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "tier": ENDING_TIER,
        }


@dataclass
class Messages:
    """The messages of one validation, in the order they were found."""

    items: list[Message] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        type_: MessageType,
        code: str,
        message: str,
        description: str = "",
        *,
        file: str = "",
        line: int | None = None,
        column: int | None = None,
        subject: str = "",
    ) -> None:
        self.items.append(
            Message(
                code,
                type_,
                str(message),
                str(description),
                file,
                line,
                column,
                subject,
            )
        )

    def error(
        self, code: str, message: str, description: str = "", **where: Any
    ) -> None:
        self.add("error", code, message, description, **where)

    def warning(
        self, code: str, message: str, description: str = "", **where: Any
    ) -> None:
        self.add("warning", code, message, description, **where)

    def notice(
        self, code: str, message: str, description: str = "", **where: Any
    ) -> None:
        self.add("notice", code, message, description, **where)

    def count(self, type_: MessageType) -> int:
        return sum(1 for item in self.items if item.type == type_)

    @property
    def codes(self) -> list[str]:
        return [item.code for item in self.items]

    def has_errors(self) -> bool:
        return self.count("error") > 0

    def as_validation(self) -> dict[str, Any]:
        """Return the messages as addons-linter's JSON result."""
        errors = self.count("error")
        return {
            "errors": errors,
            "warnings": self.count("warning"),
            "notices": self.count("notice"),
            "success": errors == 0,
            "compatibility_summary": {"errors": 0, "warnings": 0, "notices": 0},
            "metadata": dict(self.metadata),
            "messages": [item.as_dict() for item in self.items],
            "message_tree": {},
            "ending_tier": ENDING_TIER,
        }


@dataclass
class ValidationResult:
    """The outcome of validating one package, as FileUpload stores it."""

    validation: dict[str, Any]
    manifest: dict[str, Any]

    @property
    def valid(self) -> bool:
        return bool(self.validation["success"])
