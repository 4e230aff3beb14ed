"""Routes of the ratings pages, under /<locale>/<app>/addon/<slug>/reviews/.

`add/` and `<id>/edit/`, `delete/`, `reply/` and `flag/` take the POSTs of
the forms; a GET of them, as the old site's form pages were, redirects to
the page that holds the form. The old site's addresses (its feed,
`format:rss`, and its forms without the trailing slash) redirect to the
page in one hop.
"""

from django.urls import path, re_path

from amo.ratings import views

urlpatterns = [
    path("", views.review_list, name="ratings-list"),
    path("add/", views.add, name="ratings-add"),
    # The old site's addresses, without the trailing slash.
    re_path(
        r"^format:rss/?$",
        views.old_address,
        {"page": "ratings-list"},
        name="ratings-old-feed",
    ),
    re_path(
        r"^add$", views.old_address, {"page": "ratings-add"}, name="ratings-old-add"
    ),
    re_path(
        r"^user:(?P<user_id>[0-9]+)$",
        views.old_address,
        {"page": "ratings-user"},
        name="ratings-old-user",
    ),
    re_path(
        r"^(?P<rating_id>[0-9]+)(?P<form>/edit|/delete|/reply|/flag)?$",
        views.old_address,
        {"page": "ratings-detail"},
        name="ratings-old-detail",
    ),
    path("user:<int:user_id>/", views.user_reviews, name="ratings-user"),
    path("<int:rating_id>/", views.review_detail, name="ratings-detail"),
    path("<int:rating_id>/edit/", views.edit, name="ratings-edit"),
    path("<int:rating_id>/delete/", views.delete, name="ratings-delete"),
    path("<int:rating_id>/reply/", views.reply, name="ratings-reply"),
    path("<int:rating_id>/flag/", views.flag, name="ratings-flag"),
]
