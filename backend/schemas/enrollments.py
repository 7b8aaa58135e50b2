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


class _EntryEventSchema(Schema):
    name = fields.String()
    at = fields.DateTime(metadata={"description": "when the event happened"})
    id = fields.String(allow_none=True, metadata={"description": "the sender's event id, when given"})


class EventEntryCheckSchema(Schema):
    journey = fields.Nested(_JourneyRefSchema)
    event = fields.Nested(_EntryEventSchema, metadata={
        "description": "the latest event the journey enters on that did not enroll the account"})
    code = fields.String(metadata={"enum": ["active", "reenroll_never", "reenroll_wait"], "description":
        "the re-enrollment rule's reason: already active in the journey; enrolled before and the "
        "rule is never; or its days since the last enrollment had not passed"})
    message = fields.String(metadata={"description": "the reason in words (days in UTC)"})
    since = fields.DateTime(metadata={
        "description": "when the enrollment that stood in the way (active, or the last) began"})
    eligible_from = fields.DateTime(allow_none=True, metadata={
        "description": "reenroll_wait: from when it could enroll again"})
    reenroll_days = fields.Integer(allow_none=True, metadata={
        "description": "reenroll_wait: the rule's days between enrollments"})
    decided_at = fields.DateTime(metadata={"description": "when the entry job judged the event"})


class EntryChecksSchema(Schema):
    items = fields.List(fields.Nested(EntryCheckSchema), metadata={
        "description": "journeys whose entry segment the account is in but that it is not in, and why"})
    events = fields.List(fields.Nested(EventEntryCheckSchema), metadata={
        "description": "per journey that enters on an event: the latest such event of the account "
                       "that did not enroll it, and why (none once it has enrolled there since), "
                       "newest first"})
