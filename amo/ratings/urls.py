"""Routes of the ratings pages."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
