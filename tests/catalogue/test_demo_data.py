"""The demo data, its drawings and its packages, without a full load."""

import dataclasses
import datetime
import io
import json
import zipfile
from urllib.parse import urlsplit

import pytest
from PIL import Image

from amo.addons.models import Preview
from amo.catalogue.demo.data import ADDONS, USERS
from amo.catalogue.demo.drawing.icons import GLYPHS, SHAPES, draw_icon
from amo.catalogue.demo.drawing.screens import draw_screenshot, draw_theme_preview
from amo.catalogue.demo.loader import (
    DemoDataError,
    _save_file,
    catalogue_numbers,
    check_catalogue,
    data_digest,
    load_demo,
)
from amo.catalogue.demo.packages import (
    build_package,
    compatibility,
    firefox_version_at,
    package_icons,
)
from amo.catalogue.demo.schema import Artwork, texts
from amo.core.constants import PREVIEW_IMAGE_SIZE, AddonType
from tests.factories import AddonFactory

ADDONS_BY_SLUG = {addon.slug: addon for addon in ADDONS}


def _demo_host(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "example.com" or host.endswith((".example.com", ".test"))


def test_shipped_data_is_consistent():
    check_catalogue(ADDONS, USERS)


def test_catalogue_has_every_type():
    types = {addon.type for addon in ADDONS}
    assert len(ADDONS) >= 60
    assert types == set(AddonType.values)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "quiet-corner"}, "the slug is used twice"),
        ({"guid": "QUIET-CORNER@DEMO.AMO.TEST"}, "is used twice"),
        ({"authors": ("nobody-at-all",)}, "nobody-at-all"),
        ({"authors": ()}, "no authors"),
        ({"default_locale": "ja"}, "no name in its default locale"),
        ({"license": "WTFPL"}, "licence 'WTFPL' is not built in"),
        ({"rating": 5.5}, "not in 0-5"),
        ({"artwork": Artwork("blob", "star", ("000000",) * 3)}, "shape 'blob'"),
        ({"artwork": Artwork("circle", "日本", ("000000",) * 3)}, "glyph"),
        ({"artwork": Artwork("circle", "star", ("red", "0", "0"))}, "'red'"),
        ({"theme": None, "type": AddonType.STATICTHEME}, "needs its ThemeLook"),
    ],
)
def test_check_catalogue_rejects_bad_data(change, message):
    good = ADDONS_BY_SLUG["tab-tamer"]
    other = dataclasses.replace(
        ADDONS_BY_SLUG["quiet-corner"], guid="quiet-corner@demo.amo.test"
    )
    bad = dataclasses.replace(good, **change)
    with pytest.raises(DemoDataError, match=message):
        check_catalogue([other, bad], USERS)


def test_check_catalogue_needs_a_listed_version():
    addon = ADDONS_BY_SLUG["tab-tamer"]
    unlisted = tuple(
        dataclasses.replace(version, listed=False) for version in addon.versions
    )
    with pytest.raises(DemoDataError, match="no listed version"):
        check_catalogue([dataclasses.replace(addon, versions=unlisted)], USERS)


def test_check_catalogue_rejects_repeated_version():
    addon = ADDONS_BY_SLUG["tab-tamer"]
    repeated = (*addon.versions, addon.versions[0])
    with pytest.raises(DemoDataError, match="version number is used twice"):
        check_catalogue([dataclasses.replace(addon, versions=repeated)], USERS)


def test_numbers_of_an_addon_without_ratings():
    unrated = dataclasses.replace(ADDONS_BY_SLUG["hover-notes"], users=0)
    rated = ADDONS_BY_SLUG["tab-tamer"]

    numbers = catalogue_numbers([unrated, rated])

    assert numbers["hover-notes"].total_ratings == 0
    assert numbers["hover-notes"].average_rating == 0
    assert numbers["hover-notes"].weekly_downloads == 1
    # With nothing of its own, the bayesian rating is the catalogue's mean.
    assert numbers["hover-notes"].bayesian_rating == rated.rating
    assert numbers["tab-tamer"].bayesian_rating == rated.rating


def test_urls_point_at_demo_hosts():
    for addon in ADDONS:
        for url in (addon.homepage, addon.support_url, addon.contributions_url):
            if url:
                assert _demo_host(url), (addon.slug, url)
        if addon.search_url:
            assert _demo_host(addon.search_url), addon.slug
        for permission in addon.host_permissions:
            if "://" in permission and permission != "<all_urls>":
                assert _demo_host(permission.replace("*", "x")), permission
    for user in USERS:
        assert not user.homepage or _demo_host(user.homepage), user.username
        assert user.email.endswith("@demo.example.com")


def test_data_digest_names_the_edition():
    changed = (dataclasses.replace(ADDONS[0], users=ADDONS[0].users + 1), *ADDONS[1:])
    assert data_digest() == data_digest(ADDONS, USERS)
    assert len(data_digest()) == 64
    assert data_digest(changed, USERS) != data_digest()


@pytest.mark.parametrize(
    ("day", "version"),
    [
        ("2010-03-01", 57),
        ("2017-11-14", 57),
        ("2020-06-30", 78),
        ("2022-05-03", 100),
        ("2023-07-04", 115),
        ("2025-06-24", 140),
        ("2025-07-22", 141),
    ],
)
def test_firefox_version_at(day, version):
    assert firefox_version_at(datetime.date.fromisoformat(day)) == version


def test_language_pack_supports_one_firefox():
    addon = ADDONS_BY_SLUG["sprachpaket-deutsch"]
    version = next(v for v in addon.versions if v.version == "140.0")
    ranges = compatibility(addon, version)
    assert ranges.firefox == ("140.0", "140.*")
    assert ranges.android is None


