"""Opening an uploaded package defensively.

A package is untrusted input: it is read as a zip only after checking what
the file looks like, the archive's declared entry count, and each entry's
name, size and compression ratio, so a zip bomb or a path that escapes the
extraction folder is rejected before any byte is decompressed.
"""

import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from amo.files.validation.results import Messages

MIB = 1024 * 1024
# Bytes decompressed at a time when entries are checked.
CHUNK_SIZE = 1 * MIB


@dataclass(frozen=True)
class ZipLimits:
    """Limits of one package; the defaults are amo's, tests pass smaller."""

    # The package file itself, as settings.MAX_UPLOAD_SIZE allows by default.
    max_size: int = 200 * MIB
    # All entries together once decompressed.
    max_uncompressed_size: int = 500 * MIB
    # Entries of the archive, directories included.
    max_entries: int = 20_000
    # Uncompressed to compressed size of one entry, checked for entries
    # larger than ratio_min_size: text compresses about 10:1, and a
    # 100:1 entry of that size is almost always padding meant to explode.
    max_ratio: int = 100
    ratio_min_size: int = 1 * MIB
    # What is read of manifest.json and of each messages.json.
    max_json_size: int = 4 * MIB


DEFAULT_LIMITS = ZipLimits()

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
CRX_MAGIC = b"Cr24"
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_DRIVE = re.compile(r"^[A-Za-z]:")


class Package:
    """An open zip whose entries passed the checks of `open_package`."""

    def __init__(self, archive: zipfile.ZipFile, limits: ZipLimits) -> None:
        self.archive = archive
        self.limits = limits
        self.infos = {
            info.filename: info for info in archive.infolist() if not info.is_dir()
        }

    @property
    def names(self) -> list[str]:
        return list(self.infos)

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str, max_size: int | None = None) -> bytes:
        """Return an entry's bytes; raise ValueError when it is too large.

        zipfile stops at the entry's declared size and checks its CRC, so
        a header that lies about the size raises zipfile.BadZipFile.
        """
        info = self.infos[name]
        limit = self.limits.max_json_size if max_size is None else max_size
        if info.file_size > limit:
            raise ValueError(f"{name} is {info.file_size} bytes, over {limit}")
        return self.archive.read(info)

    def close(self) -> None:
        self.archive.close()


