"""Offline jobs that every installation runs."""

from workers.celery import app


@app.task(name="workers.ping", acks_late=True)
def ping() -> str:
    """Return "pong"; health checks and tests use it to reach a worker."""
    return "pong"
