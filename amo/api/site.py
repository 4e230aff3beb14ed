"""The site status every page of the front end reads."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router

from amo.api import schemas
from amo.api.responses import json_response

router = Router(tags=["site"])


@router.get(
    "/site/",
    response={200: schemas.SiteStatus},
    summary="Site status",
    description="Whether the site is read-only (AMO_READ_ONLY), and the "
    "notice to show on every page (AMO_SITE_NOTICE), or null.",
)
async def site_status(request: HttpRequest) -> HttpResponse:
    return json_response(
        {"read_only": settings.READ_ONLY, "notice": settings.SITE_NOTICE or None}
    )
