"""Mozilla's addons-linter, run on a package when it is installed.

amo looks for the linter at settings.ADDONS_LINTER (AMO_ADDONS_LINTER: the
path of its `addons-linter` command), else in the project's
var/node/node_modules, where `.ci/run` installs it. Loading the linter
takes most of a short run, so each worker process keeps one Node process
(linter_server.js) that lints package after package. Its report is read,
never its exit status, and converted to amo's messages.
"""

import atexit
import json
import os
import re
import selectors
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import structlog
from django.conf import settings
from django.utils.translation import gettext as _

from amo.files.validation.results import Message, Messages, MessageType

log = structlog.get_logger(__name__)

SERVER_SCRIPT = Path(__file__).with_name("linter_server.js")
# Seconds the Node process may take to load the linter.
START_TIMEOUT = 60.0
# Packages one Node process lints before it is replaced, so memory that
# the linter keeps between runs cannot grow without bound.
MAX_RUNS_PER_PROCESS = 500

# Codes of problems that a file has at most once: a linter message with
# one of them repeats a built-in message with the same code and file.
SINGLE_CODES = {
    "JSON_DUPLICATE_KEY",
    "ADDON_ID_REQUIRED",
    "APPLICATIONS_DEPRECATED",
    "APPLICATIONS_INVALID",
    "BAD_ZIPFILE",
    "FILE_TOO_LARGE",
    "JSON_BLOCK_COMMENTS",
    "JSON_INVALID",
    "MANIFEST_DICT_MISSING_ID",
    "MANIFEST_EMPTY_DICTS",
    "MANIFEST_MULTIPLE_DICTS",
    "MANIFEST_VERSION_INVALID",
    "MISSING_ADDON_ID",
    "NO_DEFAULT_LOCALE",
    "NO_MESSAGES_FILE",
    "STRICT_MAX_VERSION",
    "TYPE_NO_MANIFEST_JSON",
    "VERSION_FORMAT_DEPRECATED",
    "VERSION_FORMAT_INVALID",
}


class LinterError(Exception):
    """The linter could not be started or did not produce a report."""


@dataclass(frozen=True)
class LinterCommand:
    node: str
    package: Path


def find_linter() -> LinterCommand | None:
    """Return how to run the installed addons-linter, or None without it."""
    configured = settings.ADDONS_LINTER
    command = Path(
        configured
        or settings.BASE_DIR
        / "var"
        / "node"
        / "node_modules"
        / ".bin"
        / "addons-linter"
    )
    if not command.exists():
        if configured:
            log.warning("addons-linter not found", path=str(command))
        return None
    # node_modules/.bin/addons-linter links to <package>/bin/addons-linter.
    package = command.resolve().parent.parent
    node = shutil.which("node")
    if node is None or not (package / "package.json").exists():
        log.warning("addons-linter cannot run", node=node, package=str(package))
        return None
    return LinterCommand(node=node, package=package)


