from django.apps import AppConfig


class VersionsConfig(AppConfig):
    name = "amo.versions"
    label = "versions"
