"""Reading manifest.json and messages.json as Firefox reads them.

Firefox skips a UTF-8 byte order mark and tolerates JavaScript comments in
these files, so they are removed before parsing: `//` to the end of the
line and `/* ... */`, only outside strings. Each comment becomes spaces
(newlines kept), so the line and column of a syntax error stay true.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

from amo.files.validation.results import Messages

BOM = "\ufeff"


class JsonSyntaxError(ValueError):
    """A file that is no valid JSON once its comments are removed."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _blank(text: str) -> str:
    return "".join(char if char in "\r\n" else " " for char in text)


def strip_comments(text: str) -> tuple[str, bool]:
    """Return `text` with comments outside strings blanked out.

    The flag is true when a `/* */` comment was found. An unterminated
    block comment is blanked to the end of the text.
    """
    output: list[str] = []
    index = 0
    length = len(text)
    in_string = False
    block_comments = False
    while index < length:
        char = text[index]
        if in_string:
            output.append(char)
            if char == "\\" and index + 1 < length:
                output.append(text[index + 1])
                index += 2
                continue
            if char == '"':
                in_string = False
            index += 1
            continue
        if char == '"':
            in_string = True
            output.append(char)
            index += 1
            continue
        if text.startswith("//", index):
            end = text.find("\n", index)
            end = length if end < 0 else end
            output.append(_blank(text[index:end]))
            index = end
            continue
        if text.startswith("/*", index):
            block_comments = True
            end = text.find("*/", index + 2)
            end = length if end < 0 else end + 2
            output.append(_blank(text[index:end]))
            index = end
            continue
        output.append(char)
        index += 1
    return "".join(output), block_comments


def _reject_constants(name: str) -> Any:
    # Python's json accepts NaN and Infinity, which JSON.parse rejects.
    raise ValueError(f"{name} is not valid JSON")


def loads(raw: bytes) -> tuple[Any, list[str], bool]:
    """Parse JSON bytes; return the value, its duplicate keys and whether
    it had block comments.

    Raises JsonSyntaxError with the line and column of the problem.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonSyntaxError(
            _("The file is not valid UTF-8 (invalid byte at offset %(offset)s).")
            % {"offset": error.start},
            None,
            None,
        ) from None
    if text.startswith(BOM):
        # A space keeps the columns of the first line true.
        text = " " + text[1:]
    stripped, block_comments = strip_comments(text)
    duplicates: list[str] = []

    def object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        value = json.loads(
            stripped, object_pairs_hook=object_pairs, parse_constant=_reject_constants
        )
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.msg, error.lineno, error.colno) from None
    except (ValueError, RecursionError) as error:
        raise JsonSyntaxError(str(error), None, None) from None
    return value, duplicates, block_comments


def read_json(raw: bytes, file: str, messages: Messages) -> Any:
    """Parse a JSON file of the package, or return None after an error.

    Duplicate keys are a warning: Firefox keeps the last value. Block
    comments are a notice, since Firefox accepts them but other tools
    do not.
    """
    try:
        value, duplicates, block_comments = loads(raw)
    except JsonSyntaxError as error:
        where = (
            _(" at line %(line)s, column %(column)s")
            % {"line": error.line, "column": error.column}
            if error.line is not None
            else ""
        )
        messages.error(
            "JSON_INVALID",
            _("%(file)s is not valid JSON%(where)s: %(error)s")
            % {"file": file, "where": where, "error": error.message},
            _("Correct the syntax of %(file)s and upload the package again.")
            % {"file": file},
            file=file,
            line=error.line,
            column=error.column,
        )
        return None
    for key in sorted(set(duplicates)):
        messages.warning(
            "JSON_DUPLICATE_KEY",
            _('%(file)s has the key "%(key)s" more than once.')
            % {"file": file, "key": key},
            _("Firefox uses the last one; remove the others."),
            file=file,
        )
    if block_comments:
        messages.notice(
            "JSON_BLOCK_COMMENTS",
            _("%(file)s has /* */ comments.") % {"file": file},
            _(
                "Firefox ignores them, but JSON has no comments and other "
                "tools may fail to read the file."
            ),
            file=file,
        )
    return value
