"""Importing into the database: rows written, reruns, reports, the command."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from amo.addons.models import Addon, AddonUser, Preview, Tag
from amo.catalogue.importer.run import import_catalogue
from amo.catalogue.importer.versions import package_filename
from amo.catalogue.importer.writer import ID_HELD
from amo.core.constants import AddonStatus, ApplicationChoices, AuthorRole, FileStatus
from amo.files.models import File
from amo.users.models import User
from amo.versions.models import ApplicationsVersions, License, Version
from tests.factories import AddonFactory, UserFactory

# Transactional: the repository's test settings give every database test
# the `replica` alias too, and on SQLite a second open transaction on the
# same file would wait for the first one's lock.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference_rows(reference_data) -> None:
    """Categories and built-in licences, which each test's flush removes."""


CSV_HEADER = '"guid","localized_string","URL"\n'


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = [
        CSV_HEADER,
        *(",".join(f'"{value}"' for value in row) + "\n" for row in rows),
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def nix_entry(guid: str, slug: str, version: str, **meta: object) -> dict:
    return {
        "pname": slug,
        "version": version,
        "url": f"https://addons.mozilla.org/firefox/downloads/file/1/{slug}-{version}.xpi",
        "hash": "sha256-Lm6knCtCVRyffYg12gTa30xR6FAJWr46pXS84aBUFXM=",
        "addonId": guid,
        "meta": {"permissions": ["tabs"], "requiresPayment": False, **meta},
    }


def api_addon(**fields: object) -> dict:
    addon = {
        "id": 607454,
        "guid": "uBlock0@raymondhill.net",
        "slug": "ublock-origin",
        "type": "extension",
        "status": "public",
        "default_locale": "en-US",
        "name": {"en-US": "uBlock Origin", "de": "uBlock Origin", "tr": "uBlock"},
        "summary": {"en-US": "An efficient blocker."},
        "authors": [{"id": 11423598, "name": "Raymond Hill", "username": "gorhill"}],
        "average_daily_users": 5000000,
        "weekly_downloads": 120000,
        "ratings": {"average": 4.7, "bayesian_average": 4.69, "count": 9930},
        "categories": {
            "firefox": ["privacy-security"],
            "android": ["security-privacy"],
        },
        "tags": ["Privacy", "ad blocker"],
        "created": "2015-04-25T07:26:22Z",
        "last_updated": "2021-02-04T12:05:14Z",
        "icon_url": "https://addons.cdn.mozilla.net/user-media/addon_icons/607/607454-64.png",
        "previews": [
            {
                "caption": {"en-US": "Popup"},
                "image_url": "https://addons.cdn.mozilla.net/previews/full/1.png",
                "thumbnail_url": "https://addons.cdn.mozilla.net/previews/thumbs/1.png",
                "image_size": [1011, 758],
                "thumbnail_size": [640, 480],
            }
        ],
        "current_version": {
            "version": "1.33.2",
            "compatibility": {"firefox": {"min": "57.0", "max": "*"}},
            "license": {"is_custom": False, "slug": "GPL-3.0-or-later"},
            "files": [
                {
                    "hash": "sha256:" + "ab" * 32,
                    "size": 2742973,
                    "status": "public",
                    "url": "https://addons.mozilla.org/firefox/downloads/file/3719054/"
                    "ublock_origin-1.33.2-an+fx.xpi?src=",
                    "created": "2021-02-01T14:04:16Z",
                    "permissions": ["dns", "<all_urls>"],
                }
            ],
        },
    }
    addon.update(fields)
    return {"count": 1, "next": None, "previous": None, "results": [addon]}


@pytest.fixture
def small_catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    write_csv(
        folder / "addons.csv",
        [
            (
                "{F33233B3-EDB1-41f4-8482-917AB190E647}",
                "Add Bookmark Here",
                "https://addons.mozilla.org/addon/11",
            ),
            (
                "UBLOCK0@raymondhill.net",
                "µBlock",
                "https://addons.mozilla.org/addon/607454",
            ),
            ("NULL", "Search Engine", "https://addons.mozilla.org/addon/412210"),
            (
                "toolbar@example.com",
                "Some Toolbar",
                "https://www.example.com/remove-it",
            ),
        ],
    )
    write_json(
        folder / "nix.json",
        [
            nix_entry(
                "uBlock0@raymondhill.net",
                "ublock-origin",
                "1.62.0",
                license="GPL-3.0-only",
                categories=["privacy-security"],
                tags=["privacy", "security"],
                description="Finally, an efficient blocker.",
            )
        ],
    )
    write_json(folder / "api.json", api_addon())
    (folder / "README.md").write_text("Not data.", encoding="utf-8")
    return folder


def test_small_catalogue_rows(small_catalogue: Path):
    result = import_catalogue([small_catalogue])

    assert result.stats.addons.created == 3
    assert Addon.objects.count() == 3
    ublock = Addon.objects.get(guid_key="ublock0@raymondhill.net")
    # The 2025 list is the newest source of the summary. The 2021 API object
    # is the newest with a name, so "µBlock" of 2013 loses.
    assert ublock.name == {"en-US": "uBlock Origin", "de": "uBlock Origin"}
    assert ublock.summary == {"en-US": "Finally, an efficient blocker."}
    assert (ublock.amo_id, ublock.slug, ublock.status) == (
        607454,
        "ublock-origin",
        AddonStatus.PUBLIC,
    )
    assert ublock.sort_name == "ublock origin"
    assert ublock.icon_hash == ""
    assert ublock.icon_source_url.endswith("/607454-64.png")
    assert ublock.average_daily_users == 5000000

    versions = {version.version: version for version in ublock.versions.all()}
    assert set(versions) == {"1.33.2", "1.62.0"}
    assert ublock.current_version == versions["1.62.0"]
    file = versions["1.33.2"].file
    assert file.filename == "ublock_origin-1.33.2-an+fx.xpi"
    assert file.hash == "sha256:" + "ab" * 32
    assert file.status == FileStatus.PUBLIC
    assert not file.file
    assert not file.is_downloadable
    assert file.source_url.startswith("https://addons.mozilla.org/firefox/downloads/")
    assert file.permissions == ["dns", "<all_urls>"]
    assert list(
        versions["1.33.2"].compatible_apps.values_list("application", "min", "max")
    ) == [(ApplicationChoices.FIREFOX, "57.0", "*")]
    assert versions["1.33.2"].license.slug == "GPL-3.0-or-later"
    assert versions["1.62.0"].license.slug is None
    assert versions["1.62.0"].license.name == {
        "en-US": "GNU General Public License v3.0 only"
    }

    # The nix list is newer than the API object, so its sets win.
    assert sorted(ublock.tags.values_list("tag_text", flat=True)) == [
        "privacy",
        "security",
    ]
    assert list(ublock.categories.values_list("application", "slug")) == [
        (ApplicationChoices.FIREFOX, "privacy-security")
    ]
    (preview,) = ublock.previews.all()
    assert preview.image_source_url.endswith("/full/1.png")
    assert not preview.image
    assert preview.sizes == {"image": [1011, 758], "thumbnail": [640, 480]}

    (author,) = AddonUser.objects.filter(addon=ublock)
    assert author.role == AuthorRole.OWNER
    assert (author.user.amo_id, author.user.username, author.user.email) == (
        11423598,
        "gorhill",
        "amo-user-11423598@users.invalid",
    )
    assert not author.user.has_usable_password()

    # The row with guid NULL is listed by its AMO id alone.
    engine = Addon.objects.get(amo_id=412210)
    assert engine.guid is None
    assert engine.slug == "search-engine"


def test_non_amo_addons_are_reported(small_catalogue: Path):
    result = import_catalogue([small_catalogue])

    assert not Addon.objects.filter(guid_key="toolbar@example.com").exists()
    (report,) = [r for r in result.skipped if "not distributed" in r.reason]
    assert report.path == small_catalogue / "addons.csv"
    assert report.position == "line 5"


def test_second_run_updates_without_duplicates(small_catalogue: Path):
    import_catalogue([small_catalogue])
    counts = (Addon.objects.count(), Version.objects.count(), File.objects.count())

    again = import_catalogue([small_catalogue])

    assert (again.stats.addons.created, again.stats.addons.updated) == (0, 0)
    assert again.stats.versions.created == 0
    assert (
        Addon.objects.count(),
        Version.objects.count(),
        File.objects.count(),
    ) == counts
    assert User.objects.count() == 1
    assert Tag.objects.count() == 2
    assert Preview.objects.count() == 1
    assert ApplicationsVersions.objects.count() == 1
    assert AddonUser.objects.count() == 1


def test_second_run_applies_changed_values(small_catalogue: Path):
    import_catalogue([small_catalogue])
    write_json(
        small_catalogue / "nix.json",
        [
            nix_entry(
                "uBlock0@raymondhill.net",
                "ublock-origin",
                "1.63.0",
                categories=["privacy-security", "other"],
                tags=["privacy"],
            )
        ],
    )
    write_json(
        small_catalogue / "api.json",
        api_addon(average_daily_users=6000000, authors=[], previews=[]),
    )

    result = import_catalogue([small_catalogue])

    assert result.stats.addons.created == 0
    assert result.stats.addons.updated == 1
    assert Addon.objects.count() == 3
    ublock = Addon.objects.get(guid_key="ublock0@raymondhill.net")
    assert ublock.average_daily_users == 6000000
    assert ublock.current_version.version == "1.63.0"
    # Versions are never removed; the new one is added.
    assert sorted(ublock.versions.values_list("version", flat=True)) == [
        "1.33.2",
        "1.62.0",
        "1.63.0",
    ]
    assert list(ublock.tags.values_list("tag_text", flat=True)) == ["privacy"]
    assert sorted(ublock.categories.values_list("slug", flat=True)) == [
        "other",
        "privacy-security",
    ]
    assert not ublock.previews.exists()


def test_rerun_clears_the_caches(small_catalogue: Path):
    from amo.addons.queries import ADDON_CARD_KIND, listed_addons
    from amo.core.cache import objects, querycache
    from amo.core.cache.backends import default_cache

    import_catalogue([small_catalogue])
    # The import cleared the caches it wrote to; start from empty ones.
    default_cache().clear()
    ublock = Addon.objects.get(guid_key="ublock0@raymondhill.net")
    users = listed_addons().filter(pk=ublock.pk).values_list("average_daily_users")
    listing = {"users": querycache.Rows(users)}
    # Sync readers, such as Celery jobs, fill the caches through the bridge.
    cached = objects.get_many(ADDON_CARD_KIND, [ublock.pk])[ublock.pk]
    assert cached.average_daily_users == 5000000
    assert querycache.fetch(listing)["users"] == [(5000000,)]

    write_json(
        small_catalogue / "api.json", api_addon(average_daily_users=10, authors=[])
    )
    import_catalogue([small_catalogue])

    card = objects.get_many(ADDON_CARD_KIND, [ublock.pk])[ublock.pk]
    assert card.average_daily_users == 10
    assert querycache.fetch(listing)["users"] == [(10,)]


def test_dry_run_clears_nothing(small_catalogue: Path):
    from amo.addons.queries import ADDON_CARD_KIND
    from amo.core.cache import objects
    from amo.core.cache.backends import default_cache

    import_catalogue([small_catalogue])
    default_cache().clear()
    ublock = Addon.objects.get(guid_key="ublock0@raymondhill.net")
    objects.get_many(ADDON_CARD_KIND, [ublock.pk])

    import_catalogue([small_catalogue], dry_run=True)

    stored = default_cache().get(ADDON_CARD_KIND.key(ublock.pk))
    assert stored is not None
    assert type(stored) is not int, "the dry run left a tombstone"


def test_broken_records_are_reported_and_the_rest_loads(tmp_path: Path):
    csv_path = write_csv(
        tmp_path / "list.csv",
        [
            ("one@example.com", "One", "https://addons.mozilla.org/addon/1001"),
            ("two@example.com", "Two", "https://addons.mozilla.org/addon/1002"),
        ],
    )
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write('"broken@example.com","Only two columns"\n')
        handle.write(
            '"three@example.com","Three","https://addons.mozilla.org/addon/1003"\n'
        )
    write_json(
        tmp_path / "nix.json",
        [nix_entry("one@example.com", "one", "1.0"), {"meta": {}}],
    )
    (tmp_path / "bad.json").write_text('{"results": [', encoding="utf-8")

    result = import_catalogue([tmp_path])

    assert sorted(Addon.objects.values_list("guid", flat=True)) == [
        "one@example.com",
        "three@example.com",
        "two@example.com",
    ]
    reports = {(r.path.name, r.position, r.reason) for r in result.skipped}
    assert reports == {
        ("list.csv", "line 4", "row does not have 3 columns"),
        ("nix.json", "index 1", "entry has neither addonId nor pname"),
        ("bad.json", "file", "file is not valid JSON"),
    }
    assert Version.objects.get(addon__guid="one@example.com").version == "1.0"


def test_stored_addon_keeps_its_amo_id(tmp_path: Path):
    AddonFactory(guid="other@example.com", amo_id=1001, slug="other")
    write_csv(
        tmp_path / "list.csv",
        [("one@example.com", "One", "https://addons.mozilla.org/addon/1001")],
    )

    result = import_catalogue([tmp_path])

    one = Addon.objects.get(guid_key="one@example.com")
    assert one.amo_id is None
    assert [r.reason for r in result.dropped] == [ID_HELD]


def test_guidless_stored_addon_joins_by_id(tmp_path: Path):
    stored = AddonFactory(guid=None, amo_id=1001, slug="one-stored")
    write_csv(
        tmp_path / "list.csv",
        [("one@example.com", "One", "https://addons.mozilla.org/addon/1001")],
    )

    import_catalogue([tmp_path])

    stored.refresh_from_db()
    assert (stored.guid, stored.guid_key, stored.name) == (
        "one@example.com",
        "one@example.com",
        {"en-US": "One"},
    )
    # The stored slug stays; the list has no AMO slug to replace it with.
    assert stored.slug == "one-stored"
    assert Addon.objects.count() == 1


def test_stored_amo_id_survives_sources_without(tmp_path: Path):
    stored = AddonFactory(guid="one@example.com", amo_id=77, slug="one")
    # A row with a guid and a name but no AMO URL.
    write_csv(tmp_path / "list.csv", [("ONE@example.com", "One renamed", "")])

    result = import_catalogue([tmp_path])

    stored.refresh_from_db()
    assert result.stats.addons.updated == 1
    assert stored.amo_id == 77
    assert stored.guid == "ONE@example.com"
    assert stored.name == {"en-US": "One renamed"}


def test_users_get_free_emails_and_usernames(tmp_path: Path):
    UserFactory(username="gorhill", email="someone@example.com")
    write_json(tmp_path / "api.json", api_addon())

    import_catalogue([tmp_path])

    imported = User.objects.get(amo_id=11423598)
    assert imported.username == "amo-user-11423598"
    assert imported.display_name == "Raymond Hill"


def test_tags_fold_case_and_accents(tmp_path: Path):
    write_json(
        tmp_path / "nix.json",
        [
            nix_entry("one@example.com", "one", "1.0", tags=["Café"]),
            nix_entry("two@example.com", "two", "1.0", tags=["cafe"]),
        ],
    )
    write_csv(
        tmp_path / "list.csv",
        [
            ("one@example.com", "One", "https://addons.mozilla.org/addon/1001"),
            ("two@example.com", "Two", "https://addons.mozilla.org/addon/1002"),
        ],
    )

    import_catalogue([tmp_path])

    (tag,) = Tag.objects.all()
    assert tag.tag_text == "café"
    assert tag.addons.count() == 2


def test_dry_run_saves_nothing(small_catalogue: Path):
    result = import_catalogue([small_catalogue], dry_run=True)

    assert result.stats.addons.created == 3
    assert not Addon.objects.exists()
    assert not License.objects.filter(slug__isnull=True).exists()


def test_command_output(small_catalogue: Path, tmp_path: Path):
    out = StringIO()
    report_path = tmp_path / "reports.csv"

    call_command(
        "import_catalogue",
        str(small_catalogue),
        "--report",
        str(report_path),
        stdout=out,
    )

    output = out.getvalue()
    assert "Reading 3 files" in output
    assert f"  {small_catalogue / 'addons.csv'}: telemetry-csv, 4 records" in output
    assert "  add-ons:           3 created, 0 updated, 0 unchanged" in output
    assert "  listings:          3 (public add-ons)" in output
    assert "  records merged:    2 (joined to another record's add-on)" in output
    assert "  records reported:  1 (not used)" in output
    assert "       1  add-on is not distributed through addons.mozilla.org" in output
    assert (
        f"{small_catalogue / 'addons.csv'}:line 5 (guid toolbar@example.com)" in output
    )
    lines = report_path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,position,level,reason,detail"
    assert len(lines) == 1 + 2  # the skipped record and the dropped locale


def test_command_rejects_missing_path(tmp_path: Path):
    with pytest.raises(CommandError, match="is neither a file nor a directory"):
        call_command("import_catalogue", str(tmp_path / "missing"), stdout=StringIO())


def test_file_names_keep_their_last_segment(tmp_path: Path):
    entry = nix_entry("mime@example.com", "mime", "1.32")
    entry["url"] = (
        "https://addons.mozilla.org/firefox/downloads/file/1/gmail%2Fmime-1.32-fx.xpi"
    )
    write_json(tmp_path / "nix.json", [entry])
    rows = [("mime@example.com", "MIME", "https://addons.mozilla.org/addon/4321")]
    write_csv(tmp_path / "amo-addons.csv", rows)

    import_catalogue([tmp_path])

    file = File.objects.get(version__addon__guid_key="mime@example.com")
    assert file.filename == "mime-1.32-fx.xpi"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mime-1.32-fx.xpi", "mime-1.32-fx.xpi"),
        ("gmail/mime-1.32-fx.xpi", "mime-1.32-fx.xpi"),
        ("C:\\addons\\mime.xpi", "mime.xpi"),
        ("gmail/", None),
        ("../..", None),
        ("", None),
        (None, None),
    ],
)
def test_package_filename(name, expected):
    assert package_filename(name) == expected
