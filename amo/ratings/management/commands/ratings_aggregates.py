"""`amo ratings_aggregates`: recompute the rating aggregates now."""

from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser

from amo.addons.models import Addon
from amo.ratings import aggregates


class Command(BaseCommand):
    help = (
        "Recompute the rating figures (count, average, bayesian average, "
        "reviews with text, counts by star) of the given add-ons, or of every "
        "add-on with ratings, from the rating rows and the imported "
        "baselines, as the ratings.update_aggregates job does. The site-wide "
        "means of the bayesian average are computed afresh first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addon_ids",
            nargs="*",
            type=int,
            metavar="ADDON_ID",
            help="Ids of the add-ons to recompute; all add-ons with ratings "
            "when none is given.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = options["addon_ids"]
        if ids:
            known = set(Addon.objects.filter(pk__in=ids).values_list("pk", flat=True))
            unknown = [pk for pk in ids if pk not in known]
            if unknown:
                raise CommandError(
                    "No add-on has the id "
                    + ", ".join(str(pk) for pk in unknown)
                    + ": give ids of existing add-ons."
                )
        else:
            ids = aggregates.all_addon_ids()
        means = aggregates.compute_site_means()
        cache.set(aggregates.SITE_MEANS_KEY, means, aggregates.SITE_MEANS_SECONDS)
        changed = 0
        for addon_id in ids:
            figures = aggregates.update(addon_id, means=means)
            if figures is not None and figures.changed:
                changed += 1
        self.stdout.write(
            f"Recomputed the rating aggregates of {len(ids)} add-ons; "
            f"{changed} changed."
        )
