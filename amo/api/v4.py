"""The API v4 endpoints Firefox requests, with v4 shapes.

Firefox's add-ons manager reads add-on metadata through v4 search by GUID
and the detail endpoint, and offers language packs from language tools.
v4 sends translated fields as plain strings with `lang`, links as plain
strings, `files: [...]` with `platform`, categories by application and
`promoted` as one object or null.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from amo.api import addons
from amo.api.addons import DetailParams, LanguageToolsParams
from amo.api.search import SearchParams

router = Router(tags=["v4"])


@router.get("/addons/search/", summary="Search add-ons (v4)")
async def search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    return await addons.search(request, params, 4)


@router.get("/addons/addon/{key}/", summary="Add-on detail (v4)")
async def detail(
    request: HttpRequest, key: str, params: Query[DetailParams]
) -> HttpResponse:
    return await addons.addon_detail(request, key, params, 4)


@router.get("/addons/language-tools/", summary="Language tools (v4)")
async def language_tools(
    request: HttpRequest, params: Query[LanguageToolsParams]
) -> HttpResponse:
    return await addons.language_tools(request, params, 4)
