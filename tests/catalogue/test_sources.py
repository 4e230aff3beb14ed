"""Each source parser over its real file: record counts and mapped values."""

import datetime
from collections import Counter
from pathlib import Path

from amo.catalogue.importer.records import DEFAULT_LOCALE_KEY, LicenseRef
from amo.catalogue.importer.sources import discover, read_files
from amo.core.constants import (
    AddonStatus,
    AddonType,
    ApplicationChoices,
    AuthorRole,
    FileStatus,
)
from tests.catalogue.conftest import parse_one

UTC = datetime.UTC


def test_discover_skips_readme_and_walks_folders(catalogue_dir: Path):
    files = discover([catalogue_dir])

    assert len(files) == 86
    assert all(path.name != "README.md" for path in files)
    assert files == sorted(files)


def test_amo_addons_csv(catalogue_dir: Path):
    parsed = parse_one(catalogue_dir / "irvingreid-addon-telemetry/amo-addons.csv")

    # 16808 rows: 4 are guids cut short with neither name nor URL.
    assert len(parsed.records) + len(parsed.reports) == 16808
    assert len(parsed.records) == 16804
    assert [report.position for report in parsed.reports] == [
        "line 14531",
        "line 14533",
        "line 14535",
        "line 14537",
    ]
    assert {report.reason for report in parsed.reports} == {
        "row has no name and no URL"
    }
    assert all(record.on_amo for record in parsed.records)
    # 104 guids are the text NULL and 4 are empty: those join by AMO id.
    assert sum(record.guid is None for record in parsed.records) == 108
    assert all(record.amo_id is not None for record in parsed.records)
    # 5 names are empty and 72 are the text NULL.
    assert sum(record.has_name for record in parsed.records) == 16727

    first = parsed.records[0]
    assert first.position == "line 2"
    assert first.guid == "{F33233B3-EDB1-41f4-8482-917AB190E647}"
    assert first.amo_id == 11
    assert first.translations["name"] == {DEFAULT_LOCALE_KEY: "Add Bookmark Here"}
    assert first.values["status"] == AddonStatus.PUBLIC


def test_non_amo_csv_records_are_not_on_amo(catalogue_dir: Path):
    parsed = parse_one(catalogue_dir / "irvingreid-addon-telemetry/non-AMO.csv")

    assert len(parsed.records) == 16
    assert parsed.reports == []
    assert not any(record.on_amo for record in parsed.records)
    assert all(record.amo_id is None for record in parsed.records)
    assert "status" not in parsed.records[0].values


def test_nix_firefox_addons(catalogue_dir: Path):
    path = (
        catalogue_dir / "petrkozorezov-firefox-addons-nix/firefox-addons-generated.json"
    )
    parsed = parse_one(path)

    assert parsed.source == "nix-firefox-addons"
    assert len(parsed.records) == 1934
    # One extension is listed twice.
    assert len({record.guid_key for record in parsed.records}) == 1933
    assert not any(record.has_name for record in parsed.records)

    first = parsed.records[0]
    assert first.slug == "1080-bilibili-video-downloader"
    assert first.guid == "{98fcf777-562f-4bb8-9a50-d0dbca99ceba}"
    assert first.values["type"] == AddonType.EXTENSION
    assert first.categories == {
        ApplicationChoices.FIREFOX: ["download-management", "photos-music-videos"]
    }
    (version,) = first.versions
    assert version.version == "3.1.0"
    assert version.license == LicenseRef(slug="MPL-2.0")
    assert version.file is not None
    assert version.file.filename == "1080_bilibili_video_downloader-3.1.0.xpi"
    # The SRI hash "sha256-Lm6k...FXM=" in AMO's "sha256:<hex>" form.
    assert version.file.hash == (
        "sha256:2e6ea49c2b42551c9f7d8835da04dadf4c51e850095abe3aa574bce1a0541573"
    )
    assert version.file.permissions == ["https://*.bilibili.com/*"]

    hashes = [record.versions[0].file.hash for record in parsed.records]
    assert all(digest and len(digest) == len("sha256:") + 64 for digest in hashes)


def test_nix_firefox_addons_licences(catalogue_dir: Path):
    path = (
        catalogue_dir / "petrkozorezov-firefox-addons-nix/firefox-addons-generated.json"
    )
    parsed = parse_one(path)
    licences = Counter(
        record.versions[0].license.slug or record.versions[0].license.name["en-US"]
        for record in parsed.records
        if record.versions[0].license
    )

    assert licences["MPL-2.0"] == 683
    # "-only" licences are not amo's built-in "-or-later" ones.
    assert licences["GNU General Public License v3.0 only"] == 249
    assert licences["Mozilla Public License 1.1"] == 21
    assert sum(licences.values()) == 1771


