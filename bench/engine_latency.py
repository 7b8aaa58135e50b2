"""Latency half of bench/engine.py: the real product (runner: web + worker + scheduler).

- PATCH /api/accounts/<id> -> a new enrollment, and -> Goal Achieved  [p95 <= 2 s]
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


def latency(database_url: str, samples: int = 30) -> None:
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
        enroll, goal = [], []
        for i in range(samples):
            path = f"/api/accounts/lat-{i}/journeys"
            api("PATCH", f"/api/accounts/lat-{i}", {"custom": {"score": 150}})
            enroll.append(_until(lambda: bool(api("GET", path)["enrollments"])))
            api("PATCH", f"/api/accounts/lat-{i}", {"custom": {"score": 250}})
            goal.append(_until(lambda: api("GET", path)["enrollments"][0].get("goal_achieved_at")))
        print(f"PATCH -> new enrollment: p50 {statistics.median(enroll) * 1000:.0f} ms, "
              f"p95 {_pct(enroll, 0.95) * 1000:.0f} ms  [p95 <= 2 s]")
        print(f"PATCH -> Goal Achieved:  p50 {statistics.median(goal) * 1000:.0f} ms, "
              f"p95 {_pct(goal, 0.95) * 1000:.0f} ms  [p95 <= 2 s]")
        for i in range(samples):  # staggered entries into a one-minute wait
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
            print(f"due-wait firing lag ({len(lags)} waits): p50 {statistics.median(lags) * 1000:.0f} ms, "
                  f"p95 {_pct(lags, 0.95) * 1000:.0f} ms  [p95 <= 1 s]")
        else:
            print("due-wait firing lag: no wait fired (see the runner log)")
        workers = [pid for pid in served.descendants()
                   if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        print("worker peak memory: " + ", ".join(f"{_peak_mb(pid):.0f} MB" for pid in workers)
              + "  [<= 300 MB]")
    finally:
        served.stop()
