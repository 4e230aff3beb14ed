"""Logging of rejected update checks."""

from structlog.testing import capture_logs

from amo.update import service
from amo.update.checks import InvalidCheck


def test_first_rejection_logged_soon_after_boot(monkeypatch):
    monkeypatch.setattr(service.time, "monotonic", lambda: 1.0)
    update_service = service.UpdateService(app=None)  # type: ignore[arg-type]
    with capture_logs() as logs:
        update_service._log_invalid(InvalidCheck("The id parameter is missing."))
        update_service._log_invalid(InvalidCheck("The id parameter is missing."))
    assert len(logs) == 1
    assert logs[0]["event"] == "update check rejected"
    assert logs[0]["suppressed"] == 0
