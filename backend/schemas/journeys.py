"""Journeys: request bodies and responses (SPEC §5).

Graphs are the user's document: a draft needs only ``nodes`` and ``edges``
lists of objects (anything else in it is kept, and validation reports it);
``POST /journeys/validate`` takes any JSON object and lets graph_engine find
every problem.
"""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

from ..models.journeys import KEY_PATTERN
from .common import MAX_INT, CleanSchema, Name, TextLength


class GraphSchema(CleanSchema):
    """A journey/v1 graph as posted (checked by validation, not here)."""

    class Meta:
        unknown = INCLUDE

    format = fields.Raw(metadata={"example": "journey/v1"})
    nodes = fields.Raw(metadata={"description": "[{id, type, config, label?, ui?}]"})
    edges = fields.Raw(metadata={"description": "[{source, target, branch?, id?}]"})
    ui = fields.Raw()


class DraftGraphSchema(CleanSchema):
    """What a draft must be to be saved: an object with ``nodes`` and ``edges`` lists."""

    class Meta:
        unknown = INCLUDE

    format = fields.Raw(metadata={"example": "journey/v1"})
    nodes = fields.List(fields.Dict(), required=True)
    edges = fields.List(fields.Dict(), required=True)
    ui = fields.Raw()


class ProblemSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    node_id = fields.Raw(allow_none=True)
    edge = fields.Dict(allow_none=True)


class ValidationResultSchema(Schema):
    valid = fields.Boolean(required=True)
    problems = fields.List(fields.Nested(ProblemSchema), required=True)


def _slug(value: str) -> None:
    if not KEY_PATTERN.fullmatch(value):
        raise ValidationError("Must be a slug: lower-case letters, digits, '-' and '_', "
                              "starting with a letter or digit, at most 100 characters.")


_key_doc = {"pattern": KEY_PATTERN.pattern, "example": "onboarding-drip"}
_key = fields.String(required=True, validate=_slug, metadata=_key_doc)
_description = TextLength(max=10_000)


class JourneyCreateSchema(CleanSchema):
    key = _key
    name = Name(required=True)
    description = fields.String(load_default="", validate=_description)
    graph = fields.Nested(DraftGraphSchema)


class JourneyUpdateSchema(CleanSchema):
    graph = fields.Nested(DraftGraphSchema, required=True)
    draft_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_INT))
    name = Name()
    description = fields.String(validate=_description)


class JourneyDuplicateSchema(CleanSchema):
    key = fields.String(validate=_slug, metadata=_key_doc)
    name = Name()


class JourneyDisableSchema(CleanSchema):
    reason = fields.String(validate=TextLength(min=1, max=500))


class JourneyBaseSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    description = fields.String()
    status = fields.String(metadata={"enum": ["draft", "live", "disabled"]})
    enabled = fields.Boolean()
    draft_version = fields.Integer()
    published_version = fields.Integer(allow_none=True)
    updated_at = fields.DateTime()


class JourneyTwinSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()


class JourneyWarningSchema(Schema):
    code = fields.String(metadata={"enum": ["duplicate_name"]})
    message = fields.String()
    journeys = fields.List(fields.Nested(JourneyTwinSchema))


class JourneySchema(JourneyBaseSchema):
    enabled_at = fields.DateTime(allow_none=True)
    disabled_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    graph = fields.Raw(attribute="draft_graph")
    warnings = fields.List(fields.Nested(JourneyWarningSchema), metadata={
        "description": "create, save and duplicate only: what is allowed but worth a second look "
                       "(another journey with the same name); empty when nothing"})


class JourneyListItemSchema(JourneyBaseSchema):
    enabled_at = fields.DateTime(allow_none=True, metadata={
        "description": "when it was last enabled; null: never (a published journey not yet live)"})
    enrolled = fields.Integer()
    active = fields.Integer()
    goal_achieved = fields.Integer()
    failed = fields.Integer(metadata={"description": "enrollments stopped by an action that "
                                                     "failed, waiting for Retry"})


class JourneyListSchema(Schema):
    items = fields.List(fields.Nested(JourneyListItemSchema))


class VersionSchema(Schema):
    version = fields.Integer()
    published_at = fields.DateTime()
    published_by = fields.String(allow_none=True)
    note = fields.String(allow_none=True, metadata={"description": "the publisher's note"})
    graph = fields.Raw()
    live = fields.Boolean(metadata={"description": "the version new enrollments use: the newest, "
                                                  "while the journey is enabled"})
    active = fields.Integer(metadata={"description": "accounts active on this version now"})
    enrolled = fields.Integer(metadata={"description": "accounts ever enrolled on this version"})


class VersionListSchema(Schema):
    items = fields.List(fields.Nested(VersionSchema))


class PreviewSegmentSchema(Schema):
    key = fields.String()
    name = fields.String()
    members = fields.Integer()


