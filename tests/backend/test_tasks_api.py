"""/api/tasks: filters, updates (CSMs may), and refusals that write nothing."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models.tasks import Task
from backend.models.users import StaffUser

from .journey_workspace import add_account


@pytest.fixture()
def tasks(app, client):
    acme, beta = add_account(app, "acme", "Acme"), add_account(app, "beta", "Beta")
    with app.app_context():
        asha = StaffUser(email="asha@example.com", name="Asha", role="csm")
        bruno = StaffUser(email="bruno@example.com", name="Bruno", role="csm")
        db.session.add_all([asha, bruno])
        db.session.flush()
        rows = [Task(title="Call Acme", account_id=acme, assignee_id=asha.id, due_on=date(2026, 1, 5),
                     priority="high", source_key="e:1"),
                Task(title="Review Beta", description="QBR", account_id=beta, assignee_id=bruno.id,
                     due_on=date(2026, 1, 2)),
                Task(title="Old", account_id=acme, assignee_id=asha.id, status="done")]
        db.session.add_all(rows)
        db.session.commit()
        return {t.title: t.id for t in rows}


def titles(client, headers, **query):
    response = client.get("/api/tasks", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [t["title"] for t in response.get_json()["items"]]


def test_list_and_filters(tasks, client, support_headers):
    assert titles(client, support_headers) == ["Review Beta", "Call Acme", "Old"]
    assert titles(client, support_headers, account="acme") == ["Call Acme", "Old"]
    assert titles(client, support_headers, assignee="ASHA@example.com", status="open") == ["Call Acme"]
    assert titles(client, support_headers, status="done") == ["Old"]
    assert titles(client, support_headers, account="nobody") == []
    item = client.get("/api/tasks", query_string={"account": "beta"}, headers=support_headers).get_json()["items"][0]
    assert item == {"id": tasks["Review Beta"], "title": "Review Beta", "description": "QBR",
                    "assignee": {"email": "bruno@example.com", "name": "Bruno"}, "due_on": "2026-01-02",
                    "priority": "medium", "status": "open", "created_at": item["created_at"],
                    "completed_at": None, "account": {"external_id": "beta", "name": "Beta"},
                    "journey": None}


def test_bad_filters_are_422(tasks, client, support_headers):
    assert client.get("/api/tasks?status=maybe", headers=support_headers).status_code == 422
    assert client.get("/api/tasks?limit=0", headers=support_headers).status_code == 422


def test_a_csm_completes_and_reopens_a_task(app, tasks, client, csm_headers):
    url = f"/api/tasks/{tasks['Call Acme']}"
    done = client.patch(url, json={"status": "done"}, headers=csm_headers)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "done" and done.get_json()["completed_at"]
    reopened = client.patch(url, json={"status": "open", "assignee": "bruno@example.com",
                                       "due_on": None, "priority": "low"}, headers=csm_headers).get_json()
    assert reopened["completed_at"] is None and reopened["assignee"]["email"] == "bruno@example.com"
    assert reopened["due_on"] is None and reopened["priority"] == "low"
    unassigned = client.patch(url, json={"assignee": None}, headers=csm_headers).get_json()
    assert unassigned["assignee"] is None


@pytest.mark.parametrize("body", [{"status": "finished"}, {"priority": 3}, {"assignee": "ghost@example.com"},
                                  {"due_on": "tomorrow"}, {"title": ""}, {"title": "   "}, {"surprise": 1}])
def test_bad_updates_write_nothing(app, tasks, client, admin_headers, body):
    response = client.patch(f"/api/tasks/{tasks['Call Acme']}", json=body, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.id == tasks["Call Acme"]))
        assert (task.status, task.priority, task.assignee.email, task.title) == \
            ("open", "high", "asha@example.com", "Call Acme")


def test_support_cannot_update_and_unknown_is_404(tasks, client, support_headers, admin_headers):
    assert client.patch(f"/api/tasks/{tasks['Old']}", json={"status": "open"},
                        headers=support_headers).status_code == 403
    assert client.patch("/api/tasks/99999", json={"status": "done"}, headers=admin_headers).status_code == 404


def test_source_key_is_unique(app, tasks):
    from sqlalchemy.exc import IntegrityError
    with app.app_context():
        account_id = db.session.scalar(select(Task.account_id).where(Task.source_key == "e:1"))
        db.session.add(Task(title="again", account_id=account_id, source_key="e:1"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_a_support_user_cannot_be_given_a_task(app, tasks, client, admin_headers):
    """Support is read-only: a task given to them could never be completed. 422, nothing changes."""
    with app.app_context():
        db.session.add(StaffUser(email="sue@example.com", name="Sue", role="support"))
        db.session.commit()
    url = f"/api/tasks/{tasks['Call Acme']}"
    response = client.patch(url, json={"assignee": "Sue@example.com", "priority": "low"}, headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert error["details"] == {"assignee": ["Support staff cannot be assigned tasks: they cannot complete them."]}
    assert "sue@example.com is support staff" in error["message"]
    with app.app_context():
        task = db.session.get(Task, tasks["Call Acme"])
        assert (task.assignee.email, task.priority) == ("asha@example.com", "high")


def test_a_title_loses_the_spaces_around_it(tasks, client, admin_headers):
    response = client.patch(f"/api/tasks/{tasks['Call Acme']}", json={"title": "  Call Acme again "},
                            headers=admin_headers)
    assert response.status_code == 200 and response.get_json()["title"] == "Call Acme again"
    blank = client.patch(f"/api/tasks/{tasks['Call Acme']}", json={"title": "  "}, headers=admin_headers)
    assert blank.get_json()["error"]["details"] == {"json": {"title": ["Title cannot be blank."]}}
