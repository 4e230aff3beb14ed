"""Build the .xpi package of each demo version.

Every package is a zip with a manifest.json that Firefox accepts for its
type: an extension with a background script, a theme with colours and a
header image, a dictionary with Hunspell files, a language pack with a
Fluent file, or a search engine. Entries carry the version's release date
and a fixed order, so the same version always builds the same bytes.
"""

import datetime
import functools
import io
import itertools
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from PIL import Image

from amo.catalogue.demo.drawing.screens import draw_theme_header
from amo.catalogue.demo.schema import DemoAddon, DemoVersion, ThemeLook, texts
from amo.core.constants import AddonType

# Firefox versions and their release dates, from Mozilla's release calendar;
# versions in between are interpolated.
FIREFOX_RELEASES = (
    (datetime.date(2017, 11, 14), 57),
    (datetime.date(2020, 6, 30), 78),
    (datetime.date(2022, 5, 3), 100),
    (datetime.date(2023, 7, 4), 115),
    (datetime.date(2024, 7, 9), 128),
    (datetime.date(2025, 6, 24), 140),
)
# Firefox releases came every four weeks after the last date above.
RELEASE_INTERVAL_DAYS = 28
# Firefox for Android runs the add-ons of this version and later.
ANDROID_FIRST = datetime.date(2020, 8, 27)


def firefox_version_at(day: datetime.date) -> int:
    """Return the major version of Firefox released on `day`, an estimate."""
    first_day, first_version = FIREFOX_RELEASES[0]
    if day <= first_day:
        return first_version
    for (start, low), (end, high) in itertools.pairwise(FIREFOX_RELEASES):
        if day <= end:
            return low + (high - low) * (day - start).days // (end - start).days
    last_day, last_version = FIREFOX_RELEASES[-1]
    return last_version + (day - last_day).days // RELEASE_INTERVAL_DAYS


@dataclass(frozen=True)
class Compatibility:
    """The application versions a demo version works with."""

    firefox: tuple[str, str]
    android: tuple[str, str] | None


def compatibility(addon: DemoAddon, version: DemoVersion) -> Compatibility:
    """Return the Firefox (and Android) range of `version`.

    A version supports the Firefox of about a year before its release and
    every later one. A language pack supports only the Firefox it was
    released for.
    """
    released = version.released.date()
    current = firefox_version_at(released)
    if addon.type == AddonType.LANGUAGE:
        firefox = (f"{current}.0", f"{current}.*")
    else:
        firefox = (f"{max(57, current - 12)}.0", "*")
    android = None
    if addon.android and released >= ANDROID_FIRST:
        android = (f"{max(79, current - 12)}.0", "*")
    return Compatibility(firefox, android)


@dataclass(frozen=True)
class Package:
    filename: str
    data: bytes
    manifest: dict[str, Any]


# Sizes of the icons inside packages, as Firefox's manifest "icons" lists them.
PACKAGE_ICON_SIZES = (48, 96)


def package_icons(icon: Image.Image) -> dict[int, bytes]:
    """Return the PNG bytes of `icon` in every size of PACKAGE_ICON_SIZES."""
    return {
        size: _png(icon.resize((size, size), Image.Resampling.LANCZOS))
        for size in PACKAGE_ICON_SIZES
    }


def build_package(
    addon: DemoAddon, version: DemoVersion, icons: dict[int, bytes]
) -> Package:
    """Build the .xpi of `version`, with `icons` made by package_icons."""
    manifest, files = _contents(addon, version, icons)
    entries: dict[str, str | bytes] = {
        "manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False)
    }
    entries.update(files)
    stamp = version.released.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = content.encode() if isinstance(content, str) else content
            archive.writestr(info, data)
    filename = f"{addon.slug}-{version.version}.xpi"
    return Package(filename, buffer.getvalue(), manifest)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _name(addon: DemoAddon) -> str:
    names = texts(addon.name, addon.default_locale)
    return names.get(addon.default_locale) or next(iter(names.values()))


def _summary(addon: DemoAddon) -> str:
    summaries = texts(addon.summary, addon.default_locale)
    text = summaries.get(addon.default_locale) or next(iter(summaries.values()), "")
    # Firefox shows at most 132 characters of a manifest's description.
    return text[:132]


def _gecko(addon: DemoAddon, version: DemoVersion) -> dict[str, Any]:
    gecko: dict[str, Any] = {"id": addon.guid}
    ranges = compatibility(addon, version)
    gecko["strict_min_version"] = ranges.firefox[0]
    if ranges.firefox[1] != "*":
        gecko["strict_max_version"] = ranges.firefox[1]
    settings: dict[str, Any] = {"gecko": gecko}
    if ranges.android is not None:
        settings["gecko_android"] = {"strict_min_version": ranges.android[0]}
    return settings


def _contents(
    addon: DemoAddon, version: DemoVersion, icons: dict[int, bytes]
) -> tuple[dict[str, Any], dict[str, str | bytes]]:
    manifest: dict[str, Any] = {
        "manifest_version": 2,
        "name": _name(addon),
        "version": version.version,
        "description": _summary(addon),
        "browser_specific_settings": _gecko(addon, version),
    }
    if addon.homepage:
        manifest["homepage_url"] = addon.homepage
    files: dict[str, str | bytes] = {}

    if addon.is_theme:
        _theme(addon, manifest, files)
        return manifest, files

    manifest["icons"] = {}
    for size, data in icons.items():
        path = f"icons/icon-{size}.png"
        manifest["icons"][str(size)] = path
        files[path] = data

    if addon.type == AddonType.EXTENSION:
        _extension(addon, version, manifest, files)
    elif addon.type == AddonType.SEARCH:
        _search_engine(addon, manifest)
    elif addon.type == AddonType.DICTIONARY:
        _dictionary(addon, manifest, files)
    elif addon.type == AddonType.LANGUAGE:
        _language_pack(addon, version, manifest, files)
    return manifest, files


