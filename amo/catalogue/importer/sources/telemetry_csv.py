"""CSV lists of add-ons by guid: `"guid","localized_string","URL"`.

Two lists of 2013 share this shape. In the first every URL is the add-on's
page on addons.mozilla.org (`https://addons.mozilla.org/addon/<id>`), which
gives the AMO id; the name is a translation of unstated locale. The second
lists common add-ons that AMO never carried, with a URL of some other
site (often a malware removal guide).

Rows of the second kind become records with `on_amo=False`, which the
import reports and never lists. amo's catalogue mirrors what AMO lists,
and no source describes that third-party software as an AMO listing.
Their URLs are not the add-ons' homepages either. A row is judged by its
URL, not by the file it is in, so a mixed list also works.
"""

import csv
import datetime
import io
import re
from pathlib import Path

from amo.catalogue.importer.records import (
    DEFAULT_LOCALE_KEY,
    ParsedFile,
    Report,
    SourceRecord,
)
from amo.catalogue.importer.values import clean_text
from amo.core.constants import AddonStatus

SOURCE = "telemetry-csv"
HEADER = ["guid", "localized_string", "URL"]

# The lists were published on this date; their rows were true then.
OBSERVED = datetime.datetime(2013, 11, 4, tzinfo=datetime.UTC)

_AMO_URL = re.compile(
    r"^https?://addons\.mozilla\.org/(?:[^/]+/)*addon/(\d+)/?$", re.IGNORECASE
)
# The export wrote missing values (SQL NULL) as the text NULL.
_NULL_VALUES = {"", "null"}


def detect(text: str) -> bool:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    return next(csv.reader([first_line]), []) == HEADER


def parse(path: Path, text: str) -> ParsedFile:
    parsed = ParsedFile(path=path, source=SOURCE)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    next(reader, None)
    line = reader.line_num
    for row in reader:
        position = f"line {line + 1}"
        line = reader.line_num
        if len(row) != len(HEADER):
            parsed.reports.append(
                Report(
                    path,
                    position,
                    "row does not have 3 columns",
                    detail=f"found {len(row)}",
                )
            )
            continue
        record = _parse_row(path, position, row, parsed.reports)
        if record is not None:
            parsed.records.append(record)
    return parsed


def _parse_row(
    path: Path, position: str, row: list[str], reports: list[Report]
) -> SourceRecord | None:
    raw_guid, raw_name, raw_url = (value.strip() for value in row)
    guid = None if raw_guid.lower() in _NULL_VALUES else raw_guid
    name = None if raw_name.lower() in _NULL_VALUES else clean_text(raw_name)
    url = clean_text(raw_url)
    match = _AMO_URL.match(url or "")

    if url is None and name is None:
        # Rows like `"someone@gmail.c","",""`: a guid cut short, with nothing
        # to list.
        reports.append(
            Report(
                path,
                position,
                "row has no name and no URL",
                detail=f"guid {raw_guid!r}",
            )
        )
        return None
    if url is None and guid is None:
        reports.append(
            Report(path, position, "row has neither a guid nor an AMO URL to join by")
        )
        return None

    record = SourceRecord(
        source=SOURCE,
        path=path,
        position=position,
        observed=OBSERVED,
        guid=guid,
        amo_id=int(match.group(1)) if match else None,
        # A URL of another site marks an add-on that AMO did not list.
        on_amo=url is None or match is not None,
    )
    if name:
        record.translations["name"] = {DEFAULT_LOCALE_KEY: name}
    if record.on_amo:
        # Every AMO row of the list is an add-on that AMO listed at the time.
        record.values["status"] = AddonStatus.PUBLIC
    return record
