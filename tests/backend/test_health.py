"""GET /api/health: what a load balancer and the UI header see."""
from __future__ import annotations

from backend import create_app
from backend.heartbeat import beat_scheduler
from backend.worker import make_worker


def test_degraded_names_the_missing_worker_and_scheduler(client):
    response = client.get("/api/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False
    assert "heartbeat" in body["checks"]["worker"]["error"]
    assert body["checks"]["scheduler"]["ok"] is False


def test_healthy_when_a_worker_and_the_scheduler_beat(app, client):
    worker = make_worker(app, name="health-test-worker")
    worker.register_birth()
    worker.heartbeat()
    with app.app_context():
        from backend.extensions import get_redis
        beat_scheduler(get_redis(), app.config["JOURNEYS_QUEUE"])
    try:
        response = client.get("/api/health")
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["status"] == "ok"
        assert body["checks"]["worker"]["count"] == 1
    finally:
        worker.register_death()


def test_redis_down_is_named(database_url, tmp_path):
    app = create_app({"DATABASE_URL": database_url, "REDIS_URL": "redis://127.0.0.1:1/0",
                      "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["redis"]["ok"] is False and checks["redis"]["error"]
    assert checks["database"]["ok"] is True


def test_database_down_is_named(redis_url, tmp_path):
    missing = tmp_path / "no-such-dir" / "x.db"
    app = create_app({"DATABASE_URL": f"sqlite:///{missing}", "REDIS_URL": redis_url,
                      "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is False


def test_unknown_api_path_answers_in_the_error_shape(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_front_end_routes_fall_back_to_the_shell(client, app, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<div id=root></div>")
    (dist / "assets" / "app.js").write_text("console.log(1)")
    original = app.config["FRONTEND_DIST"]
    app.config["FRONTEND_DIST"] = str(dist)
    try:
        assert b"id=root" in client.get("/journeys/42").data
        assert client.get("/assets/app.js").data == b"console.log(1)"
    finally:
        app.config["FRONTEND_DIST"] = original
