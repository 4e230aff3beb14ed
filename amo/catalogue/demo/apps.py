from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "amo.catalogue.demo"
    label = "demo"
    verbose_name = "demo catalogue"
