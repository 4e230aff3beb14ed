"""The merge rules: the newest source wins, field by field."""

import datetime

from amo.catalogue.importer.joins import join_records
from amo.catalogue.importer.merge import CATEGORY_UNKNOWN, merge_groups
from amo.catalogue.importer.records import (
    DEFAULT_LOCALE_KEY,
    FileRecord,
    VersionRecord,
)
from amo.core.constants import AddonType, ApplicationChoices, FileStatus
from tests.catalogue.conftest import record


def merge_one(*records):
    result = merge_groups(join_records(list(records)).groups)
    (addon,) = result.addons
    return addon, result.reports


def test_newer_source_wins_numbers():
    addon, _ = merge_one(
        record(
            guid="a@x", name="A", year=2010, average_daily_users=100, total_ratings=5
        ),
        record(guid="a@x", year=2025, average_daily_users=900),
        record(guid="a@x", year=2016, average_daily_users=300, weekly_downloads=40),
    )

    assert addon.values["average_daily_users"] == 900
    # Values only an older source has are kept.
    assert addon.values["weekly_downloads"] == 40
    assert addon.values["total_ratings"] == 5


def test_translations_merge_locale_by_locale():
    old = record(guid="a@x", name="Old name", year=2010)
    old.translations["name"]["de"] = "Alter Name"
    new = record(guid="a@x", name="New name", year=2020)
    addon, _ = merge_one(old, new)

    assert addon.translations["name"] == {"en-US": "New name", "de": "Alter Name"}


def test_text_of_unstated_locale_goes_to_default_locale():
    listed = record(guid="a@x", year=2013)
    listed.translations["name"] = {DEFAULT_LOCALE_KEY: "Имя"}
    addon, _ = merge_one(listed, record(guid="a@x", year=2010, default_locale="ru"))

    assert addon.translations["name"] == {"ru": "Имя"}
    assert addon.values["default_locale"] == "ru"


def test_versions_merge_and_current_is_newest_public():
    old = record(guid="a@x", name="A", year=2010)
    old.versions = [
        VersionRecord("1.0", file=FileRecord(status=FileStatus.PUBLIC, size=10)),
        VersionRecord("2.0b1", beta=True, file=FileRecord(status=FileStatus.PUBLIC)),
    ]
    new = record(guid="a@x", year=2025)
    new.versions = [
        VersionRecord("1.0", file=FileRecord(hash="sha256:" + "1" * 64)),
        VersionRecord("1.10", file=FileRecord(status=FileStatus.PUBLIC)),
        VersionRecord("3.0", file=FileRecord(status=FileStatus.UNREVIEWED)),
    ]
    addon, _ = merge_one(old, new)

    assert [version.version for version in addon.versions] == [
        "1.0",
        "1.10",
        "2.0b1",
        "3.0",
    ]
    first = addon.versions[0]
    assert (first.file.size, first.file.hash) == (10, "sha256:" + "1" * 64)
    # 1.10 is newer than 1.9; the beta and the unreviewed version do not count.
    assert addon.current_version == "1.10"
    # No date known: a version existed by the time of its oldest record.
    assert first.created == datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)


def test_sets_come_whole_from_the_newest_source():
    old = record(guid="a@x", name="A", year=2010)
    old.tags = ["old", "tags"]
    old.categories = {ApplicationChoices.FIREFOX: ["feeds", "toolbars"]}
    new = record(guid="a@x", year=2025)
    new.tags = ["SEO", "seo ", "Privacy"]
    addon, reports = merge_one(old, new)

    assert addon.tags == ["seo", "privacy"]
    # The 2010 slugs map onto v5 ones; "toolbars" has no successor.
    assert addon.categories == {ApplicationChoices.FIREFOX: ["feeds-news-blogging"]}
    assert [report.reason for report in reports] == [CATEGORY_UNKNOWN]


def test_static_theme_categories():
    theme = record(guid="t@x", name="Blue", type=AddonType.STATICTHEME)
    theme.categories = {ApplicationChoices.FIREFOX: ["solid", "other"]}
    addon, reports = merge_one(theme)

    assert addon.categories == {ApplicationChoices.FIREFOX: ["solid", "other"]}
    assert reports == []


def test_bayesian_rating_is_computed_when_missing():
    result = merge_groups(
        join_records(
            [
                record(guid="a@x", name="A", total_ratings=10, average_rating=5.0),
                record(guid="b@x", name="B", total_ratings=30, average_rating=3.0),
                record(
                    guid="c@x",
                    name="C",
                    total_ratings=1,
                    average_rating=1.0,
                    bayesian_rating=2.5,
                ),
            ]
        ).groups
    )
    by_guid = {addon.guid: addon for addon in result.addons}

    # Mean count C = 41 / 3, mean rating m = 3.0: (C*m + n*r) / (C + n).
    mean_count = 41 / 3
    expected = (mean_count * 3.0 + 10 * 5.0) / (mean_count + 10)
    assert by_guid["a@x"].values["bayesian_rating"] == expected
    assert by_guid["c@x"].values["bayesian_rating"] == 2.5


def test_newer_counts_discard_an_old_bayesian_rating():
    addon, _ = merge_one(
        record(
            guid="a@x",
            name="A",
            year=2019,
            total_ratings=9930,
            average_rating=4.7,
            bayesian_rating=4.69,
        ),
        record(guid="a@x", year=2025, total_ratings=20770, average_rating=4.8),
    )

    assert addon.values["bayesian_rating"] != 4.69
    assert 4.7 < addon.values["bayesian_rating"] <= 4.8


def test_slug_candidates_prefer_amo_slugs():
    fixture = record(guid="a@x", name="Delicious Bookmarks", year=2010)
    fixture.slug_candidate = "a3615"
    addon, _ = merge_one(fixture, record(guid="a@x", slug="delicious", year=2025))

    assert addon.slug_candidates == ["delicious", "a3615", "delicious-bookmarks"]
    assert addon.slug_from_amo


def test_created_defaults_to_first_sighting():
    addon, _ = merge_one(record(guid="a@x", name="A", year=2013))

    assert addon.values["created"] == datetime.datetime(2013, 1, 1, tzinfo=datetime.UTC)
