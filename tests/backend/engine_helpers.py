"""Building a workspace through the API and running the engine's real parts in-process."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

from backend import scheduler
from backend.config import REPO_ROOT
from backend.schemas.accounts import load_rows
from backend.jobs.ticks import TICKS
from backend.clock import FakeClock
from backend.worker import make_worker

START = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


class Workspace:
    """An API client with admin rights, a fake clock, and the engine's worker and scheduler."""

    def __init__(self, app, client, headers):
        self.app, self.client, self.headers = app, client, headers
        self.clock = FakeClock(START)
        app.config["CLOCK"] = self.clock

    def call(self, method: str, path: str, body=None, expect: int | tuple = (200, 201, 204)):
        response = self.client.open(path, method=method, json=body, headers=self.headers)
        expected = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in expected, (method, path, response.status_code, response.get_json())
        return response.get_json()

    def setup_catalog(self):
        for email, name in (("asha@example.com", "Asha"), ("bruno@example.com", "Bruno"),
                            ("chen@example.com", "Chen")):
            self.call("POST", "/api/users", {"email": email, "name": name, "role": "csm"})
        from backend.extensions import db
        from backend.models.achievements import Milestone
        from backend.models.attributes import AttributeDefinition
        from backend.models.segments import Segment

        with self.app.app_context():
            db.session.add_all([
                AttributeDefinition(key="logins_30d", label="Logins", type="number"),
                AttributeDefinition(key="touches", label="Touches", type="number"),
                Milestone(key="first-report", name="First report"),
                Segment(key="new-accounts", name="New accounts",
                        rule={"all": [{"property": "account.stage", "op": "eq", "value": "new"}]}),
            ])
            db.session.commit()
        self.call("POST", "/api/templates", {"key": "welcome", "subject": "Welcome, {{ account.name }}",
                                             "body": "Hi {{ contact.name }}, {{ csm.name }} here."})

    def journey(self, key: str, graph: dict, enable: bool = True) -> int:
        created = self.call("POST", "/api/journeys", {"key": key, "name": key, "graph": graph})
        self.call("POST", f"/api/journeys/{created['id']}/publish")
        if enable:
            self.call("POST", f"/api/journeys/{created['id']}/enable")
        return created["id"]

    def account(self, external_id: str, **fields):
        """Upsert an account through the accounts service (as PUT /api/accounts/<id> does)."""
        body = {"name": external_id.title(), "stage": "new",
                "contacts": [{"name": "Ana", "email": f"ana@{external_id}.example", "role": "admin"}],
                **fields}
        return self._accounts("save_account", external_id, *load_rows([body], external_ids=[external_id]),
                              partial=False)

    def patch(self, external_id: str, **fields):
        return self._accounts("save_account", external_id, *load_rows([fields], external_ids=[external_id]),
                              partial=True)

    def mark(self, external_id: str, kind: str, key: str, met: bool = True):
        return self._accounts("set_mark", external_id, kind, key, met)

    def bulk(self, rows: list[dict]) -> dict:
        return self._accounts("import_accounts", *load_rows(rows))

    def _accounts(self, name: str, *args, **kwargs):
        from backend.services import accounts

        with self.app.app_context():
            return getattr(accounts, name)(*args, **kwargs)

    def work(self):
        """Run every queued job (a real RQ worker, in burst mode)."""
        make_worker(self.app, name=f"test-worker-{id(self)}").work(burst=True)

    def tick(self, **advance):
        """Move the clock, run one scheduler round, then the worker."""
        if advance:
            self.clock.advance(**advance)
        scheduler.run_once(self.app, TICKS, self.clock())
        self.work()

    def timeline(self, external_id: str) -> list[dict]:
        return self.call("GET", f"/api/accounts/{external_id}/journeys")["enrollments"]

    def close(self):
        self.app.config.pop("CLOCK", None)


def worker_process(app, redis_url: str, smtp_url: str | None = None, burst: bool = False) -> subprocess.Popen:
    """A real `flask --app backend worker` process on the test database, Redis and queue."""
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": redis_url,
           "JOURNEYS_QUEUE": app.config["JOURNEYS_QUEUE"], "SMTP_URL": smtp_url or "",
           "INSTANCE_PATH": app.config["INSTANCE_PATH"], "SECRET_KEY": "x"}
    args = [sys.executable, "-m", "flask", "--app", "backend", "worker"] + (["--burst"] if burst else [])
    return subprocess.Popen(args, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
