"""Pages of the store: home, add-on detail, listings."""

from django.http import HttpRequest, HttpResponse

from amo.addons import queries
from amo.core.templates import render


async def home(request: HttpRequest) -> HttpResponse:
    shelves = await queries.get_home_shelves()
    return await render(request, "addons/home.html", {"shelves": shelves})
