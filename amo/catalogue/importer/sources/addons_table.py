"""An HTML table of add-ons scraped from AMO's pages.

The page contains one `<table>` whose `<thead>` names the columns (Name,
Number Users, Number Reviews, Average Rating, Last Update, Categories,
Summary, Version, Size, License, Homepage, Repository Stars Count) and
whose `<tbody>` has a row per add-on. The Name cell links to the add-on's
AMO page, which gives its slug, and shows its icon, whose AMO path
(`addon_icons/<id // 1000>/<id>-64.png`) gives its AMO id. The page says
when its data was gathered ("Data was last updated on <b>2025-07-21</b>").

The rows are parsed with the standard library's HTMLParser; nothing the
page links to is fetched.
"""

import dataclasses
import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from amo.catalogue.importer.mappings import CATEGORY_SLUGS_BY_NAME, license_from_name
from amo.catalogue.importer.records import (
    UNKNOWN_TIME,
    FileRecord,
    ParsedFile,
    Report,
    SourceRecord,
    VersionRecord,
)
from amo.catalogue.importer.values import (
    clean_text,
    parse_float,
    parse_int,
)
from amo.core.constants import AddonStatus, AddonType, ApplicationChoices, FileStatus

SOURCE = "addons-table"

_ADDON_PATH = re.compile(r"/addon/([^/]+)/?$")
_ICON_PATH = re.compile(r"/addon_icons/(\d+)/(\d+)-\d+\.png")
_DATE_IN_BRACKETS = re.compile(r"\(([A-Z][a-z]{2} \d{1,2}, \d{4})\)")
_GATHERED = re.compile(r"last updated on\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_SIZE = re.compile(r"^([\d,.]+)\s*(B|KB|MB|GB)$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}

REQUIRED_COLUMNS = ("Name", "Number Users", "Version")


@dataclasses.dataclass
class Cell:
    text: str = ""
    links: list[str] = dataclasses.field(default_factory=list)
    images: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Row:
    line: int
    cells: list[Cell] = dataclasses.field(default_factory=list)


