from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "amo.files"
    label = "files"
