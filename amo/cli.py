"""The `amo` command: Django's management utility with amo's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    # With AMO_DEBUG=1 errors keep their traceback, for developers.
    debug = os.environ.get("AMO_DEBUG", "").lower() in ("1", "true", "yes", "on")
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        if debug:
            raise
        sys.exit(f"amo: the configuration is invalid: {error}")
    except OperationalError as error:
        if debug:
            raise
        sys.exit(
            f"amo: the database could not be reached: {error}. Check "
            "AMO_DATABASE_URL and that the database server is running."
        )


if __name__ == "__main__":
    main()
