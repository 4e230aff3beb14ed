"""Celery application and offline jobs."""
