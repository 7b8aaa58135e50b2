"""Latency half of bench/engine.py: the real product (runner: web + worker + scheduler).

- PATCH /api/accounts/<id> -> a new enrollment, and -> Goal Achieved, on a quiet machine
  and again while a walk of ``load_accounts`` accounts through a journey of emails, tasks
  and attribute changes is in flight  [p95 <= 200 ms]
- due-wait firing lag: the wait's wake time -> the step that fires it  [p95 <= 1 s]
- worker peak memory (VmHWM)  [<= 300 MB]
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.served import ServedApp  # noqa: E402  (starts `python -m backend.runner` like make run)


class Api:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def __call__(self, method: str, path: str, body=None):
        request = urllib.request.Request(self.base + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.code} {error.read()[:300]!r}") from None


def _token(database_url: str, instance: Path) -> str:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance)}
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "token", "create", "--role", "admin",
                          "--name", "bench"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def _journey(api: Api, key: str, segment: str, middle: list, goal_rule=None) -> None:
    nodes = [{"id": "start", "type": "entry", "config": {"segments": [segment], "reenroll": {"mode": "never"},
                                                          "enroll_existing": False}}, *middle,
             {"id": "done", "type": "end"}]
    if goal_rule:
        nodes.append({"id": "goal", "type": "goal", "config": {"rule": goal_rule}})
    ids = [n["id"] for n in nodes if n["type"] != "goal"]
    graph = {"format": "journey/v1", "nodes": nodes,
             "edges": [{"source": a, "target": b} for a, b in zip(ids, ids[1:])]}
    created = api("POST", "/api/journeys", {"key": key, "name": key, "graph": graph})
    api("POST", f"/api/journeys/{created['id']}/publish")
    api("POST", f"/api/journeys/{created['id']}/enable")


def _until(check, timeout: float = 10.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if check():
            return time.perf_counter() - started
        time.sleep(0.01)
    return float("inf")


def _pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


LOAD_GRAPH_ACTIONS = [
    {"action": "send_email", "subject": "Hello {{ account.name }}", "body": "Hi {{ contact.name }}",
     "to": {"contacts": "all"}},
    {"action": "create_task", "title": "Call {{ account.name }}", "assignee": "csm", "due_in_days": 2,
     "priority": "low"},
    {"action": "increase_attribute", "attribute": "custom.visits", "by": 1},
    {"action": "set_attribute", "attribute": "custom.tier", "value": "gold"},
]


def _start_load(api: Api, accounts: int) -> int:
    """Import ``accounts`` accounts, then enable a 10-step journey over them (enroll existing)."""
    for key, kind in (("visits", "number"), ("tier", "text")):
        api("POST", "/api/attributes", {"key": key, "label": key, "type": kind})
    api("POST", "/api/segments", {"key": "load", "name": "Load", "rule": {"all": [
        {"property": "account.stage", "op": "eq", "value": "load"}]}})
    for start in range(0, accounts, 10_000):
        api("POST", "/api/accounts/bulk", {"accounts": [
            {"external_id": f"load-{i}", "name": f"Load {i}", "stage": "load",
             "contacts": [{"name": "Ana", "email": f"ana@load{i}.example", "role": "admin"}]}
            for i in range(start, min(accounts, start + 10_000))]})
    time.sleep(2)
    middle = [{"id": f"s{i}", "type": "action", "config": LOAD_GRAPH_ACTIONS[i % 4]} for i in range(9)]
    nodes = [{"id": "start", "type": "entry", "config": {"segments": ["load"], "reenroll": {"mode": "never"},
                                                          "enroll_existing": True}}, *middle,
             {"id": "done", "type": "end"}]
    ids = [n["id"] for n in nodes]
    graph = {"format": "journey/v1", "nodes": nodes,
             "edges": [{"source": a, "target": b} for a, b in zip(ids, ids[1:])]}
    created = api("POST", "/api/journeys", {"key": "load", "name": "Load", "graph": graph})
    api("POST", f"/api/journeys/{created['id']}/publish")
    api("POST", f"/api/journeys/{created['id']}/enable")
    # Enroll-existing commits a batch at a time while the walk of the first batches goes on:
    # sample only once half the accounts are in and the walk is busy, so the figure is a
    # loaded one (the first batch alone can be walked before the second is in).
    started, deadline = time.monotonic(), time.monotonic() + 600
    while time.monotonic() < deadline and _steps(api, created["id"]) < accounts // 2:
        time.sleep(0.2)
    print(f"  (half of the {accounts:,} load accounts enrolled after "
          f"{time.monotonic() - started:.1f} s)", flush=True)
    return created["id"]


def _steps(api: Api, journey_id: int) -> int:
    stats = api("GET", f"/api/journeys/{journey_id}/stats")
    return sum(stats.get("by_status", {}).values())


def _active(api: Api, journey_id: int) -> int:
    stats = api("GET", f"/api/journeys/{journey_id}/stats")
    return stats.get("by_status", {}).get("active", 0)


def _patches(api: Api, numbers, label: str) -> None:
    enroll, goal = [], []
    for i in numbers:
        path = f"/api/accounts/lat-{i}/journeys"
        api("PATCH", f"/api/accounts/lat-{i}", {"custom": {"score": 150}})
        enroll.append(_until(lambda: bool(api("GET", path)["enrollments"])))
        api("PATCH", f"/api/accounts/lat-{i}", {"custom": {"score": 250}})
        goal.append(_until(lambda: api("GET", path)["enrollments"][0].get("goal_achieved_at")))
    print(f"PATCH -> new enrollment ({label}): p50 {statistics.median(enroll) * 1000:.0f} ms, "
          f"p95 {_pct(enroll, 0.95) * 1000:.0f} ms, max {max(enroll) * 1000:.0f} ms  [p95 <= 200 ms]")
    print(f"PATCH -> Goal Achieved ({label}): p50 {statistics.median(goal) * 1000:.0f} ms, "
          f"p95 {_pct(goal, 0.95) * 1000:.0f} ms, max {max(goal) * 1000:.0f} ms  [p95 <= 200 ms]",
          flush=True)


def latency(database_url: str, samples: int = 40, load_accounts: int = 100_000) -> None:
    instance = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    served = ServedApp(instance, database_url)
    try:
        served.wait_healthy()
        api = Api(served.base_url, _token(database_url, instance))
        for key, kind in (("score", "number"), ("wait_me", "boolean")):
            api("POST", "/api/attributes", {"key": key, "label": key, "type": kind})
        api("POST", "/api/segments", {"key": "vip", "name": "VIP", "rule": {"all": [
            {"property": "custom.score", "op": "gte", "value": 100}]}})
        api("POST", "/api/segments", {"key": "waiters", "name": "Waiters", "rule": {"all": [
            {"property": "custom.wait_me", "op": "is_true"}]}})
        _journey(api, "vip-care", "vip", [{"id": "hold", "type": "wait", "config": {"for": {"days": 30}}}],
                 goal_rule={"all": [{"property": "custom.score", "op": "gte", "value": 200}]})
        _journey(api, "one-minute", "waiters", [{"id": "hold", "type": "wait", "config": {"for": {"minutes": 1}}}])
        api("POST", "/api/accounts/bulk", {"accounts": [
            {"external_id": f"lat-{i}", "name": f"Latency {i}", "custom": {"score": 0, "wait_me": False}}
            for i in range(samples)]})
        time.sleep(1)
        _patches(api, range(0, samples // 2), "quiet")
        _wait_lag(api, samples)
        load_id = _start_load(api, load_accounts)
        in_flight = _active(api, load_id)
        _patches(api, range(samples // 2, samples), f"while {load_accounts:,} accounts walk")
        still = _active(api, load_id)
        print(f"  (the load walk had {in_flight:,} active enrollments before and {still:,} after "
              f"these samples: {'still in flight' if still else 'FINISHED EARLY: not a loaded figure'})")
        workers = [pid for pid in served.descendants()
                   if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        print("worker peak memory: " + ", ".join(f"{_peak_mb(pid):.0f} MB" for pid in workers)
              + "  [<= 300 MB]")
    finally:
        served.stop()


def _wait_lag(api: Api, samples: int) -> None:
    """Staggered entries into a one-minute wait; how late each fired (quiet machine)."""
    for i in range(samples):
        api("PATCH", f"/api/accounts/lat-{i}", {"custom": {"wait_me": True}})
        time.sleep(0.2)
    time.sleep(65)
    lags = []
    for i in range(samples):
        for enrollment in api("GET", f"/api/accounts/lat-{i}/journeys")["enrollments"]:
            steps = [s for s in enrollment["steps"] if s["node_id"] == "hold"]
            if enrollment["journey_key"] != "one-minute" or len(steps) < 2:
                continue
            wake = datetime.fromisoformat(steps[0]["detail"]["wake_at"])
            lags.append((datetime.fromisoformat(steps[-1]["at"]) - wake).total_seconds())
    if lags:
        print(f"due-wait firing lag ({len(lags)} waits, quiet): p50 {statistics.median(lags) * 1000:.0f} ms, "
              f"p95 {_pct(lags, 0.95) * 1000:.0f} ms  [p95 <= 1 s]", flush=True)
    else:
        print("due-wait firing lag: no wait fired (see the runner log)")
