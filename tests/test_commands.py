"""The `amo` commands that start servers: `amo demo` and `amo serve`.

Each test runs the command as a subprocess, as a person would, with
AMO_VAR_DIR pointing at the test's own folder and no AMO_DATABASE_URL, so
the server uses an embedded SQLite database whatever database the rest of
the suite runs on. Servers listen on a free port of 127.0.0.1 and are
stopped by their PID.
"""

import contextlib
import html
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command

from amo.catalogue.demo.data import ADDONS
from amo.catalogue.management.commands.demo import use_server_as_site_url
from amo.catalogue.management.commands.serve import (
    check_port_free,
    cpu_count,
    port_number,
    positive_int,
    server_url,
)
from amo.core.constants import AddonType

PROJECT_DIR = Path(__file__).resolve().parents[1]
# Migrating, collecting static files and loading the demo took 10 to 20 s
# on a 2-core machine. The limit leaves room for a busier one.
BOOT_TIMEOUT = 240.0
STOP_TIMEOUT = 30.0
# Variables that point amo at services or folders other than the test's.
SERVICE_VARIABLES = (
    "AMO_DATABASE_URL",
    "AMO_REPLICA_URLS",
    "AMO_MEDIA_ROOT",
    "AMO_STATIC_ROOT",
    "AMO_MEMCACHED",
    "AMO_REDIS_URL",
    "AMO_BROKER_URL",
    "AMO_WEB_WORKERS",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def embedded_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in SERVICE_VARIABLES
    }
    env["AMO_VAR_DIR"] = str(var_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(extra)
    return env


def amo(*args: str) -> list[str]:
    return [sys.executable, "-m", "amo.cli", *args]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Accept-Language": "en-US"})
            response = connection.getresponse()
            body = response.read().decode("utf-8", errors="replace")
            return response.status, dict(response.getheaders()), body
        finally:
            connection.close()

    def wait_until_up(self, timeout: float = BOOT_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"the server exited with {self.process.returncode} before "
                    f"answering:\n{self.output()}"
                )
            try:
                status, _, _ = self.get("/__lbheartbeat__")
            except OSError:
                time.sleep(0.25)
                continue
            if status == 200:
                return
        pytest.fail(
            f"no answer on port {self.port} after {timeout} s:\n{self.output()}"
        )

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Send `signum` to the server's PID and return its exit code."""
        os.kill(self.process.pid, signum)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"the server ignored signal {signum}:\n{self.output()}")