class LinterProcess:
    """One Node process that lints packages sent to it, one at a time."""

    def __init__(self, command: LinterCommand) -> None:
        self.command = command
        self.pid = os.getpid()
        self.runs = 0
        self.version = ""
        self.process = subprocess.Popen(
            [command.node, str(SERVER_SCRIPT), str(command.package)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Its own process group, so a signal to the worker's group (a
            # terminal's Ctrl-C) does not kill it mid-package.
            start_new_session=True,
        )
        try:
            ready = self._read(START_TIMEOUT)
        except LinterError:
            self.stop()
            raise
        if not ready.get("ready"):
            self.stop()
            raise LinterError(f"addons-linter did not start: {ready.get('error')}")
        self.version = str(ready.get("version", ""))
        log.info(
            "addons-linter started",
            pid=self.process.pid,
            version=self.version,
        )

    def _read(self, timeout: float) -> dict[str, Any]:
        stdout: IO[bytes] | None = self.process.stdout
        assert stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise LinterError(f"addons-linter timed out after {timeout:g} s")
        line = stdout.readline()
        if not line:
            raise LinterError(f"addons-linter exited with status {self.process.poll()}")
        try:
            reply = json.loads(line)
        except json.JSONDecodeError as error:
            raise LinterError(f"addons-linter wrote no JSON: {error}") from None
        if not isinstance(reply, dict):
            raise LinterError("addons-linter wrote an unexpected reply")
        return reply

    def lint(self, path: Path, timeout: float) -> dict[str, Any]:
        """Return the linter's JSON report of the package at `path`."""
        stdin = self.process.stdin
        assert stdin is not None
        request = json.dumps({"path": str(path), "selfHosted": True})
        try:
            stdin.write(request.encode() + b"\n")
            stdin.flush()
        except OSError as error:
            raise LinterError(f"addons-linter is gone: {error}") from None
        self.runs += 1
        # A line that arrives only after the timeout would be taken as the
        # reply to the next request, so a timed-out process is stopped.
        reply = self._read(timeout)
        if not reply.get("ok"):
            raise LinterError(f"addons-linter failed: {reply.get('error')}")
        result = reply.get("result")
        if not isinstance(result, dict):
            raise LinterError("addons-linter sent no report")
        return result

    def alive(self) -> bool:
        return self.process.poll() is None and self.pid == os.getpid()

    def stop(self) -> None:
        if self.pid != os.getpid():
            # Inherited through a fork: the parent owns the process.
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


_lock = threading.Lock()
_process: LinterProcess | None = None


def run_linter(
    path: Path, command: LinterCommand, timeout: float | None = None
) -> dict[str, Any]:
    """Lint `path` with this process's Node process; start one if needed.

    Raises LinterError when the linter fails or times out; the Node
    process is then stopped, and the next call starts a new one.
    """
    global _process
    limit = settings.ADDONS_LINTER_TIMEOUT if timeout is None else timeout
    with _lock:
        if _process is not None and (
            not _process.alive()
            or _process.command != command
            or _process.runs >= MAX_RUNS_PER_PROCESS
        ):
            _process.stop()
            _process = None
        if _process is None:
            _process = LinterProcess(command)
        try:
            return _process.lint(path, limit)
        except LinterError:
            _process.stop()
            _process = None
            raise


def stop_linter() -> None:
    """Stop this process's Node process, if it started one."""
    global _process
    with _lock:
        if _process is not None:
            _process.stop()
            _process = None


# The Node process also exits by itself when its stdin closes, as when a
# worker process ends with os._exit and skips this.
atexit.register(stop_linter)


def _location(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(part) for part in value)
    return "" if value is None else str(value)


_REQUIRED_PROPERTY = re.compile(r"required property '([^']+)'")
# Linter codes that are about one manifest key but do not name it.
_CODE_SUBJECTS = {
    "VERSION_FORMAT_DEPRECATED": "/version",
    "VERSION_FORMAT_INVALID": "/version",
}


def linter_subject(entry: dict[str, Any]) -> str:
    """Return the manifest key a linter message is about, as a JSON pointer.

    The linter's schema errors carry it in `instancePath`; a missing
    property is named only in the message. `applications` is read as
    `browser_specific_settings`, as amo's own messages name it.
    """
    path = entry.get("instancePath") or entry.get("dataPath") or ""
    if not isinstance(path, str):
        return ""
    if not path:
        path = _CODE_SUBJECTS.get(str(entry.get("code")), "")
    if entry.get("code") == "MANIFEST_FIELD_REQUIRED":
        match = _REQUIRED_PROPERTY.search(_text(entry.get("message")))
        if match:
            path = f"{path.rstrip('/')}/{match.group(1)}"
    if path.startswith("/applications/"):
        path = "/browser_specific_settings/" + path[len("/applications/") :]
    return path


def is_repeat(entry: dict[str, Any], own: list[Message]) -> bool:
    """Return whether a linter message repeats one of amo's own messages.

    It does when it names the same manifest key, or when it has the code
    of a problem a file has once, and the same file (the linter sometimes
    leaves the file out). amo's message is kept: where the two disagree,
    as on comments in manifest.json, amo follows Firefox.
    """
    code = entry.get("code")
    file = _text(entry.get("file"))
    subject = linter_subject(entry)
    for item in own:
        if subject and item.subject == subject:
            return True
        if code == item.code and code in SINGLE_CODES and file in ("", item.file):
            return True
    return False


def merge_report(report: dict[str, Any], messages: Messages) -> int:
    """Add the linter's messages that amo's checks did not already report.

    Returns how many were added. The linter's own repeats (the same code,
    file and text) are added once.
    """
    own = list(messages.items)
    added_keys: set[tuple[str, str, str]] = set()
    types: tuple[tuple[str, MessageType], ...] = (
        ("errors", "error"),
        ("warnings", "warning"),
        ("notices", "notice"),
    )
    for key, message_type in types:
        for entry in report.get(key) or []:
            if not isinstance(entry, dict):
                continue
            code = str(entry.get("code") or "LINTER_MESSAGE")
            file = _text(entry.get("file"))
            text = _text(entry.get("message"))
            if (code, file, text) in added_keys or is_repeat(entry, own):
                continue
            messages.add(
                message_type,
                code,
                text,
                _text(entry.get("description")),
                file=file,
                line=_location(entry.get("line")),
                column=_location(entry.get("column")),
            )
            added_keys.add((code, file, text))
    return len(added_keys)


def merge_linter_messages(path: Path, messages: Messages) -> bool:
    """Run the linter on `path` and merge its messages; return whether it ran.

    Without the linter nothing happens. When the linter fails, a notice
    reports it, and the built-in checks still decide the result.
    """
    command = find_linter()
    if command is None:
        return False
    started = time.monotonic()
    try:
        report = run_linter(path, command)
    except LinterError as error:
        log.warning("addons-linter failed", path=str(path), error=str(error))
        messages.notice(
            "LINTER_FAILED",
            _("addons-linter could not check this package: %(error)s")
            % {"error": error},
            _("amo's own checks ran; the package was not linted further."),
        )
        return False
    added = merge_report(report, messages)
    metadata = report.get("metadata")
    if isinstance(metadata, dict):
        messages.metadata.update(metadata)
    log.info(
        "addons-linter ran",
        path=str(path),
        added=added,
        seconds=round(time.monotonic() - started, 3),
    )
    return True
