"""Checks of manifest.json, and the data amo keeps from it.

`check_manifest` adds a message for each problem and returns the data that
FileUpload.manifest stores (see `ManifestData`), or None when the manifest
cannot be read at all.
"""

import re
import zipfile
import zlib
from typing import Any

from django.utils.translation import gettext as _

from amo.core.constants import AddonType
from amo.files.validation import versions
from amo.files.validation.jsonfile import read_json
from amo.files.validation.package import Package
from amo.files.validation.results import Messages

MANIFEST = "manifest.json"
# The first releases of Firefox and Firefox for Android that run
# WebExtensions (48), and those that run Manifest V3 add-ons.
FIRST_WEBEXTENSION_FIREFOX = "48.0"
FIRST_MV3_FIREFOX = "109.0"
FIRST_ANDROID_FIREFOX = "48.0"
# NOTE: 120.0 for Manifest V3 on Android is an assumption that no Firefox
# release note in this project confirms.
FIRST_MV3_ANDROID_FIREFOX = "120.0"
# Firefox resolves __MSG_<name>__ anywhere in a localisable string.
MESSAGE_REFERENCE = re.compile(r"__MSG_([A-Za-z0-9@_]+?)__")
LOCALE_MESSAGES = re.compile(r"^_locales/([^/]+)/messages\.json$")

ManifestData = dict[str, Any]
# The JSON pointer of the settings with the add-on id and Firefox versions.
GECKO = "/browser_specific_settings/gecko"


def amo_locale(folder: str) -> str:
    """Return a `_locales` folder's locale in amo's spelling (en_US: en-US)."""
    return folder.replace("_", "-")


def _where(**extra: Any) -> dict[str, Any]:
    return {"file": MANIFEST, **extra}


class Locales:
    """The messages of a package's `_locales` folders, read on demand."""

    def __init__(self, package: Package, messages: Messages) -> None:
        self.package = package
        self.messages = messages
        self.folders = {}
        for name in package.names:
            match = LOCALE_MESSAGES.match(name)
            if match:
                self.folders[match.group(1)] = name
        self.has_locales_folder = any(
            name.startswith("_locales/") for name in package.names
        )
        self._loaded: dict[str, dict[str, str]] = {}

    def catalogue(self, folder: str) -> dict[str, str]:
        """Return the messages of one locale folder, keys in lower case."""
        if folder in self._loaded:
            return self._loaded[folder]
        catalogue: dict[str, str] = {}
        path = self.folders.get(folder)
        if path is not None:
            data = _read_package_json(self.package, path, self.messages)
            if isinstance(data, dict):
                for key, entry in data.items():
                    if isinstance(entry, dict) and isinstance(
                        entry.get("message"), str
                    ):
                        # Firefox matches message names case-insensitively.
                        catalogue[key.lower()] = entry["message"]
            elif data is not None:
                self.messages.error(
                    "MESSAGES_INVALID",
                    _("%(file)s must contain a JSON object.") % {"file": path},
                    file=path,
                )
        self._loaded[folder] = catalogue
        return catalogue


def _read_package_json(package: Package, name: str, messages: Messages) -> Any:
    try:
        raw = package.read(name)
    except ValueError:
        messages.error(
            "FILE_TOO_LARGE",
            _("%(file)s is larger than %(maximum)s bytes.")
            % {"file": name, "maximum": package.limits.max_json_size},
            file=name,
        )
        return None
    except (zipfile.BadZipFile, NotImplementedError, zlib.error, EOFError) as error:
        messages.error(
            "BAD_ZIPFILE",
            _("%(file)s cannot be read from the archive: %(error)s")
            % {"file": name, "error": error},
            _("Create the archive again and upload it."),
            file=name,
        )
        return None
    return read_json(raw, name, messages)