def test_e10s_top_addons(catalogue_dir: Path):
    parsed = parse_one(catalogue_dir / "yfdyh000-new-arewee10syet/data.json")

    assert len(parsed.records) == 1791
    assert all("average_daily_users" in record.values for record in parsed.records)
    assert parsed.records[0].guid == "firebug@software.joehewitt.com"
    assert parsed.records[0].values == {"average_daily_users": 2166503}
    assert parsed.records[0].observed == datetime.datetime(2016, 9, 12, tzinfo=UTC)


def test_nix_mozilla_addons(catalogue_dir: Path):
    parsed = parse_one(catalogue_dir / "andre4ik3-nix-mozilla-addons/firefox.json")

    assert len(parsed.records) == 31
    off_amo = [record for record in parsed.records if not record.on_amo]
    # Two packages are hosted elsewhere and named only by their attribute.
    assert [record.position for record in off_amo] == [
        "key 'bypass-paywalls-clean'",
        "key 'zotero-connector'",
    ]
    assert not any(record.has_name for record in off_amo)

    ublock = next(r for r in parsed.records if r.slug == "ublock-origin")
    assert ublock.guid == "uBlock0@raymondhill.net"
    assert ublock.translations["name"]["de"] == "uBlock Origin"
    # bn-BD, ka, sl and ur are not site locales.
    assert "sl" not in ublock.translations["name"]
    assert (
        "translations in locales that are not site locales: left out",
        "bn-BD, ka, sl, ur",
    ) in ublock.notes
    (version,) = ublock.versions
    assert version.version == "1.68.0"
    assert version.file.status == FileStatus.PUBLIC
    assert version.file.size == 4264056
    # The file's creation time, "2025-11-26T21:31:29Z".
    assert version.created == datetime.datetime(2025, 11, 26, 21, 31, 29, tzinfo=UTC)


def test_addons_table(catalogue_dir: Path):
    parsed = parse_one(catalogue_dir / "dbeley-firefox-addons-table/index.html")

    assert len(parsed.records) == 393
    assert parsed.reports == []
    assert all(record.slug and record.has_name for record in parsed.records)
    # Icons stored on AMO carry the add-on's id in their path.
    assert sum(record.amo_id is not None for record in parsed.records) == 355
    themes = [
        r for r in parsed.records if r.values.get("type") == AddonType.STATICTHEME
    ]
    assert len(themes) == 10

    first = parsed.records[0]
    assert first.position == "row 1 (line 45)"
    assert first.observed == datetime.datetime(2025, 7, 21, tzinfo=UTC)
    assert first.slug == "youtube-addon"
    assert first.amo_id == 2693103
    assert first.translations["name"] == {
        "en-US": "'Improve YouTube!'  🎧 (For YouTube & Video)"
    }
    assert first.values["average_daily_users"] == 78563
    assert first.values["total_ratings"] == 749
    assert first.values["average_rating"] == 4.4
    assert first.values["last_updated"] == datetime.datetime(2025, 6, 18, tzinfo=UTC)
    # "Photos, Music & Videos" has a comma of its own.
    assert first.categories == {
        ApplicationChoices.FIREFOX: ["appearance", "photos-music-videos", "tabs"]
    }
    (version,) = first.versions
    assert version.version == "4.1320"
    assert version.file.size == round(964.75 * 1024)
    assert version.license == LicenseRef(name={"en-US": "Friendly License"})


def test_api_collection(catalogue_dir: Path):
    parsed = parse_one(catalogue_dir / "android-components-api-samples/collection.json")

    (ublock,) = parsed.records
    assert ublock.position == "results[0].addon"
    assert (ublock.guid, ublock.amo_id, ublock.slug) == (
        "uBlock0@raymondhill.net",
        607454,
        "ublock-origin",
    )
    assert ublock.values["status"] == AddonStatus.PUBLIC
    assert ublock.values["default_locale"] == "es-ES"
    assert ublock.values["total_ratings"] == 9930
    assert ublock.values["promoted"] == "recommended"
    assert ublock.categories == {
        ApplicationChoices.FIREFOX: ["privacy-security"],
        ApplicationChoices.ANDROID: ["security-privacy"],
    }
    assert [author.username for author in ublock.authors] == ["gorhill"]
    assert len(ublock.previews) == 5
    assert ublock.previews[0].sizes == {"image": [640, 480], "thumbnail": [640, 480]}
    (version,) = ublock.versions
    assert version.version == "1.23.0"
    assert version.compatibility == {
        ApplicationChoices.FIREFOX: ("55.0", "*"),
        ApplicationChoices.ANDROID: ("55.0", "*"),
    }
    # The 2019 API sent built-in licences by URL, without a slug.
    assert version.license == LicenseRef(slug="GPL-3.0-or-later")
    assert version.file.filename == "ublock_origin-1.23.0-an+fx.xpi"


