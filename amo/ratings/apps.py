from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "amo.ratings"
    label = "ratings"
