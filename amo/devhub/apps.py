from django.apps import AppConfig


class DevhubConfig(AppConfig):
    name = "amo.devhub"
    label = "devhub"
