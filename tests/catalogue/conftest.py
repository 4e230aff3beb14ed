"""Fixtures of the catalogue importer's tests: the real files and records."""

import datetime
from pathlib import Path

import pytest

from amo.catalogue.importer.records import ParsedFile, SourceRecord
from amo.catalogue.importer.sources import read_files


@pytest.fixture(scope="session")
def catalogue_dir(fixtures_dir: Path) -> Path:
    """The folder of real add-on metadata that the importer reads."""
    path = fixtures_dir / "amo-catalogue"
    if not path.is_dir():
        pytest.skip(f"the add-on catalogue files are missing at {path}")
    return path


def parse_one(path: Path) -> ParsedFile:
    """Parse one catalogue file the way the import does."""
    (parsed,) = read_files([path])
    return parsed


def record(
    *,
    guid: str | None = None,
    amo_id: int | None = None,
    slug: str | None = None,
    name: str | None = None,
    year: int = 2020,
    position: str = "index 0",
    **values: object,
) -> SourceRecord:
    """Build a source record as a parser would, for join and merge tests."""
    built = SourceRecord(
        source="test",
        path=Path("test.json"),
        position=position,
        observed=datetime.datetime(year, 1, 1, tzinfo=datetime.UTC),
        guid=guid,
        amo_id=amo_id,
        slug=slug,
        values=dict(values),
    )
    if name is not None:
        built.translations["name"] = {"en-US": name}
    return built
