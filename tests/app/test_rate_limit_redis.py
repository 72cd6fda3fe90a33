"""Rate limits kept in Redis (SPARK_RATELIMIT_STORAGE_URL), against the local Redis.

In memory, each worker process counts on its own, so with four gunicorn workers an attacker
gets four times the attempts; in Redis every worker shares one count. Each test uses Redis
database 15 and a key prefix of its own, and deletes only the keys under that prefix.

Flask-Limiter's ``Limiter`` is one object for the process (``spark.extensions.limiter``):
``init_app`` binds its storage to the app built last, so two apps *in one process* always
share a count, whatever the storage. Sharing between workers is only shown by a second
*process*, which is what ``test_two_workers_share_one_count`` starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from limits.storage import RedisStorage

from spark import create_app
from spark.extensions import limiter
from tests.conftest import base_config
from tests.factories import make_user

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/15"
EMAIL = "target@example.gov.uk"
WRONG = {"email": EMAIL, "password": "wrong-password-1"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        client.ping()
    except redis.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering on {REDIS_URL}: {error}")
        pytest.skip(f"Redis is not answering on {REDIS_URL}")
    yield client
    client.close()


@pytest.fixture
def prefix(redis_db, monkeypatch) -> Iterator[str]:
    """A key prefix for this test only; its keys are deleted afterwards."""
    prefix = f"spark-test-{uuid.uuid4().hex}"
    # The Limiter keeps the first RATELIMIT_KEY_PREFIX it ever sees; let this test's apply,
    # and put the old one back afterwards.
    monkeypatch.setattr(limiter, "_key_prefix", "")
    yield prefix
    for key in redis_db.scan_iter(match=f"*{prefix}*"):
        redis_db.delete(key)


def _keys(redis_db, prefix: str) -> dict[str, str]:
    return {key: redis_db.get(key) for key in redis_db.scan_iter(match=f"*{prefix}*")}


def test_sixth_wrong_password_is_refused_and_counted_in_redis(app, new_app, redis_db, prefix):
    redis_app = new_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    with redis_app.app_context():
        assert isinstance(limiter.storage, RedisStorage)
        make_user(email=EMAIL)
        client = redis_app.test_client()
        statuses = [client.post("/sign-in", data=WRONG).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]

    keys = _keys(redis_db, prefix)
    account = [key for key in keys if f"account:{EMAIL}" in key]
    assert len(account) == 1, keys
    # Every failed attempt counted (the refused sixth counts too: it did not sign in).
    assert int(keys[account[0]]) >= 5
    assert any("127.0.0.1" in key for key in keys), keys  # the per-address limit
    assert 0 < redis_db.ttl(account[0]) <= 15 * 60


def test_storage_url_from_the_environment_selects_redis(migrated_database, monkeypatch):
    monkeypatch.setenv("SPARK_RATELIMIT_STORAGE_URL", REDIS_URL)
    config = {k: v for k, v in base_config().items() if k != "RATELIMIT_STORAGE_URI"}
    app = create_app(config)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    assert isinstance(limiter.storage, RedisStorage)
    assert limiter.storage.check()


_WORKER = textwrap.dedent(
    """
    import sys
    from spark import create_app

    prefix, email, attempts = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_KEY_PREFIX": prefix})
    client = app.test_client()
    data = {"email": email, "password": "wrong-password-1"}
    print(" ".join(str(client.post("/sign-in", data=data).status_code) for _ in range(attempts)))
    """
)


def test_two_workers_share_one_count(new_app, redis_db, prefix, migrated_database, tmp_path):
    """Another process - like another gunicorn worker - sees the same count."""
    env = {
        **os.environ,
        "SPARK_ENV": "test",
        "SPARK_SECRET_KEY": "test-secret-key-not-for-production",
        "SPARK_DATABASE_URL": migrated_database,
        "SPARK_RATELIMIT_STORAGE_URL": REDIS_URL,
        "SPARK_UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    other_worker = subprocess.run(
        [sys.executable, "-c", _WORKER, prefix, EMAIL, "3"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert other_worker.returncode == 0, other_worker.stderr
    assert other_worker.stdout.split() == ["400", "400", "400"]

    this_worker = new_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    with this_worker.app_context():
        client = this_worker.test_client()
        statuses = [client.post("/sign-in", data=WRONG).status_code for _ in range(3)]
    # In memory this worker would allow five more; in Redis it allows the two that are left.
    assert statuses == [400, 400, 429]
