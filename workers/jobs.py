"""Offline jobs that every installation runs."""

from workers.celery import app


@app.task(name="workers.ping", acks_late=True)
def ping() -> str:
    """Answer "pong"; the health check and the tests use it to reach a worker."""
    return "pong"
