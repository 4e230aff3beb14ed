"""The demo catalogue as `load_demo` writes it to the database and MEDIA_ROOT.

The catalogue is loaded once for the module, committed, and read by every
test. At its end the module flushes the database and creates the
reference rows again, as the `live_db` tests expect.
"""

import collections
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from amo.addons.icons import icon_path
from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.catalogue.demo.data import ADDONS
from amo.catalogue.demo.loader import LoadResult, data_digest, is_loaded, load_demo
from amo.catalogue.demo.models import DemoLoad
from amo.core.constants import (
    BUILTIN_LICENSES_BY_SLUG,
    ICON_SIZES,
    PREVIEW_IMAGE_SIZE,
    PREVIEW_THUMBNAIL_SIZE,
    AddonType,
    ApplicationChoices,
    Channel,
    PromotedCategory,
    listing_for_type,
)
from amo.core.reference import create_reference_data
from amo.files.models import File
from amo.search.models import SearchDocument
from amo.search.query import parse_query
from amo.users.models import User
from amo.versions.models import ApplicationsVersions, Version

# Locales whose translations the demo must show, besides en-US.
TRANSLATED_LOCALES = ("de", "fr", "es-ES", "ja", "pt-BR", "ar", "zh-CN")


@dataclass(frozen=True)
class Demo:
    result: LoadResult
    media_root: Path

    def path(self, name: str) -> Path:
        return self.media_root / name


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        # A test that flushed the database before this one took them away.
        create_reference_data()
        result = load_demo()
    yield Demo(result, media_root)
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        create_reference_data()


@pytest.fixture
def demo(demo_catalogue, django_db_blocker, settings) -> Iterator[Demo]:
    """The loaded catalogue, with database access and its MEDIA_ROOT."""
    settings.MEDIA_ROOT = demo_catalogue.media_root
    with django_db_blocker.unblock():
        yield demo_catalogue