@pytest.fixture
def start_server(tmp_path) -> Iterator:
    servers: list[Server] = []

    def start(args: list[str], env: dict[str, str], port: int) -> Server:
        log = tmp_path / f"server-{len(servers)}.log"
        with log.open("wb") as handle:
            process = subprocess.Popen(
                args,
                cwd=PROJECT_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        server = Server(process, port, log)
        servers.append(server)
        return server

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def run_amo(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        amo(*args),
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def most_popular_extension_name() -> str:
    """The name that the home page's popular shelf must show first."""
    extension = max(
        (addon for addon in ADDONS if addon.type == AddonType.EXTENSION),
        key=lambda addon: addon.users,
    )
    name = extension.name
    return name if isinstance(name, str) else name[extension.default_locale]


def child_worker_pids(pid: int) -> list[int]:
    """PIDs of the uvicorn workers that `pid` spawned."""
    workers = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in command:
                workers.append(child)
    return workers


@pytest.mark.slow
def test_demo_boots_and_serves_from_clean_var(tmp_path, start_server):
    var_dir = tmp_path / "var"
    port = free_port()
    server = start_server(amo("demo", "--port", str(port)), embedded_env(var_dir), port)

    server.wait_until_up()
    status, headers, _ = server.get("/")
    home_status, _, home = server.get("/en-US/firefox/")

    assert status in (301, 302)
    assert headers["location"] == "/en-US/firefox/"
    assert home_status == 200
    assert html.escape(most_popular_extension_name()) in home
    assert (var_dir / "amo.sqlite3").is_file()
    assert (var_dir / "static").is_dir()
    assert any((var_dir / "media" / "addon_icons").rglob("*-64.png"))
    assert server.stop(signal.SIGINT) == 0
    output = server.output()
    assert f"http://127.0.0.1:{port}/" in output
    assert "Loading the demo catalogue" in output
    assert "Stopped." in output

    # A database loaded before search documents existed gets them built.
    with contextlib.closing(sqlite3.connect(var_dir / "amo.sqlite3")) as database:
        database.execute("DELETE FROM search_documents")
        database.commit()

    # A second start finds the catalogue loaded and does not load it again.
    port = free_port()
    again = start_server(amo("demo", "--port", str(port)), embedded_env(var_dir), port)
    again.wait_until_up()
    status, _, body = again.get("/en-US/firefox/")
    assert status == 200
    assert html.escape(most_popular_extension_name()) in body
    name = most_popular_extension_name()
    status, _, found = again.get(f"/api/v5/addons/search/?{urlencode({'q': name})}")
    assert status == 200
    assert json.loads(found)["results"][0]["name"]["en-US"] == name
    # Absolute links name the port the demo serves on, not the default 8000.
    site_url = f"http://127.0.0.1:{port}/"
    assert json.loads(found)["results"][0]["url"].startswith(site_url)
    assert again.stop(signal.SIGTERM) == 0
    assert "The demo catalogue is loaded already." in again.output()
    assert "Rebuilding the search documents" in again.output()
    assert "Loading the demo catalogue" not in again.output()


def test_demo_rejects_a_configured_database(tmp_path):
    # Port 9 of 127.0.0.1 has no MySQL server: any attempt to use the
    # database would fail with a connection error, not this message.
    env = embedded_env(
        tmp_path / "var",
        AMO_DATABASE_URL="mysql://root@127.0.0.1:9/production",
        AMO_SECRET_KEY="a-test-secret-that-is-long-enough",
    )

    result = run_amo("demo", "--port", str(free_port()), env=env)

    assert result.returncode == 1
    assert "AMO_DATABASE_URL" in result.stderr
    assert "'production' on 127.0.0.1" in result.stderr
    assert "amo load_demo" in result.stderr
    assert not (tmp_path / "var" / "amo.sqlite3").exists()


def test_demo_rejects_a_busy_port(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        result = run_amo(
            "demo", "--port", str(port), env=embedded_env(tmp_path / "var")
        )

    assert result.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr
    assert not (tmp_path / "var" / "amo.sqlite3").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--workers", "0", "0 is below the minimum of 1"),
        ("--workers", "many", "'many' is not an integer"),
        ("--port", "70000", "70000 is not a TCP port"),
        ("--port", "http", "'http' is not an integer"),
    ],
)
def test_serve_rejects_bad_numbers(tmp_path, option, value, message):
    result = run_amo("serve", option, value, env=embedded_env(tmp_path / "var"))

    assert result.returncode == 2
    assert option in result.stderr
    assert message in result.stderr


def test_serve_needs_a_migrated_database(tmp_path):
    result = run_amo(
        "serve", "--port", str(free_port()), env=embedded_env(tmp_path / "var")
    )

    assert result.returncode == 1
    assert "run `amo migrate` first" in result.stderr


@pytest.mark.slow
def test_serve_runs_two_workers(tmp_path, start_server):
    var_dir = tmp_path / "var"
    env = embedded_env(var_dir)
    # `amo migrate` opens the SQLite file without creating its folder.
    var_dir.mkdir()
    for step in (
        ("migrate", "--no-input", "-v0"),
        ("collectstatic", "--no-input", "-v0"),
        ("load_demo",),
    ):
        prepared = run_amo(*step, env=env, timeout=300)
        assert prepared.returncode == 0, prepared.stderr
    assert "Loaded" in prepared.stdout

    port = free_port()
    server = start_server(
        amo("serve", "--workers", "2", "--port", str(port)), env, port
    )
    server.wait_until_up(timeout=120)

    workers = child_worker_pids(server.process.pid)
    pages = [server.get("/en-US/firefox/") for _ in range(6)]
    assert len(workers) == 2
    assert [status for status, _, _ in pages] == [200] * 6
    name = html.escape(most_popular_extension_name())
    assert all(name in body for _, _, body in pages)
    assert server.stop(signal.SIGINT) == 0
    assert "with 2 worker processes" in server.output()
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


def test_serve_takes_workers_from_the_environment(tmp_path):
    env = embedded_env(tmp_path / "var", AMO_WEB_WORKERS="zero")

    result = run_amo("serve", "--port", str(free_port()), env=env)

    assert result.returncode == 1
    assert "AMO_WEB_WORKERS='zero' is not an integer" in result.stderr


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/"),
        ("localhost", "http://localhost:8000/"),
        ("::1", "http://[::1]:8000/"),
    ],
)
def test_server_url(host, url):
    assert server_url(host, 8000) == url


def test_number_options():
    assert positive_int("3") == 3
    assert port_number("65535") == 65535
    assert cpu_count() >= 1


def test_check_port_free_rejects_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(
            CommandError, match=re.escape(f"Cannot listen on 127.0.0.1:{port}")
        ):
            check_port_free("127.0.0.1", port)
    check_port_free("127.0.0.1", port)


def test_demo_site_url_follows_port(settings, monkeypatch):
    monkeypatch.delenv("AMO_SITE_URL", raising=False)

    use_server_as_site_url("127.0.0.1", 8765)

    assert settings.SITE_URL == "http://127.0.0.1:8765"
    assert settings.CSRF_TRUSTED_ORIGINS == ["http://127.0.0.1:8765"]


def test_demo_site_url_keeps_configured_value(settings, monkeypatch):
    monkeypatch.setenv("AMO_SITE_URL", "https://addons.example.com")
    settings.SITE_URL = "https://addons.example.com"

    use_server_as_site_url("127.0.0.1", 8765)

    assert settings.SITE_URL == "https://addons.example.com"


def test_demo_command_checks_the_database_first(settings, monkeypatch):
    # In the test process itself, so that the check is measured by coverage
    # on SQLite and MariaDB alike.
    monkeypatch.setenv("AMO_DATABASE_URL", "mysql://amo@db.example.com:3306/store")
    settings.EMBEDDED = False

    with pytest.raises(CommandError, match=re.escape("'store' on db.example.com")):
        call_command("demo", "--port", str(free_port()))
