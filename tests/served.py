"""Start the real product (``python -m backend.runner``, what ``make run`` runs) for a test."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from backend.config import REPO_ROOT
from backend.redis_server import free_port


class ServedApp:
    """The runner in its own process group, on a free port, with its own instance folder.

    ``seed=True`` lets the first start seed the demo workspace (as ``make run`` does).
    """

    def __init__(self, instance: Path, database_url: str, extra_env: dict | None = None,
                 seed: bool = False):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update({"INSTANCE_PATH": str(instance), "DATABASE_URL": database_url,
                    "PORT": str(self.port), **(extra_env or {})})
        self.instance = instance
        self.env = env
        self.log_path = instance / "runner.log"
        instance.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend.runner", *([] if seed else ["--no-seed"])], cwd=REPO_ROOT, env=env,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def health(self) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"{self.base_url}/api/health", timeout=5) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def wait_healthy(self, timeout: float = 90.0) -> dict:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"runner exited with {self.process.returncode}:\n{self.output()}")
            try:
                status, body = self.health()
                last = body
                if status == 200:
                    return body
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.3)
        raise AssertionError(f"not healthy after {timeout} s: {last}\n{self.output()}")

    def flask(self, *args: str) -> str:
        """Run ``flask --app backend <args>`` against this app's database; returns its output."""
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "backend", *args], cwd=REPO_ROOT,
                              env=self.env, capture_output=True, text=True, timeout=60, check=True)
        return done.stdout

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def descendants(self) -> list[int]:
        """Pids of every process the runner started (children and their children)."""
        found, frontier = [], [self.process.pid]
        while frontier:
            pid = frontier.pop()
            for task in Path(f"/proc/{pid}/task").glob("*"):
                children = (task / "children").read_text().split() if (task / "children").exists() else []
                for child in map(int, children):
                    found.append(child)
                    frontier.append(child)
        return found

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        return self.process.returncode
