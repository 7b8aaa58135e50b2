"""In-flight marks (backend/jobs/lanes.py): an id is queued once until its job releases it or
its mark expires, whatever the batch size."""
from __future__ import annotations

import time

from backend.extensions import get_redis
from backend.jobs import lanes


def test_mark_new_returns_only_ids_not_in_flight(app_ctx, monkeypatch):
    monkeypatch.setattr(lanes, "MARK_CHUNK", 3)  # several script calls, ids across their edges
    ids = [11, 12, 13, 14, 15, 16, 17]
    lanes.release("enrollment", ids)
    assert lanes.mark_new("enrollment", [12, 15]) == [12, 15]
    assert lanes.mark_new("enrollment", ids) == [11, 13, 14, 16, 17]
    assert lanes.mark_new("enrollment", ids) == []
    assert lanes.mark_new("webhook", [12]) == [12]  # kinds are marked apart
    lanes.release("enrollment", [13, 16])
    assert lanes.mark_new("enrollment", ids) == [13, 16]
    lanes.release("enrollment", ids)
    lanes.release("webhook", [12])


def test_marks_expire(app_ctx):
    """A job that died leaves its marks for INFLIGHT_TTL at most: the ids are found again."""
    lanes.release("enrollment", [21, 22])
    assert lanes.mark_new("enrollment", [21, 22]) == [21, 22]
    redis = get_redis()
    ttls = [redis.ttl(lanes._key("enrollment", i)) for i in (21, 22)]
    assert all(0 < ttl <= lanes.INFLIGHT_TTL for ttl in ttls), ttls
    redis.pexpire(lanes._key("enrollment", 21), 1)  # as if its time had passed
    deadline = time.monotonic() + 2
    while redis.exists(lanes._key("enrollment", 21)) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert lanes.mark_new("enrollment", [21, 22]) == [21]
    lanes.release("enrollment", [21, 22])
