"""Value parsing, version ordering and the enumeration tables."""

import datetime

import pytest

from amo.catalogue.importer import mappings
from amo.catalogue.importer.merge import slugify
from amo.catalogue.importer.records import LicenseRef
from amo.catalogue.importer.relations import tag_key
from amo.catalogue.importer.values import (
    AMO_2010_TIMEZONE,
    hash_from_sri,
    parse_datetime,
    parse_int,
    site_translations,
)
from amo.core.constants import (
    ADDON_STATUS_API_NAMES,
    ADDON_TYPE_API_NAMES,
    AddonStatus,
    AddonType,
    FileStatus,
)
from amo.core.versions import compare_versions


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.0", "1.0.1"),
        ("1.0pre1", "1.0"),
        ("1.0a", "1.0b"),
        ("1.0b1", "1.0b2"),
        ("1.9", "1.10"),
        ("2.1.1", "2.1.072"),
        ("1.1a", "1.1"),
        ("999", "*"),
        ("4.2", "4.1320"),
    ],
)
def test_version_order(older, newer):
    assert compare_versions(older, newer) == -1
    assert compare_versions(newer, older) == 1


@pytest.mark.parametrize(("left", "right"), [("1", "1.0.0"), ("1+", "2pre")])
def test_version_equal(left, right):
    assert compare_versions(left, right) == 0


def test_hash_from_sri():
    sri = "sha256-Lm6knCtCVRyffYg12gTa30xR6FAJWr46pXS84aBUFXM="
    expected = "sha256:2e6ea49c2b42551c9f7d8835da04dadf4c51e850095abe3aa574bce1a0541573"

    assert hash_from_sri(sri) == expected
    assert hash_from_sri(expected.upper().replace("SHA256", "sha256")) == expected
    assert hash_from_sri("md5:0123") is None
    assert hash_from_sri("sha256-not base64") is None


def test_parse_datetime_reads_2010_times_in_california():
    winter = parse_datetime("2009-01-27 14:09:46", AMO_2010_TIMEZONE)
    summer = parse_datetime("2009-05-11 22:06:47", AMO_2010_TIMEZONE)

    assert winter == datetime.datetime(2009, 1, 27, 22, 9, 46, tzinfo=datetime.UTC)
    assert summer == datetime.datetime(2009, 5, 12, 5, 6, 47, tzinfo=datetime.UTC)
    assert parse_datetime("2019-10-24T09:28:41Z") == datetime.datetime(
        2019, 10, 24, 9, 28, 41, tzinfo=datetime.UTC
    )
    assert parse_datetime("yesterday") is None


def test_parse_int_reads_float_counts():
    assert parse_int("749.0") == 749
    assert parse_int("1,024") == 1024
    assert parse_int("4.5") is None
    assert parse_int(True) is None


def test_site_translations_prefers_exact_locales():
    dropped: set[str] = set()
    texts = site_translations(
        {
            "en-GB": "Colour",
            "en-US": "Color",
            "es": "Color ES",
            "tr": "Renk",
            "de": " ",
        },
        dropped,
    )

    # en-GB falls back to en-US, but the exact en-US text wins.
    assert texts == {"en-US": "Color", "es-ES": "Color ES"}
    assert dropped == {"tr"}


def test_type_and_status_tables_cover_the_api_names():
    assert {mappings.API_TYPES[name] for name in ADDON_TYPE_API_NAMES.values()} == set(
        AddonType
    )
    assert {
        mappings.API_ADDON_STATUSES[name] for name in ADDON_STATUS_API_NAMES.values()
    } == set(AddonStatus)
    assert mappings.API_FILE_STATUSES == {
        "public": FileStatus.PUBLIC,
        "disabled": FileStatus.DISABLED,
        "unreviewed": FileStatus.UNREVIEWED,
    }


def test_legacy_tables():
    assert mappings.LEGACY_TYPES[1] == AddonType.EXTENSION
    assert mappings.LEGACY_TYPES[9] == AddonType.PERSONA
    assert 7 not in mappings.LEGACY_TYPES
    assert mappings.LEGACY_ADDON_STATUSES[1] == AddonStatus.NOMINATED
    assert mappings.LEGACY_ADDON_STATUSES[11] == AddonStatus.DELETED
    assert mappings.LEGACY_FILE_STATUSES[7] == FileStatus.PUBLIC
    assert mappings.LEGACY_FILE_STATUSES[5] == FileStatus.DISABLED


def test_legacy_license_numbers():
    assert mappings.legacy_license_slug(3, "") == "GPL-3.0-or-later"
    assert (
        mappings.legacy_license_slug(1, "http://www.mozilla.org/MPL/2.0/") == "MPL-2.0"
    )
    assert mappings.legacy_license_slug(1, "") == "MPL-1.1"
    assert mappings.legacy_license_slug(0, "") is None


def test_license_names():
    assert mappings.license_from_name("MIT License") == LicenseRef(slug="MIT")
    assert mappings.license_from_name("Creative Commons Attribution 3.0") == (
        LicenseRef(slug="CC-BY-3.0")
    )
    assert mappings.license_from_name("Friendly License") == LicenseRef(
        name={"en-US": "Friendly License"}
    )


@pytest.mark.parametrize(
    ("slug", "addon_type", "expected"),
    [
        ("privacy-security", AddonType.EXTENSION, "privacy-security"),
        ("security-privacy", AddonType.EXTENSION, "privacy-security"),
        ("feeds", AddonType.EXTENSION, "feeds-news-blogging"),
        ("toolbars", AddonType.EXTENSION, None),
        ("abstract", AddonType.STATICTHEME, "abstract"),
        ("abstract", AddonType.EXTENSION, None),
    ],
)
def test_category_slugs(slug, addon_type, expected):
    assert mappings.category_slug(slug, addon_type) == expected


def test_slugify():
    assert slugify("dictionnaire-français1") == "dictionnaire-francais1"
    assert slugify("'Improve YouTube!'  🎧 (For YouTube & Video)") == (
        "improve-youtube-for-youtube-video"
    )
    assert slugify("日本語") == ""


def test_tag_key_folds_case_and_accents():
    assert tag_key("Café") == tag_key("cafe")
    assert tag_key("SEO") == "seo"
