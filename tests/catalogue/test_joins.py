"""The join rules: guid without regard to case, then AMO id, then slug."""

from amo.catalogue.importer.joins import (
    ID_TAKEN,
    NO_KEY,
    NOT_ON_AMO,
    SLUG_TAKEN,
    join_records,
)
from amo.catalogue.importer.merge import NO_NAME, merge_groups
from tests.catalogue.conftest import record


def test_guids_join_without_regard_to_case():
    result = join_records(
        [
            record(guid="{ABC-123}@Example", name="Tab Mixer"),
            record(guid="{abc-123}@example", average_daily_users=10),
        ]
    )

    (group,) = result.groups
    assert group.guid_key == "{abc-123}@example"
    assert len(group.records) == 2


def test_records_without_guid_join_by_amo_id():
    result = join_records(
        [
            record(guid="tabs@example.com", amo_id=42, name="Tabs"),
            record(amo_id=42, slug="tabs", average_daily_users=7),
            record(amo_id=43, name="Other"),
        ]
    )

    assert [(group.key, len(group.records)) for group in result.groups] == [
        ("tabs@example.com", 2),
        ("id:43", 1),
    ]


def test_records_with_only_a_slug_join_by_slug():
    result = join_records(
        [
            record(guid="tabs@example.com", slug="tab-tools", name="Tabs"),
            record(slug="Tab-Tools", average_daily_users=7),
            record(slug="unknown", total_ratings=3),
        ]
    )

    assert [(group.key, len(group.records)) for group in result.groups] == [
        ("tabs@example.com", 2),
        ("slug:unknown", 1),
    ]


def test_slug_joins_id_to_guid():
    # A scraped row has the slug and, from its icon, the id. The guid comes
    # from a list that has the slug.
    result = join_records(
        [
            record(guid="tabs@example.com", slug="tab-tools"),
            record(amo_id=99, slug="tab-tools", name="Tab Tools"),
        ]
    )

    (group,) = result.groups
    assert (group.guid_key, group.amo_id) == ("tabs@example.com", 99)


def test_newest_claim_keeps_a_contested_amo_id():
    result = join_records(
        [
            record(guid="1843@x.com", amo_id=1843, year=2008, position="index 0"),
            record(guid="firebug@example.com", amo_id=1843, year=2013, name="Firebug"),
        ]
    )

    by_key = {group.key: group for group in result.groups}
    assert by_key["firebug@example.com"].amo_id == 1843
    assert by_key["1843@x.com"].amo_id is None
    (report,) = result.reports
    assert (report.position, report.reason, report.level) == (
        "index 0",
        ID_TAKEN,
        "dropped",
    )


def test_taken_slug_is_not_a_join_key():
    result = join_records(
        [
            record(guid="one@example.com", slug="shared", year=2025),
            record(guid="two@example.com", slug="shared", year=2020),
        ]
    )

    assert len(result.groups) == 2
    assert [report.reason for report in result.reports] == [SLUG_TAKEN]


def test_records_off_amo_and_without_keys_are_reported():
    off_amo = record(guid="toolbar@example.com", name="Some Toolbar")
    off_amo.on_amo = False
    result = join_records([off_amo, record(name="Nameless keys")])

    assert result.groups == []
    assert [report.reason for report in result.reports] == [NOT_ON_AMO, NO_KEY]


def test_enrich_only_records_merge_into_their_listing():
    groups = join_records(
        [
            record(guid="tabs@example.com", name="Tabs", year=2013),
            record(guid="TABS@example.com", average_daily_users=500, year=2016),
            record(guid="users-only@example.com", average_daily_users=9, year=2016),
        ]
    ).groups
    result = merge_groups(groups)

    (addon,) = result.addons
    assert addon.values["average_daily_users"] == 500
    assert addon.translations["name"] == {"en-US": "Tabs"}
    assert result.merged_records == 1
    # A record that only enriches, with nothing to enrich, is reported.
    (report,) = result.reports
    assert report.reason == NO_NAME
    assert report.detail == "guid users-only@example.com"