def _host_is_demo(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "example.com" or host.endswith((".example.com", ".test"))


def test_fresh_database_is_not_loaded(reference_data):
    # Runs before the module's load. Its database marker also makes
    # pytest-django create the test databases when this module runs alone,
    # since the other tests reach the database through `demo` only.
    assert not is_loaded()
    assert not Addon.objects.exists()


def test_load_adds_every_addon(demo):
    assert demo.result.added == len(ADDONS)
    assert demo.result.present == 0
    assert Addon.objects.count() == len(ADDONS) >= 60
    assert is_loaded()
    marker = DemoLoad.objects.get()
    assert marker.data_digest == data_digest()
    assert marker.addons_added == len(ADDONS)


def test_counts_per_type(demo):
    stored = collections.Counter(Addon.objects.values_list("type", flat=True))
    expected = collections.Counter(addon.type for addon in ADDONS)
    assert stored == expected
    assert set(stored) == set(AddonType.values)
    assert stored[AddonType.EXTENSION] >= 25
    assert stored[AddonType.STATICTHEME] >= 10
    for legacy in (AddonType.THEME, AddonType.PERSONA):
        assert stored[legacy] >= 2


def test_addons_are_listed_and_public(demo):
    assert Addon.objects.listed().count() == len(ADDONS)
    assert not Addon.objects.filter(current_version__isnull=True).exists()


def test_categories_per_type_and_application(demo):
    used = collections.defaultdict(set)
    for addon in Addon.objects.prefetch_related("categories"):
        for category in addon.categories.all():
            used[(category.application, category.type)].add(category.slug)
            assert category.type == listing_for_type(addon.type).category_type

    firefox, android = ApplicationChoices.FIREFOX, ApplicationChoices.ANDROID
    assert len(used[(firefox, AddonType.EXTENSION)]) >= 14
    assert len(used[(firefox, AddonType.STATICTHEME)]) >= 10
    for single in (AddonType.DICTIONARY, AddonType.LANGUAGE, AddonType.SEARCH):
        assert used[(firefox, single)] == {"general"}
    assert len(used[(android, AddonType.EXTENSION)]) >= 5
    assert used[(android, AddonType.STATICTHEME)]


def test_icons_are_stored_and_hashed(demo):
    hashes = set()
    for addon in Addon.objects.all():
        digest = hashlib.sha256()
        for size in ICON_SIZES:
            path = demo.path(icon_path(addon.pk, size))
            with Image.open(path) as image:
                assert image.size == (size, size)
                assert image.mode == "RGBA"
            digest.update(path.read_bytes())
        assert addon.icon_hash == digest.hexdigest()[:8]
        hashes.add(addon.icon_hash)
    assert len(hashes) == len(ADDONS)


def test_previews_have_both_files_and_sizes(demo):
    counts = collections.Counter(Preview.objects.values_list("addon", flat=True))
    assert len(counts) == len(ADDONS)
    assert min(counts.values()) >= 2
    for preview in Preview.objects.all():
        expected = {
            "image": list(PREVIEW_IMAGE_SIZE),
            "thumbnail": list(PREVIEW_THUMBNAIL_SIZE),
        }
        assert preview.sizes == expected
        for field, size in (
            ("image", PREVIEW_IMAGE_SIZE),
            ("thumbnail", PREVIEW_THUMBNAIL_SIZE),
        ):
            name = getattr(preview, field).name
            assert name.startswith(f"previews/{preview.addon_id}/")
            with Image.open(demo.path(name)) as image:
                assert image.size == size


def test_captions_are_translated_like_the_addon(demo):
    addon = Addon.objects.get(slug="furigana-helper")
    caption = Preview.objects.filter(addon=addon).order_by("position").first().caption
    assert caption["ja"] == "ニュース記事にふりがなを表示"
    assert "en-US" in caption


def test_every_package_matches_its_file_row(demo):
    guids = dict(Addon.objects.values_list("pk", "guid"))
    names = {
        addon.pk: addon.name[addon.default_locale] for addon in Addon.objects.all()
    }
    files = File.objects.select_related("version").all()
    assert len(files) == Version.objects.count()
    for file in files:
        data = demo.path(file.file.name).read_bytes()
        version = file.version
        assert file.hash == "sha256:" + hashlib.sha256(data).hexdigest()
        assert file.size == len(data)
        assert file.filename == Path(file.file.name).name
        assert file.file.name.startswith(f"files/{version.addon_id}/")

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            manifest = json.loads(archive.read("manifest.json"))
        gecko = manifest["browser_specific_settings"]["gecko"]
        assert gecko["id"] == guids[version.addon_id]
        assert manifest["version"] == version.version
        assert manifest["name"] == names[version.addon_id]
        assert file.manifest_version == manifest["manifest_version"]
        assert file.permissions == manifest.get("permissions", [])
        assert file.host_permissions == manifest.get("host_permissions", [])


def test_versions_have_notes_licences_and_compatibility(demo):
    per_addon = collections.Counter(Version.objects.values_list("addon", flat=True))
    assert len(per_addon) == len(ADDONS)
    assert min(per_addon.values()) >= 2

    for version in Version.objects.select_related("license"):
        assert version.release_notes, version
        assert version.license.slug in BUILTIN_LICENSES_BY_SLUG
        assert version.reviewed > version.created

    firefox = ApplicationsVersions.objects.filter(
        application=ApplicationChoices.FIREFOX
    )
    android = ApplicationsVersions.objects.filter(
        application=ApplicationChoices.ANDROID
    )
    assert firefox.count() == Version.objects.count()
    assert android.values("version__addon").distinct().count() >= 10
    assert android.count() < firefox.count()


def test_version_dates_spread_over_years(demo):
    years = {
        created.year for created in Version.objects.values_list("created", flat=True)
    }
    assert min(years) <= 2010
    assert max(years) >= 2026
    assert len(years) >= 12


def test_current_version_is_newest_listed(demo):
    unlisted = Version.objects.filter(channel=Channel.UNLISTED)
    assert unlisted.exists()
    for addon in Addon.objects.select_related("current_version"):
        newest = (
            Version.objects.filter(addon=addon, channel=Channel.LISTED)
            .order_by("-created")
            .first()
        )
        assert addon.current_version == newest
        assert addon.last_updated == newest.created
        first = Version.objects.filter(addon=addon).order_by("created").first()
        assert addon.created == first.created
    assert not Addon.objects.filter(current_version__in=unlisted).exists()


def test_numbers_are_plausible(demo):
    users = list(Addon.objects.values_list("average_daily_users", flat=True))
    assert min(users) < 100
    assert max(users) > 1_000_000

    rated = Addon.objects.filter(total_ratings__gt=0)
    mean = sum(addon.average_rating for addon in rated) / rated.count()
    for addon in Addon.objects.all():
        assert addon.weekly_downloads >= 1
        assert addon.total_downloads >= addon.weekly_downloads
        assert addon.text_ratings_count <= addon.total_ratings
        # The bayesian rating lies between the add-on's and the mean rating.
        low, high = sorted((addon.average_rating, mean))
        assert low - 0.001 <= addon.bayesian_rating <= high + 0.001, addon.slug
    assert rated.count() >= len(ADDONS) - 3


def test_recommended_shelf_is_filled(demo):
    recommended = Addon.objects.filter(
        promoted=PromotedCategory.RECOMMENDED, type=AddonType.EXTENSION
    )
    assert recommended.count() >= 4
    assert Addon.objects.filter(
        promoted=PromotedCategory.RECOMMENDED, type=AddonType.STATICTHEME
    ).exists()


def test_authors_have_profiles(demo):
    authors_per_addon = collections.Counter(
        AddonUser.objects.values_list("addon", flat=True)
    )
    assert len(authors_per_addon) == len(ADDONS)
    assert sum(count >= 2 for count in authors_per_addon.values()) >= 5
    for user in User.objects.all():
        assert user.display_name
        assert user.biography
        assert not user.has_usable_password()
        assert not user.homepage or _host_is_demo(user.homepage)
    assert User.objects.exclude(homepage="").count() >= 10


def test_urls_tags_and_policies(demo):
    for addon in Addon.objects.all():
        for field in ("homepage", "support_url"):
            for url in getattr(addon, field).values():
                assert _host_is_demo(url), (addon.slug, url)
    assert Addon.objects.exclude(homepage={}).count() >= 5
    assert Addon.objects.exclude(support_url={}).count() >= 3
    assert Addon.objects.exclude(privacy_policy={}).count() >= 4
    assert Addon.objects.exclude(eula={}).count() >= 2
    assert Tag.objects.count() >= 40
    assert not Addon.objects.filter(tags__isnull=True).exists()


def test_translations_in_several_locales(demo):
    translated = collections.Counter()
    both = 0
    for addon in Addon.objects.all():
        other_names = set(addon.name) - {"en-US"}
        other_summaries = set(addon.summary) - {"en-US"}
        if other_names & other_summaries:
            both += 1
        translated.update(other_names & other_summaries)
    assert both >= 12
    for locale in TRANSLATED_LOCALES:
        assert translated[locale] >= 2, locale


def test_every_addon_is_searchable(demo):
    assert SearchDocument.objects.count() == Addon.objects.count()
    for words, slug in (("Tab Tamer", "tab-tamer"), ("Dompteur", "tab-tamer")):
        condition = parse_query(words).in_names
        found = Addon.objects.filter(search_document__names__fulltext=condition)
        assert slug in set(found.values_list("slug", flat=True)), words


def test_default_locales_other_than_english(demo):
    foreign = Addon.objects.exclude(default_locale="en-US")
    assert foreign.count() >= 5
    assert {addon.default_locale for addon in foreign} >= {"de", "ja", "ar", "pt-BR"}
    for addon in foreign:
        assert addon.default_locale in addon.name
        assert addon.sort_name == addon.name[addon.default_locale].lower()


def test_second_load_changes_nothing(demo):
    before = _snapshot(demo.media_root)

    result = load_demo()
    output = io.StringIO()
    call_command("load_demo", stdout=output)

    assert result.added == 0
    assert result.present == len(ADDONS)
    assert "already loaded" in output.getvalue()
    assert _snapshot(demo.media_root) == before
    assert DemoLoad.objects.count() == 1


def test_load_restores_a_deleted_addon(demo):
    ids_before = dict(Addon.objects.values_list("guid", "pk"))
    Addon.objects.get(slug="tiny-dungeon").delete()

    result = load_demo()

    restored = Addon.objects.get(slug="tiny-dungeon")
    assert result.added == 1
    assert result.present == len(ADDONS) - 1
    assert restored.pk != ids_before[restored.guid]
    assert Version.objects.filter(addon=restored).count() == 3
    assert Preview.objects.filter(addon=restored).count() == 3
    del ids_before[restored.guid]
    assert ids_before == dict(
        Addon.objects.exclude(pk=restored.pk).values_list("guid", "pk")
    )
    assert DemoLoad.objects.count() == 2
    assert DemoLoad.objects.last().addons_added == 1


def _snapshot(media_root: Path) -> dict[str, object]:
    """Every demo row and media file, to compare two states of the demo."""
    rows = {}
    for model in (
        Addon,
        Addon.categories.through,
        Addon.tags.through,
        AddonUser,
        Category,
        DemoLoad,
        File,
        Preview,
        Tag,
        User,
        Version,
        ApplicationsVersions,
    ):
        rows[model._meta.db_table] = list(model.objects.order_by("pk").values())
    files = {
        str(path.relative_to(media_root)): (
            path.stat().st_size,
            path.stat().st_mtime_ns,
        )
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    return {"rows": rows, "files": files}


def test_demo_author_gets_a_lasting_password(demo, settings, tmp_path):
    from amo.catalogue.management.commands.demo import demo_author_login

    settings.VAR_DIR = tmp_path
    email, password = demo_author_login()

    author = User.objects.get(email=email)
    addons_per_author = collections.Counter(
        AddonUser.objects.values_list("user_id", flat=True)
    )
    assert author.addonusers.count() == max(addons_per_author.values())
    assert author.check_password(password)
    assert author.email_confirmed is not None
    assert author.is_active
    assert (tmp_path / "demo-password").stat().st_mode & 0o777 == 0o600
    # A second start prints the same password, and it still works.
    assert demo_author_login() == (email, password)
    author.refresh_from_db()
    assert author.check_password(password)
