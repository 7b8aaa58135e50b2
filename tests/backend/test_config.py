"""Settings from the environment, and the one-line errors `make run` gives for bad ones."""
from __future__ import annotations

import subprocess
import sys

import pytest

from backend.config import REPO_ROOT, ConfigError, load_config


def test_defaults_need_no_configuration(tmp_path):
    config = load_config(environ={}, instance_path=tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'journeys.db'}"
    assert config["REDIS_URL"] is None
    assert config["PORT"] == 5000
    assert (tmp_path / "secret_key").exists()
    assert load_config(environ={}, instance_path=tmp_path)["SECRET_KEY"] == config["SECRET_KEY"]


def test_a_command_beside_make_run_finds_its_redis(tmp_path, redis_url):
    """`make run` keeps the Redis it started in <instance>/redis-url, so `flask import accounts`
    in another terminal queues its follow-up jobs for the running workers (without it the
    import's account changes were only logged as failed to reach Redis)."""
    from backend.redis_server import free_port

    (tmp_path / "redis-url").write_text(redis_url + "\n")
    assert load_config(environ={}, instance_path=tmp_path)["REDIS_URL"] == redis_url
    assert load_config(environ={"REDIS_URL": "redis://elsewhere:6379/0"},
                       instance_path=tmp_path)["REDIS_URL"] == "redis://elsewhere:6379/0"
    # The runner never takes it: it starts a Redis of its own (or uses REDIS_URL).
    assert load_config(environ={}, instance_path=tmp_path, running_redis=False)["REDIS_URL"] is None
    # Left by a run that crashed: nothing answers there, so it is not used.
    (tmp_path / "redis-url").write_text(f"redis://127.0.0.1:{free_port()}/0\n")
    assert load_config(environ={}, instance_path=tmp_path)["REDIS_URL"] is None


def test_postgres_urls_use_psycopg(tmp_path):
    config = load_config(environ={"DATABASE_URL": "postgres://u:p@db:5432/j"}, instance_path=tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db:5432/j"


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db"])
def test_unusable_database_url_is_named(url, tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        load_config(environ={"DATABASE_URL": url}, instance_path=tmp_path)


def _run(env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), **env_extra}
    return subprocess.run([sys.executable, "-m", "backend.runner", "--no-seed"], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env, setting", [
    ({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, "DATABASE_URL"),
    ({"DATABASE_URL": "::garbage::"}, "DATABASE_URL"),
    ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "REDIS_URL"),
    ({"REDIS_URL": "http://not-redis"}, "REDIS_URL"),
])
def test_make_run_stops_with_one_line_naming_the_bad_setting(env, setting, tmp_path):
    result = _run(env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"journeys: {setting}")
    assert "Traceback" not in result.stderr
