"""The per-host webhook rate limit (SPEC §9: at most WEBHOOK_RATE requests/s per host, excess
waits) holds across workers sharing Redis, although each takes its tokens in chunks."""
from __future__ import annotations

import itertools

from hypothesis import given, settings, strategies as st
from redis import Redis

from backend.outbound.client import RateLimit

_run = itertools.count()


@settings(max_examples=40, deadline=None)
@given(rate=st.integers(1, 400), workers=st.integers(1, 4),
       order=st.lists(st.integers(0, 3), min_size=1, max_size=600))
def test_workers_together_never_exceed_the_rate_in_a_second(redis_url, rate, workers, order):
    redis = Redis.from_url(redis_url)
    prefix = f"rate-test-{next(_run)}"
    limiters = [RateLimit(rate, redis, prefix) for _ in range(workers)]
    second = 1_000_000
    granted = sum(limiters[i % workers]._take_shared("api.example.com", second) for i in order)
    assert granted <= rate
    if limiters[0].chunk == 1:  # low limits are exact: every request up to the rate goes
        assert granted == min(rate, len(order))
    other = limiters[0]._take_shared("other.example.com", second)
    assert other, "each host has its own window"


def test_the_default_rate_takes_one_token_at_a_time_and_high_rates_chunks(redis_url):
    assert RateLimit(20).chunk == 1 and RateLimit(1000).chunk == 50 and RateLimit(10**6).chunk == 100
    redis = Redis.from_url(redis_url)
    limiter = RateLimit(1000, redis, f"rate-test-{next(_run)}")
    for _ in range(50):
        assert limiter._take_shared("h", 7)
    assert int(redis.get(f"{limiter.prefix}:webhook-rate:h:7")) == 50  # one INCRBY for 50
