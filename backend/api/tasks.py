"""Human intervention tasks: ``/api/tasks``. CSMs may update them too."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current_principal, roles
from ..schemas.tasks import TaskListSchema, TaskPatchSchema, TaskQuerySchema, TaskSchema
from ..services import tasks as service

bp = Blueprint("tasks", __name__, description="Tasks (HITs) that journeys create for staff")


@bp.get("/tasks")
@bp.arguments(TaskQuerySchema, location="query")
@bp.response(200, TaskListSchema)
def list_tasks(query):
    """Tasks filtered by account, assignee (``me`` = the logged-in user) and status."""
    assignee = query.get("assignee")
    if assignee == "me":
        principal = current_principal()
        assignee = (principal.email if principal else None) or ""
    return {"items": service.list_tasks(query.get("account"), assignee, query.get("status"),
                                        query["limit"], query["offset"])}


@bp.patch("/tasks/<int(max=2147483647):task_id>")
@roles("admin", "csm")
@bp.arguments(TaskPatchSchema)
@bp.response(200, TaskSchema)
def update_task(changes, task_id):
    """Complete, reopen, reassign or edit a task."""
    return service.update_task(task_id, changes)
