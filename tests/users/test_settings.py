"""The mail settings that settings.py builds from AMO_EMAIL_* variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRINT_MAILERS = (
    "import json, settings; "
    "print(json.dumps({'mailers': settings.MAILERS, "
    "'sender': settings.DEFAULT_FROM_EMAIL}))"
)


def load_settings(**variables: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AMO_EMAIL") and key != "AMO_DEFAULT_FROM_EMAIL"
    }
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_MAILERS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def mailer(**variables: str) -> dict:
    result = load_settings(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_console_by_default():
    loaded = mailer()
    assert loaded["mailers"]["default"]["BACKEND"].endswith("console.EmailBackend")


def test_smtp_when_host_is_set():
    loaded = mailer(
        AMO_EMAIL_HOST="mail.example",
        AMO_EMAIL_PORT="587",
        AMO_EMAIL_HOST_USER="amo",
        AMO_EMAIL_HOST_PASSWORD="pw",
        AMO_EMAIL_USE_TLS="1",
        AMO_DEFAULT_FROM_EMAIL="amo <noreply@mail.example>",
    )
    default = loaded["mailers"]["default"]
    assert default["BACKEND"].endswith("smtp.EmailBackend")
    assert default["OPTIONS"] == {
        "host": "mail.example",
        "port": 587,
        "username": "amo",
        "password": "pw",
        "use_tls": True,
        "timeout": 30,
    }
    assert loaded["sender"] == "amo <noreply@mail.example>"


def test_filebased_writes_under_the_path(tmp_path):
    loaded = mailer(AMO_EMAIL_BACKEND="filebased", AMO_EMAIL_FILE_PATH=str(tmp_path))
    default = loaded["mailers"]["default"]
    assert default["BACKEND"].endswith("filebased.EmailBackend")
    assert default["OPTIONS"] == {"file_path": str(tmp_path)}


@pytest.mark.parametrize("backend", ["sendmail", "SMTP2"])
def test_unknown_backend_is_an_error(backend):
    result = load_settings(AMO_EMAIL_BACKEND=backend)
    assert result.returncode != 0
    assert "AMO_EMAIL_BACKEND" in result.stderr