def test_api_localized_collection_strings(catalogue_dir: Path):
    path = catalogue_dir / "android-components-api-samples/localized_collection.json"
    (ublock,) = parse_one(path).records

    # One string per field: its locale is the add-on's default one.
    assert ublock.translations["name"] == {DEFAULT_LOCALE_KEY: "uBlock Origin"}
    assert ublock.translations["homepage"] == {
        DEFAULT_LOCALE_KEY: "https://github.com/gorhill/uBlock#ublock-origin"
    }


def test_api_collection_with_empty_values(catalogue_dir: Path):
    path = (
        catalogue_dir
        / "android-components-api-samples/collection_with_empty_values.json"
    )
    (sample,) = parse_one(path).records

    # No guid, id or name: it can only enrich the add-on of its slug.
    assert (sample.guid, sample.amo_id, sample.slug) == (None, None, "ublock-origin")
    assert not sample.has_name
    assert sample.versions == []
    assert ("version has no version number: left out", "") in sample.notes


def test_django_fixtures(catalogue_dir: Path):
    folder = catalogue_dir / "amo-django-fixtures"
    parsed = read_files(discover([folder]))
    records = [record for file in parsed for record in file.records]
    addon_objects = [r for r in records if "(addons.addon pk" in r.position]

    assert len(parsed) == 77
    assert len(addon_objects) == 114
    # Objects about add-ons defined in another file enrich those: the tags
    # of 3615, a category of 3481 and a version of 1865.
    assert sorted(
        (file.path.name, record.amo_id)
        for file in parsed
        for record in file.records
        if record.position.startswith("objects of")
    ) == [
        ("addons__addons__featured.json", 3481),
        ("addons__addons__update-strict-compat-version.json", 1865),
        ("tags__tags__tags.json", 3615),
    ]
    assert not any(
        report.level == "skipped" for file in parsed for report in file.reports
    )


def test_django_fixture_addon(catalogue_dir: Path):
    parsed = read_files(discover([catalogue_dir / "amo-django-fixtures"]))
    file = next(f for f in parsed if f.path.name == "amo__base__addon_3615.json")
    (delicious,) = file.records

    assert delicious.position == "object 12 (addons.addon pk 3615)"
    assert delicious.amo_id == 3615
    assert delicious.guid == "{2fa4ed95-0317-4c6a-a74c-5f3e3912c1f9}"
    # Times of 2010 are California's: 09:01:57 PDT is 16:01:57 UTC.
    assert delicious.observed == datetime.datetime(2010, 5, 28, 16, 1, 57, tzinfo=UTC)
    assert delicious.translations["name"] == {"en-US": "Delicious Bookmarks"}
    assert delicious.values["type"] == AddonType.EXTENSION
    assert delicious.values["status"] == AddonStatus.PUBLIC
    assert delicious.values["total_ratings"] == 413
    assert delicious.slug is None
    assert delicious.slug_candidate == "a3615"

    (version,) = delicious.versions
    assert version.version == "2.1.072"
    assert version.file.hash.startswith("sha256:3808b13e")
    assert version.file.status == FileStatus.PUBLIC
    # min and max are rows of applications.appversion.
    assert version.compatibility == {ApplicationChoices.FIREFOX: ("2.0", "4.0")}
    assert version.license.slug is None
    assert version.license.text == {"en-US": "bunch of crap"}
    assert version.release_notes["fr"].startswith("Quelque chose en français.")

    (author,) = delicious.authors
    assert (author.amo_id, author.role, author.email) == (
        55021,
        AuthorRole.OWNER,
        "del@icio.us",
    )
    assert sorted(delicious.categories[ApplicationChoices.FIREFOX]) == [
        "bookmarks",
        "feeds",
        "social",
    ]


def test_django_fixture_references_other_files(catalogue_dir: Path):
    parsed = read_files(discover([catalogue_dir / "amo-django-fixtures"]))
    file = next(
        f for f in parsed if f.path.name == "addons__addons__listed-two-versions.json"
    )
    (theme,) = file.records

    # Licence 5 is a stub here. The licences fixture of 2010 defines it as
    # built-in licence 1, the MPL 1.1 of the time.
    assert [version.version for version in theme.versions] == ["0", "0"]
    assert theme.versions[0].license == LicenseRef(
        name={"en-US": "Mozilla Public License 1.1"},
        url="https://spdx.org/licenses/MPL-1.1.html",
    )


def test_django_fixture_statuses(catalogue_dir: Path):
    parsed = read_files(discover([catalogue_dir / "amo-django-fixtures"]))
    by_position = {
        (file.path.name, record.amo_id): record
        for file in parsed
        for record in file.records
    }

    # 10 (purgatory, 2011) is hidden until resubmitted.
    approvals = by_position[("editors__base__approvals.json", 222197)]
    assert approvals.values["status"] == AddonStatus.INCOMPLETE
    # `inactive` of 2010 is today's disabled_by_user.
    listed = by_position[("amo__base__addons.json", 3723)]
    assert listed.values["disabled_by_user"] is True
    persona = by_position[("addons__addons__persona.json", 15663)]
    assert persona.values["type"] == AddonType.PERSONA
