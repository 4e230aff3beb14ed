"""Data of the API tests: a small catalogue built with the factories."""

from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.core.constants import ApplicationChoices, PromotedCategory
from amo.versions.models import ApplicationsVersions
from tests.factories import AddonFactory, StoredPreviewFactory, UserFactory


@dataclass
class Catalogue:
    rich: Addon
    plain: Addon


def build_catalogue() -> Catalogue:
    author = UserFactory(username="jane", display_name="Jane Doe")
    rich = AddonFactory(
        slug="tab-tamer",
        guid="{7f3c9a2e-tab-tamer}",
        name={"en-US": "Tab Tamer", "fr": "Dompteur d'onglets"},
        summary={"en-US": "Keeps tabs in line.", "fr": "Range les onglets."},
        homepage={"en-US": "https://tabs.example", "fr": "javascript:alert(1)"},
        support_url={"en-US": "https://tabs.example/help"},
        support_email={"en-US": "help@tabs.example"},
        contributions_url="https://donate.example/tabs",
        privacy_policy={"en-US": "We collect nothing."},
        promoted=PromotedCategory.RECOMMENDED,
        average_daily_users=50000,
        authors=[author],
        categories=["tabs"],
        tags=["productivity"],
    )
    ApplicationsVersions.objects.create(
        version=rich.current_version,
        application=ApplicationChoices.ANDROID,
        min="120.0",
        max="*",
    )
    StoredPreviewFactory(addon=rich, position=0, caption={"en-US": "Tab groups"})
    plain = AddonFactory(slug="plain-addon", guid="plain@example.com")
    return Catalogue(rich=rich, plain=plain)


@pytest.fixture
async def catalogue(live_db) -> Catalogue:
    return await sync_to_async(build_catalogue)()


# The live server and browser of the browser tests, for the schemathesis
# run and the docs page.
from tests.e2e.conftest import (  # noqa: E402, F401
    browser_context,
    chromium_path,
    page,
    page_problems,
    uvicorn_server,
)
