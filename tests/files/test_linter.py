"""Mozilla's addons-linter, run on packages and merged into amo's result.

The tests that run the linter need it in var/node (`bash .ci/run` installs
it with npm ci); they skip without it on the embedded defaults.
"""

import shutil
from pathlib import Path

import pytest

from amo.files.validation import linter, validate_path
from amo.files.validation.results import Messages
from tests.conftest import skip_or_fail
from tests.files.helpers import build_xpi, manifest


def package(tmp_path: Path, content: bytes, name: str = "package.xpi") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def codes(result) -> list[str]:
    return [message["id"][0] for message in result.validation["messages"]]


def test_valid_package_is_linted(addons_linter, tmp_path):
    result = validate_path(package(tmp_path, build_xpi()))
    assert result.valid is True
    # The linter's metadata, with amo's own keys over it.
    assert "totalScannedFileSize" in result.validation["metadata"]
    assert result.validation["metadata"]["id"] == "test@example.com"
    assert "MISSING_DATA_COLLECTION_PERMISSIONS" in codes(result)


def test_linter_finds_what_amo_does_not(addons_linter, tmp_path):
    content = build_xpi(
        manifest(background={"scripts": ["background.js"]}),
        {"background.js": "eval(location.hash);", "mozilla-recommendation.json": "{}"},
    )
    result = validate_path(package(tmp_path, content))
    assert result.valid is False
    assert "RESERVED_FILENAME" in codes(result)
    assert "DANGEROUS_EVAL" in codes(result)
    reserved = next(
        message
        for message in result.validation["messages"]
        if message["id"] == ["RESERVED_FILENAME"]
    )
    assert reserved["type"] == "error"
    assert reserved["file"] == "mozilla-recommendation.json"


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        # The linter rejects block comments; Firefox, and amo, accept them.
        (
            '/* note */ {"manifest_version": 2, "name": "x", "version": "1.0",'
            ' "browser_specific_settings": {"gecko": {"id": "a@b.c"}}}',
            ("notice", "JSON_BLOCK_COMMENTS"),
        ),
        (
            '{"manifest_version": 2, "name": "a", "name": "b", "version": "1.0",'
            ' "browser_specific_settings": {"gecko": {"id": "a@b.c"}}}',
            ("warning", "JSON_DUPLICATE_KEY"),
        ),
        (manifest(name=None), ("error", "MANIFEST_FIELD_REQUIRED")),
        (manifest(version="1.0.0.0.0"), ("error", "VERSION_FORMAT_INVALID")),
        (
            manifest(browser_specific_settings={"gecko": {"id": "oddnoddd"}}),
            ("error", "MANIFEST_FIELD_INVALID"),
        ),
        (
            manifest(
                browser_specific_settings=None,
                applications={"gecko": {"id": "oddnoddd"}},
            ),
            ("error", "MANIFEST_FIELD_INVALID"),
        ),
    ],
)
def test_linter_repeats_are_dropped(addons_linter, tmp_path, content, kept):
    result = validate_path(package(tmp_path, build_xpi(content)))
    manifest_messages = [
        (message["type"], message["id"][0])
        for message in result.validation["messages"]
        if message["id"][0] != "MISSING_DATA_COLLECTION_PERMISSIONS"
        and message["id"][0] != "APPLICATIONS_DEPRECATED"
    ]
    assert manifest_messages == [kept]


def test_not_a_zip_is_not_linted(addons_linter, tmp_path):
    result = validate_path(package(tmp_path, b"This is not a valid XPI!"))
    assert codes(result) == ["TEXT_FILE"]
    assert "totalScannedFileSize" not in result.validation["metadata"]


def slow_package() -> bytes:
    """A package whose 1 MB of JavaScript takes the linter seconds to scan."""
    script = "".join(
        f"function f{index}(a) {{ return a.map((x) => x * {index}); }}\n"
        for index in range(20_000)
    )
    data = manifest(background={"scripts": ["background.js"]})
    return build_xpi(data, {"background.js": script})


