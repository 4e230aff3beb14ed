"""The collections endpoints: /api/v5/accounts/account/<user>/collections/."""

from ninja import Router

router = Router(tags=["collections"])
