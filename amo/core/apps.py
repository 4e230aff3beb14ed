from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "amo.core"
    label = "core"
