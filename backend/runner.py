"""``make run``: one foreground process that runs the whole product.

``python -m backend.runner`` checks the settings (one clear line and exit 2 when
DATABASE_URL or REDIS_URL is unusable), starts a Redis server of its own when
REDIS_URL is unset, migrates the database, seeds the demo workspace on first
start, then runs the web app, the RQ worker(s) and the scheduler as child
processes. Ctrl-C (or SIGTERM) stops every child; if one child dies, the rest
are stopped and the runner exits non-zero.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .config import ConfigError, load_config


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


class Children:
    """The web, worker and scheduler processes."""

    def __init__(self, env: dict):
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *command: str) -> None:
        args = [sys.executable, "-m", "flask", "--app", "backend", *command]
        self.procs[name] = subprocess.Popen(args, env=self.env, start_new_session=True,
                                            preexec_fn=_die_with_parent)

    def first_exited(self) -> tuple[str, int] | None:
        for name, proc in self.procs.items():
            code = proc.poll()
            if code is not None:
                return name, code
        return None

    def stop(self, timeout: float = 15.0) -> None:
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
    parser.add_argument("--no-seed", action="store_true", help="do not seed the demo workspace")
    args = parser.parse_args(argv)

    try:
        config = load_config({"PORT": args.port} if args.port else None)
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

    env = dict(os.environ, REDIS_URL=config["REDIS_URL"], PORT=str(config["PORT"]),
               PYTHONUNBUFFERED="1")
    children = Children(env)
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
        children.start("scheduler", "scheduler")
        print(f"journeys: designer at http://{config['HOST']}:{config['PORT']}  (Ctrl-C stops)",
              flush=True)
        while not stopping:
            exited = children.first_exited()
            if exited:
                print(f"journeys: {exited[0]} exited with code {exited[1]}; stopping",
                      file=sys.stderr, flush=True)
                exit_code = 1
                break
            time.sleep(0.2)
    finally:
        print("journeys: stopping", flush=True)
        children.stop()
        if embedded:
            embedded.stop()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