def test_android_support_starts_in_august_2020():
    addon = ADDONS_BY_SLUG["quiet-corner"]
    old, *_, new = sorted(addon.versions, key=lambda version: version.released)
    assert compatibility(addon, old).android is None
    current = firefox_version_at(new.released.date())
    assert compatibility(addon, new).android == (f"{current - 12}.0", "*")


def test_drawings_are_deterministic():
    addon = ADDONS_BY_SLUG["tab-tamer"]
    theme = ADDONS_BY_SLUG["midnight-tide"]
    icon = draw_icon(addon.artwork)

    assert draw_icon(addon.artwork).tobytes() == icon.tobytes()
    first = draw_screenshot(addon, 1, icon)
    assert first.size == PREVIEW_IMAGE_SIZE
    assert draw_screenshot(addon, 1, icon).tobytes() == first.tobytes()
    assert draw_screenshot(addon, 2, icon).tobytes() != first.tobytes()
    preview = draw_theme_preview(theme, 0)
    assert preview.size == PREVIEW_IMAGE_SIZE
    assert draw_theme_preview(theme, 0).tobytes() == preview.tobytes()


@pytest.mark.parametrize("glyph", sorted(GLYPHS))
def test_every_glyph_draws_ink(glyph):
    icon = draw_icon(Artwork("square", glyph, ("000000", "000000", "ffffff")))
    # The outline is black, so white pixels are the glyph's.
    ink = icon.convert("L").histogram()[255]
    area = icon.size[0] * icon.size[1]
    assert 0.03 * area < ink < 0.3 * area


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_fills_most_of_the_icon(shape):
    icon = draw_icon(Artwork(shape, "check", ("000000", "000000", "ffffff")))
    covered = icon.getchannel("A").histogram()[255]
    area = icon.size[0] * icon.size[1]
    assert 0.45 * area < covered < area


def _manifest(data: bytes) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return json.loads(archive.read("manifest.json")), archive


def test_every_package_is_valid_and_reproducible():
    for addon in ADDONS:
        icons = package_icons(draw_icon(addon.artwork))
        names = texts(addon.name, addon.default_locale)
        for version in addon.versions:
            package = build_package(addon, version, icons)
            again = build_package(addon, version, icons)
            manifest, archive = _manifest(package.data)

            assert again.data == package.data, (addon.slug, version.version)
            assert package.filename == f"{addon.slug}-{version.version}.xpi"
            assert manifest == package.manifest
            assert manifest["browser_specific_settings"]["gecko"]["id"] == addon.guid
            assert manifest["version"] == version.version
            assert manifest["name"] == names[addon.default_locale]
            assert manifest["manifest_version"] in (2, 3)
            for path in manifest.get("icons", {}).values():
                assert path in archive.namelist()


def _package(slug: str) -> tuple[dict, zipfile.ZipFile]:
    addon = ADDONS_BY_SLUG[slug]
    icons = package_icons(draw_icon(addon.artwork))
    return _manifest(build_package(addon, addon.versions[-1], icons).data)


def test_theme_package_has_colours_and_header():
    manifest, archive = _package("midnight-tide")
    header = manifest["theme"]["images"]["theme_frame"]
    image = Image.open(io.BytesIO(archive.read(header)))
    assert manifest["theme"]["colors"]["frame"] == "#1d1b4b"
    assert image.size == (1200, 200)


def test_dictionary_package_has_hunspell_files():
    manifest, archive = _package("deutsches-woerterbuch")
    dic = manifest["dictionaries"]["de-DE"]
    words = archive.read(dic).decode().splitlines()
    assert dic.replace(".dic", ".aff") in archive.namelist()
    assert int(words[0]) == len(words) - 1
    assert "Straße" in words


def test_language_pack_package_declares_its_language():
    manifest, archive = _package("nihongo-gengo-pakku")
    assert manifest["langpack_id"] == "ja"
    assert "ja" in manifest["languages"]
    ftl = archive.read("browser/localization/ja/browser/langpack.ftl").decode()
    assert "日本語" in ftl


def test_search_engine_package_declares_its_provider():
    manifest, _ = _package("recipe-box-search")
    provider = manifest["chrome_settings_overrides"]["search_provider"]
    assert (
        provider["search_url"] == "https://recipes.example.com/search?q={searchTerms}"
    )
    assert provider["keyword"] == "@recipes"


def test_extension_manifest_version_follows_date():
    addon = ADDONS_BY_SLUG["tab-tamer"]
    icons = package_icons(draw_icon(addon.artwork))
    by_number = {version.version: version for version in addon.versions}
    old = build_package(addon, by_number["1.4"], icons).manifest
    new = build_package(addon, by_number["2.1.3"], icons).manifest
    assert old["manifest_version"] == 2
    assert "browser_action" in old
    assert new["manifest_version"] == 3
    assert "action" in new


def test_save_file_replaces_a_stale_file(settings):
    preview = Preview(addon_id=4242, position=0)
    stale = settings.MEDIA_ROOT / "previews" / "4242" / "1.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left by an interrupted load")

    _save_file(preview, preview.image, "1.png", b"new bytes")

    assert preview.image.name == "previews/4242/1.png"
    assert stale.read_bytes() == b"new bytes"
    assert sorted(path.name for path in stale.parent.iterdir()) == ["1.png"]


def test_load_rejects_a_slug_taken_by_another_addon(reference_data):
    AddonFactory(slug="tab-tamer", guid="someone-else@example.com")
    with pytest.raises(DemoDataError, match=r"slug 'tab-tamer'.*someone-else"):
        load_demo()

    from amo.addons.models import Addon
    from amo.catalogue.demo.models import DemoLoad

    assert Addon.objects.count() == 1
    assert not DemoLoad.objects.exists()
