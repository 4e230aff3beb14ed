"""The load benchmark end to end, in its quick mode, against real servers.

`python -m tests.bench --quick` prepares MariaDB databases named after the
test's own (AMO_DATABASE_URL's name with `_quick`), starts memcached, amo
and both references, and drives them with wrk. The figures of a quick run
on a shared machine mean little; the test checks that every scenario ran
and that no request failed.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.bench.options import PAGE_KINDS
from tests.conftest import skip_or_fail, uses_mysql

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Seconds the whole run may take; a quick run takes about two minutes.
RUN_TIMEOUT = 600

pytestmark = pytest.mark.slow


def _quick_run(output: Path, fixtures: Path) -> dict:
    url = urlsplit(os.environ["AMO_DATABASE_URL"])
    database = url.path.lstrip("/") + "_quick"
    server = f"mysql://{url.netloc}"
    command = [
        sys.executable,
        "-m",
        "tests.bench",
        "--quick",
        "--database",
        database,
        "--mysql",
        server,
        "--output",
        str(output),
        "--fixtures",
        str(fixtures),
        # Free ports, so that runs of the suite on one machine never meet.
        "--port-base",
        "0",
        "--memcached-port",
        "0",
    ]
    result = subprocess.run(
        command,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, (
        f"the quick run failed with status {result.returncode}:\n"
        f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return json.loads((output / "latest.json").read_text(encoding="utf-8"))


def test_quick_run_measures_every_scenario(tmp_path: Path, fixtures_dir: Path):
    if not uses_mysql():
        skip_or_fail("the benchmark needs MariaDB: set AMO_DATABASE_URL=mysql://...")
    for binary in ("wrk", "memcached"):
        if shutil.which(binary) is None:
            skip_or_fail(f"{binary} is not installed (apt-get install {binary})")

    report = _quick_run(tmp_path, fixtures_dir / "amo-catalogue")

    measured = {scenario["key"]: scenario for scenario in report["scenarios"]}
    skipped = {entry["key"]: entry["reason"] for entry in report["skipped"]}
    # The quick mode measures the references first and last: rounds 0 and 1.
    expected = {"bare/0", "sync/0", "bare/1", "sync/1", "burst", "mixed"}
    expected.add("search/real")
    expected |= {f"search/{size}" for size in report["options"]["search_sizes"]}
    expected |= {f"{kind}/{state}" for kind in PAGE_KINDS for state in ("on", "off")}
    expected |= {f"update/{count}" for count in report["options"]["update_connections"]}
    for key in sorted(expected):
        if key in skipped:
            # The only scenario a run may skip is a page amo does not have.
            assert key.startswith("search-page/"), f"{key}: {skipped[key]}"
            assert "404" in skipped[key]
        else:
            assert key in measured, f"{key} is missing from the report"
    for key, scenario in measured.items():
        assert scenario["wrk"]["requests"] > 0, f"{key} made no request"
        assert scenario["errors"] == 0, f"{key}: {scenario['wrk']}"
        assert scenario["rps_vs_bare"] is not None
        assert scenario["rps_vs_sync"] is not None
    for key, scenario in measured.items():
        if key.endswith("/on") and not key.startswith("heartbeat"):
            assert scenario["page_cache_hit_rate"] is not None, key
    assert measured["mixed"]["companion"]["errors"] == 0
    for count in report["options"]["update_connections"]:
        # Warm checks read both keys of each check from memcached.
        assert measured[f"update/{count}"]["memcached_hit_rate"] > 0.9

    targets = {target["name"]: target for target in report["targets"]}
    assert len(targets) == 9
    assert all(target["figure"] is not None for target in targets.values())
    markdown = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| target | figure | limit | met |" in markdown
