"""Human intervention tasks: list with filters, and update (complete, reassign, ...).

Task JSON: ``{"id", "title", "description", "assignee": {"email", "name"} | None,
"due_on", "priority", "status", "created_at", "completed_at",
"account": {"external_id", "name"}, "journey": {"id", "name"} | None}`` (``journey``: the
journey whose step created the task; None for tasks made by hand or whose enrollment is gone).
"""
from __future__ import annotations

from sqlalchemy import select

from .. import clock
from ..errors import Invalid, NotFound
from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Enrollment
from ..models.journeys import Journey
from ..models.statuses import TaskStatus
from ..models.tasks import Task
from ..models.users import CANNOT_OWN_TASKS, StaffUser
from . import audit
from .unit_of_work import transaction

SUPPORT_ASSIGNEE = "Support staff cannot be assigned tasks: they cannot complete them"


def _journeys_of(tasks) -> dict[int, dict]:
    """``{enrollment_id: {"id", "name"}}`` for the tasks' enrollments, in one query."""
    ids = {t.enrollment_id for t in tasks if t.enrollment_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(Enrollment.id, Journey.id, Journey.name)
                              .join(Journey, Journey.id == Enrollment.journey_id)
                              .where(Enrollment.id.in_(ids)))
    return {enrollment_id: {"id": journey_id, "name": name} for enrollment_id, journey_id, name in rows}


def task_json(task: Task, journeys: dict[int, dict] | None = None) -> dict:
    """The API shape of a task (``journeys`` from :func:`_journeys_of`; looked up when None)."""
    if journeys is None:
        journeys = _journeys_of([task])
    return {
        "id": task.id, "title": task.title, "description": task.description,
        "assignee": {"email": task.assignee.email, "name": task.assignee.name} if task.assignee else None,
        "due_on": task.due_on, "priority": task.priority, "status": task.status,
        "created_at": task.created_at, "completed_at": task.completed_at,
        "account": {"external_id": task.account.external_id, "name": task.account.name},
        "journey": journeys.get(task.enrollment_id),
    }


def list_tasks(account: str | None = None, assignee: str | None = None, status: str | None = None,
               limit: int = 200, offset: int = 0) -> list[dict]:
    """Tasks matching every filter given (account external_id, assignee email, status),
    open ones first, then by due date; at most ``limit`` from ``offset``."""
    query = select(Task)
    if account is not None:
        query = query.where(Task.account_id.in_(select(Account.id).where(Account.external_id == account)))
    if assignee is not None:
        query = query.where(Task.assignee_id.in_(
            select(StaffUser.id).where(StaffUser.email == assignee.strip().lower())))
    if status is not None:
        query = query.where(Task.status == status)
    query = query.order_by(Task.status.desc(), Task.due_on.is_(None), Task.due_on, Task.id.desc())
    tasks = list(db.session.scalars(query.limit(limit).offset(offset)).unique())
    journeys = _journeys_of(tasks)
    return [task_json(t, journeys) for t in tasks]


def update_task(task_id: int, changes: dict) -> dict:
    """Apply ``changes`` (title, description, assignee email or None, due_on, priority, status).

    Marking ``done`` stamps ``completed_at``; reopening clears it. Raises NotFound, Invalid (an
    unknown assignee, or a support user: read-only, they could never complete the task).
    """
    with transaction():
        task = db.session.get(Task, task_id)
        if task is None:
            raise NotFound(f"No task with id {task_id}.")
        before = _audited(task)
        if "assignee" in changes:
            email = changes["assignee"]
            if email is None:
                task.assignee_id = None
            else:
                user = db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
                if user is None:
                    raise Invalid(f"No staff user {email!r} to assign the task to.",
                                  details={"assignee": ["unknown staff user"]})
                if user.role in CANNOT_OWN_TASKS:  # read-only: they could never complete it
                    raise Invalid(f"{SUPPORT_ASSIGNEE} ({user.email} is support staff).",
                                  details={"assignee": [f"{SUPPORT_ASSIGNEE}."]})
                task.assignee = user
        for field in ("title", "description", "due_on", "priority"):
            if field in changes:
                setattr(task, field, changes[field])
        if "status" in changes and changes["status"] != task.status:
            task.status = changes["status"]
            task.completed_at = clock.now() if task.status == TaskStatus.DONE else None
        audit.record("task.update", "task", task.id, f"Changed task “{task.title}” ({task.account.external_id})",
                     audit.diff(before, _audited(task)))
    return task_json(task)


def _audited(task: Task) -> dict:
    """The fields of a task a person changes, for the audit log."""
    return {"title": task.title, "description": task.description, "due_on": task.due_on,
            "priority": task.priority, "status": task.status,
            "assignee": task.assignee.email if task.assignee else None}
