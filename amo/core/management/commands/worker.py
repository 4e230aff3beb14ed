"""`amo worker`: run a Celery worker for amo's jobs."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a Celery worker that processes amo's jobs from AMO_BROKER_URL."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=None,
            help="Worker processes (default: CPUs).",
        )
        parser.add_argument(
            "--queues",
            default="",
            help=(
                "Comma-separated queues to consume (default: all of "
                "settings.WORKER_QUEUES, upload validation included)."
            ),
        )
        parser.add_argument(
            "--beat", action="store_true", help="Also run the periodic jobs."
        )
        parser.add_argument(
            "--hostname",
            default="",
            help=(
                "Node name of the worker, such as validation@%%h (default: "
                "celery@<host>). Workers sharing a broker need different names."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        if not settings.BROKER_URL:
            raise CommandError(
                "AMO_BROKER_URL is not set, so jobs run in the process that queues "
                "them and a worker has nothing to consume. Set it, for example "
                "AMO_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//."
            )
        from workers.celery import app

        argv = ["worker", "--loglevel", settings.LOG_LEVEL]
        if options["concurrency"]:
            argv += ["--concurrency", str(options["concurrency"])]
        queues = options["queues"] or ",".join(settings.WORKER_QUEUES)
        argv += ["--queues", queues]
        if options["beat"]:
            schedule = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME)
            schedule.parent.mkdir(parents=True, exist_ok=True)
            argv += ["--beat", "--schedule", str(schedule)]
        if options["hostname"]:
            argv += ["--hostname", options["hostname"]]
        app.worker_main(argv)
