from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "amo.users"
    label = "users"
