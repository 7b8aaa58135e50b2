"""Settings from the environment.

``load_config(overrides, instance_path)`` returns a plain dict of Flask config
keys. Every setting has an embedded default so a fresh machine runs with no
configuration at all:

================  ============================================================
DATABASE_URL      SQLAlchemy URL; default ``sqlite:///<instance>/journeys.db``.
                  ``postgres://`` and ``postgresql://`` use psycopg 3.
REDIS_URL         Redis for RQ; when unset ``make run`` starts its own server
                  (see ``backend.redis_server``) and passes its URL down, and
                  keeps it in ``<instance>/redis-url`` while it runs, so a
                  ``flask`` command in another terminal (an import) reaches the
                  running workers too (``running_redis_url``).
SMTP_URL          ``smtp://user:pass@host:port`` (``smtps://`` for TLS); when
                  unset emails stay in the outbox, viewable in the UI.
SMTP_CONNECTIONS  how many SMTP connections a worker process delivers on at once (4),
                  kept open from one delivery job to the next.
SECRET_KEY        signs browser sessions; default: generated once and kept in
                  ``<instance>/secret_key``.
JOURNEYS_QUEUE    RQ queue name (default ``journeys``); lets several
                  deployments share one Redis.
HOST, PORT        where the web process listens (127.0.0.1:5000).
FRONTEND_DIST     the Vite build served at ``/`` (default ``frontend/dist``).
LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_IP, LOGIN_THROTTLE_SECONDS
                  login throttling (``backend.login_throttle``): after 5
                  failed logins for one email, or 20 from one IP address,
                  within 900 s, logins answer 429 with Retry-After.
JOURNEY_MAX_NODES, JOURNEY_MAX_BYTES
                  the largest journey graph accepted (2000 nodes, 2000000
                  bytes of JSON); larger is a 422 ``graph_too_large``.
EVENT_RETENTION_DAYS
                  how long product events are kept (400); on PostgreSQL whole
                  months older than that are dropped (SPEC §7).
WEBHOOK_ALLOWED_HOSTS
                  ``host:port`` pairs (comma or space separated) webhooks may
                  call even though they resolve to loopback or private
                  addresses (SPEC §9); default none.
WEBHOOK_RATE      requests a second per destination host (20); more wait.
WEBHOOK_CONNECTIONS
                  how many webhook calls one delivery sends at once (8).
MAIL_FROM         the address journey emails are sent from when no other sender
                  applies (a step "from the CSM" on an account with no CSM, test
                  sends), unless the workspace settings name one; default
                  ``journeys@localhost``, which real mail servers refuse.
PUBLIC_URL        the http(s) address people reach the app at; links in emails
                  (unsubscribe, tracking) are built from it unless the workspace
                  settings say otherwise (default http://127.0.0.1:5000).
WEBHOOK_CA_BUNDLE a PEM file of CAs webhooks trust besides the system's
                  (an internal CA); default none.
================  ============================================================
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = REPO_ROOT / "instance"
MAX_BODY_BYTES = 8 * 1024 * 1024


class ConfigError(ValueError):
    """A setting is present but unusable; the message names the setting."""


def _positive_int(name: str, value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, not {value!r}")
    return number


def normalise_database_url(url: str) -> str:
    """Return ``url`` with the driver SQLAlchemy should use.

    Raises ConfigError naming DATABASE_URL when the URL cannot be parsed.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"DATABASE_URL is not a database URL ({exc})") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL must be sqlite:// or postgresql://, not {parsed.drivername}://"
        )
    return parsed.render_as_string(hide_password=False)


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


RUNNING_REDIS_FILE = "redis-url"


def running_redis_url(instance: Path) -> str | None:
    """The URL of the Redis a ``make run`` on this instance folder started, while that Redis
    answers (a file left by a run that crashed names a port nothing answers on: ignored)."""
    try:
        url = (instance / RUNNING_REDIS_FILE).read_text().strip()
    except OSError:
        return None
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        with Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5) as client:
            client.ping()
    except (RedisError, ValueError, OSError):
        return None
    return url


def load_config(overrides: dict | None = None, instance_path: str | os.PathLike | None = None,
                environ: os._Environ | dict | None = None, running_redis: bool = True) -> dict:
    """Build the Flask config from ``environ`` (default ``os.environ``) and ``overrides``.
    ``running_redis``: with no REDIS_URL, use a running ``make run``'s own Redis (the runner
    itself says False: it starts one).

    Overrides win over the environment. Raises ConfigError for a setting that is set
    but unusable.
    """
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance = Path(overrides.pop("INSTANCE_PATH", None) or instance_path
                    or env.get("INSTANCE_PATH") or DEFAULT_INSTANCE)
    instance.mkdir(parents=True, exist_ok=True)

    def setting(name: str, default=None):
        return overrides.get(name, env.get(name) or default)

    database_url = setting("DATABASE_URL", f"sqlite:///{instance / 'journeys.db'}")
    config = {
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": setting("REDIS_URL") or (running_redis_url(instance) if running_redis else None),
        "SMTP_URL": setting("SMTP_URL"),
        "SECRET_KEY": setting("SECRET_KEY") or _secret_key(instance),
        "JOURNEYS_QUEUE": setting("JOURNEYS_QUEUE", "journeys"),
        "HOST": setting("HOST", "127.0.0.1"),
        "PORT": int(setting("PORT", 5000)),
        "FRONTEND_DIST": setting("FRONTEND_DIST", str(REPO_ROOT / "frontend" / "dist")),
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "JSON_SORT_KEYS": False,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "WEBHOOK_ALLOWED_HOSTS": setting("WEBHOOK_ALLOWED_HOSTS", ""),
        "WEBHOOK_CA_BUNDLE": setting("WEBHOOK_CA_BUNDLE"),
        "PUBLIC_URL": setting("PUBLIC_URL"),
        "MAIL_FROM": setting("MAIL_FROM"),
    }
    for name, default in (("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5), ("LOGIN_MAX_FAILURES_PER_IP", 20),
                          ("LOGIN_THROTTLE_SECONDS", 900), ("JOURNEY_MAX_NODES", 2000),
                          ("JOURNEY_MAX_BYTES", 2_000_000), ("SMTP_CONNECTIONS", 4),
                          ("EVENT_RETENTION_DAYS", 400), ("WEBHOOK_RATE", 20),
                          ("WEBHOOK_CONNECTIONS", 8)):
        config[name] = _positive_int(name, setting(name, default))
    for key, value in overrides.items():
        if key != "DATABASE_URL":
            config[key] = value
    return config
