"""Routes of the reviewer tools, under /<locale>/<app>/reviewers/."""

from django.urls import path

from amo.reviewers import views

urlpatterns = [
    path("", views.dashboard, name="reviewers-dashboard"),
    path("queue/<slug:slug>/", views.queue, name="reviewers-queue"),
    path("review/<int:version_id>/", views.review, name="reviewers-review"),
    path("file/<int:file_id>/", views.download, name="reviewers-download"),
    path("ratings/", views.ratings_moderation, name="reviewers-ratings-moderation"),
]
