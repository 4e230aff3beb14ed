"""Invalidation: what each change clears, and edits seen at once on pages."""

import re
from html.parser import HTMLParser

from asgiref.sync import sync_to_async
from django.db import transaction
from django.test import Client

from amo.addons.models import Addon, AddonUser, Category, Preview
from amo.addons.queries import ADDON_CARD_KIND, ADDON_KIND, CATEGORY_KIND
from amo.api.queries import ADDON_API_KIND
from amo.core.cache import generations, invalidation, objects
from amo.core.cache.backends import default_cache
from amo.core.constants import Channel
from amo.core.db import capture_queries
from amo.core.pagecache import SITE_GENERATION_KEY
from amo.files.models import File
from amo.users.models import User
from amo.users.queries import USER_KIND
from amo.versions.models import ApplicationsVersions, License, Version
from amo.versions.queries import VERSION_KIND
from tests.asgi_client import request
from tests.factories import (
    AddonFactory,
    PreviewFactory,
    UserFactory,
    VersionFactory,
)

# --- What a change clears ---------------------------------------------------


def build_addon() -> Addon:
    return AddonFactory(
        slug="planned", categories=["tabs"], tags=["tabs"], authors=[UserFactory()]
    )


def test_addon_clears_both_of_its_shapes(reference_data):
    addon = build_addon()
    plan = invalidation.plan_for([addon])
    assert plan.object_keys == {
        ADDON_KIND.key(addon.pk),
        ADDON_CARD_KIND.key(addon.pk),
        ADDON_API_KIND.key(addon.pk),
    }
    assert plan.generation_keys() == [
        generations.model_key(Addon),
        SITE_GENERATION_KEY,
    ]


def test_version_parts_clear_the_version_and_its_addon(reference_data):
    addon = build_addon()
    version = addon.current_version
    expected = {
        VERSION_KIND.key(version.pk),
        ADDON_KIND.key(addon.pk),
        ADDON_API_KIND.key(addon.pk),
    }
    for row in (version, version.file, version.compatible_apps.get()):
        plan = invalidation.plan_for([row])
        assert plan.object_keys == expected, type(row).__name__
        assert plan.changed_models == {type(row)}


def test_licence_clears_the_versions_that_use_it(reference_data):
    addon = build_addon()
    other = AddonFactory()
    license = addon.current_version.license
    plan = invalidation.plan_for([license])
    assert plan.object_keys == {
        VERSION_KIND.key(addon.current_version_id),
        ADDON_KIND.key(addon.pk),
        ADDON_API_KIND.key(addon.pk),
        VERSION_KIND.key(other.current_version_id),
        ADDON_KIND.key(other.pk),
        ADDON_API_KIND.key(other.pk),
    }


def test_other_rows_clear_their_own_entries(reference_data):
    addon = build_addon()
    preview = PreviewFactory(addon=addon)
    user = addon.authors.get()
    category = addon.categories.get()
    tag = addon.tags.get()
    api = ADDON_API_KIND.key(addon.pk)
    cases = [
        (
            preview,
            {ADDON_KIND.key(addon.pk), ADDON_CARD_KIND.key(addon.pk), api},
        ),
        # The API entry of an add-on embeds its authors' names, its
        # categories and its tags.
        (user, {USER_KIND.key(user.pk), api}),
        (category, {CATEGORY_KIND.key(category.pk), api}),
        (tag, {api}),
        (AddonUser.objects.get(addon=addon), {api}),
    ]
    for row, keys in cases:
        plan = invalidation.plan_for([row])
        assert plan.object_keys == keys, type(row).__name__
        assert generations.model_key(type(row)) in plan.generation_keys()


