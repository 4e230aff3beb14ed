from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "amo.stats"
    label = "stats"
