"""The Celery application of amo, configured from settings.py.

RabbitMQ is the broker in production and CI (AMO_BROKER_URL); with none
configured the jobs run in the process that queues them. Jobs acknowledge
late, so a job whose worker dies is delivered again, and they store their
results in the database rather than in a result backend.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

app = Celery("amo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["workers"], related_name="jobs")
