"""Finding the catalogue files and reading each with the parser of its format.

A file's format is recognised by its content (a CSV header, an HTML table,
the shape of its JSON), not by its name, so renamed or re-downloaded files
still load. A file that no parser recognises is reported, never guessed.
"""

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from amo.catalogue.importer.records import ParsedFile, Report
from amo.catalogue.importer.sources import (
    addons_table,
    amo_api,
    arewe10s,
    django_fixtures,
    nix_addons,
    nix_mozilla,
    telemetry_csv,
)

# Files that describe the data instead of holding it.
SKIPPED_NAMES = {"readme.md", "readme", "readme.txt", "license", "license.md"}

# JSON formats, in the order they are tried: the first whose detect()
# accepts the data parses it.
JSON_PARSERS: list[tuple[Callable[[Any], bool], Callable[[Path, Any], ParsedFile]]] = [
    (amo_api.detect, amo_api.parse),
    (nix_addons.detect, nix_addons.parse),
    (arewe10s.detect, arewe10s.parse),
    (nix_mozilla.detect, nix_mozilla.parse),
]


class MissingPathError(ValueError):
    pass


def discover(paths: Iterable[Path]) -> list[Path]:
    """Return the data files under `paths` (files or directories), sorted.

    Directories are walked recursively; hidden files and README files are
    left out.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and candidate.name.lower() not in SKIPPED_NAMES
                and not any(
                    part.startswith(".") for part in candidate.relative_to(path).parts
                )
            )
        else:
            raise MissingPathError(
                f"{path} is neither a file nor a directory: "
                "pass catalogue files or the folders that hold them"
            )
    return sorted(found)


def read_files(
    files: list[Path], on_file: Callable[[ParsedFile], None] | None = None
) -> list[ParsedFile]:
    """Parse every file and return the results in the order of `files`.

    Django fixtures are parsed after all of them are read, because they
    refer to rows of one another.
    """
    results: dict[Path, ParsedFile] = {}
    fixtures = django_fixtures.FixtureSet()
    fixture_paths = []
    for path in files:
        outcome = _read(path)
        if isinstance(outcome, ParsedFile):
            results[path] = outcome
            if on_file:
                on_file(outcome)
        else:
            fixtures.add(path, outcome)
            fixture_paths.append(path)
    for path in fixture_paths:
        results[path] = fixtures.parse(path)
        if on_file:
            on_file(results[path])
    return [results[path] for path in files]


def _read(path: Path) -> ParsedFile | list[Any]:
    """Parse a file, or return the objects of a Django fixture for later."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return _unreadable(path, "file is not UTF-8 text", error.reason)
    except OSError as error:
        return _unreadable(path, "file could not be read", error.strerror or "")

    suffix = path.suffix.lower()
    if suffix == ".csv" or telemetry_csv.detect(text):
        if telemetry_csv.detect(text):
            return telemetry_csv.parse(path, text)
        return _unreadable(path, "CSV header is not guid,localized_string,URL")
    if suffix in (".html", ".htm") or text.lstrip().startswith("<"):
        if addons_table.detect(text):
            return addons_table.parse(path, text)
        return _unreadable(path, "HTML page has no table of add-ons")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return _unreadable(
            path,
            "file is not valid JSON",
            f"line {error.lineno} column {error.colno}: {error.msg}",
        )
    if django_fixtures.detect(data):
        return data
    for detect, parse in JSON_PARSERS:
        if detect(data):
            return parse(path, data)
    return _unreadable(path, "JSON is not in a catalogue format amo knows")


def _unreadable(path: Path, reason: str, detail: str = "") -> ParsedFile:
    parsed = ParsedFile(path=path, source="unknown")
    parsed.reports.append(Report(path, "file", reason, detail=detail))
    return parsed
