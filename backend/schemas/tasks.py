"""Human tasks: the list query, the patch body and the task JSON."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models.tasks import TASK_PRIORITIES, TASK_STATUSES
from .common import AccountRefSchema, CleanSchema, IsoDate, Name, PageSchema, TextLength


class PersonSchema(Schema):
    email = fields.String()
    name = fields.String(allow_none=True)


class TaskQuerySchema(PageSchema):
    account = fields.String(metadata={"description": "account external_id"})
    assignee = fields.String(metadata={"description": "staff email, or 'me'"})
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))


class TaskPatchSchema(CleanSchema):
    title = Name(max_length=500, what="Title")
    description = fields.String(validate=TextLength(max=10_000))
    assignee = fields.String(allow_none=True, validate=TextLength(min=1, max=254),
                             metadata={"description": "staff email; null unassigns"})
    due_on = IsoDate(allow_none=True)
    priority = fields.String(validate=validate.OneOf(TASK_PRIORITIES))
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))


class JourneyRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class TaskSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    description = fields.String()
    assignee = fields.Nested(PersonSchema, allow_none=True)
    due_on = IsoDate(allow_none=True)
    priority = fields.String()
    status = fields.String()
    created_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    account = fields.Nested(AccountRefSchema)
    journey = fields.Nested(JourneyRefSchema, allow_none=True,
                            metadata={"description": "the journey whose step created the task"})


class TaskListSchema(Schema):
    items = fields.List(fields.Nested(TaskSchema))
