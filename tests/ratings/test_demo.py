"""The demo catalogue's ratings: rows written by `load_demo`, and the
add-ons' figures computed from them.

The catalogue is loaded once for the module and read by every test; at
its end the module flushes the database and creates the reference rows
again, as the `live_db` tests expect.
"""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

from amo.addons.models import Addon
from amo.catalogue.demo import ratings as demo_ratings
from amo.catalogue.demo.data import ADDONS
from amo.catalogue.demo.loader import load_demo
from amo.core.reference import create_reference_data
from amo.ratings import aggregates
from amo.ratings.models import Rating, RatingAggregate


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        create_reference_data()
        load_demo()
    with django_db_blocker.unblock():
        yield
        call_command("flush", interactive=False, verbosity=0)
        create_reference_data()


def test_no_ratings_before_the_load(reference_data):
    # Runs before the module's load. Its database marker also makes
    # pytest-django create the test databases when this module runs alone,
    # since the other tests reach the database through `demo` only.
    assert not Rating.objects.exists()


def test_plan_is_deterministic():
    for addon in ADDONS[:5]:
        assert demo_ratings.plan(addon) == demo_ratings.plan(addon)


def test_every_addon_has_ratings(demo):
    counted = dict(
        aggregates.counted_ratings()
        .values_list("addon_id")
        .annotate(n=Count("id"))
        .values_list("addon_id", "n")
    )

    assert Addon.objects.count() == len(ADDONS)
    for addon in Addon.objects.all():
        assert counted.get(addon.pk, 0) >= demo_ratings.MIN_RATINGS - 1, addon.slug


def test_figures_come_from_rows(demo):
    means = demo_ratings.site_means(ADDONS)
    for addon in Addon.objects.all():
        rows = list(aggregates.counted_ratings().filter(addon=addon.pk))
        stars = sum(rating.score for rating in rows)
        stored = RatingAggregate.objects.get(addon=addon.pk)

        assert stored.baseline_count == 0, addon.slug
        assert addon.total_ratings == len(rows), addon.slug
        assert sum(stored.histogram.values()) == len(rows), addon.slug
        assert addon.text_ratings_count == sum(1 for rating in rows if rating.body)
        assert addon.average_rating == pytest.approx(stars / len(rows)), addon.slug
        assert addon.bayesian_rating == pytest.approx(
            aggregates.bayesian(stars, len(rows), means)
        ), addon.slug


def test_site_means_match_the_loaded_rows(demo):
    means = demo_ratings.site_means(ADDONS)
    stored = aggregates.compute_site_means()

    # MariaDB's AVG() of integers has four decimals.
    assert stored.count == pytest.approx(means.count, abs=1e-4)
    assert stored.average == pytest.approx(means.average, abs=1e-4)


def test_history_replies_and_variety(demo):
    replies = Rating.objects.filter(reply_to__isnull=False)
    superseded = Rating.objects.filter(is_latest=False, reply_to__isnull=True)
    scores = set(
        Rating.objects.filter(reply_to__isnull=True).values_list("score", flat=True)
    )

    assert replies.exists()
    for reply in replies.select_related("reply_to"):
        assert reply.score is None
        assert reply.reply_to.score <= 2
        assert reply.addon.addonusers.filter(user=reply.user_id).exists()
    assert superseded.exists()
    for rating in superseded:
        newer = Rating.objects.get(
            addon=rating.addon_id, user=rating.user_id, is_latest=True, reply_to=None
        )
        assert newer.previous_count == 1
        assert newer.created > rating.created
    assert scores == {1, 2, 3, 4, 5}


def test_aggregates_are_not_stale(demo):
    assert aggregates.stale_addon_ids() == []
