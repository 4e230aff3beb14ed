"""The top add-ons of Firefox's e10s survey (2016): guid and daily users.

A JSON array of `{"guid", "users", "bugs", "testing", "shimmed"}`. Only
the guid and the telemetry user count describe the add-on; the Bugzilla
ids and test notes tracked multi-process compatibility, which amo does
not model. The records enrich add-ons that other sources name.
"""

import datetime
from pathlib import Path
from typing import Any

from amo.catalogue.importer.records import ParsedFile, Report, SourceRecord
from amo.catalogue.importer.values import clean_text, mostly, parse_int

SOURCE = "e10s-top-addons"

# The survey was published on this date.
OBSERVED = datetime.datetime(2016, 9, 12, tzinfo=datetime.UTC)


def detect(data: Any) -> bool:
    return isinstance(data, list) and mostly(
        data, lambda item: isinstance(item, dict) and {"guid", "users"} <= set(item)
    )


def parse(path: Path, data: list[Any]) -> ParsedFile:
    parsed = ParsedFile(path=path, source=SOURCE)
    for index, item in enumerate(data):
        position = f"index {index}"
        guid = clean_text(item.get("guid")) if isinstance(item, dict) else None
        if guid is None:
            parsed.reports.append(Report(path, position, "entry has no guid"))
            continue
        record = SourceRecord(
            source=SOURCE, path=path, position=position, observed=OBSERVED, guid=guid
        )
        users = parse_int(item.get("users"))
        if users is not None and users >= 0:
            record.values["average_daily_users"] = users
        elif item.get("users") is not None:
            record.note("user count is not a number: left out", str(item.get("users")))
        parsed.records.append(record)
    return parsed
