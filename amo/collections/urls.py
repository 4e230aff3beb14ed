"""Routes of the collections pages, under /<locale>/<app>/collections/.

Fixed paths come first: a user whose username is one of them is reached
by id (amo.collections.views.RESERVED_USER_KEYS).
"""

from django.urls import path

from amo.collections import views

COLLECTION = "<str:user_key>/<str:slug>/"

urlpatterns = [
    path("", views.mine, name="collections-mine"),
    path("add/", views.create, name="collections-add"),
    path(
        "addon/<int:addon_id>/add/",
        views.widget_add,
        name="collections-widget-add",
    ),
    path(
        "addon/<int:addon_id>/remove/",
        views.widget_remove,
        name="collections-widget-remove",
    ),
    path("<str:user_key>/", views.user_list, name="collections-user"),
    path(COLLECTION, views.detail, name="collections-detail"),
    path(COLLECTION + "edit/", views.edit, name="collections-edit"),
    path(COLLECTION + "delete/", views.delete, name="collections-delete"),
    path(COLLECTION + "favourite/", views.favourite, name="collections-favourite"),
    path(COLLECTION + "feature/", views.feature, name="collections-feature"),
    path(COLLECTION + "addons/add/", views.add_addon, name="collections-add-addon"),
    path(
        COLLECTION + "addons/<int:addon_id>/notes/",
        views.edit_notes,
        name="collections-addon-notes",
    ),
    path(
        COLLECTION + "addons/<int:addon_id>/remove/",
        views.remove_addon,
        name="collections-remove-addon",
    ),
    path(
        COLLECTION + "addons/<int:addon_id>/move/",
        views.move_addon,
        name="collections-move-addon",
    ),
]
