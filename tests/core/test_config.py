import pytest
from django.core.exceptions import ImproperlyConfigured

from amo.core import config


def test_env_bool_values(monkeypatch):
    monkeypatch.setenv("AMO_FLAG", "yes")
    assert config.env_bool("FLAG") is True
    monkeypatch.setenv("AMO_FLAG", "0")
    assert config.env_bool("FLAG") is False
    monkeypatch.delenv("AMO_FLAG")
    assert config.env_bool("FLAG", True) is True


def test_env_bool_rejects_other_words(monkeypatch):
    monkeypatch.setenv("AMO_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="AMO_FLAG='maybe' is not a boolean"):
        config.env_bool("FLAG")


def test_env_int_rejects_text_and_low_values(monkeypatch):
    monkeypatch.setenv("AMO_SIZE", "ten")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        config.env_int("SIZE", 1)
    monkeypatch.setenv("AMO_SIZE", "0")
    with pytest.raises(ImproperlyConfigured, match="below the minimum of 1"):
        config.env_int("SIZE", 1, minimum=1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("AMO_SERVERS", " a:1, ,b:2 ")
    assert config.env_list("SERVERS") == ["a:1", "b:2"]


def test_mysql_url():
    database = config.database_from_url(
        "mysql://amo:p%40ss@db.internal:3307/amo?connect_timeout=3",
        name="AMO_DATABASE_URL",
    )
    assert database["ENGINE"] == "amo.core.db.backends.mysql"
    assert database["NAME"] == "amo"
    assert database["USER"] == "amo"
    assert database["PASSWORD"] == "p@ss"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == "3307"
    assert database["OPTIONS"]["connect_timeout"] == "3"
    assert database["OPTIONS"]["charset"] == "utf8mb4"
    assert database["TEST"]["NAME"] == "test_amo"


def test_sqlite_urls(tmp_path):
    relative = config.database_from_url(
        "sqlite:///var/x.sqlite3", name="AMO_DATABASE_URL"
    )
    assert relative["NAME"] == "var/x.sqlite3"
    absolute = config.database_from_url(f"sqlite:///{tmp_path}/x.sqlite3", name="X")
    assert absolute["NAME"] == f"{tmp_path}/x.sqlite3"
    assert absolute["TEST"]["NAME"] == f"{tmp_path}/test_x.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://localhost/amo", "unsupported scheme 'postgres'"),
        ("mysql://localhost/", "names no database"),
        ("sqlite://", "names no file"),
    ],
)
def test_bad_database_urls(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        config.database_from_url(url, name="AMO_DATABASE_URL")


def test_secret_is_created_once(tmp_path):
    path = tmp_path / "secret_key"
    first = config.secret_from_file(path)
    assert len(first) > 40
    assert config.secret_from_file(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