def describe_content(head: bytes) -> tuple[str, str]:
    """Return a code and a sentence saying what a file that is no zip is.

    `head` is the file's first few kilobytes.
    """
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    lowered = text[:4096].lower()
    if head.startswith(b"\x1f\x8b"):
        return "GZIP_FILE", _("This is a gzip archive (.gz or .tar.gz).")
    if head.startswith(b"BZh"):
        return "BZIP2_FILE", _("This is a bzip2 archive (.bz2).")
    if head.startswith(b"\xfd7zXZ\x00"):
        return "XZ_FILE", _("This is an xz archive (.xz).")
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "SEVENZIP_FILE", _("This is a 7-Zip archive (.7z).")
    if head.startswith(b"Rar!"):
        return "RAR_FILE", _("This is a RAR archive (.rar).")
    if head.startswith(b"%PDF"):
        return "PDF_FILE", _("This is a PDF document.")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "IMAGE_FILE", _("This is an image.")
    if head.startswith((b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe")):
        return "EXECUTABLE_FILE", _("This is a program (an executable file).")
    if lowered.startswith(b"<"):
        if b"opensearchdescription" in lowered or b"searchplugin" in lowered:
            return "SEARCH_PLUGIN", _(
                "This is an OpenSearch search plugin (XML), not an add-on. "
                "Firefox no longer installs search plugins from XML files: "
                "make a WebExtension that sets "
                "chrome_settings_overrides.search_provider in its "
                "manifest.json, and upload it as a .zip or .xpi."
            )
        if b"<!doctype html" in lowered or b"<html" in lowered:
            return "HTML_FILE", _("This is an HTML page.")
        if b"em:updates" in lowered or b"em:updatelink" in lowered:
            return "UPDATE_RDF_FILE", _(
                "This is an update manifest (update.rdf) of a legacy add-on, "
                "not an add-on."
            )
        if b"install-manifest" in lowered or b"em:targetapplication" in lowered:
            return "INSTALL_RDF_FILE", _(
                "This is the install.rdf of a legacy add-on on its own. "
                "Legacy add-ons are no longer accepted; upload a "
                "WebExtension packaged as a .zip or .xpi."
            )
        return "XML_FILE", _("This is an XML file.")
    if lowered.startswith((b"{", b"[")):
        return "JSON_FILE", _(
            "This is a JSON file. If it is manifest.json, zip it together "
            "with the add-on's other files, manifest.json at the root of the "
            "archive, and upload the archive."
        )
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is text.
            if error.start < len(head) - 4:
                return "BINARY_FILE", _("This file is not a zip archive.")
        return "TEXT_FILE", _("This is a text file.")
    return "BINARY_FILE", _("This file is not a zip archive.")


def declared_entry_count(handle: BinaryIO) -> int | None:
    """Return the entry count that a zip's end record states, or None.

    Read before zipfile loads the central directory, which builds an
    object per entry, so a claim of millions of entries costs nothing.
    """
    handle.seek(0, 2)
    size = handle.tell()
    # The end record is 22 bytes, followed by a comment of at most 65535.
    tail_size = min(size, 22 + 65535)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    position = tail.rfind(_END_OF_CENTRAL_DIRECTORY)
    if position < 0 or len(tail) - position < 22:
        return None
    (entries,) = struct.unpack("<H", tail[position + 10 : position + 12])
    if entries != 0xFFFF:
        return int(entries)
    # Zip64: a locator 20 bytes before the end record gives the offset of
    # the zip64 end record, which has the count as 8 bytes at offset 32.
    locator = tail[position - 20 : position]
    if len(locator) < 20 or not locator.startswith(_ZIP64_LOCATOR):
        return int(entries)
    (offset,) = struct.unpack("<Q", locator[8:16])
    if offset + 40 > size:
        return None
    handle.seek(offset)
    record = handle.read(40)
    if not record.startswith(_ZIP64_END):
        return None
    (entries64,) = struct.unpack("<Q", record[32:40])
    return int(entries64)


def check_entry_name(name: str) -> tuple[str, str] | None:
    """Return a code and a message when an entry name is unsafe, else None."""
    if "\\" in name:
        return "BACKSLASH_IN_NAME", _(
            'The archive entry "%(name)s" has a backslash in its name. '
            "Zip tools on Windows sometimes write paths that way, and "
            "Firefox then cannot find the file. Create the archive with a "
            "tool that writes forward slashes (such as web-ext build)."
        ) % {"name": name}
    if name.startswith("/") or _DRIVE.match(name):
        return "ABSOLUTE_PATH", _(
            'The archive entry "%(name)s" has an absolute path. Entries '
            "must be relative to the root of the archive."
        ) % {"name": name}
    if ".." in name.split("/"):
        return "PARENT_PATH", _(
            'The archive entry "%(name)s" contains "..", which would put '
            "it outside the add-on's folder. Remove that entry."
        ) % {"name": name}
    if "\x00" in name:
        return "INVALID_NAME", _("An archive entry has a NUL character in its name.")
    return None


def check_entries(
    infos: list[zipfile.ZipInfo], messages: Messages, limits: ZipLimits
) -> None:
    """Check names, encryption, links, sizes and ratios of every entry."""
    counts = Counter(info.filename for info in infos)
    for name, count in counts.items():
        if count > 1:
            messages.error(
                "DUPLICATE_XPI_ENTRY",
                _('The archive has %(count)s entries named "%(name)s".')
                % {"count": count, "name": name},
                _(
                    "Firefox would read only one of them. Create the archive "
                    "again so that each file appears once."
                ),
                file=name,
            )

    total = 0
    for info in infos:
        name = info.filename
        unsafe = check_entry_name(name)
        if unsafe is not None:
            messages.error(unsafe[0], unsafe[1], file=name)
        if info.flag_bits & 0x1:
            messages.error(
                "ENCRYPTED_ENTRY",
                _('The archive entry "%(name)s" is encrypted.') % {"name": name},
                _("Firefox cannot read encrypted files: zip without a password."),
                file=name,
            )
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            messages.error(
                "SYMLINK_ENTRY",
                _('The archive entry "%(name)s" is a symbolic link.') % {"name": name},
                _("Put the file itself into the archive instead of a link."),
                file=name,
            )
        total += info.file_size
        if (
            info.file_size > limits.ratio_min_size
            and info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            messages.error(
                "COMPRESSION_RATIO",
                _(
                    'The archive entry "%(name)s" unpacks to %(size)s bytes '
                    "from %(compressed)s, a ratio over %(ratio)s:1."
                )
                % {
                    "name": name,
                    "size": info.file_size,
                    "compressed": info.compress_size,
                    "ratio": limits.max_ratio,
                },
                _("Such ratios are used by zip bombs; remove the file."),
                file=name,
            )
    if total > limits.max_uncompressed_size:
        messages.error(
            "UNCOMPRESSED_SIZE",
            _(
                "The archive unpacks to %(size)s bytes, over the maximum of "
                "%(maximum)s bytes (%(maximum_mb)s MB)."
            )
            % {
                "size": total,
                "maximum": limits.max_uncompressed_size,
                "maximum_mb": limits.max_uncompressed_size // MIB,
            },
            _("Remove files the add-on does not need."),
        )


def check_integrity(archive: zipfile.ZipFile, messages: Messages) -> None:
    """Decompress every entry and check its CRC; report the first bad one.

    Firefox rejects a package with a corrupt entry, so one is an error even
    in a file that amo reads no further. The sizes were checked first, so
    this reads at most ZipLimits.max_uncompressed_size bytes.
    """
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            with archive.open(info) as entry:
                while entry.read(CHUNK_SIZE):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            messages.error(
                "BAD_ZIPFILE",
                _('The archive entry "%(name)s" is corrupt and cannot be read.')
                % {"name": info.filename},
                _("Create the archive again and upload it. The error was: %(error)s")
                % {"error": error},
                file=info.filename,
            )
            return


def _too_many_entries(messages: Messages, count: int, limits: ZipLimits) -> None:
    messages.error(
        "TOO_MANY_ENTRIES",
        _("The archive has %(count)s entries, over the maximum of %(maximum)s.")
        % {"count": count, "maximum": limits.max_entries},
        _("Remove files the add-on does not need."),
    )


def open_package(
    path: Path, messages: Messages, limits: ZipLimits = DEFAULT_LIMITS
) -> Package | None:
    """Open the package at `path`, or return None after adding the errors.

    The file is read as a zip only when it starts like one. An empty file,
    a Chrome package or another kind of file gets an error that names what
    it is. Names, sizes and ratios are checked before anything is
    decompressed; then each entry is decompressed once to check its CRC.
    """
    size = path.stat().st_size
    if size == 0:
        messages.error(
            "EMPTY_FILE",
            _("The file is empty."),
            _("Upload the add-on's .zip or .xpi file again."),
        )
        return None
    if size > limits.max_size:
        messages.error(
            "FILE_TOO_LARGE",
            _(
                "The file is %(size)s bytes, over the maximum of %(maximum)s "
                "bytes (%(maximum_mb)s MB)."
            )
            % {
                "size": size,
                "maximum": limits.max_size,
                "maximum_mb": limits.max_size // MIB,
            },
        )
        return None

    with open(path, "rb") as handle:
        head = handle.read(4096)
        entries = declared_entry_count(handle) if head.startswith(ZIP_MAGIC) else None
    if head.startswith(CRX_MAGIC):
        messages.error(
            "CHROME_PACKAGE",
            _("This is a Chrome extension package (.crx), not a Firefox add-on."),
            _(
                "Firefox add-ons are .xpi or .zip files with manifest.json "
                "at the root of the archive. Zip the extension's source "
                "files (the folder that contains manifest.json) and upload "
                "that archive."
            ),
        )
        return None
    if not head.startswith(ZIP_MAGIC):
        code, description = describe_content(head)
        messages.error(
            code,
            _("The file is not a zip archive. %(what)s") % {"what": description},
            _(
                "Upload the add-on as a .zip or .xpi file with manifest.json "
                "at the root of the archive."
            ),
        )
        return None
    if entries is not None and entries > limits.max_entries:
        _too_many_entries(messages, entries, limits)
        return None

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        messages.error(
            "BAD_ZIPFILE",
            _("The zip archive is corrupt and cannot be read."),
            _("Create the archive again and upload it. The error was: %(error)s")
            % {"error": error},
        )
        return None

    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        _too_many_entries(messages, len(infos), limits)
        archive.close()
        return None
    errors_before = messages.count("error")
    check_entries(infos, messages, limits)
    if messages.count("error") == errors_before:
        check_integrity(archive, messages)
    if messages.count("error") > errors_before:
        archive.close()
        return None
    return Package(archive, limits)
