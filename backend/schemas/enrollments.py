"""An account's journey enrollments with their step logs."""
from __future__ import annotations

from marshmallow import Schema, fields

from ..models.enrollments import ENROLLMENT_STATUSES
from .common import JourneyKeyRefSchema


class StepSchema(Schema):
    node_id = fields.String()
    type = fields.String()
    at = fields.DateTime()
    outcome = fields.String(allow_none=True)
    detail = fields.Raw(allow_none=True)


class PersonActionSchema(Schema):
    action = fields.String(metadata={"enum": ["retry", "unenroll"]})
    at = fields.DateTime()
    by = fields.String(metadata={"description": "the user's email or the API token's name"})


class OpenCallSchema(Schema):
    id = fields.Integer()
    status = fields.String(metadata={"enum": ["queued", "sending", "uncertain", "failed"]})
    attempts = fields.Integer()
    error = fields.String(allow_none=True, metadata={"description": "the last attempt's error"})
    response_status = fields.Integer(allow_none=True)
    next_attempt_at = fields.DateTime(allow_none=True)
    retry_until = fields.DateTime()


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
    people = fields.List(fields.Nested(PersonActionSchema), metadata={
        "description": "account timeline only: what people did to the enrollment (Retry, "
                       "Unenroll), oldest first, from the audit log"})
    webhook = fields.Nested(OpenCallSchema, allow_none=True, metadata={
        "description": "account timeline only: the call an active enrollment parked at a webhook "
                       "step waits for, while it is not answered"})


class AccountJourneysSchema(Schema):
    enrollments = fields.List(fields.Nested(EnrollmentSchema))


class _JourneyRefSchema(JourneyKeyRefSchema):
    enabled = fields.Boolean()


class _SegmentSinceSchema(Schema):
    key = fields.String()
    name = fields.String()
    since = fields.DateTime(allow_none=True)


class _LastEnrollmentSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    enrolled_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)


class EntryCheckSchema(Schema):
    journey = fields.Nested(_JourneyRefSchema)
    segments = fields.List(fields.Nested(_SegmentSinceSchema))
    code = fields.String(metadata={"enum": ["journey_off", "reenroll_never", "reenroll_wait",
                                            "stayed_in_segment", "in_before_enabled", "pending"]})
    message = fields.String()
    eligible_from = fields.DateTime(allow_none=True)
    last_enrollment = fields.Nested(_LastEnrollmentSchema, allow_none=True)


class EntryChecksSchema(Schema):
    items = fields.List(fields.Nested(EntryCheckSchema))
