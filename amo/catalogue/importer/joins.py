"""Joining the records of all sources into one group per add-on.

The keys, in order of trust:

1. The guid, compared without regard to case (`{ABC}@x` is `{abc}@x`).
   Records with the same guid are one add-on, whatever else they contain.
2. The AMO id, for records without a guid. An id belongs to at most one
   guid: when records with different guids claim one id (the fixtures
   hold test copies such as guid `1843@x.com` on Firebug's id 1843), the
   newest claim keeps it and the other records lose the id, with a report.
3. The AMO slug, for records with neither (a table scraped from AMO's
   pages links add-ons by slug). Slugs are claimed like ids. Only slugs
   that AMO itself served are join keys; the fixtures' test slugs are not.

Records of add-ons that AMO did not distribute are reported and joined to
nothing (see `telemetry_csv` and `nix_mozilla` for why).
"""

import dataclasses
from collections import defaultdict

from amo.catalogue.importer.records import Report, SourceRecord

NOT_ON_AMO = "add-on is not distributed through addons.mozilla.org: not listed"
NO_KEY = "record has no guid, AMO id or slug to join by"
ID_TAKEN = "AMO id belongs to an add-on with another guid: id left out"
ID_MISMATCH = "AMO id differs from newer records of the same guid: id left out"
SLUG_TAKEN = "slug belongs to another add-on: not joined by it"


@dataclasses.dataclass(eq=False)
class AddonGroup:
    """The records of one add-on, and the keys they agreed on."""

    records: list[SourceRecord] = dataclasses.field(default_factory=list)
    guid_key: str | None = None
    amo_id: int | None = None
    slugs: list[str] = dataclasses.field(default_factory=list)

    @property
    def key(self) -> str:
        """A stable label: the guid, else the AMO id, else the slug."""
        if self.guid_key:
            return self.guid_key
        if self.amo_id is not None:
            return f"id:{self.amo_id}"
        return f"slug:{self.slugs[0]}" if self.slugs else "?"

    @property
    def has_name(self) -> bool:
        return any(record.has_name for record in self.records)


@dataclasses.dataclass
class JoinResult:
    groups: list[AddonGroup]
    reports: list[Report]


class _Joiner:
    def __init__(self) -> None:
        self.groups: list[AddonGroup] = []
        self.by_guid: dict[str, AddonGroup] = {}
        self.by_id: dict[int, AddonGroup] = {}
        self.by_slug: dict[str, AddonGroup] = {}
        self.reports: list[Report] = []

    def new_group(self, **keys: object) -> AddonGroup:
        group = AddonGroup(**keys)  # type: ignore[arg-type]
        self.groups.append(group)
        return group

    def add(self, group: AddonGroup, record: SourceRecord) -> None:
        group.records.append(record)
        if record.slug:
            self.claim_slug(group, record)

    def claim_slug(self, group: AddonGroup, record: SourceRecord) -> None:
        slug_key = (record.slug or "").lower()
        owner = self.by_slug.get(slug_key)
        if owner is None:
            self.by_slug[slug_key] = group
            group.slugs.append(record.slug or "")
        elif owner is not group:
            self.reports.append(
                Report(
                    record.path,
                    record.position,
                    SLUG_TAKEN,
                    level="dropped",
                    detail=f"slug {record.slug} is {owner.key}'s, not {group.key}'s",
                )
            )


def join_records(records: list[SourceRecord]) -> JoinResult:
    """Group `records` by add-on; the groups come in the order first seen."""
    joiner = _Joiner()
    with_guid: list[SourceRecord] = []
    without_guid: list[SourceRecord] = []
    for record in records:
        if not record.on_amo:
            joiner.reports.append(
                Report(
                    record.path, record.position, NOT_ON_AMO, detail=record.describe()
                )
            )
        elif record.guid_key:
            with_guid.append(record)
        elif record.amo_id is not None or record.slug:
            without_guid.append(record)
        else:
            joiner.reports.append(Report(record.path, record.position, NO_KEY))

    _join_by_guid(joiner, with_guid)
    _join_without_guid(joiner, without_guid)
    return JoinResult(groups=joiner.groups, reports=joiner.reports)


def _join_by_guid(joiner: _Joiner, records: list[SourceRecord]) -> None:
    for record in records:
        key = record.guid_key or ""
        group = joiner.by_guid.get(key)
        if group is None:
            group = joiner.by_guid[key] = joiner.new_group(guid_key=key)
        group.records.append(record)

    # Each AMO id goes to one guid: the newest claim first, ties by guid.
    claims = sorted(
        (
            (record.observed, group.guid_key or "", record.amo_id)
            for group in joiner.by_guid.values()
            for record in group.records
            if record.amo_id is not None
        ),
        key=lambda claim: (-claim[0].timestamp(), claim[1], claim[2]),
    )
    for _, guid_key, amo_id in claims:
        group = joiner.by_guid[guid_key]
        if group.amo_id is None and amo_id not in joiner.by_id:
            group.amo_id = amo_id
            joiner.by_id[amo_id] = group
    for group in joiner.by_guid.values():
        for record in group.records:
            if record.amo_id is None or record.amo_id == group.amo_id:
                continue
            owner = joiner.by_id.get(record.amo_id)
            joiner.reports.append(
                Report(
                    record.path,
                    record.position,
                    ID_TAKEN if owner else ID_MISMATCH,
                    level="dropped",
                    detail=f"id {record.amo_id} of {group.key}"
                    + (f", kept by {owner.key}" if owner else ""),
                )
            )

    # Slugs, the same way: the newest record's claim wins.
    newest_first = sorted(
        (record for group in joiner.by_guid.values() for record in group.records),
        key=lambda record: -record.observed.timestamp(),
    )
    for record in newest_first:
        if record.slug:
            joiner.claim_slug(joiner.by_guid[record.guid_key or ""], record)


def _join_without_guid(joiner: _Joiner, records: list[SourceRecord]) -> None:
    by_id: dict[int, list[SourceRecord]] = defaultdict(list)
    slug_only: list[SourceRecord] = []
    for record in records:
        if record.amo_id is not None and record.amo_id in joiner.by_id:
            joiner.add(joiner.by_id[record.amo_id], record)
        elif record.amo_id is not None:
            by_id[record.amo_id].append(record)
        else:
            slug_only.append(record)

    # Records of an id that no guid claimed: one group per id, unless one
    # of them has a slug that an add-on without an id already holds.
    for amo_id, cluster in by_id.items():
        target = None
        for record in cluster:
            owner = joiner.by_slug.get((record.slug or "").lower())
            if owner is not None and owner.amo_id is None:
                target = owner
                break
        if target is None:
            target = joiner.new_group(amo_id=amo_id)
        else:
            target.amo_id = amo_id
        joiner.by_id[amo_id] = target
        for record in cluster:
            joiner.add(target, record)

    for record in slug_only:
        slug_key = (record.slug or "").lower()
        group = joiner.by_slug.get(slug_key)
        if group is None:
            group = joiner.new_group()
        joiner.add(group, record)
