"""Rate limits kept in Redis (``RATELIMIT_STORAGE_URI``), so that every gunicorn worker counts
the same requests. Runs against the local Redis under a key prefix of its own, removed after."""

import os
import uuid

import pytest
import redis
from sqlalchemy import select

from app.extensions import db
from app.models import Answer
from tests.conftest import make_app
from tests.respondent_driver import Respondent
from tests.security.limits import slow_down_page, tiny_limits

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PREFIX = f"sv-test-{uuid.uuid4().hex[:12]}"  # one per run: never touches anyone else's keys


@pytest.fixture
def redis_server():
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}: the Redis rate-limit tests need one")
    yield server
    for key in server.scan_iter(f"*{PREFIX}*"):
        server.delete(key)


@pytest.fixture
def redis_app(app):
    """Makes another app on the test's database, as a second worker process would be."""
    made = []

    def make():
        worker = make_app(
            app.config["SQLALCHEMY_DATABASE_URI"],
            RATELIMIT_STORAGE_URI=REDIS_URL,
            RATELIMIT_KEY_PREFIX=PREFIX,
        )
        tiny_limits(worker, answer_device="2 per minute")
        made.append(worker)
        return worker

    yield make
    # Each app has its own connection pool; close it now rather than leave open connections
    # to the garbage collector (which warns about them in some later test).
    for worker in made:
        with worker.app_context():
            db.engine.dispose()


def our_keys(server) -> list[str]:
    return [key.decode() for key in server.scan_iter(f"*{PREFIX}*")]


def test_limits_are_counted_in_redis_and_hold_across_workers(
    app, consultation, redis_server, redis_app
):
    first_worker = redis_app()
    child = Respondent(first_worker.test_client(), consultation.slug)
    child.start()
    assert child.about("12-15").status_code == 302
    assert child.answer("mood", "very_safe").status_code == 302
    slow_down_page(child.answer("colour", "red"))
    keys = our_keys(redis_server)
    assert any("answer-device" in key for key in keys), keys
    assert not any("127.0.0.1" in key for key in keys)  # addresses are only ever hashed
    # A second worker process starts with empty memory, but reads the same count from Redis.
    child.client.application = redis_app()  # same phone and cookies, the other worker
    slow_down_page(child.answer("colour", "red"))
    db.session.expire_all()
    assert {a.question_id for a in db.session.scalars(select(Answer))} == {"mood"}


def test_without_a_storage_setting_limits_are_kept_in_memory(app):
    from app.extensions import limiter

    assert app.config["RATELIMIT_STORAGE_URI"] == "swept-memory://"
    assert type(limiter.storage).__name__ == "SweptMemoryStorage"
