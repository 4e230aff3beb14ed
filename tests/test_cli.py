"""The `amo` command reports configuration errors in one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

AMO = Path(sys.executable).with_name("amo")


def run_amo(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("AMO_")
    }
    environment.update(env)
    return subprocess.run(
        [str(AMO), *args], env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AMO_DB_POOL_SIZE": "abc"}, "AMO_DB_POOL_SIZE='abc' is not an integer."),
        ({"AMO_DEBUG": "sometimes"}, "AMO_DEBUG='sometimes' is not a boolean"),
        (
            {"AMO_DATABASE_URL": "mysql://root@127.0.0.1:3306/amo"},
            "AMO_SECRET_KEY is missing.",
        ),
        (
            {"AMO_DATABASE_URL": "postgres://localhost/amo", "AMO_SECRET_KEY": "x"},
            "unsupported scheme 'postgres'",
        ),
    ],
)
def test_bad_configuration_is_one_clear_line(tmp_path, env, message):
    result = run_amo("check", AMO_VAR_DIR=str(tmp_path), **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("amo: the configuration is invalid:")
    assert message in result.stderr


def test_unreachable_database_is_one_clear_line(tmp_path):
    from tests.services import free_port

    result = run_amo(
        "migrate",
        "--check",
        AMO_VAR_DIR=str(tmp_path),
        AMO_SECRET_KEY="x",
        AMO_DATABASE_URL=f"mysql://root@127.0.0.1:{free_port()}/amo",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "amo: the database could not be reached" in result.stderr
    assert "AMO_DATABASE_URL" in result.stderr


def test_check_passes_on_the_embedded_defaults(tmp_path):
    result = run_amo("check", AMO_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
