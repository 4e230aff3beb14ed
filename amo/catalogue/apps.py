from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "amo.catalogue"
    label = "catalogue"