def test_bulk_plan_covers_versions_authors_and_categories(reference_data):
    addon = build_addon()
    VersionFactory(addon=addon, version="2.0")
    plan = invalidation.plan_for_addons([addon.pk])
    version_ids = Version.objects.filter(addon=addon).values_list("pk", flat=True)
    assert {VERSION_KIND.key(pk) for pk in version_ids} <= plan.object_keys
    assert USER_KIND.key(addon.authors.get().pk) in plan.object_keys
    assert CATEGORY_KIND.key(Category.objects.first().pk) in plan.object_keys
    for model in (Addon, Version, File, ApplicationsVersions, License, User, Preview):
        assert generations.model_key(model) in plan.generation_keys()
    through = Addon.categories.through
    assert generations.model_key(through) in plan.generation_keys()


def test_deletion_clears_what_cascades(reference_data):
    addon = build_addon()
    version = addon.current_version
    cache = default_cache()
    keys = [ADDON_KIND.key(addon.pk), VERSION_KIND.key(version.pk)]
    cache.set_many(dict.fromkeys(keys, "cached"))

    with transaction.atomic():
        invalidation.invalidate_deletion([addon])
        addon.delete()

    tombstones = cache.get_many(keys)
    assert set(tombstones) == set(keys)
    # One write leaves one token under every key it deletes.
    assert len(set(tombstones.values())) == 1
    assert all(type(value) is int for value in tombstones.values())


def test_invalidation_waits_for_the_commit(reference_data):
    addon = build_addon()
    cache = default_cache()
    key = ADDON_CARD_KIND.key(addon.pk)
    cache.set(key, "cached")
    cache.set(SITE_GENERATION_KEY, "before")

    with transaction.atomic():
        invalidation.invalidate([addon])
        assert cache.get(key) == "cached"
        assert cache.get(SITE_GENERATION_KEY) == "before"

    assert type(cache.get(key)) is int
    site = cache.get(SITE_GENERATION_KEY)
    assert site != "before"
    assert generations.is_recent(site, 60)
    assert generations.is_recent(cache.get(generations.model_key(Addon)), 60)


def test_cache_outage_does_not_fail_the_write(reference_data, settings):
    from tests.services import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.MemcachedCache",
            "LOCATION": [f"127.0.0.1:{free_port()}"],
        }
    }
    addon = build_addon()
    with transaction.atomic():
        addon.slug = "saved-anyway"
        addon.save()
        invalidation.invalidate([addon])

    assert Addon.objects.get(pk=addon.pk).slug == "saved-anyway"


def test_rolled_back_change_clears_nothing(reference_data):
    addon = build_addon()
    cache = default_cache()
    key = ADDON_CARD_KIND.key(addon.pk)
    cache.set(key, "cached")

    with transaction.atomic():
        invalidation.invalidate([addon])
        transaction.set_rollback(True)

    assert cache.get(key) == "cached"


async def test_load_after_a_bump_reads_the_primary(live_db):
    addon = await sync_to_async(build_addon)()
    await objects.aget(ADDON_CARD_KIND, addon.pk)
    from amo.addons import queries

    with capture_queries() as cold:
        await queries.get_categories(1, 1)
    assert {query.alias for query in cold.queries} == {"replica"}

    category = await sync_to_async(Category.objects.first)()
    await sync_to_async(invalidation.invalidate)([category])

    # The bump is recent, so the replicas may lack the write.
    with capture_queries() as after:
        await queries.get_categories(1, 1)
    assert {query.alias for query in after.queries} == {"default"}


# --- Edits in the admin, seen on the pages ---------------------------------


class FormFields(HTMLParser):
    """The fields a browser would submit with the first <form> of a page."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: tuple[str, bool] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside or ("name" not in attributes and tag != "option"):
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.fields.append((attributes["name"], attributes.get("value", default)))
        elif tag == "textarea":
            self._textarea = attributes["name"]
            self._text = []
        elif tag == "select":
            self._select = (attributes["name"], "multiple" in attributes)
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select[0], attributes.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def admin_form(client: Client, path: str, form_id: str) -> dict[str, list[str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def admin_post(client: Client, path: str, data: dict[str, list[str]]) -> None:
    response = client.post(path, data)
    errors = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    assert response.status_code == 302, errors


LOCALES = ("en-US", "de")


def pages(addon: Addon) -> list[str]:
    return [
        f"/{locale}/firefox/{page}"
        for locale in LOCALES
        for page in (
            "",
            "extensions/",
            "extensions/tabs/",
            "tag/tabs/",
            f"addon/{addon.slug}/",
            f"addon/{addon.slug}/versions/",
        )
    ]


async def fetch_all(application, paths: list[str]) -> dict[str, tuple[str, str]]:
    """GET every path; return each one's X-Cache and body."""
    found = {}
    for path in paths:
        response = await request(application, path)
        assert response.status == 200, path
        found[path] = (response.headers["x-cache"], response.body.decode())
    return found


