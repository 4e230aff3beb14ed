"""`amo serve`: run the site under uvicorn with several worker processes."""

import argparse
import os
import signal
import socket
from types import FrameType
from typing import Any

import uvicorn
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from amo.core.config import env_int

ASGI_APP = "asgi:application"
# Seconds that open connections get to finish after Ctrl-C or SIGTERM.
GRACEFUL_SHUTDOWN_SECONDS = 10


class _Stopped(Exception):
    """SIGTERM arrived; the server has shut down and the command returns."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped


def cpu_count() -> int:
    """Return the number of CPUs this process may run on."""
    counter = getattr(os, "process_cpu_count", os.cpu_count)
    return counter() or 1


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an integer") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is below the minimum of 1")
    return number


def port_number(value: str) -> int:
    number = positive_int(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a TCP port (1-65535)")
    return number


def server_url(host: str, port: int) -> str:
    """Return the URL a browser opens for a server on `host`:`port`."""
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def add_address_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="Address to listen on (127.0.0.1). Browsers that reach the server "
        "by another name than 127.0.0.1 or localhost need it in AMO_ALLOWED_HOSTS.",
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="TCP port (8000)."
    )


def check_port_free(host: str, port: int) -> None:
    """Raise CommandError when nothing can listen on `host`:`port`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise CommandError(
                f"Cannot listen on {host}:{port}: {error.strerror}. Stop the "
                "program using that port, or pick another one with --port."
            ) from None


def prepare_var_dir() -> None:
    """Create VAR_DIR, where the embedded SQLite database lives."""
    if settings.EMBEDDED:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)


def close_database_connections() -> None:
    """Close this process's connections; the server opens its own pools."""
    connections.close_all()


def run_server(host: str, port: int, workers: int) -> None:
    """Serve ASGI_APP under uvicorn until Ctrl-C or SIGTERM stops it.

    One worker runs in this process; more run as child processes that
    uvicorn's supervisor restarts when they die. Both signals shut the
    server down gracefully and return normally.
    """
    # uvicorn re-raises the signal that stopped a single-process server
    # after shutting it down. These handlers turn that into a normal return.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        uvicorn.run(
            ASGI_APP,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            lifespan="on",
            reload=False,
            proxy_headers=True,
            # Only a proxy on this machine may set X-Forwarded-For and -Proto.
            forwarded_allow_ips="127.0.0.1",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            # amo's logging (structlog, configured by Django) handles
            # uvicorn's loggers too, so uvicorn must not install its own.
            log_config=None,
            app_dir=str(settings.BASE_DIR),
        )
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


class Command(BaseCommand):
    help = (
        "Serve amo with uvicorn on the configured settings: several worker "
        "processes, uvloop and httptools, no reload. Proxy headers are trusted "
        "from 127.0.0.1 only. Ctrl-C or SIGTERM stops it."
    )
    # The system checks open a database connection, which fails on the
    # embedded database until its folder exists, so handle() runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_address_arguments(parser)
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=None,
            help="Worker processes (AMO_WEB_WORKERS, else the number of CPUs).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        workers = options["workers"] or self._default_workers()
        check_port_free(host, port)
        prepare_var_dir()
        self.check()
        self._check_migrations()
        close_database_connections()

        self.stdout.write(
            f"Serving amo at {server_url(host, port)} with {workers} worker "
            f"process{'es' if workers > 1 else ''} (Ctrl-C stops it)."
        )
        self.stdout.flush()
        run_server(host, port, workers)
        self.stdout.write("Stopped.")

    def _default_workers(self) -> int:
        try:
            return env_int("WEB_WORKERS", cpu_count(), minimum=1)
        except ImproperlyConfigured as error:
            raise CommandError(f"{error} Set it to a number of processes.") from None

    def _check_migrations(self) -> None:
        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise CommandError(
                f"The database has {len(plan)} unapplied migrations, starting with "
                f"{plan[0][0]}: run `amo migrate` first."
            )
