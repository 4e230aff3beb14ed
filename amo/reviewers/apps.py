from django.apps import AppConfig


class ReviewersConfig(AppConfig):
    name = "amo.reviewers"
    label = "reviewers"
