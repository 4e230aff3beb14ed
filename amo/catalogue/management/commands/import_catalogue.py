"""`amo import_catalogue PATH...`: load add-on metadata from files."""

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amo.catalogue.importer.run import ImportResult, import_catalogue
from amo.catalogue.importer.sources import MissingPathError

# Reports of one reason printed at verbosity 1; the rest are counted.
EXAMPLES_PER_REASON = 3


class Command(BaseCommand):
    help = (
        "Import add-on metadata from catalogue files: AMO API responses, AMO's "
        "Django fixtures, CSV and JSON add-on lists and HTML tables scraped from "
        "AMO. Paths may be files or directories (read recursively). Running it "
        "again updates the add-ons instead of duplicating them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do the whole import in a transaction and roll it back.",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE",
            help="Write every report (file, position, level, reason, detail) "
            "to FILE as CSV.",
        )
        parser.add_argument(
            "--database",
            default="default",
            help="Database alias to write to (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        try:
            result = import_catalogue(
                options["paths"],
                using=options["database"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except MissingPathError as error:
            raise CommandError(str(error)) from error

        if options["report"]:
            self._write_report(options["report"], result)
        self._print_summary(result, verbosity, dry_run=options["dry_run"])

    def _write_report(self, path: Path, result: ImportResult) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "position", "level", "reason", "detail"])
            for report in result.reports:
                writer.writerow(
                    [
                        report.path,
                        report.position,
                        report.level,
                        report.reason,
                        report.detail,
                    ]
                )
        self.stdout.write(f"Reports written to {path}")

    def _print_summary(
        self, result: ImportResult, verbosity: int, *, dry_run: bool
    ) -> None:
        stats = result.stats
        addons = stats.addons
        unchanged = result.addons - addons.created - addons.updated
        lines = [
            "",
            "Summary" + (" (dry run: nothing was saved)" if dry_run else ""),
            f"  files read:        {len(result.files)}",
            f"  records read:      {result.records}",
            f"  add-ons:           {addons.created} created, {addons.updated} updated, "
            f"{unchanged} unchanged",
            f"  listings:          {stats.listings} (public add-ons)",
            f"  records merged:    {result.merged_records} "
            "(joined to another record's add-on)",
            f"  records reported:  {len(result.skipped)} (not used)",
            f"  versions:          {stats.versions}",
            f"  files:             {stats.files}",
            f"  compatibility:     {stats.compatibility}",
            f"  licences:          {stats.licenses}",
            f"  users:             {stats.users}",
            f"  authors:           {stats.authors}",
            f"  tags:              {stats.tags}; add-on tags {stats.addon_tags}",
            f"  add-on categories: {stats.addon_categories}",
            f"  previews:          {stats.previews}",
            "  time:              "
            + ", ".join(
                f"{step} {seconds:.1f} s" for step, seconds in result.timings.items()
            ),
        ]
        self.stdout.write("\n".join(lines))
        self._print_reports(
            result, "skipped", "Records reported, by reason:", verbosity
        )
        self._print_reports(result, "dropped", "Values left out, by reason:", verbosity)
        ignored = result.ignored()
        if ignored:
            self.stdout.write(
                f"Fixture objects of other models ignored: {sum(ignored.values())} "
                f"({len(ignored)} models, such as collections and statistics)"
            )

    def _print_reports(
        self, result: ImportResult, level: str, title: str, verbosity: int
    ) -> None:
        reasons = result.reasons(level)
        if not reasons:
            return
        self.stdout.write(title)
        for reason, count in reasons:
            self.stdout.write(f"  {count:6}  {reason}")
            examples = [
                report
                for report in result.reports
                if report.level == level and report.reason == reason
            ]
            listed = examples if verbosity >= 2 else examples[:EXAMPLES_PER_REASON]
            for report in listed:
                detail = f" ({report.detail})" if report.detail else ""
                self.stdout.write(f"          {report.path}:{report.position}{detail}")
            if len(examples) > len(listed):
                self.stdout.write(
                    f"          ... {len(examples) - len(listed)} more "
                    "(--verbosity 2 lists them, --report FILE saves them)"
                )
