"""Every package of the shared fixtures, accepted or rejected as its README
entry describes it.

The README lists each file with what it is ("WebExtension", "legacy
extension", "crx", "search-plugin (OpenSearch XML)", "broken: ...") and
notes ("INVALID: ..."). `expectation` turns an entry into the outcome amo
must reach: valid, or invalid with a given first error. The table is read
when the tests are collected, so a new file or kind fails a test.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from amo.core.constants import AddonType
from amo.files.validation import validate_path
from tests.conftest import FIXTURES_DIR

XPI_DIR = FIXTURES_DIR / "xpi"
README = XPI_DIR / "README.md"


@dataclass(frozen=True)
class Entry:
    file: str
    what: str
    notes: str

    @property
    def kind(self) -> str:
        return self.what.split(" — ")[0]


@dataclass(frozen=True)
class Expectation:
    valid: bool
    code: str = ""
    # Words the first error's message or description contains.
    words: str = ""


def read_entries() -> list[Entry]:
    if not README.is_file():
        return []
    entries = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        file = unicodedata.normalize("NFC", cells[0].strip("`"))
        entries.append(Entry(file=file, what=cells[5], notes=cells[6]))
    return entries


ENTRIES = read_entries()

LEGACY_KINDS = (
    "legacy",
    "jetpack/SDK extension",
    "apiextension",
    "multi-package",
    "no install.rdf/manifest.json",
)


def expectation(entry: Entry) -> Expectation:
    """Return the outcome that an entry's kind and notes imply."""
    kind, notes = entry.kind, entry.notes
    if kind.startswith(("WebExtension", "static theme (WebExtension)")):
        if "INVALID" in notes:
            return Expectation(False, "MANIFEST_FIELD_INVALID", "strict_m")
        return Expectation(True)
    if kind.startswith(LEGACY_KINDS):
        return Expectation(False, "LEGACY_ADDON", "legacy add-on")
    if kind == "crx":
        return Expectation(False, "CHROME_PACKAGE", "Chrome extension package")
    if kind.startswith("search-plugin"):
        return Expectation(False, "SEARCH_PLUGIN", "OpenSearch search plugin")
    if kind.startswith("xml"):
        return Expectation(False, "XML_FILE", "This is an XML file.")
    if kind.startswith("install.rdf manifest"):
        return Expectation(False, "INSTALL_RDF_FILE", "install.rdf of a legacy")
    if kind == "update.rdf":
        return Expectation(False, "UPDATE_RDF_FILE", "update manifest")
    if kind.startswith("unpacked"):
        return Expectation(False, "JSON_FILE", "This is a JSON file.")
    if kind == "broken: empty file":
        return Expectation(False, "EMPTY_FILE", "The file is empty.")
    if kind.startswith("broken: not a zip"):
        if "HTML" in notes:
            return Expectation(False, "HTML_FILE", "This is an HTML page.")
        return Expectation(False, "TEXT_FILE", "This is a text file.")
    if kind.startswith("broken: zip member unreadable"):
        return Expectation(False, "BAD_ZIPFILE", "is corrupt")
    if kind.startswith("zip without manifest"):
        if "same name" in notes:
            return Expectation(False, "DUPLICATE_XPI_ENTRY", "entries named")
        if "backslash" in notes:
            return Expectation(False, "BACKSLASH_IN_NAME", "backslash")
        return Expectation(False, "TYPE_NO_MANIFEST_JSON", "manifest.json")
    raise AssertionError(f"the README has a kind no test expects: {kind!r}")


def entry_id(entry: Entry | None) -> str:
    return "no-fixtures" if entry is None else entry.file


def path_of(entry: Entry) -> Path:
    path = XPI_DIR / entry.file
    if not path.exists():
        # The README writes names in NFC; the disk may hold another form.
        path = XPI_DIR / unicodedata.normalize("NFD", entry.file)
    return path


def readme_id(entry: Entry) -> str | None:
    match = re.search(r"— id: (\S+)", entry.what)
    return match.group(1) if match else None


def readme_version(entry: Entry) -> str | None:
    match = re.search(r" v(\S+) — ", entry.what + " — ")
    return match.group(1) if match else None


def test_readme_lists_every_file(fixtures_dir):
    on_disk = {
        unicodedata.normalize("NFC", path.relative_to(XPI_DIR).as_posix())
        for path in XPI_DIR.rglob("*")
        if path.is_file() and path != README
    }
    listed = {entry.file for entry in ENTRIES}
    assert on_disk - listed == set()
    assert listed - on_disk == set()


@pytest.mark.parametrize("entry", ENTRIES or [None], ids=entry_id)
def test_fixture_package(fixtures_dir, entry):
    assert entry is not None
    expected = expectation(entry)
    result = validate_path(path_of(entry), linter=False)
    errors = [m for m in result.validation["messages"] if m["type"] == "error"]

    if expected.valid:
        assert errors == []
        assert result.valid is True
        data = result.manifest
        assert data["guid"] == readme_id(entry)
        assert data["version"] == readme_version(entry)
        assert data["manifest_version"] == 2
        for name in data["names"].values():
            assert not name.startswith("__MSG_")
        assert data["names"]
        if entry.kind.startswith("static theme"):
            assert data["type"] == AddonType.STATICTHEME
        else:
            assert data["type"] == AddonType.EXTENSION
        return

    assert result.valid is False
    assert errors
    first = errors[0]
    assert first["id"] == [expected.code]
    assert expected.words in first["message"] + " " + first["description"]


# What addons-linter 10.14 adds to the WebExtensions the built-in checks
# accept: a reserved file name that addons.mozilla.org itself adds when it
# signs, unknown permissions, and icons the manifest names but the package
# lacks.
LINTER_ERRORS = {
    "ublock_origin-1.24.2-an+fx.xpi": {"RESERVED_FILENAME"},
    "webextension_bad_permissions.zip": {"MANIFEST_BAD_PERMISSION"},
    "webextension_no_id.zip": {"MANIFEST_ICON_NOT_FOUND"},
    "beastify.xpi": {"MANIFEST_ICON_NOT_FOUND"},
    "installrdf-and-manifestjson.xpi": {"MANIFEST_ICON_NOT_FOUND"},
}
VALID_ENTRIES = [
    entry for entry in ENTRIES if expectation(entry) == Expectation(valid=True)
]


@pytest.mark.slow
@pytest.mark.parametrize("entry", VALID_ENTRIES or [None], ids=entry_id)
def test_fixture_webextension_linted(fixtures_dir, addons_linter, entry):
    assert entry is not None
    result = validate_path(path_of(entry))
    codes = {m["id"][0] for m in result.validation["messages"]}
    errors = {m["id"][0] for m in result.validation["messages"] if m["type"] == "error"}
    assert "LINTER_FAILED" not in codes
    assert "totalScannedFileSize" in result.validation["metadata"]
    expected = LINTER_ERRORS.get(Path(entry.file).name, set())
    assert errors == expected
    assert result.valid is (not expected)