def test_linter_timeout_adds_a_notice(addons_linter, tmp_path, settings):
    settings.ADDONS_LINTER_TIMEOUT = 0.2
    result = validate_path(package(tmp_path, slow_package()))
    assert result.valid is True
    failed = [m for m in result.validation["messages"] if m["id"] == ["LINTER_FAILED"]]
    assert len(failed) == 1, result.validation["messages"]
    assert "timed out" in failed[0]["message"]
    # The next package gets a new Node process.
    settings.ADDONS_LINTER_TIMEOUT = 120
    result = validate_path(package(tmp_path, build_xpi(), "second.xpi"))
    assert "LINTER_FAILED" not in codes(result)
    assert "totalScannedFileSize" in result.validation["metadata"]


def test_one_process_lints_many_packages(addons_linter, tmp_path):
    linter.stop_linter()
    linter.run_linter(package(tmp_path, build_xpi()), addons_linter)
    first = linter._process
    linter.run_linter(package(tmp_path, build_xpi(), "second.xpi"), addons_linter)
    assert linter._process is first
    assert first is not None
    assert first.runs == 2
    assert first.version == "10.14.0"
    linter.stop_linter()
    assert first.process.poll() is not None


def test_linter_error_for_missing_file(addons_linter, tmp_path):
    with pytest.raises(linter.LinterError, match="does not exist"):
        linter.run_linter(tmp_path / "missing.xpi", addons_linter)


def test_linter_that_cannot_load(tmp_path):
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed (apt-get install nodejs)")
    broken = tmp_path / "broken-linter"
    broken.mkdir()
    (broken / "package.json").write_text('{"main": "index.js", "version": "0"}')
    (broken / "index.js").write_text("throw new Error('cannot start');")
    command = linter.LinterCommand(node=node, package=broken)
    with pytest.raises(linter.LinterError, match="cannot load addons-linter"):
        linter.LinterProcess(command)


def test_missing_configured_linter_is_skipped(settings, tmp_path):
    settings.ADDONS_LINTER = str(tmp_path / "no" / "addons-linter")
    assert linter.find_linter() is None
    result = validate_path(package(tmp_path, build_xpi()))
    assert result.valid is True
    assert "totalScannedFileSize" not in result.validation["metadata"]


def test_merge_report_converts_the_shape():
    messages = Messages()
    report = {
        "errors": [
            {
                "_type": "error",
                "code": "RESERVED_FILENAME",
                "message": "Reserved filename found.",
                "description": ["Files whose names are reserved", "were found."],
                "file": "mozilla-recommendation.json",
            },
        ],
        "warnings": [
            {
                "_type": "warning",
                "code": "UNSAFE_VAR_ASSIGNMENT",
                "message": "Unsafe assignment to innerHTML",
                "description": "Due to both security and performance concerns",
                "file": "content.js",
                "line": 12,
                "column": 5,
            },
            # The linter sometimes sends the same message twice.
            {
                "code": "UNSAFE_VAR_ASSIGNMENT",
                "message": "Unsafe assignment to innerHTML",
                "file": "content.js",
                "line": 12,
            },
            "not a message",
        ],
        "notices": [],
    }
    assert linter.merge_report(report, messages) == 2
    validation = messages.as_validation()
    assert validation["errors"] == 1
    assert validation["warnings"] == 1
    first, second = validation["messages"]
    assert first["id"] == ["RESERVED_FILENAME"]
    assert first["description"] == "Files whose names are reserved were found."
    assert second["line"] == 12
    assert second["column"] == 5
    assert second["file"] == "content.js"


@pytest.mark.parametrize(
    ("entry", "subject"),
    [
        ({"instancePath": "/browser_specific_settings/gecko/id"}, None),
        ({"instancePath": "/applications/gecko/id"}, None),
        (
            {
                "code": "MANIFEST_FIELD_REQUIRED",
                "instancePath": "",
                "message": "\"/\" must have required property 'version'",
            },
            "/version",
        ),
        ({"instancePath": None}, ""),
    ],
)
def test_linter_subject(entry, subject):
    expected = "/browser_specific_settings/gecko/id" if subject is None else subject
    assert linter.linter_subject(entry) == expected
