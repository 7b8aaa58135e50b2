"""``make run``: one foreground process that runs the whole product.

``python -m backend.runner`` checks the settings (one clear line and exit 2 when
DATABASE_URL or REDIS_URL is unusable), starts a Redis server of its own when
REDIS_URL is unset, migrates the database, seeds the demo workspace on first
start, then runs the web app, the RQ worker(s) and the scheduler as child
processes. Ctrl-C (or SIGTERM) stops every child.

A child that dies (a ``kill -9`` of a worker, a crash of the scheduler or the
web) is restarted with exponential backoff (1 s, 2 s, 4 s ... at most 30 s; the
delay resets once a child has run for a minute) and each death and restart is
logged. The others keep running. While a child is down, the runner records it
in Redis (``heartbeat.mark_down``) so ``/api/health`` names it. An embedded
Redis that dies is restarted on the same port and data folder.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .config import RUNNING_REDIS_FILE, ConfigError, load_config


def die(message: str) -> None:
    print(f"journeys: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def check_database(url: str) -> None:
    """Exit with one line naming DATABASE_URL when the database cannot be reached."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = create_engine(url, connect_args=_connect_timeout(url))
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        die(f"DATABASE_URL={shown}: cannot connect: {_first_line(exc)}")


def _connect_timeout(url: str) -> dict:
    return {"connect_timeout": 5} if url.startswith("postgresql") else {}


def check_redis(url: str) -> None:
    """Exit with one line naming REDIS_URL when Redis cannot be reached."""
    from redis import Redis

    try:
        Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:
        die(f"REDIS_URL={url}: cannot connect: {_first_line(exc)}")


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the runner itself is killed (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
STABLE_AFTER_S = 60.0      # a child that ran this long restarts after BACKOFF_FIRST_S again
STARTING_S = 5.0           # a restarted child counts as down until it has lived this long


def log(message: str) -> None:
    print(f"journeys: {message}", file=sys.stderr, flush=True)


class Children:
    """The web, worker and scheduler processes, restarted with backoff when one dies."""

    def __init__(self, env: dict, on_down=None, on_up=None):
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, tuple[str, ...]] = {}
        self.started_at: dict[str, float] = {}
        self.delay: dict[str, float] = {}
        self.restart_at: dict[str, float] = {}   # name -> monotonic time of the next start
        self.starting: set[str] = set()          # restarted, not yet STARTING_S old
        self.on_down = on_down or (lambda name, code, delay: None)
        self.on_up = on_up or (lambda name: None)

    def start(self, name: str, *command: str) -> None:
        args = [sys.executable, "-m", "flask", "--app", "backend", *command]
        self.commands[name] = command
        self.procs[name] = subprocess.Popen(args, env=self.env, start_new_session=True,
                                            preexec_fn=_die_with_parent)
        self.started_at[name] = time.monotonic()

    def first_exited(self) -> tuple[str, int] | None:
        for name, proc in self.procs.items():
            code = proc.poll()
            if code is not None and name not in self.restart_at:
                return name, code
        return None

    def supervise(self) -> None:
        """Schedule a restart for each newly dead child; start those whose backoff is over."""
        now = time.monotonic()
        exited = self.first_exited()
        while exited:
            name, code = exited
            ran = now - self.started_at.get(name, now)
            delay = BACKOFF_FIRST_S if ran >= STABLE_AFTER_S else self.delay.get(name, BACKOFF_FIRST_S)
            self.delay[name] = min(BACKOFF_MAX_S, delay * 2)
            self.restart_at[name] = now + delay
            log(f"{name} exited with code {code} after {ran:.1f} s; restarting in {delay:g} s")
            self.on_down(name, code, delay)
            exited = self.first_exited()
        for name, when in list(self.restart_at.items()):
            if now >= when:
                del self.restart_at[name]
                try:
                    self.start(name, *self.commands[name])
                except OSError as exc:
                    self.restart_at[name] = now + self.delay[name]
                    log(f"{name} could not be restarted ({exc}); trying again in {self.delay[name]:g} s")
                    continue
                log(f"{name} restarted (pid {self.procs[name].pid})")
                self.starting.add(name)
        for name in list(self.starting):
            if name in self.restart_at:
                self.starting.discard(name)
            elif now - self.started_at[name] >= STARTING_S:
                self.starting.discard(name)
                self.on_up(name)

    def down(self) -> list[str]:
        """Names of the children waiting for their restart or still starting after one."""
        return sorted(set(self.restart_at) | self.starting)

    def stop(self, timeout: float = 15.0) -> None:
        self.restart_at.clear()
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class DownStatus:
    """What the runner is restarting, written to Redis for ``/api/health`` (never raises)."""

    def __init__(self, redis_url: str, queue_name: str):
        from redis import Redis

        self.redis = Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=2)
        self.queue_name = queue_name
        self.detail: dict[str, str] = {}
        self.written = 0.0

    def down(self, name: str, code: int, delay: float) -> None:
        self.detail[name] = f"exited with code {code}; restarting (backoff {delay:g} s)"
        self.refresh(list(self.detail), force=True)

    def up(self, name: str) -> None:
        self.detail.pop(name, None)
        self.refresh(list(self.detail), force=True)

    def refresh(self, names: list[str], force: bool = False) -> None:
        from .heartbeat import DOWN_TTL, mark_down

        if not force and time.monotonic() - self.written < DOWN_TTL / 3:
            return
        try:
            mark_down(self.redis, self.queue_name, {n: self.detail.get(n, "down") for n in names})
            self.written = time.monotonic()
        except Exception as exc:  # Redis down: health says so itself
            if force:
                log(f"could not record the down children in Redis: {_first_line(exc)}")


