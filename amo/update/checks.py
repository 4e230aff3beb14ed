"""The parameters of an update check, read from its query string."""

from dataclasses import dataclass
from urllib.parse import unquote_plus

from amo.core.constants import APPS_BY_GUID, Application

STRICT = "strict"
NORMAL = "normal"
IGNORE = "ignore"
# The parameters the service reads. Firefox sends six more, which it ignores.
PARAMETERS = frozenset(
    {"id", "appID", "appVersion", "compatMode", "version", "locale", "appOS"}
)


@dataclass(frozen=True)
class UpdateCheck:
    """One update check of one add-on, as Firefox sends it."""

    # The add-on's guid exactly as requested, because the response repeats it.
    guid: str
    app: Application
    app_version: str
    # STRICT, NORMAL or IGNORE.
    compat_mode: str
    # The installed add-on version, the locale and the OS, for the counters.
    version: str
    locale: str
    os: str


class InvalidCheck(ValueError):
    """An update check with a missing or invalid parameter."""


def compat_mode(value: str | None) -> str:
    """Return the compatibility mode that the compatMode parameter names.

    Firefox sends `strict`, `normal` or `ignore`. Without the parameter
    the check is strict, and any other value is treated as `ignore`.
    """
    if value is None or value == STRICT:
        return STRICT
    if value == NORMAL:
        return NORMAL
    return IGNORE


def _unquote(text: str) -> str:
    if "%" in text or "+" in text:
        return unquote_plus(text, errors="replace")
    return text


def parse_parameters(query_string: bytes) -> dict[str, str]:
    """Return the PARAMETERS that a raw query string contains.

    Values are decoded as urllib's parse_qsl decodes them, UTF-8 with
    replacement characters. The parameters the service ignores are never
    decoded, which saves most of the parsing time.
    A repeated parameter takes its last value, as Django's QueryDict does.
    """
    params = {}
    for pair in query_string.decode("utf-8", errors="replace").split("&"):
        name, _, value = pair.partition("=")
        if name not in PARAMETERS:
            name = _unquote(name)
            if name not in PARAMETERS:
                continue
        params[name] = _unquote(value)
    return params


def parse_check(query_string: bytes) -> UpdateCheck:
    """Read an update check from a raw query string, or raise InvalidCheck."""
    params = parse_parameters(query_string)
    guid = params.get("id", "")
    if not guid:
        raise InvalidCheck("The id parameter is missing: send the add-on's guid.")
    app_version = params.get("appVersion", "")
    if not app_version:
        raise InvalidCheck(
            "The appVersion parameter is missing: send the application's version."
        )
    app_id = params.get("appID", "")
    app = APPS_BY_GUID.get(app_id)
    if app is None:
        known = ", ".join(sorted(APPS_BY_GUID))
        raise InvalidCheck(
            f"Unknown appID {app_id[:100]!r}: send one of these application "
            f"guids: {known}."
        )
    return UpdateCheck(
        guid=guid,
        app=app,
        app_version=app_version,
        compat_mode=compat_mode(params.get("compatMode")),
        version=params.get("version", ""),
        locale=params.get("locale", ""),
        os=params.get("appOS", ""),
    )
