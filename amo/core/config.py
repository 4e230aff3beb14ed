"""Typed readers for the AMO_* environment variables that settings.py uses.

This module imports nothing from Django, so settings.py can use it before
Django is configured.
"""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "AMO_"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    return os.environ.get(PREFIX + name)


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{PREFIX}{name}={value!r} is not a boolean: use 1/0, true/false, "
        "yes/no or on/off."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={value!r} is not an integer."
        ) from None
    if number < minimum:
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={number} is below the minimum of {minimum}."
        )
    return number


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={value!r} is not a number."
        ) from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str, *, name: str) -> dict[str, Any]:
    """Build a Django DATABASES entry from a mysql:// or sqlite:// URL.

    `name` is the environment variable the URL came from, for error messages.
    """
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))

    if parts.scheme in ("mysql", "mariadb"):
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ImproperlyConfigured(
                f"{name}={url!r} names no database: use "
                "mysql://USER:PASSWORD@HOST:PORT/DATABASE."
            )
        return {
            "ENGINE": "amo.core.db.backends.mysql",
            "NAME": database,
            "USER": unquote(parts.username or "root"),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "127.0.0.1",
            "PORT": str(parts.port or 3306),
            "OPTIONS": {
                "charset": "utf8mb4",
                "isolation_level": "read committed",
                **options,
            },
            "TEST": {
                "NAME": options.pop("test_name", None) or f"test_{database}",
                "CHARSET": "utf8mb4",
                "COLLATION": "utf8mb4_unicode_ci",
            },
        }

    if parts.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as in
        # SQLAlchemy and dj-database-url.
        path = unquote(parts.path)
        path = path[1:] if path.startswith("//") else path.lstrip("/")
        if not path:
            raise ImproperlyConfigured(
                f"{name}={url!r} names no file: use sqlite:///var/amo.sqlite3."
            )
        return sqlite_database(Path(path))

    raise ImproperlyConfigured(
        f"{name}={url!r} has an unsupported scheme {parts.scheme!r}: "
        "use mysql:// or sqlite://."
    )


def sqlite_database(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets the async readers work while the write thread commits.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # A file, not memory: the async pools must open the test database
        # too, and see what the tests commit.
        "TEST": {"NAME": str(path.with_name(f"test_{path.name}"))},
    }


def secret_from_file(path: Path) -> str:
    """Return the secret stored at `path`, creating it on first use."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(50)
    # O_EXCL makes two processes starting at once agree on one secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret
