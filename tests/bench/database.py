"""The benchmark's MariaDB databases: created, filled once, then reused.

A catalogue database contains the real catalogue (`amo import_catalogue`
over the shared fixtures), a synthetic catalogue of a given size, or both.
The table `bench_catalogue` records what a database contains. A database
whose record matches the requested catalogue is reused as it is, after
`amo migrate` applies any new migration. Any other database of that name
(another size or seed, a newer generator, or a run that stopped halfway)
is dropped and built again, so a database never mixes two catalogues.
"""

import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql

from tests.bench import synthetic

PROJECT_DIR = Path(__file__).resolve().parents[2]
META_TABLE = "bench_catalogue"
# `amo` commands that rebuild the search documents, in order of preference.
REINDEX_COMMANDS = ("reindex", "rebuild_search", "search_reindex")


@dataclass(frozen=True)
class MySQLServer:
    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> "MySQLServer":
        parts = urlsplit(url)
        if parts.scheme not in ("mysql", "mariadb"):
            raise ValueError(
                f"Invalid MariaDB URL {url!r}: use mysql://USER[:PASSWORD]@HOST:PORT"
            )
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
        )

    def url(self, database: str) -> str:
        credentials = self.user + (f":{self.password}" if self.password else "")
        return f"mysql://{credentials}@{self.host}:{self.port}/{database}"

    def connect(self, database: str | None = None) -> Any:
        return pymysql.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            database=database,
            charset="utf8mb4",
            autocommit=False,
        )


@dataclass(frozen=True)
class Catalogue:
    """The add-ons of one database: real, synthetic or both."""

    database: str
    real: bool
    synthetic: int
    seed: int

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "generator": synthetic.GENERATOR_VERSION}

    @property
    def label(self) -> str:
        parts = ["real"] if self.real else []
        if self.synthetic:
            parts.append(f"{self.synthetic:,} synthetic")
        return " + ".join(parts)


@contextmanager
def connection(server: MySQLServer, database: str | None = None) -> Iterator[Any]:
    conn = server.connect(database)
    try:
        yield conn
    finally:
        conn.close()


def _stored_record(server: MySQLServer, database: str) -> dict[str, Any] | None:
    with connection(server) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.tables "
            "WHERE table_schema = %s AND table_name = %s",
            (database, META_TABLE),
        )
        if cursor.fetchone()[0] == 0:
            return None
        cursor.execute(
            f"SELECT value FROM `{database}`.`{META_TABLE}` WHERE name = 'catalogue'"
        )
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _write_meta(server: MySQLServer, database: str, name: str, value: str) -> None:
    with connection(server, database) as conn, conn.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS `{META_TABLE}` "
            "(name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)"
        )
        cursor.execute(
            f"REPLACE INTO `{META_TABLE}` (name, value) VALUES (%s, %s)",
            (name, value),
        )
        conn.commit()


def _read_meta(server: MySQLServer, database: str, name: str) -> str | None:
    with connection(server, database) as conn, conn.cursor() as cursor:
        try:
            cursor.execute(f"SELECT value FROM `{META_TABLE}` WHERE name = %s", (name,))
        except pymysql.err.ProgrammingError:
            return None
        row = cursor.fetchone()
    return row[0] if row else None


def _recreate(server: MySQLServer, database: str) -> None:
    with connection(server) as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
        cursor.execute(
            f"CREATE DATABASE `{database}` "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )


def amo_executable() -> Path:
    return Path(sys.executable).with_name("amo")


