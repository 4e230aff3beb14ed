"""`amo reindex`: rebuild the search document of every add-on."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from amo.search.documents import BATCH_SIZE, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of every add-on from the catalogue, "
        "batch by batch. Searches keep working while it runs. With --queue the "
        "rebuild is sent to the Celery workers as the search.reindex job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the search.reindex job instead of rebuilding here.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="Add-ons per transaction (default: %(default)s).",
        )
        parser.add_argument(
            "--database",
            default="default",
            help="Database alias to rebuild (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            from workers.jobs import reindex

            result = reindex.delay(batch_size=options["batch_size"])
            self.stdout.write(f"Queued search.reindex as job {result.id}.")
            return

        verbosity = options["verbosity"]

        def progress(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(message)

        written = rebuild(
            using=options["database"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        self.stdout.write(f"Rebuilt {written} search documents.")
