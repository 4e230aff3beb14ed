"""The whole import: read the files, join and merge records, write them."""

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import structlog

from amo.catalogue.importer.context import WriteStats
from amo.catalogue.importer.joins import join_records
from amo.catalogue.importer.merge import merge_groups
from amo.catalogue.importer.records import ParsedFile, Report
from amo.catalogue.importer.sources import discover, read_files
from amo.catalogue.importer.writer import write_catalogue

log = structlog.get_logger(__name__)


@dataclasses.dataclass
class ImportResult:
    files: list[ParsedFile]
    records: int
    addons: int
    merged_records: int
    stats: WriteStats
    reports: list[Report]
    # Seconds spent reading, joining and merging, and writing.
    timings: dict[str, float]

    @property
    def skipped(self) -> list[Report]:
        return [report for report in self.reports if report.level == "skipped"]

    @property
    def dropped(self) -> list[Report]:
        return [report for report in self.reports if report.level == "dropped"]

    def reasons(self, level: str) -> list[tuple[str, int]]:
        """Return (reason, count) of the reports of `level`, most first."""
        counts = Counter(
            report.reason for report in self.reports if report.level == level
        )
        return counts.most_common()

    def ignored(self) -> Counter[str]:
        """Objects of models that describe no add-on, by model."""
        total: Counter[str] = Counter()
        for parsed in self.files:
            total.update(parsed.ignored)
        return total


def import_catalogue(
    paths: Iterable[Path],
    *,
    using: str = "default",
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportResult:
    """Import every catalogue file under `paths` into the database `using`.

    With `dry_run`, everything is written in a transaction that is then
    rolled back, so the counts are real and the database is unchanged.
    """
    started = time.perf_counter()
    files = discover(paths)
    progress(f"Reading {len(files)} files")
    total = 0

    def on_file(parsed: ParsedFile) -> None:
        nonlocal total
        total += len(parsed.records)
        reported = f", {len(parsed.reports)} reported" if parsed.reports else ""
        progress(
            f"  {parsed.path}: {parsed.source}, {len(parsed.records)} records"
            f"{reported} ({total} in all)"
        )

    parsed_files = read_files(files, on_file)
    records = [record for parsed in parsed_files for record in parsed.records]
    read_at = time.perf_counter()

    progress(f"Joining {len(records)} records by guid, AMO id and slug")
    joined = join_records(records)
    progress(f"Merging {len(joined.groups)} add-ons")
    merged = merge_groups(joined.groups)
    merged_at = time.perf_counter()

    progress(f"Writing {len(merged.addons)} add-ons")
    stats, write_reports = write_catalogue(
        merged.addons, using=using, dry_run=dry_run, progress=progress
    )
    written_at = time.perf_counter()

    reports = [
        *(report for parsed in parsed_files for report in parsed.reports),
        *joined.reports,
        *merged.reports,
        *write_reports,
    ]
    log.info(
        "catalogue imported",
        files=len(files),
        records=len(records),
        addons_created=stats.addons.created,
        addons_updated=stats.addons.updated,
        listings=stats.listings,
        reported=sum(1 for report in reports if report.level == "skipped"),
        dry_run=dry_run,
        seconds=round(written_at - started, 2),
    )
    return ImportResult(
        files=parsed_files,
        records=len(records),
        addons=len(merged.addons),
        merged_records=merged.merged_records,
        stats=stats,
        reports=reports,
        timings={
            "read": read_at - started,
            "merge": merged_at - read_at,
            "write": written_at - merged_at,
            "total": written_at - started,
        },
    )
