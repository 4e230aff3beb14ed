"""Imported rating figures as the baseline of the rating aggregates."""

import asyncio
from pathlib import Path

import pytest

from amo.addons.models import Addon
from amo.catalogue.importer.run import import_catalogue
from amo.ratings import actions, aggregates
from amo.ratings.models import RatingAggregate
from tests.catalogue.test_import import api_addon, write_json
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference_rows(reference_data) -> None:
    """Categories and built-in licences, which each test's flush removes."""


@pytest.fixture
def means(settings):
    """Fix the site-wide means of the bayesian average: C = 2, m = 4."""
    from django.core.cache import cache

    cache.set(aggregates.SITE_MEANS_KEY, aggregates.SiteMeans(2.0, 4.0), 3600)


def import_ublock(tmp_path: Path, **ratings: object) -> Addon:
    folder = tmp_path / "source"
    folder.mkdir(exist_ok=True)
    figures = {"average": 4.7, "bayesian_average": 4.69, "count": 9930, **ratings}
    write_json(folder / "api.json", api_addon(ratings=figures))
    import_catalogue([folder])
    return Addon.objects.get(guid_key="ublock0@raymondhill.net")


def test_import_stores_baseline(tmp_path, means):
    addon = import_ublock(tmp_path)

    stored = RatingAggregate.objects.get(addon=addon.pk)
    assert stored.baseline_count == 9930
    # 4.7 * 9930 = 46671
    assert stored.baseline_score_sum == pytest.approx(46671.0)
    assert addon.total_ratings == 9930
    assert addon.average_rating == 4.7
    assert stored.histogram == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}


def test_rating_adds_to_imported_figures(tmp_path, means, monkeypatch):
    from workers.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    addon = import_ublock(tmp_path)
    user = UserFactory()

    asyncio.run(actions.create_rating(user, addon.pk, score=1, body="Broke a site"))

    addon.refresh_from_db()
    # n = 9930 + 1 = 9931, sum = 46671 + 1 = 46672,
    # average 46672 / 9931 = 4.69962.
    assert addon.total_ratings == 9931
    assert addon.average_rating == pytest.approx(46672 / 9931)
    assert addon.bayesian_rating == pytest.approx((2 * 4 + 46672) / (2 + 9931))


def test_reimport_replaces_baseline_keeps_rows(tmp_path, means, monkeypatch):
    from workers.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    addon = import_ublock(tmp_path)
    asyncio.run(actions.create_rating(UserFactory(), addon.pk, score=5))

    addon = import_ublock(tmp_path, count=10000, average=4.5)

    stored = RatingAggregate.objects.get(addon=addon.pk)
    assert stored.baseline_count == 10000
    assert stored.baseline_score_sum == pytest.approx(45000.0)
    # The row is added again: n = 10001, sum = 45000 + 5 = 45005.
    assert addon.total_ratings == 10001
    assert addon.average_rating == pytest.approx(45005 / 10001)
    assert stored.count_5 == 1


async def test_import_clears_cached_summary(tmp_path, means, live_db):
    from asgiref.sync import sync_to_async

    from amo.ratings import queries

    addon = await sync_to_async(import_ublock)(tmp_path)
    before = await queries.aggregate(addon.pk)

    await sync_to_async(import_ublock)(tmp_path, count=20000, average=4.0)
    after = await queries.aggregate(addon.pk)

    assert before.count == 9930
    assert after.count == 20000
    assert after.average == 4.0
