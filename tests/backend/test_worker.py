"""The worker process (backend/worker.py): what `flask worker` sets up before it works."""
from __future__ import annotations

import json
import subprocess
import sys

from backend.config import REPO_ROOT
from backend.worker import GC_THRESHOLDS

_PROBE = """
import gc, json, sys
from backend import create_app
from backend.worker import run_worker
app = create_app({"DATABASE_URL": sys.argv[1], "REDIS_URL": sys.argv[2], "INSTANCE_PATH": sys.argv[3],
                  "JOURNEYS_QUEUE": "worker-gc-probe", "SECRET_KEY": "x"})
before = gc.get_threshold()
run_worker(app, burst=True)
print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count()}))
"""


def test_a_worker_process_collects_garbage_rarely_and_never_rescans_what_it_loaded(
        app, database_url, redis_url, tmp_path):
    """A walk round makes hundreds of thousands of short-lived objects; at CPython's default
    thresholds the cyclic collector cost a fifth of an email walk (bench/engine.py). The
    worker raises the thresholds and freezes what it loaded, in its own process only."""
    done = subprocess.run([sys.executable, "-c", _PROBE, database_url, redis_url, str(tmp_path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert tuple(seen["before"]) == (700, 10, 10)          # CPython's defaults until the worker starts
    assert tuple(seen["after"]) == GC_THRESHOLDS
    assert seen["frozen"] > 10_000                          # the app, Flask, SQLAlchemy, RQ ...