def _resolve(text: str, catalogue: dict[str, str]) -> tuple[str, list[str]]:
    """Replace __MSG_x__ references; return the text and the missing names."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = match.group(1).lower()
        if key in catalogue:
            return catalogue[key]
        missing.append(match.group(1))
        return match.group(0)

    return MESSAGE_REFERENCE.sub(replace, text), missing


def _translations(
    field: str,
    value: Any,
    default_folder: str | None,
    locales: Locales,
    messages: Messages,
) -> dict[str, str]:
    """Return a localisable field in every locale, keyed in amo's spelling.

    A plain string is returned for the default locale only. A missing
    message of the default locale is an error, since Firefox would show
    the raw __MSG_ reference; other locales fall back to the default.
    """
    if not isinstance(value, str) or not value:
        return {}
    default_locale = amo_locale(default_folder) if default_folder else "en-US"
    if not MESSAGE_REFERENCE.search(value):
        return {default_locale: value}
    if default_folder is None:
        # The missing default_locale is reported once, by check_locales.
        return {}
    default_catalogue = locales.catalogue(default_folder)
    default_text, missing = _resolve(value, default_catalogue)
    if missing:
        messages.error(
            "NO_MESSAGE",
            _(
                'The "%(field)s" of manifest.json refers to the message '
                '"%(name)s", which _locales/%(locale)s/messages.json does '
                "not define."
            )
            % {"field": field, "name": missing[0], "locale": default_folder},
            _("Add the message to that file, or write the text in manifest.json."),
            file=f"_locales/{default_folder}/messages.json",
        )
        return {}
    result = {default_locale: default_text}
    for folder in sorted(locales.folders):
        if folder == default_folder:
            continue
        combined = {**default_catalogue, **locales.catalogue(folder)}
        text, _missing = _resolve(value, combined)
        result[amo_locale(folder)] = text
    return result


def _gecko_settings(manifest: dict[str, Any], messages: Messages) -> dict[str, Any]:
    """Return browser_specific_settings.gecko, or applications.gecko in MV2."""
    manifest_version = manifest.get("manifest_version")
    settings = manifest.get("browser_specific_settings")
    if settings is not None and not isinstance(settings, dict):
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _('"browser_specific_settings" must be an object.'),
            **_where(subject="/browser_specific_settings"),
        )
        settings = None
    applications = manifest.get("applications")
    if applications is not None:
        if manifest_version == 3:
            messages.warning(
                "APPLICATIONS_INVALID",
                _('Firefox ignores "applications" in Manifest V3.'),
                _('Rename the key to "browser_specific_settings".'),
                **_where(),
            )
            applications = None
        elif settings is None:
            messages.warning(
                "APPLICATIONS_DEPRECATED",
                _('Use "browser_specific_settings" instead of "applications".'),
                **_where(),
            )
    source = settings if settings is not None else applications
    gecko = source.get("gecko") if isinstance(source, dict) else None
    if gecko is not None and not isinstance(gecko, dict):
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _('"browser_specific_settings.gecko" must be an object.'),
            **_where(subject=GECKO),
        )
        return {}
    return gecko or {}


def check_guid(
    manifest: dict[str, Any], gecko: dict[str, Any], addon_type: int, messages: Messages
) -> str | None:
    """Check the add-on id; return it when it is valid."""
    guid = gecko.get("id")
    manifest_version = manifest.get("manifest_version")
    if guid is None:
        if manifest_version == 3:
            messages.error(
                "ADDON_ID_REQUIRED",
                _("Manifest V3 add-ons must have an add-on ID."),
                _(
                    'Set "browser_specific_settings": {"gecko": {"id": '
                    '"my-addon@example.com"}} in manifest.json, with an id '
                    "of your own."
                ),
                **_where(subject=f"{GECKO}/id"),
            )
        elif addon_type in (AddonType.DICTIONARY, AddonType.LANGUAGE):
            messages.error(
                "MANIFEST_DICT_MISSING_ID"
                if addon_type == AddonType.DICTIONARY
                else "ADDON_ID_REQUIRED",
                _("Dictionaries and language packs must have an add-on ID."),
                _('Set "browser_specific_settings.gecko.id" in manifest.json.'),
                **_where(subject=f"{GECKO}/id"),
            )
        else:
            messages.notice(
                "MISSING_ADDON_ID",
                _("The add-on ID is missing from manifest.json."),
                _(
                    "Firefox gives an add-on without an ID a new one on every "
                    'install. Set "browser_specific_settings.gecko.id" to '
                    "keep it the same across versions."
                ),
                **_where(),
            )
        return None
    if not isinstance(guid, str):
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _("The add-on ID (browser_specific_settings.gecko.id) must be a string."),
            **_where(subject=f"{GECKO}/id"),
        )
        return None
    problem = versions.gecko_id_problem(guid)
    if problem is not None:
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _('The add-on ID "%(id)s" is invalid.') % {"id": guid[:300]},
            problem,
            **_where(subject=f"{GECKO}/id"),
        )
        return None
    return guid


def check_version(manifest: dict[str, Any], messages: Messages) -> str | None:
    """Check `version`; return it when Firefox would load it."""
    version = manifest.get("version")
    if version is None:
        return None
    if not isinstance(version, str):
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _('"version" must be a string, such as "1.0".'),
            **_where(subject="/version"),
        )
        return None
    if versions.is_strict_version(version):
        return version
    problem = versions.version_problem(version) or ""
    explanation = _(
        "A version is one to four numbers separated by dots, each at most "
        '9 digits and without leading zeros, such as "1.0" or "2.10.3".'
    )
    if manifest.get("manifest_version") == 2 and versions.is_deprecated_version(
        version
    ):
        messages.warning(
            "VERSION_FORMAT_DEPRECATED",
            _('The version "%(version)s" uses a format Firefox has deprecated.')
            % {"version": version},
            f"{problem} {explanation}".strip(),
            **_where(subject="/version"),
        )
        return version
    messages.error(
        "VERSION_FORMAT_INVALID",
        _('The version "%(version)s" is invalid.') % {"version": version[:120]},
        f"{problem} {explanation}".strip(),
        **_where(subject="/version"),
    )
    return None


def _check_application(
    label: str,
    settings: dict[str, Any],
    default_min: str,
    messages: Messages,
    path: str,
) -> dict[str, str] | None:
    """Check strict_min_version and strict_max_version of one application.

    `path` is where its settings are in the manifest, as a JSON pointer.
    """
    result = {"min": default_min, "max": "*"}
    valid = True
    for key, bound in (("strict_min_version", "min"), ("strict_max_version", "max")):
        value = settings.get(key)
        if value is None:
            continue
        if (
            not isinstance(value, str)
            or not versions.is_application_version(value)
            or (bound == "min" and "*" in value)
        ):
            messages.error(
                "MANIFEST_FIELD_INVALID",
                _('%(key)s of %(app)s is "%(value)s", which is no Firefox version.')
                % {"key": key, "app": label, "value": str(value)[:100]},
                _('Use a release number such as "115.0".'),
                **_where(subject=f"{path}/{key}"),
            )
            valid = False
            continue
        result[bound] = value
    if not valid:
        return None
    if (
        result["max"] != "*"
        and versions.compare_versions(result["min"], result["max"]) > 0
    ):
        if "strict_min_version" in settings:
            message = _(
                "strict_min_version %(min)s of %(app)s is higher than its "
                "strict_max_version %(max)s, so no release could install it."
            )
        else:
            message = _(
                "strict_max_version %(max)s of %(app)s is older than %(min)s, "
                "the first release that can run this add-on, so no release "
                "could install it."
            )
        messages.error(
            "MANIFEST_FIELD_INVALID",
            message % {"min": result["min"], "max": result["max"], "app": label},
            _("Raise strict_max_version, or remove it."),
            **_where(subject=f"{path}/strict_max_version"),
        )
        return None
    if versions.compare_versions(result["min"], FIRST_WEBEXTENSION_FIREFOX) < 0:
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _(
                "strict_min_version %(min)s of %(app)s is older than %(first)s, "
                "the first release that runs WebExtensions."
            )
            % {"min": result["min"], "app": label, "first": FIRST_WEBEXTENSION_FIREFOX},
            _("Set it to a release the add-on was tested with, or remove it."),
            **_where(subject=f"{path}/strict_min_version"),
        )
        return None
    if versions.compare_versions(result["min"], default_min) < 0:
        messages.warning(
            "STRICT_MIN_VERSION_TOO_LOW",
            _(
                "strict_min_version %(min)s of %(app)s is older than %(first)s, "
                "the first release that can run this add-on; %(first)s is "
                "used instead."
            )
            % {"min": result["min"], "app": label, "first": default_min},
            **_where(subject=f"{path}/strict_min_version"),
        )
        result["min"] = default_min
    if "strict_max_version" in settings:
        messages.notice(
            "STRICT_MAX_VERSION",
            _("strict_max_version is set for %(app)s.") % {"app": label},
            _(
                "Releases after it will not install the add-on. Set it only "
                "when the add-on is known to break on newer releases."
            ),
            **_where(),
        )
    return result


def check_compatibility(
    manifest: dict[str, Any], gecko: dict[str, Any], messages: Messages
) -> tuple[dict[str, dict[str, str]], bool]:
    """Return the compatibility ranges and whether they are strict."""
    mv3 = manifest.get("manifest_version") == 3
    compatibility: dict[str, dict[str, str]] = {}
    firefox = _check_application(
        "Firefox",
        gecko,
        FIRST_MV3_FIREFOX if mv3 else FIRST_WEBEXTENSION_FIREFOX,
        messages,
        GECKO,
    )
    if firefox is not None:
        compatibility["firefox"] = firefox
    settings = manifest.get("browser_specific_settings")
    android = settings.get("gecko_android") if isinstance(settings, dict) else None
    if isinstance(android, dict):
        # Android's range defaults to the desktop one, as Firefox reads it.
        merged = {**{k: v for k, v in gecko.items() if k.startswith("strict_")}}
        merged.update(android)
        android_range = _check_application(
            "Firefox for Android",
            merged,
            FIRST_MV3_ANDROID_FIREFOX if mv3 else FIRST_ANDROID_FIREFOX,
            messages,
            "/browser_specific_settings/gecko_android",
        )
        if android_range is not None:
            compatibility["android"] = android_range
    strict = any(rng.get("max", "*") != "*" for rng in compatibility.values())
    return compatibility, strict


def detect_type(manifest: dict[str, Any]) -> AddonType:
    if "theme" in manifest:
        return AddonType.STATICTHEME
    if "dictionaries" in manifest:
        return AddonType.DICTIONARY
    if "langpack_id" in manifest:
        return AddonType.LANGUAGE
    return AddonType.EXTENSION


def check_type_contents(
    manifest: dict[str, Any],
    addon_type: AddonType,
    package: Package,
    messages: Messages,
) -> None:
    """Check the parts that static themes and dictionaries must have."""
    if addon_type == AddonType.STATICTHEME:
        theme = manifest["theme"]
        if not isinstance(theme, dict):
            messages.error(
                "MANIFEST_FIELD_INVALID",
                _('"theme" must be an object.'),
                **_where(subject="/theme"),
            )
            return
        images = theme.get("images") or {}
        if not isinstance(images, dict):
            return
        for key, value in images.items():
            paths = value if isinstance(value, list) else [value]
            for path in paths:
                if isinstance(path, str) and path.lstrip("/") not in package:
                    messages.error(
                        "MANIFEST_THEME_IMAGE_NOT_FOUND",
                        _(
                            'The theme image "%(path)s" (theme.images.%(key)s) '
                            "is not in the package."
                        )
                        % {"path": path, "key": key},
                        **_where(),
                    )
    elif addon_type == AddonType.DICTIONARY:
        dictionaries = manifest["dictionaries"]
        if not isinstance(dictionaries, dict) or not dictionaries:
            messages.error(
                "MANIFEST_EMPTY_DICTS",
                _('"dictionaries" must name a dictionary file.'),
                _('For example "dictionaries": {"de-DE": "de-DE.dic"}.'),
                **_where(subject="/dictionaries"),
            )
            return
        if len(dictionaries) > 1:
            messages.error(
                "MANIFEST_MULTIPLE_DICTS",
                _("A dictionary add-on may contain only one dictionary."),
                **_where(),
            )
        for locale, path in dictionaries.items():
            if not isinstance(path, str) or not path.endswith(".dic"):
                messages.error(
                    "MANIFEST_FIELD_INVALID",
                    _('The dictionary of "%(locale)s" must be a .dic file.')
                    % {"locale": locale},
                    **_where(),
                )
                continue
            for needed in (path, path[: -len(".dic")] + ".aff"):
                if needed.lstrip("/") not in package:
                    messages.error(
                        "MANIFEST_DICT_NOT_FOUND",
                        _('The dictionary file "%(path)s" is not in the package.')
                        % {"path": needed},
                        **_where(),
                    )


def check_locales(
    manifest: dict[str, Any], locales: Locales, messages: Messages
) -> str | None:
    """Check default_locale against _locales; return the default folder."""
    default_locale = manifest.get("default_locale")
    uses_messages = any(
        isinstance(manifest.get(key), str) and MESSAGE_REFERENCE.search(manifest[key])
        for key in ("name", "description", "short_name", "homepage_url")
    )
    if default_locale is None:
        if locales.has_locales_folder:
            messages.error(
                "NO_DEFAULT_LOCALE",
                _('The package has a _locales folder but no "default_locale".'),
                _('Set "default_locale" in manifest.json, for example "en".'),
                **_where(),
            )
        elif uses_messages:
            messages.error(
                "NO_DEFAULT_LOCALE",
                _(
                    "manifest.json uses __MSG_ messages but has no "
                    '"default_locale" and no _locales folder.'
                ),
                _(
                    "Add _locales/<locale>/messages.json and set "
                    '"default_locale", or write the text in manifest.json.'
                ),
                **_where(),
            )
        return None
    if not isinstance(default_locale, str) or not default_locale:
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _('"default_locale" must be a locale such as "en".'),
            **_where(subject="/default_locale"),
        )
        return None
    if default_locale not in locales.folders:
        messages.error(
            "NO_MESSAGES_FILE",
            _(
                '"default_locale" is "%(locale)s" but the package has no '
                "_locales/%(locale)s/messages.json."
            )
            % {"locale": default_locale},
            _("Add that file, or correct default_locale."),
            **_where(),
        )
        return None
    return default_locale


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def check_manifest(package: Package, messages: Messages) -> ManifestData | None:
    """Check manifest.json; return what FileUpload.manifest stores, or None.

    None means the manifest could not be read as a JSON object. Otherwise
    the data is returned even when errors were found, with null where a
    field was invalid.
    """
    manifest = _read_package_json(package, MANIFEST, messages)
    if manifest is None:
        return None
    if not isinstance(manifest, dict):
        messages.error(
            "JSON_INVALID",
            _("manifest.json must contain a JSON object."),
            **_where(),
        )
        return None

    required_examples = {
        "manifest_version": '"manifest_version": 2',
        "name": '"name": "My add-on"',
        "version": '"version": "1.0"',
    }
    for key, example in required_examples.items():
        if key not in manifest:
            messages.error(
                "MANIFEST_FIELD_REQUIRED",
                _('manifest.json has no "%(key)s", which is required.') % {"key": key},
                _("Add it to manifest.json, for example %(example)s.")
                % {"example": example},
                **_where(subject=f"/{key}"),
            )
    manifest_version = manifest.get("manifest_version")
    if "manifest_version" in manifest and (
        manifest_version not in (2, 3) or isinstance(manifest_version, bool)
    ):
        messages.error(
            "MANIFEST_VERSION_INVALID",
            _('"manifest_version" is %(value)s; Firefox supports 2 and 3.')
            % {"value": str(manifest_version)[:20]},
            **_where(subject="/manifest_version"),
        )
        manifest_version = None
    name = manifest.get("name")
    if "name" in manifest and (not isinstance(name, str) or not name.strip()):
        messages.error(
            "MANIFEST_FIELD_INVALID",
            _('"name" must be a non-empty string.'),
            **_where(subject="/name"),
        )
        name = None

    addon_type = detect_type(manifest)
    gecko = _gecko_settings(manifest, messages)
    guid = check_guid(manifest, gecko, addon_type, messages)
    version = check_version(manifest, messages)
    compatibility, strict = check_compatibility(manifest, gecko, messages)
    check_type_contents(manifest, addon_type, package, messages)

    locales = Locales(package, messages)
    default_folder = check_locales(manifest, locales, messages)
    names = _translations("name", name, default_folder, locales, messages)
    summary = _translations(
        "description", manifest.get("description"), default_folder, locales, messages
    )
    homepage = _translations(
        "homepage_url", manifest.get("homepage_url"), default_folder, locales, messages
    )
    default_locale = amo_locale(default_folder) if default_folder else "en-US"

    return {
        "guid": guid,
        "version": version or "",
        "manifest_version": manifest_version,
        "type": int(addon_type),
        "name": name or "",
        "names": names,
        "summary": summary,
        "homepage": homepage.get(default_locale, ""),
        "default_locale": default_locale,
        "permissions": _strings(manifest.get("permissions")),
        "optional_permissions": _strings(manifest.get("optional_permissions")),
        "host_permissions": _strings(manifest.get("host_permissions")),
        "compatibility": compatibility,
        "strict_compatibility": strict,
    }
