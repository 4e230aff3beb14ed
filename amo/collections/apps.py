from django.apps import AppConfig


class CollectionsConfig(AppConfig):
    name = "amo.collections"
    label = "collections"
