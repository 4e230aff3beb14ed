"""`amo stats_rollup`: roll up the Redis counters, recompute popularity."""

import asyncio
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from amo.stats import actions, rollup


class Command(BaseCommand):
    help = (
        "Write the update-check and download counters of every day from Redis "
        "into the daily rows (the stats.rollup job), then recompute the "
        "average daily users, weekly downloads and total downloads of the "
        "add-ons that have rows (the stats.update_popularity job). With "
        "--queue both jobs are sent to the Celery workers instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the two jobs instead of running them here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            from workers.stats import rollup as rollup_job
            from workers.stats import update_popularity

            sent = rollup_job.delay()
            self.stdout.write(f"Queued stats.rollup as job {sent.id}.")
            sent = update_popularity.delay()
            self.stdout.write(f"Queued stats.update_popularity as job {sent.id}.")
            return

        if not settings.REDIS_URL:
            self.stderr.write(
                "AMO_REDIS_URL is not set: the counters live in the serving "
                "process, which rolls them up itself, so this command only "
                "recomputes popularity from the rows."
            )
        result = asyncio.run(rollup.run_with_own_client())
        if result.skipped:
            self.stdout.write(
                "Skipped the roll-up: another one is running and writes the rows."
            )
        else:
            self.stdout.write(
                f"Rolled up {result.days} days: {result.rows} rows written, "
                f"{result.finished} days finished, {result.unknown} unknown "
                "add-ons dropped."
            )
        popularity = actions.update_popularity()
        self.stdout.write(
            f"Popularity from {popularity.first_day} to {popularity.last_day}: "
            f"{popularity.computed} add-ons computed, {popularity.changed} changed."
        )
