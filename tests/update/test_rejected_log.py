"""Logging of rejected update checks."""

from amo.update import service
from amo.update.checks import InvalidCheck


def test_first_rejection_logged_soon_after_boot(monkeypatch, log_events):
    monkeypatch.setattr(service.time, "monotonic", lambda: 1.0)
    update_service = service.UpdateService(app=None)  # type: ignore[arg-type]
    update_service._log_invalid(InvalidCheck("The id parameter is missing."))
    update_service._log_invalid(InvalidCheck("The id parameter is missing."))
    logs = [e for e in log_events() if e["event"] == "update check rejected"]
    assert len(logs) == 1
    assert logs[0]["error"] == "The id parameter is missing."
    assert logs[0]["suppressed"] == 0
