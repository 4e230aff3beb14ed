"""The built-in checks of packages, one unit at a time."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from amo.core.constants import AddonType
from amo.files.validation import validate_path
from amo.files.validation.checks import check_package
from amo.files.validation.jsonfile import JsonSyntaxError, loads, strip_comments
from amo.files.validation.package import (
    ZipLimits,
    check_entry_name,
    declared_entry_count,
    describe_content,
)
from amo.files.validation.versions import (
    gecko_id_problem,
    is_application_version,
    is_deprecated_version,
    is_strict_version,
    version_problem,
)
from tests.files.helpers import build_xpi, build_zip, manifest


def check(tmp_path: Path, content: bytes, limits: ZipLimits | None = None):
    path = tmp_path / "package.xpi"
    path.write_bytes(content)
    messages, data = check_package(path, limits or ZipLimits())
    return messages, data


def errors(messages) -> list[str]:
    return [item.code for item in messages.items if item.type == "error"]


def only_message(messages, code: str):
    found = [item for item in messages.items if item.code == code]
    assert len(found) == 1, messages.codes
    return found[0]


# --- Files that are no zip ---------------------------------------------------


def test_empty_file(tmp_path):
    messages, data = check(tmp_path, b"")
    assert errors(messages) == ["EMPTY_FILE"]
    assert data is None
    assert only_message(messages, "EMPTY_FILE").message == "The file is empty."


def test_chrome_package(tmp_path):
    messages, _ = check(tmp_path, b"Cr24\x03\x00\x00\x00" + build_xpi())
    message = only_message(messages, "CHROME_PACKAGE")
    assert "Chrome extension package (.crx)" in message.message
    assert ".xpi or .zip" in message.description
    assert "manifest.json" in message.description


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"\x1f\x8b\x08\x00rest", "GZIP_FILE", "gzip archive"),
        (b"BZh91AY", "BZIP2_FILE", "bzip2 archive"),
        (b"\xfd7zXZ\x00\x00", "XZ_FILE", "xz archive"),
        (b"7z\xbc\xaf\x27\x1c\x00", "SEVENZIP_FILE", "7-Zip archive"),
        (b"Rar!\x1a\x07", "RAR_FILE", "RAR archive"),
        (b"%PDF-1.4", "PDF_FILE", "PDF document"),
        (b"\x89PNG\r\n\x1a\n", "IMAGE_FILE", "an image"),
        (b"\x7fELF\x02\x01", "EXECUTABLE_FILE", "a program"),
        (b'<?xml version="1.0"?><note/>', "XML_FILE", "This is an XML file."),
        (
            b'<?xml version="1.0"?>\n<OpenSearchDescription xmlns="x">',
            "SEARCH_PLUGIN",
            "OpenSearch search plugin",
        ),
        (b"<SearchPlugin xmlns='x'>", "SEARCH_PLUGIN", "search_provider"),
        (
            b'<?xml version="1.0"?><RDF:RDF><Description about="urn:mozilla:'
            b'install-manifest">',
            "INSTALL_RDF_FILE",
            "Legacy add-ons are no longer accepted",
        ),
        (b"<RDF><em:updates>", "UPDATE_RDF_FILE", "update manifest"),
        (b"<!DOCTYPE html><html>", "HTML_FILE", "HTML page"),
        (b'\xef\xbb\xbf{"manifest_version": 2}', "JSON_FILE", "JSON file"),
        (b"This is not a valid XPI!", "TEXT_FILE", "This is a text file."),
        (b"\x00\x01\x02\x03binary", "BINARY_FILE", "not a zip archive"),
    ],
)
def test_describe_content(content, code, words):
    found_code, sentence = describe_content(content)
    assert found_code == code
    assert words in sentence


def test_not_a_zip_says_what_it_is(tmp_path):
    messages, data = check(tmp_path, b"This is not a valid XPI!")
    message = only_message(messages, "TEXT_FILE")
    assert message.message == "The file is not a zip archive. This is a text file."
    assert data is None


def test_text_cut_mid_character_is_text():
    sample = ("é" * 2048).encode()[:4095]
    assert describe_content(sample)[0] == "TEXT_FILE"


def test_corrupt_zip(tmp_path):
    content = build_xpi()
    # Keep the local header's magic, but cut off the central directory.
    messages, _ = check(tmp_path, content[:60])
    assert errors(messages) == ["BAD_ZIPFILE"]


def test_corrupt_entry_crc(tmp_path):
    content = bytearray(build_zip({"manifest.json": json.dumps(manifest())}))
    # Store without compression and flip a byte of the manifest's data.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest()))
    content = bytearray(buffer.getvalue())
    content[40] ^= 0xFF
    messages, data = check(tmp_path, bytes(content))
    assert errors(messages) == ["BAD_ZIPFILE"]
    assert data is None


# --- Zip limits --------------------------------------------------------------


def test_package_over_max_size(tmp_path):
    messages, _ = check(tmp_path, build_xpi(), ZipLimits(max_size=100))
    assert errors(messages) == ["FILE_TOO_LARGE"]


def test_uncompressed_total_over_limit(tmp_path):
    content = build_xpi(extra={"a.txt": "a" * 3000, "b.txt": "b" * 3000})
    messages, _ = check(tmp_path, content, ZipLimits(max_uncompressed_size=5000))
    message = only_message(messages, "UNCOMPRESSED_SIZE")
    assert "over the maximum of 5000 bytes" in message.message


def test_compression_ratio_over_limit(tmp_path):
    content = build_xpi(extra={"padding.bin": b"\x00" * 200_000})
    limits = ZipLimits(ratio_min_size=100_000, max_ratio=100)
    messages, _ = check(tmp_path, content, limits)
    message = only_message(messages, "COMPRESSION_RATIO")
    assert message.file == "padding.bin"
    assert "ratio over 100:1" in message.message


def test_small_entry_may_compress_well(tmp_path):
    content = build_xpi(extra={"padding.bin": b"\x00" * 50_000})
    messages, _ = check(tmp_path, content, ZipLimits(ratio_min_size=100_000))
    assert errors(messages) == []


def test_too_many_entries(tmp_path):
    files = {f"file{index}.js": "" for index in range(20)}
    messages, _ = check(tmp_path, build_xpi(extra=files), ZipLimits(max_entries=10))
    message = only_message(messages, "TOO_MANY_ENTRIES")
    assert "21 entries, over the maximum of 10" in message.message


def test_declared_entry_count_read_from_end_record():
    content = build_xpi(extra={"a.js": "", "b.js": ""})
    assert declared_entry_count(io.BytesIO(content)) == 3


def test_declared_entry_count_of_zip64(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        for index in range(70_000):
            archive.writestr(f"{index}", b"")
    assert declared_entry_count(buffer) == 70_000


def test_declared_entry_count_without_end_record():
    assert declared_entry_count(io.BytesIO(b"PK\x03\x04 no end")) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("/etc/passwd", "ABSOLUTE_PATH"),
        ("C:/Windows/evil.dll", "ABSOLUTE_PATH"),
        ("../outside.js", "PARENT_PATH"),
        ("lib/../../outside.js", "PARENT_PATH"),
        ("path\\to\\file.js", "BACKSLASH_IN_NAME"),
    ],
)
def test_unsafe_entry_names(tmp_path, name, code):
    assert check_entry_name(name)[0] == code
    messages, _ = check(tmp_path, build_xpi(extra={name: "x"}))
    assert code in errors(messages)


def test_nul_in_entry_name():
    # zipfile cuts names at a NUL when it reads an archive, so only the
    # name check itself can see one.
    assert check_entry_name("nul\x00.js")[0] == "INVALID_NAME"


@pytest.mark.parametrize("name", ["lib/a..b.js", "_locales/en/messages.json", "a b"])
def test_safe_entry_names(name):
    assert check_entry_name(name) is None


def test_duplicate_entries(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest()))
        archive.writestr("background.js", "one")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("background.js", "two")
    messages, _ = check(tmp_path, buffer.getvalue())
    message = only_message(messages, "DUPLICATE_XPI_ENTRY")
    assert message.file == "background.js"
    assert '2 entries named "background.js"' in message.message


def test_encrypted_entry(tmp_path):
    content = bytearray(build_xpi(extra={"secret.js": "x"}))
    # Set bit 0 (encrypted) of the general purpose flags of every entry,
    # in the local headers and in the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := content.find(signature, start)) >= 0:
            content[start + offset] |= 0x1
            start += 4
    messages, _ = check(tmp_path, bytes(content))
    assert "ENCRYPTED_ENTRY" in errors(messages)


def test_symlink_entry(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest()))
        link = zipfile.ZipInfo("link.js")
        link.create_system = 3
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
    messages, _ = check(tmp_path, buffer.getvalue())
    assert errors(messages) == ["SYMLINK_ENTRY"]


# --- Layout ------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker", ["install.rdf", "harness-options.json", "chrome.manifest"]
)
def test_legacy_addon(tmp_path, marker):
    messages, data = check(tmp_path, build_zip({marker: "<RDF/>"}))
    message = only_message(messages, "LEGACY_ADDON")
    assert "legacy add-on" in message.message
    assert "no longer accepted" in message.message
    assert "Only WebExtensions are accepted" in message.description
    assert data is None


def test_install_rdf_beside_manifest_is_ignored(tmp_path):
    messages, data = check(tmp_path, build_xpi(extra={"install.rdf": "<RDF/>"}))
    assert errors(messages) == []
    assert "INSTALL_RDF_IGNORED" in messages.codes
    assert data["guid"] == "test@example.com"


def test_manifest_in_a_folder(tmp_path):
    messages, _ = check(tmp_path, build_zip({"my-addon/manifest.json": manifest()}))
    message = only_message(messages, "TYPE_NO_MANIFEST_JSON")
    assert "in the folder my-addon/" in message.message


def test_zip_without_manifest(tmp_path):
    messages, _ = check(tmp_path, build_zip({"readme.txt": "hi"}))
    message = only_message(messages, "TYPE_NO_MANIFEST_JSON")
    assert "no manifest.json" in message.message


# --- JSON --------------------------------------------------------------------


def test_strip_comments_outside_strings():
    text = '{"a": "http://x//y", // line\n "b": "/* kept */" /* gone */}'
    stripped, block = strip_comments(text)
    assert json.loads(stripped) == {"a": "http://x//y", "b": "/* kept */"}
    assert block is True
    assert len(stripped) == len(text)
    assert stripped.count("\n") == 1


def test_strip_comments_keeps_escaped_quotes():
    text = r'{"a": "say \"//hi\"" // note' + "\n}"
    stripped, block = strip_comments(text)
    assert json.loads(stripped) == {"a": 'say "//hi"'}
    assert block is False


def test_loads_tolerates_bom_and_comments():
    raw = '\ufeff// header\n{\n  /* the name */ "name": "x"\n}'.encode()
    value, duplicates, block = loads(raw)
    assert value == {"name": "x"}
    assert duplicates == []
    assert block is True


def test_loads_reports_line_and_column():
    with pytest.raises(JsonSyntaxError) as raised:
        loads(b'{\n  "name": "x",\n  "version" "1.0"\n}')
    assert raised.value.line == 3
    assert raised.value.column == 13


def test_loads_reports_duplicate_keys():
    _, duplicates, _ = loads(b'{"a": 1, "a": 2}')
    assert duplicates == ["a"]


def test_loads_rejects_nan():
    with pytest.raises(JsonSyntaxError):
        loads(b'{"a": NaN}')


def test_loads_rejects_invalid_utf8():
    with pytest.raises(JsonSyntaxError) as raised:
        loads(b'{"a": "\xff"}')
    assert "not valid UTF-8" in raised.value.message


def test_manifest_with_bom_and_comments(tmp_path):
    text = "\ufeff" + '// comment\n{"manifest_version": 2, "name": "x", "version": "1"}'
    messages, data = check(tmp_path, build_xpi(text.encode()))
    assert errors(messages) == []
    assert data["version"] == "1"


def test_manifest_json_error_position(tmp_path):
    messages, data = check(tmp_path, build_xpi('{\n  "name": "x",\n  oops\n}'))
    message = only_message(messages, "JSON_INVALID")
    assert message.line == 3
    assert message.column == 3
    assert "at line 3, column 3" in message.message
    assert message.file == "manifest.json"
    assert data is None


def test_manifest_not_an_object(tmp_path):
    messages, data = check(tmp_path, build_xpi("[1, 2]"))
    assert errors(messages) == ["JSON_INVALID"]
    assert data is None


def test_manifest_too_large(tmp_path):
    messages, _ = check(tmp_path, build_xpi(), ZipLimits(max_json_size=10))
    assert errors(messages) == ["FILE_TOO_LARGE"]


def test_manifest_duplicate_key_is_a_warning(tmp_path):
    text = '{"manifest_version": 2, "name": "a", "name": "b", "version": "1"}'
    messages, data = check(tmp_path, build_xpi(text))
    assert errors(messages) == []
    assert "JSON_DUPLICATE_KEY" in messages.codes
    assert data["name"] == "b"


# --- Required fields ---------------------------------------------------------


@pytest.mark.parametrize("field", ["manifest_version", "name", "version"])
def test_required_field_missing(tmp_path, field):
    messages, _ = check(tmp_path, build_xpi(manifest(**{field: None})))
    message = only_message(messages, "MANIFEST_FIELD_REQUIRED")
    assert f'"{field}"' in message.message
    assert f'example "{field}": ' in message.description


@pytest.mark.parametrize("value", [1, 4, "2", True])
def test_manifest_version_invalid(tmp_path, value):
    messages, data = check(tmp_path, build_xpi(manifest(manifest_version=value)))
    assert "MANIFEST_VERSION_INVALID" in errors(messages)
    assert data["manifest_version"] is None


@pytest.mark.parametrize("value", ["", "   ", 42])
def test_name_invalid(tmp_path, value):
    messages, _ = check(tmp_path, build_xpi(manifest(name=value)))
    assert errors(messages) == ["MANIFEST_FIELD_INVALID"]


# --- Versions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "version", ["0", "1", "1.0", "1.2.3.4", "123456789.0", "2.10.0.3"]
)
def test_strict_versions(version):
    assert is_strict_version(version)
    assert version_problem(version) is None


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("", "The version is empty."),
        ("1.2.3.4.5", "It has 5 parts; at most 4 are allowed."),
        ("1..2", "empty part"),
        ("1.", "empty part"),
        ("01.2", 'The part "01" has a leading zero.'),
        ("1.0001", 'The part "0001" has a leading zero.'),
        ("1234567890", 'The part "1234567890" has more than 9 digits.'),
        ("1.0b2", 'The part "0b2" is not a number.'),
        ("1.2-beta", 'The part "2-beta" is not a number.'),
        ("١.٢", 'The part "١" is not a number.'),
    ],
)
def test_version_problems(version, problem):
    assert not is_strict_version(version)
    assert problem in version_problem(version)


@pytest.mark.parametrize(
    "version", ["1.0b2", "2.0pre", "1.0a1", "1.2.3beta-1", "1.2buildid20240101.120000"]
)
def test_deprecated_versions(version):
    assert is_deprecated_version(version)


@pytest.mark.parametrize(
    "version", ["1.2-beta!", "v1.0", "1 0", "", ".", "1.0.0.0.0", "1b2", "3.*"]
)
def test_not_deprecated_versions(version):
    assert not is_deprecated_version(version)


@pytest.mark.parametrize("version", ["115.0", "109.0a1", "3.6b2pre", "60.*", "*", "1+"])
def test_application_versions(version):
    assert is_application_version(version)


@pytest.mark.parametrize("version", ["", "115.0 beta", "latest", "1..2", "x" * 101])
def test_not_application_versions(version):
    assert not is_application_version(version)


def test_deprecated_version_is_a_warning_in_mv2(tmp_path):
    messages, data = check(tmp_path, build_xpi(manifest(version="1.0b2")))
    assert errors(messages) == []
    message = only_message(messages, "VERSION_FORMAT_DEPRECATED")
    assert message.type == "warning"
    assert data["version"] == "1.0b2"


def test_deprecated_version_is_an_error_in_mv3(tmp_path):
    data = manifest(manifest_version=3, version="1.0b2")
    messages, result = check(tmp_path, build_xpi(data))
    message = only_message(messages, "VERSION_FORMAT_INVALID")
    assert 'The part "0b2" is not a number.' in message.description
    assert "one to four numbers separated by dots" in message.description
    assert result["version"] == ""


def test_invalid_version(tmp_path):
    messages, _ = check(tmp_path, build_xpi(manifest(version="version one")))
    message = only_message(messages, "VERSION_FORMAT_INVALID")
    assert message.message == 'The version "version one" is invalid.'


def test_version_not_a_string(tmp_path):
    messages, _ = check(tmp_path, build_xpi(manifest(version=1.5)))
    assert errors(messages) == ["MANIFEST_FIELD_INVALID"]


# --- Add-on ids --------------------------------------------------------------


@pytest.mark.parametrize(
    "guid",
    [
        "test@example.com",
        "@short",
        "a.b-c_d@x.y",
        "{01234567-89ab-cdef-0123-456789ABCDEF}",
    ],
)
def test_valid_gecko_ids(guid):
    assert gecko_id_problem(guid) is None


@pytest.mark.parametrize(
    ("guid", "problem"),
    [
        ("oddnoddd", "email-like id"),
        ("no spaces@example.com", "email-like id"),
        ("{0123-4567}", "email-like id"),
        ("a@" + "b" * 300, "at most 255"),
    ],
)
def test_invalid_gecko_ids(guid, problem):
    assert problem in gecko_id_problem(guid)


def test_invalid_gecko_id_in_manifest(tmp_path):
    data = manifest(browser_specific_settings={"gecko": {"id": "oddnoddd"}})
    messages, result = check(tmp_path, build_xpi(data))
    message = only_message(messages, "MANIFEST_FIELD_INVALID")
    assert message.message == 'The add-on ID "oddnoddd" is invalid.'
    assert result["guid"] is None


def test_id_required_for_mv3(tmp_path):
    data = manifest(manifest_version=3, browser_specific_settings=None)
    messages, _ = check(tmp_path, build_xpi(data))
    message = only_message(messages, "ADDON_ID_REQUIRED")
    assert "browser_specific_settings" in message.description


def test_id_optional_for_mv2(tmp_path):
    messages, data = check(
        tmp_path, build_xpi(manifest(browser_specific_settings=None))
    )
    assert errors(messages) == []
    assert only_message(messages, "MISSING_ADDON_ID").type == "notice"
    assert data["guid"] is None


def test_applications_id_read_in_mv2(tmp_path):
    data = manifest(
        browser_specific_settings=None, applications={"gecko": {"id": "old@example"}}
    )
    messages, result = check(tmp_path, build_xpi(data))
    assert result["guid"] == "old@example"
    assert only_message(messages, "APPLICATIONS_DEPRECATED").type == "warning"


def test_applications_ignored_in_mv3(tmp_path):
    data = manifest(
        manifest_version=3,
        browser_specific_settings=None,
        applications={"gecko": {"id": "old@example"}},
    )
    messages, result = check(tmp_path, build_xpi(data))
    assert "APPLICATIONS_INVALID" in messages.codes
    assert errors(messages) == ["ADDON_ID_REQUIRED"]
    assert result["guid"] is None


def test_gecko_id_not_a_string(tmp_path):
    data = manifest(browser_specific_settings={"gecko": {"id": 12}})
    messages, _ = check(tmp_path, build_xpi(data))
    assert errors(messages) == ["MANIFEST_FIELD_INVALID"]


# --- Compatibility -----------------------------------------------------------


def gecko(**settings):
    return {"gecko": {"id": "test@example.com", **settings}}


def test_default_compatibility(tmp_path):
    _, data = check(tmp_path, build_xpi())
    assert data["compatibility"] == {"firefox": {"min": "48.0", "max": "*"}}
    assert data["strict_compatibility"] is False


def test_mv3_default_minimum(tmp_path):
    _, data = check(tmp_path, build_xpi(manifest(manifest_version=3)))
    assert data["compatibility"]["firefox"]["min"] == "109.0"


def test_strict_versions_read(tmp_path):
    settings = gecko(strict_min_version="115.0", strict_max_version="128.*")
    messages, data = check(
        tmp_path, build_xpi(manifest(browser_specific_settings=settings))
    )
    assert errors(messages) == []
    assert data["compatibility"]["firefox"] == {"min": "115.0", "max": "128.*"}
    assert data["strict_compatibility"] is True
    assert "STRICT_MAX_VERSION" in messages.codes


def test_min_above_max(tmp_path):
    settings = gecko(strict_min_version="120.0", strict_max_version="115.0")
    messages, data = check(
        tmp_path, build_xpi(manifest(browser_specific_settings=settings))
    )
    message = only_message(messages, "MANIFEST_FIELD_INVALID")
    assert "120.0 of Firefox is higher than its strict_max_version 115.0" in (
        message.message
    )
    assert "firefox" not in data["compatibility"]


def test_max_below_first_release(tmp_path):
    settings = gecko(strict_max_version="0.1")
    messages, _ = check(
        tmp_path, build_xpi(manifest(browser_specific_settings=settings))
    )
    message = only_message(messages, "MANIFEST_FIELD_INVALID")
    assert "strict_max_version 0.1 of Firefox is older than 48.0" in message.message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("strict_min_version", "*"),
        ("strict_min_version", "latest"),
        ("strict_max_version", 115),
        ("strict_min_version", "115.0 beta"),
    ],
)
def test_invalid_application_version(tmp_path, key, value):
    settings = gecko(**{key: value})
    messages, _ = check(
        tmp_path, build_xpi(manifest(browser_specific_settings=settings))
    )
    message = only_message(messages, "MANIFEST_FIELD_INVALID")
    assert "no Firefox version" in message.message


def test_min_below_first_release_is_raised(tmp_path):
    settings = gecko(strict_min_version="100.0")
    data = manifest(manifest_version=3, browser_specific_settings=settings)
    messages, result = check(tmp_path, build_xpi(data))
    assert only_message(messages, "STRICT_MIN_VERSION_TOO_LOW").type == "warning"
    assert result["compatibility"]["firefox"]["min"] == "109.0"


def test_android_compatibility(tmp_path):
    settings = {
        **gecko(strict_min_version="115.0"),
        "gecko_android": {"strict_min_version": "120.0"},
    }
    messages, data = check(
        tmp_path, build_xpi(manifest(browser_specific_settings=settings))
    )
    assert errors(messages) == []
    assert data["compatibility"] == {
        "firefox": {"min": "115.0", "max": "*"},
        "android": {"min": "120.0", "max": "*"},
    }


# --- Locales -----------------------------------------------------------------


def localised(name="__MSG_extName__", **fields):
    return manifest(name=name, default_locale="en", **fields)


MESSAGES_EN = {
    "extName": {"message": "My Add-on"},
    "extDescription": {"message": "Does things"},
}


def test_name_resolved_from_locales(tmp_path):
    files = {
        "_locales/en/messages.json": MESSAGES_EN,
        "_locales/de/messages.json": {"extname": {"message": "Mein Add-on"}},
        "_locales/pt_BR/messages.json": {},
    }
    data = localised(description="__MSG_extDescription__")
    messages, result = check(tmp_path, build_xpi(data, files))
    assert errors(messages) == []
    assert result["name"] == "__MSG_extName__"
    assert result["names"] == {
        "en": "My Add-on",
        "de": "Mein Add-on",
        "pt-BR": "My Add-on",
    }
    assert result["summary"]["en"] == "Does things"
    assert result["default_locale"] == "en"


def test_message_file_with_comments_and_bom(tmp_path):
    raw = "\ufeff// names\n" + json.dumps(MESSAGES_EN)
    files = {"_locales/en_US/messages.json": raw.encode()}
    data = manifest(name="__MSG_extName__", default_locale="en_US")
    messages, result = check(tmp_path, build_xpi(data, files))
    assert errors(messages) == []
    assert result["names"] == {"en-US": "My Add-on"}
    assert result["default_locale"] == "en-US"


def test_missing_message(tmp_path):
    files = {"_locales/en/messages.json": {"other": {"message": "x"}}}
    messages, result = check(tmp_path, build_xpi(localised(), files))
    message = only_message(messages, "NO_MESSAGE")
    assert '"extName"' in message.message
    assert "_locales/en/messages.json" in message.message
    assert result["names"] == {}


def test_locales_without_default_locale(tmp_path):
    files = {"_locales/en/messages.json": MESSAGES_EN}
    messages, _ = check(tmp_path, build_xpi(manifest(name="__MSG_extName__"), files))
    assert errors(messages) == ["NO_DEFAULT_LOCALE"]


def test_messages_without_locales(tmp_path):
    messages, _ = check(tmp_path, build_xpi(manifest(name="__MSG_extName__")))
    assert errors(messages) == ["NO_DEFAULT_LOCALE"]


def test_default_locale_without_its_messages(tmp_path):
    files = {"_locales/de/messages.json": MESSAGES_EN}
    messages, _ = check(tmp_path, build_xpi(localised(), files))
    message = only_message(messages, "NO_MESSAGES_FILE")
    assert "_locales/en/messages.json" in message.message


def test_invalid_messages_file(tmp_path):
    files = {"_locales/en/messages.json": "{oops"}
    messages, _ = check(tmp_path, build_xpi(localised(), files))
    assert "JSON_INVALID" in errors(messages)
    assert only_message(messages, "JSON_INVALID").file == "_locales/en/messages.json"


def test_homepage_resolved(tmp_path):
    files = {"_locales/en/messages.json": {"url": {"message": "https://x.test/"}}}
    data = localised(name="Plain", homepage_url="__MSG_url__")
    _, result = check(tmp_path, build_xpi(data, files))
    assert result["homepage"] == "https://x.test/"
    assert result["names"] == {"en": "Plain"}


# --- Types and permissions ---------------------------------------------------


def test_extension_data(tmp_path):
    data = manifest(
        permissions=["storage", "<all_urls>", 5],
        optional_permissions=["tabs"],
        homepage_url="https://example.com/",
    )
    _, result = check(tmp_path, build_xpi(data))
    assert result == {
        "guid": "test@example.com",
        "version": "1.0",
        "manifest_version": 2,
        "type": AddonType.EXTENSION,
        "name": "Test add-on",
        "names": {"en-US": "Test add-on"},
        "summary": {"en-US": "Does a test."},
        "homepage": "https://example.com/",
        "default_locale": "en-US",
        "permissions": ["storage", "<all_urls>"],
        "optional_permissions": ["tabs"],
        "host_permissions": [],
        "compatibility": {"firefox": {"min": "48.0", "max": "*"}},
        "strict_compatibility": False,
    }


def test_mv3_host_permissions(tmp_path):
    data = manifest(manifest_version=3, host_permissions=["https://*.example.com/*"])
    _, result = check(tmp_path, build_xpi(data))
    assert result["host_permissions"] == ["https://*.example.com/*"]


def test_static_theme(tmp_path):
    data = manifest(theme={"images": {"theme_frame": "sky.png"}, "colors": {}})
    messages, result = check(tmp_path, build_xpi(data, {"sky.png": b"\x89PNG"}))
    assert errors(messages) == []
    assert result["type"] == AddonType.STATICTHEME


def test_static_theme_image_missing(tmp_path):
    data = manifest(theme={"images": {"theme_frame": "sky.png"}})
    messages, _ = check(tmp_path, build_xpi(data))
    message = only_message(messages, "MANIFEST_THEME_IMAGE_NOT_FOUND")
    assert '"sky.png"' in message.message


def test_dictionary(tmp_path):
    data = manifest(dictionaries={"de-DE": "de.dic"})
    files = {"de.dic": "1\nwort", "de.aff": "SET UTF-8"}
    messages, result = check(tmp_path, build_xpi(data, files))
    assert errors(messages) == []
    assert result["type"] == AddonType.DICTIONARY


def test_dictionary_files_missing(tmp_path):
    data = manifest(dictionaries={"de-DE": "de.dic"})
    messages, _ = check(tmp_path, build_xpi(data, {"de.dic": "1\nwort"}))
    message = only_message(messages, "MANIFEST_DICT_NOT_FOUND")
    assert '"de.aff"' in message.message


def test_dictionary_needs_an_id(tmp_path):
    data = manifest(dictionaries={"de": "de.dic"}, browser_specific_settings=None)
    files = {"de.dic": "", "de.aff": ""}
    messages, _ = check(tmp_path, build_xpi(data, files))
    assert errors(messages) == ["MANIFEST_DICT_MISSING_ID"]


@pytest.mark.parametrize(
    ("dictionaries", "code"),
    [
        ({}, "MANIFEST_EMPTY_DICTS"),
        ({"de": "de.dic", "fr": "fr.dic"}, "MANIFEST_MULTIPLE_DICTS"),
        ({"de": "de.txt"}, "MANIFEST_FIELD_INVALID"),
    ],
)
def test_invalid_dictionaries(tmp_path, dictionaries, code):
    files = {"de.dic": "", "de.aff": "", "fr.dic": "", "fr.aff": ""}
    data = manifest(dictionaries=dictionaries)
    messages, _ = check(tmp_path, build_xpi(data, files))
    assert code in errors(messages)


def test_langpack(tmp_path):
    data = manifest(
        langpack_id="de", languages={"de": {"chrome_resources": {}}}, sources={}
    )
    messages, result = check(tmp_path, build_xpi(data))
    assert errors(messages) == []
    assert result["type"] == AddonType.LANGUAGE


def test_langpack_needs_an_id(tmp_path):
    data = manifest(langpack_id="de", browser_specific_settings=None)
    messages, _ = check(tmp_path, build_xpi(data))
    assert errors(messages) == ["ADDON_ID_REQUIRED"]


# --- The result's shape ------------------------------------------------------


def test_result_has_linter_shape(tmp_path):
    path = tmp_path / "package.xpi"
    path.write_bytes(build_xpi(manifest(version="v1")))
    result = validate_path(path, linter=False)
    validation = result.validation
    assert set(validation) == {
        "errors",
        "warnings",
        "notices",
        "success",
        "compatibility_summary",
        "metadata",
        "messages",
        "message_tree",
        "ending_tier",
    }
    assert validation["errors"] == 1
    assert validation["success"] is False
    assert result.valid is False
    message = validation["messages"][0]
    assert message["id"] == ["VERSION_FORMAT_INVALID"]
    assert message["type"] == "error"
    assert message["file"] == "manifest.json"
    assert set(message) >= {"message", "description", "line", "column"}
    assert validation["metadata"]["id"] == "test@example.com"
    assert validation["metadata"]["listed"] is True
    assert validation["metadata"]["type"] == "extension"
