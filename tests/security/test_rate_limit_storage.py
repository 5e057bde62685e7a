"""The in-memory rate-limit storage: it counts and expires like ``limits``' own, but sweeps
inline at most once a second instead of starting a timer thread per counted request."""

import threading
import time

import pytest
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from app.rate_limit_storage import SweptMemoryStorage


@pytest.fixture
def storage():
    storage = SweptMemoryStorage("swept-memory://")
    storage.timer.join()  # the one sweep the parent schedules when it is made
    return storage


def test_it_counts_and_refuses_past_the_limit_like_the_usual_storage(storage):
    limiter = FixedWindowRateLimiter(storage)
    limit = parse("3 per minute")
    assert [limiter.hit(limit, "10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(limit, "10.0.0.2")  # another address has its own count


def test_counting_starts_no_thread(storage, monkeypatch):
    started = []
    monkeypatch.setattr(threading.Timer, "start", lambda self: started.append(self))
    for number in range(200):
        storage.incr(f"key-{number % 7}", expiry=60)
        if number % 40 == 0:
            time.sleep(0.02)  # the usual storage would start a new timer after each pause
    assert started == []
    assert storage.get("key-0") == 29


def test_expired_counters_are_swept_from_memory(storage):
    storage.sweep_every_seconds = 0
    storage.incr("old", expiry=0.01)
    time.sleep(0.02)
    storage.incr("new", expiry=60)  # counting sweeps: the expired counter is gone
    assert "old" not in storage.storage
    assert storage.get("new") == 1


def test_between_sweeps_an_expired_counter_is_hidden_until_the_next(storage):
    storage.sweep_every_seconds = 60  # however slow the machine, no second sweep in this test
    storage.incr("first", expiry=0.01)  # sweeps (nothing to free); the next is a minute away
    time.sleep(0.02)
    storage.incr("second", expiry=60)
    assert "first" in storage.storage  # still held, though a read would see it expired
    assert storage.get("first") == 0