async def test_admin_edit_shows_at_once_on_every_page(live_db, settings):
    import asgi

    settings.PAGE_CACHE = True
    addon = await sync_to_async(AddonFactory)(
        slug="tidy-tabs",
        name={"en-US": "Tidy Tabs", "de": "Ordentliche Tabs"},
        summary={"en-US": "Keeps tabs tidy."},
        description={"en-US": "Sorts tabs."},
        categories=["tabs"],
        tags=["tabs"],
    )
    staff = await sync_to_async(User.objects.create_superuser)(
        email="staff@example.com", username="staff", password="correct horse"
    )
    application = asgi.build_application()
    paths = pages(addon)

    await fetch_all(application, paths)
    cached = await fetch_all(application, paths)
    assert {outcome for outcome, _ in cached.values()} == {"HIT"}
    assert all(
        "Tidy Tabs" in body for path, (_, body) in cached.items() if "/en-US/" in path
    )
    assert all(
        "Ordentliche Tabs" in body
        for path, (_, body) in cached.items()
        if "/de/" in path
    )

    def rename() -> None:
        client = Client()
        client.force_login(staff)
        path = f"/admin/addons/addon/{addon.pk}/change/"
        data = admin_form(client, path, "addon_form")
        data["name"] = ['{"en-US": "Neat Tabs", "de": "Saubere Tabs"}']
        admin_post(client, path, data)

    await sync_to_async(rename)()

    edited = await fetch_all(application, paths)
    for path, (outcome, body) in edited.items():
        # Every page was cached, and each is built again with the new name.
        assert outcome == "MISS", path
        assert "Tidy Tabs" not in body, path
        assert "Ordentliche Tabs" not in body, path
        expected = "Neat Tabs" if "/en-US/" in path else "Saubere Tabs"
        assert expected in body, path


async def test_published_version_shows_at_once(live_db, settings):
    import asgi

    settings.PAGE_CACHE = True
    addon = await sync_to_async(AddonFactory)(slug="versioned", versions=1)
    staff = await sync_to_async(User.objects.create_superuser)(
        email="staff@example.com", username="staff", password="correct horse"
    )
    application = asgi.build_application()
    paths = [
        f"/{locale}/firefox/addon/versioned/{page}"
        for locale in LOCALES
        for page in ("", "versions/")
    ]
    await fetch_all(application, paths)
    assert {
        outcome for outcome, _ in (await fetch_all(application, paths)).values()
    } == {"HIT"}

    def publish() -> None:
        client = Client()
        client.force_login(staff)
        data = admin_form(client, "/admin/versions/version/add/", "version_form")
        data.update(
            addon=[str(addon.pk)],
            version=["7.5.1"],
            channel=[str(Channel.LISTED)],
            release_notes=['{"en-US": "Brand new."}'],
        )
        admin_post(client, "/admin/versions/version/add/", data)
        version = Version.objects.get(addon=addon, version="7.5.1")
        path = f"/admin/addons/addon/{addon.pk}/change/"
        data = admin_form(client, path, "addon_form")
        data["current_version"] = [str(version.pk)]
        admin_post(client, path, data)

    await sync_to_async(publish)()

    published = await fetch_all(application, paths)
    for path, (outcome, body) in published.items():
        assert outcome == "MISS", path
        assert "7.5.1" in body, path
    detail = published["/en-US/firefox/addon/versioned/"][1]
    assert re.search(r"Version 7\.5\.1", detail)
    assert "Brand new." in detail
