"""`make run`'s process: everything starts, health goes green, Ctrl-C stops every child."""
from __future__ import annotations

import os
import time

from tests.conftest import make_test_database
from tests.served import ServedApp


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return "State:\tZ" not in open(f"/proc/{pid}/status").read()
    except FileNotFoundError:
        return False


def test_runner_starts_everything_and_ctrl_c_stops_every_child(tmp_path_factory):
    instance = tmp_path_factory.mktemp("run-instance")
    served = ServedApp(instance, make_test_database(tmp_path_factory, "runner"))
    try:
        body = served.wait_healthy()
        assert set(body["checks"]) == {"database", "redis", "worker", "scheduler"}
        children = served.descendants()
        # web, worker, scheduler and the embedded redis-server
        assert len(children) >= 4, served.output()
        assert (instance / "redis" / "redis.log").exists(), "embedded Redis keeps its data in the instance folder"
    finally:
        code = served.stop()
    assert code == 0, served.output()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], served.output()
