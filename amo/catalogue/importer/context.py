"""The state that the steps of a catalogue write share."""

import dataclasses
from collections.abc import Callable

from amo.addons.models import Addon
from amo.catalogue.importer.bulk import Counts
from amo.catalogue.importer.records import Report


@dataclasses.dataclass
class WriteStats:
    addons: Counts = dataclasses.field(default_factory=Counts)
    listings: int = 0
    versions: Counts = dataclasses.field(default_factory=Counts)
    files: Counts = dataclasses.field(default_factory=Counts)
    compatibility: Counts = dataclasses.field(default_factory=Counts)
    licenses: Counts = dataclasses.field(default_factory=Counts)
    users: Counts = dataclasses.field(default_factory=Counts)
    authors: Counts = dataclasses.field(default_factory=Counts)
    tags: Counts = dataclasses.field(default_factory=Counts)
    addon_tags: Counts = dataclasses.field(default_factory=Counts)
    addon_categories: Counts = dataclasses.field(default_factory=Counts)
    previews: Counts = dataclasses.field(default_factory=Counts)


@dataclasses.dataclass
class WriteContext:
    """The database, results and add-on rows that the steps share."""

    using: str
    stats: WriteStats
    reports: list[Report]
    progress: Callable[[str], None]
    # The stored add-on of each merged add-on, in the same order.
    rows: list[Addon] = dataclasses.field(default_factory=list)
