"""Print the relevance table in pytest's terminal summary, CI logs included."""

import pytest

from tests.search.relevance import REPORT_KEY


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    report = config.stash.get(REPORT_KEY, None)
    if report is None:
        return
    terminalreporter.write_sep("=", "search relevance on the judged queries")
    for line in report:
        terminalreporter.write_line(line)
