"""Templates, tasks, the outbox, enrollments and the catalog: bodies and responses."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from ..models.enrollments import ENROLLMENT_STATUSES
from ..models.outbox import OUTBOX_STATUSES
from ..models.tasks import TASK_PRIORITIES, TASK_STATUSES
from .common import CleanSchema, IsoDate
from .journeys import MAX_INT

# --- email templates -------------------------------------------------------------------------

_subject = validate.Length(min=1, max=500)
_body = validate.Length(max=100_000)


class TemplateSchema(CleanSchema):
    key = fields.String(required=True, validate=validate.Length(min=1, max=100),
                        metadata={"example": "onboarding-1"})
    subject = fields.String(required=True, validate=_subject)
    body = fields.String(required=True, validate=_body)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class TemplateUpdateSchema(CleanSchema):
    subject = fields.String(validate=_subject)
    body = fields.String(validate=_body)


class TemplateListSchema(Schema):
    items = fields.List(fields.Nested(TemplateSchema))


def _account_ref(value):
    if isinstance(value, dict) or (isinstance(value, str) and value.strip()):
        return
    raise ValidationError("an account JSON object, or a stored account's external_id")


class TemplatePreviewSchema(CleanSchema):
    account = fields.Raw(load_default=dict, validate=_account_ref,
                         metadata={"description": "sample account JSON (SPEC §5) or an external_id"})
    contact = fields.Dict(metadata={"description": "{name, email, role}; default: the first contact"})


class RenderedSchema(Schema):
    subject = fields.String()
    body = fields.String()


# --- tasks -----------------------------------------------------------------------------------

class _Page(CleanSchema):
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_INT))


class TaskQuerySchema(_Page):
    account = fields.String(metadata={"description": "account external_id"})
    assignee = fields.String(metadata={"description": "staff email, or 'me'"})
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))


class TaskPatchSchema(CleanSchema):
    title = fields.String(validate=validate.Length(min=1, max=500))
    description = fields.String(validate=validate.Length(max=10_000))
    assignee = fields.String(allow_none=True, validate=validate.Length(min=1, max=254),
                             metadata={"description": "staff email; null unassigns"})
    due_on = IsoDate(allow_none=True)
    priority = fields.String(validate=validate.OneOf(TASK_PRIORITIES))
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))


class PersonSchema(Schema):
    email = fields.String()
    name = fields.String(allow_none=True)


class AccountRefSchema(Schema):
    external_id = fields.String()
    name = fields.String(allow_none=True)


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


# --- outbox ----------------------------------------------------------------------------------

class OutboxQuerySchema(_Page):
    status = fields.String(validate=validate.OneOf(OUTBOX_STATUSES))
    account = fields.String(metadata={"description": "account external_id"})


class OutboxEmailSchema(Schema):
    id = fields.Integer()
    to = fields.String()
    from_ = fields.String(data_key="from", attribute="from")
    subject = fields.String()
    body = fields.String()
    status = fields.String()
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    account = fields.Nested(AccountRefSchema, allow_none=True)


class OutboxListSchema(Schema):
    items = fields.List(fields.Nested(OutboxEmailSchema))


# --- enrollments -----------------------------------------------------------------------------

class StepSchema(Schema):
    node_id = fields.String()
    type = fields.String()
    at = fields.DateTime()
    outcome = fields.String(allow_none=True)
    detail = fields.Raw(allow_none=True)


class EnrollmentSchema(Schema):
    id = fields.Integer()
    journey_id = fields.Integer()
    journey_key = fields.String()
    journey_name = fields.String()
    version = fields.Integer()
    status = fields.String(metadata={"enum": list(ENROLLMENT_STATUSES)})
    reason = fields.String(allow_none=True)
    current_node = fields.String(allow_none=True)
    wake_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
    enrolled_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)
    goal_achieved_at = fields.DateTime(allow_none=True)
    steps = fields.List(fields.Nested(StepSchema))


class AccountJourneysSchema(Schema):
    enrollments = fields.List(fields.Nested(EnrollmentSchema))


# --- catalog ---------------------------------------------------------------------------------

class _Keyed(Schema):
    key = fields.String()
    name = fields.String()


class CatalogSchema(Schema):
    segments = fields.List(fields.Nested(_Keyed))
    templates = fields.List(fields.Nested(Schema.from_dict({"key": fields.String(), "subject": fields.String()},
                                                           name="CatalogTemplate")))
    playbooks = fields.List(fields.Nested(Schema.from_dict(
        {"key": fields.String(), "name": fields.String(), "due_in_days": fields.Integer()}, name="CatalogPlaybook")))
    users = fields.List(fields.Nested(Schema.from_dict(
        {"email": fields.String(), "name": fields.String(), "role": fields.String()}, name="CatalogUser")))
    milestones = fields.List(fields.Nested(_Keyed))
    outcomes = fields.List(fields.Nested(_Keyed))
    attributes = fields.List(fields.Nested(Schema.from_dict(
        {"key": fields.String(), "label": fields.String(), "type": fields.String()}, name="CatalogAttribute")))
    journeys = fields.List(fields.Nested(_Keyed))
    contact_roles = fields.List(fields.String())
