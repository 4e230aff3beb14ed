"""The ratings endpoints: /api/v5/ratings/rating/."""

from ninja import Router

router = Router(tags=["ratings"])