def _extension(
    addon: DemoAddon,
    version: DemoVersion,
    manifest: dict[str, Any],
    files: dict[str, str | bytes],
) -> None:
    # Versions from 2023 on use Manifest V3, as Firefox 109 made it possible.
    modern = version.released.year >= 2023
    manifest["manifest_version"] = 3 if modern else 2
    permissions = list(addon.permissions)
    hosts = list(addon.host_permissions)
    if modern:
        manifest["permissions"] = permissions
        if hosts:
            manifest["host_permissions"] = hosts
        manifest["action"] = {
            "default_title": _name(addon),
            "default_popup": "popup.html",
        }
        manifest["background"] = {"scripts": ["background.js"]}
    else:
        manifest["permissions"] = permissions + hosts
        manifest["browser_action"] = {
            "default_title": _name(addon),
            "default_popup": "popup.html",
        }
        manifest["background"] = {"scripts": ["background.js"]}
    files["background.js"] = (
        f"// {_name(addon)} {version.version}\n"
        '"use strict";\n\n'
        "browser.runtime.onInstalled.addListener((details) => {\n"
        '  console.info("installed", details.reason);\n'
        "});\n"
    )
    files["popup.html"] = (
        '<!doctype html>\n<html>\n<head><meta charset="utf-8">'
        f"<title>{_name(addon)}</title></head>\n"
        f"<body><h1>{_name(addon)}</h1><p>{_summary(addon)}</p></body>\n</html>\n"
    )


def _search_engine(addon: DemoAddon, manifest: dict[str, Any]) -> None:
    if "{searchTerms}" not in addon.search_url:
        raise ValueError(
            f"search engine {addon.slug!r} has search_url {addon.search_url!r} "
            "without {searchTerms}: add it where the query goes"
        )
    provider: dict[str, Any] = {
        "name": _name(addon),
        "search_url": addon.search_url,
        "favicon_url": "icons/icon-48.png",
        "encoding": "UTF-8",
        "is_default": False,
    }
    if addon.keyword:
        provider["keyword"] = addon.keyword
    manifest["chrome_settings_overrides"] = {"search_provider": provider}


def _dictionary(
    addon: DemoAddon, manifest: dict[str, Any], files: dict[str, str | bytes]
) -> None:
    locale = addon.target_locale
    if not locale or not addon.words:
        raise ValueError(f"dictionary {addon.slug!r} needs a target_locale and words")
    path = f"dictionaries/{locale}"
    manifest["dictionaries"] = {locale: f"{path}.dic"}
    words = sorted(set(addon.words))
    files[f"{path}.aff"] = (
        "SET UTF-8\nTRY esianrtolcdugmphbyfvkwzESIANRTOLCDUGMPHBYFVKWZ\n"
    )
    files[f"{path}.dic"] = f"{len(words)}\n" + "".join(f"{word}\n" for word in words)


def _language_pack(
    addon: DemoAddon,
    version: DemoVersion,
    manifest: dict[str, Any],
    files: dict[str, str | bytes],
) -> None:
    locale = addon.target_locale
    if not locale:
        raise ValueError(f"language pack {addon.slug!r} needs a target_locale")
    release = version.released.strftime("%Y%m%d%H%M%S")
    manifest.pop("icons")
    manifest["langpack_id"] = locale
    manifest["languages"] = {
        locale: {
            "chrome_resources": {
                "global": f"chrome/{locale}/locale/{locale}/global/",
            },
            "version": release,
        }
    }
    manifest["sources"] = {"browser": {"base_path": "browser/"}}
    names = texts(addon.name, addon.default_locale)
    summaries = texts(addon.summary, addon.default_locale)
    files[f"browser/localization/{locale}/browser/langpack.ftl"] = (
        f"langpack-name = {names.get(locale, _name(addon))}\n"
        f"langpack-summary = {summaries.get(locale, _summary(addon))}\n"
    )
    files[f"chrome/{locale}/locale/{locale}/global/intl.properties"] = (
        f"general.useragent.locale={locale}\n"
    )


@functools.lru_cache(maxsize=8)
def _theme_header(look: ThemeLook, slug: str) -> bytes:
    # Every version of a theme carries the same header image.
    return _png(draw_theme_header(look, rng_key=slug))


def _theme(
    addon: DemoAddon, manifest: dict[str, Any], files: dict[str, str | bytes]
) -> None:
    look = addon.theme
    if look is None:
        raise ValueError(f"theme {addon.slug!r} has no ThemeLook: set its `theme`")
    files["images/header.png"] = _theme_header(look, addon.slug)
    manifest["theme"] = {
        "images": {"theme_frame": "images/header.png"},
        "colors": {
            "frame": f"#{look.frame}",
            "tab_background_text": f"#{look.text}",
            "toolbar": f"#{look.toolbar}",
            "toolbar_text": f"#{look.text}",
            "toolbar_field": f"#{look.toolbar}",
            "toolbar_field_text": f"#{look.text}",
            "tab_line": f"#{look.accent}",
        },
    }
