"""`amo load_demo`: load the demo catalogue into the configured database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amo.catalogue.demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load amo's demo catalogue (add-ons, authors, icons, screenshots and "
        "packages) into the configured database and MEDIA_ROOT. Add-ons that "
        "are already there are left alone, so running it again adds only the "
        "missing ones."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]

        def progress(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(message)

        try:
            result = load_demo(progress)
        except DemoDataError as error:
            raise CommandError(str(error)) from error

        if result.added:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {result.added} demo add-ons in {result.seconds:.1f} s "
                    f"({result.present} were already there)."
                )
            )
        else:
            self.stdout.write(
                f"The demo catalogue is already loaded ({result.present} "
                "add-ons); nothing to do."
            )
