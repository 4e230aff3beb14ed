from django.apps import AppConfig


class AddonsConfig(AppConfig):
    name = "amo.addons"
    label = "addons"