def run_amo(
    args: list[str], env: dict[str, str], log_path: Path, timeout: float = 1800
) -> str:
    """Run `amo ARGS`, append its output to `log_path` and return it.

    Raises RuntimeError with the end of the output when it fails.
    """
    started = time.monotonic()
    result = subprocess.run(
        [str(amo_executable()), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    with log_path.open("a", encoding="utf-8") as log:
        elapsed = time.monotonic() - started
        log.write(
            f"$ amo {' '.join(args)}  ({elapsed:.1f} s, exit {result.returncode})\n"
        )
        log.write(output + "\n")
    if result.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise RuntimeError(
            f"`amo {' '.join(args)}` failed with exit status {result.returncode}:\n"
            f"{tail}\n(full output: {log_path})"
        )
    return output


def reindex_command(env: dict[str, str], log_path: Path) -> str | None:
    """Return the `amo` command that rebuilds search documents, if any."""
    listing = run_amo(["help", "--commands"], env, log_path)
    names = set(listing.split())
    return next((name for name in REINDEX_COMMANDS if name in names), None)


def _search_migrations(server: MySQLServer, database: str) -> str:
    """Return a digest of the search app's applied migrations.

    The search documents are rebuilt when it changes, because a migration
    of that app may change what the documents contain.
    """
    with connection(server, database) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM django_migrations WHERE app = 'search' ORDER BY name"
        )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def migration_files() -> str:
    """Return a digest of amo's migration files and Django's version.

    A database migrated when the digest was the same has nothing to apply,
    so `amo migrate` (several seconds of start-up) is skipped for it.
    """
    digest = hashlib.sha256(importlib.metadata.version("django").encode())
    for path in sorted((PROJECT_DIR / "amo").glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _migrate(
    server: MySQLServer, database: str, env: dict[str, str], log_path: Path
) -> None:
    files = migration_files()
    if _read_meta(server, database, "migrated") == files:
        return
    run_amo(["migrate", "--noinput", "-v0"], env, log_path)
    _write_meta(server, database, "migrated", files)


def prepare(
    server: MySQLServer,
    catalogue: Catalogue,
    *,
    fixtures: Path,
    env: dict[str, str],
    log_path: Path,
    progress: Callable[[str], None],
    reindex: str | None,
) -> None:
    """Make `catalogue.database` hold `catalogue`, reusing it when it does.

    `reindex` is the `amo` command that rebuilds the search documents, or
    None when amo has none.
    """
    database = catalogue.database
    url = server.url(database)
    amo_env = {**env, "AMO_DATABASE_URL": url}
    record = _stored_record(server, database)
    if record != catalogue.record():
        if record is not None:
            progress(f"{database}: holds {record}, rebuilding it")
        _recreate(server, database)
        run_amo(["migrate", "--noinput", "-v0"], amo_env, log_path)
        if catalogue.real:
            progress(f"{database}: importing the real catalogue from {fixtures}")
            run_amo(["import_catalogue", str(fixtures), "-v0"], amo_env, log_path)
        if catalogue.synthetic:
            started = time.monotonic()
            with connection(server, database) as conn:
                synthetic.write_catalogue(
                    conn,
                    catalogue.synthetic,
                    catalogue.seed,
                    lambda line: progress(f"{database}: {line}"),
                )
            progress(
                f"{database}: {catalogue.synthetic:,} synthetic add-ons written in "
                f"{time.monotonic() - started:.0f} s"
            )
        _analyze(server, database)
        _write_meta(server, database, "catalogue", json.dumps(catalogue.record()))
        _write_meta(server, database, "migrated", migration_files())
    else:
        progress(f"{database}: reusing {catalogue.label}")
        _migrate(server, database, amo_env, log_path)

    if reindex is None:
        return
    state = _search_migrations(server, database)
    if _read_meta(server, database, "reindexed") == state:
        return
    started = time.monotonic()
    progress(f"{database}: rebuilding the search documents (amo {reindex})")
    run_amo([reindex], amo_env, log_path)
    _write_meta(server, database, "reindexed", state)
    progress(
        f"{database}: search documents rebuilt in {time.monotonic() - started:.0f} s"
    )


def _analyze(server: MySQLServer, database: str) -> None:
    """Refresh InnoDB's index statistics after the bulk inserts."""
    tables = (
        "addons",
        "versions",
        "files",
        "applications_versions",
        "addons_categories",
        "addons_tags",
        "addons_users",
        "users",
        "tags",
    )
    with connection(server, database) as conn, conn.cursor() as cursor:
        cursor.execute("ANALYZE TABLE " + ", ".join(f"`{t}`" for t in tables))
        cursor.fetchall()


def base_env(var_dir: Path) -> dict[str, str]:
    """Return the environment of `amo` commands and servers.

    The caller's AMO_* variables and DJANGO_SETTINGS_MODULE (which pytest
    sets) are left out, so only what the run sets configures the servers.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AMO_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env["AMO_VAR_DIR"] = str(var_dir)
    return env
