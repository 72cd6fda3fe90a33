"""Settings, read only from SPARK_* environment variables, with safe local defaults."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

ENVIRONMENTS = ("development", "test", "production")


class ConfigError(RuntimeError):
    """The service cannot start with these settings."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(env: Mapping[str, str], name: str, default: str, kind: type = int):
    """A whole number (or seconds) from the environment; a clear error if it is not one."""
    raw = env.get(name) or default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def _secret_key(env: Mapping[str, str], environment: str, instance_path: Path) -> str:
    key = env.get("SPARK_SECRET_KEY", "")
    if key:
        return key
    if environment == "production":
        raise ConfigError("SPARK_SECRET_KEY must be set when SPARK_ENV is production")
    # Development: generate one key, once, readable only by its owner.
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # Write a temporary file, then link it into place: when two workers start at once,
        # one link wins and both read the same key.
        temp = instance_path / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    return path.read_text().strip()


def load_config(instance_path: Path, env: Mapping[str, str] | None = None) -> dict:
    """Build Flask config from the environment. Production refuses unsafe defaults."""
    env = os.environ if env is None else env
    environment = env.get("SPARK_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"SPARK_ENV must be one of {', '.join(ENVIRONMENTS)}")
    production = environment == "production"
    database_url = env.get("SPARK_DATABASE_URL") or f"sqlite:///{instance_path / 'spark.db'}"
    domains = env.get("SPARK_ALLOWED_EMAIL_DOMAINS", "gov.uk")
    return {
        "SPARK_ENV": environment,
        "SECRET_KEY": _secret_key(env, environment, instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SPARK_BASE_URL": env.get("SPARK_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "SPARK_ALLOWED_EMAIL_DOMAINS": [d.strip().lower() for d in domains.split(",") if d.strip()],
        # How long an emailed password-reset link works, in seconds.
        "SPARK_PASSWORD_RESET_MAX_AGE": _number(env, "SPARK_PASSWORD_RESET_MAX_AGE", "3600"),
        "SPARK_TRUSTED_PROXIES": _number(env, "SPARK_TRUSTED_PROXIES", "0"),
        "SPARK_UPLOAD_DIR": env.get("SPARK_UPLOAD_DIR") or str(instance_path / "uploads"),
        "SPARK_FEEDBACK_EMAIL": env.get(
            "SPARK_FEEDBACK_EMAIL", "project-spark@digital.cabinet-office.gov.uk"
        ),
        # Notifications: log (default), smtp or notify (GOV.UK Notify).
        "SPARK_NOTIFY_BACKEND": env.get("SPARK_NOTIFY_BACKEND", "log"),
        "SPARK_MAIL_FROM": env.get(
            "SPARK_MAIL_FROM", "Project Spark! <noreply@spark.service.gov.uk>"
        ),
        "SPARK_SMTP_HOST": env.get("SPARK_SMTP_HOST", "localhost"),
        "SPARK_SMTP_PORT": _number(env, "SPARK_SMTP_PORT", "25"),
        "SPARK_SMTP_USERNAME": env.get("SPARK_SMTP_USERNAME", ""),
        "SPARK_SMTP_PASSWORD": env.get("SPARK_SMTP_PASSWORD", ""),
        "SPARK_SMTP_STARTTLS": _flag(env.get("SPARK_SMTP_STARTTLS"), production),
        "SPARK_NOTIFY_API_KEY": env.get("SPARK_NOTIFY_API_KEY", ""),
        "SPARK_NOTIFY_TEMPLATE_ID": env.get("SPARK_NOTIFY_TEMPLATE_ID", ""),
        "SPARK_NOTIFY_BASE_URL": env.get(
            "SPARK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
        ),
        # The delivery worker (`spark deliver`): retries with exponential backoff, then gives up.
        "SPARK_NOTIFY_MAX_ATTEMPTS": _number(env, "SPARK_NOTIFY_MAX_ATTEMPTS", "8"),
        "SPARK_NOTIFY_RETRY_SECONDS": _number(env, "SPARK_NOTIFY_RETRY_SECONDS", "30", float),
        "SPARK_NOTIFY_RETRY_MAX_SECONDS": _number(
            env, "SPARK_NOTIFY_RETRY_MAX_SECONDS", "3600", float
        ),
        "SPARK_NOTIFY_LEASE_SECONDS": _number(env, "SPARK_NOTIFY_LEASE_SECONDS", "600", float),
        "SPARK_NOTIFY_TIMEOUT_SECONDS": _number(env, "SPARK_NOTIFY_TIMEOUT_SECONDS", "10", float),
        # Rate limits: in memory by default, Redis (redis://...) to share them between workers.
        "RATELIMIT_STORAGE_URI": env.get("SPARK_RATELIMIT_STORAGE_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag(env.get("SPARK_SECURE_COOKIES"), production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _flag(env.get("SPARK_SECURE_COOKIES"), production),
        "WTF_CSRF_TIME_LIMIT": 60 * 60 * 4,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
        "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,
    }