class TableParser(HTMLParser):
    """Collect the header names and the body rows of a page's tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.rows: list[Row] = []
        self.page_text: list[str] = []
        self._section: str | None = None
        self._row: Row | None = None
        self._cell: Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self._row = Row(line=self.getpos()[0])
        elif tag in ("td", "th") and self._section is not None:
            self._cell = Cell()
        elif tag == "a" and self._cell is not None and attributes.get("href"):
            self._cell.links.append(attributes["href"] or "")
        elif tag == "img" and self._cell is not None and attributes.get("src"):
            self._cell.images.append(attributes["src"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("thead", "tbody"):
            self._section = None
        elif tag in ("td", "th") and self._cell is not None:
            if self._section == "thead":
                self.headers.append(self._cell.text.strip())
            elif self._row is not None:
                self._row.cells.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        else:
            self.page_text.append(data)


def detect(text: str) -> bool:
    return "<tbody" in text and "Number Users" in text


def parse(path: Path, text: str) -> ParsedFile:
    parsed = ParsedFile(path=path, source=SOURCE)
    table = TableParser()
    table.feed(text)
    table.close()

    missing = [name for name in REQUIRED_COLUMNS if name not in table.headers]
    if missing:
        parsed.reports.append(
            Report(
                path,
                "thead",
                "table lacks a required column",
                detail=", ".join(missing),
            )
        )
        return parsed
    observed = _gathered_on(" ".join(table.page_text), table, parsed)

    for number, row in enumerate(table.rows, start=1):
        position = f"row {number} (line {row.line})"
        if len(row.cells) != len(table.headers):
            parsed.reports.append(
                Report(
                    path,
                    position,
                    "row does not have a cell for each column",
                    detail=f"{len(row.cells)} cells, {len(table.headers)} columns",
                )
            )
            continue
        cells = dict(zip(table.headers, row.cells, strict=True))
        record = _record(path, position, observed, cells, parsed.reports)
        if record is not None:
            parsed.records.append(record)
    return parsed


def _gathered_on(
    page_text: str, table: TableParser, parsed: ParsedFile
) -> datetime.datetime:
    """Return when the page's data was gathered.

    A page without the date is taken to be as old as its newest update.
    """
    match = _GATHERED.search(page_text)
    if match:
        day = datetime.date.fromisoformat(match.group(1))
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    dates = [
        _update_date(row.cells[table.headers.index("Last Update")].text)
        for row in table.rows
        if "Last Update" in table.headers and len(row.cells) == len(table.headers)
    ]
    known = [date for date in dates if date is not None]
    parsed.reports.append(
        Report(
            parsed.path,
            "page",
            "page does not say when its data was gathered: "
            "the newest update date is used",
            level="dropped",
        )
    )
    return max(known, default=UNKNOWN_TIME)


def _record(
    path: Path,
    position: str,
    observed: datetime.datetime,
    cells: dict[str, Cell],
    reports: list[Report],
) -> SourceRecord | None:
    name_cell = cells["Name"]
    slug = _slug_from_links(name_cell.links)
    if slug is None:
        reports.append(Report(path, position, "name cell has no link to an AMO page"))
        return None
    record = SourceRecord(
        source=SOURCE,
        path=path,
        position=position,
        observed=observed,
        slug=slug,
        amo_id=_amo_id_from_icons(name_cell.images),
    )
    # Every row is an add-on that AMO's pages showed.
    record.values["status"] = AddonStatus.PUBLIC

    # The page was scraped in English, so texts are en-US (or AMO's
    # fallback to the add-on's default locale when it had no English text).
    name = clean_text(name_cell.text)
    if name:
        record.translations["name"] = {"en-US": name}
    summary = clean_text(_text(cells, "Summary"))
    if summary:
        record.translations["summary"] = {"en-US": summary}
    homepage = _homepage(cells.get("Homepage"))
    if homepage:
        record.translations["homepage"] = {"en-US": homepage}
    icons = [url for url in name_cell.images if _ICON_PATH.search(url)]
    if icons:
        record.values["icon_source_url"] = icons[0]

    _add_numbers(record, cells)
    categories = _categories(_text(cells, "Categories"), record)
    if categories is not None:
        addon_type, slugs = categories
        record.categories = {ApplicationChoices.FIREFOX: slugs}
        if addon_type != AddonType.EXTENSION:
            record.values["type"] = addon_type

    version = clean_text(_text(cells, "Version"))
    if version:
        updated = _update_date(_text(cells, "Last Update"))
        license_name = clean_text(_text(cells, "License"))
        record.versions.append(
            VersionRecord(
                version=version,
                created=updated,
                license=license_from_name(license_name) if license_name else None,
                file=FileRecord(
                    size=_size(_text(cells, "Size")),
                    status=FileStatus.PUBLIC,
                    created=updated,
                ),
            )
        )
    return record


def _text(cells: dict[str, Cell], column: str) -> str:
    cell = cells.get(column)
    return cell.text if cell is not None else ""


def _add_numbers(record: SourceRecord, cells: dict[str, Cell]) -> None:
    users = parse_int(_text(cells, "Number Users"))
    if users is not None:
        record.values["average_daily_users"] = users
    # The scraper wrote counts as floats ("749.0").
    ratings = parse_int(_text(cells, "Number Reviews"))
    if ratings is not None:
        record.values["total_ratings"] = ratings
    rating = parse_float(_text(cells, "Average Rating"))
    if rating is not None and 0 <= rating <= 5:
        record.values["average_rating"] = rating
    updated = _update_date(_text(cells, "Last Update"))
    if updated is not None:
        record.values["last_updated"] = updated


def _slug_from_links(links: list[str]) -> str | None:
    for link in links:
        parts = urlsplit(link)
        if parts.hostname != "addons.mozilla.org":
            continue
        match = _ADDON_PATH.search(parts.path)
        if match:
            return unquote(match.group(1))
    return None


def _amo_id_from_icons(images: list[str]) -> int | None:
    for url in images:
        match = _ICON_PATH.search(url)
        if match and int(match.group(2)) // 1000 == int(match.group(1)):
            return int(match.group(2))
    return None


def _homepage(cell: Cell | None) -> str | None:
    if cell is None:
        return None
    for link in cell.links:
        if urlsplit(link).scheme in ("http", "https"):
            return link.strip()
    return None


def _update_date(text: str) -> datetime.datetime | None:
    """Return the date of "17 days ago (Jul 4, 2025)" as midnight UTC."""
    match = _DATE_IN_BRACKETS.search(text)
    if not match:
        return None
    try:
        day = datetime.datetime.strptime(match.group(1), "%b %d, %Y")
    except ValueError:
        return None
    return day.replace(tzinfo=datetime.UTC)


def _size(text: str) -> int | None:
    """Return bytes for "964.75 KB"; the page rounds, so this is close only."""
    match = _SIZE.match(text.strip())
    if not match:
        return None
    number = parse_float(match.group(1).replace(",", ""))
    if number is None:
        return None
    return round(number * _SIZE_UNITS[match.group(2).lower()])


def _categories(text: str, record: SourceRecord) -> tuple[int, list[str]] | None:
    """Return the type and slugs of a cell like "Photos, Music & Videos, Tabs".

    Some category names contain ", ", so the cell is split by matching the
    known names from the left, longest first. The table lists extensions
    and themes alike; a name that only themes have ("Solid") makes the
    add-on a theme.
    """
    if not text.strip():
        return None
    parts = [part.strip() for part in text.split(",")]
    matched: list[dict[int, str]] = []
    index = 0
    while index < len(parts):
        for end in range(len(parts), index, -1):
            by_type = CATEGORY_SLUGS_BY_NAME.get(", ".join(parts[index:end]).lower())
            if by_type:
                matched.append(by_type)
                index = end
                break
        else:
            record.note("category name is unknown: left out", parts[index])
            index += 1
    theme_only = any(AddonType.EXTENSION not in by_type for by_type in matched)
    addon_type = AddonType.STATICTHEME if theme_only else AddonType.EXTENSION
    slugs = [by_type[addon_type] for by_type in matched if addon_type in by_type]
    return addon_type, slugs