def _keep_redis_up(embedded) -> None:
    """Restart the embedded Redis (same port and data) when it has died."""
    if embedded.process is not None and embedded.process.poll() is None:
        return
    log("the embedded Redis exited; restarting it")
    try:
        embedded.process = None
        embedded.start()
        log(f"Redis restarted at {embedded.url}")
    except RuntimeError as exc:
        log(f"Redis could not be restarted: {exc}")


READY_TIMEOUT_S = 120.0


def wait_until_listening(host: str, port: int, *, timeout: float, tick=lambda: None,
                         stopping=lambda: False) -> bool:
    """Return True once ``host:port`` accepts a TCP connection, False on timeout or when
    ``stopping()`` says so; calls ``tick()`` between attempts (the runner supervises its
    children meanwhile). A wildcard host (0.0.0.0, ::) is tried on the loopback address."""
    target = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    deadline = time.monotonic() + timeout
    while not stopping():
        try:
            with socket.create_connection((target, port), timeout=1.0):
                return True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        tick()
        time.sleep(0.1)
    return False


def announce_when_ready(config: dict, tick=lambda: None, stopping=lambda: False,
                        timeout: float = READY_TIMEOUT_S, warn: bool = True) -> bool:
    """Print the "designer at" line once the web port accepts connections (not before: a
    browser opened on it would get "connection refused"); after ``timeout`` say it is still
    starting instead. Returns whether the port answered."""
    url = f"http://{config['HOST']}:{config['PORT']}"
    if wait_until_listening(config["HOST"], int(config["PORT"]), timeout=timeout, tick=tick,
                            stopping=stopping):
        print(f"journeys: designer at {url}  (Ctrl-C stops)", flush=True)
        return True
    if warn and not stopping():
        log(f"the web app is not answering on {url} after {timeout:g} s; still trying (see the log above)")
    return False


def prepare(config: dict, seed: bool) -> None:
    """Migrate the database and, on first start, seed the demo workspace."""
    from flask_migrate import upgrade

    from . import create_app
    from .first_start import first_start

    app = create_app({"REDIS_URL": config["REDIS_URL"]})
    with app.app_context():
        upgrade()
        for line in first_start(seed_demo=seed):
            print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journeys", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, help="web port (default PORT or 5000)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 1)))
    parser.add_argument("--interactive-workers", type=int,
                        default=int(os.environ.get("INTERACTIVE_WORKERS", 1)),
                        help="workers that take only interactive work (default 1)")
    parser.add_argument("--no-seed", action="store_true", help="do not seed the demo workspace")
    args = parser.parse_args(argv)

    try:
        # Its Redis is REDIS_URL or one it starts below, never the one an earlier run named in
        # the instance folder (running_redis_url: that is for `flask` commands beside a run).
        config = load_config({"PORT": args.port} if args.port else None, running_redis=False)
    except ConfigError as exc:
        die(str(exc))
    check_database(config["SQLALCHEMY_DATABASE_URI"])

    from .redis_server import EmbeddedRedis

    embedded = None
    if config["REDIS_URL"]:
        check_redis(config["REDIS_URL"])
    else:
        embedded = EmbeddedRedis(Path(config["INSTANCE_PATH"]) / "redis")
        try:
            config["REDIS_URL"] = embedded.start()
        except RuntimeError as exc:
            die(f"REDIS_URL is unset and the embedded Redis could not start: {exc}")
        print(f"journeys: started Redis at {config['REDIS_URL']} (data in {embedded.data_dir})",
              flush=True)
        redis_file = Path(config["INSTANCE_PATH"]) / RUNNING_REDIS_FILE
        redis_file.write_text(config["REDIS_URL"] + "\n")

    env = dict(os.environ, REDIS_URL=config["REDIS_URL"], PORT=str(config["PORT"]),
               PYTHONUNBUFFERED="1")
    status = DownStatus(config["REDIS_URL"], config["JOURNEYS_QUEUE"])
    children = Children(env, on_down=status.down, on_up=status.up)
    stopping = False

    def on_signal(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    exit_code = 0
    try:
        prepare(config, seed=not args.no_seed)
        children.start("web", "serve")
        for i in range(max(1, args.workers)):
            children.start(f"worker-{i + 1}", "worker")
        for i in range(max(0, args.interactive_workers)):  # people's changes never wait for bulk
            children.start(f"interactive-{i + 1}", "worker", "--interactive-only")
        children.start("scheduler", "scheduler")
        ready = announce_when_ready(config, tick=children.supervise, stopping=lambda: stopping)
        while not stopping:
            if not ready:   # announced late, once the web answers at last
                ready = announce_when_ready(config, timeout=0, warn=False)
            children.supervise()
            if embedded:
                _keep_redis_up(embedded)
            status.refresh(children.down())
            time.sleep(0.2)
    finally:
        print("journeys: stopping", flush=True)
        children.stop()
        if embedded:
            embedded.stop()
            Path(config["INSTANCE_PATH"], RUNNING_REDIS_FILE).unlink(missing_ok=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
