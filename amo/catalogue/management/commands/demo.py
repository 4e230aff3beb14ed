"""`amo demo`: load the demo catalogue into the embedded database, serve it.

The demo runs only on the embedded configuration (SQLite under var/, or
under AMO_VAR_DIR). It exits with an error when AMO_DATABASE_URL names a
database, because that database may be a production one, which the demo
would migrate and fill with its add-ons. To put the demo in such a database on
purpose, run `amo migrate`, `amo load_demo` and `amo serve` against it.
"""

import argparse
import secrets
import sys
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from amo.catalogue.demo.loader import (
    DemoDataError,
    extend_daily_rows,
    is_loaded,
    load_demo,
)
from amo.catalogue.management.commands.serve import (
    add_address_arguments,
    check_port_free,
    close_database_connections,
    prepare_var_dir,
    run_server,
    server_url,
)
from amo.core.config import env_str


def use_server_as_site_url(host: str, port: int) -> None:
    """Set SITE_URL to the demo server's address unless AMO_SITE_URL is set.

    Mails and API responses build absolute links from SITE_URL, whose
    default names port 8000, so links from a demo on another port would
    reach the wrong server. The single uvicorn worker runs in this process,
    so it uses the new value.
    """
    if env_str("SITE_URL"):
        return
    settings.SITE_URL = server_url(host, port).rstrip("/")
    settings.CSRF_TRUSTED_ORIGINS = [settings.SITE_URL]


def demo_author_login() -> tuple[str, str] | None:
    """Give the demo author with the most add-ons a password; return both.

    The password is random, made on the first run and kept in
    var/demo-password (readable by its owner only), so that every start
    prints the same one. The demo's other users cannot sign in.
    """
    from django.db.models import Count

    from amo.users.models import User

    author = (
        User.objects.filter(deleted=False, addonusers__isnull=False)
        .annotate(addon_count=Count("addonusers"))
        .order_by("-addon_count", "id")
        .first()
    )
    if author is None:
        return None
    path = settings.VAR_DIR / "demo-password"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(12) + "\n")
    password = path.read_text().strip()
    if not author.check_password(password) or author.email_confirmed is None:
        author.set_password(password)
        author.email_confirmed = author.email_confirmed or timezone.now()
        author.save(update_fields=["password", "email_confirmed"])
    return author.email, password


class Command(BaseCommand):
    help = (
        "Run amo's demo on this machine: create the SQLite database under var/ "
        "(AMO_VAR_DIR), migrate it, collect the static files, load the demo "
        "catalogue once, and serve it with one uvicorn worker. Exits with an "
        "error when AMO_DATABASE_URL is set."
    )
    # The system checks open a database connection, so they run only after
    # the command has made sure that the database is the embedded one.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_address_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        self._check_embedded()
        check_port_free(host, port)
        use_server_as_site_url(host, port)
        prepare_var_dir()
        self.check()

        try:
            self._prepare()
        except KeyboardInterrupt:
            self.stderr.write(
                "Interrupted. Run `amo demo` again: it continues where it stopped."
            )
            sys.exit(130)
        login = demo_author_login()
        close_database_connections()

        if login is not None:
            email, password = login
            self.stdout.write(
                f"Sign in at {server_url(host, port)}en-US/firefox/users/login/ as "
                f"{email} with the password {password} to see the author's pages "
                "(the developer hub, statistics)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"amo demo is starting at {server_url(host, port)} - open it in a "
                "browser once the server reports that it is running. Ctrl-C "
                "stops it."
            )
        )
        self.stdout.flush()
        run_server(host, port, workers=1)
        self.stdout.write("Stopped.")

    def _check_embedded(self) -> None:
        if settings.EMBEDDED:
            return
        url = urlsplit(env_str("DATABASE_URL"))
        where = f"database {url.path.lstrip('/')!r} on {url.hostname or 'localhost'}"
        raise CommandError(
            f"amo demo runs only on the embedded SQLite database, but "
            f"AMO_DATABASE_URL names {where}. Unset AMO_DATABASE_URL to run the "
            "demo from var/. To add the demo catalogue to that database on "
            "purpose, run `amo migrate`, `amo load_demo` and `amo serve`."
        )

    def _prepare(self) -> None:
        self.stdout.write(f"Preparing the demo in {settings.VAR_DIR}")

        self.stdout.write("  Migrating the database...")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("  Collecting static files...")
        call_command("collectstatic", interactive=False, verbosity=0)

        if is_loaded():
            self.stdout.write("  The demo catalogue is loaded already.")
            self._index_missing_documents()
            extended = extend_daily_rows()
            if extended:
                self.stdout.write(
                    f"  Added daily statistics up to yesterday for {extended} add-ons."
                )
            return
        self.stdout.write("  Loading the demo catalogue (once)...")
        started = time.perf_counter()
        try:
            result = load_demo()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"  Loaded {result.added} add-ons in {time.perf_counter() - started:.1f} s."
        )

    def _index_missing_documents(self) -> None:
        """Rebuild the search documents when some add-on has none, as in a
        database loaded before amo.search existed."""
        from amo.addons.models import Addon
        from amo.search.documents import rebuild

        if not Addon.objects.filter(search_document__isnull=True).exists():
            return
        self.stdout.write("  Rebuilding the search documents...")
        rebuild()
