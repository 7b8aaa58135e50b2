"""The journey report and the workspace overview (SPEC §11): query arguments and answers."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .common import CleanSchema, IsoDate

_DATES = validate.Range(min=date(2000, 1, 1), max=date(2200, 12, 31),
                        error="Must be a date from 2000-01-01 to 2200-12-31.")


class ReportRangeSchema(CleanSchema):
    start = IsoDate(data_key="from", validate=_DATES,
                    metadata={"description": "first UTC day (inclusive); default: 29 days before `to`"})
    end = IsoDate(data_key="to", validate=_DATES,
                  metadata={"description": "last UTC day (inclusive); default: today"})

    @validates_schema
    def _order(self, data, **_kwargs):
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start > end:
            raise ValidationError("from is after to.", field_name="from")


class ReportQuerySchema(ReportRangeSchema):
    bucket = fields.String(load_default="day", validate=validate.OneOf(("day", "week")),
                           metadata={"description": "series points per day or per week (Monday)"})


class RateSchema(Schema):
    rate = fields.Float(allow_none=True, metadata={"description": "null when nobody is counted"})
    ci95 = fields.List(fields.Float(), allow_none=True, metadata={"description": "Wilson 95% [lo, hi]"})


class SeriesPointSchema(Schema):
    t = fields.String(metadata={"example": "2026-11-01"})
    enrolled = fields.Integer()
    goal_achieved = fields.Integer()
    completed = fields.Integer()
    unenrolled = fields.Integer()
    failed = fields.Integer()


class NodeReportSchema(Schema):
    reached = fields.Integer()
    goal_after = fields.Integer()
    label = fields.String(allow_none=True, metadata={
        "description": "the step's name in the newest published version that has it (a step "
                       "since removed keeps its name here)"})
    type = fields.String(allow_none=True)


class EmailReportSchema(Schema):
    sent = fields.Integer()
    opened = fields.Integer()
    clicked = fields.Integer()
    unsubscribed = fields.Integer()


class TimeToGoalSchema(Schema):
    p50 = fields.Float(allow_none=True)
    p90 = fields.Float(allow_none=True)


class ReportJourneySchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()


class JourneyReportSchema(Schema):
    journey = fields.Nested(ReportJourneySchema)
    start = fields.String(data_key="from", attribute="from")
    end = fields.String(data_key="to", attribute="to")
    bucket = fields.String()
    series = fields.List(fields.Nested(SeriesPointSchema))
    conversion = fields.Nested(RateSchema)
    time_to_goal_hours = fields.Nested(TimeToGoalSchema)
    nodes = fields.Dict(keys=fields.String(), values=fields.Nested(NodeReportSchema))
    splits = fields.Dict(keys=fields.String(), values=fields.Raw(), metadata={
        "description": '{"<split node>": {"<branch>": {"n", "goal", "rate", "ci95"}, "p_value": x|null}}'})
    emails = fields.Dict(keys=fields.String(), values=fields.Nested(EmailReportSchema))


class OverviewItemSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    enabled = fields.Boolean()
    published_version = fields.Integer(allow_none=True)
    enrolled = fields.Integer(metadata={"description": "enrollments made in the range"})
    active = fields.Integer(metadata={"description": "active enrollments now"})
    goal_achieved = fields.Integer()
    completed = fields.Integer()
    unenrolled = fields.Integer(metadata={"description": "enrollments that ended unenrolled in the range"})
    failed = fields.Integer(metadata={
        "description": "enrollments that failed in the range (an action failed after its retries) "
                       "and are still failed (a retried one stops counting)"})
    failed_now = fields.Integer(metadata={
        "description": "failed enrollments now, whenever they failed: what Retry in the journey's "
                       "Live view (or `POST /api/enrollments/<id>/retry`) can restart"})
    has_goal = fields.Boolean(metadata={
        "description": "whether the published version (the draft before the first publish) has a "
                       "goal step"})
    conversion = fields.Nested(RateSchema, allow_none=True, metadata={
        "description": "cohort conversion of the accounts enrolled in the range; null when the "
                       "journey has no goal step (`has_goal` false): there is nothing to convert to"})


class OverviewSchema(Schema):
    start = fields.String(data_key="from", attribute="from")
    end = fields.String(data_key="to", attribute="to")
    journeys = fields.List(fields.Nested(OverviewItemSchema))
