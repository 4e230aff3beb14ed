"""A sync Django view that returns a short text, as a WSGI application.

gunicorn serves `application`; the URLconf is this module.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

# Set, not defaulted: a caller's DJANGO_SETTINGS_MODULE names amo's settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.refs.sync_settings"


def text(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", text)]

application = get_wsgi_application()