class EnablePreviewSchema(Schema):
    version = fields.Integer(metadata={"description": "the published version enabling would run"})
    enroll_existing = fields.Boolean(metadata={"description": "the entry enrolls accounts already "
                                                             "in its segments when enabled"})
    segments = fields.List(fields.Nested(PreviewSegmentSchema))
    events = fields.List(fields.Dict(), metadata={
        "description": "the entry's product events ({name, where?}): accounts enroll as they arrive"})
    members = fields.Integer(metadata={"description": "accounts in any entry segment now"})
    will_enroll = fields.Integer(metadata={"description": "accounts enabling enrolls at once"})
    already_active = fields.Integer(metadata={"description": "accounts active in the journey now"})


def _account_ref(value):
    if isinstance(value, dict) or (isinstance(value, str) and value.strip()):
        return
    raise ValidationError("an account JSON object, or a stored account's external_id")


class SimulateSchema(CleanSchema):
    account = fields.Raw(required=True, validate=_account_ref,
                         metadata={"description": "account JSON (SPEC §5) or an external_id"})
    days = fields.Integer(load_default=30, strict=True, validate=validate.Range(min=0, max=3650))
    changes = fields.List(fields.Dict(), load_default=list,
                          metadata={"description": "[{at_day, set: {...}}]"})
    version = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_INT),
                             metadata={"description": "a published version (default: the draft)"})
    graph = fields.Dict(metadata={"description": "unsaved edits to simulate instead of the saved "
                                                 "draft (must validate; not saved)"})

    @validates_schema
    def _one_graph(self, data, **_kwargs):
        if "graph" in data and "version" in data:
            raise ValidationError("Give either a graph or a version, not both.", "graph")


class SimulatedStepSchema(Schema):
    node_id = fields.String()
    type = fields.String()
    day = fields.Raw()
    at = fields.String(metadata={"description": "the step's simulated moment (ISO 8601 with offset)"})
    outcome = fields.Raw(allow_none=True)
    detail = fields.Raw(allow_none=True)


class SimulationSchema(Schema):
    status = fields.String()
    goal_achieved = fields.Boolean()
    start = fields.String(metadata={"description": "the simulated enrollment moment (ISO 8601)"})
    steps = fields.List(fields.Nested(SimulatedStepSchema))


class EmailStatsSchema(Schema):
    sent = fields.Integer(metadata={"description": "sent (or kept, with no mail server): emailed + kept"})
    emailed = fields.Integer(metadata={"description": "taken by the mail server"})
    kept = fields.Integer(metadata={"description": "kept in the outbox, not emailed: no mail server is set up"})
    queued = fields.Integer(metadata={"description": "waiting to go out (queued or sending)"})
    opened = fields.Integer()
    clicked = fields.Integer()
    unsubscribed = fields.Integer()


class NodeStatsSchema(Schema):
    now = fields.Integer()
    passed = fields.Integer()
    branches = fields.Dict(keys=fields.String(), values=fields.Integer())
    failed = fields.Integer(metadata={"description": "enrollments this step's action stopped, "
                                                     "waiting for Retry (absent when none)"})
    emails = fields.Nested(EmailStatsSchema, metadata={
        "description": "send_email nodes: their emails, each counted once (SPEC §8)"})


class StatsSchema(Schema):
    enrolled = fields.Integer()
    goal_achieved = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    nodes = fields.Dict(keys=fields.String(), values=fields.Nested(NodeStatsSchema))


class NodeAccountsQuerySchema(CleanSchema):
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))


class NodeAccountSchema(Schema):
    enrollment_id = fields.Integer(metadata={"description": "the enrollment (its path: the account page's Show on canvas)"})
    external_id = fields.String()
    name = fields.String(allow_none=True)
    status = fields.String()
    entered_at = fields.DateTime(allow_none=True)
    here = fields.Boolean(metadata={"description": "at the step now (else it passed it)"})
    wake_at = fields.DateTime(allow_none=True, metadata={
        "description": "at the step now: when it moves on at the latest (a wait's end or time limit); "
                       "null when nothing is scheduled (an until_date wait whose date is not set)"})
    current_node = fields.String(allow_none=True, metadata={
        "description": "the step the enrollment is at now (with ``status``: where an account that passed "
                       "the step is now)"})
    outcome = fields.String(allow_none=True, metadata={
        "description": "for an account that passed the step: what it did (its latest visit's outcome, such as "
                       "a decision's yes or no); null for one at the step now"})


class NodeAccountListSchema(Schema):
    items = fields.List(fields.Nested(NodeAccountSchema))
    here_count = fields.Integer(metadata={"description": "accounts at the step now, in all"})
    passed_count = fields.Integer(metadata={"description": "accounts that passed the step, in all"})


class FailedEnrollmentSchema(Schema):
    enrollment_id = fields.Integer()
    external_id = fields.String()
    name = fields.String(allow_none=True)
    node_id = fields.String(allow_none=True, metadata={"description": "the step that failed"})
    error = fields.String(allow_none=True)
    failed_at = fields.DateTime(allow_none=True)


class FailedEnrollmentListSchema(Schema):
    items = fields.List(fields.Nested(FailedEnrollmentSchema))
