"""Health checks for the database, Redis, the RQ workers and the scheduler.

``check_all()`` returns ``{name: {"ok": bool, "error"?: str, ...}}``.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from ..extensions import db, get_redis
from ..heartbeat import down_children, live_workers, scheduler_alive


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
        return {"ok": True, "backend": db.engine.dialect.name}
    except Exception as exc:  # any driver error means "down"
        db.session.rollback()
        return {"ok": False, "error": _first_line(exc)}


def _redis() -> dict:
    if not current_app.config.get("REDIS_URL"):
        return {"ok": False, "error": "REDIS_URL is not set"}
    try:
        get_redis().ping()
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "error": _first_line(exc)}


def _down(redis_ok: bool) -> dict[str, str]:
    """What the runner is restarting (``{name: why}``); empty when unknown."""
    if not redis_ok:
        return {}
    try:
        return down_children(get_redis(), current_app.config["JOURNEYS_QUEUE"])
    except Exception:
        return {}


def _worker(redis_ok: bool, down: dict[str, str]) -> dict:
    if not redis_ok:
        return {"ok": False, "error": "unknown: Redis is down"}
    workers = live_workers(get_redis(), current_app.config["JOURNEYS_QUEUE"])
    dead = {name: why for name, why in down.items() if name.startswith("worker")}
    if dead:
        return {"ok": False, "count": len(workers), "down": sorted(dead),
                "error": "; ".join(f"{name} {why}" for name, why in sorted(dead.items()))}
    if not workers:
        return {"ok": False, "error": "no worker has sent a heartbeat in the last 60 s"}
    return {"ok": True, "count": len(workers)}


def _scheduler(redis_ok: bool, down: dict[str, str]) -> dict:
    if not redis_ok:
        return {"ok": False, "error": "unknown: Redis is down"}
    if "scheduler" in down:
        return {"ok": False, "error": f"the scheduler {down['scheduler']}"}
    if not scheduler_alive(get_redis(), current_app.config["JOURNEYS_QUEUE"]):
        return {"ok": False, "error": "the scheduler has not sent a heartbeat in the last 15 s"}
    return {"ok": True}


def check_all() -> dict:
    """Run every check; never raises."""
    database = _database()
    redis = _redis()
    down = _down(redis["ok"])
    return {
        "database": database,
        "redis": redis,
        "worker": _worker(redis["ok"], down),
        "scheduler": _scheduler(redis["ok"], down),
    }


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
