"""Settings come only from SPARK_* variables; production refuses unsafe defaults."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from spark.config import ConfigError, load_config

PRODUCTION = {"SPARK_ENV": "production", "SPARK_SECRET_KEY": "s" * 64}


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SPARK_SECRET_KEY"):
        load_config(tmp_path, {"SPARK_ENV": "production"})
    with pytest.raises(ConfigError, match="SPARK_SECRET_KEY"):
        load_config(tmp_path, {"SPARK_ENV": "production", "SPARK_SECRET_KEY": ""})
    assert not (tmp_path / "secret_key").exists()


def test_production_uses_the_given_secret_key_and_secure_cookies(tmp_path):
    config = load_config(tmp_path, PRODUCTION)
    assert config["SECRET_KEY"] == "s" * 64
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["SPARK_SMTP_STARTTLS"] is True
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_a_private_secret_key_once_and_reuses_it(tmp_path):
    instance = tmp_path / "instance"  # not there yet
    first = load_config(instance, {})
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first["SECRET_KEY"]) >= 32
    written = key_file.stat().st_mtime_ns

    second = load_config(instance, {"SPARK_ENV": "development"})
    assert second["SECRET_KEY"] == first["SECRET_KEY"]
    assert key_file.stat().st_mtime_ns == written
    # Another instance folder, another key.
    assert load_config(tmp_path / "other", {})["SECRET_KEY"] != first["SECRET_KEY"]


def test_an_explicit_secret_key_wins_and_writes_no_file(tmp_path):
    config = load_config(tmp_path, {"SPARK_SECRET_KEY": "given"})
    assert config["SECRET_KEY"] == "given"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("value", ["prod", "Production", "staging", "dev"])
def test_unknown_spark_env_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="SPARK_ENV must be one of"):
        load_config(tmp_path, {"SPARK_ENV": value, "SPARK_SECRET_KEY": "x"})


def test_defaults_are_safe_and_local(tmp_path):
    config = load_config(tmp_path, {"SPARK_SECRET_KEY": "x"})
    assert config["SPARK_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'spark.db'}"
    assert config["SPARK_UPLOAD_DIR"] == str(tmp_path / "uploads")
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["SPARK_TRUSTED_PROXIES"] == 0
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["SPARK_ALLOWED_EMAIL_DOMAINS"] == ["gov.uk"]


def test_settings_come_from_spark_variables(tmp_path):
    config = load_config(
        tmp_path,
        {
            "SPARK_SECRET_KEY": "x",
            "SPARK_DATABASE_URL": "postgresql+psycopg://spark@db/spark",
            "SPARK_RATELIMIT_STORAGE_URL": "redis://cache:6379/2",
            "SPARK_TRUSTED_PROXIES": "1",
            "SPARK_ALLOWED_EMAIL_DOMAINS": " gov.uk, NHS.net ,,",
            "SPARK_BASE_URL": "https://spark.service.gov.uk/",
            "SPARK_SECURE_COOKIES": "yes",
            "SPARK_UPLOAD_DIR": "/srv/spark/uploads",
        },
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://spark@db/spark"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/2"
    assert config["SPARK_TRUSTED_PROXIES"] == 1
    assert config["SPARK_ALLOWED_EMAIL_DOMAINS"] == ["gov.uk", "nhs.net"]
    assert config["SPARK_BASE_URL"] == "https://spark.service.gov.uk"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SPARK_UPLOAD_DIR"] == "/srv/spark/uploads"


def test_secure_cookies_can_be_turned_off_explicitly_in_production(tmp_path):
    # Only for a production-like deployment served over plain HTTP on a private network.
    config = load_config(tmp_path, {**PRODUCTION, "SPARK_SECURE_COOKIES": "false"})
    assert config["SESSION_COOKIE_SECURE"] is False


def test_only_spark_variables_are_read(tmp_path):
    config = load_config(
        tmp_path, {"SPARK_SECRET_KEY": "x", "DATABASE_URL": "postgresql://elsewhere/db"}
    )
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_the_readme_documents_every_setting():
    root = Path(__file__).resolve().parents[2]
    source = (root / "spark" / "config.py").read_text()
    variables = set(re.findall(r"""env\.get\(\s*["'](SPARK_[A-Z0-9_]+)["']""", source))
    assert "SPARK_DATABASE_URL" in variables
    readme = (root / "README.md").read_text()
    missing = sorted(name for name in variables if f"`{name}`" not in readme)
    assert not missing, f"README.md's configuration table lacks {', '.join(missing)}"


@pytest.mark.parametrize(
    "name", ["SPARK_SMTP_PORT", "SPARK_TRUSTED_PROXIES", "SPARK_NOTIFY_LEASE_SECONDS"]
)
def test_a_setting_that_is_not_a_number_is_a_clear_error(tmp_path, name):
    with pytest.raises(ConfigError, match=f"{name} must be a number, not 'lots'"):
        load_config(tmp_path, {"SPARK_SECRET_KEY": "k", name: "lots"})


def test_a_negative_number_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="SPARK_SMTP_PORT must not be negative"):
        load_config(tmp_path, {"SPARK_SECRET_KEY": "k", "SPARK_SMTP_PORT": "-1"})


def test_two_workers_starting_together_share_one_generated_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_config(tmp_path, {})["SECRET_KEY"], range(8)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
