"""`make run`'s process: everything starts, health goes green, Ctrl-C stops every child."""
from __future__ import annotations

import os
import signal
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


def _child(served: ServedApp, command: str) -> int:
    """Pid of the runner's child running ``flask --app backend <command>``."""
    for pid in served.descendants():
        try:
            argv = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
        except FileNotFoundError:
            continue
        if b"flask" in b" ".join(argv) and command.encode() in argv and _alive(pid):
            return pid
    raise AssertionError(f"no {command} child:\n{served.output()}")


def _wait_for(predicate, timeout: float, served: ServedApp, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} not seen within {timeout} s:\n{served.output()}")


def test_a_killed_worker_or_scheduler_is_restarted_and_health_names_it_meanwhile(tmp_path_factory):
    """kill -9 of a worker (then of the scheduler) under `make run`: the web stays up, health
    says which child is down, the runner restarts it and health turns green again."""
    instance = tmp_path_factory.mktemp("run-supervise")
    served = ServedApp(instance, make_test_database(tmp_path_factory, "supervise"))
    try:
        served.wait_healthy()
        for command, check, name in (("worker", "worker", "worker-1"), ("scheduler", "scheduler", "scheduler")):
            old = _child(served, command)
            os.kill(old, signal.SIGKILL)

            def degraded():
                status, body = served.health()  # the web answers all along
                return status == 503 and not body["checks"][check]["ok"] \
                    and name in body["checks"][check]["error"] and body
            body = _wait_for(degraded, 10, served, f"health naming {name} as down")
            assert "exited with code -9" in body["checks"][check]["error"]
            assert served.process.poll() is None, "the runner keeps running"
            _wait_for(lambda: served.health()[0] == 200, 60, served, "health green again")
            new = _child(served, command)
            assert new != old
            assert f"{name} exited with code -9" in served.output()
            assert f"{name} restarted" in served.output()
    finally:
        code = served.stop()
    assert code == 0, served.output()


def test_health_recovers_within_seconds_after_redis_loses_everything(tmp_path_factory):
    """FLUSHALL on the runner's Redis: the workers and the scheduler re-create their
    registrations and heartbeats, so /api/health is green again within seconds."""
    import re

    from redis import Redis

    instance = tmp_path_factory.mktemp("run-flush")
    served = ServedApp(instance, make_test_database(tmp_path_factory, "flush"),
                       extra_env={"WORKERS": "2"})
    def both_up():  # health turns green with the first worker: wait for both
        status, body = served.health()
        return status == 200 and body["checks"]["worker"]["count"] == 2 and body

    try:
        served.wait_healthy()
        _wait_for(both_up, 30, served, "both workers registered")
        url = re.search(r"started Redis at (\S+)", served.output()).group(1)
        Redis.from_url(url).flushall()
        flushed = time.monotonic()
        status, body = served.health()
        # the flush was real: registrations gone (a worker may have re-registered already on a
        # fast heartbeat, but not both, and the scheduler's is gone too)
        workers = body["checks"]["worker"]
        assert status == 503 and (not workers["ok"] or workers.get("count", 0) < 2), body
        body = _wait_for(both_up, 15, served, "health green with both workers after FLUSHALL")
        assert body["checks"]["worker"]["count"] == 2
        assert time.monotonic() - flushed < 15
    finally:
        code = served.stop()
    assert code == 0, served.output()
