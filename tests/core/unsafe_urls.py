"""A URLconf with a view that wrongly runs a synchronous query."""

from django.http import HttpResponse
from django.urls import path

from amo.addons.models import Addon


async def sync_query_view(request):
    # This is the mistake the test guards against: a synchronous ORM call
    # on the event loop.
    count = Addon.objects.count()
    return HttpResponse(str(count))


urlpatterns = [path("api/unsafe/", sync_query_view)]
handler500 = "amo.core.views.server_error"
