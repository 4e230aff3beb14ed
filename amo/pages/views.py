"""Pages whose text lives in their templates."""

from django.http import HttpRequest, HttpResponse

from amo.addons.views import page_view
from amo.core.templates import render


@page_view
async def about(request: HttpRequest) -> HttpResponse:
    return await render(request, "pages/about.html")


@page_view
async def faq(request: HttpRequest) -> HttpResponse:
    return await render(request, "pages/faq.html")
